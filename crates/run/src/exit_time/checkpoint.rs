//! Exit-time chunks as checkpoint blocks (`exit-time --out D --resume`).
//!
//! A chunk's outcomes ([`ExitChunk`]) are stored exactly: per chunk, the
//! JSON holds the dimension and each path's boundary id (`-1`: censored);
//! the block's floats hold, path by path, the exit time and the exit point
//! of an exited path, or the horizon of a censored one — discrete outcomes
//! first, then (paired runs) the bridged ones. The decoder reads them back
//! to the bit ([`crate::output::checkpoint`]) and refuses anything
//! inconsistent (the block is then recomputed).

use anyhow::{Context, bail};
use serde_json::{Value, json};
use sgdpde_sde::{ExitChunk, Outcome};

use crate::output::checkpoint::Block;

/// The boundary ids of `outcomes` (`-1` censored), their floats appended
/// to `floats`, and the exit points' dimension (0 if none exited).
fn encode_outcomes(outcomes: &[Outcome], floats: &mut Vec<f64>) -> (Vec<i64>, usize) {
    let mut dim = 0;
    let ids = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Exited { t, point, boundary } => {
                dim = point.len();
                floats.push(*t);
                floats.extend_from_slice(point);
                i64::try_from(*boundary).unwrap_or(i64::MAX)
            }
            Outcome::Censored { t_max } => {
                floats.push(*t_max);
                -1
            }
        })
        .collect();
    (ids, dim)
}

/// A block's chunks as checkpoint data.
pub fn encode(chunks: &[ExitChunk]) -> Block {
    let mut floats = Vec::new();
    let chunks = chunks
        .iter()
        .map(|c| {
            let (ids, dim) = encode_outcomes(&c.outcomes, &mut floats);
            let bridged = c.bridged.as_ref().map(|b| {
                let (ids, d) = encode_outcomes(b, &mut floats);
                (ids, d)
            });
            let dim = bridged.as_ref().map_or(dim, |b| dim.max(b.1));
            json!({
                "dim": dim,
                "boundary": ids,
                "bridged_boundary": bridged.map(|b| b.0),
            })
        })
        .collect();
    Block { chunks, floats }
}

/// Reads the outcomes with boundary ids `ids` from `floats` at `*at`.
fn decode_outcomes(
    ids: &Value,
    dim: usize,
    floats: &[f64],
    at: &mut usize,
) -> anyhow::Result<Vec<Outcome>> {
    let ids = ids.as_array().context("checkpoint: boundary ids")?;
    let mut take = |n: usize| -> anyhow::Result<&[f64]> {
        let s = floats
            .get(*at..*at + n)
            .context("checkpoint: fewer stored floats than outcomes")?;
        *at += n;
        Ok(s)
    };
    ids.iter()
        .map(|id| {
            let id = id
                .as_i64()
                .context("checkpoint: a boundary id is not an integer")?;
            Ok(if id < 0 {
                Outcome::Censored { t_max: take(1)?[0] }
            } else {
                let v = take(1 + dim)?;
                Outcome::Exited {
                    t: v[0],
                    point: v[1..].to_vec(),
                    boundary: usize::try_from(id)?,
                }
            })
        })
        .collect()
}

/// The inverse of [`encode`].
///
/// # Errors
/// A block that [`encode`] did not write (it is then recomputed).
pub fn decode(block: &Block) -> anyhow::Result<Vec<ExitChunk>> {
    let mut at = 0;
    let chunks = block
        .chunks
        .iter()
        .map(|c| {
            let dim = usize::try_from(c["dim"].as_u64().context("checkpoint: dim")?)?;
            let outcomes = decode_outcomes(&c["boundary"], dim, &block.floats, &mut at)?;
            let bridged = match &c["bridged_boundary"] {
                Value::Null => None,
                ids => Some(decode_outcomes(ids, dim, &block.floats, &mut at)?),
            };
            Ok(ExitChunk { outcomes, bridged })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if at != block.floats.len() {
        bail!("checkpoint: more stored floats than outcomes");
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_round_trip_to_the_bit_and_inconsistent_blocks_are_refused() {
        let exited = |t: f64, p: &[f64], b| Outcome::Exited {
            t,
            point: p.to_vec(),
            boundary: b,
        };
        let chunks = vec![
            ExitChunk {
                outcomes: vec![
                    exited(0.1, &[-0.0, 1e-300], 3),
                    Outcome::Censored { t_max: 2.0 },
                ],
                bridged: Some(vec![
                    exited(0.07, &[f64::MIN_POSITIVE, 2.5], 0),
                    Outcome::Censored { t_max: 2.0 },
                ]),
            },
            ExitChunk {
                outcomes: vec![Outcome::Censored { t_max: 2.0 }],
                bridged: None,
            },
        ];
        let block = encode(&chunks);
        let back = decode(&block).unwrap();
        assert_eq!(back, chunks);
        let bits = |c: &[ExitChunk]| -> Vec<u64> {
            encode(c).floats.iter().map(|x| x.to_bits()).collect()
        };
        assert_eq!(
            bits(&back),
            bits(&chunks),
            "signed zeros and subnormals kept"
        );
        let mut short = block.clone();
        short.floats.pop();
        assert!(decode(&short).is_err());
        let mut long = block;
        long.floats.push(0.0);
        assert!(decode(&long).is_err());
    }
}
