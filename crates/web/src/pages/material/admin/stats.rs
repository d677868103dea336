//! The figures of the catalogue page: orders and items per day over the last 30 days (a chart
//! and its table), per département, per item; starter kits given; items below their alert
//! threshold. Counted by the store (placed orders, not cancelled nor left unpaid).

use essaim_domain::calendar::french_day;
use essaim_store::material::{Item, MaterialStats};
use jiff::ToSpan;

use crate::pages::admin_chart::{bar_chart, Bar};
use crate::pages::donations::admin::day_label;

pub(super) const CHART_DAYS: i64 = 30;

pub struct DayRow {
    pub day: String,
    pub orders: i64,
    pub items: i64,
}

pub struct LowStock {
    pub id: i64,
    pub name: String,
    pub stock: i64,
    pub threshold: i64,
}

pub struct Figures {
    pub chart: String,
    /// The days of the chart with orders, most recent first.
    pub days: Vec<DayRow>,
    /// (département, orders, items).
    pub departements: Vec<(String, i64, i64)>,
    /// (item, units ordered).
    pub items: Vec<(String, i64)>,
    pub kits: i64,
    pub low_stock: Vec<LowStock>,
}

fn plural(n: i64, word: &str) -> String {
    format!("{n} {word}{}", if n > 1 { "s" } else { "" })
}

pub(super) fn figures(stats: MaterialStats, now: i64) -> Figures {
    let today = french_day(now);
    let first = today.checked_sub((CHART_DAYS - 1).days()).unwrap_or(today);
    let series: Vec<DayRow> = (0..CHART_DAYS)
        .filter_map(|i| first.checked_add(i.days()).ok())
        .map(|day| {
            let key = day.to_string();
            let tally = stats.per_day.get(&key).cloned().unwrap_or_default();
            DayRow {
                day: day_label(&key),
                orders: tally.orders,
                items: tally.items,
            }
        })
        .collect();
    let bars: Vec<Bar> = series
        .iter()
        .map(|row| Bar {
            label: row.day.clone(),
            value: row.orders,
            title: format!(
                "{} : {}, {}",
                row.day,
                plural(row.orders, "commande"),
                plural(row.items, "article")
            ),
        })
        .collect();
    Figures {
        chart: bar_chart(&bars, "Commandes de matériel par jour, 30 derniers jours"),
        days: series
            .into_iter()
            .rev()
            .filter(|row| row.orders > 0)
            .collect(),
        departements: stats
            .per_departement
            .into_iter()
            .map(|(departement, tally)| (departement, tally.orders, tally.items))
            .collect(),
        items: stats.per_item,
        kits: stats.kits,
        low_stock: stats.low_stock.iter().filter_map(low_stock).collect(),
    }
}

fn low_stock(item: &Item) -> Option<LowStock> {
    Some(LowStock {
        id: item.id.get(),
        name: item.name.clone(),
        stock: item.stock?,
        threshold: item.alert_below?,
    })
}

/// Below its alert threshold: highlighted in the catalogue.
pub(super) fn is_low(item: &Item) -> bool {
    matches!((item.stock, item.alert_below), (Some(stock), Some(threshold)) if stock < threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use essaim_store::material::Tally;

    #[test]
    fn thirty_bars_and_only_days_with_orders_in_the_table() {
        let now = 1_764_590_400; // 1 December 2025, 12:00 UTC
        let mut stats = MaterialStats::default();
        stats.per_day.insert(
            "2025-12-01".into(),
            Tally {
                orders: 2,
                items: 7,
            },
        );
        stats.per_day.insert(
            "2025-10-01".into(),
            Tally {
                orders: 9,
                items: 9,
            },
        );
        let figures = figures(stats, now);
        assert_eq!(figures.chart.matches("<rect").count(), 30);
        assert!(figures
            .chart
            .contains("01/12/2025 : 2 commandes, 7 articles"));
        assert_eq!(figures.days.len(), 1, "October is out of the 30 days");
        assert_eq!(figures.days[0].day, "01/12/2025");
    }
}
