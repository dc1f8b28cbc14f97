//! Who may see and do what: accounts, roles and the rules of confidentiality.
//!
//! The rules are pure functions of an account (or none, for the public) and
//! a record, so every page and API answer asks the same questions and the
//! permission test can drive them all. A State's records are confidential:
//! beyond the secretariat and that State's focal points, only what the
//! State agreed to publish is shown.
//!
//! Invariant: no I/O; passwords are hashed and checked here (argon2), never
//! stored or logged as given.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::{OsRng, RngCore};

use crate::error::{Error, Result};
use crate::records::{Review, Source, Sources};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sees everything, edits everything, manages accounts.
    Secretariat,
    /// Works on the records of one State party.
    FocalPoint,
    /// A technical assistance provider or donor: records the assistance it gives.
    Provider,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Secretariat => "secretariat",
            Role::FocalPoint => "focal_point",
            Role::Provider => "provider",
        }
    }
    pub fn from_code(code: &str) -> Option<Role> {
        [Role::Secretariat, Role::FocalPoint, Role::Provider]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// A person who logs in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// The State a focal point works for (its code).
    pub state: Option<String>,
}

/// Whether `who` sees every record of the State `state` (its code).
pub fn sees_all_of(who: Option<&Account>, state: &str) -> bool {
    match who {
        Some(a) if a.role == Role::Secretariat => true,
        Some(a) if a.role == Role::FocalPoint => a.state.as_deref() == Some(state),
        _ => false,
    }
}

/// The documents of a review whose contents `who` may read: all of them
/// for the secretariat and the State's focal points, and for providers
/// when the State agreed to share the review with them; the published
/// ones for everyone else.
pub fn readable_sources(who: Option<&Account>, state: &str, review: &Review) -> Sources {
    if sees_all_of(who, state) || (is_provider(who) && review.shared_with_providers) {
        review.documents
    } else {
        Sources(review.documents.0 & review.published.0)
    }
}

/// Where the words of a State's review come from, as far as reading them
/// goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A need's words from one document of the review.
    Document(Source),
    /// A need's words whose document nobody recorded: for all anyone
    /// knows they come from the unpublished self-assessment.
    Unknown,
    /// A challenge or a good practice: set out in the country report and
    /// restated in the executive summary.
    Findings,
}

impl Origin {
    /// The origin of a search hit: its kind (`need`, `challenge`,
    /// `good_practice`) and, for a need, its document.
    pub fn of_hit(kind: &str, source: Option<Source>) -> Origin {
        match (kind, source) {
            ("need", Some(src)) => Origin::Document(src),
            ("need", None) => Origin::Unknown,
            _ => Origin::Findings,
        }
    }
}

/// Whether `who` may read words of a State's review: the one rule of the
/// pages, the API, search and downloads. The secretariat and the State's
/// focal points read everything; words of no known document nobody else;
/// providers everything else of a review the State shares with them;
/// everyone what the State published (challenges and good practices once
/// either the country report or the executive summary is).
pub fn may_read_text(
    who: Option<&Account>,
    state: &str,
    published: Sources,
    shared_with_providers: bool,
    origin: Origin,
) -> bool {
    if sees_all_of(who, state) {
        return true;
    }
    let shared = is_provider(who) && shared_with_providers;
    match origin {
        Origin::Unknown => false,
        Origin::Document(src) => shared || published.contains(src),
        Origin::Findings => {
            shared
                || published.contains(Source::ExecutiveSummary)
                || published.contains(Source::CountryReport)
        }
    }
}

/// Whether `who` may know of a need of a review, named in the documents
/// `sources`: always for the secretariat and the State's focal points
/// (even when the review recorded none of those documents), otherwise
/// when it may read one of them, or, for a need no document is recorded
/// for, when it may read words of unknown origin.
pub fn may_read_need(
    who: Option<&Account>,
    state: &str,
    review: &Review,
    sources: Sources,
) -> bool {
    // Whatever documents the review recorded: those who see all of a
    // State's records know of every need of it.
    if sees_all_of(who, state) {
        return true;
    }
    if sources.0 == 0 {
        return may_read_text(
            who,
            state,
            review.published,
            review.shared_with_providers,
            Origin::Unknown,
        );
    }
    readable_sources(who, state, review).0 & sources.0 != 0
}

fn is_provider(who: Option<&Account>) -> bool {
    who.is_some_and(|a| a.role == Role::Provider)
}

