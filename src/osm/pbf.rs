//! OpenStreetMap PBF (`.osm.pbf`) reading: the blob framing, zlib, and the protobuf messages of
//! osmformat.proto that carry nodes (plain and dense), ways and relations. Written by hand over
//! `miniz_oxide` so that it runs in the browser with no system library.

use super::raw::{check_position, Member, Raw, MAX_MEMBERS, MAX_WAY_NODES};
use super::tags::Tags;
use crate::error::{ImportError, Location};

/// Largest blob header the format allows (OSM PBF specification: 64 KiB).
const MAX_HEADER: usize = 64 << 10;
/// Largest blob, compressed or inflated, the format allows (specification: 32 MiB).
const MAX_BLOCK: usize = 32 << 20;
/// A whole file may inflate to this many times its own size (real extracts inflate two to four
/// times), and always to at least [`MIN_INFLATE_BUDGET`].
const INFLATE_RATIO: usize = 8;
const MIN_INFLATE_BUDGET: usize = 4 << 20;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
}

fn bad(m: impl Into<String>, zh: impl Into<String>) -> ImportError {
    ImportError::new(Location::File, None, format!("OSM PBF: {}", m.into()))
        .zh(format!("OSM PBF：{}", zh.into()))
}

/// The Chinese for a file whose protobuf structure is broken (cut off, or not PBF).
const BROKEN: &str = "文件结构已损坏或不完整（不是完整的 OSM PBF 文件）";

/// A protobuf reader over one message.
struct Pb<'a> {
    buf: &'a [u8],
    pos: usize,
}

/// One field: its number and value (varint / fixed as u64, or bytes).
enum Value<'a> {
    Int(u64),
    Bytes(&'a [u8]),
}

impl<'a> Pb<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Pb { buf, pos: 0 }
    }

    fn varint(&mut self) -> Result<u64, ImportError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self
                .buf
                .get(self.pos)
                .ok_or_else(|| bad("truncated varint", BROKEN))?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(bad("varint too long", BROKEN))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ImportError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| bad("truncated field", BROKEN))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The next field, or none at the end.
    fn next(&mut self) -> Result<Option<(u32, Value<'a>)>, ImportError> {
        if self.pos >= self.buf.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let (field, wire) = ((key >> 3) as u32, key & 7);
        let v = match wire {
            0 => Value::Int(self.varint()?),
            1 => Value::Int(u64::from_le_bytes(
                self.take(8)?.try_into().expect("8 bytes"),
            )),
            2 => {
                let n = self.varint()? as usize;
                Value::Bytes(self.take(n)?)
            }
            5 => Value::Int(u64::from(u32::from_le_bytes(
                self.take(4)?.try_into().expect("4 bytes"),
            ))),
            w => return Err(bad(format!("unknown wire type {w}"), BROKEN)),
        };
        Ok(Some((field, v)))
    }
}

fn zigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A delta-coded packed field (zigzag deltas) as its running values.
fn deltas(v: &[u64]) -> Vec<i64> {
    let mut x = 0i64;
    v.iter()
        .map(|&d| {
            x += zigzag(d);
            x
        })
        .collect()
}

/// A repeated integer field, packed or not, appended to `out`.
fn ints(v: &Value, out: &mut Vec<u64>) -> Result<(), ImportError> {
    match v {
        Value::Int(x) => out.push(*x),
        Value::Bytes(b) => {
            let mut p = Pb::new(b);
            while p.pos < b.len() {
                out.push(p.varint()?);
            }
        }
    }
    Ok(())
}

fn bytes<'a>(v: &Value<'a>) -> Result<&'a [u8], ImportError> {
    match v {
        Value::Bytes(b) => Ok(b),
        Value::Int(_) => Err(bad("expected a length-delimited field", BROKEN)),
    }
}

fn int(v: &Value) -> Result<u64, ImportError> {
    match v {
        Value::Int(x) => Ok(*x),
        Value::Bytes(_) => Err(bad("expected a number", BROKEN)),
    }
}

