//! Training: `dyad train-parser`.
//!
//! 1. Read the training treebank; collect the combined UPOS+XPOS classes and
//!    the dependency labels (sorted, so ids do not depend on file order).
//! 2. Jack-knife the tagger: train on all folds but one, tag the held-out
//!    fold, so the parser learns from tags as noisy as those it will see.
//! 3. Train the final tagger on everything, and the parser on the
//!    jack-knifed tags (projectivised gold trees, dynamic oracle, exploration
//!    after the first epoch); the two run in parallel with `threads ≥ 2`.
//! 4. Freeze averaged weights (pruning tiny ones) and write the model.
//!
//! Every random choice comes from [`Rng`] seeded by `seed` and the job's
//! number, so the model is byte-identical for any `threads`. Each finished
//! stage is checkpointed in `work_dir` under a fingerprint of the options and
//! the training file, so an interrupted run resumes where it stopped.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::conllu::{self, Sentence};
use crate::model::Model;
use crate::parser::{projectivize, ParseExample, ParserTrainer};
use crate::perceptron::Trainer;
use crate::tagger::{self, TagData, Tagger};
use crate::words::WordAtoms;
use crate::ParseError;

/// SplitMix64: a small, seedable random number generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_F491_4F6C_DD1D)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Training treebank(s) (CoNLL-U).
    pub train: Vec<PathBuf>,
    /// Development treebank for per-epoch scores (optional).
    pub dev: Option<PathBuf>,
    /// Tagger epochs.
    pub tagger_epochs: usize,
    /// Parser epochs.
    pub parser_epochs: usize,
    /// Jack-knife folds.
    pub folds: usize,
    /// Random seed.
    pub seed: u64,
    /// Worker threads (1 = sequential; the output does not depend on it).
    pub threads: usize,
    /// Drop the parser's averaged weights with `|w|` below this.
    pub prune: f32,
    /// Drop the tagger's averaged weights with `|w|` below this.
    pub tagger_prune: f32,
    /// Probability of following a wrong prediction after the first epoch.
    pub explore: f64,
    /// Checkpoint folder.
    pub work_dir: PathBuf,
    /// Model version string written into the model.
    pub version: String,
}

fn tag_class_key(w: &conllu::Word) -> (String, String) {
    (w.upos.clone(), w.xpos.clone())
}

/// The training data in the models' terms.
pub struct Prepared {
    /// Tag classes.
    pub classes: Vec<(String, String)>,
    /// Labels.
    pub labels: Vec<String>,
    /// Tagger data.
    pub tags: TagData,
    /// Gold heads per sentence (index 0 unused).
    pub heads: Vec<Vec<u32>>,
    /// Gold labels per sentence (index 0 unused).
    pub gold_labels: Vec<Vec<u16>>,
}

/// Turn treebank sentences into training data.
pub fn prepare(sents: &[Sentence]) -> Prepared {
    let mut cls = BTreeSet::new();
    let mut labs = BTreeSet::new();
    labs.insert("root".to_string());
    labs.insert("parataxis".to_string());
    for s in sents {
        for w in &s.words {
            cls.insert(tag_class_key(w));
            labs.insert(w.deprel.clone());
        }
    }
    let classes: Vec<(String, String)> = cls.into_iter().collect();
    let labels: Vec<String> = labs.into_iter().collect();
    let cidx: HashMap<&(String, String), u16> = classes.iter().enumerate().map(|(i, c)| (c, i as u16)).collect();
    let lidx: HashMap<&String, u16> = labels.iter().enumerate().map(|(i, l)| (l, i as u16)).collect();
    let mut tags = TagData { words: Vec::new(), gold: Vec::new() };
    let mut heads = Vec::new();
    let mut gold_labels = Vec::new();
    for s in sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        tags.words.push(WordAtoms::sentence(&forms));
        tags.gold.push(s.words.iter().map(|w| cidx[&tag_class_key(w)]).collect());
        let mut h = vec![0u32];
        h.extend(s.words.iter().map(|w| w.head));
        projectivize(&mut h);
        heads.push(h);
        let mut l = vec![0u16];
        l.extend(s.words.iter().map(|w| lidx[&w.deprel]));
        gold_labels.push(l);
    }
    Prepared { classes, labels, tags, heads, gold_labels }
}

/// UPOS index (in sorted UPOS order) of each combined tag class.
pub fn coarse_of(classes: &[(String, String)]) -> Vec<u16> {
    let upos: BTreeSet<&str> = classes.iter().map(|c| c.0.as_str()).collect();
    let upos: Vec<&str> = upos.into_iter().collect();
    classes.iter().map(|c| upos.iter().position(|u| *u == c.0).unwrap_or(0) as u16).collect()
}

