//! `/admin/territoires` (instance admins): what coordinators added to their territories
//! before only admins could change communes and before a structure had to accept joining
//! a network — read from the audit log, to review — and the network invitations waiting
//! for an answer, which an admin may decide. Plain forms; server-rendered.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{AnswerNetworkInvitation, TerritoryMember, territory_review};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, action_error};
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{AdditionKind, CoordinatorAddition};
use crate::pages::structures::NetworkInvitations;

#[component]
pub fn TerritoryReviewPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::REVIEW_TITLE)/>
        <div class="wrap">
            <h1>{t::REVIEW_TITLE}</h1>
            <p>{t::REVIEW_INTRO}</p>
            <RequireUser back_to="/admin/territoires".into() content=|_| view! { <Review/> }/>
        </div>
    }
}

#[component]
fn Review() -> impl IntoView {
    let answer = ServerAction::<AnswerNetworkInvitation>::new();
    let member = ServerAction::<TerritoryMember>::new();
    let data = Resource::new(move || (answer.version().get(), member.version().get()), |_| territory_review());
    view! {
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(v) => view! {
                    {if v.pending.is_empty() {
                        view! { <h2>{t::REVIEW_PENDING}</h2> <p class="muted">{t::REVIEW_PENDING_NONE}</p> }.into_any()
                    } else {
                        view! { <NetworkInvitations list=v.pending answer admin=true/> }.into_any()
                    }}
                    <h2>{t::REVIEW_ADDITIONS}</h2>
                    <FormError error=action_error(member)/>
                    {if v.additions.is_empty() {
                        view! { <p>{t::REVIEW_NONE}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t::AUDIT_WHEN}</th>
                                        <th scope="col">{t::AUDIT_WHO}</th>
                                        <th scope="col">{t::REVIEW_TERRITORY}</th>
                                        <th scope="col">{t::REVIEW_ADDED}</th>
                                    </tr></thead>
                                    <tbody>
                                        {v.additions.into_iter().map(|a| view! { <Row a member/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Row(a: CoordinatorAddition, member: ServerAction<TerritoryMember>) -> impl IntoView {
    let territory = a.territory_id;
    let what = match a.what {
        AdditionKind::Commune { value, changed } => t::review_commune(&value, changed).into_any(),
        AdditionKind::Departement { code, changed } => t::review_departement(&code, changed).into_any(),
        AdditionKind::Member { structure_id, name, slug, still_member } => match name.zip(slug) {
            None => view! { <span class="muted">{t::REVIEW_DELETED_STRUCTURE}</span> }.into_any(),
            Some((name, slug)) => view! {
                <a href=format!("/structures/{slug}")>{name.clone()}</a> " · "
                {if still_member {
                    view! {
                        {t::REVIEW_STILL_MEMBER} " "
                        <ActionForm action=member attr:class="inline-form">
                            <input type="hidden" name="id" value=territory/>
                            <input type="hidden" name="action" value="remove"/>
                            <input type="hidden" name="structure" value=structure_id/>
                            <button class="button button-small button-secondary" type="submit"
                                aria-label=format!("{} {name}", t::TERRITORIES_REMOVE)>{t::TERRITORIES_REMOVE}</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <span class="muted">{t::REVIEW_NO_LONGER_MEMBER}</span> }.into_any()
                }}
            }.into_any(),
        },
    };
    view! {
        <tr>
            <td>{a.at.format("%Y-%m-%d %H:%M").to_string()} " UTC"</td>
            <td>{a.coordinator.unwrap_or_else(|| t::DELETED_ACCOUNT.to_string())}</td>
            <td>{match a.territory_name {
                Some(n) => view! { <a href=format!("/coordination/territoires#territoire-{territory}-titre")>{n}</a> }.into_any(),
                None => view! { <span class="muted">{t::REVIEW_DELETED_TERRITORY}</span> }.into_any(),
            }}</td>
            <td>{what}</td>
        </tr>
    }
}
