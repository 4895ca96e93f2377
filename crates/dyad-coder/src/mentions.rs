//! Actor mentions: leftmost-longest dictionary matching over normalised
//! tokens, agents combined with countries ("Russian troops" → RUSMIL), titles
//! absorbed by people ("Foreign Minister Sergei Lavrov"), compounds
//! ("Russia and China"), and simple back-references ("he", "the two
//! countries").

use dyad_core::Span;
use dyad_dict::Dictionaries;
use dyad_text::{Tag, Token};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// One resolved actor mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Actor code (`RUSGOV`, `---MIL`, `IGOUNO`).
    pub code: String,
    /// Bytes of the words that refer (the name, or the pronoun / "the two countries").
    pub ref_span: Span,
    /// True for a person (an entry with dated codes).
    pub is_person: bool,
    /// For "AGENT in/of COUNTRY": the agent code, lent to countries joined to
    /// this mention ("lawmakers in Fornost and Gondor").
    pub lends_agent: Option<String>,
}

/// Mentions joined by "and" / commas, or a single mention: the unit that fills
/// a source or target slot. Token range `[tok_start, tok_end)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Members (one for a simple mention).
    pub members: Vec<Mention>,
    /// First token.
    pub tok_start: usize,
    /// One past the last token.
    pub tok_end: usize,
}

