//! Sign-up, login, e-mail confirmation, account page, dev outbox.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{
    ChangePassword, ConfirmEmailChange, DeleteAccount, SaveMailSettings, mail_settings, RequestEmailChange, LogIn, LogOut, RequestPasswordReset, ResetPassword, RevokeSession, SignUp, VerifyEmail, current_user, dev_outbox,
    my_sessions,
};
use crate::components::feedback::{ErrorNote, ErrorNotice, Loading};
use crate::components::form::{Field, FormError, action_error, field_error};
use crate::i18n as t;
use crate::model::{EMAIL_MAX_CHARS, MailFrequency, PASSWORD_MAX_CHARS};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text=t::page_title(t::SIGNUP_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::SIGNUP_TITLE}</h1>
            <Show when=done fallback=move || view! {
                <p>{t::SIGNUP_INTRO}</p>
                <FormError error/>
                <ActionForm action>
                    <Field name="email" label=t::FIELD_EMAIL kind="email" autocomplete="email"
                        maxlength=EMAIL_MAX_CHARS error=field_error(error, "email")/>
                    <Field name="display_name" label=t::FIELD_DISPLAY_NAME hint=t::FIELD_DISPLAY_NAME_HINT
                        autocomplete="nickname" maxlength=crate::model::DISPLAY_NAME_MAX_CHARS
                        error=field_error(error, "display_name")/>
                    <Field name="password" label=t::FIELD_PASSWORD kind="password" hint=t::FIELD_PASSWORD_HINT
                        autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS error=field_error(error, "password")/>
                    <button class="button" type="submit">{t::SIGNUP_SUBMIT}</button>
                </ActionForm>
            }>
                <div class="notice" role="status"><p>{t::SIGNUP_DONE}</p></div>
            </Show>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<LogIn>::new();
    let error = action_error(action);
    let query = use_query_map();
    let next = move || query.with(|q| q.get("suivant").unwrap_or_default());
    view! {
        <Title text=t::page_title(t::LOGIN_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::LOGIN_TITLE}</h1>
            <FormError error/>
            <ActionForm action>
                <input type="hidden" name="next" value=next/>
                <Field name="email" label=t::FIELD_EMAIL kind="email" autocomplete="username"
                    maxlength=EMAIL_MAX_CHARS error=Signal::derive(|| None)/>
                <Field name="password" label=t::FIELD_PASSWORD kind="password" autocomplete="current-password"
                    maxlength=PASSWORD_MAX_CHARS error=Signal::derive(|| None)/>
                <button class="button" type="submit">{t::LOGIN_SUBMIT}</button>
            </ActionForm>
            <p><a href="/mot-de-passe-oublie">{t::FORGOT_LINK}</a></p>
            <p>{t::LOGIN_NO_ACCOUNT} " " <a href="/inscription">{t::SIGNUP_TITLE}</a></p>
        </div>
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("jeton").unwrap_or_default());
    // A button, not an automatic call: mail scanners that open links must not use the token.
    view! {
        <Title text=t::page_title(t::VERIFY_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::VERIFY_TITLE}</h1>
            {move || match action.value().get() {
                Some(Ok(true)) => view! {
                    <div class="notice" role="status"><p>{t::VERIFY_OK}</p></div>
                    <p><a class="button" href="/connexion">{t::LOGIN_TITLE}</a></p>
                }.into_any(),
                Some(Ok(false)) => view! { <ErrorNotice message=t::VERIFY_BAD/> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice message=e.message/> }.into_any(),
                None => view! {
                    <ActionForm action>
                        <input type="hidden" name="token" value=token/>
                        <button class="button" type="submit">{t::VERIFY_SUBMIT}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| current_user());
    let logout = ServerAction::<LogOut>::new();
    view! {
        <Title text=t::page_title(t::ACCOUNT_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::ACCOUNT_TITLE}</h1>
            <Suspense fallback=Loading>
                {move || user.get().map(|r| match r {
                    Ok(Some(u)) => view! {
                        <p>{t::ACCOUNT_SIGNED_IN_AS} " " <strong>{u.display_name}</strong> " (" {u.email} ")"</p>
                        <nav aria-label=t::ACCOUNT_NAV_LABEL>
                            <ul class="account-nav">
                                <li><a href="/compte/structures">{t::MY_STRUCTURES_TITLE}</a></li>
                                <li><a href="/compte/alertes">{t::ALERTS_TITLE}</a></li>
                                <li><a href="#courriels">{t::MAILS_TITLE}</a></li>
                                <li><a href="#securite">{t::PASSWORD_CHANGE_TITLE}</a></li>
                                <li><a href="#donnees">{t::DATA_TITLE}</a></li>
                                {u.is_instance_admin.then(|| view! { <li><a href="/admin/journal">{t::AUDIT_TITLE}</a></li> })}
                                {u.is_instance_admin.then(|| view! { <li><a href="/admin/territoires">{t::REVIEW_TITLE}</a></li> })}
                            </ul>
                        </nav>
                        <ActionForm action=logout>
                            <button class="button button-secondary" type="submit">{t::LOGOUT}</button>
                        </ActionForm>
                        <MailChoices/>
                        <Sessions/>
                        <PasswordChange/>
                        <EmailChange/>
                        <MyData/>
                        <DeleteAccountForm/>
                    }.into_any(),
                    Ok(None) => view! {
                        <p>{crate::i18n::ERR_LOGIN_REQUIRED}</p>
                        <p><a class="button" href="/connexion?suivant=/compte">{t::LOGIN_TITLE}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let send = ServerAction::<crate::api::DevSendMails>::new();
    let mails = Resource::new(move || send.version().get(), |_| dev_outbox());
    view! {
        <Title text=t::page_title(t::OUTBOX_TITLE)/>
        <div class="wrap">
            <h1>{t::OUTBOX_TITLE}</h1>
            <p>{t::OUTBOX_INTRO}</p>
            <ActionForm action=send>
                <button class="button button-secondary" type="submit">{t::DEV_SEND_MAILS}</button>
            </ActionForm>
            <Suspense fallback=Loading>
                {move || mails.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p>{t::OUTBOX_EMPTY}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|m| view! {
                        <article class="card mail">
                            <h2 class="card-title">{m.subject}</h2>
                            <p class="card-meta">"À : " {m.recipient}</p>
                            <pre>{m.body}</pre>
                        </article>
                    }).collect_view().into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(action);
    view! {
        <Title text=t::page_title(t::FORGOT_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::FORGOT_TITLE}</h1>
            <Show when=move || matches!(action.value().get(), Some(Ok(()))) fallback=move || view! {
                <p>{t::FORGOT_INTRO}</p>
                <FormError error/>
                <ActionForm action>
                    <Field name="email" label=t::FIELD_EMAIL kind="email" autocomplete="email"
                        maxlength=EMAIL_MAX_CHARS error=Signal::derive(|| None)/>
                    <button class="button" type="submit">{t::FORGOT_SUBMIT}</button>
                </ActionForm>
            }>
                <div class="notice" role="status"><p>{t::FORGOT_DONE}</p></div>
            </Show>
        </div>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    let query = use_query_map();
    let token = move || query.with(|q| q.get("jeton").unwrap_or_default());
    view! {
        <Title text=t::page_title(t::RESET_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::RESET_TITLE}</h1>
            {move || match action.value().get() {
                Some(Ok(true)) => view! {
                    <div class="notice" role="status"><p>{t::RESET_DONE}</p></div>
                    <p><a class="button" href="/connexion">{t::LOGIN_TITLE}</a></p>
                }.into_any(),
                Some(Ok(false)) => view! {
                    <ErrorNotice message=t::RESET_BAD/>
                    <p><a href="/mot-de-passe-oublie">{t::FORGOT_TITLE}</a></p>
                }.into_any(),
                _ => view! {
                    <FormError error/>
                    <ActionForm action>
                        <input type="hidden" name="token" value=token/>
                        <Field name="password" label=t::FIELD_PASSWORD kind="password" hint=t::FIELD_PASSWORD_HINT
                            autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS error=field_error(error, "password")/>
                        <button class="button" type="submit">{t::RESET_SUBMIT}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let revoke = ServerAction::<RevokeSession>::new();
    let sessions = Resource::new(move || revoke.version().get(), |_| my_sessions());
    view! {
        <section aria-labelledby="sessions-titre">
            <h2 id="sessions-titre">{t::SESSIONS_TITLE}</h2>
            <p class="muted">{t::SESSIONS_INTRO}</p>
            <Transition fallback=|| ()>
                {move || sessions.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul class="session-list">
                            {list.into_iter().map(|s| {
                                view! {
                                    <li class="card">
                                        <p><strong>{s.device.clone()}</strong>
                                            {s.current.then(|| view! { " (" {t::SESSION_CURRENT} ")" })}</p>
                                        <p class="card-meta">{t::SESSION_OPENED} " " {t::date_fr(t::paris_date(s.created_at))}</p>
                                        {(!s.current).then(|| view! {
                                            <ActionForm action=revoke>
                                                <input type="hidden" name="handle" value=s.handle.clone()/>
                                                <button class="button button-small button-secondary" type="submit">{t::SESSION_REVOKE}</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// When each kind of exchange mail leaves, and « tout suspendre ». A plain form: one
/// radio group per topic.
#[component]
fn MailChoices() -> impl IntoView {
    let action = ServerAction::<SaveMailSettings>::new();
    let error = action_error(action);
    let settings = Resource::new(move || action.version().get(), |_| mail_settings());
    view! {
        <section id="courriels" aria-labelledby="courriels-titre">
            <h2 id="courriels-titre">{t::MAILS_TITLE}</h2>
            <p class="muted">{t::MAILS_INTRO}</p>
            <FormError error/>
            <Transition fallback=|| ()>
                {move || settings.get().map(|r| match r {
                    Ok(m) => view! {
                        {m.refused.clone().map(|(at, reason)| view! {
                            <div class="notice notice-warning" role="alert">
                                <p>{t::mail_refused_note(&t::date_fr(t::paris_date(at)), &reason)}</p>
                            </div>
                        })}
                        {m.suspended.then(|| view! { <p class="notice" role="status">{t::MAILS_SUSPENDED_NOTE}</p> })}
                        <ActionForm action>
                            {m.choices.into_iter().map(|(topic, chosen)| {
                                let name = topic.as_str();
                                let err = field_error(error, name);
                                let err_id = format!("courriels-{name}-erreur");
                                let described = err_id.clone();
                                view! {
                                    <fieldset class="choice-row" aria-describedby=described>
                                        <legend>{topic.label()}</legend>
                                        {MailFrequency::ALL.iter().map(|f| view! {
                                            <label class="choice">
                                                <input type="radio" name=name value=f.as_str() checked=*f == chosen/>
                                                " " {f.label()}
                                            </label>
                                        }).collect_view()}
                                        {move || err.get().map(|e| view! { <p class="error" id=err_id.clone()>{e}</p> })}
                                    </fieldset>
                                }
                            }).collect_view()}
                            <label class="choice">
                                <input type="checkbox" name="suspend" value="1" checked=m.suspended/> " " {t::MAILS_SUSPEND}
                            </label>
                            <button class="button" type="submit">{t::MAILS_SAVE}</button>
                        </ActionForm>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PasswordChange() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    view! {
        <section id="securite" aria-labelledby="mdp-titre">
            <h2 id="mdp-titre">{t::PASSWORD_CHANGE_TITLE}</h2>
            {move || matches!(action.value().get(), Some(Ok(()))).then(|| view! {
                <div class="notice" role="status"><p>{t::PASSWORD_CHANGE_DONE}</p></div>
            })}
            <FormError error/>
            <ActionForm action>
                <Field name="current_password" label=t::FIELD_CURRENT_PASSWORD kind="password" autocomplete="current-password"
                    maxlength=PASSWORD_MAX_CHARS error=field_error(error, "current_password")/>
                <Field name="new_password" label=t::FIELD_NEW_PASSWORD kind="password" hint=t::FIELD_PASSWORD_HINT
                    autocomplete="new-password" maxlength=PASSWORD_MAX_CHARS error=field_error(error, "new_password")/>
                <button class="button" type="submit">{t::PASSWORD_CHANGE_SUBMIT}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn EmailChange() -> impl IntoView {
    let action = ServerAction::<RequestEmailChange>::new();
    let error = action_error(action);
    view! {
        <section aria-labelledby="adresse-titre">
            <h2 id="adresse-titre">{t::EMAIL_CHANGE_TITLE}</h2>
            {move || matches!(action.value().get(), Some(Ok(()))).then(|| view! {
                <div class="notice" role="status"><p>{t::EMAIL_CHANGE_DONE}</p></div>
            })}
            <FormError error/>
            <ActionForm action>
                <Field name="new_email" label=t::FIELD_NEW_EMAIL kind="email" autocomplete="email"
                    maxlength=EMAIL_MAX_CHARS error=field_error(error, "new_email")/>
                <Field name="password" label=t::FIELD_CURRENT_PASSWORD kind="password" autocomplete="current-password"
                    maxlength=PASSWORD_MAX_CHARS error=field_error(error, "password")/>
                <button class="button" type="submit">{t::EMAIL_CHANGE_SUBMIT}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn MyData() -> impl IntoView {
    view! {
        <section id="donnees" aria-labelledby="donnees-titre">
            <h2 id="donnees-titre">{t::DATA_TITLE}</h2>
            <p>{t::DATA_INTRO}</p>
            // A plain GET link: the browser saves the JSON file (Content-Disposition).
            <p><a class="button button-secondary" href="/api/export_my_data" download="mes-donnees-coin-du-partage.json"
                rel="external">{t::DATA_DOWNLOAD}</a></p>
        </section>
    }
}

#[component]
fn DeleteAccountForm() -> impl IntoView {
    let action = ServerAction::<DeleteAccount>::new();
    let error = action_error(action);
    let posts_error = field_error(error, "posts");
    view! {
        <section aria-labelledby="suppression-titre" class="danger-zone">
            <h2 id="suppression-titre">{t::DELETE_TITLE}</h2>
            <FormError error/>
            <ActionForm action>
                <fieldset aria-describedby="suppression-choix-erreur">
                    <legend>{t::DELETE_INTRO}</legend>
                    <label class="choice"><input type="radio" name="posts" value="anonymise"/> {t::DELETE_POSTS_ANONYMISE}</label>
                    <label class="choice"><input type="radio" name="posts" value="delete"/> {t::DELETE_POSTS_DELETE}</label>
                    {move || posts_error.get().map(|m| view! { <p class="error" id="suppression-choix-erreur">{m}</p> })}
                </fieldset>
                <Field name="password" label=t::FIELD_PASSWORD kind="password" hint=t::DELETE_CONFIRM_HINT
                    autocomplete="current-password" maxlength=PASSWORD_MAX_CHARS error=field_error(error, "password")/>
                <button class="button button-danger" type="submit">{t::DELETE_SUBMIT}</button>
            </ActionForm>
        </section>
    }
}

/// Where the link sent to a new address leads: a button (mail scanners open links).
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmailChange>::new();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("jeton").unwrap_or_default());
    view! {
        <Title text=t::page_title(t::EMAIL_CONFIRM_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::EMAIL_CONFIRM_TITLE}</h1>
            {move || match action.value().get() {
                Some(Ok(true)) => view! { <div class="notice" role="status"><p>{t::EMAIL_CONFIRM_OK}</p></div> }.into_any(),
                Some(Ok(false)) => view! { <ErrorNotice message=t::EMAIL_CONFIRM_BAD/> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice message=e.message/> }.into_any(),
                None => view! {
                    <ActionForm action>
                        <input type="hidden" name="token" value=token/>
                        <button class="button" type="submit">{t::EMAIL_CONFIRM_SUBMIT}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </div>
    }
}

/// Where a mail's unsubscribe link leads: what it stops and a button (mail scanners open
/// links; only the POST acts). The buttons post to the link itself, as a mail client's
/// one-click request does (`server::unsubscribe`).
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = Resource::new(token, |token| crate::api::unsubscribe_link(token));
    view! {
        <Title text=t::page_title(t::UNSUBSCRIBE_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::UNSUBSCRIBE_TITLE}</h1>
            {move || match query.read().get("fait").as_deref() {
                Some("tout") => Some(view! { <div class="notice" role="status"><p>{t::UNSUBSCRIBE_ALL_DONE}</p></div> }),
                Some("hebdo") => Some(view! { <div class="notice" role="status"><p>{t::WEEKLY_DONE}</p></div> }),
                Some(_) => Some(view! { <div class="notice" role="status"><p>{t::UNSUBSCRIBE_DONE}</p></div> }),
                None => None,
            }}
            // Once done, the page says so and offers the settings, not the buttons again.
            <Show when=move || query.read().get("fait").is_none()>
            <Suspense fallback=Loading>
                {move || link.get().map(|r| match r {
                    Ok(Some(link)) if link.weekly => view! {
                        <h2>{t::WEEKLY_TITLE}</h2>
                        <p>{t::WEEKLY_ASK}</p>
                        <ul>{link.items.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                        <form method="post">
                            <button class="button" type="submit">{t::MAIL_ALERT_WEEKLY}</button>
                        </form>
                    }.into_any(),
                    Ok(Some(link)) => view! {
                        <p>{t::UNSUBSCRIBE_ASK}</p>
                        <ul>{link.items.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                        <form method="post">
                            <button class="button" type="submit">{t::UNSUBSCRIBE_CONFIRM}</button>
                        </form>
                        <form method="post">
                            <input type="hidden" name="tout" value="1"/>
                            <button class="button button-secondary" type="submit">{t::UNSUBSCRIBE_ALL}</button>
                        </form>
                    }.into_any(),
                    Ok(None) => view! { <ErrorNotice message=t::UNSUBSCRIBE_BAD.to_string()/> }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
            </Show>
            // A visitor without an account has no settings page: their mails' links are all.
            <Suspense>
                {move || link.get().and_then(|r| r.ok().flatten()).filter(|l| l.account).map(|_| view! {
                    <p><a href="/compte#courriels">{t::UNSUBSCRIBE_SETTINGS}</a></p>
                })}
            </Suspense>
        </div>
    }
}
