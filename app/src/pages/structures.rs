//! « Mes structures »: memberships, invitations, joining, declaring a structure; and the
//! members page of a structure for its responsables.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    AnswerMembership, AnswerNetworkInvitation, DeclareStructure, InviteMember, ManageMember, RequestMembership, UpdateStructure, find_structures,
    my_structures, structure_members, structure_profile_form,
};
use crate::components::commune_search::{CommuneDatalist, commune_hits};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{Field, FormError, Select, TextArea, action_error, field_error};
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{
    ADDRESS_MAX_CHARS, EMAIL_MAX_CHARS, MemberRole, MembershipStatus, MyStructure, NetworkInvitation, PHONE_MAX_CHARS,
    STRUCTURE_DESCRIPTION_MAX_CHARS, STRUCTURE_NAME_MAX_CHARS, StructureKind, ValidationStatus, WEBSITE_MAX_CHARS,
};

#[component]
pub fn MyStructuresPage() -> impl IntoView {
    // Shared so the list refreshes after a declaration or a join request.
    provide_context(ServerAction::<DeclareStructure>::new());
    provide_context(ServerAction::<RequestMembership>::new());
    view! {
        <Title text=t::page_title(t::MY_STRUCTURES_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::MY_STRUCTURES_TITLE}</h1>
            <RequireUser back_to="/compte/structures".into() content=|_| view! {
                <p>{t::MY_STRUCTURES_INTRO}</p>
                <Memberships/>
                <JoinStructure/>
                <DeclareStructureForm/>
            }/>
        </div>
    }
}

