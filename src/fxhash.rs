//! A fast non-cryptographic hasher (the multiply-rotate of rustc's FxHash) for the engine's own
//! maps: vertex merging hashes a million coordinate keys and residents' units a hundred
//! thousand names, where the default SipHash costs several times more, above all in wasm.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash state.
#[derive(Default)]
pub struct Fx(u64);

/// Builds [`Fx`] hashers, for `HashMap<K, V, FxBuild>`.
pub type FxBuild = BuildHasherDefault<Fx>;

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.write_u64(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        for &b in words.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }
}
