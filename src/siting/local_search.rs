//! Swap local search: replace one chosen candidate by another while that strictly improves.

use super::problem::State;
use super::SuggestError;

/// Swap local search: replace one chosen candidate by another while that strictly improves.
/// `tick(pass)` before each pass returns false to cancel.
pub(super) fn local_search(
    st: &mut State,
    chosen: &mut [usize],
    tick: &mut dyn FnMut(usize) -> bool,
) -> Result<(), SuggestError> {
    let p = st.p;
    let k = chosen.len();
    if k == 0 {
        return Ok(());
    }
    for pass in 0..100 {
        if !tick(pass) {
            return Err(SuggestError::Cancelled);
        }
        // Residents covered exactly once, by which chosen slot.
        let mut only_by = vec![u32::MAX; p.weight.len()];
        for (slot, &c) in chosen.iter().enumerate() {
            for &j in p.cover(c) {
                if st.count[j as usize] == 1 {
                    only_by[j as usize] = slot as u32;
                }
            }
        }
        let loss: Vec<f64> = chosen
            .iter()
            .enumerate()
            .map(|(slot, &c)| {
                p.cover(c)
                    .iter()
                    .filter(|&&j| only_by[j as usize] == slot as u32)
                    .map(|&j| p.weight[j as usize])
                    .sum()
            })
            .collect();
        let mut best: Option<(f64, usize, usize)> = None;
        let mut bonus = vec![0.0; k];
        for c in 0..p.candidates() {
            if chosen.contains(&c) {
                continue;
            }
            let mut g0 = 0.0;
            bonus.iter_mut().for_each(|b| *b = 0.0);
            for &j in p.cover(c) {
                match st.count[j as usize] {
                    0 => g0 += p.weight[j as usize],
                    1 => bonus[only_by[j as usize] as usize] += p.weight[j as usize],
                    _ => {}
                }
            }
            for slot in 0..k {
                let delta = g0 + bonus[slot] - loss[slot];
                let threshold = 1e-9 * st.value.max(1.0);
                if delta > threshold && best.is_none_or(|(d, _, _)| delta > d) {
                    best = Some((delta, slot, c));
                }
            }
        }
        let Some((_, slot, c)) = best else { break };
        st.remove(chosen[slot]);
        st.add(c);
        st.settle();
        chosen[slot] = c;
    }
    Ok(())
}

/// Iterated local search: take `2..=4` chosen sites out (a seeded choice), put back the best
/// others one at a time (never those just taken out), improve by swaps, and keep the result only
/// when it covers more. Stops after `rounds`, after `patience` rounds in a row without a better
/// set, or when the set reaches `goal` (an upper bound on the optimum: nothing better exists).
/// `tick(round)` before each round returns false to cancel. Returns how many rounds improved it.
pub(super) fn perturb(
    st: &mut State,
    chosen: &mut [usize],
    (rounds, patience): (usize, usize),
    goal: f64,
    tick: &mut dyn FnMut(usize) -> bool,
) -> Result<usize, SuggestError> {
    let p = st.p;
    let k = chosen.len();
    let mut rng = crate::demo::Rng::new(7);
    // Chosen now (1) or just taken out (2): not put back this round.
    let mut mark = vec![0u8; p.candidates()];
    let (mut better, mut idle) = (0, 0);
    for round in 0..rounds {
        if k < 2 || idle >= patience || st.value >= goal * (1.0 - 1e-12) {
            break;
        }
        if !tick(round) {
            return Err(SuggestError::Cancelled);
        }
        let before = chosen.to_vec();
        let value = st.value;
        let mut out = Vec::new();
        while out.len() < (2 + round % 3).min(k) {
            let slot = rng.below(k);
            if !out.contains(&slot) {
                out.push(slot);
            }
        }
        for &c in chosen.iter() {
            mark[c] = 1;
        }
        for &s in &out {
            st.remove(chosen[s]);
            mark[chosen[s]] = 2;
        }
        for &s in &out {
            let best = (0..p.candidates())
                .filter(|&c| mark[c] == 0)
                .map(|c| (st.gain(c), c))
                .fold(None, |b: Option<(f64, usize)>, x| match b {
                    Some(b) if b.0 >= x.0 => Some(b),
                    _ => Some(x),
                });
            let Some((_, c)) = best else { break };
            st.add(c);
            mark[c] = 1;
            chosen[s] = c;
        }
        mark.iter_mut().for_each(|m| *m = 0);
        local_search(st, chosen, &mut |_| true)?;
        st.settle();
        if st.value > value * (1.0 + 1e-12) {
            (better, idle) = (better + 1, 0);
        } else {
            idle += 1;
            for &c in chosen.iter() {
                st.remove(c);
            }
            chosen.copy_from_slice(&before);
            for &c in chosen.iter() {
                st.add(c);
            }
            st.settle();
        }
    }
    Ok(better)
}

#[cfg(test)]
mod tests {
    //! Iterated local search against exhaustive search on seeded problems whose candidates overlap
    //! heavily (windows over a line of residents), started from the swaps' answer.

    use super::*;
    use crate::siting::problem::Problem;

    #[test]
    fn taking_sites_out_and_putting_the_best_back_reaches_the_optimum_swaps_miss() {
        let mut rng = crate::demo::Rng::new(31);
        let mut next = move |n: u64| rng.below(n as usize) as u64;
        let (mut stuck, mut freed, mut total) = (0, 0, 0);
        for case in 0..400 {
            let n = 30 + next(30) as usize;
            let w: Vec<f64> = (0..n).map(|_| 1.0 + next(40) as f64).collect();
            let m = 10 + next(6) as usize;
            let covers: Vec<Vec<u32>> = (0..m)
                .map(|_| {
                    let a = next(n as u64) as u32;
                    (a..(a + 4 + next(10) as u32).min(n as u32)).collect()
                })
                .collect();
            let p = Problem::from_covers(&w, &covers);
            let k = 3 + case % 3;
            let opt = p.optimum(k);
            // The swaps' answer from the first k candidates.
            let mut st = State::new(&p);
            let mut chosen: Vec<usize> = (0..k).collect();
            for &c in &chosen {
                st.add(c);
            }
            local_search(&mut st, &mut chosen, &mut |_| true).unwrap();
            st.settle();
            let swaps = st.value;
            perturb(&mut st, &mut chosen, (60, 20), opt, &mut |_| true).unwrap();
            // A real set: distinct sites whose coverage is the state's, never worse than before.
            let mut distinct = chosen.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), k, "case {case}");
            assert_eq!(st.value, p.value_of(&chosen), "case {case}");
            assert!(st.value >= swaps && st.value <= opt + 1e-9, "case {case}");
            total += 1;
            if swaps < opt - 1e-9 {
                stuck += 1;
                freed += usize::from(st.value >= opt - 1e-9);
            }
        }
        // The swaps stop short of the optimum on some of these; the rounds free most of them.
        assert!(stuck >= 15, "{stuck} of {total} stuck after swaps");
        assert!(
            freed * 10 >= stuck * 8,
            "{freed} of {stuck} reached the optimum"
        );
    }
}
