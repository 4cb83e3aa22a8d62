//! Publishing a need or an offer (`/partage/publier`) and editing one
//! (`/partage/{id}/modifier`). The form is checked in the browser with the same rules
//! as on the server (`PostForm::check`) before it is sent; without JavaScript the
//! server's answer comes back with what was typed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{SavePost, publish_context, search_communes, similar_posts};
use crate::components::commune_search::{CommuneDatalist, commune_hits};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{Field, FormError, FormFlash, Select, TextArea, field_error, initial_value};
use crate::components::point_picker::{Look, PointPicker};
use crate::components::post_card::PostCardView;
use crate::components::require_user::RequireUser;
use crate::error::AppError;
use crate::i18n as t;
use crate::model::{
    POST_DESCRIPTION_MAX_CHARS, POST_QUANTITY_MAX_CHARS, POST_TITLE_MAX_CHARS, PostKind, PublishChoices, Urgency,
};

#[component]
pub fn PublishPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::PUBLISH_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::PUBLISH_TITLE}</h1>
            <RequireUser back_to="/partage/publier".into() content=move |_| view! { <Loaded post_id=None/> }/>
        </div>
    }
}

#[component]
pub fn EditPostPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    view! {
        <Title text=t::page_title(t::EDIT_POST_TITLE)/>
        <div class="wrap narrow">
            <p><a href=format!("/partage/{id}")>{t::BACK_TO_SHARE}</a></p>
            <h1>{t::EDIT_POST_TITLE}</h1>
            <RequireUser back_to=format!("/partage/{id}/modifier") content=move |_| view! { <Loaded post_id=Some(id)/> }/>
        </div>
    }
}

