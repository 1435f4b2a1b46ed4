//! Which OpenStreetMap points of interest become stations, and of which kind: an ordered,
//! user-editable list of rules (`amenity=community_centre → 党群服务站`), first match wins.

use super::categories::{poi_kind, CATEGORIES};
use super::tags::Tags;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a station rule was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// The text has no `=` between the tag and the kind (the text as given).
    NotTagEqualsKind(String),
    /// The tag is neither `key=value`, `key=*` nor a POI category (the tag as given).
    BadTag(String),
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::NotTagEqualsKind(text) => write!(
                f,
                "station rule '{text}' should be TAG=KIND, e.g. amenity=community_centre=党群服务站"
            ),
            RuleError::BadTag(tag) => write!(
                f,
                "station rule tag '{tag}' should be key=value, key=* or one of {}",
                CATEGORIES.join(", ")
            ),
        }
    }
}

impl std::error::Error for RuleError {}

/// One rule: POIs matching `tag` become stations of `kind` (or none, when `kind` is empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationRule {
    /// `key=value`, `key=*` (any value), or a POI category of [`poi_kind`] (`community_service`).
    pub tag: String,
    /// A kind id or label (a kind the plan does not know is added when the stations are loaded);
    /// empty: matching POIs are not stations.
    pub kind: String,
}

/// An ordered list of [`StationRule`]s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationRules(pub Vec<StationRule>);

impl Default for StationRules {
    /// Community centres and town halls are 党群服务站, post and courier points 红蜂驿站 (where
    /// riders gather), malls and markets 商圈.
    fn default() -> Self {
        StationRules(
            [
                ("community_service", "party_service_station"),
                ("post_courier", "red_bee_station"),
                ("commercial_hub", "commercial_hub"),
            ]
            .iter()
            .map(|(tag, kind)| StationRule {
                tag: tag.to_string(),
                kind: kind.to_string(),
            })
            .collect(),
        )
    }
}

impl StationRule {
    /// Parses `TAG=KIND` (split at the last `=`): `amenity=social_facility=全龄食堂`,
    /// `canteen_food=全龄食堂`, `amenity=townhall=` (not a station).
    pub fn parse(text: &str) -> Result<StationRule, RuleError> {
        let (tag, kind) = text
            .trim()
            .rsplit_once('=')
            .ok_or_else(|| RuleError::NotTagEqualsKind(text.to_string()))?;
        let rule = StationRule {
            tag: tag.trim().to_string(),
            kind: kind.trim().to_string(),
        };
        rule.check()?;
        Ok(rule)
    }

    /// A rule's tag must be `key=value`, `key=*` or a known POI category.
    pub fn check(&self) -> Result<(), RuleError> {
        let ok = match self.tag.split_once('=') {
            Some((k, v)) => !k.trim().is_empty() && !v.trim().is_empty(),
            None => CATEGORIES.contains(&self.tag.as_str()),
        };
        if ok {
            Ok(())
        } else {
            Err(RuleError::BadTag(self.tag.clone()))
        }
    }

    fn matches(&self, tags: &Tags) -> Option<String> {
        match self.tag.split_once('=') {
            Some((k, v)) => {
                let (k, v) = (k.trim(), v.trim());
                let have = tags
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, x)| x.as_str())?;
                (v == "*" || v == have).then(|| format!("{k}={have}"))
            }
            None => poi_kind(tags)
                .filter(|(category, _)| *category == self.tag)
                .map(|(_, by)| by),
        }
    }
}

impl StationRules {
    /// The first rule matching these tags: the station kind (None when the rule says "not a
    /// station") and the deciding tag; None when no rule matches.
    pub fn decide(&self, tags: &Tags) -> Option<(Option<&str>, String)> {
        self.0.iter().find_map(|r| {
            r.matches(tags)
                .map(|by| ((!r.kind.is_empty()).then_some(r.kind.as_str()), by))
        })
    }

    /// `rules` ahead of the defaults (so they override them), or alone.
    pub fn with_defaults(mut rules: Vec<StationRule>, defaults: bool) -> StationRules {
        if defaults {
            rules.extend(StationRules::default().0);
        }
        StationRules(rules)
    }
}
