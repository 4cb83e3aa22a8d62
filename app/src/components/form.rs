//! Accessible form pieces: a labelled field whose error is linked to the input
//! (`aria-describedby`, `aria-invalid`), and focus moved to the first invalid field.

use leptos::prelude::*;

use crate::components::feedback::ErrorNotice;
use crate::error::AppError;

/// The error of the last submission of a server action, as a signal.
pub fn action_error<S, T>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Output = T, Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// The message for one field of an action's error.
pub fn field_error(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.message_for(field).map(str::to_string)))
}

/// After a refused submission, puts the keyboard focus on the first invalid field (in an
/// island, where the error arrives without a page load; a page rendered after a refused
/// plain submission does it with `autofocus` on each invalid field: browsers focus the
/// first).
pub fn focus_first_error(error: Signal<Option<AppError>>) {
    Effect::new(move |_| {
        if error.get().is_some_and(|e| !e.fields.is_empty()) {
            request_animation_frame(|| {
                use leptos::wasm_bindgen::JsCast;
                if let Ok(Some(el)) = document().query_selector("form [aria-invalid='true']") {
                    if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            });
        }
    });
}

/// A summary of a refused submission, announced to screen readers.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    move || error.get().map(|e| view! { <ErrorNotice message=e.message/> })
}

/// What a plain form (no JavaScript yet) sent before it was refused. The server keeps
/// it for the next page view only (`server::form_flash`), so the form comes back filled
/// in; passwords are never kept.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FormFlash {
    pub values: Vec<(String, String)>,
    /// What a successful plain submission did, or why it did nothing (see
    /// `api::context::notice`).
    #[serde(default)]
    pub notice: Option<Notice>,
}

/// The outcome of a plain form's submission, shown once on the next page.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    pub text: String,
    pub problem: bool,
}

impl Notice {
    /// Reads the value of `api::context::NOTICE_HEADER`.
    pub fn from_header(value: &str) -> Option<Notice> {
        let (tone, text) = value.split_once(':')?;
        let text: String = url::form_urlencoded::parse(format!("t={text}").as_bytes()).next()?.1.into_owned();
        (!text.is_empty()).then(|| Notice { text, problem: tone == "probleme" })
    }
}

/// The notice a plain submission left for this page view, announced to screen readers.
#[component]
pub fn FlashNotice() -> impl IntoView {
    use_context::<FormFlash>().and_then(|f| f.notice).map(|n| {
        let note = if n.problem {
            view! { <ErrorNotice message=n.text/> }.into_any()
        } else {
            view! { <div class="notice" role="status"><p>{n.text}</p></div> }.into_any()
        };
        view! { <div class="wrap flash">{note}</div> }
    })
}

