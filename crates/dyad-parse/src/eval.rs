//! Scoring against a gold treebank, with the CoNLL 2018 shared task's
//! definitions: UPOS and XPOS accuracy, UAS (head right) and LAS (head and
//! relation right) over syntactic words, punctuation included.
//!
//! - With gold tokens ([`evaluate`]): the gold words' forms are the input;
//!   every other column is ignored.
//! - From raw text ([`evaluate_raw`]): the gold file's text (documents and
//!   paragraphs from `# newdoc`/`# newpar`, sentences joined by a space, words
//!   by their `SpaceAfter`) goes through our splitter, tokenizer and parser;
//!   system and gold words are aligned by their character spans (ignoring
//!   whitespace), the words of a gold multi-word token by their forms in
//!   order; scores are F1 over aligned words (a head counts when it aligns
//!   to the gold head).
//!
//! LAS is reported with full labels (subtypes kept: `nsubj:pass`) and the
//! CoNLL 2018 way (subtypes stripped).

use std::collections::BTreeMap;

use crate::conllu::Sentence;
use crate::{DependencyParser, Model, Pipeline, Span};

/// The relations whose labelled F1 is reported separately.
pub const REPORTED_RELATIONS: &[&str] = &[
    "nsubj",
    "nsubj:pass",
    "obj",
    "iobj",
    "obl",
    "obl:agent",
    "ccomp",
    "xcomp",
    "advcl",
    "acl:relcl",
    "conj",
    "appos",
    "nmod:poss",
    "compound",
    "flat",
];

/// Counts behind the scores.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Gold words.
    pub gold_words: usize,
    /// System words.
    pub system_words: usize,
    /// Aligned word pairs.
    pub aligned: usize,
    /// Aligned words with the right UPOS.
    pub upos: usize,
    /// … right XPOS.
    pub xpos: usize,
    /// … right head.
    pub uas: usize,
    /// … right head and full label.
    pub las: usize,
    /// … right head and universal label (subtype stripped).
    pub las_universal: usize,
    /// Per gold relation (full label): (gold count, system count, correct).
    pub relations: BTreeMap<String, (usize, usize, usize)>,
    /// Words / LAS-correct words in gold sentences of 30+ words.
    pub long_words: usize,
    /// See `long_words`.
    pub long_las: usize,
    /// Aligned words whose lemma (from dyad-text's rule lemmatiser on our
    /// tags) equals the gold lemma, case-insensitively.
    pub lemma: usize,
    /// Gold sentences.
    pub sentences: usize,
}

fn f1(correct: usize, gold: usize, system: usize) -> f64 {
    if gold + system == 0 {
        return 0.0;
    }
    2.0 * correct as f64 / (gold + system) as f64
}

impl Scores {
    /// UPOS as a percentage (F1 over words; accuracy with gold tokens).
    pub fn upos(&self) -> f64 {
        100.0 * f1(self.upos, self.gold_words, self.system_words)
    }
    /// XPOS %.
    pub fn xpos(&self) -> f64 {
        100.0 * f1(self.xpos, self.gold_words, self.system_words)
    }
    /// UAS %.
    pub fn uas(&self) -> f64 {
        100.0 * f1(self.uas, self.gold_words, self.system_words)
    }
    /// LAS with full labels %.
    pub fn las(&self) -> f64 {
        100.0 * f1(self.las, self.gold_words, self.system_words)
    }
    /// LAS with subtypes stripped (CoNLL 2018) %.
    pub fn las_universal(&self) -> f64 {
        100.0 * f1(self.las_universal, self.gold_words, self.system_words)
    }
    /// Word segmentation F1 %.
    pub fn words_f1(&self) -> f64 {
        100.0 * f1(self.aligned, self.gold_words, self.system_words)
    }
    /// LAS over sentences of 30+ gold words %.
    pub fn long_las(&self) -> f64 {
        100.0 * self.long_las as f64 / self.long_words.max(1) as f64
    }
    /// Lemma accuracy (F1) %.
    pub fn lemma(&self) -> f64 {
        100.0 * f1(self.lemma, self.gold_words, self.system_words)
    }
    /// Labelled F1 of one relation (0–1).
    pub fn relation_f1(&self, rel: &str) -> f64 {
        let (g, s, c) = self.relations.get(rel).copied().unwrap_or_default();
        f1(c, g, s)
    }
    /// One line: `UPOS 95.1 XPOS 94.6 UAS 86.0 LAS 83.1 (CoNLL 2018 LAS 84.0)`.
    pub fn summary(&self) -> String {
        format!(
            "UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2} (subtypes stripped {:.2}) lemma {:.2}, {} sentences, {} words",
            self.upos(),
            self.xpos(),
            self.uas(),
            self.las(),
            self.las_universal(),
            self.lemma(),
            self.sentences,
            self.gold_words
        )
    }
}

fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

fn lemma_of(model: &Model, form: &str, tag: u16) -> String {
    use dyad_text::Lemmatizer;
    let t = dyad_text::Tag::parse(model.xpos(tag)).unwrap_or_default();
    let norm = dyad_text::token::normalize(form);
    let mut tok = dyad_text::Token { span: Span::default(), lemma: norm.clone(), norm, tag: t };
    dyad_text::RuleLemmatizer::default().lemmatize(std::slice::from_mut(&mut tok));
    tok.lemma
}

/// Score with gold tokens (see the module doc).
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    let mut sc = Scores::default();
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let (tags, heads, labels) = model.tag_parse(&forms);
        sc.sentences += 1;
        let long = s.words.len() >= 30;
        for (i, g) in s.words.iter().enumerate() {
            sc.gold_words += 1;
            sc.system_words += 1;
            sc.aligned += 1;
            let t = tags[i];
            sc.upos += (model.upos(t) == g.upos) as usize;
            sc.xpos += (model.xpos(t) == g.xpos) as usize;
            sc.lemma += lemma_of(model, &g.form, t).eq_ignore_ascii_case(&g.lemma) as usize;
            let rel = model.deprel(labels[i]);
            let head_ok = heads[i] == g.head;
            sc.uas += head_ok as usize;
            let las_ok = head_ok && rel == g.deprel;
            sc.las += las_ok as usize;
            sc.las_universal += (head_ok && universal(rel) == universal(&g.deprel)) as usize;
            if long {
                sc.long_words += 1;
                sc.long_las += las_ok as usize;
            }
            sc.relations.entry(g.deprel.clone()).or_default().0 += 1;
            let e = sc.relations.entry(rel.to_string()).or_default();
            e.1 += 1;
            if las_ok {
                e.2 += 1;
            }
        }
    }
    sc
}

/// The raw text of a gold treebank and each gold word's span in it
/// (multi-word tokens: the token's span for each of its words).
pub fn gold_text(gold: &[Sentence]) -> (String, Vec<Vec<Span>>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(gold.len());
    for s in gold {
        if !text.is_empty() {
            let newpar = s.comments.iter().any(|c| c.starts_with("newdoc") || c.starts_with("newpar"));
            text.push_str(if newpar { "\n\n" } else { " " });
        }
        let mut ws = Vec::with_capacity(s.words.len());
        let mut i = 0;
        while i < s.words.len() {
            let id = i as u32 + 1;
            if let Some(m) = s.multiwords.iter().find(|m| m.first == id) {
                let a = text.len();
                text.push_str(&m.form);
                let sp = Span::new(a, text.len());
                for _ in m.first..=m.last {
                    ws.push(sp);
                }
                i = m.last as usize;
                if !s.no_space_after(i - 1) && i < s.words.len() {
                    text.push(' ');
                }
                continue;
            }
            let a = text.len();
            text.push_str(&s.words[i].form);
            ws.push(Span::new(a, text.len()));
            if !s.no_space_after(i) && i + 1 < s.words.len() {
                text.push(' ');
            }
            i += 1;
        }
        spans.push(ws);
    }
    (text, spans)
}

