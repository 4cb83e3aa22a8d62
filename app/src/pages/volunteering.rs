//! « Bénévolat » (`/benevolat`): upcoming missions, and mine when signed in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::volunteering;
use crate::components::feedback::{ErrorNote, Loading};
use crate::i18n as t;
use crate::pages::exchanges::MissionList;

#[component]
pub fn VolunteeringPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| volunteering());
    view! {
        <Title text=t::page_title(t::VOLUNTEER_TITLE)/>
        <div class="wrap">
            <h1>{t::VOLUNTEER_TITLE}</h1>
            <p>{t::VOLUNTEER_INTRO}</p>
            <p class="feed-link"><a href="/benevolat.ics" type="text/calendar" rel="external">{t::ICAL_LINK}</a>
                " " <span class="muted">{t::ICAL_UNDATED_NOTE}</span></p>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(d) => view! {
                        {(!d.mine.is_empty()).then(|| view! {
                            <section aria-labelledby="mes-missions-titre">
                                <h2 id="mes-missions-titre">{t::VOLUNTEER_MINE}</h2>
                                <MissionList missions=d.mine/>
                            </section>
                        })}
                        <section aria-labelledby="missions-titre">
                            <h2 id="missions-titre">{t::VOLUNTEER_UPCOMING}</h2>
                            {if d.missions.is_empty() {
                                view! { <p class="muted">{t::VOLUNTEER_NONE}</p> }.into_any()
                            } else {
                                view! { <MissionList missions=d.missions/> }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorNote message=e.message/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
