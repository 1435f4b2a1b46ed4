//! The columns and properties the importers understand, with their English and Chinese names.

/// A field of a residents or stations record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Longitude (经度).
    Lon,
    /// Latitude (纬度).
    Lat,
    /// Population (人口).
    Population,
    /// Households (户数), turned into population by persons per household.
    Households,
    /// Station kind (类型).
    Kind,
    /// Street office (街道).
    Street,
    /// Community (社区).
    Community,
    /// Grid (网格).
    Grid,
    /// Name (名称).
    Name,
    /// The user's own id (编号), kept for exports.
    Id,
    /// Building footprint in m² (占地面积), for estimating population from buildings.
    Footprint,
    /// Number of floors (层数), for estimating population from buildings.
    Levels,
    /// What a proposal row does to the baseline (操作): add, move or withdraw a station.
    Action,
}

/// Number of [`Field`] variants.
pub const FIELD_COUNT: usize = 13;

impl Field {
    /// All fields, in index order.
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::Lon,
        Field::Lat,
        Field::Population,
        Field::Households,
        Field::Kind,
        Field::Street,
        Field::Community,
        Field::Grid,
        Field::Name,
        Field::Id,
        Field::Footprint,
        Field::Levels,
        Field::Action,
    ];

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// How the field is named in messages: English and Chinese.
    pub fn display(self) -> &'static str {
        match self {
            Field::Lon => "lon (经度)",
            Field::Lat => "lat (纬度)",
            Field::Population => "population (人口)",
            Field::Households => "households (户数)",
            Field::Kind => "kind (类型)",
            Field::Street => "street (街道)",
            Field::Community => "community (社区)",
            Field::Grid => "grid (网格)",
            Field::Name => "name (名称)",
            Field::Id => "id (编号)",
            Field::Footprint => "footprint_m2 (占地面积)",
            Field::Levels => "levels (层数)",
            Field::Action => "action (操作)",
        }
    }

    /// The Chinese name of the field, as a planner's sheet heads it.
    pub fn display_zh(self) -> &'static str {
        match self {
            Field::Lon => "经度",
            Field::Lat => "纬度",
            Field::Population => "人口",
            Field::Households => "户数",
            Field::Kind => "类型",
            Field::Street => "街道",
            Field::Community => "社区",
            Field::Grid => "网格",
            Field::Name => "名称",
            Field::Id => "编号",
            Field::Footprint => "占地面积",
            Field::Levels => "层数",
            Field::Action => "操作",
        }
    }

    /// The headers that stand for this field (matched ignoring case, spaces and units).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Lon => &[
                "lon",
                "lng",
                "long",
                "longitude",
                "x",
                "经度",
                "东经",
                "wgs84_lon",
                "gcj02_lon",
                "bd09_lon",
            ],
            Field::Lat => &[
                "lat",
                "latitude",
                "y",
                "纬度",
                "北纬",
                "wgs84_lat",
                "gcj02_lat",
                "bd09_lat",
            ],
            Field::Population => &[
                "population",
                "pop",
                "residents",
                "people",
                "persons",
                "人口",
                "人数",
                "人口数",
                "常住人口",
                "居民人数",
                "居住人口",
                "户籍人口",
            ],
            Field::Households => &["households", "household", "hh", "户数", "住户数", "户"],
            Field::Kind => &[
                "kind",
                "type",
                "category",
                "class",
                "类型",
                "类别",
                "种类",
                "站点类型",
                "设施类型",
            ],
            Field::Street => &[
                "street",
                "subdistrict",
                "jiedao",
                "街道",
                "街道办",
                "街道名称",
                "街镇",
                "镇街",
            ],
            Field::Community => &["community", "shequ", "社区", "社区名称", "居委会", "村居"],
            Field::Grid => &["grid", "wangge", "网格", "网格名称", "网格号"],
            Field::Name => &[
                "name",
                "title",
                "名称",
                "名字",
                "站点名称",
                "小区",
                "小区名称",
                "楼栋",
                "地址",
            ],
            Field::Id => &["id", "code", "no", "编号", "序号", "代码"],
            Field::Footprint => &[
                "footprint_m2",
                "footprint",
                "area_m2",
                "building_area",
                "占地面积",
                "基底面积",
                "占地面积(平方米)",
            ],
            Field::Levels => &[
                "levels",
                "building:levels",
                "building_levels",
                "floors",
                "storeys",
                "层数",
                "楼层数",
                "地上层数",
            ],
            Field::Action => &["action", "change", "操作", "变更", "调整"],
        }
    }

    /// The field a header or property name stands for, if any. Case, spaces, underscores and a
    /// unit in brackets (`人口（人）`, `Population (persons)`) are ignored.
    pub fn from_header(header: &str) -> Option<Field> {
        let key = normalize_header(header);
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().iter().any(|a| normalize_header(a) == key))
            .or_else(|| is_census_population(&key).then_some(Field::Population))
    }
}

