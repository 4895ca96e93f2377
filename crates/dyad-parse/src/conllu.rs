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
    /// 1-based line of the sentence's first line in its file (0 when it was
    /// not read from text), for messages.
    pub line: usize,
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

    /// Why the basic dependencies are not a tree, or `None` when they are:
    /// exactly one word has HEAD 0, no word is its own head, and following
    /// heads from every word reaches the root (no cycle). HEADs beyond the
    /// last word are refused by [`read`] already.
    pub fn tree_problem(&self) -> Option<String> {
        let n = self.words.len();
        let roots: Vec<usize> = (0..n).filter(|&i| self.words[i].head == 0).map(|i| i + 1).collect();
        if roots.len() != 1 {
            return Some(match roots.len() {
                0 => "no word has HEAD 0 (no root)".to_string(),
                k => format!("{k} words have HEAD 0 (words {roots:?})"),
            });
        }
        if let Some(i) = (0..n).find(|&i| self.words[i].head as usize == i + 1) {
            return Some(format!("word {} is its own HEAD", i + 1));
        }
        // 0 = unvisited, 1 = on the current path, 2 = reaches the root
        let mut state = vec![0u8; n + 1];
        state[0] = 2;
        for start in 1..=n {
            let mut path = Vec::new();
            let mut x = start;
            while state[x] == 0 {
                state[x] = 1;
                path.push(x);
                x = (self.words[x - 1].head as usize).min(n);
            }
            if state[x] == 1 {
                return Some(format!("words {x}… form a cycle (HEAD chain never reaches the root)"));
            }
            for p in path {
                state[p] = 2;
            }
        }
        None
    }
}

fn has_no_space(misc: &str) -> bool {
    misc.split('|').any(|f| f == "SpaceAfter=No")
}

/// Read every sentence of a CoNLL-U text. `path` only names the file in errors.
///
/// # Errors
/// [`ParseError::Conllu`] naming the file and the 1-based line of a line that
/// does not have 10 columns, an id out of order, a HEAD that is not a number
/// or beyond the sentence's last word, or a multi-word range that overlaps the
/// previous one or runs past the last word. A leading byte-order mark is
/// ignored. Whether each sentence is a tree is left to
/// [`Sentence::tree_problem`].
pub fn read(text: &str, path: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    // 1-based line of each word of `cur`
    let mut word_lines: Vec<usize> = Vec::new();
    let bad = |line: usize, why: &str| ParseError::Conllu { path: path.to_string(), line, why: why.to_string() };
    // Checks that need the whole sentence: HEADs and multi-word ranges
    // within it.
    let close = |cur: &mut Sentence, word_lines: &mut Vec<usize>, out: &mut Vec<Sentence>| {
        let n = cur.words.len();
        if let Some(i) = cur.words.iter().position(|w| w.head as usize > n) {
            return Err(bad(
                word_lines[i],
                &format!("HEAD {} beyond the sentence's last word ({n})", cur.words[i].head),
            ));
        }
        if let Some(m) = cur.multiwords.iter().find(|m| m.last as usize > n) {
            return Err(bad(
                cur.line,
                &format!("multi-word range {}-{} beyond the sentence's last word ({n})", m.first, m.last),
            ));
        }
        word_lines.clear();
        if !cur.words.is_empty() {
            out.push(std::mem::take(cur));
        } else {
            *cur = Sentence::default();
        }
        Ok(())
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            close(&mut cur, &mut word_lines, &mut out)?;
            continue;
        }
        if cur.line == 0 {
            cur.line = line_no;
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
            if let Some(prev) = cur.multiwords.last() {
                if prev.last >= first {
                    return Err(bad(line_no, &format!("multi-word id {id:?} overlaps {}-{}", prev.first, prev.last)));
                }
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
        word_lines.push(line_no);
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
    close(&mut cur, &mut word_lines, &mut out)?;
    Ok(out)
}

/// Decode a CoNLL-U file's bytes as UTF-8.
///
/// # Errors
/// [`ParseError::Conllu`] naming the line of the first byte that is not UTF-8.
pub fn decode<'a>(bytes: &'a [u8], path: &str) -> Result<&'a str, ParseError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        ParseError::Conllu {
            path: path.to_string(),
            line: bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1,
            why: format!("not UTF-8 (byte {at} of the file)"),
        }
    })
}

/// Read a CoNLL-U file.
///
/// # Errors
/// [`ParseError::Io`] when the file cannot be read, [`ParseError::Conllu`]
/// naming the line of a byte that is not UTF-8; see [`read`].
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>, ParseError> {
    let b = std::fs::read(path).map_err(|e| ParseError::Io { path: path.display().to_string(), source: e })?;
    let name = path.display().to_string();
    read(decode(&b, &name)?, &name)
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

    fn row(id: &str, head: &str) -> String {
        format!("{id}\tx\tx\tX\tX\t_\t{head}\tdep\t_\t_\n")
    }

    #[test]
    fn names_the_line_of_a_head_or_range_beyond_the_sentence() {
        let t = format!("# c\n{}{}\n", row("1", "0"), row("2", "5"));
        let err = read(&t, "h").unwrap_err().to_string();
        assert_eq!(err, "h:3: HEAD 5 beyond the sentence's last word (2)");
        let t =
            format!("{}\n{}1-3\txyz\t_\t_\t_\t_\t_\t_\t_\t_\n{}{}\n", row("1", "0"), "", row("1", "0"), row("2", "1"));
        let err = read(&t, "m").unwrap_err().to_string();
        assert_eq!(err, "m:3: multi-word range 1-3 beyond the sentence's last word (2)");
        let t = format!("1-2\txy\t_\t_\t_\t_\t_\t_\t_\t_\n{}2-3\tyz\t_\t_\t_\t_\t_\t_\t_\t_\n", row("1", "0"));
        let err = read(&t, "o").unwrap_err().to_string();
        assert!(err.starts_with("o:3: multi-word id \"2-3\" overlaps 1-2"), "{err}");
    }

    #[test]
    fn non_utf8_names_its_line_and_a_bom_is_ignored() {
        let mut b = row("1", "0").into_bytes();
        b.extend_from_slice(b"\n1\tx\xff\tx\tX\tX\t_\t0\troot\t_\t_\n");
        let err = decode(&b, "u").unwrap_err().to_string();
        assert_eq!(err, "u:3: not UTF-8 (byte 26 of the file)");
        let t = format!("\u{FEFF}# sent_id = 1\n{}\n", row("1", "0"));
        let s = read(&t, "b").unwrap();
        assert_eq!((s.len(), s[0].comment("sent_id"), s[0].line), (1, Some("1"), 1));
    }

    #[test]
    fn tree_problems_are_named() {
        let sent = |heads: &[&str]| {
            let t: String = heads.iter().enumerate().map(|(i, h)| row(&(i + 1).to_string(), h)).collect();
            read(&t, "t").unwrap().remove(0).tree_problem()
        };
        assert_eq!(sent(&["0", "1", "2"]), None);
        assert_eq!(sent(&["2", "1"]).unwrap(), "no word has HEAD 0 (no root)");
        assert_eq!(sent(&["0", "0"]).unwrap(), "2 words have HEAD 0 (words [1, 2])");
        assert_eq!(sent(&["0", "2"]).unwrap(), "word 2 is its own HEAD");
        assert!(sent(&["3", "0", "1"]).unwrap().contains("cycle"));
        assert!(sent(&["_", "_"]).is_some());
    }
}
