//! Louvain community detection on a signed, weighted, undirected graph.
//!
//! Method: the two-phase Louvain heuristic of V. D. Blondel, J.-L.
//! Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of communities in
//! large networks", J. Stat. Mech. (2008) P10008 — local moving of single
//! nodes to the neighbouring community with the largest modularity gain, then
//! aggregation of communities into nodes, repeated until nothing moves —
//! applied to the signed modularity of S. Gómez, P. Jensen and A. Arenas,
//! "Analysis of community structure in networks of correlated data", Phys.
//! Rev. E 80, 016114 (2009):
//!
//! `Q = 1/(2w⁺ + 2w⁻) · Σᵢⱼ [ wᵢⱼ − ( kᵢ⁺kⱼ⁺/2w⁺ − kᵢ⁻kⱼ⁻/2w⁻ ) ] δ(cᵢ, cⱼ)`
//!
//! where `wᵢⱼ = wᵢⱼ⁺ − wᵢⱼ⁻` splits each edge weight into its positive and
//! negative part, `kᵢ±` are the positive and negative strengths and `2w±`
//! their totals. Positive ties pull nodes together, negative ties push them
//! apart; a node may also leave for a community of its own (gain 0), which
//! the signed case needs. Deterministic: nodes are visited in index order and
//! ties keep the current community, then the lowest community number.

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;

/// One level's graph: symmetric adjacency with positive and negative parts,
/// plus self-loop weights (each internal edge counted once).
struct Level {
    adj: Vec<Vec<(usize, f64, f64)>>,
    loop_pos: Vec<f64>,
    loop_neg: Vec<f64>,
}

impl Level {
    fn n(&self) -> usize {
        self.adj.len()
    }
    fn strengths(&self) -> (Vec<f64>, Vec<f64>) {
        let kp = (0..self.n()).map(|i| self.adj[i].iter().map(|e| e.1).sum::<f64>() + 2.0 * self.loop_pos[i]).collect();
        let kn = (0..self.n()).map(|i| self.adj[i].iter().map(|e| e.2).sum::<f64>() + 2.0 * self.loop_neg[i]).collect();
        (kp, kn)
    }
}

/// Partition the nodes of `g` (edge weight: positive for cooperation,
/// negative for conflict; parallel edges add up). Returns each node's
/// community number (0-based, dense, by first node index) and the signed
/// modularity `Q` of the partition (0 for a graph without edges).
pub fn signed_louvain(g: &UnGraph<String, f64>) -> (Vec<usize>, f64) {
    let n = g.node_count();
    let mut adjm: Vec<std::collections::BTreeMap<usize, (f64, f64)>> = vec![Default::default(); n];
    let mut lp = vec![0.0; n];
    let mut ln = vec![0.0; n];
    for e in g.edge_references() {
        let (a, b, w) = (e.source().index(), e.target().index(), *e.weight());
        let (p, m) = if w >= 0.0 { (w, 0.0) } else { (0.0, -w) };
        if a == b {
            lp[a] += p;
            ln[a] += m;
            continue;
        }
        for (x, y) in [(a, b), (b, a)] {
            let s = adjm[x].entry(y).or_insert((0.0, 0.0));
            s.0 += p;
            s.1 += m;
        }
    }
    let mut level = Level {
        adj: adjm.into_iter().map(|m| m.into_iter().map(|(j, (p, q))| (j, p, q)).collect()).collect(),
        loop_pos: lp,
        loop_neg: ln,
    };
    let base = Level { adj: level.adj.clone(), loop_pos: level.loop_pos.clone(), loop_neg: level.loop_neg.clone() };
    let mut membership: Vec<usize> = (0..n).collect();
    for _ in 0..32 {
        let comm = local_moving(&level);
        let ncomm = comm.iter().copied().max().map(|m| m + 1).unwrap_or(0);
        for m in membership.iter_mut() {
            *m = comm[*m];
        }
        if ncomm == level.n() {
            break;
        }
        level = aggregate(&level, &comm, ncomm);
    }
    let q = modularity(&base, &membership);
    (membership, q)
}

/// Signed modularity of a partition of `l`.
fn modularity(l: &Level, comm: &[usize]) -> f64 {
    let (kp, kn) = l.strengths();
    let (tp, tn): (f64, f64) = (kp.iter().sum(), kn.iter().sum());
    if tp + tn == 0.0 {
        return 0.0;
    }
    let nc = comm.iter().copied().max().map(|m| m + 1).unwrap_or(0);
    let mut inp = vec![0.0; nc];
    let mut inn = vec![0.0; nc];
    let mut sp = vec![0.0; nc];
    let mut sn = vec![0.0; nc];
    for i in 0..l.n() {
        let c = comm[i];
        sp[c] += kp[i];
        sn[c] += kn[i];
        inp[c] += 2.0 * l.loop_pos[i];
        inn[c] += 2.0 * l.loop_neg[i];
        for &(j, p, m) in &l.adj[i] {
            if comm[j] == c {
                inp[c] += p;
                inn[c] += m;
            }
        }
    }
    let mut q = 0.0;
    for c in 0..nc {
        let pos = if tp > 0.0 { inp[c] - sp[c] * sp[c] / tp } else { 0.0 };
        let neg = if tn > 0.0 { inn[c] - sn[c] * sn[c] / tn } else { 0.0 };
        q += pos - neg;
    }
    q / (tp + tn)
}

