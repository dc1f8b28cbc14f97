//! Compare: two published files, quantity by quantity.
//!
//! Cells are matched by what they count (their canonical selection and
//! measure), not by id or layout, so a document's Table 1 meets the
//! `III-by-article` table of `tana analyse --format tables`.

use std::collections::HashMap;

use serde::Serialize;

use super::Measure;
use super::Published;
use super::cells::{Canon, Frame, Grain};
use crate::reference::Reference;

#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub id: String,
    pub source: String,
    pub printed: u32,
    /// The other file's number for the same quantity, if it has one.
    pub computed: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub matched: Vec<Line>,
    pub mismatched: Vec<Line>,
    /// Numbers of the first file the second does not give.
    pub missing: Vec<Line>,
    pub states_covered: (Option<u32>, Option<u32>),
}

impl Comparison {
    pub fn is_match(&self) -> bool {
        self.mismatched.is_empty()
            && self
                .states_covered
                .0
                .zip(self.states_covered.1)
                .is_none_or(|(a, b)| a == b)
    }
}

/// Compares every number printed in `printed` with `computed`.
/// Refuses to compare documents that do not count the same thing: another
/// instrument or another review cycle gives other articles and other types,
/// so a cell-by-cell comparison would only list noise.
pub fn comparable(printed: &Published, computed: &Published) -> crate::error::Result<()> {
    let (a, b) = (&printed.document, &computed.document);
    let same_instrument = a.instrument.is_empty()
        || b.instrument.is_empty()
        || crate::reference::normalize(&a.instrument) == crate::reference::normalize(&b.instrument);
    if !same_instrument {
        return Err(crate::error::Error::Usage(format!(
            "the documents are about different instruments ({} and {}): compare documents of one instrument",
            a.instrument, b.instrument
        )));
    }
    if a.cycle != b.cycle {
        return Err(crate::error::Error::Usage(format!(
            "the documents are of different review cycles ({} and {}): compare documents of one cycle",
            a.cycle, b.cycle
        )));
    }
    Ok(())
}

pub fn compare(printed: &Published, computed: &Published, reference: &Reference) -> Comparison {
    let frame = Frame::new(printed, reference);
    // A quantity the second file prints twice matches either of its numbers.
    let mut other: HashMap<(Canon, Measure), Vec<u32>> = HashMap::new();
    let other_frame = Frame::new(computed, reference);
    for c in other_frame.cells(computed) {
        other.entry((c.canon, c.measure)).or_default().push(c.value);
    }
    let mut out = Comparison {
        matched: Vec::new(),
        mismatched: Vec::new(),
        missing: Vec::new(),
        states_covered: (
            printed.document.states_covered,
            computed.document.states_covered,
        ),
    };
    for c in frame
        .cells(printed)
        .into_iter()
        .filter(|c| c.grain != Grain::Omitted)
    {
        let values = other.get(&(c.canon, c.measure));
        let computed = values.map(|v| if v.contains(&c.value) { c.value } else { v[0] });
        let line = Line {
            id: c.id,
            source: c.source,
            printed: c.value,
            computed,
        };
        match line.computed {
            None => out.missing.push(line),
            Some(v) if v == line.printed => out.matched.push(line),
            Some(_) => out.mismatched.push(line),
        }
    }
    out
}

pub fn to_text(c: &Comparison) -> String {
    let mut o = format!(
        "{} number(s) match, {} differ, {} not in the second file.\n",
        c.matched.len(),
        c.mismatched.len(),
        c.missing.len()
    );
    if let (Some(a), Some(b)) = c.states_covered {
        o.push_str(&format!(
            "States covered: {a} and {b}{}\n",
            if a == b { "" } else { "  ✗" }
        ));
    }
    if !c.mismatched.is_empty() {
        o.push_str("\nDiffering:\n");
        for l in &c.mismatched {
            o.push_str(&format!(
                "  ✗ {} ({}): {} against {}\n",
                l.id,
                l.source,
                l.printed,
                l.computed.unwrap_or(0)
            ));
        }
    }
    if !c.missing.is_empty() {
        o.push_str("\nNot in the second file:\n");
        for l in &c.missing {
            o.push_str(&format!("  ? {} ({}): {}\n", l.id, l.source, l.printed));
        }
    }
    o
}
