//! Population sums kept up to date as coverage changes: per kind, per admin unit, and by how many
//! kinds cover a resident (which gives life-circle completeness without a rescan).

use crate::admin::{UnitIndex, NO_UNIT};

/// Covered population per kind and per unit, and population by number of covering kinds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Number of kinds.
    pub kinds: usize,
    /// Total population.
    pub population: f64,
    /// Covered population per kind.
    pub covered: Vec<f64>,
    /// `by_kinds[c]`: population covered by exactly `c` counted kinds (`kinds + 1` entries).
    pub by_kinds: Vec<f64>,
    /// Per kind: whether life-circle completeness counts it (`by_kinds` counts only these).
    pub counted: Vec<bool>,
    /// Total population per unit.
    pub unit_population: Vec<f64>,
    /// `unit_covered[u * kinds + k]`.
    pub unit_covered: Vec<f64>,
    /// `unit_by_kinds[u * (kinds + 1) + c]`.
    pub unit_by_kinds: Vec<f64>,
    /// Per resident: number of counted kinds covering it.
    pub kinds_covering: Vec<u8>,
}

impl Totals {
    /// All zero: `kinds` kinds, `units` admin units, `n` residents.
    fn empty(kinds: usize, units: usize, n: usize, counted: &[bool]) -> Totals {
        Totals {
            kinds,
            counted: (0..kinds)
                .map(|k| counted.get(k).copied().unwrap_or(true))
                .collect(),
            population: 0.0,
            covered: vec![0.0; kinds],
            by_kinds: vec![0.0; kinds + 1],
            unit_population: vec![0.0; units],
            unit_covered: vec![0.0; units * kinds],
            unit_by_kinds: vec![0.0; units * (kinds + 1)],
            kinds_covering: vec![0; n],
        }
    }

    /// Sums from scratch. `counts[k][i]` is the number of stations of kind k covering resident i;
    /// `counted[k]`: whether completeness counts kind k.
    pub fn rebuild(
        kinds: usize,
        units: usize,
        population: &[f64],
        resident_units: &[[UnitIndex; 3]],
        counts: &[&[u32]],
        counted: &[bool],
    ) -> Totals {
        let n = population.len();
        let mut t = Totals::empty(kinds, units, n, counted);
        let counts: Vec<&[u32]> = counts.iter().map(|c| &c[..n]).collect();
        // The usual few kinds get a loop with their sums in registers; more take the general one.
        macro_rules! fixed {
            ($($k:literal)*) => {
                match counts.len() {
                    $($k => t.sum_runs::<$k>(population, resident_units, counts[..].try_into().expect("length matched")),)*
                    _ => t.sum_runs_any(population, resident_units, &counts),
                }
            };
        }
        fixed!(1 2 3 4 5 6);
        t
    }

    /// [`Totals::rebuild`]'s sums for `K` kinds. Residents are in spatial order, so their units
    /// come in runs: each run is summed in registers and added to its units once.
    fn sum_runs<const K: usize>(
        &mut self,
        population: &[f64],
        resident_units: &[[UnitIndex; 3]],
        counts: [&[u32]; K],
    ) {
        let mut run = Run::new(K);
        let mut covered = [0.0; K];
        let counted: [bool; K] = std::array::from_fn(|k| self.counted[k]);
        for (i, (&pop, us)) in population.iter().zip(resident_units).enumerate() {
            if *us != run.units {
                run.covered.copy_from_slice(&covered);
                run.flush(self);
                covered = [0.0; K];
                run.units = *us;
            }
            let mut c = 0;
            for k in 0..K {
                let on = counts[k][i] > 0;
                c += usize::from(on && counted[k]);
                covered[k] += if on { pop } else { 0.0 };
            }
            self.kinds_covering[i] = c as u8;
            run.by_kinds[c] += pop;
            run.population += pop;
        }
        run.covered.copy_from_slice(&covered);
        run.flush(self);
    }

    /// [`Totals::sum_runs`] for any number of kinds.
    fn sum_runs_any(
        &mut self,
        population: &[f64],
        resident_units: &[[UnitIndex; 3]],
        counts: &[&[u32]],
    ) {
        let mut run = Run::new(counts.len());
        for (i, (&pop, us)) in population.iter().zip(resident_units).enumerate() {
            if *us != run.units {
                run.flush(self);
                run.units = *us;
            }
            let mut c = 0;
            for (k, count) in counts.iter().enumerate() {
                let on = count[i] > 0;
                c += usize::from(on && self.counted[k]);
                run.covered[k] += if on { pop } else { 0.0 };
            }
            self.kinds_covering[i] = c as u8;
            run.by_kinds[c] += pop;
            run.population += pop;
        }
        run.flush(self);
    }

