//! Server-rendered SVG of a dyad series (our own small drawing code): per
//! period a bar of the combined events stacked by QuadClass (1 verbal
//! cooperation … 4 material conflict) and a line of the Goldstein mean on a
//! −10…+10 axis at the right.

use dyad_analytics::PeriodRow;
use std::fmt::Write;

/// QuadClass colours, 1..4 (cooperation greens, conflict reds).
const QUAD_COLOURS: [&str; 4] = ["#7fbf7b", "#1b7837", "#f4a582", "#b2182b"];
const QUAD_NAMES: [&str; 4] = ["verbal coop.", "material coop.", "verbal conflict", "material conflict"];

/// Escape text for SVG/XML content and attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The chart as a standalone SVG document, 860×320 user units. `normalize`
/// only changes the left axis label (counts are shares then).
pub fn dyad_chart(a: &str, b: &str, rows: &[PeriodRow], normalize: bool) -> String {
    let (w, h) = (860.0_f64, 320.0_f64);
    let (l, r, t, btm) = (56.0, 48.0, 28.0, 64.0);
    let (pw, ph) = (w - l - r, h - t - btm);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="dyad-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="sans-serif" font-size="11">"#
    );
    let _ = write!(s, r#"<text x="{l}" y="16" font-size="13" font-weight="bold">{} – {}</text>"#, esc(a), esc(b));
    if rows.is_empty() {
        let _ = write!(
            s,
            r#"<text class="empty" x="{}" y="{}" text-anchor="middle">no events</text></svg>"#,
            w / 2.0,
            h / 2.0
        );
        return s;
    }
    let max = rows.iter().map(|r| r.both.quad.iter().sum::<f64>()).fold(0.0_f64, f64::max).max(1e-9);
    let y_of = |v: f64| t + ph - v / max * ph;
    let g_of = |g: f64| t + ph / 2.0 - g / 10.0 * (ph / 2.0);
    // Axes and ticks.
    let _ = write!(s, r##"<line x1="{l}" y1="{}" x2="{}" y2="{}" stroke="#444"/>"##, t + ph, l + pw, t + ph);
    let _ = write!(s, r##"<line x1="{l}" y1="{t}" x2="{l}" y2="{}" stroke="#444"/>"##, t + ph);
    for i in 0..=4 {
        let v = max * i as f64 / 4.0;
        let y = y_of(v);
        let label = if normalize {
            format!("{v:.3}")
        } else if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        };
        let _ = write!(
            s,
            r##"<line x1="{}" y1="{y}" x2="{l}" y2="{y}" stroke="#444"/><text x="{}" y="{}" text-anchor="end">{label}</text>"##,
            l - 4.0,
            l - 6.0,
            y + 4.0
        );
    }
    for g in [-10, 0, 10] {
        let y = g_of(g as f64);
        let _ = write!(s, r##"<text x="{}" y="{}" fill="#225">{g:+}</text>"##, l + pw + 6.0, y + 4.0);
    }
    let _ = write!(s, r##"<text x="{}" y="{}" fill="#225">Goldstein</text>"##, l + pw - 20.0, t - 6.0);
    let slot = pw / rows.len() as f64;
    let bw = (slot * 0.7).max(1.0);
    let every = (rows.len() / 12).max(1);
    let mut line = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let x = l + slot * i as f64 + (slot - bw) / 2.0;
        let mut base = 0.0;
        for (q, n) in row.both.quad.iter().enumerate() {
            if *n <= 0.0 {
                continue;
            }
            let (y0, y1) = (y_of(base), y_of(base + n));
            let _ = write!(
                s,
                r#"<rect class="bar q{}" x="{x:.1}" y="{y1:.1}" width="{bw:.1}" height="{:.1}" fill="{}"><title>{} {}: {}</title></rect>"#,
                q + 1,
                (y0 - y1).max(0.5),
                QUAD_COLOURS[q],
                esc(&row.period),
                QUAD_NAMES[q],
                n
            );
            base += n;
        }
        if i % every == 0 {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{}" text-anchor="end" transform="rotate(-45 {:.1} {})">{}</text>"#,
                x + bw / 2.0,
                t + ph + 14.0,
                x + bw / 2.0,
                t + ph + 14.0,
                esc(&row.period)
            );
        }
        if let Some(g) = row.both.goldstein_mean {
            line.push(format!("{:.1},{:.1}", x + bw / 2.0, g_of(g)));
        }
    }
    if !line.is_empty() {
        let _ = write!(
            s,
            r##"<polyline class="goldstein" fill="none" stroke="#225" stroke-width="2" points="{}"/>"##,
            line.join(" ")
        );
    }
    for (q, c) in QUAD_COLOURS.iter().enumerate() {
        let x = l + 150.0 * q as f64 + 120.0;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="7" width="10" height="10" fill="{c}"/><text x="{}" y="16">{}</text>"#,
            x + 14.0,
            QUAD_NAMES[q]
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_analytics::Side;

    #[test]
    fn draws_bars_and_line() {
        let row = PeriodRow {
            period: "2017-03".into(),
            all_events: None,
            ab: Side::default(),
            ba: Side::default(),
            both: Side { events: 3.0, quad: [1.0, 0.0, 2.0, 0.0], goldstein_mean: Some(-2.5), ..Side::default() },
        };
        let svg = dyad_chart("USA", "R<S", &[row], false);
        assert_eq!(svg.matches("class=\"bar ").count(), 2);
        assert!(svg.contains("class=\"goldstein\""));
        assert!(svg.contains("R&lt;S"));
        assert!(dyad_chart("A", "B", &[], false).contains("no events"));
    }
}
