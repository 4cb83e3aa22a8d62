//! Importing structures from a CSV file (`/coordination/import`): check the file (a
//! preview, nothing written, every line in error listed in French), then confirm a file
//! without errors; the import runs in the background and the page shows its progress.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{PreviewImport, StartImport, coordination_scope};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, action_error};
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{ImportPreview, ImportStatus, ScopeView};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::IMPORT_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::IMPORT_TITLE}</h1>
            <RequireUser back_to="/coordination/import".into() content=|_| view! { <ImportBody/> }/>
        </div>
    }
}

#[component]
fn ImportBody() -> impl IntoView {
    let scope = Resource::new(|| (), |_| coordination_scope(None));
    view! {
        <p>{t::IMPORT_INTRO}</p>
        <Suspense fallback=Loading>
            {move || scope.get().map(|r| match r {
                Ok(s) => view! { <ImportForm scope=s/> }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

/// An island: the preview, the confirmation and the progress live in the browser.
#[island(lazy)]
fn ImportForm(scope: ScopeView) -> impl IntoView {
    crate::components::form::provide_refused_form();
    let preview = ServerAction::<PreviewImport>::new();
    let start = ServerAction::<StartImport>::new();
    let text = RwSignal::new(String::new());
    let reseau = RwSignal::new(scope.current.clone().unwrap_or_default());
    // What was checked: confirming imports exactly that text.
    let checked = RwSignal::new(None::<(String, String)>);
    let status = RwSignal::new(None::<ImportStatus>);
    Effect::new(move |_| {
        if let Some(Ok(s)) = start.value().get() {
            status.set(Some(s));
        }
    });
    #[cfg(feature = "hydrate")]
    follow(status);
    let on_file = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = _ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            leptos::task::spawn_local(async move {
                if let Ok(v) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    text.set(v.as_string().unwrap_or_default());
                }
            });
        }
    };
    let submit_preview = move |_| checked.set(Some((reseau.get_untracked(), text.get_untracked())));
    view! {
        <FormError error=action_error(preview)/>
        <ActionForm action=preview attr:class="import-form" on:submit=submit_preview>
            <label for="import-reseau">{t::COORD_SCOPE_LABEL}</label>
            <select id="import-reseau" name="reseau" on:change=move |ev| reseau.set(event_target_value(&ev))>
                {scope.instance_wide.then(|| view! { <option value="">{t::COORD_SCOPE_INSTANCE}</option> })}
                {scope.choices.into_iter().map(|c| {
                    let selected = Some(&c.slug) == scope.current.as_ref();
                    view! { <option value=c.slug selected=selected>{c.name}</option> }
                }).collect_view()}
            </select>
            <label for="import-fichier">{t::IMPORT_FILE}</label>
            <input id="import-fichier" type="file" accept=".csv,text/csv" on:change=on_file/>
            <label for="import-texte">{t::IMPORT_TEXT}</label>
            <p class="hint" id="import-texte-aide">{t::IMPORT_TEXT_HINT}</p>
            <textarea id="import-texte" name="csv" rows="8" aria-describedby="import-texte-aide" required
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <button class="button" type="submit">{t::IMPORT_PREVIEW}</button>
        </ActionForm>
        {move || preview.value().get().and_then(Result::ok).map(|p| view! { <PreviewView p/> })}
        {move || {
            let ok = matches!(preview.value().get(), Some(Ok(ImportPreview { invalid: 0, valid, .. })) if valid > 0);
            let (r, csv) = checked.get().unwrap_or_default();
            (ok && status.get().is_none()).then(|| view! {
                <FormError error=action_error(start)/>
                <ActionForm action=start attr:class="inline-form">
                    <input type="hidden" name="reseau" value=r/>
                    <input type="hidden" name="csv" value=csv/>
                    <button class="button" type="submit">{t::IMPORT_CONFIRM}</button>
                </ActionForm>
            })
        }}
        {move || status.get().map(|s| view! { <Progress s/> })}
    }
}

#[component]
fn PreviewView(p: ImportPreview) -> impl IntoView {
    view! {
        <section aria-labelledby="apercu" class="import-preview">
            <h2 id="apercu">{t::import_summary(p.valid, p.invalid)}</h2>
            {(!p.ignored_columns.is_empty()).then(|| view! { <p class="muted">{t::IMPORT_IGNORED} " " {p.ignored_columns.join(", ")}</p> })}
            <div class="table-scroll">
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t::IMPORT_LINE}</th>
                        <th scope="col">{t::IMPORT_NAME}</th>
                        <th scope="col">{t::IMPORT_KIND}</th>
                        <th scope="col">{t::IMPORT_COMMUNE}</th>
                        <th scope="col">{t::IMPORT_PROBLEMS}</th>
                    </tr></thead>
                    <tbody>
                        {p.lines.into_iter().map(|l| {
                            let bad = !l.errors.is_empty();
                            view! {
                                <tr class:import-bad=bad>
                                    <th scope="row">{l.line}</th>
                                    <td>{l.name}</td>
                                    <td>{l.kind}</td>
                                    <td>{l.commune}</td>
                                    <td>{if bad {
                                        view! { <ul class="import-errors">{l.errors.into_iter().map(|e| view! { <li>"✗ " {e}</li> }).collect_view()}</ul> }.into_any()
                                    } else {
                                        view! { <span>"✓ " {t::IMPORT_OK}</span> }.into_any()
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Progress(s: ImportStatus) -> impl IntoView {
    let text = match (&s.error, s.finished) {
        (Some(e), _) => e.clone(),
        (None, true) => t::import_done(s.created),
        (None, false) => t::import_progress(s.done, s.total),
    };
    view! {
        <div class="import-progress" role="status" aria-live="polite">
            <label for="import-avancement">{t::IMPORT_PROGRESS}</label>
            <progress id="import-avancement" max=s.total value=s.done></progress>
            <p>{text}</p>
            {(s.finished && s.error.is_none()).then(|| view! { <p><a href="/annuaire">{t::DIRECTORY_TITLE}</a></p> })}
        </div>
    }
}

/// Polls the running import twice a second until it is finished.
#[cfg(feature = "hydrate")]
fn follow(status: RwSignal<Option<ImportStatus>>) {
    Effect::new(move |_| {
        let Some(s) = status.get() else { return };
        if s.finished {
            return;
        }
        leptos::task::spawn_local(async move {
            gloo_sleep(500).await;
            if let Ok(next) = crate::api::import_status(s.id).await {
                status.set(Some(next));
            }
        });
    });
}

#[cfg(feature = "hydrate")]
async fn gloo_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
