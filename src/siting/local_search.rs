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
