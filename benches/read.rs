//! Reading benchmark (written below).
fn main() {}
