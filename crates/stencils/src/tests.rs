//! End-to-end tests of the copy-and-patch pipeline: generated table →
//! loader → executable memory → run.

use jitmem::CodeRegion;
use proptest::prelude::*;

use crate::generated;
use crate::loader::{TraceInstruction, TraceResult, compile_trace, layout};
use crate::table::{HoleValue, RelocationKind, StencilTable, status};

fn stencil(table: &StencilTable, name: &str) -> usize {
    table
        .find(name)
        .unwrap_or_else(|| panic!("no stencil {name}"))
}

#[test]
fn every_table_uses_only_known_relocations_per_target() {
    for (table, allowed) in [
        (
            &generated::x86_64::TABLE,
            [RelocationKind::Absolute64, RelocationKind::PcRelative32],
        ),
        (
            &generated::aarch64::TABLE,
            [RelocationKind::Absolute64, RelocationKind::Aarch64Branch26],
        ),
    ] {
        assert!(!table.stencils.is_empty());
        for record in table.stencils {
            assert!(record.offset + record.length <= table.code.len() as u32);
            assert!(record.trimmed_length <= record.length);
            for hole in table.holes(record) {
                assert!(
                    allowed.contains(&hole.kind),
                    "{} {}: {:?}",
                    table.target,
                    record.name,
                    hole.kind
                );
                assert!(hole.offset < record.length);
            }
        }
        // Every hole kind appears somewhere in the table.
        for value in [
            HoleValue::Oparg,
            HoleValue::Operand(0),
            HoleValue::Operand(1),
            HoleValue::Continue,
            HoleValue::Exit,
            HoleValue::JumpTarget,
            HoleValue::Operand(2),
            HoleValue::Helper(crate::table::helper::SAFE_POINT),
        ] {
            assert!(
                table.holes.iter().any(|h| h.value == value),
                "{}: no {value:?}",
                table.target
            );
        }
    }
}

#[test]
fn every_uop_has_a_stencil_in_every_table() {
    use crate::table::helper::FIRST_UOP;
    for table in [&generated::x86_64::TABLE, &generated::aarch64::TABLE] {
        for uop in uops::Uop::ALL {
            let stencil = table
                .find(uop.name())
                .unwrap_or_else(|| panic!("{}: no {}", table.target, uop.name()));
            // A stencil calls no helper but its own uop's (and the safe
            // point).
            for hole in table.holes(&table.stencils[stencil]) {
                if let HoleValue::Helper(n) = hole.value {
                    assert!(
                        n < FIRST_UOP || n == FIRST_UOP + *uop as u8,
                        "{}",
                        uop.name()
                    );
                }
            }
        }
    }
}

/// Runs real uop stencils on small-int locals, with stand-in helpers.
#[cfg(target_arch = "x86_64")]
mod x86_64 {
    use super::*;
    use crate::table::context;
    use runtime::Value;

