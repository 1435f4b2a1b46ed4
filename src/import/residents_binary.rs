//! Reads the binary residents block of `export::residents_binary` (an autosave, a project
//! file) back into a table, checking every count against the bytes there are before it allocates
//! and every value as the text readers do: a damaged or hostile block is refused, never trusted.

use super::limits::{grouped, MAX_COLUMNS, MAX_PEOPLE_PER_ROW, MAX_ROWS, MAX_WEIGHT};
use crate::admin::NO_UNIT;
use crate::error::{ImportError, Location};
use crate::tables::ResidentTable;

/// The first bytes of a binary residents block (the last is the format version).
pub const RESIDENTS_BLOCK_MAGIC: &[u8; 8] = b"LCRESID\x02";
const MAGIC: &[u8; 8] = RESIDENTS_BLOCK_MAGIC;

/// Whether `bytes` start like a binary residents block (of any version).
pub fn is_residents_binary(bytes: &[u8]) -> bool {
    bytes.len() >= MAGIC.len() && bytes[..MAGIC.len() - 1] == MAGIC[..MAGIC.len() - 1]
}

fn bad(message: impl Into<String>, zh: impl Into<String>) -> ImportError {
    ImportError::new(Location::File, None, message).zh(zh)
}

/// A part of the block in Chinese (a weight column keeps its own name).
fn zh(what: &str) -> &str {
    match what {
        "header" => "文件头",
        "longitude" => "经度",
        "latitude" => "纬度",
        "population" => "人口",
        "units" => "所属单位",
        "unit table" => "单位表",
        "unit name" => "单位名称",
        "names" => "名称",
        "ids" => "编号",
        "column name" => "列名",
        other => other,
    }
}

/// The Chinese for a part that cannot be damaged once its length was checked.
const DAMAGED: &str = "已损坏";

/// A cursor over the block that never reads past its end.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ImportError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| {
            bad(
                format!("is cut off in its {what} (a damaged save?)"),
                format!("在{}处被截断（保存的数据已损坏？）", zh(what)),
            )
        })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u64(&mut self, what: &str) -> Result<u64, ImportError> {
        Ok(u64::from_le_bytes(
            self.take(8, what)?
                .try_into()
                .map_err(|_| bad("bad count", DAMAGED))?,
        ))
    }
    fn u32(&mut self, what: &str) -> Result<u32, ImportError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?
                .try_into()
                .map_err(|_| bad("bad count", DAMAGED))?,
        ))
    }
    fn str(&mut self, what: &str) -> Result<&'a str, ImportError> {
        let n = self.u32(what)? as usize;
        std::str::from_utf8(self.take(n, what)?).map_err(|_| {
            bad(
                format!("has a {what} that is not UTF-8"),
                format!("{}不是 UTF-8 文本", zh(what)),
            )
        })
    }
    /// `n` packed strings (names, ids): their u32 end offsets and their UTF-8 text.
    fn packed(&mut self, n: usize, what: &str) -> Result<(&'a [u8], &'a str), ImportError> {
        let ends = self.take(n * 4, what)?;
        let len = self.u64(what)?;
        let text = self.take(
            usize::try_from(len).map_err(|_| bad(format!("bad {what}"), DAMAGED))?,
            what,
        )?;
        let text = std::str::from_utf8(text).map_err(|_| {
            bad(
                format!("has {what} that are not UTF-8"),
                format!("{}不是 UTF-8 文本", zh(what)),
            )
        })?;
        Ok((ends, text))
    }
    /// `n` f64 values, each checked by `ok`.
    fn f64s(
        &mut self,
        n: usize,
        what: &str,
        ok: impl Fn(f64) -> bool,
    ) -> Result<Vec<f64>, ImportError> {
        let raw = self.take(
            n.checked_mul(8).ok_or_else(|| bad("bad count", DAMAGED))?,
            what,
        )?;
        let mut out = Vec::with_capacity(n);
        for (i, c) in raw.chunks_exact(8).enumerate() {
            let v = f64::from_le_bytes(c.try_into().map_err(|_| bad("bad value", DAMAGED))?);
            if !ok(v) {
                return Err(bad(
                    format!("resident {} has {what} {v}, which is out of range", i + 1),
                    format!("第 {} 个居民点的{} {v} 超出范围", i + 1, zh(what)),
                ));
            }
            out.push(v);
        }
        Ok(out)
    }
}

