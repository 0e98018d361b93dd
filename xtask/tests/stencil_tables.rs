//! The committed stencil tables and golden files are what `cargo xtask
//! build-stencils` makes from `stencil-src/` today (a stale table fails).
//!
//! This is CI's staleness check, run as a test so that it reuses the
//! build `cargo test --workspace --release` already made: `cargo xtask`
//! alone resolves the xtask's dependencies by themselves, with other
//! feature sets than the whole workspace's, and so rebuilds Cranelift and
//! its dependencies from scratch (about two minutes on a clean 2-core
//! machine).

use std::process::Command;

#[test]
fn committed_stencil_tables_are_fresh() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["build-stencils", "--check"])
        .output()
        .expect("run xtask");
    assert!(
        output.status.success(),
        "stencil tables are stale; run `cargo xtask build-stencils`:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