    fn table() -> &'static StencilTable {
        &generated::x86_64::TABLE
    }

    fn region() -> CodeRegion {
        CodeRegion::new(4 << 20, 4 << 20).expect("code region")
    }

    /// The words of the host's context the stencils use.
    #[repr(C)]
    struct Context {
        stack_pointer: *mut u64,
        locals: *mut u64,
        host_words: [u64; 4],
        countdown: u64,
        /// Times the safe point ran.
        safe_points: u64,
    }

    const _: () = {
        assert!(std::mem::offset_of!(Context, stack_pointer) == context::STACK_POINTER as usize);
        assert!(std::mem::offset_of!(Context, locals) == context::LOCALS as usize);
        assert!(std::mem::offset_of!(Context, countdown) == context::COUNTDOWN as usize);
    };

    /// Back edges between safe points in these tests.
    const INTERVAL: u64 = 3;

    /// Stands in for `_EXIT_TRACE`'s helper.
    extern "C" fn leave(context: *mut Context, stack_pointer: *mut u64, _op: u64) -> i64 {
        // SAFETY: the tests pass a live `Context`.
        unsafe { (*context).stack_pointer = stack_pointer };
        status::LEFT
    }

    /// Stands in for `SAFE_POINT`: counts, and the loop goes on.
    extern "C" fn go_on(context: *mut Context, _stack_pointer: *mut u64, _op: u64) -> i64 {
        // SAFETY: the tests pass a live `Context`.
        unsafe {
            (*context).countdown = INTERVAL;
            (*context).safe_points += 1;
        }
        status::NEXT
    }

    /// Stands in for the helper of any other uop (none runs here).
    extern "C" fn unexpected(_context: *mut Context, _stack_pointer: *mut u64, _op: u64) -> i64 {
        std::process::abort()
    }

    fn helpers() -> Vec<u64> {
        let mut helpers = vec![unexpected as *const () as u64; 256];
        helpers[crate::table::helper::SAFE_POINT as usize] = go_on as *const () as u64;
        helpers[(crate::table::helper::FIRST_UOP + uops::Uop::ExitTrace as u8) as usize] =
            leave as *const () as u64;
        helpers
    }

    /// Runs `trace` on `locals` with an empty operand stack; returns the
    /// result and the stack depth the trace left with.
    fn run(trace: &[TraceInstruction], locals: &mut [u64]) -> (TraceResult, usize) {
        let (result, depth, _) = run_counting(trace, locals);
        (result, depth)
    }

    /// As `run`, also returning how many times the safe point ran.
    fn run_counting(trace: &[TraceInstruction], locals: &mut [u64]) -> (TraceResult, usize, u64) {
        let mut region = region();
        let compiled = compile_trace(&mut region, table(), trace, &helpers()).expect("compile");
        let mut stack = [0u64; 16];
        let mut context = Context {
            stack_pointer: stack.as_mut_ptr(),
            locals: locals.as_mut_ptr(),
            host_words: [0; 4],
            countdown: INTERVAL,
            safe_points: 0,
        };
        // SAFETY: the traces below use the locals given and at most a few
        // stack slots; the helpers take this context.
        let result = unsafe {
            compiled.run(
                &mut context as *mut Context as *mut u8,
                locals.as_mut_ptr(),
                stack.as_mut_ptr(),
            )
        };
        compiled.release(&mut region).expect("release");
        // SAFETY: both point into `stack`.
        let depth = unsafe { context.stack_pointer.offset_from(stack.as_ptr()) } as usize;
        (result, depth, context.safe_points)
    }

    fn int(value: i64) -> u64 {
        Value::small_int(value).bits()
    }

    fn uop(name: &str, index: usize) -> TraceInstruction {
        TraceInstruction::new(stencil(table(), name))
            .operands(0, index as u64, 0)
            .exit_payload(index as u64)
    }

    /// Appends `name` (with `oparg`, `operand0`) to `trace`.
    fn push(trace: &mut Vec<TraceInstruction>, name: &str, oparg: u64, operand0: u64) {
        let index = trace.len();
        trace.push(
            uop(name, index)
                .oparg(oparg)
                .operands(operand0, index as u64, 0),
        );
    }

    /// `local[target] = local[a] OP local[b]`.
    fn operation(trace: &mut Vec<TraceInstruction>, name: &str, target: u64, a: u64, b: u64) {
        push(trace, "_LOAD_FAST", a, 0);
        push(trace, "_LOAD_FAST", b, 0);
        push(trace, name, 0, 0);
        push(trace, "_STORE_FAST", target, 0);
    }

    fn leave_trace(trace: &mut Vec<TraceInstruction>) {
        push(trace, "_EXIT_TRACE", 0, 0);
    }

    #[test]
    fn forty_plus_two() {
        let mut trace = Vec::new();
        operation(&mut trace, "_BINARY_OP_ADD_INT", 2, 0, 1);
        leave_trace(&mut trace);
        let mut locals = [int(40), int(2), int(0)];
        let (result, depth) = run(&trace, &mut locals);
        assert_eq!(
            result,
            TraceResult {
                status: status::LEFT,
                payload: 4
            }
        );
        assert_eq!((locals[2], depth), (int(42), 0));
    }

    #[test]
    fn overflow_past_small_ints_takes_the_side_exit_with_the_stack_as_it_was() {
        let mut trace = Vec::new();
        operation(&mut trace, "_BINARY_OP_ADD_INT", 2, 0, 1);
        leave_trace(&mut trace);
        let mut locals = [int(runtime::value::SMALL_INT_MAX), int(1), int(-5)];
        let (result, depth) = run(&trace, &mut locals);
        assert_eq!(
            result,
            TraceResult {
                status: status::SIDE_EXIT,
                payload: 2
            }
        );
        // The two loads stay on the stack; the local is untouched.
        assert_eq!((locals[2], depth), (int(-5), 2));
    }

    #[test]
    fn an_unbound_local_exits() {
        let mut trace = Vec::new();
        push(&mut trace, "_LOAD_FAST", 0, 0);
        leave_trace(&mut trace);
        let mut locals = [Value::NULL.bits()];
        let (result, depth) = run(&trace, &mut locals);
        assert_eq!(
            (result.status, result.payload, depth),
            (status::SIDE_EXIT, 0, 0)
        );
    }

    /// A do-while loop (so n >= 1) over locals i, sum, limit:
    /// i = 1; sum = 0
    /// loop: sum += i; i += 1; if not i < limit: exit; jump to loop
    fn sum_trace() -> Vec<TraceInstruction> {
        let mut trace = Vec::new();
        push(&mut trace, "_LOAD_CONST", 0, int(1));
        push(&mut trace, "_STORE_FAST", 0, 0);
        push(&mut trace, "_LOAD_CONST", 0, int(0));
        push(&mut trace, "_STORE_FAST", 1, 0);
        let top = trace.len();
        operation(&mut trace, "_BINARY_OP_ADD_INT", 1, 1, 0);
        push(&mut trace, "_LOAD_FAST", 0, 0);
        push(&mut trace, "_LOAD_CONST", 0, int(1));
        push(&mut trace, "_BINARY_OP_ADD_INT", 0, 0);
        push(&mut trace, "_STORE_FAST", 0, 0);
        push(&mut trace, "_LOAD_FAST", 0, 0);
        push(&mut trace, "_LOAD_FAST", 2, 0);
        push(&mut trace, "_COMPARE_OP_INT_0", 0, 0);
        push(&mut trace, "_GUARD_IS_TRUE", 0, 0);
        push(&mut trace, "_JUMP_TO_TOP", 0, 0);
        let last = trace.len() - 1;
        trace[last] = trace[last].jump_to(top);
        trace
    }

    #[test]
    fn a_loop_sums_with_a_backward_jump_and_leaves_at_its_guard() {
        let trace = sum_trace();
        let guard = trace.len() as i64 - 2;
        for n in [1, 2, 10, 100_000] {
            let mut locals = [0, 0, int(n + 1)];
            let (result, depth, safe_points) = run_counting(&trace, &mut locals);
            // The back edge is taken n - 1 times; every third runs the
            // safe point.
            assert_eq!(safe_points, (n as u64 - 1) / INTERVAL, "n = {n}");
            assert_eq!(
                result,
                TraceResult {
                    status: status::SIDE_EXIT,
                    payload: guard
                }
            );
            // The exit leaves the comparison's bool on the stack.
            assert_eq!((locals[1], depth), (int(n * (n + 1) / 2), 1), "n = {n}");
        }
    }

    #[test]
    fn code_straddling_pages_works() {
        // Enough stencils to span several pages.
        let mut trace = Vec::new();
        for _ in 0..150 {
            operation(&mut trace, "_BINARY_OP_ADD_INT", 0, 0, 1);
        }
        leave_trace(&mut trace);
        let plan = layout(table(), &trace).unwrap();
        let region = region();
        assert!(
            plan.size > 2 * region.page_size(),
            "trace is {} bytes",
            plan.size
        );
        let mut locals = [int(0), int(1)];
        let (result, _) = run(&trace, &mut locals);
        assert_eq!((result.status, locals[0]), (status::LEFT, int(150)));
    }

    #[test]
    fn a_trace_that_falls_off_its_end_is_rejected() {
        let mut trace = Vec::new();
        push(&mut trace, "_LOAD_CONST", 0, int(1));
        assert!(matches!(
            compile_trace(&mut region(), table(), &trace, &helpers()),
            Err(crate::LoadError::FallsOffEnd { index: 0 })
        ));
    }

    #[test]
    fn the_code_cap_makes_compilation_fail_cleanly() {
        let mut small = CodeRegion::new(1 << 20, 0).unwrap();
        let mut trace = Vec::new();
        leave_trace(&mut trace);
        assert!(matches!(
            compile_trace(&mut small, table(), &trace, &helpers()),
            Err(crate::LoadError::Memory(
                jitmem::JitMemoryError::CapExceeded { .. }
            ))
        ));
    }

    /// A stencil name and its reference semantics on small ints (`None`:
    /// the side exit).
    type Operation = (&'static str, fn(i64, i64) -> Option<i64>);

    fn small(value: Option<i64>) -> Option<i64> {
        value.filter(|v| Value::fits_small_int(*v))
    }

    /// Python's `//` and `%`: rounding toward negative infinity.
    fn floor_divide(a: i64, b: i64) -> Option<i64> {
        let (q, r) = (a.checked_div(b)?, a.checked_rem(b)?);
        small(Some(if r != 0 && (r < 0) != (b < 0) {
            q - 1
        } else {
            q
        }))
    }

    fn remainder(a: i64, b: i64) -> Option<i64> {
        let r = a.checked_rem(b)?;
        Some(if r != 0 && (r < 0) != (b < 0) {
            r + b
        } else {
            r
        })
    }

    const OPERATIONS: [Operation; 5] = [
        ("_BINARY_OP_ADD_INT", |a, b| small(a.checked_add(b))),
        ("_BINARY_OP_SUBTRACT_INT", |a, b| small(a.checked_sub(b))),
        ("_BINARY_OP_MULTIPLY_INT", |a, b| small(a.checked_mul(b))),
        ("_BINARY_OP_FLOOR_DIVIDE_INT", floor_divide),
        ("_BINARY_OP_REMAINDER_INT", remainder),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Random chains of the arithmetic stencils agree with a plain Rust
        /// evaluator, including which op exits and the stack it leaves.
        #[test]
        fn random_chains_agree_with_an_evaluator(
            initial in proptest::collection::vec(
                prop_oneof![any::<i64>().prop_map(|v| v >> 20), -3i64..4],
                4,
            ),
            steps in proptest::collection::vec((0usize..5, 0u64..4, 0u64..4, 0u64..4), 1..40),
        ) {
            let mut trace = Vec::new();
            let mut expected: Vec<i64> = initial.clone();
            let mut expected_exit = None;
            for (operation_index, target, a, b) in &steps {
                let (name, evaluate) = OPERATIONS[*operation_index];
                let exit_index = trace.len() as i64 + 2;
                operation(&mut trace, name, *target, *a, *b);
                if expected_exit.is_none() {
                    match evaluate(expected[*a as usize], expected[*b as usize]) {
                        Some(v) => expected[*target as usize] = v,
                        None => expected_exit = Some(exit_index),
                    }
                }
            }
            leave_trace(&mut trace);
            let mut locals: Vec<u64> = initial.iter().map(|v| int(*v)).collect();
            let (result, depth) = run(&trace, &mut locals);
            match expected_exit {
                Some(index) => {
                    prop_assert_eq!(result, TraceResult { status: status::SIDE_EXIT, payload: index });
                    prop_assert_eq!(depth, 2);
                }
                None => {
                    prop_assert_eq!(result.status, status::LEFT);
                    prop_assert_eq!(depth, 0);
                }
            }
            let expected: Vec<u64> = expected.iter().map(|v| int(*v)).collect();
            prop_assert_eq!(locals, expected);
        }
    }
}
