//! `/admin/reglages` (instance admins): categories and themes, instance texts, the map's
//! default view. `/coordination/territoires`: territories and networks — name, communes,
//! member structures, coordinators. Plain forms; each reloads the data once done.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{
    EditLabel, SaveInstanceText, SaveMapView, SaveTerritory, TerritoryCommunes, TerritoryCoordinator, TerritoryMember,
    instance_settings, territories,
};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, action_error};
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{INSTANCE_TEXTS, LabelRow, SettingsView, TerritoryView};

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::SETTINGS_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::SETTINGS_TITLE}</h1>
            <RequireUser back_to="/admin/reglages".into() content=|_| view! { <SettingsBody/> }/>
        </div>
    }
}

#[component]
fn SettingsBody() -> impl IntoView {
    let label = ServerAction::<EditLabel>::new();
    let text = ServerAction::<SaveInstanceText>::new();
    let map = ServerAction::<SaveMapView>::new();
    let data = Resource::new(
        move || label.version().get() + text.version().get() + map.version().get(),
        |_| instance_settings(),
    );
    view! {
        <FormError error=action_error(label)/>
        <FormError error=action_error(text)/>
        <FormError error=action_error(map)/>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(s) => view! { <SettingsView s label text map/> }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SettingsView(s: SettingsView, label: ServerAction<EditLabel>, text: ServerAction<SaveInstanceText>, map: ServerAction<SaveMapView>) -> impl IntoView {
    view! {
        <LabelList kind="category" title=t::SETTINGS_CATEGORIES rows=s.categories label/>
        <LabelList kind="theme" title=t::SETTINGS_THEMES rows=s.themes label/>
        <section aria-labelledby="textes">
            <h2 id="textes">{t::SETTINGS_TEXTS}</h2>
            <p class="hint">{t::SETTINGS_TEXTS_HINT}</p>
            {s.texts.into_iter().map(|(key, body)| {
                let (title, page) = INSTANCE_TEXTS.iter().find(|(k, _, _)| *k == key).map(|(_, t, p)| (*t, *p)).unwrap_or(("", ""));
                let id = format!("texte-{key}");
                view! {
                    <ActionForm action=text attr:class="settings-text">
                        <input type="hidden" name="key" value=key.clone()/>
                        <label for=id.clone()>{title} " " <a href=page>"(" {page} ")"</a></label>
                        <textarea id=id name="body" rows="6" maxlength=crate::model::INSTANCE_TEXT_MAX>{body}</textarea>
                        <button class="button button-small" type="submit">{t::SETTINGS_SAVE}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </section>
        <section aria-labelledby="vue-carte">
            <h2 id="vue-carte">{t::SETTINGS_MAP}</h2>
            <ActionForm action=map attr:class="filters-inline">
                <label for="carte-lat">"Latitude"</label>
                <input id="carte-lat" name="lat" type="number" step="0.0001" min="-85" max="85" value=s.map_lat required/>
                <label for="carte-lon">"Longitude"</label>
                <input id="carte-lon" name="lon" type="number" step="0.0001" min="-180" max="180" value=s.map_lon required/>
                <label for="carte-zoom">"Zoom"</label>
                <input id="carte-zoom" name="zoom" type="number" min="2" max="18" value=s.map_zoom required/>
                <button class="button button-small" type="submit">{t::SETTINGS_SAVE}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn LabelList(kind: &'static str, title: &'static str, rows: Vec<LabelRow>, label: ServerAction<EditLabel>) -> impl IntoView {
    let others = rows.clone();
    let add_id = format!("ajout-{kind}");
    view! {
        <section aria-labelledby=format!("liste-{kind}")>
            <h2 id=format!("liste-{kind}")>{title}</h2>
            <ul class="plain-list">
                {rows.into_iter().map(|r| {
                    let name_id = format!("{kind}-{}-nom", r.id);
                    let merge_id = format!("{kind}-{}-fusion", r.id);
                    let others = others.iter().filter(|o| o.id != r.id).cloned().collect::<Vec<_>>();
                    let name = r.name.clone();
                    view! {
                        <li class="card label-row">
                            <ActionForm action=label attr:class="inline-form">
                                <input type="hidden" name="kind" value=kind/>
                                <input type="hidden" name="action" value="rename"/>
                                <input type="hidden" name="id" value=r.id/>
                                <label for=name_id.clone()>{t::SETTINGS_NAME}</label>
                                <input id=name_id type="text" name="name" value=r.name.clone() required maxlength=crate::model::LABEL_NAME_MAX/>
                                <button class="button button-small" type="submit">{t::SETTINGS_RENAME}</button>
                            </ActionForm>
                            <span class="muted">{t::label_used(r.used, kind == "category")}</span>
                            {["up", "down"].into_iter().map(|dir| {
                                let label_text = format!("{} : {}", if dir == "up" { t::SETTINGS_UP } else { t::SETTINGS_DOWN }, name);
                                view! {
                                <ActionForm action=label attr:class="inline-form">
                                    <input type="hidden" name="kind" value=kind/>
                                    <input type="hidden" name="action" value=dir/>
                                    <input type="hidden" name="id" value=r.id/>
                                    <button class="button button-small button-secondary" type="submit"
                                        aria-label=label_text>
                                        {if dir == "up" { "↑" } else { "↓" }}
                                    </button>
                                </ActionForm>
                            }}).collect_view()}
                            <ActionForm action=label attr:class="inline-form">
                                <input type="hidden" name="kind" value=kind/>
                                <input type="hidden" name="action" value="merge"/>
                                <input type="hidden" name="id" value=r.id/>
                                <label for=merge_id.clone()>{t::SETTINGS_MERGE_INTO}</label>
                                <select id=merge_id name="other">
                                    {others.into_iter().map(|o| view! { <option value=o.id>{o.name}</option> }).collect_view()}
                                </select>
                                <button class="button button-small button-secondary" type="submit">{t::SETTINGS_MERGE}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=label attr:class="inline-form">
                <input type="hidden" name="kind" value=kind/>
                <input type="hidden" name="action" value="add"/>
                <label for=add_id.clone()>{t::SETTINGS_ADD}</label>
                <input id=add_id type="text" name="name" required maxlength=crate::model::LABEL_NAME_MAX/>
                <button class="button button-small" type="submit">{t::SETTINGS_ADD_BUTTON}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn TerritoriesPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::TERRITORIES_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::TERRITORIES_TITLE}</h1>
            <RequireUser back_to="/coordination/territoires".into() content=|_| view! { <TerritoriesBody/> }/>
        </div>
    }
}

#[derive(Clone, Copy)]
struct TerritoryActions {
    save: ServerAction<SaveTerritory>,
    communes: ServerAction<TerritoryCommunes>,
    member: ServerAction<TerritoryMember>,
    coordinator: ServerAction<TerritoryCoordinator>,
}

#[component]
fn TerritoriesBody() -> impl IntoView {
    let a = TerritoryActions { save: ServerAction::new(), communes: ServerAction::new(), member: ServerAction::new(), coordinator: ServerAction::new() };
    let data = Resource::new(
        move || a.save.version().get() + a.communes.version().get() + a.member.version().get() + a.coordinator.version().get(),
        |_| territories(),
    );
    view! {
        <FormError error=action_error(a.save)/>
        <FormError error=action_error(a.communes)/>
        <FormError error=action_error(a.member)/>
        <FormError error=action_error(a.coordinator)/>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(v) => view! {
                    {v.territories.into_iter().map(|tv| view! { <TerritoryCard tv a admin=v.admin/> }).collect_view()}
                    {v.admin.then(|| view! {
                        <section aria-labelledby="nouveau-territoire">
                            <h2 id="nouveau-territoire">{t::TERRITORIES_NEW}</h2>
                            <ActionForm action=a.save>
                                <label for="territoire-nom">{t::SETTINGS_NAME}</label>
                                <input id="territoire-nom" type="text" name="name" required maxlength="120"/>
                                <label for="territoire-presentation">{t::TERRITORIES_DESCRIPTION}</label>
                                <textarea id="territoire-presentation" name="description" rows="2" maxlength="2000"></textarea>
                                <button class="button" type="submit">{t::TERRITORIES_CREATE}</button>
                            </ActionForm>
                        </section>
                    })}
                }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn TerritoryCard(tv: TerritoryView, a: TerritoryActions, admin: bool) -> impl IntoView {
    let id = tv.id;
    let f = move |what: &str| format!("territoire-{id}-{what}");
    view! {
        <section class="card territory" aria-labelledby=f("titre")>
            <h2 id=f("titre")>{tv.name.clone()}</h2>
            <p><a href=format!("/coordination/tableau?reseau={}", tv.slug)>{t::DASHBOARD_TITLE}</a></p>
            <ActionForm action=a.save>
                <input type="hidden" name="id" value=id/>
                <label for=f("nom")>{t::SETTINGS_NAME}</label>
                <input id=f("nom") type="text" name="name" value=tv.name required maxlength="120"/>
                <label for=f("presentation")>{t::TERRITORIES_DESCRIPTION}</label>
                <textarea id=f("presentation") name="description" rows="2" maxlength="2000">{tv.description}</textarea>
                <button class="button button-small" type="submit">{t::SETTINGS_SAVE}</button>
            </ActionForm>
            <h3>{t::territory_communes(tv.commune_count)}</h3>
            // Only instance admins change the communes (they widen the coordinators' scope).
            <ul class="chips">
                {tv.communes.into_iter().map(|(insee, name)| view! {
                    <li>
                        {if admin {
                            view! {
                                <ActionForm action=a.communes attr:class="inline-form">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="action" value="remove"/>
                                    <input type="hidden" name="value" value=insee/>
                                    {name.clone()} " "
                                    <button class="link-button" type="submit" aria-label=format!("{} {name}", t::TERRITORIES_REMOVE)>"✕"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            name.into_any()
                        }}
                    </li>
                }).collect_view()}
            </ul>
            {if admin {
                view! {
                    <ActionForm action=a.communes attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="action" value="add"/>
                        <label for=f("commune")>{t::TERRITORIES_ADD_COMMUNE}</label>
                        <input id=f("commune") type="text" name="value" required maxlength="100"/>
                        <button class="button button-small" type="submit">{t::SETTINGS_ADD_BUTTON}</button>
                    </ActionForm>
                    <ActionForm action=a.communes attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="action" value="departement"/>
                        <label for=f("departement")>{t::TERRITORIES_ADD_DEPARTEMENT}</label>
                        <input id=f("departement") type="text" name="value" required maxlength="3" size="4"/>
                        <button class="button button-small" type="submit">{t::SETTINGS_ADD_BUTTON}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="muted">{t::TERRITORIES_COMMUNES_BY_ADMINS}</p> }.into_any()
            }}
            <h3>{t::TERRITORIES_MEMBERS}</h3>
            <ul>
                {tv.members.into_iter().map(|(sid, name, slug)| view! {
                    <li>
                        <a href=format!("/structures/{slug}")>{name.clone()}</a> " "
                        <ActionForm action=a.member attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="action" value="remove"/>
                            <input type="hidden" name="structure" value=sid/>
                            <button class="link-button" type="submit" aria-label=format!("{} {name}", t::TERRITORIES_REMOVE)>"✕"</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
                // Invited, until one of its responsables answers; withdrawn like a member.
                {tv.invited.into_iter().map(|(sid, name, slug)| view! {
                    <li>
                        <a href=format!("/structures/{slug}")>{name.clone()}</a> " "
                        <span class="tag tag-waiting">{t::TERRITORIES_INVITED}</span> " "
                        <ActionForm action=a.member attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="action" value="remove"/>
                            <input type="hidden" name="structure" value=sid/>
                            <button class="link-button" type="submit" aria-label=format!("{} {name}", t::TERRITORIES_REMOVE)>"✕"</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=a.member attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="action" value="add"/>
                <label for=f("membre")>{if admin { t::TERRITORIES_ADD_MEMBER } else { t::TERRITORIES_INVITE_MEMBER }}</label>
                <input id=f("membre") type="text" name="structure" required maxlength="160"/>
                <button class="button button-small" type="submit">{t::SETTINGS_ADD_BUTTON}</button>
            </ActionForm>
            <h3>{t::TERRITORIES_COORDINATORS}</h3>
            <ul>
                {tv.coordinators.into_iter().map(|(uid, name)| view! {
                    <li>{name.clone()}
                        {admin.then(|| view! {
                            " "
                            <ActionForm action=a.coordinator attr:class="inline-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="action" value="remove"/>
                                <input type="hidden" name="who" value=uid/>
                                <button class="link-button" type="submit" aria-label=format!("{} {name}", t::TERRITORIES_REMOVE)>"✕"</button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            {admin.then(|| view! {
                <ActionForm action=a.coordinator attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="action" value="add"/>
                    <label for=f("coordination")>{t::TERRITORIES_ADD_COORDINATOR}</label>
                    <input id=f("coordination") type="email" name="who" required maxlength="254"/>
                    <button class="button button-small" type="submit">{t::SETTINGS_ADD_BUTTON}</button>
                </ActionForm>
            })}
        </section>
    }
}