/// Score from raw text (see the module doc).
pub fn evaluate_raw(model: &Model, gold: &[Sentence]) -> Scores {
    let (text, gspans) = gold_text(gold);
    let parsed = Pipeline::new(model).analyze(&text);
    // Flatten both sides: (span, form, global head index or None for root)
    struct W {
        span: Span,
        head: Option<usize>,
        upos: String,
        xpos: String,
        rel: String,
        lemma: String,
        form: String,
        long: bool,
    }
    let mut g: Vec<W> = Vec::new();
    for (s, sp) in gold.iter().zip(&gspans) {
        let base = g.len();
        for (w, &span) in s.words.iter().zip(sp) {
            g.push(W {
                span,
                head: (w.head > 0).then(|| base + w.head as usize - 1),
                upos: w.upos.clone(),
                xpos: w.xpos.clone(),
                rel: w.deprel.clone(),
                lemma: w.lemma.clone(),
                form: w.form.to_lowercase(),
                long: s.words.len() >= 30,
            });
        }
    }
    let mut y: Vec<W> = Vec::new();
    for s in &parsed {
        let base = y.len();
        for w in &s.words {
            let form = w.span.slice(&text);
            y.push(W {
                span: w.span,
                head: (w.head > 0).then(|| base + w.head as usize - 1),
                upos: model.upos(w.tag).to_string(),
                xpos: model.xpos(w.tag).to_string(),
                rel: model.deprel(w.deprel).to_string(),
                lemma: lemma_of(model, form, w.tag),
                form: form.to_lowercase(),
                long: false,
            });
        }
    }
    // Align: gold index -> system index.
    let mut align: Vec<Option<usize>> = vec![None; g.len()];
    let mut j = 0usize;
    let mut i = 0usize;
    while i < g.len() {
        let gs = g[i].span;
        // gold multi-word token: consecutive gold words sharing one span
        let mut k = i + 1;
        while k < g.len() && g[k].span == gs {
            k += 1;
        }
        while j < y.len() && y[j].span.end <= gs.start {
            j += 1;
        }
        if k - i == 1 {
            if j < y.len() && y[j].span == gs {
                align[i] = Some(j);
                j += 1;
            }
        } else {
            // system words inside the token, matched in order by form
            let mut jj = j;
            for gi in i..k {
                let mut t = jj;
                while t < y.len() && y[t].span.start < gs.end {
                    if y[t].span.end <= gs.end && y[t].form == g[gi].form {
                        align[gi] = Some(t);
                        jj = t + 1;
                        break;
                    }
                    t += 1;
                }
            }
        }
        i = k;
    }
    let mut back: Vec<Option<usize>> = vec![None; y.len()];
    for (gi, a) in align.iter().enumerate() {
        if let Some(yj) = a {
            back[*yj] = Some(gi);
        }
    }
    let mut sc = Scores { gold_words: g.len(), system_words: y.len(), sentences: gold.len(), ..Scores::default() };
    for (gi, a) in align.iter().enumerate() {
        let gw = &g[gi];
        sc.relations.entry(gw.rel.clone()).or_default().0 += 1;
        if gw.long {
            sc.long_words += 1;
        }
        let Some(yj) = *a else { continue };
        let yw = &y[yj];
        sc.aligned += 1;
        sc.upos += (yw.upos == gw.upos) as usize;
        sc.xpos += (yw.xpos == gw.xpos) as usize;
        sc.lemma += yw.lemma.eq_ignore_ascii_case(&gw.lemma) as usize;
        let head_ok = match (gw.head, yw.head) {
            (None, None) => true,
            (Some(gh), Some(yh)) => back[yh] == Some(gh),
            _ => false,
        };
        sc.uas += head_ok as usize;
        let las_ok = head_ok && yw.rel == gw.rel;
        sc.las += las_ok as usize;
        sc.las_universal += (head_ok && universal(&yw.rel) == universal(&gw.rel)) as usize;
        if gw.long {
            sc.long_las += las_ok as usize;
        }
        if las_ok {
            sc.relations.entry(gw.rel.clone()).or_default().2 += 1;
        }
    }
    for yw in &y {
        sc.relations.entry(yw.rel.clone()).or_default().1 += 1;
    }
    sc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_text_rebuilds_spacing_and_multiword_spans() {
        let s = crate::conllu::read(
            "# newdoc id = d\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n1\tOK\tok\tINTJ\tUH\t_\t0\troot\t_\t_\n\n",
            "t",
        )
        .unwrap();
        let (text, spans) = gold_text(&s);
        assert_eq!(text, "I don't know. OK");
        assert_eq!(spans[0][1], spans[0][2]);
        assert_eq!(spans[0][1].slice(&text), "don't");
        assert_eq!(spans[0][4].slice(&text), ".");
        assert_eq!(spans[1][0].slice(&text), "OK");
    }
}