/// Whether `data` starts like an OSM PBF file: a blob header length, then the header naming its
/// blob `OSMHeader` (or `OSMData`).
pub fn looks_like_pbf(data: &[u8]) -> bool {
    data.len() > 8
        && data[..2] == [0, 0]
        && data[4..data.len().min(24)]
            .windows(7)
            .any(|w| w == b"OSMHead" || w == b"OSMData")
}

/// Reads a whole `.osm.pbf` file; `progress(done, total)` after each data block. Blob headers,
/// blobs and inflated blocks are held to the format's limits, and the whole file may inflate to at
/// most [`INFLATE_RATIO`] times its size, so that a crafted file is refused before it exhausts
/// memory.
pub fn parse(data: &[u8], progress: &mut dyn FnMut(usize, usize)) -> Result<Raw, ImportError> {
    let mut raw = Raw::default();
    let mut pos = 0;
    let mut budget = (INFLATE_RATIO * data.len()).max(MIN_INFLATE_BUDGET);
    while pos < data.len() {
        let len = data
            .get(pos..pos + 4)
            .ok_or_else(|| bad("truncated blob header length", BROKEN))?;
        let len = u32::from_be_bytes(len.try_into().expect("4 bytes")) as usize;
        if len > MAX_HEADER {
            return Err(bad(
                format!("a blob header of {len} bytes at byte {pos} (the format allows 64 KiB): not an OSM PBF file, or a damaged one"),
                format!("第 {pos} 字节处的数据块头有 {len} 字节（格式最多 64 KiB）：不是 OSM PBF 文件，或文件已损坏"),
            ));
        }
        pos += 4;
        let header = data
            .get(pos..pos + len)
            .ok_or_else(|| bad("truncated blob header", BROKEN))?;
        pos += len;
        let (mut kind, mut size) = (&b""[..], 0usize);
        let mut p = Pb::new(header);
        while let Some((f, v)) = p.next()? {
            match f {
                1 => kind = bytes(&v)?,
                3 => size = int(&v)? as usize,
                _ => {}
            }
        }
        if size > MAX_BLOCK {
            return Err(bad(
                format!(
                    "a blob of {} at byte {pos} (the format allows 32 MB)",
                    mb(size)
                ),
                format!("第 {pos} 字节处的数据块有 {}（格式最多 32 MB）", mb(size)),
            ));
        }
        let blob = data
            .get(pos..pos + size)
            .ok_or_else(|| bad("truncated blob", BROKEN))?;
        pos += size;
        if kind != b"OSMData" {
            continue; // the OSMHeader (and any unknown blob type) carries no elements
        }
        let block = unpack(blob, &mut budget, data.len())?;
        read_block(&block, &mut raw)?;
        progress(pos, data.len());
    }
    Ok(raw)
}

/// The uncompressed bytes of a blob, taken from what is left of the file's `budget`.
fn unpack(blob: &[u8], budget: &mut usize, file_len: usize) -> Result<Vec<u8>, ImportError> {
    let mut p = Pb::new(blob);
    let mut raw_size = 0usize;
    let mut data: Option<(u32, &[u8])> = None;
    while let Some((f, v)) = p.next()? {
        match f {
            1 | 3 | 4 | 6 | 7 | 8 => data = Some((f, bytes(&v)?)),
            2 => raw_size = int(&v)? as usize,
            _ => {}
        }
    }
    match data {
        Some((1, b)) => Ok(b.to_vec()),
        Some((3, z)) => {
            if raw_size > MAX_BLOCK {
                return Err(bad(
                    format!(
                        "a block declares {} inflated (the format allows 32 MB)",
                        mb(raw_size)
                    ),
                    format!("有数据块声明解压后为 {}（格式最多 32 MB）", mb(raw_size)),
                ));
            }
            if raw_size > *budget {
                return Err(over_budget(file_len));
            }
            // The declared size is exact: a block inflating past it is refused where it passes.
            let limit = if raw_size == 0 {
                MAX_BLOCK.min(*budget)
            } else {
                raw_size
            };
            let out = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(z, limit).map_err(
                |e| match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => bad(
                        format!("a block inflates to more than the {} it declares: a damaged file, or a zip bomb", mb(limit)),
                        format!("有数据块解压后超过其声明的 {}：文件已损坏，或是压缩炸弹", mb(limit)),
                    ),
                    status => bad(
                        format!("zlib data does not inflate ({status:?})"),
                        format!("zlib 数据无法解压（{status:?}）：文件已损坏"),
                    ),
                },
            )?;
            *budget -= out.len().min(*budget);
            Ok(out)
        }
        Some((f, _)) => {
            let how = match f {
                4 => "lzma",
                6 => "bzip2",
                7 => "lz4",
                _ => "zstd",
            };
            Err(bad(
                format!("blob compressed with {how} is not supported (zlib or raw only)"),
                format!("不支持以 {how} 压缩的数据块（仅支持 zlib 或不压缩）：请用 osmium 等工具按 zlib 重新导出"),
            ))
        }
        None => Err(bad("blob without data", BROKEN)),
    }
}