impl FormFlash {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The value a field starts with: what was typed before a refused plain submission,
/// else `value` (an edit form's current value). With `scope` (a hidden field's name and
/// value), only a submission of that same form counts — a page may hold several forms
/// with the same field names (one per response thread).
pub fn initial_value(name: &str, value: Option<String>, scope: Option<(&str, String)>) -> Option<String> {
    let flash = use_context::<FormFlash>().filter(|f| scope.as_ref().is_none_or(|(k, v)| f.get(k) == Some(v.as_str())));
    flash.and_then(|f| f.get(name).map(str::to_string)).or(value)
}

/// After a refused plain submission the page's URL carries the error (`__path`,
/// `__err`, set by Leptos): hands it to the page's `ServerAction`s, on the server and
/// again in the browser so hydration agrees; and on the server, hands the kept fields
/// ([`FormFlash`]) to the form components.
pub fn provide_refused_form() {
    #[cfg(feature = "ssr")]
    let (query, flash) = match use_context::<axum::http::request::Parts>() {
        Some(parts) => (parts.uri.query().map(str::to_string), parts.extensions.get::<FormFlash>().cloned()),
        None => (None, None),
    };
    #[cfg(not(feature = "ssr"))]
    let (query, flash): (Option<String>, Option<FormFlash>) =
        (window().location().search().ok().map(|s| s.trim_start_matches('?').to_string()), None);
    // The middleware only hands a flash to the page view that follows a submission
    // (a refusal, or a notice: `__avis`).
    if let Some(flash) = flash {
        provide_context(flash);
    }
    let Some(query) = query.filter(|q| q.contains("__err=")) else { return };
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if let (Some(path), Some(err)) = (get("__path"), get("__err")) {
        provide_context(leptos::server::ServerActionError::new(&path, &err));
    }
}

/// `champ-<name>`, with a nested form name (`form[name]`) flattened to `champ-form-name`.
fn field_id(name: &str) -> String {
    format!("champ-{}", name.replace('[', "-").replace(']', ""))
}

/// Ids and `aria-describedby` of a field: its hint and its error, when present.
fn described_by(id: &str, has_hint: bool, error: Signal<Option<String>>) -> impl Fn() -> Option<String> + Send + Sync + 'static + use<> {
    let (hint_id, err_id) = (format!("{id}-aide"), format!("{id}-erreur"));
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(err_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Label, hint and error around a control (the control itself is the child).
#[component]
fn FieldFrame(id: String, label: &'static str, hint: Option<&'static str>, error: Signal<Option<String>>, children: Children) -> impl IntoView {
    let hint_id = format!("{id}-aide");
    let err_id = format!("{id}-erreur");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {children()}
            {move || error.get().map(|m| view! { <p class="error" id=err_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    /// A `<datalist>` id offering suggestions.
    #[prop(optional)] list: Option<&'static str>,
    /// Called on each keystroke (suggestions).
    #[prop(optional)] on_input: Option<Callback<String>>,
    /// The current value (edit forms).
    #[prop(default = None)] value: Option<String>,
) -> impl IntoView {
    let value = if kind == "password" { None } else { initial_value(name, value, None) };
    // E-mail and web address fields are plain text with a suitable keyboard: the browser's
    // own validation bubble (in the browser's language) would otherwise hide our French message.
    let (kind, inputmode) = match kind {
        "email" => ("text", Some("email")),
        "url" => ("text", Some("url")),
        other => (other, None),
    };
    let id = field_id(name);
    view! {
        <FieldFrame id=id.clone() label hint error>
            <input id=id.clone() name=name type=kind inputmode=inputmode autocomplete=autocomplete maxlength=maxlength value=value
                list=list spellcheck=inputmode.map(|_| "false")
                on:input=move |ev| if let Some(cb) = on_input { cb.run(event_target_value(&ev)) }
                aria-invalid=move || error.get().is_some().then_some("true") autofocus=move || error.get().is_some()
                aria-describedby=described_by(&id, hint.is_some(), error)/>
        </FieldFrame>
    }
}

/// A multi-line text field.
#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(default = 5)] rows: u32,
    #[prop(default = None)] value: Option<String>,
    /// Distinguishes forms that share field names (see [`initial_value`]).
    #[prop(optional)] scope: Option<(&'static str, String)>,
    /// Distinct ids when a page repeats the same form.
    #[prop(optional, into)] id_suffix: Option<String>,
) -> impl IntoView {
    let value = initial_value(name, value, scope).unwrap_or_default();
    let id = match id_suffix {
        Some(sfx) => format!("{}-{sfx}", field_id(name)),
        None => field_id(name),
    };
    view! {
        <FieldFrame id=id.clone() label hint error>
            <textarea id=id.clone() name=name rows=rows maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true") autofocus=move || error.get().is_some()
                aria-describedby=described_by(&id, hint.is_some(), error)>{value}</textarea>
        </FieldFrame>
    }
}

/// A choice in a list: `(value, label)` options after an empty « — Choisir — ».
#[component]
pub fn Select(
    name: &'static str,
    label: &'static str,
    error: Signal<Option<String>>,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = None)] value: Option<String>,
    /// Without the empty « — Choisir — » first option.
    #[prop(optional)] required: bool,
    /// Told of each change (dependent suggestions).
    #[prop(optional)] on_change: Option<Callback<String>>,
) -> impl IntoView {
    let value = initial_value(name, value, None).unwrap_or_default();
    let id = field_id(name);
    view! {
        <FieldFrame id=id.clone() label hint error>
            <select id=id.clone() name=name
                on:change=move |ev| if let Some(cb) = on_change { cb.run(event_target_value(&ev)) }
                aria-invalid=move || error.get().is_some().then_some("true") autofocus=move || error.get().is_some()
                aria-describedby=described_by(&id, hint.is_some(), error)>
                {(!required).then(|| view! { <option value="">{crate::i18n::CHOOSE}</option> })}
                {options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        </FieldFrame>
    }
}
