//! The averaged perceptron (Collins 2002) both models use, over hashed
//! features with sparse per-feature class weights.
//!
//! A feature is a `u64` key made by [`key`] from a template number and its
//! atoms (word hashes, tag and label ids). Training keeps, per feature, only
//! the classes it was ever updated for ([`Trainer`]); the averaged weights are
//! frozen into a [`Weights`] table: an open-addressing hash from key to a run
//! of `(class, weight)` pairs, so scoring touches only non-zero weights.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Mix a value into a running 64-bit feature key (a multiply–rotate step).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

/// The key of template `t` over `atoms`; never 0 (0 marks an empty slot).
#[inline]
pub fn key(t: u32, atoms: &[u64]) -> u64 {
    let mut h = mix(0x51_7CC1_B727_220A, t as u64);
    for &a in atoms {
        h = mix(h, a);
    }
    let h = h ^ (h >> 31);
    if h == 0 {
        1
    } else {
        h
    }
}

/// Fold a 64-bit feature key to the 32 bits the frozen tables keep (never 0).
/// With ~10⁶ features a lookup of an unseen feature hits a stored one with
/// probability ~2⁻¹², which costs nothing measurable, and sorted 32-bit keys
/// delta-code in ~2 bytes instead of ~7.
#[inline]
pub fn fold(k: u64) -> u64 {
    let f = (k ^ (k >> 32)) & 0xFFFF_FFFF;
    if f == 0 {
        1
    } else {
        f
    }
}

/// FNV-1a hash of a string (word atoms); 0 is never returned (0 = "none").
#[inline]
pub fn str_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h | 1
}

/// A hasher that passes already-mixed `u64` keys through.
#[derive(Default)]
pub struct PassHasher(u64);

impl Hasher for PassHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type PassMap<V> = HashMap<u64, V, BuildHasherDefault<PassHasher>>;

#[derive(Clone, Copy, Debug)]
struct Slot {
    class: u16,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Averaged-perceptron training state: weights, their running sums and the
/// update time of each, per feature and class (only for classes updated).
#[derive(Default)]
pub struct Trainer {
    map: PassMap<Vec<Slot>>,
    /// Number of training instances seen (the averaging clock).
    pub clock: u32,
    /// Number of classes.
    pub n_classes: usize,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    pub fn new(n_classes: usize) -> Trainer {
        Trainer { map: PassMap::default(), clock: 0, n_classes }
    }

    /// Add the current weights of `feats` into `scores` (length `n_classes`).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(slots) = self.map.get(f) {
                for s in slots {
                    scores[s.class as usize] += s.w;
                }
            }
        }
    }

    /// Advance the clock by one instance.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Perceptron update: `+1` to `gold`, `-1` to `guess` for every feature.
    pub fn update(&mut self, feats: &[u64], gold: usize, guess: usize) {
        if gold == guess {
            return;
        }
        let now = self.clock;
        for &f in feats {
            let slots = self.map.entry(f).or_default();
            for (c, d) in [(gold, 1.0f32), (guess, -1.0f32)] {
                let s = match slots.iter_mut().position(|s| s.class as usize == c) {
                    Some(i) => &mut slots[i],
                    None => {
                        slots.push(Slot { class: c as u16, w: 0.0, total: 0.0, stamp: now });
                        slots.last_mut().expect("just pushed")
                    }
                };
                s.total += (now - s.stamp) as f64 * s.w as f64;
                s.stamp = now;
                s.w += d;
            }
        }
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.map.len()
    }

    /// Freeze the averaged weights, dropping those with `|w| < prune`.
    pub fn average(&self, prune: f32) -> Weights {
        let now = self.clock.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.map.len());
        for (&k, slots) in &self.map {
            let mut row: Vec<(u16, f32)> = slots
                .iter()
                .map(|s| (s.class, ((s.total + (self.clock - s.stamp) as f64 * s.w as f64) / now) as f32))
                .filter(|(_, w)| w.abs() >= prune && *w != 0.0)
                .collect();
            if !row.is_empty() {
                row.sort_by_key(|(c, _)| *c);
                rows.push((k, row));
            }
        }
        rows.sort_by_key(|(k, _)| *k);
        Weights::from_rows(self.n_classes, &rows)
    }

    /// Write the whole training state (for resuming); see [`Trainer::load`].
    pub fn save(&self, out: &mut Vec<u8>) {
        let mut keys: Vec<&u64> = self.map.keys().collect();
        keys.sort();
        out.extend_from_slice(&(self.n_classes as u32).to_le_bytes());
        out.extend_from_slice(&self.clock.to_le_bytes());
        out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        for k in keys {
            let slots = &self.map[k];
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&(slots.len() as u32).to_le_bytes());
            for s in slots {
                out.extend_from_slice(&s.class.to_le_bytes());
                out.extend_from_slice(&s.w.to_le_bytes());
                out.extend_from_slice(&s.total.to_le_bytes());
                out.extend_from_slice(&s.stamp.to_le_bytes());
            }
        }
    }

    /// Read a state written by [`Trainer::save`]; `None` when truncated or
    /// malformed (a count larger than the bytes left could hold, a class out
    /// of range, an update time after the clock, a weight that is not
    /// finite, trailing bytes), so a damaged checkpoint is never trusted.
    pub fn load(b: &[u8]) -> Option<Trainer> {
        let mut r = Reader { b, p: 0 };
        let n_classes = r.u32()? as usize;
        let clock = r.u32()?;
        let n = r.u64()? as usize;
        // a feature takes at least 12 bytes, a slot 18
        if n_classes > u16::MAX as usize || n > b.len() / 12 {
            return None;
        }
        let mut map = PassMap::default();
        map.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            let m = r.u32()? as usize;
            if m > n_classes || m > (b.len() - r.p) / 18 {
                return None;
            }
            let mut slots = Vec::with_capacity(m);
            for _ in 0..m {
                let class = u16::from_le_bytes(r.take(2)?.try_into().ok()?);
                let w = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
                let total = f64::from_le_bytes(r.take(8)?.try_into().ok()?);
                let stamp = r.u32()?;
                if class as usize >= n_classes || stamp > clock || !w.is_finite() || !total.is_finite() {
                    return None;
                }
                slots.push(Slot { class, w, total, stamp });
            }
            if map.insert(k, slots).is_some() {
                return None;
            }
        }
        (r.p == b.len()).then_some(Trainer { map, clock, n_classes })
    }
}

