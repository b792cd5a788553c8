//! NumPy `.npy` files (format version 1.0) for arrays of `f64`, so that
//! results load with `numpy.load` without any parsing.
//!
//! # Format
//! ```text
//! \x93NUMPY  1 0  HLEN (u16, little-endian)  HEADER  DATA
//! HEADER = "{'descr': '<f8', 'fortran_order': False, 'shape': (n, m), }"
//!          + spaces + "\n",   so that 10 + HLEN ≡ 0 (mod 64)
//! DATA   = the values as little-endian IEEE-754 binary64, C (row-major) order
//! ```
//! A 1-D shape is written `(n,)`, a 0-D one `()`. The padding rule is the
//! one of NumPy's own writer (`numpy/lib/format.py`, `_wrap_header`): at
//! least one space, so a header that is already aligned gets 64 more bytes.
//!
//! # References
//! NumPy Enhancement Proposal 1, *A simple file format for NumPy arrays*;
//! <https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html>.

use anyhow::{Result, bail};

/// The magic string, including the format version 1.0.
const MAGIC: &[u8; 8] = b"\x93NUMPY\x01\x00";

/// Data (and hence the header) is aligned to this many bytes.
const ALIGN: usize = 64;

/// The NumPy header dictionary of a C-ordered little-endian `f64` array.
fn header_dict(shape: &[usize]) -> String {
    let dims = match shape {
        [] => "()".to_owned(),
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {dims}, }}")
}

/// The bytes of a `.npy` file holding `data` with the given `shape`
/// (row-major: the last index varies fastest).
///
/// # Errors
/// If the product of `shape` is not `data.len()`, or the header would not
/// fit the 16-bit length field of format 1.0 (more than ~6500 axes).
pub fn encode(shape: &[usize], data: &[f64]) -> Result<Vec<u8>> {
    let count = shape
        .iter()
        .try_fold(1usize, |a, &b| a.checked_mul(b))
        .unwrap_or(usize::MAX);
    if count != data.len() {
        bail!(
            ".npy: shape {shape:?} holds {count} values but {} were given",
            data.len()
        );
    }
    let dict = header_dict(shape);
    // Magic (8) + length field (2) + dict + at least one space... + '\n'.
    let unpadded = MAGIC.len() + 2 + dict.len() + 1;
    let pad = ALIGN - unpadded % ALIGN;
    let hlen = dict.len() + pad + 1;
    let Ok(hlen16) = u16::try_from(hlen) else {
        bail!(".npy: header of {hlen} bytes does not fit format 1.0");
    };
    let mut out = Vec::with_capacity(MAGIC.len() + 2 + hlen + 8 * data.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&hlen16.to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out.resize(out.len() + pad, b' ');
    out.push(b'\n');
    for v in data {
        out.extend_from_slice(&v.to_le_bytes());
    }
    Ok(out)
}

/// Reads back a `.npy` file written by [`encode`] (format 1.0, `<f8`, C
/// order): its shape and values.
///
/// # Errors
/// Any other dtype, order or version, a malformed header, or a data size
/// that does not match the shape — a one-line message.
pub fn decode(bytes: &[u8]) -> Result<(Vec<usize>, Vec<f64>)> {
    if bytes.len() < 10 || &bytes[..8] != MAGIC {
        bail!(".npy: not a format-1.0 NumPy file");
    }
    let hlen = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    let Some(header) = bytes.get(10..10 + hlen) else {
        bail!(".npy: truncated header");
    };
    let header = std::str::from_utf8(header)?;
    if !header.contains("'descr': '<f8'") || !header.contains("'fortran_order': False") {
        bail!(".npy: only little-endian f64 in C order is read (header {header:?})");
    }
    let shape_text = header
        .split_once("'shape': (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(dims, _)| dims)
        .ok_or_else(|| anyhow::anyhow!(".npy: no shape in header {header:?}"))?;
    let shape = shape_text
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::parse::<usize>)
        .collect::<Result<Vec<_>, _>>()?;
    let data = &bytes[10 + hlen..];
    let count = shape.iter().product::<usize>();
    if data.len() != 8 * count {
        bail!(
            ".npy: shape {shape:?} needs {} data bytes, the file has {}",
            8 * count,
            data.len()
        );
    }
    let values = data
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("chunks of 8")))
        .collect();
    Ok((shape, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_bytes_follow_the_spec_exactly() {
        let bytes = encode(&[3, 2], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        let dict = b"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }";
        // 8 magic + 2 length + 59 dict + '\n' = 70 → 58 spaces pad it to 128.
        assert_eq!(dict.len(), 59);
        let mut expected = b"\x93NUMPY\x01\x00".to_vec();
        expected.extend_from_slice(&118u16.to_le_bytes());
        expected.extend_from_slice(dict);
        expected.extend(std::iter::repeat_n(b' ', 58));
        expected.push(b'\n');
        assert_eq!(&bytes[..128], &expected[..]);
        assert_eq!(bytes.len(), 128 + 6 * 8);
        // Little-endian binary64, row-major.
        assert_eq!(&bytes[128..136], &1.0f64.to_le_bytes());
        assert_eq!(&bytes[136..144], &[0, 0, 0, 0, 0, 0, 0, 0x40]); // 2.0
        assert_eq!(&bytes[168..176], &6.0f64.to_le_bytes());
    }

    #[test]
    fn one_and_zero_dimensional_shapes_and_alignment() {
        let v = encode(&[4], &[0.5; 4]).unwrap();
        let h = String::from_utf8_lossy(&v[10..]);
        assert!(h.starts_with("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }"));
        let s = encode(&[], &[7.0]).unwrap();
        assert!(String::from_utf8_lossy(&s[10..]).contains("'shape': (), }"));
        for shape in [vec![0], vec![1], vec![10, 1000, 3], vec![123_456_789, 0]] {
            let n = shape.iter().product::<usize>();
            let b = encode(&shape, &vec![1.0; n]).unwrap();
            let hlen = u16::from_le_bytes([b[8], b[9]]) as usize;
            assert_eq!((10 + hlen) % 64, 0, "{shape:?}");
            assert_eq!(b[9 + hlen], b'\n');
            assert_eq!(b.len(), 10 + hlen + 8 * n);
        }
    }

    #[test]
    fn bit_patterns_survive_and_mismatched_shapes_are_rejected() {
        let vals = [f64::NAN, -0.0, f64::INFINITY, f64::MIN_POSITIVE / 3.0];
        let b = encode(&[2, 2], &vals).unwrap();
        for (k, v) in vals.iter().enumerate() {
            let at = b.len() - 8 * (4 - k);
            let got = f64::from_le_bytes(b[at..at + 8].try_into().unwrap());
            assert_eq!(got.to_bits(), v.to_bits());
        }
        let (shape, back) = decode(&b).unwrap();
        assert_eq!(shape, vec![2, 2]);
        assert!(
            back.iter()
                .zip(&vals)
                .all(|(a, v)| a.to_bits() == v.to_bits())
        );
        for shape in [vec![], vec![3], vec![2, 0, 5]] {
            let n = shape.iter().product::<usize>();
            let data: Vec<f64> = (0..n).map(|k| k as f64 * 0.1).collect();
            assert_eq!(
                decode(&encode(&shape, &data).unwrap()).unwrap(),
                (shape, data)
            );
        }
        assert!(decode(&b[..b.len() - 1]).is_err());
        assert!(decode(b"not numpy").is_err());
        let e = encode(&[2, 3], &[1.0; 5]).unwrap_err().to_string();
        assert!(e.contains("[2, 3]") && e.contains('5'), "{e}");
    }
}
