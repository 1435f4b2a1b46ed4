//! The admin hierarchy 街道 street → 社区 community → 网格 grid, interned as unit indices.

use crate::fxhash::FxBuild;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A level of the admin hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 街道 street office.
    Street,
    /// 社区 community.
    Community,
    /// 网格 grid.
    Grid,
}

impl Level {
    /// The level's name in reports: `street`, `community`, `grid`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Street => "street",
            Level::Community => "community",
            Level::Grid => "grid",
        }
    }

    /// The level named `street`/`community`/`grid` or `街道`/`社区`/`网格`.
    pub fn from_name(name: &str) -> Option<Level> {
        match name.trim() {
            "street" | "街道" => Some(Level::Street),
            "community" | "社区" => Some(Level::Community),
            "grid" | "网格" => Some(Level::Grid),
            _ => None,
        }
    }
}

/// Index of a unit in [`AdminUnits`]; [`NO_UNIT`] when a resident has no unit at that level.
pub type UnitIndex = u32;
/// A resident without a unit at some level (e.g. a file without a 网格 column).
pub const NO_UNIT: UnitIndex = u32::MAX;

/// One street, community or grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AdminUnit {
    /// Level in the hierarchy.
    pub level: Level,
    /// Unique id: the path of names joined by `/`, e.g. `梅园新村街道/长江路社区/第3网格`.
    pub id: String,
    /// The unit's own name, e.g. `第3网格`.
    pub name: String,
}

/// All units of a residents file, each level keyed by its full path so that two communities with
/// the same name in different streets stay apart.
#[derive(Clone, Debug, Default)]
pub struct AdminUnits {
    units: Vec<AdminUnit>,
    by_key: [HashMap<String, UnitIndex, FxBuild>; 3],
    key: String,
    /// The previous call's names and answer: rows of one compound usually follow each other.
    last: (String, String, String, [UnitIndex; 3]),
    /// The units by level, then id, once asked (a drag step at a million residents sorted 5,600
    /// units by their paths for each choropleth update); forgotten when a unit is added.
    sorted: OnceLock<Vec<usize>>,
}

/// `a == b`, eight bytes at a time (WebAssembly's `memcmp` goes byte by byte).
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (wa, wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (wa.remainder(), wb.remainder());
    wa.zip(wb).all(|(x, y)| {
        u64::from_le_bytes(x.try_into().expect("eight bytes"))
            == u64::from_le_bytes(y.try_into().expect("eight bytes"))
    }) && ra == rb
}

impl AdminUnits {
    /// All units, in the order first seen.
    pub fn all(&self) -> &[AdminUnit] {
        &self.units
    }

    /// The units' indices by level (streets, communities, grids), each level by id: the report's
    /// order.
    pub fn by_level_and_id(&self) -> &[usize] {
        self.sorted.get_or_init(|| {
            let mut order: Vec<usize> = (0..self.units.len()).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&self.units[a], &self.units[b]);
                (a.level, &a.id).cmp(&(b.level, &b.id))
            });
            order
        })
    }

    /// Number of units over all levels.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// True when no resident named a unit.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    fn intern(&mut self, level: Level, name: &str) -> UnitIndex {
        // `self.key` holds the path; look up without allocating in the common (seen) case.
        let map = &mut self.by_key[level as usize];
        if let Some(&i) = map.get(self.key.as_str()) {
            return i;
        }
        let i = self.units.len() as UnitIndex;
        self.sorted = OnceLock::new();
        self.units.push(AdminUnit {
            level,
            id: self.key.clone(),
            name: name.to_string(),
        });
        map.insert(self.key.clone(), i);
        i
    }

    /// The units of a resident with these (trimmed, possibly empty) names. A community without a
    /// street is keyed under an empty street, and so on down.
    pub fn units_for(&mut self, street: &str, community: &str, grid: &str) -> [UnitIndex; 3] {
        if !self.units.is_empty()
            && same(&self.last.0, street)
            && same(&self.last.1, community)
            && same(&self.last.2, grid)
        {
            return self.last.3;
        }
        let out = self.lookup(street, community, grid);
        self.last.0.clear();
        self.last.0.push_str(street);
        self.last.1.clear();
        self.last.1.push_str(community);
        self.last.2.clear();
        self.last.2.push_str(grid);
        self.last.3 = out;
        out
    }

    fn lookup(&mut self, street: &str, community: &str, grid: &str) -> [UnitIndex; 3] {
        let mut out = [NO_UNIT; 3];
        self.key.clear();
        self.key.push_str(street);
        if !street.is_empty() {
            out[0] = self.intern(Level::Street, street);
        }
        if !community.is_empty() {
            self.key.push('/');
            self.key.push_str(community);
            out[1] = self.intern(Level::Community, community);
        }
        if !grid.is_empty() {
            if community.is_empty() {
                self.key.push('/');
            }
            self.key.push('/');
            self.key.push_str(grid);
            out[2] = self.intern(Level::Grid, grid);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_grid_name_in_two_communities_stays_apart() {
        let mut a = AdminUnits::default();
        let x = a.units_for("玄武", "梅园", "第1网格");
        let y = a.units_for("玄武", "长江", "第1网格");
        let z = a.units_for("玄武", "梅园", "第1网格");
        assert_eq!(x, z);
        assert_eq!(x[0], y[0]);
        assert_ne!(x[1], y[1]);
        assert_ne!(x[2], y[2]);
        assert_eq!(a.all()[x[2] as usize].id, "玄武/梅园/第1网格");
        assert_eq!(a.all()[x[2] as usize].name, "第1网格");
        let none = a.units_for("", "", "");
        assert_eq!(none, [NO_UNIT; 3]);
        let g = a.units_for("", "", "孤网格");
        assert_eq!(a.all()[g[2] as usize].id, "//孤网格");
    }
}
