//! What the fuzz targets share: running a program in one tier under
//! limits, with its output captured.
//!
//! Every run has an instruction budget (safe points and calls) and an
//! allocation limit, so hostile programs end with `RuntimeError` or
//! `MemoryError` instead of hanging or exhausting the machine; what the
//! fuzzer looks for is a panic, an abort, or (for `tiers`) two tiers that
//! disagree.

use vm::{Options, Vm};

/// Safe points plus calls one run may take.
pub const BUDGET: u64 = 20_000;
/// Bytes one user-sized buffer may take.
pub const ALLOCATION_LIMIT: usize = 16 << 20;

/// How one run ended.
#[derive(Debug, PartialEq, Eq)]
pub struct RunResult {
    pub stdout: Vec<u8>,
    pub exit_code: i32,
    /// The last line of the error report, if any.
    pub last_error_line: String,
}

/// Runs `source` with tier 1 on or off.
pub fn run(source: &str, specialize: bool) -> RunResult {
    runtime::alloc::set_allocation_limit(ALLOCATION_LIMIT);
    runtime::stdio::capture_stdout();
    let _ = runtime::stdio::take_captured_stdout();
    let mut vm = Vm::new(Options {
        specialize,
        ..Options::default()
    });
    vm.interpreter.budget = BUDGET;
    // Generated programs may import `os` and `open` files: not here.
    vm.rt.sandboxed = true;
    vm.captured_errors = Some(String::new());
    let outcome = vm.run_source(source, "<fuzz>");
    let errors = vm.captured_errors.take().unwrap_or_default();
    RunResult {
        stdout: runtime::stdio::take_captured_stdout(),
        exit_code: outcome.exit_code,
        last_error_line: errors.lines().last().unwrap_or("").to_string(),
    }
}

/// `testgen`'s choices drawn from the fuzzer's bytes.
pub struct FuzzChoices<'a, 'b>(pub &'a mut arbitrary::Unstructured<'b>);

impl testgen::Choices for FuzzChoices<'_, '_> {
    fn choose(&mut self, bound: usize) -> usize {
        self.0.choose_index(bound.max(1)).unwrap_or(0)
    }
}
