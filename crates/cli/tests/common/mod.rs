//! Shared by the tier tests: how to run a program on a given tier, and a
//! proptest generator of small programs. Adding a tier (the uop
//! interpreter, the JIT) is one more entry in [`TIERS`].

#![allow(dead_code)]

use std::process::{Command, Stdio};

use proptest::prelude::*;

/// Every execution tier, as the `-X` options that select it.
pub const TIERS: &[(&str, &[&str])] = &[
    ("tier 0", &["-X", "specialize=off"]),
    ("tier 1", &["-X", "specialize=on"]),
    // Tier 1 again, collecting at every safe point (minor and major
    // collections) with the heap verifier on.
    (
        "tier 1 under gc stress",
        &["-X", "specialize=on", "-X", "gc_stress", "-X", "gc_verify"],
    ),
    // Tier 2's uop interpreter, with a threshold low enough that every
    // loop that runs a few times is recorded, optimized and run as a
    // trace.
    (
        "uops",
        &[
            "-X",
            "jit=uops",
            "-X",
            "jit_threshold=2",
            "-X",
            "jit_side_threshold=2",
        ],
    ),
    // The same traces as recorded, without the optimizer.
    (
        "uops unoptimized",
        &[
            "-X",
            "jit=uops",
            "-X",
            "jit_threshold=2",
            "-X",
            "jit_opt=off",
        ],
    ),
    // The JIT: the same traces as `uops`, compiled by copy-and-patch and
    // run as machine code.
    (
        "jit",
        &[
            "-X",
            "jit=on",
            "-X",
            "jit_threshold=2",
            "-X",
            "jit_side_threshold=2",
        ],
    ),
    // Compiled traces as recorded, and compiled traces under GC stress.
    (
        "jit unoptimized",
        &["-X", "jit=on", "-X", "jit_threshold=2", "-X", "jit_opt=off"],
    ),
    (
        "jit under gc stress",
        &[
            "-X",
            "jit=on",
            "-X",
            "jit_threshold=2",
            "-X",
            "jit_side_threshold=2",
            "-X",
            "gc_stress",
        ],
    ),
];

/// What a run printed: stdout, exit status, last stderr line.
#[derive(Debug, PartialEq, Eq)]
pub struct RunResult {
    pub stdout: String,
    pub status: Option<i32>,
    pub last_error_line: String,
}

/// Runs `source` with extra command-line options.
pub fn run(source: &str, options: &[&str]) -> RunResult {
    run_program(env!("CARGO_BIN_EXE_copperhead"), source, options)
}

/// Runs `source` with `program` (any `python3`-like command line).
pub fn run_program(program: &str, source: &str, options: &[&str]) -> RunResult {
    let output = Command::new(program)
        .args(options)
        .args(["-c", source])
        .stdin(Stdio::null())
        .output()
        .expect("run copperhead");
    RunResult {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        status: output.status.code(),
        last_error_line: String::from_utf8_lossy(&output.stderr)
            .lines()
            .last()
            .unwrap_or("")
            .to_string(),
    }
}

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        (-20i64..20).prop_map(|i| i.to_string()),
        (-20i64..20).prop_map(|i| format!("{}.5", i)),
        prop::sample::select(vec!["'ab'", "'x'", "''"]).prop_map(str::to_string),
        prop::sample::select(vec!["[1, 2, 3]", "(4, 5)", "True", "None"]).prop_map(str::to_string),
    ]
}

fn expression(depth: u32) -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        literal(),
        prop::sample::select(vec!["x", "y", "acc", "i"]).prop_map(str::to_string),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = expression(depth - 1);
    prop_oneof![
        2 => leaf,
        3 => (inner.clone(), prop::sample::select(vec!["+", "-", "*", "//", "%", "<", "==", "and"]), inner.clone())
            .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
        1 => (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| format!("({a} if {b} else {c})")),
        1 => inner.clone().prop_map(|a| format!("[{a}, 1][i % 2]")),
        1 => inner.clone().prop_map(|a| format!("f({a}, i)")),
        1 => inner.prop_map(|a| format!("len(str({a}))")),
    ]
    .boxed()
}

/// Keeps the loop's ints below 2**100 (`acc = acc * acc` squares forty
/// times otherwise: digits past any memory), while still passing through
/// the wide and big int ranges.
const BOUND_INTS: &str = "    if type(acc) is int and not -2**100 < acc < 2**100:\n        acc %= 1000003\n\
    if type(x) is int and not -2**100 < x < 2**100:\n        x %= 1000003\n";

/// A small program: a function, a loop over changing values, a print.
pub fn program() -> impl Strategy<Value = String> {
    (literal(), literal(), literal(), 1usize..40, expression(2), expression(2), expression(1), expression(2)).prop_map(
        |(x, y, acc, n, body, condition, update, function)| {
            format!(
                "def f(a, b):\n    return {function}\nx = {x}\ny = {y}\nacc = {acc}\ni = 0\n\
                 for i in range({n}):\n    acc = {body}\n    if {condition}:\n        x = {update}\n\
                 {BOUND_INTS}\
                 print(acc, x, y)\n"
            )
        },
    )
}
