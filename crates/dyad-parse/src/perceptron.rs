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

    /// Read a state written by [`Trainer::save`]; `None` when truncated.
    pub fn load(b: &[u8]) -> Option<Trainer> {
        let mut r = Reader { b, p: 0 };
        let n_classes = r.u32()? as usize;
        let clock = r.u32()?;
        let n = r.u64()? as usize;
        let mut map = PassMap::default();
        map.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            let m = r.u32()? as usize;
            let mut slots = Vec::with_capacity(m);
            for _ in 0..m {
                let class = u16::from_le_bytes(r.take(2)?.try_into().ok()?);
                let w = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
                let total = f64::from_le_bytes(r.take(8)?.try_into().ok()?);
                let stamp = r.u32()?;
                slots.push(Slot { class, w, total, stamp });
            }
            map.insert(k, slots);
        }
        Some(Trainer { map, clock, n_classes })
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
/// Stored quantised to `i16` steps of `scale`; lookups are an open-addressing
/// probe over a power-of-two table at load factor ≤ 0.5.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    n_classes: usize,
    mask: usize,
    keys: Vec<u64>,
    /// For slot i: `runs[starts[i]..starts[i] + lens[i]]`.
    starts: Vec<u32>,
    lens: Vec<u16>,
    classes: Vec<u16>,
    values: Vec<f32>,
    n_features: usize,
}

impl Weights {
    fn from_rows(n_classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        // Fold keys to 32 bits, summing the rows of keys that fold together.
        let mut folded: Vec<(u64, Vec<(u16, f32)>)> = rows.iter().map(|(k, r)| (fold(*k), r.clone())).collect();
        folded.sort_by_key(|(k, _)| *k);
        let mut merged: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(folded.len());
        for (k, row) in folded {
            match merged.last_mut() {
                Some((lk, lrow)) if *lk == k => {
                    for (c, v) in row {
                        match lrow.iter_mut().find(|(lc, _)| *lc == c) {
                            Some(e) => e.1 += v,
                            None => lrow.push((c, v)),
                        }
                    }
                    lrow.sort_by_key(|(c, _)| *c);
                }
                _ => merged.push((k, row)),
            }
        }
        let rows = &merged;
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut w = Weights {
            n_classes,
            mask: cap - 1,
            keys: vec![0; cap],
            starts: vec![0; cap],
            lens: vec![0; cap],
            classes: Vec::new(),
            values: Vec::new(),
            n_features: rows.len(),
        };
        for (k, row) in rows {
            let mut i = (*k as usize) & w.mask;
            while w.keys[i] != 0 {
                i = (i + 1) & w.mask;
            }
            w.keys[i] = *k;
            w.starts[i] = w.classes.len() as u32;
            w.lens[i] = row.len() as u16;
            for &(c, v) in row {
                w.classes.push(c);
                w.values.push(v);
            }
        }
        w
    }

    /// A copy without the weights smaller than `min` in absolute value (and
    /// without features left empty).
    pub fn pruned(&self, min: f32) -> Weights {
        // keys are already folded; folding again is the identity
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.n_features);
        for i in 0..self.keys.len() {
            if self.keys[i] == 0 {
                continue;
            }
            let a = self.starts[i] as usize;
            let row: Vec<(u16, f32)> = (a..a + self.lens[i] as usize)
                .filter(|&j| self.values[j].abs() >= min)
                .map(|j| (self.classes[j], self.values[j]))
                .collect();
            if !row.is_empty() {
                rows.push((self.keys[i], row));
            }
        }
        rows.sort_by_key(|(k, _)| *k);
        Weights::from_rows(self.n_classes, &rows)
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
        self.values.len()
    }

    /// Sum the weights of `feats` into `scores` (cleared first; length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            let f = fold(f);
            let mut i = (f as usize) & self.mask;
            loop {
                let k = self.keys[i];
                if k == f {
                    let a = self.starts[i] as usize;
                    let b = a + self.lens[i] as usize;
                    for j in a..b {
                        scores[self.classes[j] as usize] += self.values[j];
                    }
                    break;
                }
                if k == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
    }

    /// Serialise: keys sorted and delta-coded as varints, weights as `i16`
    /// steps of a scale written first.
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut slots: Vec<usize> = (0..self.keys.len()).filter(|&i| self.keys[i] != 0).collect();
        slots.sort_by_key(|&i| self.keys[i]);
        let maxw = self.values.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-6);
        let scale = maxw / 32767.0;
        out.extend_from_slice(&(self.n_classes as u32).to_le_bytes());
        out.extend_from_slice(&(slots.len() as u64).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        let mut prev = 0u64;
        for i in slots {
            put_varint(out, self.keys[i] - prev);
            prev = self.keys[i];
            let a = self.starts[i] as usize;
            let n = self.lens[i] as usize;
            put_varint(out, n as u64);
            for j in a..a + n {
                put_varint(out, self.classes[j] as u64);
                let q = (self.values[j] / scale).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    /// Read weights written by [`Weights::write`]; `None` when malformed.
    pub(crate) fn read(r: &mut Reader<'_>) -> Option<Weights> {
        let n_classes = r.u32()? as usize;
        let n = r.u64()? as usize;
        let scale = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
        if n > r.b.len() {
            return None;
        }
        let mut rows = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            let k = prev.checked_add(r.varint()?)?;
            prev = k;
            let m = r.varint()? as usize;
            if m > n_classes {
                return None;
            }
            let mut row = Vec::with_capacity(m);
            for _ in 0..m {
                let c = r.varint()? as usize;
                if c >= n_classes {
                    return None;
                }
                let q = i16::from_le_bytes(r.take(2)?.try_into().ok()?);
                row.push((c as u16, q as f32 * scale));
            }
            if k == 0 {
                return None;
            }
            rows.push((k, row));
        }
        Some(Weights::from_rows(n_classes, &rows))
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
    fn keys_are_never_zero_and_differ_by_template() {
        assert_ne!(key(1, &[5]), key(2, &[5]));
        assert_ne!(key(1, &[5, 6]), key(1, &[6, 5]));
        assert_ne!(str_hash(""), 0);
    }
}