impl Group {
    /// True when the group joins two or more mentions ("Russia and China").
    /// One mention with several codes (PETRARCH's `[FRO/BIL/SAM]`) is not a
    /// compound: its members share one text span.
    pub fn is_compound(&self) -> bool {
        self.members.first().is_some_and(|f| self.members.iter().any(|m| m.ref_span != f.ref_span))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actor(usize),
    Agent(usize),
}

#[derive(Debug, Clone)]
struct Cand {
    phrase: Vec<String>,
    kind: Kind,
}

/// First-token index of phrases: the phrases starting with a token, longest
/// first (leftmost-longest matching).
#[derive(Debug, Default)]
struct PhraseMap {
    map: HashMap<String, Vec<Cand>>,
    seen: HashSet<u64>,
}

impl PhraseMap {
    fn insert(&mut self, phrase: &[String], kind: Kind) {
        if phrase.is_empty() {
            return;
        }
        use std::hash::BuildHasher;
        let key = self.seen.hasher().hash_one(phrase);
        let v = self.map.entry(phrase[0].clone()).or_default();
        // first definition wins (exact check only when the hash was seen before)
        if !self.seen.insert(key) && v.iter().any(|c| c.phrase == phrase) {
            return;
        }
        v.push(Cand { phrase: phrase.to_vec(), kind });
    }
    /// The kind a phrase is already mapped to, if any.
    fn existing(&self, phrase: &[String]) -> Option<Kind> {
        self.map.get(phrase.first()?)?.iter().find(|c| c.phrase == phrase).map(|c| c.kind)
    }
    /// Point an existing phrase at another kind.
    fn remap(&mut self, phrase: &[String], kind: Kind) {
        if let Some(c) =
            phrase.first().and_then(|f| self.map.get_mut(f)).and_then(|v| v.iter_mut().find(|c| c.phrase == phrase))
        {
            c.kind = kind;
        }
    }
    fn finish(&mut self) {
        for v in self.map.values_mut() {
            // longest first; stable so earlier entries win ties
            v.sort_by_key(|c| std::cmp::Reverse(c.phrase.len()));
        }
    }
    /// The longest phrase starting at token `i`, with the number of tokens it
    /// covers. A token joined with `_` (PETRARCH texts write "Dol_Amroth")
    /// matches its parts as consecutive phrase words; a phrase ends on a token
    /// boundary.
    fn longest_at(&self, tokens: &[Token], i: usize, text: &str) -> Option<(&Cand, usize)> {
        let first = tokens[i].norm.as_str();
        let key = if first.len() > 1 && first.contains('_') { first.split('_').next().unwrap_or(first) } else { first };
        let cands = self.map.get(key)?;
        'c: for c in cands {
            let Some(n) = phrase_tokens(tokens, i, &c.phrase) else { continue 'c };
            if let Kind::Actor(_) = c.kind {
                // Proper names are capitalised: "us" is not the USA, "west" is a
                // direction. A leading article may be lower case ("the Shire").
                let k = if n > 1 && tokens[i].norm == "the" { i + 1 } else { i };
                if !is_capitalised(tokens[k].span.slice(text)) {
                    continue;
                }
            }
            return Some((c, n));
        }
        None
    }
}

/// Tokens from `i` covering exactly the words of `phrase`, if they do.
fn phrase_tokens(tokens: &[Token], i: usize, phrase: &[String]) -> Option<usize> {
    let mut w = 0;
    let mut t = i;
    while w < phrase.len() {
        let norm = tokens.get(t)?.norm.as_str();
        if norm == phrase[w] {
            w += 1;
        } else if norm.len() > 1 && norm.contains('_') {
            for part in norm.split('_') {
                if phrase.get(w).is_none_or(|p| p != part) {
                    return None;
                }
                w += 1;
            }
        } else {
            return None;
        }
        t += 1;
    }
    Some(t - i)
}

/// A set of phrases for discards and sports vocabulary.
#[derive(Debug, Default)]
pub struct PhraseSet {
    map: HashMap<String, Vec<Vec<String>>>,
}

impl PhraseSet {
    /// Build from lower-case token phrases.
    pub fn new(phrases: &[Vec<String>]) -> PhraseSet {
        let mut map: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for p in phrases {
            if let Some(f) = p.first() {
                map.entry(f.clone()).or_default().push(p.clone());
            }
        }
        PhraseSet { map }
    }
    /// Occurrences of any phrase in the tokens.
    pub fn count_in(&self, tokens: &[Token]) -> usize {
        if self.map.is_empty() {
            return 0;
        }
        let mut n = 0;
        for i in 0..tokens.len() {
            if let Some(ps) = self.map.get(tokens[i].norm.as_str()) {
                if ps
                    .iter()
                    .any(|p| i + p.len() <= tokens.len() && p.iter().enumerate().all(|(k, w)| tokens[i + k].norm == *w))
                {
                    n += 1;
                }
            }
        }
        n
    }
    /// True when any phrase occurs.
    pub fn any_in(&self, tokens: &[Token]) -> bool {
        self.count_in(tokens) > 0
    }
}

/// What the coder remembers across the sentences of one field, for
/// back-references.
#[derive(Debug, Default, Clone)]
pub struct DocState {
    /// Distinct actors seen, most recent last.
    recent: Vec<Mention>,
    /// The last person mentioned.
    last_person: Option<Mention>,
}

impl DocState {
    /// Remember the actors of a finished sentence.
    pub fn end_sentence(&mut self, groups: &[Group]) {
        for g in groups {
            for m in &g.members {
                self.remember(m);
            }
        }
    }
    fn remember(&mut self, m: &Mention) {
        if m.code.starts_with("---") {
            return;
        }
        self.recent.retain(|r| r.code != m.code);
        self.recent.push(m.clone());
        if m.is_person {
            self.last_person = Some(m.clone());
        }
    }
}

/// The compiled actor and agent dictionaries.
#[derive(Debug, Default)]
pub struct ActorIndex {
    phrases: PhraseMap,
    actor_codes: Vec<ActorInfo>,
    agent_codes: Vec<String>,
    /// Per agent: its code goes before the actor's (PETRARCH `[NGO~]`).
    agent_prefix: Vec<bool>,
    countries: HashSet<String>,
}

#[derive(Debug, Clone)]
struct ActorInfo {
    entry: dyad_dict::ActorEntry,
    is_person: bool,
}

const PREPS_OF: &[&str] = &["of", "in"];
const TWO_NOUNS: &[&str] = &[
    "countries",
    "sides",
    "nations",
    "leaders",
    "presidents",
    "governments",
    "states",
    "parties",
    "men",
    "neighbours",
    "neighbors",
    "allies",
    "ministers",
];

impl ActorIndex {
    /// Compile the actors and agents of `d`.
    pub fn build(d: &Dictionaries) -> ActorIndex {
        let mut ix = ActorIndex::default();
        // phrases defined again by a later dated entry ("PRESIDENT_BUSH" under
        // both Bushes): (phrase, earlier actor, later actor)
        let mut shared: Vec<(Vec<String>, usize, usize)> = Vec::new();
        for (i, a) in d.actors.iter().enumerate() {
            // People: our people file, or (PETRARCH dictionaries) entries with dated
            // role codes; a country whose code changed over time (USRUKR → UKR) is not one.
            let is_person = a.origin.file.contains("people")
                || (a.is_dated() && a.codes.iter().all(|c| c.code.len() > 3 || c.code == "---"));
            // phrases live in the phrase map; keep only the codes here
            let entry = dyad_dict::ActorEntry { phrases: Vec::new(), codes: a.codes.clone(), origin: a.origin.clone() };
            ix.actor_codes.push(ActorInfo { entry, is_person });
            for p in &a.phrases {
                if a.is_dated() {
                    if let Some(Kind::Actor(prev)) = ix.phrases.existing(p) {
                        // both dated (two holders of one title); an undated earlier
                        // entry (a user's override) keeps the phrase
                        if prev != i && ix.actor_codes[prev].entry.is_dated() {
                            shared.push((p.clone(), prev, i));
                            continue;
                        }
                    }
                }
                ix.phrases.insert(p, Kind::Actor(i));
            }
            for c in &a.codes {
                if c.code.len() == 3 && !c.code.starts_with("IGO") && !c.code.starts_with("NGO") {
                    ix.countries.insert(c.code.clone());
                }
            }
        }
        // A shared phrase gets a merged entry: the earlier entry's codes, then
        // the later entry's dated codes, so the date picks the right holder
        // (the earlier entry's default still applies outside every range).
        for (phrase, prev, later) in shared {
            let cur = match ix.phrases.existing(&phrase) {
                Some(Kind::Actor(c)) => c,
                _ => prev,
            };
            let mut codes = ix.actor_codes[cur].entry.codes.clone();
            codes.extend(d.actors[later].codes.iter().filter(|c| !c.is_default()).cloned());
            let merged = ActorInfo {
                entry: dyad_dict::ActorEntry {
                    phrases: Vec::new(),
                    codes,
                    origin: ix.actor_codes[cur].entry.origin.clone(),
                },
                is_person: ix.actor_codes[cur].is_person || ix.actor_codes[later].is_person,
            };
            ix.actor_codes.push(merged);
            ix.phrases.remap(&phrase, Kind::Actor(ix.actor_codes.len() - 1));
        }
        for (i, a) in d.agents.iter().enumerate() {
            ix.agent_codes.push(a.code.clone());
            ix.agent_prefix.push(a.prefix);
            for p in &a.phrases {
                ix.phrases.insert(p, Kind::Agent(i));
            }
        }
        ix.phrases.finish();
        ix
    }

