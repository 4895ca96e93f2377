//! Reader for dyad's native dictionary format (docs/DICTIONARIES.md).

use crate::model::*;
use crate::Warning;
use dyad_text::{NewsTokenizer, Span, Tokenizer};
use std::collections::HashMap;
use std::sync::Arc;

/// Tokenise a dictionary phrase exactly as text is tokenised, returning the
/// normalised tokens (so "U.S." and "Russia's" match as they do in text).
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    let mut toks = Vec::new();
    NewsTokenizer::default().tokenize(phrase, Span::new(0, phrase.len()), &mut toks);
    toks.into_iter().map(|t| t.norm).collect()
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

fn warn(w: &mut Vec<Warning>, file: &str, line: usize, msg: impl Into<String>) {
    w.push(Warning { file: file.to_string(), line, message: msg.into() });
}

/// Parse `YYYY-MM-DD` into `YYYYMMDD`.
fn parse_ymd(s: &str) -> Option<u32> {
    let d = chrono_like(s)?;
    Some(d)
}

fn chrono_like(s: &str) -> Option<u32> {
    let p: Vec<&str> = s.trim().split('-').collect();
    if p.len() != 3 {
        return None;
    }
    let y: u32 = p[0].parse().ok()?;
    let m: u32 = p[1].parse().ok()?;
    let d: u32 = p[2].parse().ok()?;
    if !(1000..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

fn valid_actor_code(c: &str) -> bool {
    !c.is_empty() && c.len() <= 24 && c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

fn split_names(names: &str) -> Vec<Vec<String>> {
    names.split('|').map(|n| phrase_tokens(n.trim())).filter(|t| !t.is_empty()).collect()
}

/// Read a native actor file (`NAMES => CODES`).
pub fn read_actors(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<ActorEntry> {
    let fname: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let Some((names, codes)) = line.split_once("=>") else {
            warn(warnings, file, ln, "actor line has no `=>`; skipped");
            continue;
        };
        let phrases = split_names(names);
        if phrases.is_empty() {
            warn(warnings, file, ln, "actor line has no names; skipped");
            continue;
        }
        let mut dcodes = Vec::new();
        let mut bad = false;
        for c in codes.split(';') {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            let (code, range) = match c.split_once('@') {
                Some((a, b)) => (a.trim(), Some(b.trim())),
                None => (c, None),
            };
            if !valid_actor_code(code) {
                warn(warnings, file, ln, format!("bad actor code `{code}`; entry skipped"));
                bad = true;
                break;
            }
            let (from, to) = match range {
                None => (None, None),
                Some(r) => {
                    let Some((a, b)) = r.split_once("..") else {
                        warn(warnings, file, ln, format!("bad date range `{r}` (want FROM..TO); entry skipped"));
                        bad = true;
                        break;
                    };
                    let f = if a.trim().is_empty() { None } else { parse_ymd(a) };
                    let t = if b.trim().is_empty() { None } else { parse_ymd(b) };
                    if (!a.trim().is_empty() && f.is_none()) || (!b.trim().is_empty() && t.is_none()) {
                        warn(warnings, file, ln, format!("bad date in `{r}` (want YYYY-MM-DD); entry skipped"));
                        bad = true;
                        break;
                    }
                    (f, t)
                }
            };
            dcodes.push(DatedCode { code: code.to_string(), from, to });
        }
        if bad {
            continue;
        }
        if dcodes.is_empty() {
            warn(warnings, file, ln, "actor line has no codes; skipped");
            continue;
        }
        out.push(ActorEntry { phrases, codes: dcodes, origin: Origin { file: fname.clone(), line: ln as u32 } });
    }
    out
}

/// Regular English plural of a noun (for agent phrases' last word).
pub fn plural(w: &str) -> String {
    if w.ends_with('s') || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") || w.ends_with('z') {
        format!("{w}es")
    } else if w.ends_with('y') && w.len() > 1 && !matches!(w.as_bytes()[w.len() - 2], b'a' | b'e' | b'o' | b'u') {
        format!("{}ies", &w[..w.len() - 1])
    } else if let Some(stem) = w.strip_suffix("man") {
        format!("{stem}men")
    } else {
        format!("{w}s")
    }
}

/// Read a native agent file (`NAMES => AGENT`); regular plurals are added.
pub fn read_agents(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<AgentEntry> {
    let fname: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let Some((names, code)) = line.split_once("=>") else {
            warn(warnings, file, ln, "agent line has no `=>`; skipped");
            continue;
        };
        let code = code.trim();
        if !(code.len() == 3 || code.len() == 6 || code.len() == 9) || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            warn(warnings, file, ln, format!("bad agent code `{code}`; skipped"));
            continue;
        }
        let mut phrases = split_names(names);
        let mut extra = Vec::new();
        // a set, not `phrases.contains`: linear in a long name list
        let known: std::collections::HashSet<Vec<String>> = phrases.iter().cloned().collect();
        for p in &phrases {
            if let Some(last) = p.last() {
                if last.chars().all(|c| c.is_alphabetic()) {
                    let mut q = p.clone();
                    *q.last_mut().unwrap() = plural(last);
                    if !known.contains(&q) {
                        extra.push(q);
                    }
                }
            }
        }
        phrases.extend(extra);
        if phrases.is_empty() {
            warn(warnings, file, ln, "agent line has no names; skipped");
            continue;
        }
        out.push(AgentEntry {
            phrases,
            code: code.to_string(),
            prefix: false,
            origin: Origin { file: fname.clone(), line: ln as u32 },
        });
    }
    out
}

fn valid_event_code(c: &str) -> bool {
    !c.is_empty() && c.len() <= 6 && c.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn parse_code(s: &str) -> Result<Code, String> {
    let s = s.trim();
    if s == "---" {
        Ok(None)
    } else if valid_event_code(s) {
        Ok(Some(s.to_string()))
    } else {
        Err(format!("bad event code `{s}`"))
    }
}

fn parse_word(tok: &str, sets: &HashMap<String, Vec<String>>) -> Result<(Vec<String>, PosReq), String> {
    let (w, pos) = if let Some(w) = tok.strip_suffix("/v") {
        (w, PosReq::Verb)
    } else if let Some(w) = tok.strip_suffix("/n") {
        (w, PosReq::Noun)
    } else {
        (tok, PosReq::Any)
    };
    let mut alts = Vec::new();
    for a in w.split('|') {
        if let Some(name) = a.strip_prefix('&') {
            match sets.get(&name.to_lowercase()) {
                Some(v) => alts.extend(v.iter().cloned()),
                None => return Err(format!("unknown synonym set `&{name}`")),
            }
        } else if !a.is_empty() {
            alts.push(a.to_lowercase());
        }
    }
    if alts.is_empty() {
        return Err(format!("empty word `{tok}`"));
    }
    Ok((alts, pos))
}

/// Read a native verb-pattern file (`&set = …` and `CODE[:REV] PATTERN`).
/// Codes outside CAMEO load as written with one summary warning per file
/// ([`crate::petrarch::non_cameo_warning`]).
pub fn read_verbs(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Vec<Pattern> {
    let fname: Arc<str> = Arc::from(file);
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('&') {
            let Some((name, members)) = rest.split_once('=') else {
                warn(warnings, file, ln, "synonym set has no `=`; skipped");
                continue;
            };
            let v: Vec<String> =
                members.split('|').map(|m| m.trim().to_lowercase()).filter(|m| !m.is_empty()).collect();
            sets.insert(name.trim().to_lowercase(), v);
            continue;
        }
        let mut parts = line.split_whitespace();
        let codes = parts.next().unwrap_or("");
        let (c1, c2) = match codes.split_once(':') {
            Some((a, b)) => (a, Some(b)),
            None => (codes, None),
        };
        let code = match parse_code(c1) {
            Ok(c) => c,
            Err(e) => {
                warn(warnings, file, ln, format!("{e}; pattern skipped"));
                continue;
            }
        };
        let rev_code = match c2.map(parse_code) {
            None => None,
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                warn(warnings, file, ln, format!("{e}; pattern skipped"));
                continue;
            }
        };
        let toks: Vec<&str> = parts.collect();
        if toks.is_empty() {
            warn(warnings, file, ln, "rule has a code but no pattern; skipped");
            continue;
        }
        // Find the anchor: the word marked '*', else the first word.
        let star = toks.iter().position(|t| t.starts_with('*') && t.len() > 1);
        let anchor_ix = match star {
            Some(i) => i,
            None => match toks.iter().position(|t| *t != "$" && *t != "+") {
                Some(i) => i,
                None => {
                    warn(warnings, file, ln, "pattern has no word; skipped");
                    continue;
                }
            },
        };
        let mut err = None;
        let mut elems = Vec::with_capacity(toks.len());
        let mut anchor = (Vec::new(), PosReq::Any);
        for (k, t) in toks.iter().enumerate() {
            let t = if k == anchor_ix { t.trim_start_matches('*') } else { t };
            match t {
                "$" => elems.push(Elem::Source),
                "+" => elems.push(Elem::Target),
                _ => match parse_word(t, &sets) {
                    Ok((alts, pos)) => {
                        if k == anchor_ix {
                            anchor = (alts, pos);
                            elems.push(Elem::Source); // placeholder, removed below
                        } else {
                            elems.push(Elem::Word { alts, pos })
                        }
                    }
                    Err(e) => {
                        err = Some(e);
                        break;
                    }
                },
            }
        }
        if let Some(e) = err {
            warn(warnings, file, ln, format!("{e}; pattern skipped"));
            continue;
        }
        let post = elems.split_off(anchor_ix + 1);
        elems.pop();
        let pre: Vec<Elem> = elems.into_iter().filter(|e| !matches!(e, Elem::Source)).collect();
        out.push(Pattern {
            pre,
            anchor: anchor.0,
            anchor_pos: anchor.1,
            post,
            code,
            rev_code,
            wide: false,
            text: toks.join(" "),
            origin: Origin { file: fname.clone(), line: ln as u32 },
        });
    }
    // Codes outside CAMEO load as written, with one summary warning.
    if let Some(w) = crate::petrarch::non_cameo_warning(file, &out) {
        warnings.push(w);
    }
    out
}

/// Read a native discards file (`sentence:`, `story:`, `sports:` lines).
pub fn read_discards(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Discards {
    let mut d = Discards::default();
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let Some((kind, phrases)) = line.split_once(':') else {
            warn(warnings, file, ln, "discard line needs `sentence:`, `story:` or `sports:`; skipped");
            continue;
        };
        let p = split_names(phrases);
        match kind.trim() {
            "sentence" => d.sentence.extend(p),
            "story" => d.story.extend(p),
            "sports" => d.sports.extend(p),
            k => warn(warnings, file, ln, format!("unknown discard kind `{k}`; skipped")),
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_lines() {
        let mut w = Vec::new();
        let a = read_actors(
            "t",
            "Russia | Russian => RUS\nVladimir Putin | Putin => RUSGOV@1999-08-09.. ; RUSELI # note\nbad line\nX => rus\nY => ABC@2020-13-01..\n",
            &mut w,
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].phrases, vec![vec!["russia".to_string()], vec!["russian".to_string()]]);
        assert_eq!(a[1].codes[0], DatedCode { code: "RUSGOV".into(), from: Some(19990809), to: None });
        assert_eq!(a[1].code_for(Some(19980101)), Some("RUSELI"));
        assert_eq!(a[1].code_for(Some(20200101)), Some("RUSGOV"));
        assert_eq!(a[1].code_for(None), Some("RUSGOV"));
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].line, 3);
    }

    #[test]
    fn verb_lines() {
        let mut w = Vec::new();
        let p = read_verbs(
            "v",
            "&talk = talk | talks\n042:043 $ visit +\n163 impose sanction on +\n040 hold &talk with +\n--- pilgrims *visit\n080! bad\n",
            &mut w,
        );
        assert_eq!(p.len(), 4, "{w:?}");
        assert_eq!(p[0].anchor, vec!["visit"]);
        assert_eq!(p[0].code.as_deref(), Some("042"));
        assert_eq!(p[0].rev_code.as_deref(), Some("043"));
        assert_eq!(p[0].post, vec![Elem::Target]);
        assert_eq!(p[1].specificity(), 3);
        assert_eq!(p[3].pre.len(), 1);
        assert_eq!(p[3].code, None);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 6);
    }

    #[test]
    fn agent_plurals() {
        let mut w = Vec::new();
        let a = read_agents("a", "soldier | party => MIL\n", &mut w);
        assert!(a[0].phrases.contains(&vec!["soldiers".to_string()]));
        assert!(a[0].phrases.contains(&vec!["parties".to_string()]));
    }
}