#[component]
fn Memberships() -> impl IntoView {
    let answer = ServerAction::<AnswerMembership>::new();
    let declare = expect_context::<ServerAction<DeclareStructure>>();
    let request = expect_context::<ServerAction<RequestMembership>>();
    let list = Resource::new(
        move || (answer.version().get(), declare.version().get(), request.version().get()),
        |_| my_structures(),
    );
    let error = action_error(answer);
    view! {
        <FormError error/>
        <Transition fallback=|| ()>
            {move || list.get().map(|r| match r {
                Ok(items) if items.is_empty() => view! { <p class="muted">{t::MY_STRUCTURES_NONE}</p> }.into_any(),
                Ok(items) => view! {
                    <ul class="plain-list">
                        {items.into_iter().map(|s| view! { <MembershipCard s answer/> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn MembershipCard(s: MyStructure, answer: ServerAction<AnswerMembership>) -> impl IntoView {
    let button = move |action: &'static str, label: &'static str, secondary: bool| {
        view! {
            <ActionForm action=answer attr:class="inline-form">
                <input type="hidden" name="structure_id" value=s.id/>
                <input type="hidden" name="action" value=action/>
                <button class=if secondary { "button button-small button-secondary" } else { "button button-small" }
                    type="submit">{label}</button>
            </ActionForm>
        }
    };
    let status = match s.status {
        MembershipStatus::Active => None,
        other => Some(other.label()),
    };
    let validation = (s.validation != ValidationStatus::Validated).then(|| s.validation.label());
    view! {
        <li class="card">
            <h2 class="card-title">{s.name.clone()}</h2>
            <p class="card-tags">
                <span class="tag tag-category">{s.role.label()}</span>
                {status.map(|l| view! { <span class="tag tag-waiting">{l}</span> })}
                {validation.map(|l| view! { <span class="tag tag-waiting">{l}</span> })}
            </p>
            <div class="actions">
                {match s.status {
                    MembershipStatus::Invited => view! {
                        {button("accept", t::ACCEPT_INVITATION, false)}
                        {button("leave", t::DECLINE_INVITATION, true)}
                    }.into_any(),
                    MembershipStatus::Requested => button("leave", t::CANCEL_REQUEST, true).into_any(),
                    MembershipStatus::Active => view! {
                        <a class="button button-small" href=format!("/compte/structures/{}/fiche", s.id)>{t::PROFILE_EDIT}</a>
                        {(s.role == MemberRole::Admin).then(|| view! {
                            <a class="button button-small" href=format!("/compte/structures/{}", s.id)>{t::MANAGE_MEMBERS}</a>
                        })}
                        {button("leave", t::LEAVE_STRUCTURE, true)}
                    }.into_any(),
                }}
            </div>
        </li>
    }
}

/// Search by name (a GET form: works without JavaScript), then « Demander à rejoindre ».
#[component]
fn JoinStructure() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let request = expect_context::<ServerAction<RequestMembership>>();
    let hits = Resource::new(q, |q| async move {
        if q.trim().is_empty() { Ok(Vec::new()) } else { find_structures(q).await }
    });
    let error = action_error(request);
    view! {
        <section aria-labelledby="rejoindre-titre" class="panel">
            <h2 id="rejoindre-titre">{t::JOIN_TITLE}</h2>
            <p>{t::JOIN_INTRO}</p>
            <form method="get" action="/compte/structures" role="search" class="inline-search">
                <label for="rejoindre-q">{t::JOIN_SEARCH_LABEL}</label>
                <input id="rejoindre-q" name="q" type="search" maxlength="100" value=q/>
                <button class="button button-small" type="submit">{t::JOIN_SEARCH_SUBMIT}</button>
            </form>
            <FormError error/>
            {move || matches!(request.value().get(), Some(Ok(()))).then(|| view! {
                <div class="notice" role="status"><p>{t::JOIN_REQUESTED}</p></div>
            })}
            <Transition fallback=|| ()>
                {move || hits.get().map(|r| match r {
                    Ok(list) if list.is_empty() && !q().trim().is_empty() =>
                        view! { <p class="muted">{t::JOIN_NO_RESULT}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain-list">
                            {list.into_iter().map(|h| view! {
                                <li class="join-hit">
                                    <span><strong>{h.name}</strong> {h.commune.map(|c| format!(" — {c}"))}</span>
                                    <ActionForm action=request attr:class="inline-form">
                                        <input type="hidden" name="structure_id" value=h.id/>
                                        <button class="button button-small" type="submit">{t::JOIN_REQUEST}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeclareStructureForm() -> impl IntoView {
    let action = expect_context::<ServerAction<DeclareStructure>>();
    let error = action_error(action);
    view! {
        <section aria-labelledby="declarer-titre">
            <h2 id="declarer-titre">{t::CREATE_STRUCTURE_TITLE}</h2>
            <p>{t::CREATE_STRUCTURE_INTRO}</p>
            {move || matches!(action.value().get(), Some(Ok(_))).then(|| view! {
                <div class="notice" role="status"><p>{t::CREATE_STRUCTURE_DONE}</p></div>
            })}
            <FormError error/>
            <ActionForm action>
                <StructureFields error current=None/>
                <button class="button" type="submit">{t::CREATE_STRUCTURE_SUBMIT}</button>
            </ActionForm>
        </section>
    }
}

/// The fields of a structure's profile (declaring one, or editing it), with commune
/// suggestions as the user types.
#[component]
fn StructureFields(error: Signal<Option<crate::error::AppError>>, current: Option<crate::model::StructureForm>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let suggestions = commune_hits(move || typed.get());
    let kinds: Vec<_> = StructureKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())).collect();
    let fe = move |f: &'static str| field_error(error, f);
    // Each contact public or kept for insiders (`Contacts::seen_by`); unchecked = public.
    let hidden = current.as_ref().map_or((false, false, false), |c| (c.hide_email, c.hide_phone, c.hide_website));
    let cur = move |f: fn(&crate::model::StructureForm) -> &String| current.as_ref().map(|c| f(c).clone());
    view! {
        <Field name="form[name]" label=t::FIELD_STRUCTURE_NAME maxlength=STRUCTURE_NAME_MAX_CHARS
            autocomplete="organization" value=cur(|c| &c.name) error=fe("name")/>
        <Select name="form[kind]" label=t::FIELD_STRUCTURE_KIND options=kinds value=cur(|c| &c.kind) error=fe("kind")/>
        <TextArea name="form[description]" label=t::FIELD_DESCRIPTION hint=t::FIELD_DESCRIPTION_HINT
            maxlength=STRUCTURE_DESCRIPTION_MAX_CHARS value=cur(|c| &c.description) error=fe("description")/>
        <Field name="form[commune]" label=t::FIELD_COMMUNE hint=t::FIELD_COMMUNE_HINT maxlength=100
            autocomplete="off" list="communes-proposees" value=cur(|c| &c.commune) error=fe("commune")
            on_input=Callback::new(move |v| typed.set(v))/>
        <CommuneDatalist hits=suggestions/>
        <Field name="form[address]" label=t::FIELD_ADDRESS maxlength=ADDRESS_MAX_CHARS
            autocomplete="street-address" value=cur(|c| &c.address) error=fe("address")/>
        <Field name="form[email]" label=t::FIELD_STRUCTURE_EMAIL hint=t::FIELD_STRUCTURE_EMAIL_HINT kind="email"
            maxlength=EMAIL_MAX_CHARS value=cur(|c| &c.email) error=fe("email")/>
        <Field name="form[phone]" label=t::FIELD_PHONE kind="tel" maxlength=PHONE_MAX_CHARS value=cur(|c| &c.phone) error=fe("phone")/>
        <Field name="form[website]" label=t::FIELD_WEBSITE kind="url" maxlength=WEBSITE_MAX_CHARS value=cur(|c| &c.website) error=fe("website")/>
        <fieldset class="contacts-visibility">
            <legend>{t::FIELD_CONTACTS_VISIBILITY}</legend>
            <p class="hint" id="contacts-visibility-hint">{t::FIELD_CONTACTS_VISIBILITY_HINT}</p>
            {[("form[hide_email]", t::FIELD_HIDE_EMAIL, hidden.0), ("form[hide_phone]", t::FIELD_HIDE_PHONE, hidden.1),
              ("form[hide_website]", t::FIELD_HIDE_WEBSITE, hidden.2)]
                .into_iter()
                .map(|(name, label, checked)| view! {
                    <label class="choice">
                        <input type="checkbox" name=name value="true" checked=checked aria-describedby="contacts-visibility-hint"/>
                        " " {label}
                    </label>
                })
                .collect_view()}
        </fieldset>
        <Field name="form[rna]" label=t::FIELD_RNA hint=t::FIELD_RNA_HINT maxlength=10 value=cur(|c| &c.rna) error=fe("rna")/>
        <Field name="form[siret]" label=t::FIELD_SIRET maxlength=17 value=cur(|c| &c.siret) error=fe("siret")/>
    }
}

/// A structure's public profile, edited by its members (`/compte/structures/{id}/fiche`).
#[component]
pub fn EditStructurePage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    view! {
        <Title text=t::page_title(t::EDIT_STRUCTURE_TITLE)/>
        <div class="wrap narrow">
            <p><a href="/compte/structures">{t::MEMBERS_BACK}</a></p>
            <h1>{t::EDIT_STRUCTURE_TITLE}</h1>
            <RequireUser back_to=format!("/compte/structures/{id}/fiche") content=move |_| view! { <EditStructure id/> }/>
        </div>
    }
}

#[component]
fn EditStructure(id: i64) -> impl IntoView {
    let action = ServerAction::<UpdateStructure>::new();
    let error = action_error(action);
    let current = Resource::new(move || id, structure_profile_form);
    view! {
        <Suspense fallback=Loading>
            {move || current.get().map(|r| match r {
                Ok((slug, form)) => view! {
                    <p>{t::EDIT_STRUCTURE_INTRO} " " <a href=format!("/structures/{slug}")>{format!("/structures/{slug}")}</a></p>
                    <FormError error/>
                    <ActionForm action>
                        <input type="hidden" name="structure_id" value=id/>
                        <StructureFields error current=Some(form)/>
                        <button class="button" type="submit">{t::EDIT_STRUCTURE_SUBMIT}</button>
                    </ActionForm>
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The members page of one structure, for its responsables.
#[component]
pub fn StructureMembersPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    view! {
        <Title text=t::page_title(t::MEMBERS_TITLE)/>
        <div class="wrap narrow">
            <p><a href="/compte/structures">{t::MEMBERS_BACK}</a></p>
            <RequireUser back_to=format!("/compte/structures/{}", id()) content=move |_| view! { <Members id=id()/> }/>
        </div>
    }
}

#[component]
fn Members(id: i64) -> impl IntoView {
    let manage = ServerAction::<ManageMember>::new();
    let invite = ServerAction::<InviteMember>::new();
    let answer = ServerAction::<AnswerNetworkInvitation>::new();
    let page = Resource::new(
        move || (manage.version().get(), invite.version().get(), answer.version().get()),
        move |_| structure_members(id),
    );
    let manage_error = action_error(manage);
    let invite_error = action_error(invite);
    let button = move |user_id: i64, action: &'static str, label: &'static str, secondary: bool| view! {
        <ActionForm action=manage attr:class="inline-form">
            <input type="hidden" name="structure_id" value=id/>
            <input type="hidden" name="user_id" value=user_id/>
            <input type="hidden" name="action" value=action/>
            <button class=if secondary { "button button-small button-secondary" } else { "button button-small" }
                type="submit">{label}</button>
        </ActionForm>
    };
    view! {
        <Transition fallback=Loading>
            {move || page.get().map(|r| match r {
                Ok(p) => {
                    let (requests, others): (Vec<_>, Vec<_>) =
                        p.members.into_iter().partition(|m| m.status == MembershipStatus::Requested);
                    let active: Vec<_> = others.into_iter().filter(|m| m.status == MembershipStatus::Active).collect();
                    view! {
                        <h1>{t::MEMBERS_TITLE} " — " {p.name}</h1>
                        <NetworkInvitations list=p.network_invitations answer/>
                        <FormError error=manage_error/>
                        {(!requests.is_empty()).then(|| view! {
                            <h2>{t::MEMBERS_REQUESTS}</h2>
                            <ul class="plain-list">
                                {requests.into_iter().map(|m| view! {
                                    <li class="card">
                                        <p><strong>{m.display_name}</strong> " · " {m.email}</p>
                                        <div class="actions">
                                            {button(m.user_id, "accept", t::MEMBERS_ACCEPT, false)}
                                            {button(m.user_id, "refuse", t::MEMBERS_REFUSE, true)}
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                        <h2>{t::MEMBERS_TITLE}</h2>
                        <ul class="plain-list">
                            {active.into_iter().map(|m| {
                                let admin = m.role == MemberRole::Admin;
                                view! {
                                    <li class="card">
                                        <p><strong>{m.display_name}</strong> " · " {m.email}
                                            " " <span class="tag tag-category">{m.role.label()}</span></p>
                                        <div class="actions">
                                            {if admin {
                                                button(m.user_id, "make_member", t::MEMBERS_MAKE_MEMBER, true)
                                            } else {
                                                button(m.user_id, "make_admin", t::MEMBERS_MAKE_ADMIN, true)
                                            }}
                                            {button(m.user_id, "remove", t::MEMBERS_REMOVE, true)}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {(!p.pending_emails.is_empty()).then(|| view! {
                            <h2>{t::MEMBERS_INVITED}</h2>
                            <ul class="plain-list">
                                {p.pending_emails.into_iter().map(|email| view! {
                                    <li class="card">
                                        <p>{email.clone()}</p>
                                        <ActionForm action=manage attr:class="inline-form">
                                            <input type="hidden" name="structure_id" value=id/>
                                            <input type="hidden" name="email" value=email/>
                                            <input type="hidden" name="action" value="cancel_invitation"/>
                                            <button class="button button-small button-secondary" type="submit">{t::MEMBERS_REMOVE}</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    }.into_any()
                }
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Transition>
        <section aria-labelledby="inviter-titre" class="panel">
            <h2 id="inviter-titre">{t::MEMBERS_INVITE_TITLE}</h2>
            {move || matches!(invite.value().get(), Some(Ok(()))).then(|| view! {
                <div class="notice" role="status"><p>{t::MEMBERS_INVITE_DONE}</p></div>
            })}
            <FormError error=invite_error/>
            <ActionForm action=invite>
                <input type="hidden" name="structure_id" value=id/>
                <Field name="email" label=t::FIELD_EMAIL kind="email" hint=t::MEMBERS_INVITE_HINT
                    maxlength=EMAIL_MAX_CHARS error=field_error(invite_error, "email")/>
                <button class="button" type="submit">{t::MEMBERS_INVITE_SUBMIT}</button>
            </ActionForm>
        </section>
    }
}

/// Territories and networks inviting a structure, with « Accepter » / « Refuser » (plain
/// forms: they work before and without the WASM). Also used by the admins' review page.
#[component]
pub fn NetworkInvitations(
    list: Vec<NetworkInvitation>,
    answer: ServerAction<AnswerNetworkInvitation>,
    /// On the admins' review page: every structure's invitations, under another title.
    #[prop(optional)]
    admin: bool,
) -> impl IntoView {
    let error = action_error(answer);
    (!list.is_empty()).then(|| view! {
        <section aria-labelledby="reseaux-titre" class="panel">
            <h2 id="reseaux-titre">{if admin { t::REVIEW_PENDING } else { t::NETWORK_INVITATIONS_TITLE }}</h2>
            {(!admin).then(|| view! { <p>{t::NETWORK_INVITATIONS_INTRO}</p> })}
            <FormError error/>
            <ul class="plain-list">
                {list.into_iter().map(|i| {
                    let form = move |decision: &'static str, label: &'static str, secondary: bool| view! {
                        <ActionForm action=answer attr:class="inline-form">
                            <input type="hidden" name="structure_id" value=i.structure_id/>
                            <input type="hidden" name="territory_id" value=i.territory_id/>
                            <input type="hidden" name="decision" value=decision/>
                            <button class=if secondary { "button button-small button-secondary" } else { "button button-small" }
                                type="submit">{label}</button>
                        </ActionForm>
                    };
                    view! {
                        <li class="card">
                            <p><strong>{i.territory_name}</strong> " → " {i.structure_name}</p>
                            <p class="card-meta">{t::network_invited_by(i.invited_by.as_deref(), t::paris_date(i.created_at))}</p>
                            <div class="actions">
                                {form("accept", t::NETWORK_INVITATION_ACCEPT, false)}
                                {form("decline", t::NETWORK_INVITATION_DECLINE, true)}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
