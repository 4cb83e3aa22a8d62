//! A minimal Leptos page: a title, a paragraph and a counter, hydrated in full.
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let count = RwSignal::new(0);
    // The same sign of interactivity the site gives (html[data-hydrated]).
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <main>
            <h1>"Page minimale"</h1>
            <p>"La référence naïve du banc de poids : une page Leptos, rien d’autre."</p>
            <button on:click=move |_| count.update(|n| *n += 1)>"Cliquer : " {count}</button>
        </main>
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>"Page minimale"</title>
                <HydrationScripts options/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
