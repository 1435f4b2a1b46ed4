//! OpenStreetMap XML (`.osm`) reading into the raw elements.

use super::raw::{check_position, Member, Raw, MAX_MEMBERS, MAX_WAY_NODES};
use super::tags::Tags;
use crate::error::{ImportError, Location};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Reads OSM XML; `progress(done, total)` every quarter megabyte.
pub fn parse(text: &str, progress: &mut dyn FnMut(usize, usize)) -> Result<Raw, ImportError> {
    const STEP: usize = 1 << 18;
    let mut reported = 0;
    let mut reader = Reader::from_str(text);
    let mut raw = Raw::default();
    // The element being read: 'n', 'w' or 'r', its id, tags, refs and members.
    let mut current: Option<(u8, i64)> = None;
    let mut tags: Tags = Vec::new();
    let mut refs: Vec<i64> = Vec::new();
    let mut members: Vec<Member> = Vec::new();
    let err = |pos: u64, m: String, zh: String| {
        ImportError::new(Location::File, None, format!("OSM XML at byte {pos}: {m}"))
            .zh(format!("OSM XML 第 {pos} 字节处：{zh}"))
    };
    let id_of = |e: &BytesStart, pos: u64| -> Result<i64, ImportError> {
        attr(e, b"id").and_then(|v| v.parse().ok()).ok_or_else(|| {
            err(
                pos,
                "an element without a numeric id".into(),
                "有元素缺少数字编号 id".into(),
            )
        })
    };
    loop {
        let pos = reader.buffer_position();
        if pos as usize >= reported + STEP {
            reported = pos as usize;
            progress(reported, text.len());
        }
        let ev = reader.read_event().map_err(|e| {
            err(
                pos,
                e.to_string(),
                format!("XML 格式错误，文件可能不完整或已损坏（{e}）"),
            )
        })?;
        let (e, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(e) => {
                let name = e.name();
                let kind = match name.as_ref() {
                    b"node" => b'n',
                    b"way" => b'w',
                    b"relation" => b'r',
                    _ => 0,
                };
                if kind != 0 {
                    finish(&mut raw, current.take(), &mut tags, &mut refs, &mut members);
                }
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(e) = e else { continue };
        match e.name().as_ref() {
            b"node" => {
                let id = id_of(&e, pos)?;
                let lat = attr(&e, b"lat").and_then(|v| v.parse::<f64>().ok());
                let lon = attr(&e, b"lon").and_then(|v| v.parse::<f64>().ok());
                let (Some(lat), Some(lon)) = (lat, lon) else {
                    return Err(err(
                        pos,
                        format!("node {id} has no lat/lon"),
                        format!("节点 {id} 没有经纬度（lat/lon）"),
                    ));
                };
                let at = check_position(id, lon, lat).map_err(|e| {
                    let zh = e.message_zh.clone().unwrap_or_else(|| e.message.clone());
                    err(pos, e.message, zh)
                })?;
                raw.nodes.insert(id, at);
                current = Some((b'n', id));
                if empty {
                    finish(&mut raw, current.take(), &mut tags, &mut refs, &mut members);
                }
            }
            b"way" | b"relation" => {
                let id = id_of(&e, pos)?;
                current = Some((
                    if e.name().as_ref() == b"way" {
                        b'w'
                    } else {
                        b'r'
                    },
                    id,
                ));
                if empty {
                    finish(&mut raw, current.take(), &mut tags, &mut refs, &mut members);
                }
            }
            b"tag" if current.is_some() => {
                if let (Some(k), Some(v)) = (attr(&e, b"k"), attr(&e, b"v")) {
                    tags.push((k, v));
                }
            }
            b"nd" if current.is_some() => {
                if let Some(r) = attr(&e, b"ref").and_then(|v| v.parse().ok()) {
                    if refs.len() == MAX_WAY_NODES {
                        let id = current.map_or(0, |c| c.1);
                        return Err(err(
                            pos,
                            format!("way w{id} has more than 2,000 nodes (OpenStreetMap allows 2,000 a way)"),
                            format!("路线 w{id} 的节点超过 2,000 个（OpenStreetMap 每条路线最多 2,000 个）"),
                        ));
                    }
                    refs.push(r);
                }
            }
            b"member" if current.is_some() => {
                let t = attr(&e, b"type").unwrap_or_default();
                let r = attr(&e, b"ref").and_then(|v| v.parse().ok());
                if let Some(r) = r {
                    if members.len() == MAX_MEMBERS {
                        let id = current.map_or(0, |c| c.1);
                        return Err(err(
                            pos,
                            format!("relation r{id} has more than 32,000 members (OpenStreetMap allows 32,000)"),
                            format!("关系 r{id} 的成员超过 32,000 个（OpenStreetMap 最多 32,000 个）"),
                        ));
                    }
                    members.push((t, r, attr(&e, b"role").unwrap_or_default()));
                }
            }
            _ => {}
        }
    }
    Ok(raw)
}

fn finish(
    raw: &mut Raw,
    current: Option<(u8, i64)>,
    tags: &mut Tags,
    refs: &mut Vec<i64>,
    members: &mut Vec<Member>,
) {
    let t = std::mem::take(tags);
    let r = std::mem::take(refs);
    let m = std::mem::take(members);
    match current {
        Some((b'n', id)) if !t.is_empty() => raw.node_tags.push((id, t)),
        Some((b'w', id)) => raw.ways.push((id, r, t)),
        Some((b'r', id)) => raw.relations.push((id, m, t)),
        _ => {}
    }
}
