//! Espace coordination, reading side: the dashboard (`/coordination/tableau`), the list
//! of posts behind each figure (`/coordination/annonces`, with its CSV export) and
//! « mise en relation » of an unanswered need (`/coordination/relier/{id}`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{ConnectPosts, connection_candidates, coordination_posts, get_dashboard};
use crate::components::charts::{BarGroup, HorizontalBars, VerticalBars};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{FormError, action_error};
use crate::components::post_card::PostCardView;
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{CoordFilter, CoordList, CoordState, Dashboard, MapKind, Params, PostKind, ScopeView, UNANSWERED_DAYS};

/// The territory picker of the coordination pages (a plain GET form).
#[component]
pub fn ScopePicker(scope: ScopeView, path: &'static str) -> impl IntoView {
    let current = scope.current.clone().unwrap_or_default();
    (scope.instance_wide || scope.choices.len() > 1).then(|| view! {
        <form method="get" action=path class="scope-picker">
            <label for="reseau">{t::COORD_SCOPE_LABEL}</label>
            <select id="reseau" name="reseau">
                {scope.instance_wide.then(|| view! { <option value="" selected=current.is_empty()>{t::COORD_SCOPE_INSTANCE}</option> })}
                {scope.choices.into_iter().map(|c| {
                    let selected = c.slug == current;
                    view! { <option value=c.slug selected=selected>{c.name}</option> }
                }).collect_view()}
            </select>
            <button class="button button-secondary button-small" type="submit">{t::COORD_SCOPE_SHOW}</button>
        </form>
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::DASHBOARD_TITLE)/>
        <div class="wrap dashboard">
            <RequireUser back_to="/coordination/tableau".into() content=|_| view! { <DashboardBody/> }/>
        </div>
    }
}