/// Version of the checkpoint layout and feature templates (part of the
/// checkpoint fingerprint; independent of the model file's format version).
const TRAINING_STATE_VERSION: u32 = 3;

fn fingerprint(opts: &TrainOptions, files: &[Vec<u8>]) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |b: &[u8]| {
        for &x in b {
            h ^= x as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in files {
        eat(f);
    }
    eat(format!(
        "{} {} {} {} fmt{} v2",
        opts.tagger_epochs, opts.folds, opts.seed, opts.explore, TRAINING_STATE_VERSION
    )
    .as_bytes());
    format!("{h:016x}")
}

fn io_err(p: &Path) -> impl Fn(std::io::Error) -> ParseError + '_ {
    move |e| ParseError::Io { path: p.display().to_string(), source: e }
}

/// Jack-knifed tags: fold k's sentences tagged by a tagger trained on the rest.
fn jackknife(p: &Prepared, opts: &TrainOptions, pool: &rayon::ThreadPool) -> Vec<Vec<u16>> {
    let n = p.tags.words.len();
    let k = opts.folds.max(2);
    let fold_of = |i: usize| i % k;
    let results: Vec<Vec<(usize, Vec<u16>)>> = pool.install(|| {
        use rayon::prelude::*;
        (0..k)
            .into_par_iter()
            .map(|f| {
                let idx: Vec<usize> = (0..n).filter(|&i| fold_of(i) != f).collect();
                let data = TagData {
                    words: idx.iter().map(|&i| p.tags.words[i].clone()).collect(),
                    gold: idx.iter().map(|&i| p.tags.gold[i].clone()).collect(),
                };
                let t = tagger::train(
                    &data,
                    p.classes.clone(),
                    opts.tagger_epochs,
                    opts.seed.wrapping_add(100 + f as u64),
                    None,
                );
                (0..n).filter(|&i| fold_of(i) == f).map(|i| (i, t.tag(&p.tags.words[i]))).collect()
            })
            .collect()
    });
    let mut out = vec![Vec::new(); n];
    for r in results {
        for (i, t) in r {
            out[i] = t;
        }
    }
    out
}

/// Write a checkpoint: the payload and its CRC-32, to a temporary name
/// renamed into place (an interrupted write never leaves a file that looks
/// whole).
fn write_checkpoint(path: &Path, mut b: Vec<u8>) -> Result<(), ParseError> {
    let crc = crc32fast::hash(&b);
    b.extend_from_slice(&crc.to_le_bytes());
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, b).map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_err(path))
}

/// The payload of a checkpoint written by [`write_checkpoint`]: `None` when
/// there is none; when the file is there but unreadable, truncated or fails
/// its checksum, a line saying so goes to `log` (the stage is recomputed).
fn read_checkpoint(path: &Path, log: &mut Vec<String>) -> Option<Vec<u8>> {
    let mut b = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            log.push(format!("checkpoint {} unreadable ({e}); recomputing it", path.display()));
            return None;
        }
    };
    let ok = b.len() >= 4 && {
        let (body, tail) = b.split_at(b.len() - 4);
        crc32fast::hash(body).to_le_bytes() == tail
    };
    if !ok {
        log.push(format!("checkpoint {} is damaged (checksum mismatch); recomputing it", path.display()));
        return None;
    }
    b.truncate(b.len() - 4);
    Some(b)
}

fn save_tags(path: &Path, tags: &[Vec<u16>]) -> Result<(), ParseError> {
    let mut b = Vec::new();
    b.extend_from_slice(&(tags.len() as u64).to_le_bytes());
    for t in tags {
        b.extend_from_slice(&(t.len() as u32).to_le_bytes());
        for x in t {
            b.extend_from_slice(&x.to_le_bytes());
        }
    }
    write_checkpoint(path, b)
}