fn over_budget(file_len: usize) -> ImportError {
    bad(
        format!(
            "the blocks inflate to more than {INFLATE_RATIO} times the file's {} (OSM extracts inflate two to four times): a damaged file, or a zip bomb",
            mb(file_len)
        ),
        format!(
            "数据块解压后超过文件 {} 的 {INFLATE_RATIO} 倍（OSM 数据一般为两到四倍）：文件已损坏，或是压缩炸弹",
            mb(file_len)
        ),
    )
}

fn tags(keys: &[u64], vals: &[u64], strings: &[String]) -> Result<Tags, ImportError> {
    keys.iter()
        .zip(vals)
        .map(|(&k, &v)| {
            let s = |i: u64| {
                strings
                    .get(i as usize)
                    .cloned()
                    .ok_or_else(|| bad("string index out of range", BROKEN))
            };
            Ok((s(k)?, s(v)?))
        })
        .collect()
}

fn read_block(block: &[u8], raw: &mut Raw) -> Result<(), ImportError> {
    let mut strings: Vec<String> = Vec::new();
    let mut groups: Vec<&[u8]> = Vec::new();
    let (mut gran, mut lat_off, mut lon_off) = (100i64, 0i64, 0i64);
    let mut p = Pb::new(block);
    while let Some((f, v)) = p.next()? {
        match f {
            1 => {
                let mut st = Pb::new(bytes(&v)?);
                while let Some((g, s)) = st.next()? {
                    if g == 1 {
                        strings.push(String::from_utf8_lossy(bytes(&s)?).into_owned());
                    }
                }
            }
            2 => groups.push(bytes(&v)?),
            17 => gran = int(&v)? as i64,
            19 => lat_off = int(&v)? as i64,
            20 => lon_off = int(&v)? as i64,
            _ => {}
        }
    }
    // In f64: a crafted granularity or offset must not overflow i64 (it is refused as off the
    // earth instead).
    let deg = |off: i64, v: i64| 1e-9 * (off as f64 + gran as f64 * v as f64);
    for g in groups {
        let mut p = Pb::new(g);
        while let Some((f, v)) = p.next()? {
            let msg = match &v {
                Value::Bytes(b) => *b,
                Value::Int(_) => continue,
            };
            match f {
                1 => {
                    // A plain node.
                    let (mut id, mut lat, mut lon) = (0i64, 0i64, 0i64);
                    let (mut keys, mut vals) = (Vec::new(), Vec::new());
                    let mut q = Pb::new(msg);
                    while let Some((h, w)) = q.next()? {
                        match h {
                            1 => id = zigzag(int(&w)?),
                            2 => ints(&w, &mut keys)?,
                            3 => ints(&w, &mut vals)?,
                            8 => lat = zigzag(int(&w)?),
                            9 => lon = zigzag(int(&w)?),
                            _ => {}
                        }
                    }
                    let at = check_position(id, deg(lon_off, lon), deg(lat_off, lat))?;
                    raw.nodes.insert(id, at);
                    let t = tags(&keys, &vals, &strings)?;
                    if !t.is_empty() {
                        raw.node_tags.push((id, t));
                    }
                }
                2 => {
                    // Dense nodes: delta-coded ids and coordinates, tags as k, v, …, 0 per node.
                    let (mut ids, mut lats, mut lons, mut kv) =
                        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                    let mut q = Pb::new(msg);
                    while let Some((h, w)) = q.next()? {
                        match h {
                            1 => ints(&w, &mut ids)?,
                            8 => ints(&w, &mut lats)?,
                            9 => ints(&w, &mut lons)?,
                            10 => ints(&w, &mut kv)?,
                            _ => {}
                        }
                    }
                    if lats.len() != ids.len() || lons.len() != ids.len() {
                        return Err(bad("dense nodes with unequal id/lat/lon counts", BROKEN));
                    }
                    let (ids, lats, lons) = (deltas(&ids), deltas(&lats), deltas(&lons));
                    let mut k = 0;
                    for i in 0..ids.len() {
                        let (id, lat, lon) = (ids[i], lats[i], lons[i]);
                        let at = check_position(id, deg(lon_off, lon), deg(lat_off, lat))?;
                        raw.nodes.insert(id, at);
                        let mut t = Tags::new();
                        while k < kv.len() && kv[k] != 0 {
                            let (key, val) = (
                                kv[k],
                                *kv.get(k + 1)
                                    .ok_or_else(|| bad("dense tag without a value", BROKEN))?,
                            );
                            t.push(tags(&[key], &[val], &strings)?.remove(0));
                            k += 2;
                        }
                        k += 1; // the 0 that ends this node's tags
                        if !t.is_empty() {
                            raw.node_tags.push((id, t));
                        }
                    }
                }
                3 => {
                    let mut id = 0i64;
                    let (mut keys, mut vals, mut refs) = (Vec::new(), Vec::new(), Vec::new());
                    let mut q = Pb::new(msg);
                    while let Some((h, w)) = q.next()? {
                        match h {
                            1 => id = int(&w)? as i64,
                            2 => ints(&w, &mut keys)?,
                            3 => ints(&w, &mut vals)?,
                            8 => ints(&w, &mut refs)?,
                            _ => {}
                        }
                    }
                    if refs.len() > MAX_WAY_NODES {
                        return Err(bad(
                            format!(
                                "way w{id} has {} nodes (OpenStreetMap allows 2,000 a way)",
                                refs.len()
                            ),
                            format!(
                                "路线 w{id} 有 {} 个节点（OpenStreetMap 每条路线最多 2,000 个）",
                                refs.len()
                            ),
                        ));
                    }
                    raw.ways
                        .push((id, deltas(&refs), tags(&keys, &vals, &strings)?));
                }
                4 => {
                    let mut id = 0i64;
                    let (mut keys, mut vals, mut roles, mut mems, mut types) =
                        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
                    let mut q = Pb::new(msg);
                    while let Some((h, w)) = q.next()? {
                        match h {
                            1 => id = int(&w)? as i64,
                            2 => ints(&w, &mut keys)?,
                            3 => ints(&w, &mut vals)?,
                            8 => ints(&w, &mut roles)?,
                            9 => ints(&w, &mut mems)?,
                            10 => ints(&w, &mut types)?,
                            _ => {}
                        }
                    }
                    if mems.len() > MAX_MEMBERS {
                        return Err(bad(
                            format!(
                                "relation r{id} has {} members (OpenStreetMap allows 32,000)",
                                mems.len()
                            ),
                            format!(
                                "关系 r{id} 有 {} 个成员（OpenStreetMap 最多 32,000 个）",
                                mems.len()
                            ),
                        ));
                    }
                    let members: Vec<Member> = deltas(&mems)
                        .into_iter()
                        .enumerate()
                        .map(|(i, m)| {
                            let kind = match types.get(i) {
                                Some(0) => "node",
                                Some(1) => "way",
                                _ => "relation",
                            };
                            let role = roles
                                .get(i)
                                .and_then(|&r| strings.get(r as usize))
                                .cloned()
                                .unwrap_or_default();
                            (kind.to_string(), m, role)
                        })
                        .collect();
                    raw.relations
                        .push((id, members, tags(&keys, &vals, &strings)?));
                }
                _ => {}
            }
        }
    }
    Ok(())
}
