//! Siting by walking distance: which uncovered residents each candidate would reach on foot, for
//! the same solver the straight-line suggestions use.

use super::coverage::NetworkCoverage;
use crate::engine::Planner;
use crate::kinds::KindIndex;
use crate::siting::{
    solve_with_covers, Candidate, CoverSets, Demand, Goal, KindInfo, Progress, SuggestError,
    SuggestResult, EXACT_LIMIT,
};

/// Share of the progress bar taken by the candidates' searches.
const SEARCH_SHARE: f64 = 0.5;

impl NetworkCoverage {
    /// The demand of `kind` its stations leave uncovered on foot.
    pub fn uncovered(&self, plan: &Planner, kind: KindIndex) -> Demand {
        Demand::uncovered_by(plan, kind, &self.kind_cached(plan, kind).count)
    }

    /// For each candidate, the items of `demand` (made by [`NetworkCoverage::uncovered`]) within
    /// `radius_m` on foot: one bounded search per candidate. A candidate farther than the
    /// snapping distance from every street covers no one.
    pub fn cover_sets(
        &self,
        demand: &Demand,
        candidates: &[Candidate],
        radius_m: f64,
        progress: Progress,
    ) -> Result<CoverSets, SuggestError> {
        let mut item_of = vec![u32::MAX; self.resident_snaps().len()];
        for (j, &i) in demand.resident.iter().enumerate() {
            item_of[i as usize] = j as u32;
        }
        let mut covers = CoverSets {
            start: vec![0],
            items: Vec::new(),
        };
        crate::siting::check_sample(candidates.len(), |i| {
            self.snap(candidates[i].lon, candidates[i].lat)
                .map_or(0, |s| {
                    self.reach(&s, radius_m)
                        .into_iter()
                        .filter(|&(i, _)| item_of[i as usize] != u32::MAX)
                        .count()
                })
        })?;
        for (n, c) in candidates.iter().enumerate() {
            if n % 64 == 63 && !progress(SEARCH_SHARE * n as f64 / candidates.len() as f64) {
                return Err(SuggestError::Cancelled);
            }
            if let Some(s) = self.snap(c.lon, c.lat) {
                let from = covers.items.len();
                covers.items.extend(
                    self.reach(&s, radius_m)
                        .into_iter()
                        .map(|(i, _)| item_of[i as usize])
                        .filter(|&j| j != u32::MAX),
                );
                // A candidate's items ascending, as the straight-line cover sets give them.
                covers.items[from..].sort_unstable();
            }
            crate::siting::check_pairs(covers.items.len(), n + 1, candidates.len())?;
            covers.start.push(covers.items.len());
        }
        Ok(covers)
    }
}

/// [`crate::siting::suggest`] by walking distance over `net`'s streets.
pub fn suggest_on_foot(
    plan: &Planner,
    net: &NetworkCoverage,
    kind: KindIndex,
    candidates: &[Candidate],
    goal: Goal,
) -> Result<SuggestResult, SuggestError> {
    if plan.resident_count() == 0 {
        return Err(SuggestError::NoResidents);
    }
    let info = KindInfo::of(plan, kind);
    let demand = net.uncovered(plan, kind);
    let covers = net.cover_sets(&demand, candidates, info.radius_m, &mut |_| true)?;
    solve_with_covers(
        &info,
        &demand,
        candidates,
        Some(covers),
        goal,
        EXACT_LIMIT,
        &mut |_| true,
    )
}