/// Reads a binary residents block.
pub fn read_residents_binary(bytes: &[u8]) -> Result<ResidentTable, ImportError> {
    if !is_residents_binary(bytes) {
        return Err(bad(
            "is not a Lifecircle residents block",
            "不是 Lifecircle 居民数据块",
        ));
    }
    // Version 1 had no ids; 2 adds them after the weight columns.
    let version = bytes[MAGIC.len() - 1];
    if !(1..=MAGIC[MAGIC.len() - 1]).contains(&version) {
        let (theirs, ours) = (bytes[MAGIC.len() - 1], MAGIC[MAGIC.len() - 1]);
        return Err(bad(
            format!("is a residents block of version {theirs}, newer than this program reads ({ours}): update Lifecircle"),
            format!("是版本 {theirs} 的居民数据块，比本程序能读的（{ours}）更新：请更新 Lifecircle"),
        ));
    }
    let mut c = Cursor {
        bytes,
        at: MAGIC.len(),
    };
    let n = c.u64("header")?;
    let units = c.u64("header")?;
    let weights = c.u64("header")?;
    let estimated = c.u64("header")?;
    // Counts are checked against the limits and the bytes left before anything is allocated.
    let left = (bytes.len() - c.at) as u64;
    if n > MAX_ROWS as u64 || n.saturating_mul(40) > left {
        return Err(bad(
            format!(
                "says it holds {n} residents (at most {}, and the bytes there are)",
                grouped(MAX_ROWS)
            ),
            format!(
                "声称含 {n} 个居民点（最多 {} 个，且不能超过数据的字节数）",
                grouped(MAX_ROWS)
            ),
        ));
    }
    if units > 3 * n
        || units.saturating_mul(5) > left
        || weights > MAX_COLUMNS as u64
        || estimated > n
    {
        return Err(bad(
            "has a damaged header (unit, column or estimate counts)",
            "文件头已损坏（单位、列或估算的数目）",
        ));
    }
    let (n, units, weights) = (n as usize, units as usize, weights as usize);
    let lon = c.f64s(n, "longitude", |v| v.is_finite() && v.abs() <= 180.0)?;
    let lat = c.f64s(n, "latitude", |v| v.is_finite() && v.abs() <= 90.0)?;
    let pop = c.f64s(n, "population", |v| (0.0..=MAX_PEOPLE_PER_ROW).contains(&v))?;
    let idx = c.take(n * 12, "units")?;
    let mut table_units = Vec::with_capacity(units);
    for _ in 0..units {
        let level = c.take(1, "unit table")?[0];
        if level > 2 {
            return Err(bad("has a unit of an unknown level", "含有未知层级的单位"));
        }
        table_units.push((level, c.str("unit name")?));
    }
    let (ends, text) = c.packed(n, "names")?;
    let mut table = ResidentTable::default();
    table.reserve(n);
    let mut start = 0usize;
    for i in 0..n {
        let mut names = [""; 3];
        for (level, name) in names.iter_mut().enumerate() {
            let at = 12 * i + 4 * level;
            let u = u32::from_le_bytes(
                idx[at..at + 4]
                    .try_into()
                    .map_err(|_| bad("bad unit", DAMAGED))?,
            );
            if u != NO_UNIT {
                match table_units.get(u as usize) {
                    Some(&(l, s)) if usize::from(l) == level => *name = s,
                    _ => {
                        return Err(bad(
                            format!("resident {} names a unit that is not in its table", i + 1),
                            format!("第 {} 个居民点所属的单位不在单位表中", i + 1),
                        ))
                    }
                }
            }
        }
        let end = u32::from_le_bytes(
            ends[4 * i..4 * i + 4]
                .try_into()
                .map_err(|_| bad("bad name", DAMAGED))?,
        ) as usize;
        let name = text.get(start..end).ok_or_else(|| {
            bad(
                format!("resident {} has a damaged name", i + 1),
                format!("第 {} 个居民点的名称已损坏", i + 1),
            )
        })?;
        start = end;
        table.push(lon[i], lat[i], pop[i], names, name);
    }
    for _ in 0..weights {
        let name = c.str("column name")?.to_string();
        let values = c.f64s(n, &name, |v| (0.0..=MAX_WEIGHT).contains(&v))?;
        table
            .weights
            .push(crate::tables::WeightColumn { name, values });
    }
    if version >= 2 {
        let (ends, text) = c.packed(n, "ids")?;
        let mut ids = crate::tables::PackedStrings::default();
        let mut start = 0usize;
        for (i, e) in ends.chunks_exact(4).enumerate() {
            let end = u32::from_le_bytes([e[0], e[1], e[2], e[3]]) as usize;
            let id = text.get(start..end).ok_or_else(|| {
                bad(
                    format!("resident {} has a damaged id", i + 1),
                    format!("第 {} 个居民点的编号已损坏", i + 1),
                )
            })?;
            ids.push(id);
            start = end;
        }
        table.ids = ids;
    }
    if c.at != bytes.len() {
        return Err(bad(
            "has bytes after its end (a damaged save?)",
            "结尾之后还有多余的字节（保存的数据已损坏？）",
        ));
    }
    table.estimated = estimated as usize;
    Ok(table)
}
