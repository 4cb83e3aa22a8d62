//! « Mutualiser »: the resource list (`/ressources`), a resource's page with its calendar
//! and request form (`/ressources/{id}`), and the owner's form (`/ressources/nouvelle`,
//! `/ressources/{id}/modifier`). Server components: the calendar is a table of days,
//! links and plain forms, usable without JavaScript (decision 37).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{RequestBooking, SaveResource, resource_editor, resource_list, resource_page};
use crate::components::feedback::{ErrorNote, Loading};
use crate::components::form::{Field, FormError, Select, TextArea, action_error, field_error, initial_value, provide_refused_form};
use crate::components::pagination::Pagination;
use crate::components::point_picker::ResourcePointPicker;
use crate::components::require_user::RequireUser;
use crate::i18n as t;
use crate::model::{
    CalendarDay, CalendarView, CellState, ResourceCard, ResourceFormData, ResourceKind, ResourceListData, ResourcePageData, TimeUnit,
    pooling::*,
};
use crate::pages::bookings::{BookingLines, FeedLink};
use crate::pages::not_found::NotFound;

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let query = use_query_map();
    let raw = Memo::new(move |_| query.with(|q| {
        let read = ResourceQuery::read(&crate::model::Params::from(q));
        read.to_query(read.page)
    }));
    let data = Resource::new(move || raw.get(), resource_list);
    view! {
        <Title text=t::page_title(t::RESOURCES_TITLE)/>
        <Meta name="description" content=t::RESOURCES_INTRO/>
        <div class="wrap resources">
            <h1>{t::RESOURCES_TITLE}</h1>
            <p class="lead">{t::RESOURCES_INTRO}</p>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(d) => view! { <ResourceResults data=d/> }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ResourceResults(data: ResourceListData) -> impl IntoView {
    let q = data.query.clone();
    let kind = q.kind;
    let mut without_commune = q.clone();
    without_commune.place.commune = None;
    let pages = ((data.total + data.per_page - 1) / data.per_page).max(1) as u32;
    let query = q.clone();
    view! {
        <p>
            {data.may_publish.then(|| view! { <a class="button" href="/ressources/nouvelle">{t::RESOURCE_NEW}</a> " " })}
            {data.signed_in.then(|| view! { <a href="/reservations">{t::BOOKINGS_TITLE}</a> " · " })}
            <a href="/carte?type=reservable">{t::RESOURCES_ON_MAP}</a>
        </p>
        <div class="directory-layout">
            <form class="filters panel" method="get" action="/ressources" role="search" aria-label=t::RESOURCES_SEARCH>
                <div class="field">
                    <label for="ressources-q">{t::RESOURCES_SEARCH}</label>
                    <input id="ressources-q" name="q" type="search" maxlength="100" value=q.q.clone()/>
                </div>
                <div class="field">
                    <label for="ressources-type">{t::FIELD_RESOURCE_KIND}</label>
                    <select id="ressources-type" name="type">
                        <option value="">{t::RESOURCES_ALL_KINDS}</option>
                        {ResourceKind::ALL.iter().map(|k| view! {
                            <option value=k.as_str() selected=kind == Some(*k)>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ressources-dep">{t::DIRECTORY_DEPARTEMENT}</label>
                    <input id="ressources-dep" name="departement" type="text" maxlength="3" class="short"
                        value=q.place.departement.clone().unwrap_or_default()/>
                </div>
                {q.place.commune.clone().map(|insee| view! {
                    <input type="hidden" name="commune" value=insee/>
                    <p>{t::DIRECTORY_IN_COMMUNE} " " <strong>{data.commune_name.clone().unwrap_or_default()}</strong>
                        " (" <a href=format!("/ressources?{}", without_commune.to_query(1))>{t::DIRECTORY_REMOVE_COMMUNE}</a> ")"</p>
                })}
                <div class="actions">
                    <button class="button" type="submit">{t::DIRECTORY_APPLY}</button>
                    <a href="/ressources">{t::DIRECTORY_RESET}</a>
                </div>
            </form>
            <section aria-labelledby="ressources-resultats">
                <h2 id="ressources-resultats">{t::resources_count(data.total)}</h2>
                {if data.items.is_empty() {
                    view! { <p>{t::RESOURCES_NONE}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {data.items.into_iter().map(|r| view! { <li><ResourceCardView r/></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <Pagination page=query.page.max(1) pages href=move |n| format!("/ressources?{}", query.to_query(n))/>
            </section>
        </div>
    }
}

/// A resource in a list (the resources list, a structure's page).
#[component]
pub fn ResourceCardView(r: ResourceCard) -> impl IntoView {
    view! {
        <article class="card resource-card">
            <h3 class="card-title"><a href=format!("/ressources/{}", r.id)>{r.name}</a></h3>
            <p class="card-meta">
                <span class="badge">{r.kind.label()}</span> " · " {r.unit.label()}
                {r.commune.map(|c| view! { " · " {c} })}
            </p>
            <p>{r.summary}</p>
            <p class="card-meta">{t::RESOURCE_OFFERED_BY} " "
                <a href=format!("/structures/{}", r.structure_slug)>{r.structure_name}</a>
                {(!r.contribution.is_empty()).then(|| view! { " · " {t::RESOURCE_CONTRIBUTION} " : " {r.contribution.clone()} })}
            </p>
        </article>
    }
}

#[component]
pub fn ResourcePage() -> impl IntoView {
    provide_refused_form();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let view_args = Memo::new(move |_| query.with(|q| (q.get("mois"), q.get("semaine"))));
    let prefill = query.with_untracked(|q| (q.get("jour"), q.get("partie")));
    let data = Resource::new(
        move || (id.get(), view_args.get()),
        |(id, (mois, semaine))| async move {
            match id {
                Some(id) => resource_page(id, mois, semaine).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(Some(d)) => view! { <ResourceView d prefill=prefill.clone()/> }.into_any(),
                Ok(None) => view! { <NotFound/> }.into_any(),
                Err(e) => view! { <div class="wrap"><ErrorNote message=e.message/></div> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ResourceView(d: ResourcePageData, prefill: (Option<String>, Option<String>)) -> impl IntoView {
    let card = d.card.clone();
    let id = card.id;
    let rules = d.rules.clone();
    view! {
        <Title text=t::page_title(&card.name)/>
        <Meta name="description" content=card.summary.clone()/>
        <div class="wrap resource">
            <p class="breadcrumb"><a href="/ressources">{t::RESOURCES_TITLE}</a></p>
            <h1>{card.name.clone()}</h1>
            <p class="card-meta"><span class="badge">{card.kind.label()}</span> " · " {t::RESOURCE_OFFERED_BY} " "
                <a href=format!("/structures/{}", card.structure_slug)>{card.structure_name.clone()}</a>
                {card.commune.clone().map(|c| view! { " · " {c} })}</p>
            {d.manager.then(|| view! {
                <p><a class="button button-small" href=format!("/ressources/{id}/modifier")>{t::RESOURCE_EDIT}</a>
                   " " <a href="/reservations">{t::BOOKINGS_OF_OURS}</a></p>
            })}
            <div class="resource-layout">
                <section aria-labelledby="ressource-description">
                    <h2 id="ressource-description" class="visually-hidden">{t::FIELD_RESOURCE_DESCRIPTION}</h2>
                    <p class="prewrap">{d.description.clone()}</p>
                    <dl class="facts">
                        {(!d.conditions.is_empty()).then(|| view! { <dt>{t::RESOURCE_CONDITIONS}</dt><dd class="prewrap">{d.conditions.clone()}</dd> })}
                        {(!d.handover.is_empty()).then(|| view! { <dt>{t::RESOURCE_HANDOVER}</dt><dd>{d.handover.clone()}</dd> })}
                        {(!card.contribution.is_empty()).then(|| view! { <dt>{t::RESOURCE_CONTRIBUTION}</dt><dd>{card.contribution.clone()}</dd> })}
                        <dt>{t::RESOURCE_RULES}</dt>
                        <dd>{t::rules_fr(&rules)} " "
                            {if d.open_to_individuals { t::RESOURCE_OPEN_TO_INDIVIDUALS } else { t::RESOURCE_STRUCTURES_ONLY }}</dd>
                        {(!d.partners.is_empty()).then(|| view! { <dt>{t::RESOURCE_PARTNERS}</dt><dd>{d.partners.join(", ")}</dd> })}
                        {(!d.closures.is_empty()).then(|| view! {
                            <dt>{t::RESOURCE_CLOSURES}</dt>
                            <dd><ul>{d.closures.iter().map(|c| view! {
                                <li>{t::closure_fr(c)}</li>
                            }).collect_view()}</ul></dd>
                        })}
                    </dl>
                </section>
            </div>
            {(!d.waiting.is_empty()).then(|| view! {
                <section aria-labelledby="ressource-attente">
                    <h2 id="ressource-attente">{t::BOOKING_WAITING}</h2>
                    <BookingLines lines=d.waiting.clone() owner_side=true/>
                </section>
            })}
            <Calendar id days=d.calendar.clone() view=d.view unit=rules.unit/>
            {d.feed_url.clone().map(|url| view! { <FeedLink url resource_id=Some(id) structure_id=None/> })}
            <RequestForm d=d.clone() prefill/>
        </div>
    }
}

fn state_label(s: CellState) -> &'static str {
    match s {
        CellState::Free => t::CALENDAR_FREE,
        CellState::Taken => t::CALENDAR_TAKEN,
        CellState::Closed => t::CALENDAR_CLOSED,
        CellState::Unavailable => t::CALENDAR_UNAVAILABLE,
    }
}

fn state_class(s: CellState) -> &'static str {
    match s {
        CellState::Free => "slot slot-free",
        CellState::Taken => "slot slot-taken",
        CellState::Closed => "slot slot-closed",
        CellState::Unavailable => "slot slot-unavailable",
    }
}

fn part_label(unit: TimeUnit, part: u32) -> String {
    match unit {
        TimeUnit::Hour => format!("{part} h"),
        TimeUnit::HalfDay if part == 0 => t::CALENDAR_MORNING.to_string(),
        TimeUnit::HalfDay => t::CALENDAR_AFTERNOON.to_string(),
        TimeUnit::Day => t::CALENDAR_DAY.to_string(),
    }
}

/// The calendar: a month (weeks as rows) or a week (days as columns, units as rows). Each
/// unit says its state in words; a free one links to the request form, filled in.
#[component]
fn Calendar(id: i64, days: Vec<CalendarDay>, view: CalendarView, unit: TimeUnit) -> impl IntoView {
    let (prev, next) = view.neighbours();
    let (title, other) = match view {
        CalendarView::Month { year, month } => (
            t::month_label(&format!("{year}-{month:02}")),
            (format!("semaine={}", crate::model::day_param(days.iter().find(|d| d.in_period).map(|d| d.date).unwrap_or(days[0].date))), t::CALENDAR_WEEK),
        ),
        CalendarView::Week { monday } => (
            t::week_label(monday),
            (format!("mois={}", &crate::model::day_param(monday)[..7]), t::CALENDAR_MONTH),
        ),
    };
    let ask = move |date: chrono::NaiveDate, part: u32| format!("/ressources/{id}?jour={}&partie={part}#demande", crate::model::day_param(date));
    let cell_parts = move |day: &CalendarDay| {
        day.cells.iter().map(|c| {
            let label = state_label(c.state);
            let free = c.state == CellState::Free;
            let link = ask(day.date, c.part);
            let part = (unit != TimeUnit::Day).then(|| part_label(unit, c.part));
            view! {
                <span class=state_class(c.state)>
                    {part.map(|p| view! { <span class="slot-part">{p} " : "</span> })}
                    {label}
                    {c.holder.clone().map(|h| view! { " — " {h} })}
                    {free.then(|| view! { " " <a href=link aria-label=t::ask_label(day.date, part_label(unit, c.part))>{t::BOOKING_ASK_SHORT}</a> })}
                </span>
            }
        }).collect_view()
    };
    let body = match view {
        CalendarView::Month { .. } => {
            let weeks: Vec<Vec<CalendarDay>> = days.chunks(7).map(|w| w.to_vec()).collect();
            view! {
                <table class="calendar calendar-month">
                    <caption>{t::RESOURCE_CALENDAR} " — " {title.clone()}</caption>
                    <thead><tr>{t::WEEKDAYS.iter().map(|w| view! { <th scope="col">{*w}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {weeks.into_iter().map(|w| view! {
                            <tr>{w.into_iter().map(|day| {
                                let summary = (unit == TimeUnit::Hour).then(|| {
                                    let free = day.cells.iter().filter(|c| c.state == CellState::Free).count();
                                    let week = format!("/ressources/{id}?semaine={}", crate::model::day_param(day.date));
                                    view! { <span class="slot">{t::free_hours(free)}</span> " " <a href=week>{t::CALENDAR_SEE_DAY}</a> }
                                });
                                let parts = (unit != TimeUnit::Hour).then(|| cell_parts(&day));
                                use chrono::Datelike;
                                view! {
                                    <td class=if day.in_period { "" } else { "out-of-period" }>
                                        <span class="day-number">{day.date.day()}</span>
                                        {day.in_period.then(|| view! { {summary} {parts} })}
                                    </td>
                                }
                            }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }
        CalendarView::Week { .. } => {
            let rows = parts_per_day(unit);
            view! {
                <table class="calendar calendar-week">
                    <caption>{t::RESOURCE_CALENDAR} " — " {title.clone()}</caption>
                    <thead><tr><td></td>{days.iter().map(|d| view! { <th scope="col">{t::day_short(d.date)}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {(0..rows).map(|part| view! {
                            <tr>
                                <th scope="row">{part_label(unit, part)}</th>
                                {days.iter().map(|day| {
                                    let cell = day.cells.iter().find(|c| c.part == part).cloned();
                                    let link = ask(day.date, part);
                                    let label = t::ask_label(day.date, part_label(unit, part));
                                    view! { <td>{cell.map(|c| {
                                        let free = c.state == CellState::Free;
                                        view! {
                                            <span class=state_class(c.state)>{state_label(c.state)}
                                                {c.holder.clone().map(|h| view! { " — " {h} })}
                                                {free.then(|| view! { " " <a href=link.clone() aria-label=label.clone()>{t::BOOKING_ASK_SHORT}</a> })}
                                            </span>
                                        }
                                    })}</td> }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }
    };
    view! {
        <section aria-labelledby="agenda-titre" id="agenda">
            <h2 id="agenda-titre">{t::RESOURCE_CALENDAR}</h2>
            <nav class="calendar-nav" aria-label=t::CALENDAR_NAV>
                <a href=format!("/ressources/{id}?{prev}#agenda") rel="prev">{t::CALENDAR_PREV}</a>
                " · " <a href=format!("/ressources/{id}?{}#agenda", other.0)>{other.1}</a>
                " · " <a href=format!("/ressources/{id}?{next}#agenda") rel="next">{t::CALENDAR_NEXT}</a>
            </nav>
            {body}
        </section>
    }
}

/// « Demander un créneau »: a plain form; a free cell of the calendar fills its day and part.
#[component]
fn RequestForm(d: ResourcePageData, prefill: (Option<String>, Option<String>)) -> impl IntoView {
    let action = ServerAction::<RequestBooking>::new();
    let error = action_error(action);
    let rules = d.rules.clone();
    let id = d.card.id;
    let may_book = !d.book_as.is_empty() || d.may_book_alone;
    let part_options: Vec<(String, String)> =
        (0..parts_per_day(rules.unit)).map(|p| (p.to_string(), part_label(rules.unit, p))).collect();
    let mut booker_options: Vec<(String, String)> = d.book_as.iter().map(|(id, name)| (format!("structure:{id}"), name.clone())).collect();
    if d.may_book_alone {
        booker_options.push(("moi".into(), t::BOOKING_AS_MYSELF.into()));
    }
    let first_booker = booker_options.first().map(|(v, _)| v.clone());
    let day = initial_value("form[day]", prefill.0.clone(), None);
    view! {
        <section aria-labelledby="demande-titre" id="demande">
            <h2 id="demande-titre">{t::BOOKING_ASK_TITLE}</h2>
            {if !d.signed_in {
                view! {
                    <p>{t::BOOKING_SIGN_IN}</p>
                    <p><a class="button" href=format!("/connexion?suivant=/ressources/{id}")>{t::LOGIN_TITLE}</a></p>
                }.into_any()
            } else if !may_book {
                view! { <p>{t::BOOKING_NOT_ALLOWED}</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{t::rules_fr(&rules)}</p>
                    <FormError error/>
                    <ActionForm action>
                        <input type="hidden" name="form[resource_id]" value=id.to_string()/>
                        <div class="field">
                            <label for="champ-form-day">{t::FIELD_BOOKING_DAY}</label>
                            <input id="champ-form-day" name="form[day]" type="date" value=day required
                                aria-invalid=move || field_error(error, "day").get().is_some().then_some("true")/>
                            {move || field_error(error, "day").get().map(|m| view! { <p class="error">{m}</p> })}
                        </div>
                        {if rules.unit == TimeUnit::Day {
                            view! { <input type="hidden" name="form[part]" value="0"/> }.into_any()
                        } else {
                            view! { <Select name="form[part]" label=t::FIELD_BOOKING_PART options=part_options required=true
                                value=prefill.1.clone() error=field_error(error, "part")/> }.into_any()
                        }}
                        <Field name="form[units]" label=t::FIELD_BOOKING_UNITS kind="number" hint=t::units_hint(rules.unit)
                            value=Some(rules.min_units.to_string()) error=field_error(error, "units")/>
                        <Select name="form[booker]" label=t::FIELD_BOOKING_BOOKER options=booker_options required=true
                            value=first_booker error=field_error(error, "booker")/>
                        <TextArea name="form[note]" label=t::FIELD_BOOKING_NOTE maxlength=BOOKING_NOTE_MAX rows=3 error=field_error(error, "note")/>
                        <button class="button" type="submit">{t::BOOKING_ASK}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

/// `/ressources/nouvelle`
#[component]
pub fn NewResourcePage() -> impl IntoView {
    view! {
        <Title text=t::page_title(t::RESOURCE_NEW)/>
        <div class="wrap narrow">
            <h1>{t::RESOURCE_NEW}</h1>
            <RequireUser back_to="/ressources/nouvelle".into() content=|_| view! { <ResourceEditor id=None/> }/>
        </div>
    }
}

/// `/ressources/{id}/modifier`
#[component]
pub fn EditResourcePage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    view! {
        <Title text=t::page_title(t::RESOURCE_EDIT)/>
        <div class="wrap narrow">
            <h1>{t::RESOURCE_EDIT}</h1>
            {match id {
                Some(id) => view! {
                    <RequireUser back_to=format!("/ressources/{id}/modifier") content=move |_| view! { <ResourceEditor id=Some(id)/> }/>
                }.into_any(),
                None => view! { <NotFound/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ResourceEditor(id: Option<i64>) -> impl IntoView {
    provide_refused_form();
    let data = Resource::new(move || id, resource_editor);
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <ResourceFormView d/> }.into_any(),
                Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ResourceFormView(d: ResourceFormData) -> impl IntoView {
    let action = ServerAction::<SaveResource>::new();
    let error = action_error(action);
    let fe = move |f: &'static str| field_error(error, f);
    let f = d.form.clone();
    if d.structures.is_empty() && d.id.is_none() {
        return view! { <p>{t::ERR_RESOURCE_STRUCTURE}</p> <p><a href="/compte/structures">{t::NAV_MY_STRUCTURES}</a></p> }.into_any();
    }
    let structures: Vec<(String, String)> = d.structures.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let kinds: Vec<(String, String)> = ResourceKind::ALL.iter().map(|k| (k.as_str().into(), k.label().into())).collect();
    let units: Vec<(String, String)> = TimeUnit::ALL.iter().map(|u| (u.as_str().into(), u.label().into())).collect();
    // After a refused submission, the partners that were chosen then (every value of the
    // multiple select), else the saved ones.
    let flashed: Option<Vec<String>> = use_context::<crate::components::form::FormFlash>().map(|flash| {
        flash.values.iter().filter(|(n, _)| n == "form[partners][]").map(|(_, v)| v.clone()).collect()
    });
    let chosen: Vec<String> = flashed.filter(|v| !v.is_empty()).unwrap_or_else(|| f.partners.clone());
    let individuals = initial_value("form[open_to_individuals]", f.open_to_individuals.clone(), None).is_some();
    view! {
        <FormError error/>
        <ActionForm action>
            {d.id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
            {if d.id.is_some() {
                view! { <input type="hidden" name="form[structure_id]" value=f.structure_id.clone()/> }.into_any()
            } else {
                view! { <Select name="form[structure_id]" label=t::FIELD_RESOURCE_STRUCTURE options=structures required=true
                    value=Some(f.structure_id.clone()) error=fe("structure_id")/> }.into_any()
            }}
            <Field name="form[name]" label=t::FIELD_RESOURCE_NAME maxlength=RESOURCE_NAME_MAX value=Some(f.name.clone()) error=fe("name")/>
            <Select name="form[kind]" label=t::FIELD_RESOURCE_KIND options=kinds required=true value=Some(f.kind.clone()) error=fe("kind")/>
            <TextArea name="form[description]" label=t::FIELD_RESOURCE_DESCRIPTION maxlength=RESOURCE_DESCRIPTION_MAX
                value=Some(f.description.clone()) error=fe("description")/>
            <TextArea name="form[conditions]" label=t::FIELD_RESOURCE_CONDITIONS hint=t::FIELD_RESOURCE_CONDITIONS_HINT
                maxlength=RESOURCE_CONDITIONS_MAX rows=3 value=Some(f.conditions.clone()) error=fe("conditions")/>
            <Field name="form[commune]" label=t::FIELD_RESOURCE_COMMUNE hint=t::FIELD_RESOURCE_COMMUNE_HINT maxlength=100
                value=Some(f.commune.clone()) error=fe("commune")/>
            <ResourcePointPicker lat=initial_value("form[lat]", Some(f.lat.clone()), None).unwrap_or_default()
                lon=initial_value("form[lon]", Some(f.lon.clone()), None).unwrap_or_default()
                look=d.look geocoder=d.geocoder error=fe("point").get_untracked()/>
            <Field name="form[handover]" label=t::FIELD_RESOURCE_HANDOVER maxlength=RESOURCE_HANDOVER_MAX value=Some(f.handover.clone()) error=fe("handover")/>
            <Field name="form[contribution]" label=t::FIELD_RESOURCE_CONTRIBUTION hint=t::FIELD_RESOURCE_CONTRIBUTION_HINT
                maxlength=RESOURCE_CONTRIBUTION_MAX value=Some(f.contribution.clone()) error=fe("contribution")/>
            <fieldset>
                <legend>{t::RESOURCE_RULES}</legend>
                <Select name="form[unit]" label=t::FIELD_RESOURCE_UNIT options=units required=true value=Some(f.unit.clone()) error=fe("unit")/>
                <Field name="form[min_units]" label=t::FIELD_RESOURCE_MIN kind="number" value=Some(f.min_units.clone()) error=fe("min_units")/>
                <Field name="form[max_units]" label=t::FIELD_RESOURCE_MAX kind="number" value=Some(f.max_units.clone()) error=fe("max_units")/>
                <Field name="form[notice_hours]" label=t::FIELD_RESOURCE_NOTICE kind="number" hint=t::FIELD_RESOURCE_NOTICE_HINT
                    value=Some(f.notice_hours.clone()) error=fe("notice_hours")/>
                <Field name="form[horizon_days]" label=t::FIELD_RESOURCE_HORIZON kind="number" value=Some(f.horizon_days.clone()) error=fe("horizon_days")/>
                <Field name="form[buffer_minutes]" label=t::FIELD_RESOURCE_BUFFER kind="number" value=Some(f.buffer_minutes.clone()) error=fe("buffer_minutes")/>
                <label class="choice">
                    <input type="checkbox" name="form[open_to_individuals]" value="1" checked=individuals/> " " {t::FIELD_RESOURCE_INDIVIDUALS}
                </label>
            </fieldset>
            <div class="field">
                <label for="champ-form-partners">{t::FIELD_RESOURCE_PARTNERS}</label>
                <p class="hint" id="champ-form-partners-aide">{t::FIELD_RESOURCE_PARTNERS_HINT}</p>
                <select id="champ-form-partners" name="form[partners][]" multiple size="8" aria-describedby="champ-form-partners-aide"
                    aria-invalid=move || fe("partners").get().is_some().then_some("true")>
                    {d.partner_choices.iter().map(|(id, name)| {
                        let selected = chosen.iter().any(|c| *c == id.to_string());
                        view! { <option value=id.to_string() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
                {move || fe("partners").get().map(|m| view! { <p class="error">{m}</p> })}
            </div>
            <TextArea name="form[closures]" label=t::FIELD_RESOURCE_CLOSURES hint=t::FIELD_RESOURCE_CLOSURES_HINT rows=3
                value=Some(f.closures.clone()) error=fe("closures")/>
            <button class="button" type="submit">{t::RESOURCE_SAVE}</button>
        </ActionForm>
    }.into_any()
}
