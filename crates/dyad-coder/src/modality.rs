//! Modality of a matched event from the words before its verb: negated,
//! future (intent, plans) or hypothetical (could, may, would, if).
//! Rule source: our own reading of PLOVER's auxiliary modes (negation,
//! future, hypothetical) applied to English auxiliaries and control verbs.

use dyad_core::Modality;
use dyad_text::Token;

const NEG: &[&str] = &[
    "not", "n't", "never", "no", "neither", "nor", "cannot", "without", "denied", "denies", "deny", "denying",
    "failed", "fails", "refused", "refuses", "refuse", "refusing", "refusal", "declined", "declines", "unable",
    "failure",
];
const HYPO: &[&str] = &[
    "could",
    "may",
    "might",
    "would",
    "should",
    "must",
    "likely",
    "possibly",
    "perhaps",
    "probably",
    "possible",
    "unlikely",
    "considering",
    "consider",
    "considers",
    "mulls",
    "mulling",
    "weighing",
];
const FUT_MODAL: &[&str] = &["will", "'ll", "shall", "wo"];
/// Lemmas (or forms) that, followed by "to", announce intent or plans.
const FUT_TO: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "aim",
    "aims",
    "aimed",
    "vow",
    "vows",
    "vowed",
    "expect",
    "expected",
    "set",
    "schedule",
    "scheduled",
    "prepare",
    "prepared",
    "ready",
    "seek",
    "seeks",
    "sought",
    "hope",
    "hopes",
    "hoped",
    "want",
    "wants",
    "wanted",
    "going",
    "due",
    "decide",
    "decided",
    "is",
    "are",
    "was",
    "were",
];
const COND: &[&str] = &["if", "unless", "whether"];

/// Modality for a verb whose matched words start at token `verb_start`, in a
/// clause starting at `clause_start`: looks at up to 6 tokens before the verb
/// (negation wins over hypothetical, which wins over future) and for a
/// conditional ("if", "unless", "whether") anywhere earlier in the clause.
pub fn modality(tokens: &[Token], clause_start: usize, verb_start: usize, _anchor: usize) -> Modality {
    let lo = verb_start.saturating_sub(6).max(clause_start);
    let mut neg = false;
    let mut hypo = false;
    let mut fut = false;
    for j in lo..verb_start.min(tokens.len()) {
        let n = tokens[j].norm.as_str();
        if NEG.contains(&n) {
            neg = true;
        } else if HYPO.contains(&n) {
            hypo = true;
        } else if FUT_MODAL.contains(&n) || (FUT_TO.contains(&n) && tokens.get(j + 1).is_some_and(|t| t.norm == "to")) {
            fut = true;
        }
    }
    for t in &tokens[clause_start..verb_start.min(tokens.len())] {
        if COND.contains(&t.norm.as_str()) {
            hypo = true;
        }
    }
    // "did not rule out attacking": a possibility, not a denial
    let window = &tokens[lo..verb_start.min(tokens.len())];
    if neg && window.windows(2).any(|w| w[0].lemma == "rule" && w[1].norm == "out") {
        neg = false;
        hypo = true;
    }
    if neg {
        Modality::Negated
    } else if hypo {
        Modality::Hypothetical
    } else if fut {
        Modality::Future
    } else {
        Modality::Asserted
    }
}
