//! `dyad code --explain`: what the coder sees in each sentence — the
//! dependency tree (our parser), the actor mentions placed on it, each
//! candidate predicate with the arguments the tree gives it (subjects,
//! passive agents, objects, obliques, clause-scoped modality markers), and
//! the events coded — or the fact that none were.
//!
//! The predicates' arguments come from [`dyad_parse::tree::Tree`]; the events
//! listed are those of the current coder. The tree-based coder (issue 13)
//! will read its events from exactly these arguments, so this view is where
//! a wrong event is debugged: a wrong tree, a missing mention, or a rule.

use std::fmt::Write;

use dyad_core::Span;
use dyad_parse::tree::Tree;
use dyad_parse::{Model, ParsedSentence, Pipeline};

/// One mention placed on the tree: its code and byte span.
#[derive(Debug, Clone)]
pub struct PlacedMention {
    /// Actor code.
    pub code: String,
    /// Bytes of the words that refer to the actor.
    pub span: Span,
}

/// The words of `tree` a mention covers, and its syntactic head: the covered
/// word whose head lies outside the mention (the first such word).
pub fn mention_head(tree: &Tree<'_>, words: &[Span], m: &PlacedMention) -> Option<usize> {
    let inside = |i: usize| words[i].start >= m.span.start && words[i].end <= m.span.end;
    (0..words.len()).find(|&i| inside(i) && tree.head(i).is_none_or(|h| !inside(h)))
}

/// The mention whose words include word `i` (the smallest one).
pub fn mention_at<'m>(words: &[Span], mentions: &'m [PlacedMention], i: usize) -> Option<&'m PlacedMention> {
    mentions
        .iter()
        .filter(|m| words[i].start >= m.span.start && words[i].end <= m.span.end)
        .min_by_key(|m| m.span.end - m.span.start)
}

/// Write the explanation of one sentence (see the module doc).
pub fn explain_sentence(
    model: &Model,
    text: &str,
    parsed: &ParsedSentence,
    mentions: &[PlacedMention],
    events: &[String],
    out: &mut String,
) {
    let tree = Tree::new(model, text, parsed);
    let words: Vec<Span> = parsed.words.iter().map(|w| w.span).collect();
    let _ = writeln!(out, "tree:");
    for (i, w) in parsed.words.iter().enumerate() {
        let actor = mention_at(&words, mentions, i).map(|m| format!("  [{}]", m.code)).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:>3} {:<16} {:<5} {:<4} {:>3} {}{}",
            i + 1,
            tree.form(i),
            tree.upos(i),
            model.xpos(w.tag),
            w.head,
            tree.rel(i),
            actor
        );
    }
    let _ = write!(out, "mentions:");
    if mentions.is_empty() {
        let _ = write!(out, " none");
    }
    for m in mentions {
        let head = mention_head(&tree, &words, m).map(|h| format!(" head {}", h + 1)).unwrap_or_default();
        let _ = write!(out, " {:?}={}{}", m.span.slice(text), m.code, head);
    }
    let _ = writeln!(out);
    let name = |i: usize| -> String {
        match mention_at(&words, mentions, i) {
            Some(m) => format!("{}[{}]", tree.form(i), m.code),
            None => tree.form(i).to_string(),
        }
    };
    let list = |ws: &[usize]| -> String {
        if ws.is_empty() {
            "-".to_string()
        } else {
            ws.iter().map(|&w| name(w)).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(out, "predicates:");
    let mut any = false;
    for p in 0..tree.len() {
        if tree.upos(p) != "VERB" {
            continue;
        }
        any = true;
        let marks = tree.clause_marks(p);
        let mut flags: Vec<&str> = Vec::new();
        if tree.is_passive(p) {
            flags.push("passive");
        }
        if marks.negated {
            flags.push("negated");
        }
        if marks.future {
            flags.push("future");
        }
        if marks.hypothetical {
            flags.push("hypothetical");
        }
        if marks.condition {
            flags.push("condition");
        }
        let obl: Vec<String> = tree
            .obliques(p)
            .iter()
            .map(|(o, c)| match c {
                Some(c) => format!("{c} {}", name(*o)),
                None => name(*o),
            })
            .collect();
        let _ = writeln!(
            out,
            "  {} ({}{}{}): subject {}; agent {}; object {}; oblique {}",
            tree.form(p),
            tree.rel(p),
            if flags.is_empty() { "" } else { ", " },
            flags.join(", "),
            list(&tree.subjects(p)),
            list(&tree.agents(p)),
            list(&tree.objects(p)),
            if obl.is_empty() { "-".to_string() } else { obl.join(", ") }
        );
    }
    if !any {
        let _ = writeln!(out, "  none (no verb)");
    }
    if events.is_empty() {
        let _ = writeln!(
            out,
            "events: none{}",
            if mentions.is_empty() { " (no actor mention)" } else { " (no verb pattern matched)" }
        );
    } else {
        let _ = writeln!(out, "events:");
        for e in events {
            let _ = writeln!(out, "  {e}");
        }
    }
}

/// Parse `text[span]` with `model` (UD words of dyad's tokenizer).
pub fn parse_span(model: &Model, text: &str, span: Span) -> ParsedSentence {
    let pipe = Pipeline::new(model);
    let words = pipe.words(text, span);
    pipe.parse_words(text, span, &words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_a_passive_with_its_agent() {
        let m = dyad_parse::builtin_model();
        let text = "Kharkiv was shelled by Russian forces on Tuesday.";
        let parsed = parse_span(m, text, Span::new(0, text.len()));
        let mentions = vec![
            PlacedMention { code: "UKR".into(), span: Span::new(0, 7) },
            PlacedMention { code: "RUSMIL".into(), span: Span::new(23, 37) },
        ];
        let tree = Tree::new(m, text, &parsed);
        let words: Vec<Span> = parsed.words.iter().map(|w| w.span).collect();
        assert_eq!(mention_head(&tree, &words, &mentions[1]).map(|h| tree.form(h)), Some("forces"));
        let mut out = String::new();
        explain_sentence(m, text, &parsed, &mentions, &[], &mut out);
        assert!(out.contains("shelled (root, passive): subject Kharkiv[UKR]; agent forces[RUSMIL]"), "{out}");
        assert!(out.contains("events: none (no verb pattern matched)"), "{out}");
    }
}
