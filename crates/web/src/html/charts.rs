//! Maps and charts drawn on the server as SVG: each has `role="img"` (or a group
//! of links for the map), a `<title>` and `<desc>`, and its numbers as a table,
//! so colour is never the only way to read them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use mhub_core::reference::Catalog;
use serde::Deserialize;

use super::Ui;

/// Country shapes, projected at build time by scripts/geo/build-europe-map.mjs.
static GEO_JSON: &str = include_str!("../../assets/geo/europe.json");

#[derive(Deserialize)]
struct Geo {
    width: u32,
    height: u32,
    countries: BTreeMap<String, GeoCountry>,
    context: String,
}

#[derive(Deserialize)]
struct GeoCountry {
    d: String,
    #[serde(default)]
    marker: Option<(f64, f64)>,
}

fn geo() -> &'static Geo {
    static GEO: OnceLock<Geo> = OnceLock::new();
    GEO.get_or_init(|| {
        serde_json::from_str(GEO_JSON).unwrap_or(Geo {
            width: 1000,
            height: 700,
            countries: BTreeMap::new(),
            context: String::new(),
        })
    })
}

pub struct MapCountry {
    pub href: String,
    pub d: &'static str,
    pub marker: Option<(f64, f64)>,
    /// CSS class of the colour step, `c0`..`c4`.
    pub class: &'static str,
    /// "Spain: 12 published practices".
    pub label: String,
}

pub struct LegendStep {
    pub class: &'static str,
    pub label: String,
}

pub struct ChoroplethMap {
    pub id: &'static str,
    pub view_box: String,
    pub context: &'static str,
    pub countries: Vec<MapCountry>,
    pub title: String,
    pub desc: String,
    pub legend: Vec<LegendStep>,
}

/// Colour steps: none, 1, 2–3, 4–7, 8 and more.
const STEPS: [(i64, i64, &str); 5] = [
    (0, 0, "c0"),
    (1, 1, "c1"),
    (2, 3, "c2"),
    (4, 7, "c3"),
    (8, i64::MAX, "c4"),
];

fn step(count: i64) -> &'static str {
    STEPS
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&count))
        .map(|s| s.2)
        .unwrap_or("c0")
}

/// The WHO European Region, each country coloured by its published practices and linking to its page.
pub fn choropleth(ui: Ui, catalog: &Catalog, counts: &BTreeMap<String, i64>) -> ChoroplethMap {
    let g = geo();
    let lang = ui.code();
    let mut countries: Vec<MapCountry> = catalog
        .countries()
        .iter()
        .filter_map(|c| {
            let shape = g.countries.get(&c.iso2)?;
            let n = counts.get(&c.iso2).copied().unwrap_or(0);
            Some(MapCountry {
                href: format!("/{lang}/countries/{}", c.iso2.to_ascii_lowercase()),
                d: shape.d.as_str(),
                marker: shape.marker,
                class: step(n),
                label: ui.tns("map-country-label", n, "country", c.name(lang)),
            })
        })
        .collect();
    // Small countries last, so their markers sit on top.
    countries.sort_by_key(|c| c.marker.is_some());
    let with = counts.values().filter(|n| **n > 0).count() as i64;
    let total: i64 = counts.values().sum();
    ChoroplethMap {
        id: "map-region",
        view_box: format!("0 0 {} {}", g.width, g.height),
        context: g.context.as_str(),
        countries,
        title: ui.t("map-title"),
        desc: mhub_i18n::t_args(
            ui.lang,
            "map-desc",
            &[("count", total.into()), ("countries", with.into())],
        ),
        legend: vec![
            LegendStep {
                class: "c0",
                label: ui.t("map-legend-none"),
            },
            LegendStep {
                class: "c1",
                label: "1".into(),
            },
            LegendStep {
                class: "c2",
                label: "2–3".into(),
            },
            LegendStep {
                class: "c3",
                label: "4–7".into(),
            },
            LegendStep {
                class: "c4",
                label: ui.t("map-legend-many"),
            },
        ],
    }
}

pub struct Bar {
    pub label: String,
    pub value: i64,
    /// Top of the row.
    pub y: u32,
    pub bar_y: u32,
    pub width: f64,
    pub value_x: f64,
}

pub struct BarChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub category: String,
    pub bars: Vec<Bar>,
    pub height: u32,
    pub value_label: String,
}

const ROW: u32 = 44;
const PLOT: f64 = 320.0;

/// A horizontal bar chart; rows keep the given order, empty rows are left out.
pub fn bar_chart(
    ui: Ui,
    id: &str,
    title_key: &str,
    category_key: &str,
    rows: Vec<(String, i64)>,
) -> BarChart {
    let rows: Vec<(String, i64)> = rows.into_iter().filter(|(_, n)| *n > 0).collect();
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let total: i64 = rows.iter().map(|r| r.1).sum();
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = i as u32 * ROW;
            let width = (value as f64 / max * PLOT).max(2.0);
            Bar {
                label,
                value,
                y: y + 16,
                bar_y: y + 22,
                width,
                value_x: width + 8.0,
            }
        })
        .collect::<Vec<_>>();
    let title = ui.t(title_key);
    BarChart {
        id: id.to_string(),
        desc: ui.tns("chart-desc", total, "title", &title),
        title,
        category: ui.t(category_key),
        height: (bars.len() as u32 * ROW).max(ROW),
        bars,
        value_label: ui.t("chart-col-practices"),
    }
}