#[component]
fn DashboardBody() -> impl IntoView {
    let query = use_query_map();
    let reseau = move || query.with(|q| q.get("reseau").filter(|s| !s.is_empty()));
    let data = Resource::new(reseau, get_dashboard);
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <DashboardView d/> }.into_any(),
                Err(e) => view! { <h1>{t::DASHBOARD_TITLE}</h1><ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let mut base = CoordFilter::default();
    base.posts.place.territory = d.scope.current.clone();
    let link = {
        let base = base.clone();
        move |f: &dyn Fn(&mut CoordFilter)| {
            let mut c = base.clone();
            f(&mut c);
            c.list_url()
        }
    };
    let need = |c: &mut CoordFilter| c.posts.kinds = vec![MapKind::Need];
    let offer = |c: &mut CoordFilter| c.posts.kinds = vec![MapKind::Offer];
    let unanswered = UNANSWERED_DAYS.map(|days| link(&move |c: &mut CoordFilter| c.state = CoordState::Unanswered(days)));
    let moderation = match &d.scope.current {
        Some(s) => format!("/coordination/moderation?reseau={s}"),
        None => "/coordination/moderation".into(),
    };
    let directory = match &d.scope.current {
        Some(s) => format!("/annuaire?reseau={s}"),
        None => "/annuaire".into(),
    };
    let categories: Vec<BarGroup> = d
        .by_category
        .iter()
        .map(|c| BarGroup {
            label: c.name.clone(),
            href: link(&|f: &mut CoordFilter| f.posts.categories = vec![c.slug.clone()]),
            needs: c.needs,
            offers: c.offers,
        })
        .collect();
    let communes: Vec<BarGroup> = d
        .by_commune
        .iter()
        .map(|c| BarGroup {
            label: c.name.clone(),
            href: link(&|f: &mut CoordFilter| f.posts.place.commune = Some(c.insee.clone())),
            needs: c.needs,
            offers: c.offers,
        })
        .collect();
    let months: Vec<BarGroup> = d
        .trend
        .iter()
        .map(|m| BarGroup {
            label: m.month.clone(),
            href: link(&|f: &mut CoordFilter| {
                f.state = CoordState::All;
                f.month = Some(m.month.clone());
            }),
            needs: m.needs,
            offers: m.offers,
        })
        .collect();
    view! {
        <h1>{t::DASHBOARD_TITLE} " — " {d.scope.name.clone()}</h1>
        <p class="lead">{t::DASHBOARD_INTRO}</p>
        <p class="muted">{t::figures_as_of(d.computed_at)}</p>
        <ScopePicker scope=d.scope.clone() path="/coordination/tableau"/>
        <ul class="stats dashboard-figures">
            <li><a href=link(&need)><strong>{d.open_needs}</strong>{t::DASHBOARD_OPEN_NEEDS}</a></li>
            <li><a href=link(&offer)><strong>{d.open_offers}</strong>{t::DASHBOARD_OPEN_OFFERS}</a></li>
            <li><a href=unanswered[0].clone()><strong>{d.unanswered[0]}</strong>{t::unanswered_since(UNANSWERED_DAYS[0])}</a></li>
            <li><a href=unanswered[1].clone()><strong>{d.unanswered[1]}</strong>{t::unanswered_since(UNANSWERED_DAYS[1])}</a></li>
            <li><a href=link(&|c: &mut CoordFilter| c.state = CoordState::FulfilledThisMonth)><strong>{d.fulfilled_this_month}</strong>{t::DASHBOARD_FULFILLED}</a></li>
            <li><a href=link(&|c: &mut CoordFilter| c.state = CoordState::All)>
                <strong>{d.median_first_response_hours.map(t::hours_readable).unwrap_or_else(|| "—".into())}</strong>
                {t::DASHBOARD_MEDIAN}<br/><span class="muted">{t::median_sample(d.first_response_sample)}</span></a></li>
            <li><a href=directory><strong>{d.active_structures}</strong>{t::DASHBOARD_ACTIVE}</a></li>
            <li><a href=moderation><strong>{d.queue_len}</strong>{t::DASHBOARD_QUEUE}
                {d.queue_oldest.map(|o| view! { <br/><span class="muted">{t::waiting_since(o)}</span> })}</a></li>
        </ul>

        <section aria-labelledby="par-categorie">
            <h2 id="par-categorie">{t::DASHBOARD_BY_CATEGORY}</h2>
            <HorizontalBars id="categories" title=t::DASHBOARD_BY_CATEGORY groups=categories.clone()/>
            <FigureTable first=t::DASHBOARD_CATEGORY groups=categories/>
        </section>

        <section aria-labelledby="par-commune">
            <h2 id="par-commune">{t::DASHBOARD_BY_COMMUNE}</h2>
            {if communes.is_empty() {
                view! { <p class="muted">{t::DASHBOARD_NO_POSTS}</p> }.into_any()
            } else {
                view! {
                    <HorizontalBars id="communes" title=t::DASHBOARD_BY_COMMUNE groups=communes.clone()/>
                    <FigureTable first=t::DASHBOARD_COMMUNE groups=communes/>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="tendance">
            <h2 id="tendance">{t::DASHBOARD_TREND}</h2>
            <VerticalBars id="mois" title=t::DASHBOARD_TREND groups=months.clone()/>
            <FigureTable first=t::DASHBOARD_MONTH groups=months.into_iter().map(|g| BarGroup { label: t::month_label(&g.label), ..g }).collect()/>
        </section>

        <section aria-labelledby="exports">
            <h2 id="exports">{t::COORD_EXPORTS}</h2>
            <p class="muted">{t::COORD_EXPORTS_NOTE}</p>
            <ul>
                {[("structures.csv", t::COORD_EXPORT_STRUCTURES_CSV), ("structures.geojson", t::COORD_EXPORT_STRUCTURES_GEOJSON),
                  ("structures.data-inclusion.json", t::COORD_EXPORT_STRUCTURES_INCLUSION), ("annonces.csv", t::COORD_EXPORT_POSTS_CSV)]
                    .into_iter().map(|(file, label)| {
                        let href = match &d.scope.current {
                            Some(s) => format!("/coordination/export/{file}?reseau={s}"),
                            None => format!("/coordination/export/{file}"),
                        };
                        view! { <li><a href=href download="">{label}</a></li> }
                    }).collect_view()}
                <li><a href="/coordination/import">{t::IMPORT_TITLE}</a></li>
            </ul>
        </section>

        <section aria-labelledby="sans-reponse">
            <h2 id="sans-reponse">{t::DASHBOARD_UNMET}</h2>
            {if d.unmet.is_empty() {
                view! { <p>{t::DASHBOARD_UNMET_NONE}</p> }.into_any()
            } else {
                view! {
                    <UnmetMap needs=d.unmet.clone()/>
                    <ul class="plain-list unmet-list">
                        {d.unmet.into_iter().take(20).map(|n| view! {
                            <li>
                                <a href=format!("/partage/{}", n.id)>{n.title}</a>
                                " · " <a class="button button-small button-secondary" href=format!("/coordination/relier/{}", n.id)>{t::DASHBOARD_CONNECT}</a>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p><a href=unanswered[0].clone()>{t::DASHBOARD_SEE_LIST}</a></p>
                }.into_any()
            }}
        </section>
    }
}

/// The figures of a chart as a table, each row a link to its list.
#[component]
fn FigureTable(first: &'static str, groups: Vec<BarGroup>) -> impl IntoView {
    view! {
        <details class="figure-table">
            <summary>{t::DASHBOARD_TABLE_NOTE}</summary>
            <div class="table-scroll">
                <table class="data">
                    <thead><tr>
                        <th scope="col">{first}</th>
                        <th scope="col">{t::DASHBOARD_NEEDS}</th>
                        <th scope="col">{t::DASHBOARD_OFFERS}</th>
                    </tr></thead>
                    <tbody>
                        {groups.into_iter().map(|g| view! {
                            <tr><th scope="row"><a href=g.href>{g.label}</a></th><td>{g.needs}</td><td>{g.offers}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

/// Unanswered needs on a small map (points drawn in the browser from the page's data).
#[component]
fn UnmetMap(needs: Vec<crate::model::UnmetNeed>) -> impl IntoView {
    use crate::components::map::StaticPointsMap;
    view! { <StaticPointsMap points=needs.into_iter().map(|n| (n.lat, n.lon, n.title, format!("/partage/{}", n.id))).collect()/> }
}

#[component]
pub fn CoordPostsPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::COORD_POSTS_TITLE)/>
        <div class="wrap">
            <RequireUser back_to="/coordination/annonces".into() content=|_| view! { <CoordPostsBody/> }/>
        </div>
    }
}

#[component]
fn CoordPostsBody() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| CoordFilter::from_params(&Params::from(q))));
    let data = Resource::new(move || filter.get(), coordination_posts);
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(list) => view! { <CoordPostsView list filter=filter.get_untracked()/> }.into_any(),
                Err(e) => view! { <h1>{t::COORD_POSTS_TITLE}</h1><ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CoordPostsView(list: CoordList, filter: CoordFilter) -> impl IntoView {
    let CoordList { scope, categories, rows, more } = list;
    let export = format!("/coordination/export/annonces.csv?{}", crate::model::query(&filter.to_pairs()));
    let export_geo = export.replacen("annonces.csv", "annonces.geojson", 1);
    let page = filter.posts.page;
    let page_url = {
        let f = filter.clone();
        move |p: u32| CoordFilter { posts: f.posts.with_page(p), ..f.clone() }.list_url()
    };
    let state = filter.state;
    let current = scope.current.clone();
    view! {
        <h1>{t::COORD_POSTS_TITLE} " — " {scope.name.clone()}</h1>
        <p><a href=match &current { Some(s) => format!("/coordination/tableau?reseau={s}"), None => "/coordination/tableau".into() }>
            "← " {t::DASHBOARD_TITLE}</a></p>
        <form method="get" action="/coordination/annonces" class="filters-inline">
            {current.map(|s| view! { <input type="hidden" name="reseau" value=s/> })}
            {filter.month.clone().map(|m| view! { <input type="hidden" name="mois" value=m/> })}
            {filter.posts.place.commune.clone().map(|c| view! { <input type="hidden" name="commune" value=c/> })}
            {filter.posts.place.departement.clone().map(|d| view! { <input type="hidden" name="departement" value=d/> })}
            <label for="etat">{t::COORD_STATE}</label>
            <select id="etat" name="etat">
                {[CoordState::Open, CoordState::Unanswered(7), CoordState::Unanswered(30), CoordState::FulfilledThisMonth, CoordState::All]
                    .into_iter().map(|s| {
                        let label = match s {
                            CoordState::Open => t::COORD_STATE_OPEN.to_string(),
                            CoordState::Unanswered(d) => t::unanswered_since(d),
                            CoordState::FulfilledThisMonth => t::COORD_STATE_FULFILLED.to_string(),
                            CoordState::All => t::COORD_STATE_ALL.to_string(),
                        };
                        view! { <option value=s.to_param() selected=s == state>{label}</option> }
                    }).collect_view()}
            </select>
            <label for="type">{t::DIRECTORY_KIND}</label>
            <select id="type" name="type">
                <option value="">{t::DIRECTORY_ALL}</option>
                <option value="besoin" selected=filter.posts.post_kind() == Some(PostKind::Need)>{t::DASHBOARD_NEEDS}</option>
                <option value="ressource" selected=filter.posts.post_kind() == Some(PostKind::Offer)>{t::DASHBOARD_OFFERS}</option>
            </select>
            <label for="categorie">{t::DASHBOARD_CATEGORY}</label>
            <select id="categorie" name="categorie">
                <option value="">{t::DIRECTORY_ALL}</option>
                {categories.into_iter().map(|c| {
                    let selected = filter.posts.categories == [c.slug.clone()];
                    view! { <option value=c.slug selected=selected>{c.name}</option> }
                }).collect_view()}
            </select>
            <button class="button button-small" type="submit">{t::COORD_FILTER}</button>
        </form>
        {filter.month.clone().map(|m| view! { <p class="muted">{t::COORD_MONTH_FILTER} " " {t::month_label(&m)}</p> })}
        <p class="button-row">
            <a class="button button-secondary" href=export download="">{t::COORD_EXPORT_CSV}</a>
            <a class="button button-secondary" href=export_geo download="">{t::COORD_EXPORT_GEOJSON}</a>
        </p>
        {if rows.is_empty() {
            view! { <p>{t::COORD_POSTS_NONE}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data">
                        <thead><tr>
                            <th scope="col">{t::COORD_COL_TITLE}</th>
                            <th scope="col">{t::DASHBOARD_CATEGORY}</th>
                            <th scope="col">{t::COORD_COL_WHO}</th>
                            <th scope="col">{t::DASHBOARD_COMMUNE}</th>
                            <th scope="col">{t::COORD_COL_PUBLISHED}</th>
                            <th scope="col">{t::COORD_COL_STATUS}</th>
                            <th scope="col">{t::COORD_COL_RESPONSES}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|p| {
                                let connect = (p.kind == PostKind::Need && p.responses == 0 && !p.hidden
                                    && matches!(p.status, crate::model::PostStatus::Published | crate::model::PostStatus::InProgress))
                                    .then(|| view! { " " <a class="button button-small button-secondary" href=format!("/coordination/relier/{}", p.id)>{t::DASHBOARD_CONNECT}</a> });
                                view! {
                                    <tr>
                                        <td><span class="muted">{p.kind.label()} " · "</span><a href=format!("/partage/{}", p.id)>{p.title}</a>{connect}</td>
                                        <td>{p.category_name}</td>
                                        <td>{p.structure_name.unwrap_or_else(|| t::COORD_INDIVIDUAL.to_string())}</td>
                                        <td>{p.commune_name}</td>
                                        <td>{p.published_at.map(|d| t::date_fr(t::paris_date(d)))}</td>
                                        <td>{p.status.label()}{p.hidden.then(|| view! { " (" {t::COORD_HIDDEN} ")" })}</td>
                                        <td>{p.responses}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <crate::components::pagination::Pagination page pages=if more { page + 1 } else { page } href=page_url/>
    }
}

#[component]
pub fn ConnectPage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::CONNECT_TITLE)/>
        <div class="wrap narrow">
            <h1>{t::CONNECT_TITLE}</h1>
            <RequireUser back_to="/coordination/tableau".into() content=|_| view! { <ConnectBody/> }/>
        </div>
    }
}

#[component]
fn ConnectBody() -> impl IntoView {
    let params = use_params_map();
    let need_id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let connect = ServerAction::<ConnectPosts>::new();
    let data = Resource::new(move || (need_id(), connect.version().get()), |(id, _)| connection_candidates(id));
    let error = action_error(connect);
    view! {
        <FormError error/>
        {move || connect.value().get().and_then(Result::ok).map(|_| view! { <p class="notice" role="status">{t::CONNECT_OK}</p> })}
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(v) => {
                    let need_id = v.need.id;
                    view! {
                        <PostCardView post=v.need.clone()/>
                        <p class="muted">{t::responses_received(v.responses)}</p>
                        <p>{t::CONNECT_INTRO}</p>
                        {if v.candidates.is_empty() {
                            view! { <p>{t::CONNECT_NONE}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {v.candidates.into_iter().map(|offer| {
                                        let done = v.connected.contains(&offer.id);
                                        let offer_id = offer.id;
                                        view! {
                                            <li class="connect-candidate">
                                                <PostCardView post=offer/>
                                                {if done {
                                                    view! { <p class="tag">"✓ " {t::CONNECT_DONE}</p> }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=connect attr:class="inline-form">
                                                            <input type="hidden" name="need_id" value=need_id/>
                                                            <input type="hidden" name="offer_id" value=offer_id/>
                                                            <button class="button button-small" type="submit">{t::CONNECT_BUTTON}</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                }
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}
