//! Which OpenStreetMap points of interest become stations, and of which kind: an ordered,
//! user-editable list of rules (`amenity=community_centre → 党群服务站`, `name~党群服务 →
//! 党群服务站`), first match wins.

use super::categories::{is_category, poi_kind, CATEGORIES};
use super::tags::Tags;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a station rule was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// The text has no `=` between the tag and the kind (the text as given).
    NotTagEqualsKind(String),
    /// The tag is neither `key=value`, `key=*`, `key~text` nor a POI category (the tag as given).
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
                "station rule tag '{tag}' should be key=value, key=*, key~text (the value contains the text, e.g. name~党群服务) or one of {}",
                CATEGORIES.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

impl std::error::Error for RuleError {}

impl crate::error::Localized for RuleError {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match (self, lang) {
            (_, crate::lang::Lang::En) => self.to_string(),
            (RuleError::NotTagEqualsKind(text), _) => format!(
                "站点规则“{text}”应写作 标签=设施类型，如 amenity=community_centre=党群服务站"
            ),
            (RuleError::BadTag(tag), _) => format!(
                "站点规则的标签“{tag}”应为 key=value、key=*、key~文字（值含该文字，如 name~党群服务）或以下类别之一：{}",
                CATEGORIES.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// One rule: POIs matching `tag` become stations of `kind` (or none, when `kind` is empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationRule {
    /// `key=value`, `key=*` (any value), `key~text` (the value contains the text: `name~党群服务`),
    /// or a POI category of [`poi_kind`] (`community_service`).
    pub tag: String,
    /// A kind id or label (a kind the plan does not know is added when the stations are loaded);
    /// empty: matching POIs are not stations.
    pub kind: String,
}

/// An ordered list of [`StationRule`]s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationRules(pub Vec<StationRule>);

/// The default rules, first match wins: Chinese names carry a POI's type (党群服务中心, 社区服务中心,
/// 菜鸟驿站, 社区食堂), then the categories — community centres are 党群服务站, post and courier
/// points 红蜂驿站 (where riders gather), malls, department stores and marketplaces 商圈; daily
/// shops (supermarkets, convenience shops) and government offices are not stations.
pub const DEFAULT_RULES: [(&str, &str); 10] = [
    ("name~党群服务", "party_service_station"),
    ("name~社区服务中心", "party_service_station"),
    ("name~驿站", "red_bee_station"),
    ("name~食堂", "全龄食堂"),
    ("community_service", "party_service_station"),
    ("post_courier", "red_bee_station"),
    ("commercial_hub", "commercial_hub"),
    ("daily_shopping", ""),
    ("government", ""),
    ("social_care", ""),
];

impl Default for StationRules {
    /// [`DEFAULT_RULES`].
    fn default() -> Self {
        StationRules(
            DEFAULT_RULES
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
    /// `canteen_food=全龄食堂`, `name~食堂=全龄食堂`, `amenity=townhall=` (not a station).
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

    /// A rule's tag must be `key=value`, `key=*`, `key~text` or a known POI category.
    pub fn check(&self) -> Result<(), RuleError> {
        let ok = match (self.tag.split_once('='), self.tag.split_once('~')) {
            (Some((k, v)), _) | (None, Some((k, v))) => {
                !k.trim().is_empty() && !v.trim().is_empty()
            }
            (None, None) => is_category(&self.tag),
        };
        if ok {
            Ok(())
        } else {
            Err(RuleError::BadTag(self.tag.clone()))
        }
    }

    fn matches(&self, tags: &Tags) -> Option<String> {
        if !self.tag.contains('=') {
            if let Some((k, text)) = self.tag.split_once('~') {
                let (k, text) = (k.trim(), text.trim());
                let have = tags
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, x)| x.as_str())?;
                return have.contains(text).then(|| format!("{k}~{text}"));
            }
        }
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
        self.decide_at(tags).map(|(_, kind, by)| (kind, by))
    }

    /// [`StationRules::decide`] with the index of the deciding rule.
    pub fn decide_at(&self, tags: &Tags) -> Option<(usize, Option<&str>, String)> {
        self.0.iter().enumerate().find_map(|(i, r)| {
            r.matches(tags)
                .map(|by| (i, (!r.kind.is_empty()).then_some(r.kind.as_str()), by))
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
