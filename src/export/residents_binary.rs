//! The residents as one compact binary block (typed columns, file order): what the app's autosave
//! and project files keep, and [`crate::import::read_residents`] reads back exactly.
//!
//! Layout, little-endian: the magic `LCRESID` + version byte 2; counts (residents, units, weight
//! columns, estimated) as u64; longitude, latitude and population as f64 columns; each resident's
//! street, community and grid as u32 indices into the unit table (`u32::MAX`: none); the unit
//! table (level byte, name); the names (u32 end offsets, then the UTF-8 text); each weight column
//! (name, f64 values); the file's ids (u32 end offsets, u64 text length, the UTF-8 text; version 2
//! — version 1 had none and is still read). A string is a u32 byte length and its UTF-8 bytes.

use crate::engine::Planner;
use crate::import::RESIDENTS_BLOCK_MAGIC as MAGIC;

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Strings packed as the block keeps them: u32 end offsets, the u64 text length, the UTF-8 text.
fn put_packed(out: &mut Vec<u8>, strs: &[&str]) {
    let mut end = 0u32;
    for s in strs {
        end += s.len() as u32;
        out.extend_from_slice(&end.to_le_bytes());
    }
    let len: usize = strs.iter().map(|s| s.len()).sum();
    out.extend_from_slice(&(len as u64).to_le_bytes());
    for s in strs {
        out.extend_from_slice(s.as_bytes());
    }
}

fn put_f64s(out: &mut Vec<u8>, v: impl IntoIterator<Item = f64>) {
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

/// The plan's residents as a binary block; `estimated` is how many populations were estimated.
pub fn residents_binary(plan: &Planner, estimated: usize) -> Vec<u8> {
    let n = plan.resident_count();
    let coords = plan.resident_coordinates();
    let pop = plan.resident_population();
    let admin = plan.admin().all();
    let weights: Vec<_> = plan.weight_column_data().collect();
    let names: Vec<&str> = (0..n).map(|i| plan.resident_name(i)).collect();
    let text_len: usize = names.iter().map(|s| s.len()).sum();
    let mut out = Vec::with_capacity(64 + n * (3 * 8 + 3 * 4 + 4 + 8 * weights.len()) + text_len);
    out.extend_from_slice(MAGIC);
    for count in [n, admin.len(), weights.len(), estimated] {
        out.extend_from_slice(&(count as u64).to_le_bytes());
    }
    put_f64s(&mut out, (0..n).map(|i| coords[2 * i]));
    put_f64s(&mut out, (0..n).map(|i| coords[2 * i + 1]));
    put_f64s(&mut out, pop.iter().copied());
    for i in 0..n {
        for u in plan.resident_units(i) {
            out.extend_from_slice(&u.to_le_bytes());
        }
    }
    for unit in admin {
        out.push(unit.level as u8);
        put_str(&mut out, &unit.name);
    }
    put_packed(&mut out, &names);
    for w in weights {
        put_str(&mut out, &w.name);
        put_f64s(&mut out, w.values.iter().copied());
    }
    let ids: Vec<&str> = (0..n).map(|i| plan.resident_id(i)).collect();
    put_packed(&mut out, &ids);
    out
}
