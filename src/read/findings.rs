//! Records from placed blocks: needs, challenges and good practices, each
//! with the paragraph and sentence it came from.
//!
//! Rules, in the words of the issue:
//! - only the sections on needs, challenges and good practices give records,
//!   so an article named in an observation or a recommendation is not a need,
//!   and "good practices" under successes is a good practice, not a type;
//! - a record names the articles its sentence names; when it names none it
//!   takes those of its lead-in ("With regard to article 46: • …"), of its
//!   sub-heading, or of the article the section is under, else none
//!   (article 0);
//! - a need's types are the types its words name; none named, it is `other`
//!   when it names an article or asks for assistance, and not a need when it
//!   does neither; several articles times several types give one need each;
//! - denied clauses and assistance already under way are left out.

use super::articles::{Group, groups, references};
use super::extract::BlockKind;
use super::negation::{affirmed, negation};
use super::structure::Placed;
use super::text::{sentences, word_clauses};
use super::types::{asks_for_assistance, challenge_category, types_at, types_named};
use super::vocab::{Section, Vocabulary};

/// What a record is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    Need { kind: String },
    Challenge { category: Option<String> },
    GoodPractice,
}

/// One record found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub what: What,
    /// 0 for a record tied to no article.
    pub article: u16,
    /// The block's number in the document (1 for the first).
    pub paragraph: usize,
    pub quote: String,
    /// How sure the reader is, from 0 to 1 (lower when the article or type was not said).
    pub confidence: f32,
}

/// What a lead-in ending with a colon lends the list items under it.
#[derive(Default)]
struct Lead {
    articles: Vec<u16>,
    types: Vec<String>,
}

/// The document's findings. `valid` says whether an article is reviewed in
/// the document's cycle.
pub fn findings(
    placed: &[Placed<'_>],
    vocab: &Vocabulary,
    language: &str,
    cycle: u8,
    valid: &dyn Fn(u16) -> bool,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut lead: Option<Lead> = None;
    let mut cue_only: Vec<usize> = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        let item = matches!(p.block.kind, BlockKind::ListItem | BlockKind::TableRow);
        if !item {
            lead = None;
        }
        let Some(section) = p.section.filter(|_| !p.heading) else {
            continue;
        };
        let next_is_item = placed.get(i + 1).is_some_and(|n| {
            matches!(n.block.kind, BlockKind::ListItem | BlockKind::TableRow) && !n.heading
        });
        let units: Vec<&str> = if item {
            vec![p.block.text.as_str()]
        } else {
            sentences(&p.block.text)
        };
        for (u, unit) in units.iter().enumerate() {
            let last = u + 1 == units.len();
            let needs = section == Section::Needs;
            // A lead-in ("Kenya requested:") introduces what follows; it is not a record itself.
            if unit.trim_end().ends_with(':') && !item {
                if last && next_is_item {
                    let text = affirmed(unit, language, vocab, needs).unwrap_or_default();
                    lead = Some(Lead {
                        articles: valid_refs(&text, vocab, valid),
                        types: types_named(&text, cycle, language, vocab),
                    });
                }
                continue;
            }
            // A table row is one statement: a denial anywhere denies it.
            if p.block.kind == BlockKind::TableRow
                && negation(unit, language, vocab, needs).is_some()
            {
                continue;
            }
            let Some(text) = affirmed(unit, language, vocab, needs) else {
                continue;
            };
            let mut articles = valid_refs(&text, vocab, valid);
            if p.block.kind == BlockKind::TableRow && articles.is_empty() {
                // A cell of bare numbers (`16`, `32, 33`) is the row's articles.
                let cells: Vec<&str> = text.split(" | ").collect();
                if let Some(cell) = cells
                    .iter()
                    .find(|c| c.chars().any(|ch| ch.is_ascii_digit()))
                {
                    let numbers: Vec<&str> = cell
                        .split(|c: char| !c.is_ascii_digit())
                        .filter(|n| !n.is_empty())
                        .collect();
                    let wordy = cell.chars().any(char::is_alphabetic)
                        && !cell.to_lowercase().starts_with("art");
                    if !wordy {
                        for n in numbers.iter().filter_map(|n| n.parse::<u16>().ok()) {
                            if valid(n) && !articles.contains(&n) {
                                articles.push(n);
                            }
                        }
                    }
                }
            }
            let explicit = !articles.is_empty();
            if !explicit {
                articles = lead
                    .as_ref()
                    .filter(|l| item && !l.articles.is_empty())
                    .map(|l| l.articles.clone())
                    .unwrap_or_else(|| p.context.iter().copied().filter(|&a| valid(a)).collect());
            }
            let base = if explicit { 0.9 } else { 0.75 };
            let tied: Vec<u16> = if articles.is_empty() {
                vec![0]
            } else {
                articles
            };
            let at = |what: What, article: u16, confidence: f32| Found {
                what,
                article,
                paragraph: p.block.number,
                quote: unit.trim().to_string(),
                confidence,
            };
            match section {
                Section::Needs => {
                    let lead_types = lead.as_ref().filter(|_| item).map(|l| l.types.clone());
                    let segments = if explicit {
                        segments(&text, &tied, cycle, language, vocab, valid)
                    } else {
                        vec![(tied.clone(), types_named(&text, cycle, language, vocab))]
                    };
                    for (arts, mut kinds) in segments {
                        let mut confidence = base;
                        if kinds.is_empty() {
                            kinds = lead_types.clone().unwrap_or_default();
                        }
                        let mut vague = false;
                        if kinds.is_empty() {
                            if !explicit && !asks_for_assistance(&text, language, vocab) {
                                continue;
                            }
                            vague = !explicit;
                            kinds.push("other".into());
                            confidence -= 0.3;
                        }
                        for &a in &arts {
                            for k in &kinds {
                                if vague {
                                    cue_only.push(out.len());
                                }
                                out.push(at(What::Need { kind: k.clone() }, a, confidence));
                            }
                        }
                    }
                }
                Section::Challenges => {
                    let category = challenge_category(&text, language, vocab);
                    for &a in &tied {
                        out.push(at(
                            What::Challenge {
                                category: category.clone(),
                            },
                            a,
                            base,
                        ));
                    }
                }
                Section::GoodPractices => {
                    for &a in &tied {
                        out.push(at(What::GoodPractice, a, base));
                    }
                }
                Section::Other => {}
            }
        }
    }
    drop_vague(out, &cue_only)
}