/// Jack-knifed tags from a checkpoint payload; `None` unless there is one
/// tag per word of every sentence of `p`, each a known class.
fn load_tags(b: &[u8], p: &Prepared) -> Option<Vec<Vec<u16>>> {
    let mut r = crate::perceptron::Reader { b, p: 0 };
    let n = r.u64()? as usize;
    if n != p.tags.words.len() {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    for words in &p.tags.words {
        let m = r.u32()? as usize;
        if m != words.len() {
            return None;
        }
        let mut t = Vec::with_capacity(m);
        for _ in 0..m {
            let c = u16::from_le_bytes(r.take(2)?.try_into().ok()?);
            if c as usize >= p.classes.len() {
                return None;
            }
            t.push(c);
        }
        out.push(t);
    }
    (r.p == b.len()).then_some(out)
}

/// Train a model; progress lines go to `log`.
///
/// Sentences whose gold graph is not a tree are skipped with a line naming
/// file and line. Checkpoints carry a CRC-32; a damaged or mismatched one is
/// reported and its stage recomputed, never trusted.
///
/// # Errors
/// Unreadable or malformed treebanks, no usable sentence, zero epochs, fewer
/// than 2 folds, a prune threshold that is negative or not a number, an
/// exploration probability outside 0–1, an unwritable work folder.
pub fn train(opts: &TrainOptions, log: &mut dyn FnMut(&str)) -> Result<Model, ParseError> {
    if opts.tagger_epochs == 0 || opts.parser_epochs == 0 {
        return Err(ParseError::Train(
            "the tagger and parser epochs must be at least 1 (0 would write an untrained model)".into(),
        ));
    }
    for (name, v, max) in [
        ("prune", opts.prune as f64, f64::MAX),
        ("tagger prune", opts.tagger_prune as f64, f64::MAX),
        ("explore", opts.explore, 1.0),
    ] {
        if !(v.is_finite() && (0.0..=max).contains(&v)) {
            return Err(ParseError::Train(format!(
                "{name} {v} is out of range ({})",
                if max == 1.0 { "a probability, 0 to 1" } else { "a weight threshold, 0 or more" }
            )));
        }
    }
    if opts.folds < 2 {
        return Err(ParseError::Train(format!(
            "{} jack-knife folds: at least 2 are needed (each fold is tagged by a tagger trained on the others)",
            opts.folds
        )));
    }
    let mut raw = Vec::new();
    let mut sents = Vec::new();
    for p in &opts.train {
        let b = std::fs::read(p).map_err(io_err(p))?;
        let name = p.display().to_string();
        for s in conllu::read(conllu::decode(&b, &name)?, &name)? {
            // a gold graph that is not a tree cannot be projectivised or
            // followed by the oracle: skipped, and said so
            match s.tree_problem() {
                Some(why) => log(&format!("skipped sentence at {name}:{}: {why}", s.line)),
                None => sents.push(s),
            }
        }
        raw.push(b);
    }
    if sents.is_empty() {
        let files: Vec<String> = opts.train.iter().map(|p| p.display().to_string()).collect();
        return Err(ParseError::Train(format!("no training sentences (that are trees) in {}", files.join(", "))));
    }
    let fp = fingerprint(opts, &raw);
    let dir = opts.work_dir.join(&fp);
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    log(&format!("{} training sentences; checkpoints in {}", sents.len(), dir.display()));
    let p = prepare(&sents);
    log(&format!("{} tag classes, {} labels", p.classes.len(), p.labels.len()));
    let max = crate::perceptron::MAX_CLASSES;
    if p.classes.len() > max || 2 + 2 * p.labels.len() > max {
        return Err(ParseError::Train(format!(
            "{} tag classes and {} labels: the model holds at most {max} tag classes and {} labels",
            p.classes.len(),
            p.labels.len(),
            (max - 2) / 2
        )));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1))
        .build()
        .map_err(|e| ParseError::Train(e.to_string()))?;

    let jk_path = dir.join("jackknife.tags");
    let mut ck_log = Vec::new();
    let resumed = read_checkpoint(&jk_path, &mut ck_log).and_then(|b| {
        let t = load_tags(&b, &p);
        if t.is_none() {
            ck_log.push(format!("checkpoint {} does not match the training data; recomputing it", jk_path.display()));
        }
        t
    });
    for l in ck_log.drain(..) {
        log(&l);
    }
    let jk = match resumed {
        Some(t) => {
            log("jack-knifed tags: resumed from checkpoint");
            t
        }
        None => {
            log(&format!("jack-knifing the tagger over {} folds…", opts.folds));
            let t = jackknife(&p, opts, &pool);
            save_tags(&jk_path, &t)?;
            t
        }
    };
    let (right, total) = jk
        .iter()
        .zip(&p.tags.gold)
        .flat_map(|(a, b)| a.iter().zip(b))
        .fold((0usize, 0usize), |(r, t), (a, b)| (r + (a == b) as usize, t + 1));
    log(&format!("jack-knifed tag accuracy {:.2} %", 100.0 * right as f64 / total.max(1) as f64));

    let examples: Vec<ParseExample> = (0..sents.len())
        .map(|i| ParseExample {
            words: p.tags.words[i].clone(),
            tags: jk[i].clone(),
            heads: p.heads[i].clone(),
            labels: p.gold_labels[i].clone(),
        })
        .collect();
    let dev = match &opts.dev {
        Some(d) => Some(conllu::read_file(d)?),
        None => None,
    };

    let mut tagger_log: Vec<String> = Vec::new();
    let tagger_job = |tlog: &mut Vec<String>| -> Result<Tagger, ParseError> {
        let path = dir.join("tagger.model");
        if let Some(b) = read_checkpoint(&path, tlog) {
            let mut r = crate::perceptron::Reader { b: &b, p: 0 };
            match Tagger::read(&mut r) {
                Some(t) if r.p == b.len() && t.classes == p.classes => {
                    tlog.push("tagger: resumed from checkpoint".to_string());
                    return Ok(t);
                }
                _ => tlog.push(format!("checkpoint {} is malformed; retraining the tagger", path.display())),
            }
        }
        let t = tagger::train(&p.tags, p.classes.clone(), opts.tagger_epochs, opts.seed, Some(&jk));
        let mut b = Vec::new();
        t.write(&mut b);
        write_checkpoint(&path, b)?;
        Ok(t)
    };
    let mut parser_log: Vec<String> = Vec::new();
    let parser_job = |plog: &mut Vec<String>| -> Result<crate::parser::Parser, ParseError> {
        let mut start = 0;
        let coarse = coarse_of(&p.classes);
        let mut trainer = ParserTrainer::new(p.labels.clone(), coarse.clone());
        let mut rng = Rng::new(opts.seed.wrapping_add(7));
        for e in (1..=opts.parser_epochs).rev() {
            let path = dir.join(format!("parser-epoch-{e}.ckpt"));
            if let Some(b) = read_checkpoint(&path, plog) {
                match (b.len() > 8).then(|| Trainer::load(&b[8..])).flatten() {
                    Some(t) if t.n_classes == 2 + 2 * p.labels.len() => {
                        rng = Rng(u64::from_le_bytes(b[..8].try_into().expect("8 bytes")));
                        trainer = ParserTrainer::resume(p.labels.clone(), coarse.clone(), t);
                        start = e;
                        plog.push(format!("parser: resumed after epoch {e}"));
                        break;
                    }
                    _ => plog.push(format!("checkpoint {} is malformed; not resuming from it", path.display())),
                }
            }
        }
        let mut order: Vec<usize> = (0..examples.len()).collect();
        for e in start..opts.parser_epochs {
            // The order of epoch e depends only on the seed and e.
            let mut orng = Rng::new(opts.seed.wrapping_add(1000 + e as u64));
            order.iter_mut().enumerate().for_each(|(i, o)| *o = i);
            orng.shuffle(&mut order);
            let explore = if e == 0 { 0.0 } else { opts.explore };
            let acc = trainer.epoch(&examples, &order, explore, &mut rng);
            plog.push(format!(
                "parser epoch {}: {:.2} % zero-cost transitions, {} features",
                e + 1,
                100.0 * acc,
                trainer.perceptron.n_features()
            ));
            let path = dir.join(format!("parser-epoch-{}.ckpt", e + 1));
            let mut b = rng.0.to_le_bytes().to_vec();
            trainer.perceptron.save(&mut b);
            write_checkpoint(&path, b)?;
            if e > 0 {
                let _ = std::fs::remove_file(dir.join(format!("parser-epoch-{e}.ckpt")));
            }
        }
        Ok(trainer.finish(opts.prune))
    };
    let (tagger, parser) = pool.install(|| rayon::join(|| tagger_job(&mut tagger_log), || parser_job(&mut parser_log)));
    for l in tagger_log.iter().chain(&parser_log) {
        log(l);
    }
    let (mut tagger, parser) = (tagger?, parser?);
    tagger.weights = tagger.weights.pruned(opts.tagger_prune);
    tagger.second = tagger.second.pruned(opts.tagger_prune);
    let mut meta = vec![
        ("version".to_string(), opts.version.clone()),
        (
            "trained_on".to_string(),
            opts.train
                .iter()
                .filter_map(|p| p.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("sentences".to_string(), sents.len().to_string()),
        ("seed".to_string(), opts.seed.to_string()),
        ("tagger_epochs".to_string(), opts.tagger_epochs.to_string()),
        ("parser_epochs".to_string(), opts.parser_epochs.to_string()),
        ("folds".to_string(), opts.folds.to_string()),
        ("prune".to_string(), opts.prune.to_string()),
        ("tagger_prune".to_string(), opts.tagger_prune.to_string()),
        ("explore".to_string(), opts.explore.to_string()),
        ("licence".to_string(), "CC BY-SA 4.0 (a derivative of UD English EWT; see models/README.md)".to_string()),
    ];
    meta.push(("tagger_features".to_string(), tagger.weights.n_features().to_string()));
    meta.push(("parser_features".to_string(), parser.weights.n_features().to_string()));
    let model = Model { meta, tagger, parser };
    if let Some(dev) = dev {
        let s = crate::eval::evaluate(&model, &dev);
        log(&format!("dev: {}", s.summary()));
    }
    Ok(model)
}