    /// The suffix agent item `items[k]` if it starts at token `at`: its code
    /// and end token.
    fn suffix_agent(&self, items: &[(Kind, usize, usize)], k: usize, at: usize) -> Option<(&str, usize)> {
        match items.get(k) {
            Some(&(Kind::Agent(g), gs, ge)) if gs == at && !self.agent_prefix[g] => {
                Some((self.agent_codes[g].as_str(), ge))
            }
            _ => None,
        }
    }

    /// Split an actor code into (country or region, agent part): `RUSGOV` →
    /// (`RUS`, `GOV`); `---GOV` → (``, `GOV`); `IGOUNO` → (``, `IGOUNO`).
    pub fn split_code(&self, code: &str) -> (String, String) {
        if let Some(rest) = code.strip_prefix("---") {
            return (String::new(), rest.to_string());
        }
        if code.len() >= 3 && code.is_char_boundary(3) && self.countries.contains(&code[..3]) {
            return (code[..3].to_string(), code[3..].to_string());
        }
        (String::new(), code.to_string())
    }

    fn country_of(&self, code: &str) -> Option<String> {
        let (c, _) = self.split_code(code);
        if c.is_empty() {
            None
        } else {
            Some(c)
        }
    }

    /// Find the actor mention groups of one sentence.
    pub fn find(&self, text: &str, tokens: &[Token], date: Option<u32>, state: &mut DocState) -> Vec<Group> {
        // 1. raw dictionary items, leftmost-longest.
        let mut items: Vec<(Kind, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some((c, n)) = self.phrases.longest_at(tokens, i, text) {
                items.push((c.kind, i, i + n));
                i += n;
            } else {
                i += 1;
            }
        }
        // 2. combine into mentions.
        let mut mentions: Vec<(Mention, usize, usize)> = Vec::new();
        let mut k = 0;
        while k < items.len() {
            let (kind, s, e) = items[k];
            match kind {
                Kind::Actor(a) => {
                    let info = &self.actor_codes[a];
                    let code = info.entry.code_for(date).unwrap_or("").to_string();
                    let mut m =
                        Mention { code, ref_span: span_of(tokens, s, e), is_person: info.is_person, lends_agent: None };
                    let mut end = e;
                    let mut used = 1;
                    if !info.is_person {
                        // country [ 's ] [adj]{0,2} agent [person]
                        let mut j = end;
                        if j < tokens.len() && (tokens[j].norm == "'s" || tokens[j].norm == "'") {
                            j += 1;
                        }
                        if let Some(&(Kind::Agent(g), gs, ge)) = items.get(k + 1) {
                            // modifiers may be joined ("Ithilen's awful and evil minister")
                            let mods_ok = (j..gs).all(|t| is_modifier(&tokens[t]) || tokens[t].norm == "and")
                                && (j..gs).filter(|&t| tokens[t].norm != "and").count() <= 2
                                && tokens.get(j).is_none_or(|t| t.norm != "and");
                            if gs >= j && gs - j <= 3 && mods_ok {
                                // named groups and organisations keep their own code
                                // ("Taliban fighters", "Hamas commander", "UN peacekeepers")
                                let keep = m.code.len() > 6
                                    || m.code.starts_with("IGO")
                                    || m.code.starts_with("NGO")
                                    || m.code.starts_with("IMG");
                                if !keep {
                                    let country = self.country_of(&m.code).unwrap_or_else(|| m.code.clone());
                                    m.code = format!("{}{}", country, self.agent_codes[g]);
                                } else if m.code.len() <= 6
                                    && (m.code.starts_with("IGO") || m.code.starts_with("NGO"))
                                    && !m.code.ends_with(self.agent_codes[g].as_str())
                                {
                                    // an organisation's own role: "UN troops" → IGOUNOMIL (as PETRARCH codes it)
                                    m.code.push_str(&self.agent_codes[g]);
                                }
                                end = ge;
                                used = 2;
                                // absorb a following person or unknown name
                                if let Some(&(Kind::Actor(p), ps, pe)) = items.get(k + 2) {
                                    let holder = self.actor_codes[p].is_person
                                        || (is_title_word(&tokens[end - 1].norm)
                                            && is_bare_country(self.actor_codes[p].entry.code_for(date).unwrap_or("")));
                                    if ps == end && holder {
                                        // a named person brings their own code; a bare
                                        // country name after a title ("Ithilen's minister
                                        // Calimehtar", a country synonym) keeps the
                                        // possessor's country
                                        if self.actor_codes[p].is_person {
                                            m.code = with_title(
                                                self.actor_codes[p].entry.code_for(date).unwrap_or(""),
                                                &self.agent_codes[g],
                                            );
                                        }
                                        m.is_person = true;
                                        end = pe;
                                        used = 3;
                                    }
                                }
                                if used == 2 && is_title_word(&tokens[end - 1].norm) {
                                    end = absorb_names(text, tokens, end);
                                }
                            }
                        }
                        if used == 1 {
                            // "Russian President Vladimir Putin" where the title is not an agent
                            if let Some(&(Kind::Actor(p), ps, pe)) = items.get(k + 1) {
                                if ps == end && self.actor_codes[p].is_person && self.country_of(&m.code).is_some() {
                                    m.code = self.actor_codes[p].entry.code_for(date).unwrap_or("").to_string();
                                    m.is_person = true;
                                    end = pe;
                                    used = 2;
                                }
                            }
                        }
                    }
                    m.ref_span = span_of(tokens, s, end);
                    mentions.push((m, s, end));
                    k += used;
                    // items swallowed by an absorbed name are part of this mention
                    while k < items.len() && items[k].1 < end {
                        k += 1;
                    }
                }
                Kind::Agent(g) => {
                    let agent = &self.agent_codes[g];
                    // a prefix agent right before an actor ("An MSF Arnor diplomat",
                    // `MSF [NGO~]`): agent + actor, then a suffix agent right after
                    if self.agent_prefix[g] {
                        if let Some(&(Kind::Actor(p), ps, pe)) = items.get(k + 1) {
                            let pinfo = &self.actor_codes[p];
                            if ps == e && !pinfo.is_person {
                                let mut code = format!("{agent}{}", pinfo.entry.code_for(date).unwrap_or(""));
                                let (mut end, mut used) = (pe, 2);
                                if let Some((a2, ge)) = self.suffix_agent(&items, k + 2, pe) {
                                    code.push_str(a2);
                                    end = ge;
                                    used = 3;
                                }
                                let m = Mention {
                                    code,
                                    ref_span: span_of(tokens, s, end),
                                    is_person: false,
                                    lends_agent: None,
                                };
                                mentions.push((m, s, end));
                                k += used;
                                continue;
                            }
                        }
                    }
                    // title + person
                    if let Some(&(Kind::Actor(p), ps, pe)) = items.get(k + 1) {
                        let pinfo = &self.actor_codes[p];
                        let holder = pinfo.is_person
                            || (is_title_word(&tokens[e - 1].norm)
                                && is_bare_country(pinfo.entry.code_for(date).unwrap_or(""))
                                && tokens[ps].tag == Tag::NNP);
                        if ps == e && holder {
                            let code = with_title(pinfo.entry.code_for(date).unwrap_or(""), agent);
                            mentions.push((
                                Mention { code, ref_span: span_of(tokens, s, pe), is_person: true, lends_agent: None },
                                s,
                                pe,
                            ));
                            k += 2;
                            continue;
                        }
                        // agent of/in/from COUNTRY
                        // "Soldiers from Gondor ..." as a subject: "from" only before any verb
                        // People who come from a country belong to it anywhere in the
                        // sentence ("dissidents from Egypt", "refugees from Syria");
                        // troops or officials "from" a country may be leaving it.
                        let prep = tokens[e].norm.as_str();
                        let of_origin = matches!(agent.as_str(), "OPP" | "REF" | "CVL" | "PPL" | "EDU" | "LAB");
                        let from_ok = prep == "from" && (of_origin || !tokens[..s].iter().any(|t| t.tag.is_verb()));
                        // an article and up to two modifiers before the country ("from
                        // military-ruled Myanmar", "mayor of the northern West Bank")
                        let mods_ok = ps > e
                            && ps - (e + 1) <= 3
                            && (e + 1..ps).all(|t| is_modifier(&tokens[t]) || tokens[t].norm == "the")
                            && (e + 1..ps).filter(|&t| tokens[t].norm != "the").count() <= 2;
                        let near = ps == e + 1 || (mods_ok && (PREPS_OF.contains(&prep) || of_origin));
                        if near && (PREPS_OF.contains(&prep) || from_ok) && !pinfo.is_person {
                            let code = self.actor_codes[p].entry.code_for(date).unwrap_or("");
                            if let Some(c) = self.country_of(code) {
                                // the actor's own agent stays ("activists of Gonzo GMO":
                                // GON + GMO + OPP), up to two agents
                                let base = if code.len() <= 6 && code.len() > c.len() && !code.ends_with(agent.as_str())
                                {
                                    code.to_string()
                                } else {
                                    c.to_string()
                                };
                                let mut code = format!("{base}{agent}");
                                let (mut end, mut used) = (pe, 2);
                                // "leaders of Egypt's Muslim Brotherhood": the country's
                                // own agent after "'s" joins (EGY + OPP + MUS)
                                let after_s = tokens.get(pe).is_some_and(|t| t.norm == "'s");
                                if let Some((a2, ge)) =
                                    self.suffix_agent(&items, k + 2, pe + 1).filter(|&(a2, _)| after_s && a2 != agent)
                                {
                                    code.push_str(a2);
                                    end = ge;
                                    used = 3;
                                }
                                let m = Mention {
                                    code,
                                    ref_span: span_of(tokens, s, end),
                                    is_person: false,
                                    lends_agent: Some(agent.clone()),
                                };
                                mentions.push((m, s, end));
                                k += used;
                                continue;
                            }
                        }
                    }
                    // names follow titles ("President Joko Widodo"), not other agents
                    let end = if is_title_word(&tokens[e - 1].norm) { absorb_names(text, tokens, e) } else { e };
                    // "the president", "the prime minister": the last head of
                    // government mentioned, when there is one
                    if end == e && agent == "GOV" && s > 0 && tokens[s - 1].norm == "the" && is_title(&tokens[s..e]) {
                        let earlier =
                            mentions.iter().rev().map(|(m, _, _)| m).find(|m| m.is_person && m.code.ends_with("GOV"));
                        let p =
                            earlier.cloned().or_else(|| state.last_person.clone().filter(|m| m.code.ends_with("GOV")));
                        if let Some(mut p) = p {
                            p.ref_span = span_of(tokens, s - 1, e);
                            mentions.push((p, s, e));
                            k += 1;
                            continue;
                        }
                    }
                    let code = format!("---{agent}");
                    mentions.push((
                        Mention { code, ref_span: span_of(tokens, s, end), is_person: false, lends_agent: None },
                        s,
                        end,
                    ));
                    k += 1;
                    while k < items.len() && items[k].1 < end {
                        k += 1;
                    }
                }
            }
        }
        // 3. back-references.
        let mut refs: Vec<(Vec<Mention>, usize, usize)> = Vec::new();
        let mut seen_here: Vec<Mention> = Vec::new();
        let mut mi = 0;
        let mut t = 0;
        while t < tokens.len() {
            while mi < mentions.len() && mentions[mi].2 <= t {
                seen_here.push(mentions[mi].0.clone());
                mi += 1;
            }
            if mi < mentions.len() && mentions[mi].1 <= t {
                t = mentions[mi].2;
                continue;
            }
            let n = tokens[t].norm.as_str();
            if (n == "he" || n == "she") && tokens[t].tag != Tag::Unk {
                let p = seen_here.iter().rev().find(|m| m.is_person).cloned().or_else(|| state.last_person.clone());
                if let Some(mut p) = p {
                    p.ref_span = tokens[t].span;
                    refs.push((vec![p], t, t + 1));
                }
            } else if (n == "the" || n == "both") && t + 1 < tokens.len() {
                let (is_two, len) = if n == "both" && TWO_NOUNS.contains(&tokens[t + 1].norm.as_str()) {
                    (true, 2)
                } else if n == "the" && tokens[t + 1].norm == "two" {
                    if t + 2 < tokens.len() && TWO_NOUNS.contains(&tokens[t + 2].norm.as_str()) {
                        (true, 3)
                    } else {
                        (true, 2)
                    }
                } else {
                    (false, 0)
                };
                if is_two {
                    let mut pool: Vec<Mention> = state.recent.clone();
                    for m in &seen_here {
                        if !m.code.starts_with("---") {
                            pool.retain(|r| r.code != m.code);
                            pool.push(m.clone());
                        }
                    }
                    // the two most recent distinct countries
                    let mut two: Vec<Mention> = Vec::new();
                    for m in pool.iter().rev() {
                        let c = self.country_of(&m.code).unwrap_or_else(|| m.code.clone());
                        if two.iter().all(|x| self.country_of(&x.code).unwrap_or_else(|| x.code.clone()) != c) {
                            two.push(m.clone());
                        }
                        if two.len() == 2 {
                            break;
                        }
                    }
                    if two.len() == 2 {
                        two.reverse();
                        let sp = span_of(tokens, t, t + len);
                        for m in two.iter_mut() {
                            m.ref_span = sp;
                        }
                        refs.push((two, t, t + len));
                        t += len;
                        continue;
                    }
                }
            }
            t += 1;
        }
        // merge mentions and refs in token order
        let mut all: Vec<(Vec<Mention>, usize, usize)> =
            mentions.into_iter().map(|(m, s, e)| (vec![m], s, e)).collect();
        all.extend(refs);
        all.sort_by_key(|x| x.1);
        // 4. compounds: X and Y; X, Y and Z; X, Y, and Z.
        let mut groups: Vec<Group> = Vec::new();
        let mut q = 0;
        while q < all.len() {
            let mut members = all[q].0.clone();
            let start = all[q].1;
            let mut end = all[q].2;
            let mut r = q + 1;
            let mut commas = 0;
            while r < all.len() {
                // determiners and adjectives inside a list do not break it
                // ("the US and the EU", "Fornost and the evil awful Gondor")
                let gap: Vec<&str> = (end..all[r].1)
                    .filter(|&x| !(tokens[x].norm == "the" || tokens[x].tag.is_adj()))
                    .map(|x| tokens[x].norm.as_str())
                    .collect();
                let join = match gap.as_slice() {
                    ["and"] | ["&"] => 2,
                    [","] => 1,
                    [",", "and"] if commas > 0 => 2,
                    _ => 0,
                };
                if join == 0 {
                    break;
                }
                if join == 1 {
                    // a comma only continues a list that ends in "and"
                    let mut look = r;
                    let mut ok = false;
                    let mut e2 = all[r].2;
                    while look + 1 < all.len() {
                        let g2: Vec<&str> = (e2..all[look + 1].1)
                            .filter(|&x| !(tokens[x].norm == "the" || tokens[x].tag.is_adj()))
                            .map(|x| tokens[x].norm.as_str())
                            .collect();
                        match g2.as_slice() {
                            [","] => {
                                look += 1;
                                e2 = all[look].2;
                            }
                            ["and"] | [",", "and"] => {
                                ok = true;
                                break;
                            }
                            _ => break,
                        }
                    }
                    if !ok {
                        break;
                    }
                    commas += 1;
                }
                members.extend(all[r].0.iter().cloned());
                end = all[r].2;
                r += 1;
                if join == 2 {
                    break;
                }
            }
            // "Lawmakers in Fornost and Gondor": an agent-of-country first member
            // lends its agent to the bare countries that follow
            if members.len() > 1 {
                if let Some(agent) = members[0].lends_agent.clone() {
                    for m in members[1..].iter_mut() {
                        if m.code.len() == 3 && self.countries.contains(&m.code) {
                            m.code.push_str(&agent);
                        }
                    }
                }
            }
            // PETRARCH multi-code actors ("FRO/BIL/SAM"): one member per code
            if members.iter().any(|m| m.code.contains('/')) {
                members = members
                    .into_iter()
                    .flat_map(|m| {
                        m.code
                            .split('/')
                            .filter(|c| !c.is_empty())
                            .map(|c| Mention { code: c.to_string(), ..m.clone() })
                            .collect::<Vec<_>>()
                    })
                    .collect();
            }
            // "Danish media and government": a bare agent after a member with a
            // country takes that country
            if members.len() > 1 {
                let (fc, _) = self.split_code(&members[0].code);
                if !fc.is_empty() && !members[0].is_person {
                    for m in members[1..].iter_mut() {
                        if let Some(agent) = m.code.strip_prefix("---") {
                            m.code = format!("{fc}{agent}");
                        }
                    }
                }
            }
            // "Russian and Chinese troops": the agent of the last member applies to all
            if members.len() > 1 {
                if let Some(last) = members.last() {
                    let (lc, la) = self.split_code(&last.code);
                    if !lc.is_empty() && !la.is_empty() && !last.is_person {
                        let la = la.to_string();
                        let n = members.len();
                        for m in members[..n - 1].iter_mut() {
                            // "Russian and Chinese troops", "US and British activists"
                            let attributive = is_demonym(text, m) || is_abbreviation(text, m);
                            if m.code.len() == 3 && self.countries.contains(&m.code) && attributive {
                                m.code.push_str(&la);
                            }
                        }
                    }
                }
            }
            groups.push(Group { members, tok_start: start, tok_end: end });
            q = r;
        }
        groups
    }
}

fn span_of(tokens: &[Token], s: usize, e: usize) -> Span {
    Span { start: tokens[s].span.start, end: tokens[e.max(s + 1) - 1].span.end }
}

/// Adjective-like words allowed between a country and its agent
/// ("Russian armed forces", "Chinese state-owned companies").
fn is_modifier(t: &Token) -> bool {
    t.tag.is_adj()
        || matches!(t.tag, Tag::NN | Tag::NNP | Tag::VBN | Tag::CD) && t.norm.len() > 2
        || t.norm.contains('-')
}

/// Absorb capitalised name tokens not in the dictionary after a title
/// ("President Joko Widodo"), up to 4.
fn absorb_names(text: &str, tokens: &[Token], mut end: usize) -> usize {
    let start = end;
    while end < tokens.len() && end - start < 4 {
        let w = tokens[end].span.slice(text);
        let cap = w.chars().next().is_some_and(|c| c.is_uppercase());
        if cap && matches!(tokens[end].tag, Tag::NNP | Tag::NNPS) && w.len() > 1 {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// A country mention written as an adjective ("Russian", "Chinese"): ends in
/// -an, -ese, -ish, -ic, -i or similar, and is a single word.
/// A country abbreviation used like an adjective ("US", "U.S.", "UK"): up to
/// four capital letters, dots allowed.
fn is_abbreviation(text: &str, m: &Mention) -> bool {
    let w = m.ref_span.slice(text);
    let letters = w.chars().filter(|c| c.is_ascii_uppercase()).count();
    (2..=4).contains(&letters) && w.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

fn is_demonym(text: &str, m: &Mention) -> bool {
    let w = m.ref_span.slice(text);
    !w.contains(' ') && ["an", "ese", "ish", "ic", "i", "ch", "ian", "ean"].iter().any(|suf| w.ends_with(suf))
}

/// Proper-name test for a token: starts with a capital or digit, or has a
/// capital inside ("al-Qaeda", a hyphenated name; "iSrael", a typo).
fn is_capitalised(w: &str) -> bool {
    w.chars().find(|&c| !dyad_text::token::is_invisible(c)).is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit())
        || w.chars().any(char::is_uppercase)
}

/// Head-of-state/government titles that refer back to the last such person
/// ("the president", "the prime minister").
fn is_title(words: &[Token]) -> bool {
    let w: Vec<&str> = words.iter().map(|t| t.norm.as_str()).collect();
    matches!(
        w.as_slice(),
        ["president"]
            | ["premier"]
            | ["chancellor"]
            | ["prime", "minister"]
            | ["foreign", "minister"]
            | ["leader"]
            | ["king"]
            | ["emir"]
    )
}

/// Words after which a capitalised name is the title holder's name.
fn is_title_word(w: &str) -> bool {
    matches!(
        w,
        "president"
            | "minister"
            | "premier"
            | "chancellor"
            | "leader"
            | "general"
            | "gen."
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "ambassador"
            | "secretary"
            | "king"
            | "queen"
            | "prince"
            | "commander"
            | "chief"
            | "envoy"
            | "governor"
            | "mayor"
            | "senator"
            | "sen."
            | "rep."
            | "representative"
            | "judge"
            | "justice"
            | "emir"
            | "sheikh"
            | "colonel"
            | "col."
            | "admiral"
            | "lawmaker"
            | "mp"
            | "official"
            | "diplomat"
            | "adviser"
            | "advisor"
            | "director"
            | "chairman"
    )
}

/// A person's code with a title before the name: a bare country code takes
/// the title's agent ("Bree Prime Minister Romendacil", Romendacil = BRE →
/// BREGOV); a code with its own role is kept.
fn with_title(person: &str, agent: &str) -> String {
    if person.len() == 3 && person.bytes().all(|b| b.is_ascii_uppercase()) {
        format!("{person}{agent}")
    } else {
        person.to_string()
    }
}

fn is_bare_country(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}
