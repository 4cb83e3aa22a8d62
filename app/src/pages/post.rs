//! A need's or an offer's page (`/partage/{id}`), server-rendered: the post, then what
//! the viewer may do — respond, follow their thread, sign up to a mission, report — or, for
//! its managers, the responses to accept or decline and the post's state. Every form is
//! an `ActionForm`: it works before the WASM has loaded and without JavaScript.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::api::{DecideResponse, Report, RespondToPost, SendMessage, SetPostStatus, Volunteer, post_page};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, TextArea, action_error, field_error};
use crate::components::post_card::PostCardView;
use crate::i18n as t;
use crate::model::{Contact, PostDetail, PostKind, PostPageData, PostStatus, ResponseStatus, ResponseView, Urgency, VOLUNTEERING};
use crate::pages::not_found::NotFound;

/// The page's actions, shared by its sections (one per server function).
#[derive(Clone, Copy)]
struct Actions {
    status: ServerAction<SetPostStatus>,
    respond: ServerAction<RespondToPost>,
    decide: ServerAction<DecideResponse>,
    message: ServerAction<SendMessage>,
    volunteer: ServerAction<Volunteer>,
    report: ServerAction<Report>,
}

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let actions = Actions {
        status: ServerAction::new(),
        respond: ServerAction::new(),
        decide: ServerAction::new(),
        message: ServerAction::new(),
        volunteer: ServerAction::new(),
        report: ServerAction::new(),
    };
    // Any successful write re-reads the page.
    let versions = move || {
        (
            actions.status.version().get(),
            actions.respond.version().get(),
            actions.decide.version().get(),
            actions.message.version().get(),
            actions.volunteer.version().get(),
        )
    };
    let page = Resource::new(move || (id(), versions()), |(id, _)| post_page(id));
    view! {
        <Suspense fallback=|| view! { <div class="wrap"><Loading/></div> }>
            {move || page.get().map(|r| match r {
                Ok(Some(data)) => view! { <Page data actions/> }.into_any(),
                Ok(None) => view! { <NotFound/> }.into_any(),
                Err(e) => view! { <div class="wrap"><ErrorNote message=e.message/></div> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Page(data: PostPageData, actions: Actions) -> impl IntoView {
    let PostPageData { post, viewer, matches, match_total } = data;
    let id = post.id;
    let open = post.status.is_open();
    let is_mission = post.category_slug == VOLUNTEERING && post.volunteers_needed.is_some();
    let offers_match = post.kind == PostKind::Need;
    let signed_in = viewer.signed_in;
    let can_manage = viewer.can_manage;
    let mine = viewer.responses.iter().find(|r| r.mine).cloned();
    let can_respond = signed_in && !can_manage && mine.is_none() && open;
    let kind = post.kind;
    let full = post.volunteers_needed.is_some_and(|n| post.volunteers_signed >= n);
    view! {
        <Detail p=post.clone()/>
        <div class="wrap narrow post-actions">
            {(post.status == PostStatus::Draft).then(|| view! { <div class="notice" role="status"><p>{t::DRAFT_NOTICE}</p></div> })}
            {can_manage.then(|| view! { <Manage id status=post.status action=actions.status/> })}

            {is_mission.then(|| view! {
                <section aria-labelledby="mission-titre" class="panel">
                    <h2 id="mission-titre">{t::VOLUNTEER_TITLE}</h2>
                    <FormError error=action_error(actions.volunteer)/>
                    {match (signed_in, can_manage, viewer.signed_up) {
                        (false, _, _) => view! {
                            <p><a class="button" href=format!("/connexion?suivant=/partage/{id}")>{t::VOLUNTEER_LOGIN}</a></p>
                        }.into_any(),
                        (true, true, _) => view! {
                            <h3>{t::VOLUNTEER_LIST}</h3>
                            <ul>{viewer.volunteers.clone().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                        }.into_any(),
                        (true, false, true) => view! {
                            <p role="status">{t::VOLUNTEER_SIGNED_UP}</p>
                            <ActionForm action=actions.volunteer>
                                <input type="hidden" name="post_id" value=id/>
                                <button class="button button-secondary" type="submit" name="action" value="leave">{t::VOLUNTEER_LEAVE}</button>
                            </ActionForm>
                        }.into_any(),
                        (true, false, false) => (open && !full).then(|| view! {
                            <ActionForm action=actions.volunteer>
                                <input type="hidden" name="post_id" value=id/>
                                <button class="button" type="submit" name="action" value="join">{t::VOLUNTEER_JOIN}</button>
                            </ActionForm>
                        }).into_any(),
                    }}
                </section>
            })}

            {can_manage.then(|| {
                let responses = viewer.responses.clone();
                view! {
                    <section aria-labelledby="reponses-titre" class="panel">
                        <h2 id="reponses-titre">{t::RESPONSES_TITLE}</h2>
                        <FormError error=action_error(actions.decide)/>
                        {if responses.is_empty() {
                            view! { <p class="muted">{t::RESPONSES_NONE}</p> }.into_any()
                        } else {
                            responses.into_iter().map(|r| view! { <Thread r actions manager=true contact=None/> }).collect_view().into_any()
                        }}
                    </section>
                }
            })}

            {mine.map(|r| {
                let contact = viewer.post_contact.clone();
                view! {
                    <section aria-labelledby="ma-reponse-titre" class="panel">
                        <h2 id="ma-reponse-titre">{t::MY_RESPONSE_TITLE}</h2>
                        <Thread r actions manager=false contact/>
                    </section>
                }
            })}

            {can_respond.then(|| view! { <ResponseForm id kind respond_as=viewer.respond_as.clone() action=actions.respond/> })}
            {(!signed_in && open).then(|| view! {
                <p><a class="button" href=format!("/connexion?suivant=/partage/{id}")>{t::RESPONSE_LOGIN}</a></p>
            })}

            {(match_total > 0).then(|| view! {
                <section aria-labelledby="correspondances-titre">
                    <h2 id="correspondances-titre">
                        {if offers_match { t::MATCHES_TITLE_FOR_NEED } else { t::MATCHES_TITLE_FOR_OFFER }}
                    </h2>
                    <p>{t::matches_count(match_total, offers_match)}</p>
                    <ul class="cards">{matches.into_iter().map(|p| view! { <li><PostCardView post=p/></li> }).collect_view()}</ul>
                </section>
            })}

            {(signed_in && !can_manage).then(|| view! { <ReportForm kind="post" target_id=id action=actions.report/> })}
        </div>
    }
}

/// The managers' buttons: the post's possible next states, and « Modifier ».
#[component]
fn Manage(id: i64, status: PostStatus, action: ServerAction<SetPostStatus>) -> impl IntoView {
    let error = action_error(action);
    let buttons: Vec<(PostStatus, &'static str)> = status
        .next()
        .iter()
        .filter_map(|s| {
            let label = match (status, s) {
                (PostStatus::Draft, PostStatus::Published) => t::MANAGE_PUBLISH,
                (PostStatus::InProgress, PostStatus::Published) => t::MANAGE_REOPEN,
                (_, PostStatus::InProgress) => t::MANAGE_IN_PROGRESS,
                (_, PostStatus::Fulfilled) => t::MANAGE_FULFILLED,
                (_, PostStatus::Archived) => t::MANAGE_ARCHIVE,
                _ => return None,
            };
            Some((*s, label))
        })
        .collect();
    let editable = matches!(status, PostStatus::Draft | PostStatus::Published | PostStatus::InProgress);
    view! {
        <section aria-labelledby="gerer-titre" class="panel">
            <h2 id="gerer-titre">{t::MANAGE_TITLE}</h2>
            <FormError error/>
            <div class="button-row">
                {editable.then(|| view! { <a class="button button-secondary" href=format!("/partage/{id}/modifier")>{t::MANAGE_EDIT}</a> })}
                {buttons.into_iter().map(|(to, label)| view! {
                    <ActionForm action attr:class="inline-form">
                        <input type="hidden" name="post_id" value=id/>
                        <button class="button" class:button-secondary=to == PostStatus::Archived type="submit" name="status" value=to.as_str()>{label}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
        </section>
    }
}

/// One response with its thread; for the post's managers, accept/decline while pending.
#[component]
fn Thread(r: ResponseView, actions: Actions, manager: bool, contact: Option<Contact>) -> impl IntoView {
    let rid = r.id;
    let error = action_error(actions.message);
    // The error belongs to this thread only if this thread's form was the one sent.
    let mine_error = Signal::derive(move || {
        let sent = actions.message.input().get().map(|i| i.response_id);
        error.get().filter(|_| sent.is_none_or(|s| s == rid))
    });
    let contact = if manager { r.contact.clone() } else { contact };
    let open = matches!(r.status, ResponseStatus::Pending | ResponseStatus::Accepted);
    view! {
        <article class="thread" aria-label=format!("{} — {}", r.responder_name, r.status.label())>
            <p class="thread-head">
                <strong>{r.responder_name.clone()}</strong>
                {r.structure_name.clone().map(|s| view! { " (" {s} ")" })}
                " · " <span class=format!("tag tag-reply-{}", r.status.as_str())>{r.status.label()}</span>
            </p>
            <ol class="messages">
                {r.messages.iter().map(|m| view! {
                    <li class:message-mine=m.mine>
                        <p class="message-meta">{m.author_name.clone()} " · " {t::date_fr(t::paris_date(m.created_at))}</p>
                        <p class="pre-line">{m.body.clone()}</p>
                    </li>
                }).collect_view()}
            </ol>
            {contact.map(|c| view! { <ContactCard c/> })}
            {(manager && r.status == ResponseStatus::Pending).then(|| view! {
                <ActionForm action=actions.decide attr:class="decide-form">
                    <input type="hidden" name="response_id" value=rid/>
                    <p class="checkbox">
                        <input type="checkbox" id=format!("en-cours-{rid}") name="in_progress" value="1" checked=true/>
                        <label for=format!("en-cours-{rid}")>{t::RESPONSE_AND_IN_PROGRESS}</label>
                    </p>
                    <div class="button-row">
                        <button class="button" type="submit" name="decision" value="accept">{t::RESPONSE_ACCEPT}</button>
                        <button class="button button-secondary" type="submit" name="decision" value="decline">{t::RESPONSE_DECLINE}</button>
                    </div>
                </ActionForm>
            })}
            {open.then(|| view! {
                <ActionForm action=actions.message attr:class="message-form">
                    <input type="hidden" name="response_id" value=rid/>
                    <TextArea name="body" label=t::THREAD_MESSAGE rows=3 maxlength=crate::model::MESSAGE_MAX_CHARS
                        scope=("response_id", rid.to_string()) id_suffix=rid.to_string()
                        error=field_error(mine_error, "body")/>
                    <button class="button" type="submit">{t::THREAD_SEND}</button>
                </ActionForm>
            })}
        </article>
    }
}

/// Contact details, shown once a response is accepted.
#[component]
fn ContactCard(c: Contact) -> impl IntoView {
    view! {
        <div class="contact" role="group" aria-label=t::CONTACT_TITLE>
            <h3>{t::CONTACT_TITLE}</h3>
            <p><strong>{c.name}</strong>{c.structure_name.map(|s| view! { " — " {s} })}</p>
            <dl class="facts">
                {c.email.map(|e| view! { <dt>{t::CONTACT_EMAIL}</dt><dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd> })}
                {c.structure_email.map(|e| view! { <dt>{t::CONTACT_EMAIL}</dt><dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd> })}
                {c.phone.map(|p| view! { <dt>{t::CONTACT_PHONE}</dt><dd>{p}</dd> })}
            </dl>
        </div>
    }
}

/// « Je peux aider » / « Ça m'intéresse ».
#[component]
fn ResponseForm(id: i64, kind: PostKind, respond_as: Vec<crate::model::Choice>, action: ServerAction<RespondToPost>) -> impl IntoView {
    let error = action_error(action);
    let title = if kind == PostKind::Need { t::RESPONSE_CAN_HELP } else { t::RESPONSE_INTERESTED };
    view! {
        <section aria-labelledby="repondre-titre" class="panel">
            <h2 id="repondre-titre">{title}</h2>
            <FormError error/>
            <ActionForm action>
                <input type="hidden" name="post_id" value=id/>
                {if respond_as.is_empty() {
                    view! { <input type="hidden" name="reply_as" value="moi"/> }.into_any()
                } else {
                    let mut options = vec![("moi".to_string(), t::RESPOND_AS_MYSELF.to_string())];
                    options.extend(respond_as.into_iter().map(|c| (c.slug, c.name)));
                    view! {
                        <crate::components::form::Select name="reply_as" label=t::RESPOND_AS options required=true
                            error=field_error(error, "reply_as")/>
                    }.into_any()
                }}
                <TextArea name="message" label=t::RESPONSE_MESSAGE hint=t::RESPONSE_MESSAGE_HINT rows=4
                    maxlength=crate::model::MESSAGE_MAX_CHARS error=field_error(error, "message")/>
                <button class="button" type="submit">{title}</button>
            </ActionForm>
        </section>
    }
}

/// « Signaler », folded away until asked for.
#[component]
pub fn ReportForm(kind: &'static str, target_id: i64, action: ServerAction<Report>) -> impl IntoView {
    let error = action_error(action);
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <details class="report">
            <summary>{t::REPORT_TITLE}</summary>
            <Show when=done fallback=move || view! {
                <FormError error/>
                <ActionForm action>
                    <input type="hidden" name="target_kind" value=kind/>
                    <input type="hidden" name="target_id" value=target_id/>
                    <TextArea name="reason" label=t::REPORT_REASON hint=t::REPORT_REASON_HINT rows=3
                        maxlength=crate::model::REPORT_MAX_CHARS error=field_error(error, "reason")/>
                    <button class="button button-secondary" type="submit">{t::REPORT_SUBMIT}</button>
                </ActionForm>
            }>
                <p role="status">{t::REPORT_DONE}</p>
            </Show>
        </details>
    }
}

#[component]
fn Detail(p: PostDetail) -> impl IntoView {
    let kind_class = match p.kind {
        PostKind::Need => "tag tag-need",
        PostKind::Offer => "tag tag-offer",
    };
    let period = match (p.starts_on, p.ends_on) {
        (None, None) => t::PERIOD_ONGOING.to_string(),
        (Some(a), None) => format!("{} {}", t::PERIOD_FROM, t::date_fr(a)),
        (None, Some(b)) => format!("{} {}", t::PERIOD_UNTIL, t::date_fr(b)),
        (Some(a), Some(b)) if a == b => t::date_fr(a),
        (Some(a), Some(b)) => format!("{} {} {} {}", t::PERIOD_FROM, t::date_fr(a), t::PERIOD_TO, t::date_fr(b)),
    };
    let place = [p.address.clone(), p.commune_name.clone().map(|c| match &p.departement {
        Some(d) => format!("{c} ({d})"),
        None => c,
    })]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let volunteers = p.volunteers_needed.map(|n| t::volunteers_left(n, p.volunteers_signed));
    let summary: String = p.description.chars().take(160).collect();
    view! {
        <Title text=t::page_title(&p.title)/>
        <Meta name="description" content=summary/>
        <div class="wrap narrow post-page">
            <p><a href="/partage">{t::BACK_TO_SHARE}</a></p>
            <p class="card-tags">
                <span class=kind_class>{p.kind.label()}</span>
                <span class="tag tag-category">{p.category_name.clone()}</span>
                {(p.urgency == Urgency::High).then(|| view! { <span class="tag tag-urgent">{t::URGENCY_HIGH}</span> })}
                <span class="tag tag-category">{p.status.label()}</span>
            </p>
            <h1>{p.title.clone()}</h1>
            <p class="card-meta">
                {match (p.structure_name.clone(), p.structure_slug.clone()) {
                    (Some(n), Some(s)) => view! { <a href=format!("/structures/{s}")>{n}</a> }.into_any(),
                    _ => view! { <span>{t::BY_INDIVIDUAL}</span> }.into_any(),
                }}
                {p.published_at.map(|d| view! { " · " {t::PUBLISHED_ON} " " {t::date_fr(t::paris_date(d))} })}
            </p>
            <p class="pre-line">{p.description.clone()}</p>
            <dl class="facts">
                {p.quantity.clone().map(|q| view! { <dt>{t::POST_QUANTITY}</dt><dd>{q}</dd> })}
                <dt>{t::POST_PERIOD}</dt><dd>{period}</dd>
                {p.mission_time.map(|h| view! { <dt>{t::POST_TIME}</dt><dd>{h.format("%H h %M").to_string()}</dd> })}
                {volunteers.map(|v| view! { <dt>{t::POST_VOLUNTEERS}</dt><dd>{v}</dd> })}
                {(!place.is_empty()).then(|| view! { <dt>{t::POST_PLACE}</dt><dd>{place}</dd> })}
                {p.expires_at.map(|d| view! { <dt>{t::POST_EXPIRES}</dt><dd>{t::date_fr(t::paris_date(d))}</dd> })}
            </dl>
        </div>
    }
}
