//! The in-memory dictionary model shared by every reader.

/// Where an entry came from, for provenance (`file:line`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// File name (built-in files are named `builtin:verbs.txt`, …).
    pub file: std::sync::Arc<str>,
    /// 1-based line.
    pub line: u32,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// An actor code with an optional date restriction. Dates are `YYYYMMDD`
/// integers, inclusive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatedCode {
    /// Actor code, e.g. `RUSGOV`.
    pub code: String,
    /// First day the code applies (inclusive), if restricted.
    pub from: Option<u32>,
    /// Last day the code applies (inclusive), if restricted.
    pub to: Option<u32>,
}

impl DatedCode {
    /// True when the code has no date restriction.
    pub fn is_default(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
    /// True when `date` (YYYYMMDD) falls in the range.
    pub fn contains(&self, date: u32) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }
}

/// One actor: the phrases that name it and its (dated) codes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActorEntry {
    /// Phrases, each a sequence of lower-case normalised tokens.
    pub phrases: Vec<Vec<String>>,
    /// Codes; dated ones first in file order, the undated default last.
    pub codes: Vec<DatedCode>,
    /// Where it was defined.
    pub origin: Origin,
}

impl ActorEntry {
    /// The code for a story date (YYYYMMDD), or, without a date, the dated
    /// code with the newest start (falling back to the default). `None`
    /// only when the entry has no codes at all.
    pub fn code_for(&self, date: Option<u32>) -> Option<&str> {
        match date {
            Some(d) => self
                .codes
                .iter()
                .find(|c| !c.is_default() && c.contains(d))
                .or_else(|| self.codes.iter().find(|c| c.is_default()))
                .or_else(|| self.codes.last())
                .map(|c| c.code.as_str()),
            None => self
                .codes
                .iter()
                .filter(|c| !c.is_default())
                .max_by_key(|c| (c.from.unwrap_or(0), c.to.unwrap_or(u32::MAX)))
                .or_else(|| self.codes.iter().find(|c| c.is_default()))
                .map(|c| c.code.as_str()),
        }
    }
    /// True when any code is date-restricted.
    pub fn is_dated(&self) -> bool {
        self.codes.iter().any(|c| !c.is_default())
    }
}

/// One agent: role/sector nouns and their agent code (`MIL`, `GOV`, …).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgentEntry {
    /// Phrases, lower-case tokens (plurals already expanded).
    pub phrases: Vec<Vec<String>>,
    /// Agent code, 3 or 6 letters.
    pub code: String,
    /// True when the code goes *before* the actor code instead of after it
    /// (PETRARCH's `[NGO~]` form, used for organisations); false for the usual
    /// suffix form (`[~GOV]`, and every native entry).
    pub prefix: bool,
    /// Where it was defined.
    pub origin: Origin,
}

/// An actor's role in a transformation's inner event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// The outer verb's subject (`a`; also `_`, an infinitive's unstated
    /// subject, which dyad fills with the outer subject).
    Outer,
    /// The new event's target (`b`).
    Other,
    /// Anyone (`.`).
    Any,
}

/// A PETRARCH-2 verb-on-verb transformation, `~ a (X Y VERB) OUTER = a b CODE`:
/// when an event coded by VERB (X its source, Y its target) is the complement
/// of OUTER said/wanted by `a`, the pair is coded as one event `a` → `b` with
/// CODE ("The US claimed that ISIL attacked Iraq": `a (b . ATTACK) CLAIM =
/// a b 112` → USA 112 ISIL). Source: PETRARCH-2's CAMEO.2.0.txt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Transformation {
    /// The outer verb, lower case (`say`, `claim`, `want`, `attempt`).
    pub outer: String,
    /// The inner event's source.
    pub inner_source: Role,
    /// The inner event's target.
    pub inner_target: Role,
    /// The inner verb (lower case) whose block coded the inner event; `None`
    /// for `Q` (any).
    pub inner_verb: Option<String>,
    /// The new event's code; `None` for `Q` (the inner event's code).
    pub code: Option<String>,
    /// The line as written, for `rule` provenance.
    pub text: String,
    /// Where it was defined.
    pub origin: Origin,
}

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Elem {
    /// A word (lemma or normalised form), with alternatives; optional POS constraint.
    Word {
        /// Accepted lower-case forms.
        alts: Vec<String>,
        /// POS constraint.
        pos: PosReq,
    },
    /// The source actor slot (`$`).
    Source,
    /// The target actor slot (`+`).
    Target,
    /// The word elements on either side must be adjacent in the text
    /// (PETRARCH's `_`: `RECENTLY_*`, `NEW_&TIETYPES_RELATIONS`). At the end of
    /// `pre` or the start of `post` it binds the word to the verb.
    Adjacent,
    /// Skip one noun phrase or actor mention (PETRARCH's `^`, after the verb).
    Skip,
}

/// A POS constraint on a pattern word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum PosReq {
    /// Any tag.
    #[default]
    Any,
    /// Must be tagged as a verb.
    Verb,
    /// Must be tagged as a noun.
    Noun,
}

