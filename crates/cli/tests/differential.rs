//! Generated programs (the `testgen` grammar) must behave the same on
//! every tier, and the same as CPython.
//!
//! - `tiers_agree_on_testgen_programs` (always runs): proptest drives the
//!   generator; every tier in `common::TIERS` must print the same stdout,
//!   exit the same way and end stderr with the same line.
//! - `matches_cpython_on_generated_programs` (`--ignored`, slower): runs
//!   `COPPERHEAD_DIFFERENTIAL_PROGRAMS` (default 2000) seeded programs in
//!   `python3` and in Copperhead and reports the mismatch rate; it fails
//!   when the rate exceeds `COPPERHEAD_DIFFERENTIAL_MAX_RATE` (default 0).
//!   Skipped cleanly when `python3` is absent. Mismatching programs are
//!   written to `target/tmp/differential/` for a look.
//!   `COPPERHEAD_DIFFERENTIAL_BINARY=path` measures another build (an
//!   older one, to compare rates).

mod common;

use std::process::{Command, Stdio};

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tiers_agree_on_testgen_programs(numbers in prop::collection::vec(any::<u32>(), 0..300)) {
        let source = testgen::program(&mut testgen::ListChoices::new(&numbers));
        let reference = common::run(&source, common::TIERS[0].1);
        for (name, options) in &common::TIERS[1..] {
            let result = common::run(&source, options);
            prop_assert_eq!(&result, &reference, "{} differs on:\n{}", name, source);
        }
    }
}

fn cpython(source: &str) -> Option<common::RunResult> {
    Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .ok()?;
    Some(common::run_program("python3", source, &[]))
}

#[test]
#[ignore = "slow: runs thousands of programs through python3 (cargo test -- --ignored)"]
fn matches_cpython_on_generated_programs() {
    if cpython("pass").is_none() {
        eprintln!("python3 is not available: skipped");
        return;
    }
    let count: u64 = std::env::var("COPPERHEAD_DIFFERENTIAL_PROGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let max_rate: f64 = std::env::var("COPPERHEAD_DIFFERENTIAL_MAX_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let out_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential");
    let _ = std::fs::create_dir_all(&out_dir);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let mismatches: Vec<u64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let out_dir = &out_dir;
                scope.spawn(move || {
                    let mut found = Vec::new();
                    for seed in (t..count).step_by(threads as usize) {
                        let source = testgen::program(&mut testgen::SeededChoices::new(seed));
                        let mut expected = cpython(&source).expect("python3 runs");
                        let actual = match std::env::var("COPPERHEAD_DIFFERENTIAL_BINARY") {
                            Ok(binary) => common::run_program(&binary, &source, &[]),
                            Err(_) => common::run(&source, &[]),
                        };
                        // CPython's compile-time SyntaxWarnings go to stderr
                        // of programs that succeed; Copperhead emits none.
                        // And as in the conformance suite, syntax errors
                        // compare by name only (the parser's wording
                        // differs).
                        let both_syntax_errors = expected.last_error_line.starts_with("SyntaxError:")
                            && actual.last_error_line.starts_with("SyntaxError:");
                        if (expected.status == Some(0) && actual.status == Some(0))
                            || both_syntax_errors
                        {
                            expected.last_error_line = actual.last_error_line.clone();
                        }
                        if expected != actual {
                            let report = format!(
                                "{source}\n# --- python3\n# {expected:?}\n# --- copperhead\n# {actual:?}\n"
                            );
                            let _ = std::fs::write(out_dir.join(format!("{seed}.py")), report);
                            found.push(seed);
                        }
                    }
                    found
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    let rate = mismatches.len() as f64 / count as f64;
    println!(
        "CPython differential: {} of {count} programs differ ({:.2}%); see {}",
        mismatches.len(),
        rate * 100.0,
        out_dir.display()
    );
    assert!(
        rate <= max_rate,
        "mismatch rate {:.2}% above {:.2}% (seeds {:?})",
        rate * 100.0,
        max_rate * 100.0,
        &mismatches[..mismatches.len().min(20)]
    );
}
