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
    /// `by_kinds[c]`: population covered by exactly `c` kinds (`kinds + 1` entries).
    pub by_kinds: Vec<f64>,
    /// Total population per unit.
    pub unit_population: Vec<f64>,
    /// `unit_covered[u * kinds + k]`.
    pub unit_covered: Vec<f64>,
    /// `unit_by_kinds[u * (kinds + 1) + c]`.
    pub unit_by_kinds: Vec<f64>,
    /// Per resident: number of kinds covering it.
    pub kinds_covering: Vec<u8>,
}

impl Totals {
    /// Sums from scratch. `counts[k][i]` is the number of stations of kind k covering resident i.
    pub fn rebuild(
        kinds: usize,
        units: usize,
        population: &[f64],
        resident_units: &[[UnitIndex; 3]],
        counts: &[&[u32]],
    ) -> Totals {
        let n = population.len();
        let mut t = Totals {
            kinds,
            population: population.iter().sum(),
            covered: vec![0.0; kinds],
            by_kinds: vec![0.0; kinds + 1],
            unit_population: vec![0.0; units],
            unit_covered: vec![0.0; units * kinds],
            unit_by_kinds: vec![0.0; units * (kinds + 1)],
            kinds_covering: vec![0; n],
        };
        // Kind by kind over contiguous columns; residents are in spatial order, so their units
        // repeat and the unit rows stay in cache.
        for (k, count) in counts.iter().enumerate() {
            let mut covered = 0.0;
            for i in 0..n {
                if count[i] > 0 {
                    let pop = population[i];
                    covered += pop;
                    t.kinds_covering[i] += 1;
                    for &u in &resident_units[i] {
                        if u != NO_UNIT {
                            t.unit_covered[u as usize * kinds + k] += pop;
                        }
                    }
                }
            }
            t.covered[k] = covered;
        }
        for i in 0..n {
            let (pop, c) = (population[i], t.kinds_covering[i] as usize);
            t.by_kinds[c] += pop;
            for &u in &resident_units[i] {
                if u != NO_UNIT {
                    t.unit_population[u as usize] += pop;
                    t.unit_by_kinds[u as usize * (kinds + 1) + c] += pop;
                }
            }
        }
        t
    }

    /// Resident `i` (population `pop`, units `us`) became covered (`on`) or uncovered by kind `k`.
    #[inline]
    pub fn flip(&mut self, i: usize, pop: f64, us: &[UnitIndex; 3], k: usize, on: bool) {
        let sign = if on { 1.0 } else { -1.0 };
        let before = self.kinds_covering[i] as usize;
        let after = if on { before + 1 } else { before - 1 };
        self.kinds_covering[i] = after as u8;
        self.covered[k] += sign * pop;
        self.by_kinds[before] -= pop;
        self.by_kinds[after] += pop;
        let kk = self.kinds;
        for &u in us.iter().filter(|&&u| u != NO_UNIT) {
            let u = u as usize;
            self.unit_covered[u * kk + k] += sign * pop;
            self.unit_by_kinds[u * (kk + 1) + before] -= pop;
            self.unit_by_kinds[u * (kk + 1) + after] += pop;
        }
    }
}