/// A little-endian byte reader (model and checkpoint files).
pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) p: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.p..self.p.checked_add(n)?)?;
        self.p += n;
        Some(s)
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(crate) fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.b.get(self.p)?;
            self.p += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Frozen (averaged) weights: feature key → run of `(class, weight)`.
///
/// Weights are quantised to `i16` steps of `scale` (scores are compared, not
/// read as numbers, so scoring sums the steps unscaled). Layout for speed:
/// one `u64` per slot of an open-addressing table (load ≤ 0.5) holding the
/// 32-bit folded key, the run's start (24 bits) and length (8 bits); one
/// `u32` per weight holding its class (8 bits) and value (high 16 bits).
/// A lookup is one cache line for the slot and one for its run, and
/// [`Weights::score`] prefetches every slot of a state before probing.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<u64>,
    entries: Vec<u32>,
    scale: f32,
    n_features: usize,
}

/// Most classes a table can hold (the class is stored in 8 bits).
pub const MAX_CLASSES: usize = 255;

#[inline]
fn entry(class: u16, q: i16) -> u32 {
    (class as u32 & 0xFF) | ((q as u16 as u32) << 16)
}

#[inline]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Weights {
    /// Build from rows sorted by key (keys are folded; rows of keys that
    /// fold together are summed). Values are quantised with one scale.
    fn from_rows(n_classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        let maxw = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, (_, v)| m.max(v.abs())).max(1e-6);
        let scale = maxw / 32767.0;
        let q = |v: f32| (v / scale).round().clamp(-32767.0, 32767.0) as i16;
        let mut folded: Vec<(u64, &Vec<(u16, f32)>)> = rows.iter().map(|(k, r)| (fold(*k), r)).collect();
        folded.sort_by_key(|(k, _)| *k);
        let mut runs: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(folded.len());
        for (k, row) in folded {
            match runs.last_mut() {
                Some((lk, lrow)) if *lk == k => {
                    for &(c, v) in row {
                        match lrow.iter_mut().find(|(lc, _)| *lc == c) {
                            Some(e) => e.1 += v,
                            None => lrow.push((c, v)),
                        }
                    }
                    lrow.sort_by_key(|(c, _)| *c);
                }
                _ => runs.push((k, row.clone())),
            }
        }
        Weights::from_quantised(n_classes, scale, runs.iter().map(|(k, r)| (*k, r.iter().map(|&(c, v)| (c, q(v))))))
    }

    /// Build from runs of already-quantised weights with distinct folded keys.
    fn from_quantised<I, R>(n_classes: usize, scale: f32, runs: I) -> Weights
    where
        I: Iterator<Item = (u64, R)> + Clone,
        R: Iterator<Item = (u16, i16)>,
    {
        let n = runs.clone().count();
        let cap = (n * 2).next_power_of_two().max(16);
        let mut w =
            Weights { n_classes, mask: cap - 1, slots: vec![0; cap], entries: Vec::new(), scale, n_features: 0 };
        for (k, run) in runs {
            let start = w.entries.len();
            w.entries.extend(run.filter(|&(_, v)| v != 0).map(|(c, v)| entry(c, v)));
            let len = w.entries.len() - start;
            if len == 0 {
                continue;
            }
            debug_assert!(len <= 255 && start < (1 << 24));
            let mut i = (k as usize) & w.mask;
            while w.slots[i] != 0 {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = (k << 32) | ((start as u64) << 8) | len as u64;
            w.n_features += 1;
        }
        w
    }

    /// A copy without the weights smaller than `min` in absolute value (and
    /// without features left empty).
    pub fn pruned(&self, min: f32) -> Weights {
        let qmin = (min / self.scale).ceil() as i32;
        let mut keys: Vec<u64> = self.slots.iter().copied().filter(|&s| s != 0).collect();
        keys.sort_by_key(|s| s >> 32);
        let runs = keys.iter().map(|&s| {
            let (a, n) = (((s >> 8) & 0xFF_FFFF) as usize, (s & 0xFF) as usize);
            (
                s >> 32,
                self.entries[a..a + n]
                    .iter()
                    .map(|&e| ((e & 0xFF) as u16, (e >> 16) as u16 as i16))
                    .filter(move |&(_, v)| (v as i32).abs() >= qmin),
            )
        });
        Weights::from_quantised(self.n_classes, self.scale, runs)
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features kept.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of non-zero weights kept.
    pub fn n_weights(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    fn slot_of(&self, f: u64) -> Option<u64> {
        let mut i = (f as usize) & self.mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if s >> 32 == f {
                return Some(s);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Sum the weights of `feats` into `scores` (cleared first; length
    /// `n_classes`), in units of the quantisation step.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            prefetch(&self.slots[(fold(f) as usize) & self.mask]);
        }
        // Find every run first (prefetching it), then add them up, so the
        // cache misses of different features overlap.
        let mut runs = [(0u32, 0u32); 160];
        let mut m = 0;
        for &f in feats {
            if let Some(s) = self.slot_of(fold(f)) {
                let (a, n) = (((s >> 8) & 0xFF_FFFF) as u32, (s & 0xFF) as u32);
                prefetch(&self.entries[a as usize]);
                if m == runs.len() {
                    self.add_runs(&runs[..m], scores);
                    m = 0;
                }
                runs[m] = (a, n);
                m += 1;
            }
        }
        self.add_runs(&runs[..m], scores);
    }

    #[inline]
    fn add_runs(&self, runs: &[(u32, u32)], scores: &mut [f32]) {
        for &(a, n) in runs {
            for &e in &self.entries[a as usize..(a + n) as usize] {
                scores[(e & 0xFF) as usize] += ((e >> 16) as u16 as i16) as f32;
            }
        }
    }

    /// Serialise: keys sorted and delta-coded as varints, each run as a
    /// count and `(class, i16)` pairs, after the scale.
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut keys: Vec<u64> = self.slots.iter().copied().filter(|&s| s != 0).collect();
        keys.sort_by_key(|s| s >> 32);
        out.extend_from_slice(&(self.n_classes as u32).to_le_bytes());
        out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        let mut prev = 0u64;
        for s in keys {
            let k = s >> 32;
            put_varint(out, k - prev);
            prev = k;
            let (a, n) = (((s >> 8) & 0xFF_FFFF) as usize, (s & 0xFF) as usize);
            put_varint(out, n as u64);
            for &e in &self.entries[a..a + n] {
                put_varint(out, (e & 0xFF) as u64);
                out.extend_from_slice(&((e >> 16) as u16).to_le_bytes());
            }
        }
    }

    /// Read weights written by [`Weights::write`]; `None` when malformed.
    pub(crate) fn read(r: &mut Reader<'_>) -> Option<Weights> {
        let n_classes = r.u32()? as usize;
        let n = r.u64()? as usize;
        let scale = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
        // a feature takes at least 5 bytes (key, count, class, weight), so a
        // damaged count cannot make us allocate more than the file could hold
        if n > r.b.len().saturating_sub(r.p) / 5 || n_classes > MAX_CLASSES || !(scale.is_finite() && scale > 0.0) {
            return None;
        }
        let cap = (n * 2).next_power_of_two().max(16);
        let mut w = Weights {
            n_classes,
            mask: cap - 1,
            slots: vec![0; cap],
            entries: Vec::with_capacity(n * 3),
            scale,
            n_features: 0,
        };
        let mut prev = 0u64;
        for _ in 0..n {
            let k = prev.checked_add(r.varint()?)?;
            if k == 0 || k > u32::MAX as u64 || (k == prev && w.n_features > 0) {
                return None;
            }
            prev = k;
            let m = r.varint()? as usize;
            if m == 0 || m > n_classes {
                return None;
            }
            let start = w.entries.len();
            if start + m >= 1 << 24 {
                return None;
            }
            for _ in 0..m {
                let c = r.varint()? as usize;
                if c >= n_classes {
                    return None;
                }
                let q = i16::from_le_bytes(r.take(2)?.try_into().ok()?);
                w.entries.push(entry(c as u16, q));
            }
            let mut i = (k as usize) & w.mask;
            while w.slots[i] != 0 {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = (k << 32) | ((start as u64) << 8) | m as u64;
            w.n_features += 1;
        }
        Some(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_toy_problem_and_round_trips() {
        // class = feature "a" → 0, "b" → 1, "c" → 2
        let data = [(key(1, &[str_hash("a")]), 0), (key(1, &[str_hash("b")]), 1), (key(1, &[str_hash("c")]), 2)];
        let mut t = Trainer::new(3);
        let mut scores = [0f32; 3];
        for _ in 0..5 {
            for &(f, y) in &data {
                let feats = [f, key(0, &[])];
                t.score(&feats, &mut scores);
                let guess = (0..3).max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a))).unwrap();
                t.update(&feats, y, guess);
                t.tick();
            }
        }
        let w = t.average(0.0);
        for &(f, y) in &data {
            w.score(&[f, key(0, &[])], &mut scores);
            let best = (0..3).max_by(|&a, &b| scores[a].total_cmp(&scores[b])).unwrap();
            assert_eq!(best, y);
        }
        let mut buf = Vec::new();
        w.write(&mut buf);
        let back = Weights::read(&mut Reader { b: &buf, p: 0 }).unwrap();
        assert_eq!(back.n_features(), w.n_features());
        let (mut s1, mut s2) = ([0f32; 3], [0f32; 3]);
        w.score(&[data[1].0], &mut s1);
        back.score(&[data[1].0], &mut s2);
        for c in 0..3 {
            assert!((s1[c] - s2[c]).abs() < 1e-3, "{s1:?} {s2:?}");
        }
        // a truncated table is refused, not a panic
        assert!(Weights::read(&mut Reader { b: &buf[..buf.len() - 3], p: 0 }).is_none());
        let mut st = Vec::new();
        t.save(&mut st);
        let t2 = Trainer::load(&st).unwrap();
        assert_eq!(t2.clock, t.clock);
        assert_eq!(t2.average(0.0), w);
    }

    #[test]
    fn a_damaged_training_state_is_refused_never_trusted() {
        let mut t = Trainer::new(4);
        for i in 0..50u64 {
            t.update(&[key(1, &[i]), key(2, &[i % 7])], (i % 4) as usize, ((i + 1) % 4) as usize);
            t.tick();
        }
        let mut st = Vec::new();
        t.save(&mut st);
        assert!(Trainer::load(&st).is_some());
        // a feature count no file could hold: refused, not a capacity panic
        let mut b = st.clone();
        b[8..16].copy_from_slice(&(1u64 << 62).to_le_bytes());
        assert!(Trainer::load(&b).is_none());
        // first slot: class out of range, then an update time after the clock
        let slot = 4 + 4 + 8 + 8 + 4;
        let mut b = st.clone();
        b[slot..slot + 2].copy_from_slice(&9u16.to_le_bytes());
        assert!(Trainer::load(&b).is_none());
        let mut b = st.clone();
        b[slot + 14..slot + 18].copy_from_slice(&1000u32.to_le_bytes());
        assert!(Trainer::load(&b).is_none());
        // trailing bytes, every truncation, every single-byte flip: no panic
        let mut b = st.clone();
        b.push(0);
        assert!(Trainer::load(&b).is_none());
        for n in 0..st.len() {
            assert!(Trainer::load(&st[..n]).is_none(), "cut at {n}");
        }
        for i in 0..st.len() {
            let mut b = st.clone();
            b[i] ^= 0xA5;
            if let Some(t) = Trainer::load(&b) {
                let mut scores = vec![0f32; t.n_classes];
                t.score(&[key(1, &[3])], &mut scores);
                let _ = t.average(0.0);
            }
        }
    }

    #[test]
    fn keys_are_never_zero_and_differ_by_template() {
        assert_ne!(key(1, &[5]), key(2, &[5]));
        assert_ne!(key(1, &[5, 6]), key(1, &[6, 5]));
        assert_ne!(str_hash(""), 0);
    }
}
