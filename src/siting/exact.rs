//! Exhaustive search over subsets of the useful candidates, for problems small enough to
//! enumerate (lexicographic order: the first best set found is kept, so ties go low).

use super::problem::{Problem, State, BUILD_SHARE};
use super::{Progress, SuggestError};

pub(super) fn binomial(n: usize, k: usize) -> f64 {
    let k = k.min(n - k.min(n));
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// Exhaustive search over subsets of `k` of the useful candidates (those covering anyone).
pub(super) fn exact(p: &Problem, k: usize, progress: Progress) -> Result<Vec<usize>, SuggestError> {
    let useful: Vec<usize> = (0..p.candidates())
        .filter(|&c| !p.cover(c).is_empty())
        .collect();
    let k = k.min(useful.len());
    let mut st = State::new(p);
    let mut best: (f64, Vec<usize>) = (-1.0, Vec::new());
    let mut pick: Vec<usize> = Vec::with_capacity(k);
    struct Walk<'a, 'b> {
        useful: &'a [usize],
        k: usize,
        best: (f64, Vec<usize>),
        leaves: f64,
        total: f64,
        progress: Progress<'b>,
    }
    fn walk(
        w: &mut Walk,
        st: &mut State,
        from: usize,
        pick: &mut Vec<usize>,
    ) -> Result<(), SuggestError> {
        if pick.len() == w.k {
            // Lexicographic enumeration: the first best set found is kept, so ties go low.
            if st.value > w.best.0 + 1e-9 * w.best.0.abs().max(1.0) {
                w.best = (st.value, pick.clone());
            }
            w.leaves += 1.0;
            if w.leaves % 4096.0 == 0.0
                && !(w.progress)(BUILD_SHARE + (1.0 - BUILD_SHARE) * w.leaves / w.total)
            {
                return Err(SuggestError::Cancelled);
            }
            return Ok(());
        }
        for i in from..=w.useful.len() - (w.k - pick.len()) {
            st.add(w.useful[i]);
            pick.push(w.useful[i]);
            walk(w, st, i + 1, pick)?;
            pick.pop();
            st.remove(w.useful[i]);
        }
        Ok(())
    }
    let mut w = Walk {
        useful: &useful,
        k,
        best: (-1.0, Vec::new()),
        leaves: 0.0,
        total: binomial(useful.len(), k).max(1.0),
        progress,
    };
    walk(&mut w, &mut st, 0, &mut pick)?;
    best.1 = std::mem::take(&mut w.best.1);
    Ok(best.1)
}