/// A sentence naming several references, cut into (articles, types): each
/// type goes to the nearest reference after it in its clause ("legal advice
/// (art. 6) and training (art. 8)"), else the nearest before it ("With regard
/// to article 16, legal advice"); a reference left with no type takes the
/// types of the one before it ("legal advice on articles 15 and 16 and on
/// article 21").
fn segments(
    text: &str,
    articles: &[u16],
    cycle: u8,
    language: &str,
    vocab: &Vocabulary,
    valid: &dyn Fn(u16) -> bool,
) -> Vec<(Vec<u16>, Vec<String>)> {
    let groups: Vec<Group> = groups(text, vocab)
        .into_iter()
        .map(|mut g| {
            g.articles.retain(|&a| valid(a));
            g
        })
        .filter(|g| !g.articles.is_empty())
        .collect();
    let hits = types_at(text, cycle, language, vocab);
    if groups.len() < 2 {
        let mut kinds: Vec<String> = Vec::new();
        for (_, k) in hits {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        // One reference, or none in words (a table's cell of numbers): the articles found.
        return vec![(articles.to_vec(), kinds)];
    }
    let clauses = word_clauses(text);
    let mut assigned: Vec<Vec<String>> = vec![Vec::new(); groups.len()];
    for (at, kind) in hits {
        let clause = clauses.get(at).copied().unwrap_or(0);
        let after = |same: bool| {
            groups
                .iter()
                .position(|g| g.start >= at && (!same || g.clause == clause))
        };
        let before = |same: bool| {
            groups
                .iter()
                .rposition(|g| g.end <= at && (!same || g.clause == clause))
        };
        let Some(g) = after(true)
            .or_else(|| before(true))
            .or_else(|| after(false))
            .or_else(|| before(false))
        else {
            continue;
        };
        if !assigned[g].contains(&kind) {
            assigned[g].push(kind);
        }
    }
    for g in 0..assigned.len() {
        if assigned[g].is_empty() {
            let from = (0..g)
                .rev()
                .find(|&p| !assigned[p].is_empty())
                .or_else(|| (g + 1..assigned.len()).find(|&n| !assigned[n].is_empty()));
            if let Some(f) = from {
                assigned[g] = assigned[f].clone();
            }
        }
    }
    groups
        .into_iter()
        .map(|g| g.articles)
        .zip(assigned)
        .collect()
}

fn valid_refs(text: &str, vocab: &Vocabulary, valid: &dyn Fn(u16) -> bool) -> Vec<u16> {
    references(text, vocab)
        .into_iter()
        .filter(|&a| valid(a))
        .collect()
}

/// A need of type `other` that named neither its article nor its type
/// ("Kenya also asked for assistance in this regard") adds nothing where
/// the same article already has a need: it is dropped there.
fn drop_vague(found: Vec<Found>, vague: &[usize]) -> Vec<Found> {
    let named: Vec<u16> = found
        .iter()
        .enumerate()
        .filter(|(i, f)| matches!(f.what, What::Need { .. }) && !vague.contains(i))
        .map(|(_, f)| f.article)
        .collect();
    found
        .into_iter()
        .enumerate()
        .filter(|(i, f)| !(vague.contains(i) && named.contains(&f.article)))
        .map(|(_, f)| f)
        .collect()
}

/// The list of forms and distractors, one by one, in each language:
/// what a careful reader takes from each sentence, written beside it.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{extract, reviewed, structure};
    use crate::reference::Reference;

    type Records = (Vec<(u16, String)>, Vec<(u16, Option<String>)>, Vec<u16>);

    /// The records of a plain-text summary of `cycle`, one entry per (article, type).
    fn read(text: &str, language: &str, cycle: u8) -> Records {
        let vocab = Vocabulary::embedded();
        let reference = Reference::uncac();
        let blocks = extract::plain(text);
        let placed = structure::place(&blocks, vocab, language);
        let valid = |a: u16| reviewed(&reference, cycle, a);
        let mut needs = Vec::new();
        let mut challenges = Vec::new();
        let mut practices = Vec::new();
        for f in findings(&placed, vocab, language, cycle, &valid) {
            match f.what {
                What::Need { kind } => needs.push((f.article, kind)),
                What::Challenge { category } => challenges.push((f.article, category)),
                What::GoodPractice => practices.push(f.article),
            }
        }
        needs.sort();
        needs.dedup();
        challenges.sort();
        challenges.dedup();
        practices.sort();
        practices.dedup();
        (needs, challenges, practices)
    }

    fn needs(list: &[(u16, &str)]) -> Vec<(u16, String)> {
        let mut v: Vec<(u16, String)> = list.iter().map(|(a, t)| (*a, t.to_string())).collect();
        v.sort();
        v
    }

    #[test]
    fn english_forms_and_distractors() {
        let (n, c, g) = read(
            "2.2. Successes and good practices\n\n• The specialized courts were noted as a good practice (art. 36).\n\n2.3. Challenges in implementation\n\n• Limited capacity of the prosecutors (art. 23).\n• Competing priorities delayed the reform (art. 20).\n• Specificities in the legal system (art. 26).\n\n2.4. Technical assistance needs identified to improve implementation of the Convention\n\n• Legal advice on bribery (arts. 15, 16 and 21).\n• Capacity-building for articles 44 to 46.\n• A general need for capacity-building.\n• Model laws on witness protection (chapter III).\n• Kenya is already receiving training on article 31.\n• No technical assistance needs were identified for article 30.\n",
            "en",
            1,
        );
        assert_eq!(
            n,
            needs(&[
                (15, "legislative_drafting"),
                (16, "legislative_drafting"),
                (21, "legislative_drafting"),
                (44, "capacity_building"),
                (45, "capacity_building"),
                (46, "capacity_building"),
                (0, "capacity_building"),
                (0, "model_legislation"),
            ])
        );
        let cat = |s: &str| Some(s.to_string());
        assert_eq!(
            c,
            [
                (20, cat("priorities")),
                (23, cat("capacity")),
                (26, cat("legal_system"))
            ]
        );
        assert_eq!(g, [36], "a good practice, not a need for good practices");
    }

    #[test]
    fn french_forms_and_distractors() {
        let (n, c, g) = read(
            "2.2. Succès et bonnes pratiques\n\nLa coordination des enquêtes a été relevée comme une bonne pratique (art. 38).\n\n2.3. Difficultés d'application\n\n• Ressources limitées de l'autorité (art. 36).\n• Sensibilisation limitée du public (art. 33).\n\n2.4. Besoins d'assistance technique identifiés pour améliorer l'application de la Convention\n\n• Des lois types (art. 31 et 36).\n• Des conseils juridiques pour l'application de l'article 16.\n• Des programmes de formation conformément au paragraphe 2 de l'article 46.\n• Un besoin général de renforcement des capacités.\n• Le Bénin bénéficie déjà d'une assistance pour l'article 20.\n",
            "fr",
            1,
        );
        assert_eq!(
            n,
            needs(&[
                (31, "model_legislation"),
                (36, "model_legislation"),
                (16, "legislative_drafting"),
                (46, "capacity_building"),
                (0, "capacity_building"),
            ])
        );
        let cat = |s: &str| Some(s.to_string());
        assert_eq!(c, [(33, cat("awareness")), (36, cat("resources"))]);
        assert_eq!(g, [38]);
    }

    #[test]
    fn spanish_forms_and_distractors() {
        let (n, c, g) = read(
            "2.2. Logros y buenas prácticas\n\n• El portal de compras públicas (art. 9).\n\n2.3. Problemas en la aplicación\n\n• Coordinación interinstitucional insuficiente (art. 8).\n\n2.4. Necesidades de asistencia técnica\n\n• Asistencia legislativa (los artículos 52 y 58).\n• Creación de capacidad en materia de recuperación de activos (capítulo V).\n• El Estado no solicitó más asistencia para el artículo 54.\n• Fortalecimiento institucional (arts. 55 a 57).\n",
            "es",
            2,
        );
        assert_eq!(
            n,
            needs(&[
                (52, "legislative_assistance"),
                (58, "legislative_assistance"),
                (0, "capacity_building"),
                (55, "institution_building"),
                (56, "institution_building"),
                (57, "institution_building"),
            ])
        );
        assert_eq!(c, [(8, Some("coordination".to_string()))]);
        assert_eq!(g, [9]);
    }
}
