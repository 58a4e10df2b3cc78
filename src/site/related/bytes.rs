//! Sixteen bytes of text classified at once for the tokenizer: which are
//! word bytes (ASCII letters and digits, and every byte of a multi-byte
//! character), which are digits or non-ASCII, and the bytes in ASCII
//! lowercase. Scanning words a byte at a time was most of the related
//! stage's tokenizing.

/// Bit `i` describes byte `i` of the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub word: u32,
    pub digit: u32,
    pub non_ascii: u32,
    /// The bytes with `A`-`Z` lowercased.
    pub lower: [u8; 16],
}

/// The 16 bytes of `text` from `at`, padded with spaces past its end.
pub fn load(text: &[u8], at: usize) -> [u8; 16] {
    match text.get(at..at + 16) {
        Some(s) => s.try_into().unwrap_or([b' '; 16]),
        None => {
            let mut block = [b' '; 16];
            let rest = text.get(at..).unwrap_or_default();
            block[..rest.len()].copy_from_slice(rest);
            block
        }
    }
}

#[cfg(target_arch = "x86_64")]
pub fn classify(block: [u8; 16]) -> Block {
    // SAFETY: SSE2 is part of the x86-64 baseline; every x86-64 processor
    // runs these instructions.
    unsafe { classify_sse2(block) }
}

#[cfg(not(target_arch = "x86_64"))]
pub fn classify(block: [u8; 16]) -> Block {
    classify_bytes(block)
}

/// Lanes of `v` between `lo` and `hi` (ASCII, inclusive). Signed compares:
/// bytes from 0x80 up are negative, so never in an ASCII range.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn between(v: std::arch::x86_64::__m128i, lo: u8, hi: u8) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{_mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_set1_epi8};
    let above = _mm_cmpgt_epi8(v, _mm_set1_epi8((lo - 1) as i8));
    let below = _mm_cmplt_epi8(v, _mm_set1_epi8((hi + 1) as i8));
    _mm_and_si128(above, below)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn classify_sse2(block: [u8; 16]) -> Block {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cvtsi128_si64, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8, _mm_unpackhi_epi64,
    };
    let half = |at: usize| i64::from_le_bytes(block[at..at + 8].try_into().unwrap_or_default());
    let v = _mm_set_epi64x(half(8), half(0));
    let upper = between(v, b'A', b'Z');
    let letter = _mm_or_si128(upper, between(v, b'a', b'z'));
    let digit = between(v, b'0', b'9');
    let non_ascii = _mm_movemask_epi8(v) as u32;
    let lower = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&_mm_cvtsi128_si64(lower).to_le_bytes());
    bytes[8..].copy_from_slice(&_mm_cvtsi128_si64(_mm_unpackhi_epi64(lower, lower)).to_le_bytes());
    Block {
        word: _mm_movemask_epi8(_mm_or_si128(letter, digit)) as u32 | non_ascii,
        digit: _mm_movemask_epi8(digit) as u32,
        non_ascii,
        lower: bytes,
    }
}

/// `classify` a byte at a time: the portable version, and the reference
/// the vector one is tested against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_bytes(block: [u8; 16]) -> Block {
    let mut out = Block {
        word: 0,
        digit: 0,
        non_ascii: 0,
        lower: block.map(|c| c.to_ascii_lowercase()),
    };
    for (i, &c) in block.iter().enumerate() {
        let bit = 1 << i;
        if c.is_ascii_alphanumeric() || c >= 0x80 {
            out.word |= bit;
        }
        if c.is_ascii_digit() {
            out.digit |= bit;
        }
        if c >= 0x80 {
            out.non_ascii |= bit;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_pads_past_the_end() {
        assert_eq!(&load(b"abc", 1)[..4], b"bc  ");
        assert_eq!(load(b"abc", 3), [b' '; 16]);
        assert_eq!(load(b"abc", 9), [b' '; 16]);
    }

    proptest::proptest! {
        #[test]
        fn classify_matches_the_byte_version(block in proptest::array::uniform16(0u8..)) {
            proptest::prop_assert_eq!(classify(block), classify_bytes(block));
        }
    }
}
