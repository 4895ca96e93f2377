//! The built-in dictionaries (data/dict/), embedded in the binary.

use crate::model::{Dictionaries, Fnv};
use crate::native;
use crate::Warning;

macro_rules! data {
    ($p:literal) => {
        ($p, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dict/", $p)))
    };
}

/// Built-in actor files (name, content).
pub const ACTOR_FILES: &[(&str, &str)] = &[
    data!("actors/countries.txt"),
    data!("actors/organizations.txt"),
    data!("actors/people.txt"),
    data!("actors/groups.txt"),
];
/// Built-in agents file.
pub const AGENTS: (&str, &str) = data!("agents.txt");
/// Built-in verb patterns file.
pub const VERBS: (&str, &str) = data!("verbs.txt");
/// Built-in discards file.
pub const DISCARDS: (&str, &str) = data!("discards.txt");

/// Load the built-in dictionaries. Warnings are returned, never fatal.
pub fn load() -> (Dictionaries, Vec<Warning>) {
    let mut w = Vec::new();
    let mut d = Dictionaries::default();
    for (name, text) in ACTOR_FILES {
        let file = format!("builtin:{name}");
        d.actors.extend(native::read_actors(&file, text, &mut w));
        d.sources.push((file, Fnv::hex(text.as_bytes())));
    }
    let file = format!("builtin:{}", AGENTS.0);
    d.agents = native::read_agents(&file, AGENTS.1, &mut w);
    d.sources.push((file, Fnv::hex(AGENTS.1.as_bytes())));
    let file = format!("builtin:{}", VERBS.0);
    d.patterns = native::read_verbs(&file, VERBS.1, &mut w);
    d.sources.push((file, Fnv::hex(VERBS.1.as_bytes())));
    let file = format!("builtin:{}", DISCARDS.0);
    d.discards = native::read_discards(&file, DISCARDS.1, &mut w);
    d.sources.push((file, Fnv::hex(DISCARDS.1.as_bytes())));
    (d, w)
}
