//! Bar charts drawn on the server as SVG (no chart library, no JavaScript): needs and
//! offers side by side, told apart by fill *and* texture (solid / hatched) and by the
//! value written beside each bar. Each group links to the list it counts; the same
//! figures always follow as a table (the caller's), for screen readers and copying.

use leptos::prelude::*;

use crate::i18n as t;

/// One group of two bars.
#[derive(Clone, Debug, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub href: String,
    pub needs: i64,
    pub offers: i64,
}

const WIDTH: f64 = 640.0;

/// The hatch pattern of offers' bars (defined once per chart: ids are per document,
/// so each chart names its own).
fn hatch(id: String) -> impl IntoView {
    view! {
        <defs>
            <pattern id=id patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                <rect width="6" height="6" class="bar-offer-bg"/>
                <line x1="0" y1="0" x2="0" y2="6" class="bar-offer-line"/>
            </pattern>
        </defs>
    }
}

/// Horizontal bars, one group per row (categories, communes).
#[component]
pub fn HorizontalBars(
    /// Unique in the page (pattern id, accessible name).
    id: &'static str,
    title: &'static str,
    groups: Vec<BarGroup>,
) -> impl IntoView {
    let label_w = 190.0;
    let bars_w = WIDTH - label_w - 50.0;
    let row_h = 34.0;
    let max = groups.iter().map(|g| g.needs.max(g.offers)).max().unwrap_or(0).max(1) as f64;
    let height = row_h * groups.len() as f64 + 8.0;
    let pattern = format!("{id}-hachures");
    let fill = format!("url(#{pattern})");
    let scale = move |v: i64| (v as f64 / max * bars_w).max(if v > 0 { 2.0 } else { 0.0 });
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title class="chart-svg">
                {hatch(pattern)}
                {groups.into_iter().enumerate().map(|(i, g)| {
                    let y = 4.0 + i as f64 * row_h;
                    let (wn, wo) = (scale(g.needs), scale(g.offers));
                    let fill = fill.clone();
                    view! {
                        <a href=g.href>
                            <title>{format!("{} : {} {}, {} {}", g.label, g.needs, t::DASHBOARD_NEEDS.to_lowercase(), g.offers, t::DASHBOARD_OFFERS.to_lowercase())}</title>
                            <text x=label_w - 8.0 y=y + 19.0 text-anchor="end" class="chart-label">{truncate(&g.label, 26)}</text>
                            <rect x=label_w y=y + 2.0 width=wn height="13" class="bar-need"/>
                            <text x=label_w + wn + 4.0 y=y + 13.0 class="chart-value">{g.needs}</text>
                            <rect x=label_w y=y + 17.0 width=wo height="13" fill=fill class="bar-offer"/>
                            <text x=label_w + wo + 4.0 y=y + 28.0 class="chart-value">{g.offers}</text>
                        </a>
                    }
                }).collect_view()}
            </svg>
            <ChartLegend/>
        </figure>
    }
}

/// Vertical bars, one group per column (months).
#[component]
pub fn VerticalBars(id: &'static str, title: &'static str, groups: Vec<BarGroup>) -> impl IntoView {
    let height = 220.0;
    let base = height - 28.0;
    let top = 18.0;
    let n = groups.len().max(1) as f64;
    let col = WIDTH / n;
    let bar_w = (col / 2.0 - 4.0).clamp(4.0, 22.0);
    let max = groups.iter().map(|g| g.needs.max(g.offers)).max().unwrap_or(0).max(1) as f64;
    let scale = move |v: i64| (v as f64 / max * (base - top)).max(if v > 0 { 2.0 } else { 0.0 });
    let pattern = format!("{id}-hachures");
    let fill = format!("url(#{pattern})");
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title class="chart-svg">
                {hatch(pattern)}
                <line x1="0" y1=base x2=WIDTH y2=base class="chart-axis"/>
                {groups.into_iter().enumerate().map(|(i, g)| {
                    let mid = col * (i as f64 + 0.5);
                    let (hn, ho) = (scale(g.needs), scale(g.offers));
                    let fill = fill.clone();
                    view! {
                        <a href=g.href.clone()>
                            <title>{format!("{} : {} {}, {} {}", t::month_label(&g.label), g.needs, t::DASHBOARD_NEEDS.to_lowercase(), g.offers, t::DASHBOARD_OFFERS.to_lowercase())}</title>
                            <rect x=mid - bar_w - 1.0 y=base - hn width=bar_w height=hn class="bar-need"/>
                            <text x=mid - bar_w / 2.0 - 1.0 y=base - hn - 3.0 text-anchor="middle" class="chart-value">{g.needs}</text>
                            <rect x=mid + 1.0 y=base - ho width=bar_w height=ho fill=fill class="bar-offer"/>
                            <text x=mid + bar_w / 2.0 + 1.0 y=base - ho - 3.0 text-anchor="middle" class="chart-value">{g.offers}</text>
                            <text x=mid y=base + 16.0 text-anchor="middle" class="chart-label">{t::month_short(&g.label)}</text>
                        </a>
                    }
                }).collect_view()}
            </svg>
            <ChartLegend/>
        </figure>
    }
}

#[component]
fn ChartLegend() -> impl IntoView {
    view! {
        <figcaption class="chart-legend">
            <span><span class="swatch swatch-need" aria-hidden="true"></span>{t::DASHBOARD_NEEDS}" (plein)"</span>
            <span><span class="swatch swatch-offer" aria-hidden="true"></span>{t::DASHBOARD_OFFERS}" (hachuré)"</span>
        </figcaption>
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>()) }
}
