//! The per-day chart of the admin page, drawn as inline SVG: no chart library, no script.

use essaim_store::signatures::DayCount;

pub struct DayChart {
    pub days: usize,
    pub svg: String,
    /// (date, confirmed, pending) of the days with signatures, most recent first, for the table.
    pub rows: Vec<(String, i64, i64)>,
}

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;

/// `today` is the current day number (days since the Unix epoch).
pub fn day_chart(per_day: &[DayCount], today: i64, days: usize) -> DayChart {
    let first = today - days as i64 + 1;
    let series: Vec<DayCount> = (first..=today)
        .map(|day| {
            per_day
                .iter()
                .find(|d| d.day == day)
                .cloned()
                .unwrap_or(DayCount {
                    day,
                    ..Default::default()
                })
        })
        .collect();
    let max = series
        .iter()
        .map(|d| d.confirmed + d.pending)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bar = WIDTH / days as f64;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {WIDTH} {}\" width=\"100%\" role=\"img\" aria-label=\"Signatures confirmées et en attente par jour, {days} derniers jours\">",
        HEIGHT + 20.0
    );
    for (i, d) in series.iter().enumerate() {
        let x = i as f64 * bar;
        let confirmed_h = d.confirmed as f64 / max * HEIGHT;
        let pending_h = d.pending as f64 / max * HEIGHT;
        svg.push_str(&format!(
            "<g><title>{} : {} confirmées, {} en attente</title>\
             <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{confirmed_h:.1}\" fill=\"#8a0022\"/>\
             <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{pending_h:.1}\" fill=\"#e8a0b0\"/></g>",
            label(d.day),
            d.confirmed,
            d.pending,
            HEIGHT - confirmed_h,
            bar * 0.8,
            HEIGHT - confirmed_h - pending_h,
            bar * 0.8,
        ));
    }
    svg.push_str(&format!(
        "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><text x=\"{WIDTH}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text></svg>",
        HEIGHT + 16.0,
        label(first),
        HEIGHT + 16.0,
        label(today)
    ));
    let rows = series
        .iter()
        .rev()
        .filter(|d| d.confirmed + d.pending > 0)
        .map(|d| (label(d.day), d.confirmed, d.pending))
        .collect();
    DayChart { days, svg, rows }
}

/// One bar of a single-series chart: where it stands, how tall, and what hovering it says.
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub title: String,
}

/// Bars of one series (amounts of money, counts) as inline SVG, the first and last labels
/// under them; a value at or below zero is an empty bar.
pub fn bar_chart(bars: &[Bar], description: &str) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let width = WIDTH / bars.len().max(1) as f64;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {WIDTH} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\">",
        HEIGHT + 20.0,
        escape(description)
    );
    for (i, bar) in bars.iter().enumerate() {
        let height = bar.value.max(0) as f64 / max * HEIGHT;
        svg.push_str(&format!(
            "<g><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{height:.1}\" fill=\"#8a0022\"/></g>",
            escape(&bar.title),
            i as f64 * width,
            HEIGHT - height,
            width * 0.8,
        ));
    }
    if let (Some(first), Some(last)) = (bars.first(), bars.last()) {
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><text x=\"{WIDTH}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            HEIGHT + 16.0,
            escape(&first.label),
            HEIGHT + 16.0,
            escape(&last.label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Text inside the SVG, which the template writes unescaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Day number → "25/11/2026".
fn label(day: i64) -> String {
    const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
    time::Date::from_julian_day((day + UNIX_EPOCH_JULIAN_DAY) as i32)
        .map(|d| format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_days_are_empty_bars_and_labels_are_french_dates() {
        let today = 20_417; // 25/11/2025
        let chart = day_chart(
            &[DayCount {
                day: today,
                confirmed: 3,
                pending: 1,
            }],
            today,
            30,
        );
        assert_eq!(
            chart.rows,
            vec![("25/11/2025".to_string(), 3, 1)],
            "quiet days are left out of the table"
        );
        assert_eq!(chart.svg.matches("<rect").count(), 60);
    }

    #[test]
    fn a_bar_chart_draws_one_bar_per_value_and_escapes_its_words() {
        let bars: Vec<Bar> = [("01/11", 500), ("02/11", -20), ("03/11", 0)]
            .into_iter()
            .map(|(label, value)| Bar {
                label: label.into(),
                value,
                title: format!("{label} : <{value}>"),
            })
            .collect();
        let svg = bar_chart(&bars, "Dons \"par jour\"");
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(
            svg.contains("height=\"180.0\""),
            "the largest bar is full height"
        );
        assert!(svg.contains("&lt;-20&gt;") && svg.contains("&quot;par jour&quot;"));
        assert!(svg.contains(">01/11</text>") && svg.contains(">03/11</text>"));
    }
}
