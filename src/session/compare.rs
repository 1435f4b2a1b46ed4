//! The baseline proposals are compared with: its stations by the caller's keys, its figures once
//! computed (with the session's residents, kinds and metric at that time), and the comparison of
//! the current stations with it — or a proposal file's edits applied and compared in one step.

use super::{Session, SessionError};
use crate::engine::StationId;
use crate::report::Summary;
use crate::scenario::{self, Comparison, Edit};
use crate::tables::StationRecord;
use std::collections::HashMap;

/// A station of the baseline as the caller gives it (WGS-84).
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineStation {
    /// The caller's key for the station: the same in the baseline and in proposals.
    pub key: u32,
    /// Kind id, label or alias.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
}

/// How to compare: the names shown and the current stations' keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareSpec {
    /// The proposal's name (default `方案`).
    pub name: Option<String>,
    /// The baseline's name as shown, instead of the one it was set with.
    pub baseline_name: Option<String>,
    /// `(station id, key)` of the current stations.
    pub keys: Vec<(StationId, u32)>,
}

/// The baseline: its stations by key, and its figures once computed.
pub(super) struct Baseline {
    name: String,
    stations: Vec<(u32, StationRecord)>,
    figures: Option<(Summary, HashMap<StationId, u32>)>,
}

impl Session {
    /// Sets the baseline (`name`, default `现状`) proposals are compared with, or clears it.
    /// Its figures are computed when first compared.
    pub fn set_baseline(
        &mut self,
        baseline: Option<(Option<String>, Vec<BaselineStation>)>,
    ) -> Result<(), SessionError> {
        let Some((name, list)) = baseline else {
            self.baseline = None;
            return Ok(());
        };
        let kinds = self.plan.kinds();
        let mut stations = Vec::with_capacity(list.len());
        for (index, st) in list.into_iter().enumerate() {
            let kind = kinds
                .resolve(&st.kind)
                .ok_or_else(|| SessionError::BaselineKind {
                    index,
                    name: st.name.clone(),
                    kind: st.kind.clone(),
                    known: kinds.known_names(),
                })?;
            if !(st.lon.is_finite() && st.lat.is_finite()) {
                return Err(SessionError::BaselineCoordinates {
                    index,
                    name: st.name,
                });
            }
            stations.push((
                st.key,
                StationRecord {
                    kind,
                    lon: st.lon,
                    lat: st.lat,
                    name: st.name,
                },
            ));
        }
        self.baseline = Some(Baseline {
            name: name.unwrap_or_else(|| "现状".into()),
            stations,
            figures: None,
        });
        Ok(())
    }

    /// Forgets the baseline's figures (residents, kinds, streets or metric changed).
    pub(super) fn baseline_stale(&mut self) {
        if let Some(b) = self.baseline.as_mut() {
            b.figures = None;
        }
    }

    /// The current stations against the baseline.
    pub fn compare(&mut self, spec: &CompareSpec) -> Result<Comparison, SessionError> {
        let mut b = self.baseline.take().ok_or(SessionError::NoBaseline)?;
        let result = self.compare_with(&mut b, spec);
        self.baseline = Some(b);
        result
    }

    fn compare_with(
        &mut self,
        b: &mut Baseline,
        spec: &CompareSpec,
    ) -> Result<Comparison, SessionError> {
        if b.figures.is_none() {
            let mut plan = self.plan.clone();
            let records: Vec<StationRecord> = b.stations.iter().map(|(_, r)| r.clone()).collect();
            let ids = plan.load_stations(&records);
            let summary = self.summary_of(&plan)?;
            let keys = ids
                .into_iter()
                .zip(b.stations.iter().map(|(k, _)| *k))
                .collect();
            b.figures = Some((summary, keys));
        }
        let Some((base, base_keys)) = &b.figures else {
            return Err(SessionError::NoBaseline);
        };
        let current = self.summary_brief()?;
        let keys: HashMap<StationId, u32> = spec.keys.iter().copied().collect();
        let name = spec.name.clone().unwrap_or_else(|| "方案".into());
        let base_name = spec.baseline_name.as_ref().unwrap_or(&b.name);
        Ok(scenario::compare(
            (base_name, &name),
            base,
            base_keys,
            &current,
            &keys,
        ))
    }

    /// The report of another plan over the session's residents (a baseline's stations), under
    /// the metric.
    fn summary_of(&mut self, plan: &crate::engine::Planner) -> Result<Summary, SessionError> {
        match self.metric {
            crate::report::Metric::Straight => Ok(plan.summary()),
            crate::report::Metric::Network => {
                let (_, net) = self.walking()?;
                Ok(crate::report::build(
                    plan,
                    &crate::network::Walking::new(plan, net),
                ))
            }
        }
    }

    /// Applies a proposal's edits to the plan and compares the result with the plan as it was
    /// (named `baseline_name` and `name`). Stations keep their ids, which serve as the keys.
    /// Nothing changes on error.
    pub fn propose(
        &mut self,
        edits: &[Edit],
        baseline_name: &str,
        name: &str,
    ) -> Result<Comparison, SessionError> {
        let before = self.summary_brief()?;
        let proposal = scenario::apply(&self.plan, edits)?;
        let keys: HashMap<StationId, u32> = scenario::id_keys(&before);
        let stations = self
            .plan
            .stations()
            .map(|(id, s)| {
                let record = StationRecord {
                    kind: s.kind,
                    lon: s.at.lon,
                    lat: s.at.lat,
                    name: s.name.clone(),
                };
                (id, record)
            })
            .collect();
        self.baseline = Some(Baseline {
            name: baseline_name.to_string(),
            stations,
            figures: Some((before, keys)),
        });
        self.plan = proposal;
        let spec = CompareSpec {
            name: Some(name.to_string()),
            baseline_name: None,
            keys: self.plan.stations().map(|(id, _)| (id, id)).collect(),
        };
        self.compare(&spec)
    }
}
