//! The moderation queue (`/coordination/moderation`): new structures with their possible
//! duplicates, reported posts and profiles with their reasons, hidden posts; each item
//! says why it is there, the oldest waiting one is shown first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{ArchiveStructure, BanUser, DecideStructure, DismissReports, MergeStructure, ModeratePost, get_moderation_queue};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, action_error};
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{ModerationQueue, PendingItem, QueueReason, ReportedItem, MODERATION_REASON_MAX};
use crate::pages::dashboard::ScopePicker;

#[component]
pub fn ModerationPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::MODERATION_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::MODERATION_TITLE}</h1>
            <RequireUser back_to="/coordination/moderation".into() content=|_| view! { <ModerationBody/> }/>
        </div>
    }
}

/// Every action of the page; the queue reloads after any of them.
#[derive(Clone, Copy)]
struct Actions {
    decide: ServerAction<DecideStructure>,
    merge: ServerAction<MergeStructure>,
    moderate: ServerAction<ModeratePost>,
    dismiss: ServerAction<DismissReports>,
    archive: ServerAction<ArchiveStructure>,
    ban: ServerAction<BanUser>,
}

#[component]
fn ModerationBody() -> impl IntoView {
    let query = use_query_map();
    let reseau = move || query.with(|q| q.get("reseau").filter(|s| !s.is_empty()));
    let a = Actions {
        decide: ServerAction::new(),
        merge: ServerAction::new(),
        moderate: ServerAction::new(),
        dismiss: ServerAction::new(),
        archive: ServerAction::new(),
        ban: ServerAction::new(),
    };
    let versions = move || {
        a.decide.version().get()
            + a.merge.version().get()
            + a.moderate.version().get()
            + a.dismiss.version().get()
            + a.archive.version().get()
            + a.ban.version().get()
    };
    let data = Resource::new(move || (reseau(), versions()), |(r, _)| get_moderation_queue(r));
    view! {
        <p>{t::MODERATION_INTRO}</p>
        <FormError error=action_error(a.decide)/>
        <FormError error=action_error(a.merge)/>
        <FormError error=action_error(a.moderate)/>
        <FormError error=action_error(a.dismiss)/>
        <FormError error=action_error(a.archive)/>
        <FormError error=action_error(a.ban)/>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(q) => view! { <QueueView q a/> }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn QueueView(q: ModerationQueue, a: Actions) -> impl IntoView {
    let ModerationQueue { scope, pending, reported, hidden, stale, oldest, can_ban } = q;
    let total = (pending.len() + reported.len()) as i64;
    view! {
        <ScopePicker scope=scope path="/coordination/moderation"/>
        <p class="notice" role="status">
            {t::queue_count(total)}
            {match oldest { Some(o) => format!(" — {}", t::waiting_since(o)), None => String::new() }}
        </p>
        {(total == 0).then(|| view! { <p>{t::MODERATION_EMPTY}</p> })}
        {(!pending.is_empty()).then(|| view! {
            <section aria-labelledby="nouvelles">
                <h2 id="nouvelles">{t::MODERATION_PENDING}</h2>
                <ul class="plain-list">
                    {pending.into_iter().map(|p| view! { <PendingCard p a/> }).collect_view()}
                </ul>
            </section>
        })}
        {(!reported.is_empty()).then(|| view! {
            <section aria-labelledby="signalements">
                <h2 id="signalements">{t::MODERATION_REPORTED}</h2>
                <ul class="plain-list">
                    {reported.into_iter().map(|r| view! { <ReportedCard r a can_ban/> }).collect_view()}
                </ul>
            </section>
        })}
        {(!stale.is_empty()).then(|| view! {
            <section aria-labelledby="a-verifier">
                <h2 id="a-verifier">{t::MODERATION_STALE}</h2>
                <ul class="plain-list">
                    {stale.into_iter().map(|(id, slug, name, asked)| {
                        let field = format!("retirer-{id}");
                        view! {
                            <li class="card">
                                <h3 class="card-title"><a href=format!("/structures/{slug}")>{name}</a></h3>
                                <Why why=vec![QueueReason::Stale]/>
                                <p class="card-meta">{t::waiting_since(asked)}</p>
                                <ActionForm action=a.archive attr:class="reject-form">
                                    <input type="hidden" name="structure_id" value=id/>
                                    <label for=field.clone()>{t::MODERATION_REASON_LABEL}</label>
                                    <input id=field type="text" name="reason" required minlength="5" maxlength=MODERATION_REASON_MAX/>
                                    <button class="button button-small button-secondary" type="submit">{t::MODERATION_ARCHIVE}</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="masquees">
            <h2 id="masquees">{t::MODERATION_HIDDEN}</h2>
            {if hidden.is_empty() {
                view! { <p class="muted">{t::MODERATION_HIDDEN_NONE}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {hidden.into_iter().map(|h| {
                            let field = format!("retablir-{}", h.id);
                            view! {
                                <li class="card">
                                    <h3 class="card-title"><a href=format!("/partage/{}", h.id)>{h.title}</a></h3>
                                    {h.hidden_reason.map(|r| view! { <p class="card-meta">{t::MODERATION_REASON_SHOWN} " " <q>{r}</q></p> })}
                                    <ActionForm action=a.moderate attr:class="reject-form">
                                        <input type="hidden" name="post_id" value=h.id/>
                                        <input type="hidden" name="action" value="restore"/>
                                        <label for=field.clone()>{t::MODERATION_REASON_LABEL}</label>
                                        <input id=field type="text" name="reason" required minlength="5" maxlength=MODERATION_REASON_MAX/>
                                        <button class="button button-small button-secondary" type="submit">{t::MODERATION_RESTORE}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Why(why: Vec<QueueReason>) -> impl IntoView {
    view! {
        <p class="card-meta">{t::MODERATION_WHY} " "
            {why.into_iter().map(|w| view! { <span class="tag">{t::queue_reason(w)}</span> " " }).collect_view()}
        </p>
    }
}

#[component]
fn PendingCard(p: PendingItem, a: Actions) -> impl IntoView {
    let s = p.structure;
    let reason_id = format!("refus-{}", s.id);
    let from = s.id;
    view! {
        <li class="card">
            <h3 class="card-title">{s.name}</h3>
            <Why why=p.why/>
            <p class="card-meta">{s.kind.label()} " · " {s.commune.unwrap_or_default()} {s.departement.map(|d| format!(" ({d})"))}
                " · " {t::VALIDATION_DECLARED_BY} " " {s.created_by_name.unwrap_or_else(|| t::DELETED_ACCOUNT.to_string())}
                ", " {t::date_fr(t::paris_date(s.created_at))}</p>
            {(!s.description.is_empty()).then(|| view! { <p class="pre-line">{s.description}</p> })}
            <dl class="facts">
                {s.rna.map(|v| view! { <dt>"RNA"</dt><dd>{v}</dd> })}
                {s.siret.map(|v| view! { <dt>"SIRET"</dt><dd>{v}</dd> })}
                {s.website.map(|v| view! { <dt>{t::FIELD_WEBSITE}</dt><dd>{v}</dd> })}
            </dl>
            {(!p.duplicates.is_empty()).then(|| view! {
                <div class="duplicates">
                    <h4>{t::MODERATION_DUPLICATES}</h4>
                    <ul>
                        {p.duplicates.into_iter().map(|d| {
                            let validated = d.validation_status == "validated";
                            view! {
                                <li>
                                    <a href=format!("/structures/{}", d.slug)>{d.name}</a>
                                    {d.commune.map(|c| format!(" · {c}"))} " — " <em>{d.why}</em>
                                    {validated.then(|| view! {
                                        <ActionForm action=a.merge attr:class="inline-form">
                                            <input type="hidden" name="from_id" value=from/>
                                            <input type="hidden" name="into_id" value=d.id/>
                                            <button class="button button-small button-secondary" type="submit">{t::MODERATION_MERGE}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <div class="actions">
                <ActionForm action=a.decide attr:class="inline-form">
                    <input type="hidden" name="structure_id" value=s.id/>
                    <input type="hidden" name="decision" value="validate"/>
                    <button class="button button-small" type="submit">{t::VALIDATION_ACCEPT}</button>
                </ActionForm>
            </div>
            <ActionForm action=a.decide attr:class="reject-form">
                <input type="hidden" name="structure_id" value=s.id/>
                <input type="hidden" name="decision" value="reject"/>
                <label for=reason_id.clone()>{t::VALIDATION_REASON}</label>
                <textarea id=reason_id name="reason" rows="2" maxlength="500"></textarea>
                <button class="button button-small button-secondary" type="submit">{t::VALIDATION_REJECT}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn ReportedCard(r: ReportedItem, a: Actions, can_ban: bool) -> impl IntoView {
    let is_post = r.target_kind == "post";
    let hide_id = format!("masquer-{}-{}", r.target_kind, r.target_id);
    let ban_id = format!("suspendre-{}-{}", r.target_kind, r.target_id);
    let target_id = r.target_id;
    view! {
        <li class="card">
            <h3 class="card-title"><a href=r.url>{r.title}</a>{r.hidden.then(|| view! { " " <span class="tag">{t::COORD_HIDDEN}</span> })}</h3>
            <Why why=r.why/>
            {r.author_name.clone().map(|n| view! { <p class="card-meta">{t::MODERATION_BY} " " {n}</p> })}
            <h4>{t::MODERATION_REASONS}</h4>
            <ul>
                {r.reasons.into_iter().map(|x| view! {
                    <li><span class="pre-line">{x.reason}</span> " " <span class="muted">"(" {t::date_fr(t::paris_date(x.created_at))} ")"</span></li>
                }).collect_view()}
            </ul>
            {if is_post {
                view! {
                    <ActionForm action=a.moderate attr:class="reject-form">
                        <input type="hidden" name="post_id" value=target_id/>
                        <input type="hidden" name="action" value="hide"/>
                        <label for=hide_id.clone()>{t::MODERATION_REASON_LABEL}</label>
                        <textarea id=hide_id name="reason" rows="2" required minlength="5" maxlength=MODERATION_REASON_MAX></textarea>
                        <button class="button button-small" type="submit">{t::MODERATION_HIDE}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=a.archive attr:class="reject-form">
                        <input type="hidden" name="structure_id" value=target_id/>
                        <label for=hide_id.clone()>{t::MODERATION_REASON_LABEL}</label>
                        <textarea id=hide_id name="reason" rows="2" required minlength="5" maxlength=MODERATION_REASON_MAX></textarea>
                        <button class="button button-small" type="submit">{t::MODERATION_ARCHIVE}</button>
                    </ActionForm>
                }.into_any()
            }}
            <ActionForm action=a.dismiss attr:class="inline-form">
                <input type="hidden" name="target_kind" value=r.target_kind.clone()/>
                <input type="hidden" name="target_id" value=target_id/>
                <button class="button button-small button-secondary" type="submit">{t::MODERATION_DISMISS}</button>
            </ActionForm>
            {(can_ban && r.author_id.is_some()).then(|| view! {
                <ActionForm action=a.ban attr:class="reject-form">
                    <input type="hidden" name="user_id" value=r.author_id.unwrap_or_default()/>
                    <label for=ban_id.clone()>{t::MODERATION_BAN_REASON}</label>
                    <input id=ban_id type="text" name="reason" required minlength="5" maxlength=MODERATION_REASON_MAX/>
                    <button class="button button-small button-danger" type="submit">{t::MODERATION_BAN}</button>
                </ActionForm>
            })}
        </li>
    }
}
