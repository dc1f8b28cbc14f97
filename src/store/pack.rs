//! The needs as the analysis reads them: one packed row per review.
//!
//! Reading ten million needs back from the `need` table costs seconds
//! (stepping through every row, decoding each type as text, looking it up
//! by string); the analysis of them takes milliseconds. So both stores also
//! keep, for each review with needs, its needs in `need_pack` as three bytes
//! each — article, type (its position among the cycle's types in the
//! workspace's reference), and the documents naming it with whether it is
//! being addressed — sorted by article and type. [`Store::registry`] reads
//! these rows, a few tens of thousands of them, instead of the needs.
//!
//! These rows are the needs: since migration 14 there is no other copy
//! (a row per need took ten times the room, and every write of a need
//! cost a b-tree insert). Every use case reads and writes them in its own
//! transaction ([`super::cases`]): an import packs each review's needs
//! merged with what its pack held, an edit of one need rewrites its
//! review's pack. When each need last changed is the pack's `changed`,
//! or the need's row in `need_stamp` when it changed apart from the rest.
//! A checksum of every packed row ([`row_sum`], summed into
//! `meta.need_pack_sum`) is checked each time the rows are read: a pack
//! that does not match is reported, never read as it is.
//!
//! [`Store::registry`]: super::Store::registry

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::records::{Need, NeedSink, Registry, Sources};
use crate::reference::Reference;

/// Bytes per need in a pack.
pub(crate) const NEED_BYTES: usize = 3;

/// The bit of a need's third byte saying it is being addressed; the bits
/// below it are its documents.
const ADDRESSED: u8 = 0x80;

/// One need of a review, as a pack holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Packed {
    pub article: u8,
    pub need_type: u8,
    pub sources: u8,
    pub addressed: bool,
}

/// The pack of one review's needs, sorted by article and type.
pub(crate) fn encode(needs: &mut [Packed]) -> Result<Vec<u8>> {
    needs.sort_unstable();
    let mut out = Vec::with_capacity(needs.len() * NEED_BYTES);
    for n in needs.iter() {
        if n.sources & ADDRESSED != 0 {
            return Err(Error::Database(format!(
                "a need names documents {} that a pack cannot hold",
                n.sources
            )));
        }
        out.extend_from_slice(&[
            n.article,
            n.need_type,
            n.sources | if n.addressed { ADDRESSED } else { 0 },
        ]);
    }
    Ok(out)
}

/// The needs of a pack.
pub(crate) fn decode(bytes: &[u8]) -> impl Iterator<Item = Packed> + '_ {
    bytes.chunks_exact(NEED_BYTES).map(|b| Packed {
        article: b[0],
        need_type: b[1],
        sources: b[2] & !ADDRESSED,
        addressed: b[2] & ADDRESSED != 0,
    })
}

/// Appends the needs of the pack of the review at `review` (its position
/// in the registry), which has `types` types, to `out`; an error when the
/// pack cannot be one (its length, or a type past the cycle's).
pub(crate) fn unpack_into(
    review: u32,
    types: usize,
    bytes: &[u8],
    out: &mut Vec<Need>,
) -> Result<()> {
    if bytes.len() % NEED_BYTES != 0 {
        return Err(damaged("a packed row of a length no needs make"));
    }
    let needs = bytes.chunks_exact(NEED_BYTES);
    if needs.clone().any(|b| usize::from(b[1]) >= types) {
        return Err(damaged("a packed need of a type its cycle does not have"));
    }
    // Checked first, then appended in one go: ten million needs are read
    // this way, and an extend of known length writes them without a
    // test of the vector's room for each.
    out.extend(needs.map(|b| Need {
        review,
        article: b[0],
        need_type: b[1],
        sources: Sources(b[2] & !ADDRESSED),
        addressed: b[2] & ADDRESSED != 0,
    }));
    Ok(())
}

/// How the stores' message begins when the packed needs cannot be read as
/// they are: the file was changed by something other than tana, or
/// damaged; a copy of the workspace (`tana copy`) or a backup is all that
/// can give them back.
const DAMAGED: &str = "the workspace's needs (need_pack) are damaged";

/// What the stores say when the packed needs do not hold together.
pub(crate) fn damaged(what: &str) -> Error {
    Error::Database(format!("{DAMAGED}: {what}"))
}

/// Reads packed rows into a registry's needs, checking each against the
/// reviews it names and all of them against the stored sum of checksums.
pub(crate) struct Unpacker<'a> {
    position: &'a HashMap<i64, u32>,
    /// How many types the cycle of each review (by position) has.
    types: Vec<usize>,
    sum: u64,
    pub needs: Vec<Need>,
}