/// Phase 1: move single nodes while the modularity rises. Returns dense
/// community numbers (numbered by first node).
fn local_moving(l: &Level) -> Vec<usize> {
    let n = l.n();
    let (kp, kn) = l.strengths();
    let (tp, tn): (f64, f64) = (kp.iter().sum(), kn.iter().sum());
    let mut comm: Vec<usize> = (0..n).collect();
    let mut size = vec![1usize; n];
    let mut sp = kp.clone();
    let mut sn = kn.clone();
    let gain = |kic: f64, kinc: f64, i: usize, spc: f64, snc: f64| -> f64 {
        let pos = if tp > 0.0 { kic - kp[i] * spc / tp } else { kic };
        let neg = if tn > 0.0 { kinc - kn[i] * snc / tn } else { kinc };
        pos - neg
    };
    for _pass in 0..100 {
        let mut moved = false;
        for i in 0..n {
            let old = comm[i];
            sp[old] -= kp[i];
            sn[old] -= kn[i];
            size[old] -= 1;
            let mut w: std::collections::BTreeMap<usize, (f64, f64)> = Default::default();
            for &(j, p, m) in &l.adj[i] {
                let s = w.entry(comm[j]).or_insert((0.0, 0.0));
                s.0 += p;
                s.1 += m;
            }
            let (op, om) = w.get(&old).copied().unwrap_or((0.0, 0.0));
            let mut best = old;
            let mut best_gain = if size[old] == 0 { 0.0 } else { gain(op, om, i, sp[old], sn[old]) };
            for (&c, &(p, m)) in &w {
                if c == old {
                    continue;
                }
                let gc = gain(p, m, i, sp[c], sn[c]);
                if gc > best_gain + 1e-12 {
                    best = c;
                    best_gain = gc;
                }
            }
            if best_gain < -1e-12 {
                // Better alone: an empty community (its own number if free).
                best = if size[i] == 0 { i } else { (0..n).find(|&c| size[c] == 0).unwrap_or(old) };
            }
            comm[i] = best;
            sp[best] += kp[i];
            sn[best] += kn[i];
            size[best] += 1;
            if best != old {
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let mut renum: Vec<Option<usize>> = vec![None; n];
    let mut next = 0;
    comm.iter()
        .map(|&c| {
            *renum[c].get_or_insert_with(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// Phase 2: one node per community.
fn aggregate(l: &Level, comm: &[usize], nc: usize) -> Level {
    let mut adjm: Vec<std::collections::BTreeMap<usize, (f64, f64)>> = vec![Default::default(); nc];
    let mut lp = vec![0.0; nc];
    let mut ln = vec![0.0; nc];
    for i in 0..l.n() {
        let ci = comm[i];
        lp[ci] += l.loop_pos[i];
        ln[ci] += l.loop_neg[i];
        for &(j, p, m) in &l.adj[i] {
            let cj = comm[j];
            if ci == cj {
                // Each internal edge is seen from both ends.
                lp[ci] += p / 2.0;
                ln[ci] += m / 2.0;
            } else {
                let s = adjm[ci].entry(cj).or_insert((0.0, 0.0));
                s.0 += p;
                s.1 += m;
            }
        }
    }
    Level {
        adj: adjm.into_iter().map(|m| m.into_iter().map(|(j, (p, q))| (j, p, q)).collect()).collect(),
        loop_pos: lp,
        loop_neg: ln,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(nodes: &[&str], edges: &[(usize, usize, f64)]) -> UnGraph<String, f64> {
        let mut g = UnGraph::new_undirected();
        let ix: Vec<_> = nodes.iter().map(|n| g.add_node(n.to_string())).collect();
        for &(a, b, w) in edges {
            g.add_edge(ix[a], ix[b], w);
        }
        g
    }

    #[test]
    fn two_camps() {
        // A, B, C cooperate; D, E, F cooperate; the camps fight.
        let g = graph(
            &["A", "B", "C", "D", "E", "F"],
            &[
                (0, 1, 5.0),
                (1, 2, 4.0),
                (0, 2, 3.0),
                (3, 4, 5.0),
                (4, 5, 4.0),
                (3, 5, 2.0),
                (0, 3, -6.0),
                (2, 5, -3.0),
                (1, 4, 1.0),
            ],
        );
        let (m, q) = signed_louvain(&g);
        assert_eq!(m, vec![0, 0, 0, 1, 1, 1]);
        assert!(q > 0.3, "{q}");
    }

    #[test]
    fn enemies_split() {
        // Only conflict: each node is better alone than with its enemy.
        let g = graph(&["A", "B"], &[(0, 1, -4.0)]);
        let (m, q) = signed_louvain(&g);
        assert_ne!(m[0], m[1]);
        assert!(q > 0.0);
        let (m, q) = signed_louvain(&graph(&[], &[]));
        assert!(m.is_empty());
        assert_eq!(q, 0.0);
    }
}