/// An event code from a dictionary: a CAMEO code, a user code passed through,
/// or `None` for the null code `---`.
pub type Code = Option<String>;

/// A verb/event pattern: the elements before the anchor (in text order), the
/// anchor word, and the elements after it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pattern {
    /// Elements before the anchor, in text order.
    pub pre: Vec<Elem>,
    /// The anchor word's accepted forms (lower-case).
    pub anchor: Vec<String>,
    /// The anchor's POS constraint.
    pub anchor_pos: PosReq,
    /// Elements after the anchor, in text order.
    pub post: Vec<Elem>,
    /// Code for source→target (`None`: the null code, codes nothing).
    pub code: Code,
    /// Code for the reverse direction target→source, if paired (`[042:043]`):
    /// the coder emits that event beside the forward one (a visit is also a
    /// hosting; "held talks with" `[046:046]` is talks both ways), as TABARI
    /// and both PETRARCH validation suites' gold records read paired codes.
    pub rev_code: Code,
    /// Whether words may lie far apart (PETRARCH/TABARI: any words may come
    /// between two pattern words unless `_` joins them); dyad's own patterns
    /// allow a few tokens only (`verbs::MAX_WORD_GAP`).
    #[serde(default)]
    pub wide: bool,
    /// The pattern as written, for `rule` provenance.
    pub text: String,
    /// Where it was defined.
    pub origin: Origin,
}

impl Pattern {
    /// Number of word elements (anchor included): specificity for tie-breaks.
    pub fn specificity(&self) -> usize {
        1 + self.pre.iter().chain(&self.post).filter(|e| matches!(e, Elem::Word { .. })).count()
    }
}

/// Discard rules: phrases that stop coding of a sentence or a whole story,
/// and sports vocabulary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Discards {
    /// Phrases that discard the sentence they occur in.
    pub sentence: Vec<Vec<String>>,
    /// Phrases that discard the whole story.
    pub story: Vec<Vec<String>>,
    /// Sports vocabulary (single lower-case words or phrases).
    pub sports: Vec<Vec<String>>,
}

/// An issue (Phoenix issue coding): phrases that tag events with an issue code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IssueEntry {
    /// Phrases, lower-case tokens.
    pub phrases: Vec<Vec<String>>,
    /// Issue code, e.g. `NUCLEAR`.
    pub code: String,
}

/// Every dictionary the coder uses, merged from built-in and user files.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Dictionaries {
    /// Actors (countries, organisations, people, groups).
    pub actors: Vec<ActorEntry>,
    /// Agents (roles and sectors).
    pub agents: Vec<AgentEntry>,
    /// Verb and event patterns.
    pub patterns: Vec<Pattern>,
    /// Discards.
    pub discards: Discards,
    /// Issues.
    pub issues: Vec<IssueEntry>,
    /// Verb-on-verb transformations (PETRARCH-2 `~` lines).
    #[serde(default)]
    pub transformations: Vec<Transformation>,
    /// Content hashes of the files loaded, in load order (`name`, hex hash).
    pub sources: Vec<(String, String)>,
}

impl Dictionaries {
    /// Merge another set into this one (entries appended; for actors and
    /// patterns, earlier entries win ties).
    pub fn extend(&mut self, other: Dictionaries) {
        self.actors.extend(other.actors);
        self.agents.extend(other.agents);
        self.patterns.extend(other.patterns);
        self.discards.sentence.extend(other.discards.sentence);
        self.discards.story.extend(other.discards.story);
        self.discards.sports.extend(other.discards.sports);
        self.issues.extend(other.issues);
        self.transformations.extend(other.transformations);
        self.sources.extend(other.sources);
    }

    /// The actor code a name stands for: the first actor entry with `name` as
    /// one of its phrases, compared as text is (tokenised and normalised, so
    /// any case: "united states", "U.S.", "Russian"), its newest code. `None`
    /// when no entry has that phrase. Used to read `query dyad United States
    /// Russia` as USA and RUS.
    pub fn actor_code_for_name(&self, name: &str) -> Option<&str> {
        let toks: Vec<String> = crate::native::phrase_tokens(name).into_iter().map(|t| t.to_lowercase()).collect();
        if toks.is_empty() {
            return None;
        }
        self.actors.iter().find(|a| a.phrases.contains(&toks)).and_then(|a| a.code_for(None))
    }

    /// Dictionary version: a short hex hash over the content hashes of every
    /// file loaded (stable for the same files in the same order).
    pub fn version(&self) -> String {
        let mut h = Fnv::default();
        for (name, hash) in &self.sources {
            h.write(name.as_bytes());
            h.write(hash.as_bytes());
        }
        format!("{:016x}", h.0)
    }
}

/// FNV-1a 64-bit, used for content hashes (stable across platforms and runs).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Feed bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    /// Hash of one byte string as 16 hex digits.
    pub fn hex(bytes: &[u8]) -> String {
        let mut h = Fnv::default();
        h.write(bytes);
        format!("{:016x}", h.0)
    }
}