impl<'a> Unpacker<'a> {
    /// `bytes`: the length of all packs, to size the needs once.
    pub fn new(
        registry: &Registry,
        position: &'a HashMap<i64, u32>,
        reference: &Reference,
        bytes: usize,
    ) -> Unpacker<'a> {
        let types = registry
            .reviews
            .iter()
            .map(|r| reference.types(r.cycle).len())
            .collect();
        Unpacker {
            position,
            types,
            sum: 0,
            needs: Vec::with_capacity(bytes / NEED_BYTES),
        }
    }

    pub fn row(&mut self, review_id: i64, bytes: &[u8]) -> Result<()> {
        let review = *self
            .position
            .get(&review_id)
            .ok_or_else(|| damaged(&format!("a pack of review {review_id}, which is not there")))?;
        self.sum = self.sum.wrapping_add(row_sum(review_id, bytes));
        unpack_into(review, self.types[review as usize], bytes, &mut self.needs)
    }

    /// Like [`Unpacker::row`], but the row's needs handed to `sink`, not
    /// kept: a review's needs at a time, in a buffer that stays in cache.
    pub fn row_to(&mut self, review_id: i64, bytes: &[u8], sink: &mut dyn NeedSink) -> Result<()> {
        self.row(review_id, bytes)?;
        sink.needs(&self.needs);
        self.needs.clear();
        Ok(())
    }

    /// The needs (none when they went to a sink), when the rows'
    /// checksums add up to `expected`.
    pub fn finish(self, expected: u64) -> Result<Vec<Need>> {
        if self.sum != expected {
            return Err(damaged(&format!(
                "their checksum is {:016x}, {expected:016x} was stored",
                self.sum
            )));
        }
        Ok(self.needs)
    }
}

/// The checksum of one packed row, over the review's number and the bytes
/// taken eight at a time (the last word padded, the length folded in), so
/// that a row moved to another review is caught as well as any changed
/// word: each step `h = (h ^ word) * odd` is a bijection of `h`, so one
/// word changed changes the end. Byte by byte (FNV-1a, before migration
/// 14) it was a tenth of reading ten million needs. The checksum of all
/// rows is their wrapping sum, which a write that repacks a few reviews
/// updates without reading the others.
pub(crate) fn row_sum(review_id: i64, bytes: &[u8]) -> u64 {
    const ODD: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(ODD).rotate_left(29);
    let mut h = step(0xcbf2_9ce4_8422_2325, review_id as u64);
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    for w in words {
        h = step(h, u64::from_le_bytes(w.try_into().unwrap_or_default()));
    }
    let mut last = [0u8; 8];
    last[..tail.len()].copy_from_slice(tail);
    h = step(h, u64::from_le_bytes(last));
    step(h, bytes.len() as u64)
}

/// The meta key holding the sum of every row's checksum.
pub(crate) const SUM_KEY: &str = "need_pack_sum";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_gives_back_its_needs_in_order() {
        let mut needs = vec![
            Packed {
                article: 30,
                need_type: 2,
                sources: 5,
                addressed: true,
            },
            Packed {
                article: 5,
                need_type: 8,
                sources: 0,
                addressed: false,
            },
        ];
        let bytes = encode(&mut needs).unwrap();
        assert_eq!(bytes.len(), 2 * NEED_BYTES);
        let back: Vec<Packed> = decode(&bytes).collect();
        assert_eq!(back, needs);
        assert_eq!(back[0].article, 5);
        let mut out = Vec::new();
        unpack_into(7, 9, &bytes, &mut out).unwrap();
        assert_eq!(
            (out[1].review, out[1].sources.0, out[1].addressed),
            (7, 5, true)
        );
        assert!(unpack_into(7, 8, &bytes, &mut out).is_err());
        assert!(unpack_into(7, 9, &bytes[1..], &mut out).is_err());
    }

    #[test]
    fn the_checksum_sees_a_byte_and_a_review_changed() {
        let bytes: Vec<u8> = (0..30).map(|i| (i * 7 + 3) as u8).collect();
        let sum = row_sum(4, &bytes);
        assert_ne!(sum, row_sum(5, &bytes));
        // Every byte and every bit of it, in a whole word or in the tail.
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut changed = bytes.clone();
                changed[at] ^= 1 << bit;
                assert_ne!(sum, row_sum(4, &changed), "byte {at}, bit {bit}");
            }
        }
        // A need more or less, even of zeros, is a change too.
        let mut longer = bytes.clone();
        longer.extend([0, 0, 0]);
        assert_ne!(sum, row_sum(4, &longer));
        assert_ne!(sum, row_sum(4, &bytes[..27]));
    }
}
