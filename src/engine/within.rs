//! Who lives within a distance of a station: the residents each station of a kind reaches, with
//! their straight-line distances (what the catchment measures such as 2SFCA read).

use super::{Planner, StationId};
use crate::kinds::KindIndex;

/// Takes each station of a kind, in id order, with the residents it reaches within its radius:
/// `[(resident file index, distance m)]`, one station at a time (a million residents'
/// catchments held at once would be hundreds of MB).
pub type EachCatchment<'a> = &'a mut dyn FnMut(StationId, &[(u32, f64)]);

impl Planner {
    /// The residents within `radius_m` (straight line, the engine's distance) of station `id`:
    /// `(file index, metres)`, ascending file index. Empty for an unknown station.
    pub fn residents_within(&self, id: StationId, radius_m: f64) -> Vec<(u32, f64)> {
        let Some(s) = self.station(id) else {
            return Vec::new();
        };
        if self.pts.is_empty() || radius_m.is_nan() || radius_m < 0.0 {
            return Vec::new();
        }
        let r2 = radius_m * radius_m;
        let rho = self.frame.stretch(s.at.phi(), s.at.phi(), radius_m);
        let mut tiles = Vec::new();
        self.tiles
            .near(self.frame.project(&s.at), rho * radius_m + 1e-6, &mut tiles);
        let mut out = Vec::new();
        for &t in &tiles {
            for i in self.tiles.range(t as usize) {
                let d2 = self.pts.get(i).distance2_m2(&s.at);
                if d2 <= r2 {
                    out.push((self.order[i], d2.sqrt()));
                }
            }
        }
        out.sort_unstable_by_key(|&(i, _)| i);
        out
    }

    /// Every live station of `kind` (id order), one at a time, with the residents within the
    /// kind's radius (ascending file index).
    pub fn each_catchment(&self, kind: KindIndex, f: EachCatchment) {
        let r = self.kinds.get(kind).radius_m;
        for (id, _) in self.stations().filter(|(_, s)| s.kind == kind) {
            f(id, &self.residents_within(id, r));
        }
    }
}
