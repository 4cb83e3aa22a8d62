//! Coordination: the entry page, and the queue of declared structures to validate.
//! The full moderation space comes with « Espace coordination ».

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{DecideStructure, audit_log, validation_queue};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, action_error};
use crate::components::require_user::RequireUser;
use crate::i18n as t;

#[component]
pub fn CoordinationPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::NAV_COORDINATION)/>
        <div class="wrap narrow">
            <h1>{t::NAV_COORDINATION}</h1>
            <p>{t::COORDINATION_INTRO}</p>
            <ul>
                <li><a href="/coordination/tableau">{t::DASHBOARD_TITLE}</a></li>
                <li><a href="/coordination/moderation">{t::MODERATION_TITLE}</a></li>
                <li><a href="/coordination/annonces">{t::COORD_POSTS_TITLE}</a></li>
                <li><a href="/coordination/import">{t::IMPORT_TITLE}</a></li>
                <li><a href="/coordination/territoires">{t::TERRITORIES_TITLE}</a></li>
                <li><a href="/admin/reglages">{t::SETTINGS_TITLE}</a> " " <span class="muted">{t::COORDINATION_ADMINS_ONLY}</span></li>
                <li><a href="/coordination/validation">{t::VALIDATION_TITLE}</a></li>
                <li><a href="/admin/journal">{t::AUDIT_TITLE}</a> " " <span class="muted">{t::COORDINATION_ADMINS_ONLY}</span></li>
                <li><a href="/admin/territoires">{t::REVIEW_TITLE}</a> " " <span class="muted">{t::COORDINATION_ADMINS_ONLY}</span></li>
            </ul>
        </div>
    }
}

#[component]
pub fn ValidationPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::VALIDATION_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::VALIDATION_TITLE}</h1>
            <RequireUser back_to="/coordination/validation".into() content=|_| view! { <Queue/> }/>
        </div>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let decide = ServerAction::<DecideStructure>::new();
    let queue = Resource::new(move || decide.version().get(), |_| validation_queue());
    let error = action_error(decide);
    view! {
        <p>{t::VALIDATION_INTRO}</p>
        <FormError error/>
        <Transition fallback=Loading>
            {move || queue.get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p>{t::VALIDATION_NONE}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|s| {
                            let reason_id = format!("motif-{}", s.id);
                            view! {
                                <li class="card">
                                    <h2 class="card-title">{s.name}</h2>
                                    <p class="card-meta">
                                        {s.kind.label()} " · " {s.commune.unwrap_or_default()}
                                        {s.departement.map(|d| format!(" ({d})"))}
                                    </p>
                                    <p class="card-meta">{t::VALIDATION_DECLARED_BY} " "
                                        {s.created_by_name.unwrap_or_else(|| t::DELETED_ACCOUNT.to_string())}
                                        ", " {t::date_fr(t::paris_date(s.created_at))}</p>
                                    {(!s.description.is_empty()).then(|| view! { <p class="pre-line">{s.description}</p> })}
                                    <dl class="facts">
                                        {s.rna.map(|v| view! { <dt>"RNA"</dt><dd>{v}</dd> })}
                                        {s.siret.map(|v| view! { <dt>"SIRET"</dt><dd>{v}</dd> })}
                                        {s.website.map(|v| view! { <dt>{t::FIELD_WEBSITE}</dt><dd>{v}</dd> })}
                                    </dl>
                                    <div class="actions">
                                        <ActionForm action=decide attr:class="inline-form">
                                            <input type="hidden" name="structure_id" value=s.id/>
                                            <input type="hidden" name="decision" value="validate"/>
                                            <button class="button button-small" type="submit">{t::VALIDATION_ACCEPT}</button>
                                        </ActionForm>
                                    </div>
                                    <ActionForm action=decide attr:class="reject-form">
                                        <input type="hidden" name="structure_id" value=s.id/>
                                        <input type="hidden" name="decision" value="reject"/>
                                        <label for=reason_id.clone()>{t::VALIDATION_REASON}</label>
                                        <textarea id=reason_id name="reason" rows="2" maxlength="500"></textarea>
                                        <button class="button button-small button-secondary" type="submit">{t::VALIDATION_REJECT}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let before = move || query.with(|q| q.get("avant").and_then(|v| v.parse::<i64>().ok()));
    let entries = Resource::new(before, audit_log);
    view! {
        <Title text=t::page_title(t::AUDIT_TITLE)/>
        <div class="wrap">
            <h1>{t::AUDIT_TITLE}</h1>
            <p>{t::AUDIT_INTRO}</p>
            <Transition fallback=Loading>
                {move || entries.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p>{t::AUDIT_NONE}</p> }.into_any(),
                    Ok(list) => {
                        let last = list.last().map(|e| e.id);
                        view! {
                            <div class="table-scroll">
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{t::AUDIT_WHEN}</th>
                                        <th scope="col">{t::AUDIT_WHO}</th>
                                        <th scope="col">{t::AUDIT_WHAT}</th>
                                        <th scope="col">{t::AUDIT_TARGET}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|e| view! {
                                            <tr>
                                                <td>{e.created_at.format("%Y-%m-%d %H:%M").to_string()} " UTC"</td>
                                                <td>{e.actor_name.unwrap_or_else(|| t::AUDIT_SYSTEM.to_string())}</td>
                                                <td><code>{e.action}</code>
                                                    {(e.details != "{}").then(|| view! { " " <code class="muted">{e.details}</code> })}</td>
                                                <td>{e.target_kind.map(|k| format!("{k} #{}", e.target_id.unwrap_or_default()))}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {last.map(|id| view! {
                                <p><a class="button button-secondary" href=format!("/admin/journal?avant={id}")>{t::AUDIT_OLDER}</a></p>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}
