//! The `tana` binary: parses the command line and reports errors.

use clap::Parser;

fn main() {
    let cli = tana::cli::Cli::parse();
    match tana::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code());
        }
    }
}
