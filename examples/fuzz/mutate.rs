//! Mutations of a seed file: bit flips, interesting bytes and tokens, cut, repeat and splice, as a
//! seeded generator so every case can be made again from (seed, case number).

use lifecircle::demo::Rng;

/// Largest input a mutation may make.
pub const MAX_INPUT: usize = 8 << 20;

/// Tokens hostile files are made of: numbers at the edges, markup, encodings, separators.
const TOKENS: &[&[u8]] = &[
    b"NaN",
    b"nan",
    b"Infinity",
    b"-inf",
    b"1e308",
    b"-1e308",
    b"1e-320",
    b"-0",
    b"0",
    b"91",
    b"-91",
    b"181",
    b"90",
    b"180",
    b"99999999999999999999",
    b"4294967296",
    b"-2147483649",
    b"0x1F",
    b"1,234",
    b"\"",
    b"\"\"",
    b",",
    b"\t",
    b";",
    b"\r\n",
    b"\n",
    b"\r",
    b"null",
    b"true",
    b"[]",
    b"{}",
    b"[[",
    b"]]",
    b"{\"type\":\"Feature\"}",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\xE4\xBA",
    b"\xB9\xFA",
    b"\x00",
    "人口".as_bytes(),
    "经度".as_bytes(),
    "纬度".as_bytes(),
    "户数".as_bytes(),
    "类型".as_bytes(),
    "红蜂驿站".as_bytes(),
    "操作".as_bytes(),
    "删除".as_bytes(),
    b"<",
    b">",
    b"/>",
    b"&amp;",
    b"&#0;",
    b"]]>",
    b"<!--",
    b"<node id=\"1\" lat=\"NaN\" lon=\"1e9\"/>",
    b"<nd ref=\"1\"/>",
    b"<member type=\"way\" ref=\"1\" role=\"outer\"/>",
    b"<tag k=\"building\" v=\"yes\"/>",
    b"<tag k=\"building:levels\" v=\"1e9\"/>",
    b"\"coordinates\":[1e308,-1e308]",
    b"\"type\":\"MultiPolygon\"",
    b"\"population\":1e308",
    b"__proto__",
    b"constructor",
    b"<script>alert(1)</script>",
];

/// A seeded generator of mutated inputs.
pub struct Mutator {
    rng: Rng,
}

impl Mutator {
    /// The mutator of case `case` of run `seed`.
    pub fn new(seed: u64, case: u64) -> Mutator {
        Mutator {
            rng: Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ case),
        }
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.rng.below(n)
        }
    }

    /// 1 to 4 stacked mutations of `seed`; `other` is a second corpus entry to splice from.
    pub fn mutate(&mut self, seed: &[u8], other: &[u8]) -> Vec<u8> {
        let mut b = seed.to_vec();
        for _ in 0..1 + self.below(4) {
            self.once(&mut b, other);
            if b.len() > MAX_INPUT {
                b.truncate(MAX_INPUT);
            }
        }
        b
    }

    fn span(&mut self, len: usize) -> (usize, usize) {
        let start = self.below(len + 1);
        let n = [1, 2, 4, 8, 64, 512][self.below(6)].min(len - start);
        (start, start + n)
    }

    fn once(&mut self, b: &mut Vec<u8>, other: &[u8]) {
        let len = b.len();
        match self.below(11) {
            0 if len > 0 => {
                let i = self.below(len);
                b[i] ^= 1 << self.below(8);
            }
            1 if len > 0 => {
                let i = self.below(len);
                b[i] = [
                    0, 0xFF, b'"', b',', b'\n', b'{', b'}', b'[', b']', b'-', b'.', b'e', b'9',
                    0x80, b'<',
                ][self.below(15)];
            }
            2 => {
                let (s, e) = self.span(len);
                b.drain(s..e);
            }
            3 => {
                let (s, e) = self.span(len);
                let piece = b[s..e].to_vec();
                let at = self.below(b.len() + 1);
                b.splice(at..at, piece);
            }
            4 => {
                let t = TOKENS[self.below(TOKENS.len())];
                let at = self.below(len + 1);
                b.splice(at..at, t.iter().copied());
            }
            5 if len > 0 => {
                let at = self.below(len);
                b.truncate(at);
            }
            6 => self.replace_number(b),
            7 => self.repeat_line(b),
            8 if !other.is_empty() => {
                let (s, e) = (self.below(other.len()), self.below(other.len()));
                let (s, e) = (s.min(e), s.max(e));
                let at = self.below(len + 1);
                let cut = (at + self.below(len - at + 1)).min(len);
                b.splice(at..cut, other[s..e].iter().copied());
            }
            9 => {
                // A token over a field: from a random position to the next separator.
                let at = self.below(len + 1);
                let end = b[at..]
                    .iter()
                    .position(|c| b",\t\n\"<> ".contains(c))
                    .map_or(len, |p| at + p);
                let t = TOKENS[self.below(TOKENS.len())];
                b.splice(at..end, t.iter().copied());
            }
            _ => {
                let (s, e) = self.span(len);
                b[s..e].reverse();
            }
        }
    }

    /// Replaces one run of digits with a token number.
    fn replace_number(&mut self, b: &mut Vec<u8>) {
        if b.is_empty() {
            return;
        }
        let from = self.below(b.len());
        let Some(s) = b[from..]
            .iter()
            .position(u8::is_ascii_digit)
            .map(|p| from + p)
        else {
            return;
        };
        let e = b[s..]
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == b'.'))
            .map_or(b.len(), |p| s + p);
        let t = TOKENS[self.below(20)];
        b.splice(s..e, t.iter().copied());
    }

    /// Repeats one line (or one chunk of a file without lines) up to thousands of times.
    fn repeat_line(&mut self, b: &mut Vec<u8>) {
        if b.is_empty() {
            return;
        }
        let at = self.below(b.len());
        let s = b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let e = b[at..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| at + p + 1);
        let line = b[s..e].to_vec();
        let times = [2, 10, 100, 5000][self.below(4)].min(MAX_INPUT / line.len().max(1) / 2);
        let mut rep = Vec::with_capacity(line.len() * times);
        for _ in 0..times {
            rep.extend_from_slice(&line);
        }
        b.splice(e..e, rep);
    }
}
