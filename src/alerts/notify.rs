//! `tana notify`: each subscription's digest of what is new since its last
//! one (or since `--since`), by e-mail (lettre's SMTP client), and the same
//! run once a day inside `tana serve --smtp`.
//!
//! What a digest holds is decided at send time by the owner's rule: the
//! account is read again, and `Store::find_needs` applies its rule as for
//! a page. The new mark is recorded only once the mail server accepted the
//! message; a refusal names the subscription, the others are still sent,
//! and the run ends non-zero.

use std::io::Write;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};

use super::{DIGEST_MOST, Window, digest, gather};
use crate::error::{Error, Result};
use crate::store::{self, Location, Subscription};

/// Where digests go out and what they link to: shared by `tana notify` and
/// `tana serve`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct MailArgs {
    /// The mail server: smtp://host:port (no TLS: a relay on this machine),
    /// smtp://user:password@host:587?tls=required (STARTTLS), smtps://host:465.
    #[arg(long, env = "TANA_SMTP", hide_env_values = true)]
    pub smtp: Option<String>,
    /// The digests' sender.
    #[arg(long, default_value = "tana <tana@localhost>")]
    pub mail_from: String,
    /// The portal's address, for the links in the digests.
    #[arg(long, env = "TANA_PORTAL_URL", default_value = "http://127.0.0.1:8080")]
    pub portal_url: String,
}

#[derive(clap::Args, Debug)]
pub struct NotifyArgs {
    #[command(flatten)]
    pub mail: MailArgs,
    /// Digest what changed since this day (YYYY-MM-DD), instead of since
    /// each subscription's last digest.
    #[arg(long)]
    pub since: Option<String>,
    /// Write the digests to standard output; send and record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// How long the mail server has to answer each step.
const SMTP_WAIT: Duration = Duration::from_secs(30);

/// Whether `address` is an e-mail address (the one rule, for the portal's
/// form too), at most 254 characters.
pub fn is_address(address: &str) -> bool {
    address.len() <= 254 && address.parse::<lettre::Address>().is_ok()
}

fn mailer(url: &str) -> Result<SmtpTransport> {
    Ok(SmtpTransport::from_url(url)
        .map_err(|e| Error::Usage(format!("--smtp: `{}` does not read: {e}", redacted(url))))?
        .timeout(Some(SMTP_WAIT))
        .build())
}

/// A mail server's URL without its password, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// Whether the mail server's URL and the sender read (`tana serve --smtp`
/// checks before it starts).
pub fn check(mail: &MailArgs) -> Result<()> {
    if let Some(url) = &mail.smtp {
        mailer(url)?;
    }
    sender(mail).map(|_| ())
}

fn sender(mail: &MailArgs) -> Result<Mailbox> {
    mail.mail_from
        .parse()
        .map_err(|e| Error::Usage(format!("--mail-from: `{}`: {e}", mail.mail_from)))
}

/// `tana notify`.
pub fn run(args: &NotifyArgs, location: &Location) -> Result<i32> {
    let since = match &args.since {
        Some(day) => {
            let d: crate::date::Date = day
                .parse()
                .map_err(|e| Error::Usage(format!("--since: {e}")))?;
            Some(d.days_since_1970() * 86_400)
        }
        None => None,
    };
    if args.mail.smtp.is_none() && !args.dry_run {
        return Err(Error::Usage(
            "give --smtp smtp://host:port to send the digests, or --dry-run to see them".into(),
        ));
    }
    let out = std::io::stdout();
    let failed = send_digests(location, &args.mail, since, args.dry_run, &mut out.lock())?;
    Ok(i32::from(failed > 0))
}

/// Sends every subscription its digest; says what it did on `out`, each
/// refusal on standard error. How many could not be sent.
pub fn send_digests(
    location: &Location,
    mail: &MailArgs,
    since: Option<i64>,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<usize> {
    let mailer = match (&mail.smtp, dry_run) {
        (Some(url), false) => Some(mailer(url)?),
        _ => None,
    };
    let from = sender(mail)?;
    let mut st = store::open(location)?;
    let reference = st.reference()?;
    // Taken first: what changes while the digests go out is in the next.
    let upto = st.mark(None)?;
    let from_since = since.map(|s| st.mark(Some(s))).transpose()?;
    let say = |out: &mut dyn Write, line: String| {
        let _ = writeln!(out, "{line}");
    };
    let mut failed = 0;
    for sub in st.subscriptions(None)? {
        let name = format!("subscription {} ({})", sub.id, sub.account);
        let Some(owner) = st.account(&sub.account)?.map(|a| a.account) else {
            say(out, format!("{name}: the account is gone; nothing sent"));
            continue;
        };
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(&sub.filter).unwrap_or_default();
        let q = match crate::web::parse_finder_query(&reference, &pairs) {
            Ok(q) => q,
            Err(e) => {
                eprintln!("{name}: its search no longer reads ({e}); nothing sent");
                failed += 1;
                continue;
            }
        };
        let window = Window {
            from: from_since.unwrap_or(sub.mark),
            upto,
        };
        let (total, entries) = gather(
            st.as_mut(),
            Some(&owner),
            &q,
            Some(window),
            DIGEST_MOST,
            true,
            // A digest tells what changed in the records; an item falling
            // overdue is no change, and the private feed tells it.
            None,
        )?;
        if entries.is_empty() {
            say(out, format!("{name}: nothing new"));
            continue;
        }
        let d = digest::digest(&reference, &mail.portal_url, &sub.filter, total, &entries);
        let Some(mailer) = &mailer else {
            say(
                out,
                format!("{name} to {}: {}\n\n{}", sub.address, d.subject, d.text),
            );
            continue;
        };
        match send(mailer, &from, &sub, &d) {
            Ok(()) => {
                st.digest_sent(sub.id, upto, crate::clock::now())?;
                say(
                    out,
                    format!("{name}: {} sent to {}", d.subject, sub.address),
                );
            }
            Err(e) => {
                eprintln!("{name}: the digest to {} was not sent: {e}", sub.address);
                failed += 1;
            }
        }
    }
    Ok(failed)
}

fn send(
    mailer: &SmtpTransport,
    from: &Mailbox,
    sub: &Subscription,
    d: &digest::Digest,
) -> std::result::Result<(), String> {
    let to: Mailbox = sub
        .address
        .parse()
        .map_err(|e| format!("the address does not read: {e}"))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&d.subject)
        .multipart(
            // Quoted-printable, always: long lines and any language.
            MultiPart::alternative()
                .singlepart(part(ContentType::TEXT_PLAIN, &d.text))
                .singlepart(part(ContentType::TEXT_HTML, &d.html)),
        )
        .map_err(|e| e.to_string())?;
    mailer.send(&message).map(|_| ()).map_err(|e| e.to_string())
}

fn part(kind: ContentType, body: &str) -> SinglePart {
    SinglePart::builder()
        .header(kind)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(body.to_string())
}
