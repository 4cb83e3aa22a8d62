//! Accessible form pieces: a labelled field whose error is linked to the input
//! (`aria-describedby`, `aria-invalid`), and focus moved to the first invalid field.

use leptos::prelude::*;

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

/// After a refused submission, puts the keyboard focus on the first invalid field.
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
    move || error.get().map(|e| view! { <div class="notice notice-error" role="alert"><p>{e.message}</p></div> })
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
) -> impl IntoView {
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
            <input id=id.clone() name=name type=kind inputmode=inputmode autocomplete=autocomplete maxlength=maxlength
                list=list spellcheck=inputmode.map(|_| "false")
                on:input=move |ev| if let Some(cb) = on_input { cb.run(event_target_value(&ev)) }
                aria-invalid=move || error.get().is_some().then_some("true")
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
) -> impl IntoView {
    let id = field_id(name);
    view! {
        <FieldFrame id=id.clone() label hint error>
            <textarea id=id.clone() name=name rows=rows maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(&id, hint.is_some(), error)></textarea>
        </FieldFrame>
    }
}

/// A choice in a list: `(value, label)` options after an empty « — Choisir — ».
#[component]
pub fn Select(
    name: &'static str,
    label: &'static str,
    error: Signal<Option<String>>,
    options: Vec<(&'static str, &'static str)>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(name);
    view! {
        <FieldFrame id=id.clone() label hint error>
            <select id=id.clone() name=name
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(&id, hint.is_some(), error)>
                <option value="">{crate::i18n::CHOOSE}</option>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </FieldFrame>
    }
}
