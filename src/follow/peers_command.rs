//! `tana peers STATE --cycle N`: the States each open need of a State may
//! learn from ([`super::peers`]). The command line is the workspace's
//! owner, as in `tana assistance list`: it reads every record.

use std::fmt::Write as _;

use super::peers::{NeedPeers, peers};
use super::state_code;
use crate::cli::{TextOrJson, emit};
use crate::error::{Error, Result};
use crate::store::{self, Detail, Location};

#[derive(clap::Args, Debug)]
pub struct PeersArgs {
    /// The State whose open needs to find peers for (code or name).
    pub state: String,
    /// The review cycle.
    #[arg(long, default_value_t = 1)]
    pub cycle: u8,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

pub fn run(args: &PeersArgs, location: &Location) -> Result<i32> {
    let mut store = store::open(location)?;
    let reference = store.reference()?;
    let code = state_code(&reference, &args.state)
        .map_err(|_| Error::Usage(format!("`{}` is no State of the workspace", args.state)))?;
    if !reference.cycles().contains(&args.cycle) {
        return Err(Error::Usage(format!(
            "--cycle: {} is not a review cycle",
            args.cycle
        )));
    }
    let id = reference.find_state(&code).expect("a State just found");
    let registry = store.registry(&reference, Detail::Everything)?;
    let found = peers(&registry, &reference, (id, args.cycle), |_| true, |_| true);
    let name = &reference.state(id).name;
    let text = match args.format {
        TextOrJson::Json => {
            let value = serde_json::json!({
                "state": code, "cycle": args.cycle, "open_needs": found,
            });
            serde_json::to_string_pretty(&value).map_err(|e| Error::Other(e.to_string()))? + "\n"
        }
        TextOrJson::Text => to_text(&format!("{name} ({code})"), args.cycle, &found),
    };
    emit(None, &text)?;
    Ok(0)
}

/// Each open need, then its peers, one a line.
fn to_text(state: &str, cycle: u8, found: &[NeedPeers]) -> String {
    let mut out = format!(
        "{state}, cycle {cycle}: {}\n",
        crate::web::view::count(found.len(), "open need", "open needs")
    );
    for n in found {
        let _ = writeln!(
            out,
            "\narticle {} ({}), {}",
            n.article, n.article_title, n.type_label
        );
        if n.peers.is_empty() {
            out.push_str(
                "  no State has a good practice on the article or the same need addressed\n",
            );
        }
        for p in &n.peers {
            let mut what = Vec::new();
            if p.same_group {
                what.push("same regional group".to_string());
            }
            if p.same_need_addressed {
                what.push("had the same need, being addressed now".to_string());
            }
            let said = if what.is_empty() {
                String::new()
            } else {
                format!(": {}", what.join("; "))
            };
            let _ = writeln!(out, "  {} ({}){said}", p.name, p.state);
            for g in &p.practices {
                let _ = writeln!(out, "    good practice: “{}”", g.text);
            }
        }
    }
    out
}