#[component]
fn Loaded(post_id: Option<i64>) -> impl IntoView {
    let choices = Resource::new(move || post_id, publish_context);
    view! {
        <Suspense fallback=Loading>
            {move || choices.get().map(|r| match r {
                Ok(c) => view! { <PostFormView post_id c flash={use_context::<FormFlash>()}/> }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

/// An island: checked as it is typed, with suggestions and the point picker. `flash` is
/// what a refused plain submission sent (the browser cannot read it from the request).
#[island(lazy)]
fn PostFormView(post_id: Option<i64>, c: PublishChoices, flash: Option<FormFlash>) -> impl IntoView {
    crate::components::form::provide_refused_form();
    if let Some(f) = flash {
        provide_context(f);
    }
    let action = ServerAction::<SavePost>::new();
    // The browser's own check (same rules as the server), shown before anything is sent.
    let early = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || early.get().or_else(|| action.value().get().and_then(|r| r.err())));
    crate::components::form::focus_first_error(error);
    let fe = move |f: &'static str| field_error(error, f);
    let editing = c.editing.clone();
    let current = move |f: fn(&crate::model::PostForm) -> &String| editing.as_ref().map(|e| f(e).clone());
    let today = c.today;
    let is_edit = post_id.is_some();

    // What drives « déjà proposé près de chez vous »: kind, category, place, author.
    let initial = |name: &str, value: Option<String>| initial_value(name, value, None).unwrap_or_default();
    let kind = RwSignal::new(initial("form[kind]", current(|f| &f.kind)));
    let category = RwSignal::new(initial("form[category]", current(|f| &f.category)));
    let commune = RwSignal::new(initial("form[commune]", current(|f| &f.commune)));
    let author = RwSignal::new(initial("form[author]", current(|f| &f.author).filter(|a| !a.is_empty()).or_else(|| c.authors.first().map(|a| a.slug.clone()))));
    // The point picked on the map (a structure's post only), and where the picker looks:
    // the commune typed, else the structure's place.
    let lat = RwSignal::new(initial("form[lat]", current(|f| &f.lat)));
    let lon = RwSignal::new(initial("form[lon]", current(|f| &f.lon)));
    let for_structure = Memo::new(move |_| author.with(|a| a.starts_with("structure:")));
    let commune_look = LocalResource::new(move || {
        let typed = commune.get();
        async move { commune_place(&typed).await }
    });
    let places = c.places.clone();
    let look = Signal::derive(move || {
        commune_look.get().flatten().or_else(|| author.with(|a| places.iter().find(|p| &p.0 == a).map(|p| (p.1, p.2, 15))))
    });
    let geocoder = c.geocoder;
    let similar = Resource::new(
        move || (kind.get(), category.get(), commune.get(), author.get()),
        |(k, cat, com, a)| async move {
            if k.is_empty() || cat.is_empty() { Ok(Default::default()) } else { similar_posts(k, cat, com, a).await }
        },
    );
    // A commune picked in the suggestions (« Uzès (30700) ») needs no more of them.
    let suggestions = commune_hits(move || commune.with(|q| if q.contains('(') { String::new() } else { q.clone() }));

    let authors: Vec<(String, String)> = c.authors.iter().map(|a| (a.slug.clone(), a.name.clone())).collect();
    let only_myself = c.authors.len() == 1;
    let kinds: Vec<(String, String)> = PostKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label().to_string())).collect();
    let categories: Vec<(String, String)> = c.categories.iter().map(|c| (c.slug.clone(), c.name.clone())).collect();
    let urgencies: Vec<(String, String)> = Urgency::ALL.iter().map(|u| (u.as_str().to_string(), u.label().to_string())).collect();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        use leptos::form::FromFormData;
        ev.prevent_default();
        match SavePost::from_event(&ev) {
            Ok(args) => match args.form.check(today, is_edit) {
                Ok(_) => {
                    early.set(None);
                    action.dispatch(args);
                }
                Err(e) => early.set(Some(e)),
            },
            Err(_) => early.set(Some(AppError::bad_request(t::ERR_BAD_REQUEST))),
        }
    };

    let save_url = <SavePost as leptos::server_fn::ServerFn>::PATH;
    view! {
        <p>{t::PUBLISH_INTRO}</p>
        {only_myself.then(|| view! { <p class="notice">{t::PUBLISH_NEED_STRUCTURE}</p> })}
        <FormError error/>
        <form method="post" action=save_url on:submit=on_submit novalidate>
            {post_id.map(|id| view! { <input type="hidden" name="post_id" value=id/> })}
            {(!is_edit).then(|| view! {
                <Select name="form[author]" label=t::PUBLISH_AS hint=t::PUBLISH_AS_HINT options=authors required=true
                    error=fe("author") on_change=Callback::new(move |v| author.set(v))/>
            })}
            <Select name="form[kind]" label=t::FIELD_POST_KIND options=kinds value=current(|f| &f.kind)
                error=fe("kind") on_change=Callback::new(move |v| kind.set(v))/>
            <Select name="form[category]" label=t::FIELD_POST_CATEGORY options=categories value=current(|f| &f.category)
                error=fe("category") on_change=Callback::new(move |v| category.set(v))/>
            <Field name="form[title]" label=t::FIELD_POST_TITLE hint=t::FIELD_POST_TITLE_HINT maxlength=POST_TITLE_MAX_CHARS
                value=current(|f| &f.title) error=fe("title")/>
            <TextArea name="form[description]" label=t::FIELD_POST_DESCRIPTION hint=t::FIELD_POST_DESCRIPTION_HINT
                maxlength=POST_DESCRIPTION_MAX_CHARS value=current(|f| &f.description) error=fe("description")/>
            <Field name="form[quantity]" label=t::FIELD_POST_QUANTITY hint=t::FIELD_POST_QUANTITY_HINT
                maxlength=POST_QUANTITY_MAX_CHARS value=current(|f| &f.quantity) error=fe("quantity")/>
            <fieldset>
                <legend>{t::POST_PERIOD}</legend>
                <p class="hint">{t::FIELD_PERIOD_HINT}</p>
                <Field name="form[starts_on]" label=t::FIELD_STARTS_ON kind="date" value=current(|f| &f.starts_on) error=fe("starts_on")/>
                <Field name="form[ends_on]" label=t::FIELD_ENDS_ON kind="date" value=current(|f| &f.ends_on) error=fe("ends_on")/>
                <Field name="form[mission_time]" label=t::FIELD_MISSION_TIME kind="time" value=current(|f| &f.mission_time)
                    error=fe("mission_time")/>
                <Field name="form[volunteers_needed]" label=t::FIELD_VOLUNTEERS_NEEDED kind="number" maxlength=3
                    value=current(|f| &f.volunteers_needed) error=fe("volunteers_needed")/>
            </fieldset>
            <Field name="form[commune]" label=t::FIELD_POST_COMMUNE hint=t::FIELD_POST_COMMUNE_HINT maxlength=100
                autocomplete="off" list="communes-proposees" value=current(|f| &f.commune) error=fe("commune")
                on_input=Callback::new(move |v| commune.set(v))/>
            {move || if for_structure.get() {
                view! { <PointPicker lat lon look geocoder error=fe("point")/> }.into_any()
            } else {
                view! { <p class="hint">{t::POINT_PICK_INDIVIDUAL}</p> }.into_any()
            }}
            <CommuneDatalist hits=suggestions/>
            <Select name="form[urgency]" label=t::FIELD_URGENCY options=urgencies required=true
                value=current(|f| &f.urgency).or_else(|| Some("normal".into())) error=fe("urgency")/>
            <Field name="form[expires_on]" label=t::FIELD_EXPIRES_ON hint=t::FIELD_EXPIRES_ON_HINT kind="date"
                value=current(|f| &f.expires_on) error=fe("expires_on")/>

            <Transition fallback=|| ()>
                {move || similar.get().and_then(Result::ok).filter(|s| s.total > 0).map(|s| {
                    let offers = kind.get() == "need";
                    let category_name = s.posts.first().map(|p| p.category_name.clone()).unwrap_or_default();
                    view! {
                        <aside class="notice similar" aria-labelledby="similaires-titre">
                            <h2 id="similaires-titre">{t::SIMILAR_TITLE}</h2>
                            <p>{t::similar_nearby(s.total, offers, &category_name, s.radius_km)}</p>
                            <ul class="cards">{s.posts.into_iter().map(|p| view! { <li><PostCardView post=p/></li> }).collect_view()}</ul>
                        </aside>
                    }
                })}
            </Transition>

            <div class="button-row">
                <button class="button" type="submit" name="intent" value=if is_edit { "save" } else { "publish" }>
                    {if is_edit { t::SAVE_SUBMIT } else { t::PUBLISH_SUBMIT }}
                </button>
                {(!is_edit).then(|| view! {
                    <button class="button button-secondary" type="submit" name="intent" value="draft">{t::DRAFT_SUBMIT}</button>
                })}
            </div>
        </form>
    }
}

/// Where a typed commune is (« Uzès (30700) », a name or a postcode): its first match,
/// the one with that postcode if given.
async fn commune_place(typed: &str) -> Option<Look> {
    let typed = typed.trim();
    let (name, postcode) = match typed.split_once(" (") {
        Some((n, rest)) => (n.trim(), Some(rest.trim_end_matches(')').trim())),
        None => (typed, None),
    };
    if name.chars().count() < 2 {
        return None;
    }
    let hits = search_communes(name.to_string()).await.ok()?;
    let hit = hits.iter().find(|h| Some(h.postcode.as_str()) == postcode).or(hits.first())?;
    Some((hit.lat, hit.lon, 13))
}