/// Whether `who` may give or withdraw a State's consent to share its
/// needs with providers: the State's focal points, and the secretariat
/// acting on the State's word.
pub fn may_set_sharing(who: Option<&Account>, state: &str) -> bool {
    sees_all_of(who, state)
}

/// Whether `who` may write a State's action plan (its items, their status
/// and progress notes): the State's focal points, and the secretariat.
pub fn may_write_plan(who: Option<&Account>, state: &str) -> bool {
    sees_all_of(who, state)
}

/// Whether `who` may read a State's action plan: those who write it, and
/// everyone once the State published it. (Providers named in an item read
/// it only once published, like everyone.)
pub fn may_read_plan(who: Option<&Account>, state: &str, published: bool) -> bool {
    published || may_write_plan(who, state)
}

/// Whether `who` may publish a State's action plan or withdraw it: the
/// State's word, as for sharing its needs ([`may_set_sharing`]).
pub fn may_publish_plan(who: Option<&Account>, state: &str) -> bool {
    may_set_sharing(who, state)
}

/// Whether `who` may record assistance against a need it can read:
/// providers (for what they give) and the secretariat (for them).
pub fn may_record_assistance(who: Option<&Account>) -> bool {
    who.is_some_and(|a| matches!(a.role, Role::Provider | Role::Secretariat))
}

/// Whether `who` may read a record of assistance: the secretariat, the
/// provider who recorded it, and the focal points of the State it helps.
pub fn may_read_assistance(who: Option<&Account>, provider: &str, state: &str) -> bool {
    sees_all_of(who, state) || who.is_some_and(|a| a.name == provider)
}

/// Whether `who` may change a record of assistance: the provider who
/// recorded it, and the secretariat.
pub fn may_edit_assistance(who: Option<&Account>, provider: &str) -> bool {
    is_secretariat(who) || who.is_some_and(|a| a.name == provider)
}

/// Whether `who` is the secretariat, which alone edits records' words,
/// imports files and manages accounts.
pub fn is_secretariat(who: Option<&Account>) -> bool {
    who.is_some_and(|a| a.role == Role::Secretariat)
}

/// Whether `who` may mark a need of `state` as being addressed: the
/// secretariat, the State's focal point, and providers (for the assistance
/// they give).
pub fn may_mark_addressed(who: Option<&Account>, state: &str) -> bool {
    match who {
        Some(a) if a.role == Role::Provider => true,
        other => other.is_some() && sees_all_of(other, state),
    }
}

/// Whether `who` may read the log of changes.
pub fn may_read_log(who: Option<&Account>) -> bool {
    who.is_some_and(|a| a.role == Role::Secretariat)
}

/// Checks an account before it is stored.
pub fn check(account: &Account, known_state: impl Fn(&str) -> Option<String>) -> Result<Account> {
    let name = account.name.trim();
    if name.is_empty()
        || name.len() > 64
        || name.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::Usage(
            "an account name is 1 to 64 characters, without spaces".into(),
        ));
    }
    let state = match (account.role, &account.state) {
        (Role::FocalPoint, None) => {
            return Err(Error::Usage(
                "a focal point works for a State: give --state".into(),
            ));
        }
        (Role::FocalPoint, Some(s)) => Some(
            known_state(s)
                .ok_or_else(|| Error::Usage(format!("--state: `{s}` is no State party")))?,
        ),
        (_, Some(_)) => {
            return Err(Error::Usage("only a focal point works for a State".into()));
        }
        (_, None) => None,
    };
    Ok(Account {
        name: name.to_string(),
        role: account.role,
        state,
    })
}

/// A password's argon2 hash, with a fresh salt.
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < 10 {
        return Err(Error::Usage("a password has at least 10 characters".into()));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Other(format!("hashing the password: {e}")))
}