/// The names this tool's residents export gives a kind's figures: `{kind}_distance_m` in English
/// (the kind's id), `{类型}_距离_米` in Chinese (its label). A residents file that has them is read
/// without them: they are figures of the last run, never demand weights.
pub const DERIVED_SUFFIXES: [(&str, &str); 5] = [
    ("_nearest", "_最近站点"),
    ("_distance_m", "_距离_米"),
    ("_covered", "_已覆盖"),
    ("_detour", "_绕行系数"),
    ("_access_per_1000", "_每千人供给"),
];

/// The sidecar a Shapefile export writes beside its `.dbf`, `{layer}.fields.csv`: each short
/// (ten-byte) field name and its full name, read back by the Shapefile reader.
pub const FIELDS_EXT: &str = "fields.csv";

/// Whether residents reach the streets: the export's column in English and Chinese.
pub const REACHABLE: (&str, &str) = ("reachable", "路网可达");

/// Whether a column is one of the figures the residents export adds ([`DERIVED_SUFFIXES`],
/// [`REACHABLE`]).
pub fn is_derived(name: &str) -> bool {
    let n = name.trim();
    n == REACHABLE.0
        || n == REACHABLE.1
        || DERIVED_SUFFIXES
            .iter()
            .any(|(en, zh)| n.ends_with(en) || n.ends_with(zh))
}

/// Census tables name population by year: `POP2000`, `pop_2020`, `人口2020`, `totpop`.
fn is_census_population(key: &str) -> bool {
    let year = |rest: &str| rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit());
    ["population", "pop", "人口"]
        .iter()
        .any(|p| key.strip_prefix(p).is_some_and(year))
        || matches!(
            key,
            "totpop" | "totalpop" | "poptotal" | "totalpopulation" | "总人口"
        )
}

fn normalize_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut depth = 0;
    for c in h.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            ' ' | '_' | '-' | '\t' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_languages() {
        assert_eq!(Field::from_header("经度"), Some(Field::Lon));
        assert_eq!(Field::from_header(" Longitude "), Some(Field::Lon));
        assert_eq!(Field::from_header("POP2000"), Some(Field::Population));
        assert_eq!(Field::from_header("pop_2020"), Some(Field::Population));
        assert_eq!(Field::from_header("人口2020"), Some(Field::Population));
        assert_eq!(Field::from_header("pop20"), None);
        assert_eq!(Field::from_header("lng"), Some(Field::Lon));
        assert_eq!(Field::from_header("纬度"), Some(Field::Lat));
        assert_eq!(Field::from_header("人口（人）"), Some(Field::Population));
        assert_eq!(
            Field::from_header("Population (persons)"),
            Some(Field::Population)
        );
        assert_eq!(Field::from_header("户数"), Some(Field::Households));
        assert_eq!(Field::from_header("类型"), Some(Field::Kind));
        assert_eq!(Field::from_header("街道"), Some(Field::Street));
        assert_eq!(Field::from_header("社区"), Some(Field::Community));
        assert_eq!(Field::from_header("网格"), Some(Field::Grid));
        assert_eq!(Field::from_header("名称"), Some(Field::Name));
        assert_eq!(Field::from_header("\u{feff}name"), Some(Field::Name));
        assert_eq!(Field::from_header("备注"), None);
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
        }
    }
}
