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
            population: 0.0,
            covered: vec![0.0; kinds],
            by_kinds: vec![0.0; kinds + 1],
            unit_population: vec![0.0; units],
            unit_covered: vec![0.0; units * kinds],
            unit_by_kinds: vec![0.0; units * (kinds + 1)],
            kinds_covering: vec![0; n],
        };
        let counts: Vec<&[u32]> = counts.iter().map(|c| &c[..n]).collect();
        // Residents are in spatial order, so their units come in runs: one pass sums each run in
        // registers-and-scratch and adds the run to its units once.
        let mut run = Run {
            units: [NO_UNIT; 3],
            population: 0.0,
            covered: vec![0.0; kinds],
            by_kinds: vec![0.0; kinds + 1],
        };
        for i in 0..n {
            if resident_units[i] != run.units {
                run.flush(&mut t);
                run.units = resident_units[i];
            }
            let pop = population[i];
            let mut c = 0;
            for (k, count) in counts.iter().enumerate() {
                if count[i] > 0 {
                    c += 1;
                    run.covered[k] += pop;
                }
            }
            t.kinds_covering[i] = c as u8;
            run.by_kinds[c] += pop;
            run.population += pop;
        }
        run.flush(&mut t);
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

/// Sums over a run of consecutive residents with the same units, not yet added to the totals.
struct Run {
    units: [UnitIndex; 3],
    population: f64,
    covered: Vec<f64>,
    by_kinds: Vec<f64>,
}

impl Run {
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