pub fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A fresh secret for a session or a form: 32 random bytes, in hex.
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, state: Option<&str>) -> Account {
        Account {
            name: "x".into(),
            role,
            state: state.map(str::to_string),
        }
    }

    #[test]
    fn only_the_secretariat_and_the_states_focal_point_see_all() {
        let review = Review {
            state: 0,
            cycle: 1,
            completed: None,
            documents: Sources::default()
                .with(Source::SelfAssessment)
                .with(Source::CountryReport)
                .with(Source::ExecutiveSummary),
            published: Sources::default().with(Source::ExecutiveSummary),
            shared_with_providers: false,
        };
        let all = review.documents;
        let published = review.published;
        let secretariat = account(Role::Secretariat, None);
        let own = account(Role::FocalPoint, Some("VNM"));
        let other = account(Role::FocalPoint, Some("KEN"));
        let provider = account(Role::Provider, None);
        assert_eq!(readable_sources(Some(&secretariat), "VNM", &review), all);
        assert_eq!(readable_sources(Some(&own), "VNM", &review), all);
        assert_eq!(readable_sources(Some(&other), "VNM", &review), published);
        assert_eq!(readable_sources(Some(&provider), "VNM", &review), published);
        assert_eq!(readable_sources(None, "VNM", &review), published);
        let shared = Review {
            shared_with_providers: true,
            ..review
        };
        assert_eq!(readable_sources(Some(&provider), "VNM", &shared), all);
        assert_eq!(readable_sources(Some(&other), "VNM", &shared), published);
        assert_eq!(readable_sources(None, "VNM", &shared), published);
        for (who, shared, sees) in [
            (Some(&provider), false, false),
            (Some(&provider), true, true),
            (Some(&other), true, false),
            (None, true, false),
            (Some(&own), false, true),
        ] {
            let p = review.published;
            assert_eq!(
                may_read_text(
                    who,
                    "VNM",
                    p,
                    shared,
                    Origin::Document(Source::CountryReport)
                ),
                sees
            );
            // Words of no known document: the secretariat and the State's
            // focal points only, whatever is published or shared.
            let all_published = review.documents;
            assert_eq!(
                may_read_text(who, "VNM", all_published, shared, Origin::Unknown),
                who == Some(&own)
            );
            assert!(may_read_text(
                who,
                "VNM",
                all_published,
                shared,
                Origin::Findings
            ));
        }
        assert!(may_read_need(
            Some(&own),
            "VNM",
            &review,
            Sources::default()
        ));
        assert!(!may_read_need(
            Some(&provider),
            "VNM",
            &shared,
            Sources::default()
        ));
        assert!(!may_read_need(None, "VNM", &review, Sources::default()));
        // A need named in a document the review did not record: known to
        // those who see all of the State, to nobody else.
        let unrecorded = Review {
            documents: Sources::default(),
            published: Sources::default().with(Source::CountryReport),
            ..review
        };
        let named = Sources::default().with(Source::CountryReport);
        assert!(may_read_need(Some(&own), "VNM", &unrecorded, named));
        assert!(may_read_need(Some(&secretariat), "VNM", &unrecorded, named));
        assert!(!may_read_need(Some(&other), "VNM", &unrecorded, named));
        assert!(!may_read_need(None, "VNM", &unrecorded, named));
        assert!(may_set_sharing(Some(&own), "VNM") && may_set_sharing(Some(&secretariat), "VNM"));
        assert!(!may_set_sharing(Some(&other), "VNM") && !may_set_sharing(Some(&provider), "VNM"));
        assert!(may_read_assistance(Some(&provider), "x", "KEN"));
        assert!(may_read_assistance(Some(&own), "someone", "VNM"));
        assert!(!may_read_assistance(Some(&other), "someone", "VNM"));
        assert!(!may_read_assistance(None, "someone", "VNM"));
        assert!(may_edit_assistance(Some(&provider), "x"));
        assert!(may_edit_assistance(Some(&secretariat), "x"));
        assert!(!may_edit_assistance(Some(&provider), "another"));
        assert!(!may_edit_assistance(Some(&own), "someone"));
        for (who, writes) in [
            (Some(&secretariat), true),
            (Some(&own), true),
            (Some(&other), false),
            (Some(&provider), false),
            (None, false),
        ] {
            assert_eq!(may_write_plan(who, "VNM"), writes);
            assert_eq!(may_publish_plan(who, "VNM"), writes);
            assert_eq!(may_read_plan(who, "VNM", false), writes);
            assert!(may_read_plan(who, "VNM", true));
        }
        assert!(may_mark_addressed(Some(&provider), "VNM"));
        assert!(!may_mark_addressed(Some(&other), "VNM"));
        assert!(!may_mark_addressed(None, "VNM"));
    }

    #[test]
    fn passwords_are_hashed_and_checked() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(!h.contains("correct"));
        assert!(password_matches("correct horse battery", &h));
        assert!(!password_matches("wrong horse battery", &h));
        assert!(hash_password("short").is_err());
    }
}
