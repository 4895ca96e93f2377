//! CoNLL-U reading and writing (the Universal Dependencies file format:
//! 10 tab-separated columns per word, `#` comment lines, a blank line after
//! each sentence; <https://universaldependencies.org/format.html>).
//!
//! Multi-word token lines (`3-4  don't`) are kept as [`MultiWord`] ranges and
//! their syntactic words are read as ordinary words; empty nodes (`8.1`, the
//! enhanced graph's elided predicates) are skipped, as the CoNLL 2018
//! evaluation of basic trees does.

use crate::ParseError;

/// One syntactic word of a CoNLL-U sentence (1-based `id` is its index + 1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA (`_` when unknown).
    pub lemma: String,
    /// UPOS (universal part of speech), `_` when blank.
    pub upos: String,
    /// XPOS (for English treebanks the Penn Treebank tag), `_` when blank.
    pub xpos: String,
    /// FEATS, kept as written.
    pub feats: String,
    /// HEAD: 0 for the root, else the 1-based id of the head word.
    pub head: u32,
    /// DEPREL with its subtype (`nsubj:pass`), `_` when blank.
    pub deprel: String,
    /// MISC, kept as written (`SpaceAfter=No`, `TokenRange=0:5`).
    pub misc: String,
}

/// A multi-word token line: words `first..=last` are written together as `form`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    /// First word id (1-based).
    pub first: u32,
    /// Last word id (inclusive).
    pub last: u32,
    /// The surface form (`don't`).
    pub form: String,
    /// MISC of the token line.
    pub misc: String,
}

/// One CoNLL-U sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines without the leading `# ` (`sent_id = …`, `text = …`).
    pub comments: Vec<String>,
    /// Syntactic words in order.
    pub words: Vec<Word>,
    /// Multi-word token ranges, in order.
    pub multiwords: Vec<MultiWord>,
}

impl Sentence {
    /// The value of a `# key = value` comment.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// True when the word (0-based index) has `SpaceAfter=No` in its MISC, or
    /// is inside a multi-word token that is not the token's last word, or ends
    /// a multi-word token that has `SpaceAfter=No`.
    pub fn no_space_after(&self, i: usize) -> bool {
        let id = i as u32 + 1;
        if let Some(m) = self.multiwords.iter().find(|m| m.first <= id && id <= m.last) {
            return id < m.last || has_no_space(&m.misc);
        }
        has_no_space(&self.words[i].misc)
    }
}

fn has_no_space(misc: &str) -> bool {
    misc.split('|').any(|f| f == "SpaceAfter=No")
}

/// Read every sentence of a CoNLL-U text. `path` only names the file in errors.
///
/// # Errors
/// [`ParseError::Conllu`] naming the file and the 1-based line of a line that
/// does not have 10 columns, an id out of order or a HEAD that is not a number.
pub fn read(text: &str, path: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let bad = |line: usize, why: &str| ParseError::Conllu { path: path.to_string(), line, why: why.to_string() };
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim_start().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad(line_no, &format!("{} columns, expected 10", cols.len())));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse::<u32>(), b.parse::<u32>()) else {
                return Err(bad(line_no, &format!("bad multi-word id {id:?}")));
            };
            if first > last || first as usize != cur.words.len() + 1 {
                return Err(bad(line_no, &format!("multi-word id {id:?} out of order")));
            }
            cur.multiwords.push(MultiWord { first, last, form: cols[1].to_string(), misc: cols[9].to_string() });
            continue;
        }
        let Ok(idn) = id.parse::<usize>() else {
            return Err(bad(line_no, &format!("bad word id {id:?}")));
        };
        if idn != cur.words.len() + 1 {
            return Err(bad(line_no, &format!("word id {idn} out of order (expected {})", cur.words.len() + 1)));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse::<u32>().map_err(|_| bad(line_no, &format!("bad HEAD {:?}", cols[6])))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    out.retain(|s| !s.words.is_empty());
    for (k, s) in out.iter().enumerate() {
        if s.words.iter().any(|w| w.head as usize > s.words.len()) {
            return Err(ParseError::Conllu {
                path: path.to_string(),
                line: 0,
                why: format!("sentence {} has a HEAD beyond its last word", k + 1),
            });
        }
    }
    Ok(out)
}

/// Read a CoNLL-U file.
///
/// # Errors
/// [`ParseError::Io`] when the file cannot be read; see [`read`].
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>, ParseError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| ParseError::Io { path: path.display().to_string(), source: e })?;
    read(&text, &path.display().to_string())
}

/// Write one sentence as CoNLL-U (comments, multi-word token lines before their
/// first word, the 10 columns, a blank line).
pub fn write(s: &Sentence, out: &mut String) {
    use std::fmt::Write;
    for c in &s.comments {
        let _ = writeln!(out, "# {c}");
    }
    let mut mw = s.multiwords.iter().peekable();
    for (i, w) in s.words.iter().enumerate() {
        let id = i as u32 + 1;
        if let Some(m) = mw.peek() {
            if m.first == id {
                let _ = writeln!(out, "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}", m.first, m.last, m.form, blank(&m.misc));
                mw.next();
            }
        }
        let _ = writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
            blank(&w.form),
            blank(&w.lemma),
            blank(&w.upos),
            blank(&w.xpos),
            blank(&w.feats),
            w.head,
            blank(&w.deprel),
            blank(&w.misc)
        );
    }
    out.push('\n');
}

fn blank(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = a-1\n# text = They don't talk.\n1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t4:nsubj\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n4\ttalk\ttalk\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n4.1\tx\tx\tX\tX\t_\t_\t_\t4:dep\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\n";

    #[test]
    fn reads_words_multiwords_and_skips_empty_nodes() {
        let s = read(SAMPLE, "t").unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert_eq!(s.words.len(), 5);
        assert_eq!(s.words[1].form, "do");
        assert_eq!(s.words[3].head, 0);
        assert_eq!(s.words[0].deprel, "nsubj");
        assert_eq!(s.multiwords, vec![MultiWord { first: 2, last: 3, form: "don't".into(), misc: "_".into() }]);
        assert_eq!(s.comment("text"), Some("They don't talk."));
        assert!(s.no_space_after(1) && !s.no_space_after(2) && s.no_space_after(3) && !s.no_space_after(0));
    }

    #[test]
    fn round_trips() {
        let s = read(SAMPLE, "t").unwrap();
        let mut out = String::new();
        write(&s[0], &mut out);
        let again = read(&out, "t").unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn names_file_and_line_of_bad_rows() {
        let err = read("1\tx\n", "f.conllu").unwrap_err().to_string();
        assert!(err.contains("f.conllu:1") && err.contains("columns"), "{err}");
        let err = read("2\tx\tx\tX\tX\t_\t0\troot\t_\t_\n", "g").unwrap_err().to_string();
        assert!(err.contains("g:1") && err.contains("out of order"), "{err}");
        let err = read("1\tx\tx\tX\tX\t_\tz\troot\t_\t_\n", "g").unwrap_err().to_string();
        assert!(err.contains("HEAD"), "{err}");
    }
}
