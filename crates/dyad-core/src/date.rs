//! Lenient story-date parsing.

use chrono::NaiveDate;

/// Parse a story date leniently: `YYYY-MM-DD`, `YYYY/M/D` (optionally
/// followed by a time), `YYYYMMDD`, RFC 3339 (`2017-02-07T10:00:00Z`),
/// surrounding spaces allowed (NewsArticles.csv has `"  2016/12/30 7:11"`).
/// Returns `None` when nothing date-like is found.
pub fn parse_date_lenient(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Date part: up to the first space or 'T' after the date.
    let head = s.split([' ', 'T', 't']).next().unwrap_or(s);
    if head.len() == 8 && head.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(head, "%Y%m%d").ok();
    }
    let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
    if parts.len() == 3 {
        let y: i32 = parts[0].parse().ok()?;
        let m: u32 = parts[1].parse().ok()?;
        let d: u32 = parts[2].parse().ok()?;
        if (1000..=9999).contains(&y) {
            return NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    None
}

/// A date as the integer `YYYYMMDD` (what dictionary date restrictions compare).
pub fn date_key(d: NaiveDate) -> u32 {
    use chrono::Datelike;
    (d.year().max(0) as u32) * 10000 + d.month() * 100 + d.day()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn lenient_forms() {
        let d = NaiveDate::from_ymd_opt(2016, 12, 30).unwrap();
        assert_eq!(parse_date_lenient("  2016/12/30 7:11"), Some(d));
        assert_eq!(parse_date_lenient("2016-12-30"), Some(d));
        assert_eq!(parse_date_lenient("20161230"), Some(d));
        assert_eq!(parse_date_lenient("2016-12-30T07:11:00Z"), Some(d));
        assert_eq!(parse_date_lenient("2017/2/7"), NaiveDate::from_ymd_opt(2017, 2, 7));
        assert_eq!(parse_date_lenient("yesterday"), None);
        assert_eq!(parse_date_lenient("2016-13-40"), None);
        assert_eq!(date_key(d), 20161230);
    }
}
