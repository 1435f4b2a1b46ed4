//! Lazy greedy (CELF) with the submodular upper bound on the optimum: OPT ≤ f(S) + the k largest
//! marginal gains over S; ties go to the lower candidate index.

use super::problem::State;
use super::SuggestError;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(PartialEq)]
struct Entry {
    gain: f64,
    c: usize,
    round: usize,
}
impl Eq for Entry {}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        self.gain.total_cmp(&o.gain).then(o.c.cmp(&self.c))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Lazy greedy. `stop(state, picked)` ends it early. Returns the picks with their gains and the
/// tightest upper bound seen for `k` picks: f(S_j) + the k largest (stale, hence upper) gains.
/// `tick(state, picks)` after each pick returns false to cancel.
#[allow(clippy::type_complexity)]
pub(super) fn greedy(
    st: &mut State,
    k: usize,
    stop: &dyn Fn(&State) -> bool,
    tick: &mut dyn FnMut(&State, usize) -> bool,
) -> Result<(Vec<(usize, f64)>, f64), SuggestError> {
    let p = st.p;
    let mut heap: BinaryHeap<Entry> = (0..p.candidates())
        .map(|c| Entry {
            gain: st.gain(c),
            c,
            round: 0,
        })
        .filter(|e| e.gain > 0.0)
        .collect();
    let mut bound = f64::INFINITY;
    let mut picks = Vec::new();
    let mut round = 0;
    while picks.len() < k && !stop(st) {
        // Bound at the current set: the heap's gains are upper bounds on the true marginal gains.
        // An open-ended run (a coverage target) has no k to bound and skips this.
        if k != usize::MAX {
            let mut top: Vec<f64> = heap.iter().map(|e| e.gain).collect();
            if top.len() > k {
                top.select_nth_unstable_by(k, |a, b| b.total_cmp(a));
                top.truncate(k);
            }
            bound = bound.min(st.value + top.iter().sum::<f64>());
        }
        let Some(mut e) = heap.pop() else { break };
        while e.round != round {
            e.gain = st.gain(e.c);
            e.round = round;
            if e.gain > 0.0 {
                heap.push(e);
            }
            match heap.pop() {
                Some(x) => e = x,
                None => return Ok((picks, bound.min(st.value))),
            }
        }
        let g = st.add(e.c);
        picks.push((e.c, g));
        round += 1;
        if !tick(st, picks.len()) {
            return Err(SuggestError::Cancelled);
        }
    }
    Ok((picks, bound))
}

/// The k largest marginal gains over the current set, summed (exact, one pass).
pub(super) fn top_gains(st: &State, k: usize, exclude: &[usize]) -> f64 {
    let mut gains: Vec<f64> = (0..st.p.candidates())
        .filter(|c| !exclude.contains(c))
        .map(|c| st.gain(c))
        .collect();
    if gains.len() > k {
        gains.select_nth_unstable_by(k, |a, b| b.total_cmp(a));
        gains.truncate(k);
    }
    gains.iter().sum()
}
