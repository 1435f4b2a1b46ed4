//! A tiny OpenStreetMap PBF writer for tests: blobs (raw or zlib), primitive blocks with a string
//! table, dense nodes, ways and relations — enough to craft the hostile files the reader must refuse.

#![allow(dead_code)]

/// Appends a varint.
pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn key(out: &mut Vec<u8>, field: u32, wire: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire));
}

/// A length-delimited field.
pub fn bytes_field(out: &mut Vec<u8>, field: u32, b: &[u8]) {
    key(out, field, 2);
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// An integer field.
pub fn int_field(out: &mut Vec<u8>, field: u32, v: u64) {
    key(out, field, 0);
    varint(out, v);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// A packed field of varints.
pub fn packed(out: &mut Vec<u8>, field: u32, values: impl IntoIterator<Item = u64>) {
    let mut body = Vec::new();
    for v in values {
        varint(&mut body, v);
    }
    bytes_field(out, field, &body);
}

/// A packed field of zigzag deltas of `values`.
pub fn packed_deltas(out: &mut Vec<u8>, field: u32, values: &[i64]) {
    let mut prev = 0i64;
    packed(
        out,
        field,
        values.iter().map(|&v| {
            let d = zigzag(v - prev);
            prev = v;
            d
        }),
    );
}

/// A primitive block: string table, groups, granularity (nanodegrees; default 100).
#[derive(Default)]
pub struct Block {
    pub strings: Vec<String>,
    pub groups: Vec<Vec<u8>>,
    pub granularity: Option<u64>,
}

impl Block {
    /// The index of `s` in the string table (index 0 is the empty string).
    pub fn s(&mut self, s: &str) -> u64 {
        if self.strings.is_empty() {
            self.strings.push(String::new());
        }
        match self.strings.iter().position(|x| x == s) {
            Some(i) => i as u64,
            None => {
                self.strings.push(s.to_string());
                (self.strings.len() - 1) as u64
            }
        }
    }

    /// Dense nodes `(id, lon, lat)` (degrees, at granularity 100 unless set) without tags.
    pub fn nodes(&mut self, nodes: &[(i64, f64, f64)]) {
        let g = self.granularity.unwrap_or(100) as f64;
        let mut dense = Vec::new();
        let ids: Vec<i64> = nodes.iter().map(|n| n.0).collect();
        let lats: Vec<i64> = nodes
            .iter()
            .map(|n| (n.2 * 1e9 / g).round() as i64)
            .collect();
        let lons: Vec<i64> = nodes
            .iter()
            .map(|n| (n.1 * 1e9 / g).round() as i64)
            .collect();
        packed_deltas(&mut dense, 1, &ids);
        packed_deltas(&mut dense, 8, &lats);
        packed_deltas(&mut dense, 9, &lons);
        let mut group = Vec::new();
        bytes_field(&mut group, 2, &dense);
        self.groups.push(group);
    }

    /// A way with tags and node refs.
    pub fn way(&mut self, id: i64, tags: &[(&str, &str)], refs: &[i64]) {
        let mut w = Vec::new();
        int_field(&mut w, 1, id as u64);
        let (k, v): (Vec<u64>, Vec<u64>) = tags.iter().map(|(k, v)| (self.s(k), self.s(v))).unzip();
        packed(&mut w, 2, k);
        packed(&mut w, 3, v);
        packed_deltas(&mut w, 8, refs);
        let mut group = Vec::new();
        bytes_field(&mut group, 3, &w);
        self.groups.push(group);
    }

    /// A relation with tags and members `(type 0 node / 1 way / 2 relation, id, role)`.
    pub fn relation(&mut self, id: i64, tags: &[(&str, &str)], members: &[(u64, i64, &str)]) {
        let mut r = Vec::new();
        int_field(&mut r, 1, id as u64);
        let (k, v): (Vec<u64>, Vec<u64>) = tags.iter().map(|(k, v)| (self.s(k), self.s(v))).unzip();
        packed(&mut r, 2, k);
        packed(&mut r, 3, v);
        let roles: Vec<u64> = members.iter().map(|m| self.s(m.2)).collect();
        packed(&mut r, 8, roles);
        let ids: Vec<i64> = members.iter().map(|m| m.1).collect();
        packed_deltas(&mut r, 9, &ids);
        packed(&mut r, 10, members.iter().map(|m| m.0));
        let mut group = Vec::new();
        bytes_field(&mut group, 4, &r);
        self.groups.push(group);
    }

    /// The block's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut st = Vec::new();
        for s in &self.strings {
            bytes_field(&mut st, 1, s.as_bytes());
        }
        let mut out = Vec::new();
        bytes_field(&mut out, 1, &st);
        for g in &self.groups {
            bytes_field(&mut out, 2, g);
        }
        if let Some(g) = self.granularity {
            int_field(&mut out, 17, g);
        }
        out
    }
}

/// A blob of `data`, zlib-compressed (declaring `raw_size`, default the real size) or raw.
pub fn blob(kind: &str, data: &[u8], zlib: bool, raw_size: Option<u64>) -> Vec<u8> {
    let mut b = Vec::new();
    if zlib {
        int_field(&mut b, 2, raw_size.unwrap_or(data.len() as u64));
        bytes_field(
            &mut b,
            3,
            &miniz_oxide::deflate::compress_to_vec_zlib(data, 9),
        );
    } else {
        bytes_field(&mut b, 1, data);
    }
    let mut header = Vec::new();
    bytes_field(&mut header, 1, kind.as_bytes());
    int_field(&mut header, 3, b.len() as u64);
    let mut out = (header.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(&header);
    out.extend_from_slice(&b);
    out
}

/// A whole file: the OSMHeader and one data block.
pub fn file(block: &Block) -> Vec<u8> {
    let mut hb = Vec::new();
    bytes_field(&mut hb, 4, b"OsmSchema-V0.6");
    let mut out = blob("OSMHeader", &hb, false, None);
    out.extend(blob("OSMData", &block.encode(), true, None));
    out
}
