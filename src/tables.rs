//! The tables the importers produce and the engine consumes: residents as columns, station and
//! candidate-site records, and the packed strings that hold a million names in one buffer.

use crate::admin::AdminUnits;
use crate::admin::UnitIndex;
use crate::kinds::KindIndex;

/// Many short strings packed into one buffer (one allocation instead of one per resident).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackedStrings {
    text: String,
    ends: Vec<u32>,
}

impl PackedStrings {
    /// Appends a string.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    /// The i-th string.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Reorders the strings so that the new i-th is the old `order[i]`.
    pub fn permuted(&self, order: &[u32]) -> PackedStrings {
        let mut out = PackedStrings {
            text: String::with_capacity(self.text.len()),
            ends: Vec::with_capacity(order.len()),
        };
        for &o in order {
            out.push(self.get(o as usize));
        }
        out
    }
}

/// Residents as columns, in file order, coordinates in WGS-84 degrees.
#[derive(Clone, Debug, Default)]
pub struct ResidentTable {
    /// Longitude, degrees.
    pub lon: Vec<f64>,
    /// Latitude, degrees.
    pub lat: Vec<f64>,
    /// Population (persons; may be fractional when derived from households).
    pub population: Vec<f64>,
    /// Street, community and grid of each resident.
    pub units: Vec<[UnitIndex; 3]>,
    /// The admin units named in the file.
    pub admin: AdminUnits,
    /// Name of each resident (compound, building), empty when the file has none.
    pub names: PackedStrings,
    /// The file's id of each resident (`id`, `编号`, `code`…), empty when it has none: kept so that
    /// exports can be joined back to the planner's own table.
    pub ids: PackedStrings,
    /// How many populations were estimated from building footprint × floors.
    pub estimated: usize,
    /// Other numeric columns (e.g. elderly, rider activity), usable as a kind's demand weight.
    pub weights: Vec<WeightColumn>,
}

/// A numeric column of the residents file besides population, one value per resident (blank: 0).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeightColumn {
    /// Header or property name as the file spells it.
    pub name: String,
    /// Value of each resident, file order.
    pub values: Vec<f64>,
}

impl ResidentTable {
    /// Number of residents.
    pub fn len(&self) -> usize {
        self.lon.len()
    }

    /// Makes room for `n` more residents.
    pub fn reserve(&mut self, n: usize) {
        self.lon.reserve(n);
        self.lat.reserve(n);
        self.population.reserve(n);
        self.units.reserve(n);
        self.names.ends.reserve(n);
        self.ids.ends.reserve(n);
    }

    /// True when there are no residents.
    pub fn is_empty(&self) -> bool {
        self.lon.is_empty()
    }

    /// Appends one resident; `units` are its street, community and grid names (empty for none).
    pub fn push(&mut self, lon: f64, lat: f64, population: f64, units: [&str; 3], name: &str) {
        self.push_with_id(lon, lat, population, units, name, "");
    }

    /// [`ResidentTable::push`] with the resident's id in the file.
    pub fn push_with_id(
        &mut self,
        lon: f64,
        lat: f64,
        population: f64,
        units: [&str; 3],
        name: &str,
        id: &str,
    ) {
        self.ids.push(id);
        self.lon.push(lon);
        self.lat.push(lat);
        self.population.push(population);
        let u = self.admin.units_for(units[0], units[1], units[2]);
        self.units.push(u);
        self.names.push(name);
    }
}

/// A station read from a file, coordinates in WGS-84 degrees.
#[derive(Clone, Debug, PartialEq)]
pub struct StationRecord {
    /// Kind index in the plan's kind table.
    pub kind: KindIndex,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Name (may be empty: the engine then gives a default).
    pub name: String,
}

/// A candidate site read from a file: WGS-84 position, the file's id and name (empty if none).
#[derive(Clone, Debug, PartialEq)]
pub struct SiteRecord {
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// The file's id column (编号), empty when absent.
    pub id: String,
    /// The file's name column (名称), empty when absent.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_strings() {
        let mut p = PackedStrings::default();
        p.push("甲");
        p.push("");
        p.push("丙丁");
        assert_eq!((p.get(0), p.get(1), p.get(2)), ("甲", "", "丙丁"));
        let q = p.permuted(&[2, 0, 1]);
        assert_eq!((q.get(0), q.get(1), q.get(2)), ("丙丁", "甲", ""));
    }
}
