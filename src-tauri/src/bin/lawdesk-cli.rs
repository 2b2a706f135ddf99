//! `lawdesk-cli`: see `cli/mod.rs` and shared/cli-contract.md.

fn main() {
    std::process::exit(lawdesk::cli::main());
}
