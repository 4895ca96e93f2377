//! Language filter: `dyad code` (and the Python package) skip documents
//! confidently detected as not English unless told otherwise.

/// Common English function words: a text where they make up at least 15 %
/// of the first 120 words is English without asking the detector (cheap:
/// whatlang costs ~25 % of coding time on news otherwise).
const ENGLISH_MARKERS: &[&str] =
    &["the", "and", "of", "to", "in", "a", "is", "was", "for", "on", "that", "with", "by", "said", "it", "as", "has"];

/// True when the text is confidently detected as a language other than
/// English: English function words first, whatlang (reliable detections
/// only, on the first 600 characters) otherwise.
pub fn is_not_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut hits = 0usize;
    for w in text.split_whitespace().take(120) {
        words += 1;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if ENGLISH_MARKERS.iter().any(|m| w.eq_ignore_ascii_case(m)) {
            hits += 1;
        }
    }
    if words >= 8 && hits * 100 >= words * 15 {
        return false;
    }
    let sample: &str = match text.char_indices().nth(600) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    if sample.split_whitespace().count() < 8 {
        return false;
    }
    match whatlang::detect(sample) {
        Some(info) => info.lang() != whatlang::Lang::Eng && info.is_reliable(),
        None => false,
    }
}