    /// Resident `i` (population `pop`, units `us`) became covered (`on`) or uncovered by kind `k`.
    #[inline]
    pub fn flip(&mut self, i: usize, pop: f64, us: &[UnitIndex; 3], k: usize, on: bool) {
        let sign = if on { 1.0 } else { -1.0 };
        let kk = self.kinds;
        if !self.counted[k] {
            self.covered[k] += sign * pop;
            for &u in us.iter().filter(|&&u| u != NO_UNIT) {
                self.unit_covered[u as usize * kk + k] += sign * pop;
            }
            return;
        }
        let before = self.kinds_covering[i] as usize;
        let after = if on { before + 1 } else { before - 1 };
        self.kinds_covering[i] = after as u8;
        self.covered[k] += sign * pop;
        self.by_kinds[before] -= pop;
        self.by_kinds[after] += pop;
        for &u in us.iter().filter(|&&u| u != NO_UNIT) {
            let u = u as usize;
            self.unit_covered[u * kk + k] += sign * pop;
            self.unit_by_kinds[u * (kk + 1) + before] -= pop;
            self.unit_by_kinds[u * (kk + 1) + after] += pop;
        }
    }
}

/// Sums over a run of consecutive residents with the same units, not yet added to the totals.
struct Run {
    units: [UnitIndex; 3],
    population: f64,
    covered: Vec<f64>,
    by_kinds: Vec<f64>,
}

impl Run {
    /// An empty run for `kinds` kinds.
    fn new(kinds: usize) -> Run {
        Run {
            units: [NO_UNIT; 3],
            population: 0.0,
            covered: vec![0.0; kinds],
            by_kinds: vec![0.0; kinds + 1],
        }
    }

    /// Adds the run to the totals and empties it.
    fn flush(&mut self, t: &mut Totals) {
        let kk = t.kinds;
        t.population += self.population;
        for (k, &v) in self.covered.iter().enumerate() {
            t.covered[k] += v;
        }
        for (c, &v) in self.by_kinds.iter().enumerate() {
            t.by_kinds[c] += v;
        }
        for &u in self.units.iter().filter(|&&u| u != NO_UNIT) {
            let u = u as usize;
            t.unit_population[u] += self.population;
            for (k, &v) in self.covered.iter().enumerate() {
                t.unit_covered[u * kk + k] += v;
            }
            for (c, &v) in self.by_kinds.iter().enumerate() {
                t.unit_by_kinds[u * (kk + 1) + c] += v;
            }
        }
        self.population = 0.0;
        self.covered.fill(0.0);
        self.by_kinds.fill(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sums for 1 to 9 kinds (the fixed loops and the general one) equal a plain per-resident
    /// summation.
    #[test]
    fn sums_equal_a_plain_summation() {
        let mut seed = 3u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let n = 5000;
        let units = 12;
        for kinds in 1..=9 {
            let population: Vec<f64> = (0..n).map(|_| next(50) as f64).collect();
            // Runs of equal units, as in curve order, with some residents in no unit.
            let mut us = Vec::new();
            let mut cur = [0, 4, 8];
            for _ in 0..n {
                if next(7) == 0 {
                    let g = next(units as u64 - 8) as UnitIndex + 8;
                    cur = if next(5) == 0 {
                        [NO_UNIT; 3]
                    } else {
                        [next(4) as u32, 4 + next(4) as u32, g]
                    };
                }
                us.push(cur);
            }
            let counts: Vec<Vec<u32>> = (0..kinds)
                .map(|_| (0..n).map(|_| next(3) as u32).collect())
                .collect();
            let refs: Vec<&[u32]> = counts.iter().map(|c| c.as_slice()).collect();
            // Some kinds left out of completeness (every third, from the second).
            let counted: Vec<bool> = (0..kinds).map(|k| k % 3 != 1).collect();
            let mut t = Totals::rebuild(kinds, units, &population, &us, &refs, &counted);
            let mut want = Totals::empty(kinds, units, n, &counted);
            for i in 0..n {
                let c = (0..kinds)
                    .filter(|&k| counted[k] && counts[k][i] > 0)
                    .count();
                want.kinds_covering[i] = c as u8;
                want.population += population[i];
                want.by_kinds[c] += population[i];
                for k in (0..kinds).filter(|&k| counts[k][i] > 0) {
                    want.covered[k] += population[i];
                }
                for &u in us[i].iter().filter(|&&u| u != NO_UNIT) {
                    let u = u as usize;
                    want.unit_population[u] += population[i];
                    want.unit_by_kinds[u * (kinds + 1) + c] += population[i];
                    for k in (0..kinds).filter(|&k| counts[k][i] > 0) {
                        want.unit_covered[u * kinds + k] += population[i];
                    }
                }
            }
            // Whole-number populations: every sum is exact, so the two agree exactly.
            assert_eq!(t, want, "{kinds} kinds");
            // Flips one at a time reach the same sums as a rebuild of the flipped counts.
            let mut flipped = counts.clone();
            for _ in 0..500 {
                let (k, i) = (next(kinds as u64) as usize, next(n as u64) as usize);
                let on = flipped[k][i] == 0;
                flipped[k][i] = u32::from(on);
                t.flip(i, population[i], &us[i], k, on);
            }
            let refs: Vec<&[u32]> = flipped.iter().map(|c| c.as_slice()).collect();
            let again = Totals::rebuild(kinds, units, &population, &us, &refs, &counted);
            assert_eq!(t, again, "{kinds} kinds after flips");
        }
    }
}
