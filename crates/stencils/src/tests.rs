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
        // Every hole kind appears somewhere in the test set.
        for value in [
            HoleValue::Oparg,
            HoleValue::Operand(0),
            HoleValue::Operand(1),
            HoleValue::Continue,
            HoleValue::Exit,
            HoleValue::JumpTarget,
            HoleValue::Helper(0),
        ] {
            assert!(
                table.holes.iter().any(|h| h.value == value),
                "{}: no {value:?}",
                table.target
            );
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod x86_64 {
    use super::*;

    fn table() -> &'static StencilTable {
        &generated::x86_64::TABLE
    }

    fn region() -> CodeRegion {
        CodeRegion::new(4 << 20, 4 << 20).expect("code region")
    }

    fn run(trace: &[TraceInstruction], slots: &mut [i64], helpers: &[u64]) -> TraceResult {
        let mut region = region();
        let compiled = compile_trace(&mut region, table(), trace, helpers).expect("compile");
        // SAFETY: every slot index used by the traces below is < slots.len().
        let result = unsafe { compiled.run(slots.as_mut_ptr(), std::ptr::null_mut(), 0) };
        compiled.release(&mut region).expect("release");
        result
    }

    fn load_constant(slot: u64, value: i64) -> TraceInstruction {
        TraceInstruction::new(stencil(table(), "load_constant"))
            .oparg(slot)
            .operands(value as u64, 0)
    }

    fn checked(name: &str, target: u64, a: u64, b: u64) -> TraceInstruction {
        TraceInstruction::new(stencil(table(), name))
            .oparg(target)
            .operands(a, b)
    }

    fn return_slot(slot: u64) -> TraceInstruction {
        TraceInstruction::new(stencil(table(), "return_to_host")).oparg(slot)
    }

    #[test]
    fn forty_plus_two() {
        let trace = [
            load_constant(0, 40),
            load_constant(1, 2),
            checked("int_add_checked", 2, 0, 1).exit_payload(99),
            return_slot(2),
        ];
        let mut slots = [0i64; 4];
        let result = run(&trace, &mut slots, &[]);
        assert_eq!(
            result,
            TraceResult {
                status: status::RETURNED,
                payload: 42
            }
        );
        assert_eq!(slots[2], 42);
    }

    #[test]
    fn overflow_takes_the_side_exit_and_leaves_the_slot_untouched() {
        let trace = [
            load_constant(0, i64::MAX),
            load_constant(1, 1),
            checked("int_add_checked", 2, 0, 1).exit_payload(7),
            return_slot(2),
        ];
        let mut slots = [0, 0, -5, 0];
        let result = run(&trace, &mut slots, &[]);
        assert_eq!(
            result,
            TraceResult {
                status: status::SIDE_EXIT,
                payload: 7
            }
        );
        assert_eq!(slots[2], -5);
    }

    extern "C" fn combine(a: i64, b: i64) -> i64 {
        a * 1000 + b
    }

    #[test]
    fn a_helper_call_works() {
        let trace = [
            load_constant(0, 12),
            load_constant(1, 34),
            TraceInstruction::new(stencil(table(), "call_helper"))
                .oparg(2)
                .operands(0, 1),
            return_slot(2),
        ];
        let mut slots = [0i64; 3];
        let result = run(&trace, &mut slots, &[combine as *const () as u64]);
        assert_eq!(result.payload, 12034);
    }

    /// A do-while loop (so n >= 1):
    /// i = 1; sum = 0; one = 1; limit = n + 1
    /// loop: sum += i; i += 1; if i < limit: goto loop
    /// return sum
    fn sum_trace(n: i64) -> Vec<TraceInstruction> {
        vec![
            load_constant(0, 1),
            load_constant(1, 0),
            load_constant(2, 1),
            load_constant(3, n + 1),
            checked("int_add_checked", 1, 1, 0),
            checked("int_add_checked", 0, 0, 2),
            TraceInstruction::new(stencil(table(), "branch_if_less"))
                .operands(0, 3)
                .jump_to(4),
            return_slot(1),
        ]
    }

    #[test]
    fn a_loop_sums_with_a_backward_jump() {
        for n in [1, 2, 10, 100_000] {
            let mut slots = [0i64; 4];
            let result = run(&sum_trace(n), &mut slots, &[]);
            assert_eq!(result.payload, n * (n + 1) / 2, "n = {n}");
        }
    }

    #[test]
    fn code_straddling_pages_works() {
        // Enough stencils to span several pages.
        let mut trace = vec![load_constant(0, 0), load_constant(1, 1)];
        for _ in 0..400 {
            trace.push(checked("int_add_checked", 0, 0, 1));
        }
        trace.push(return_slot(0));
        let plan = layout(table(), &trace).unwrap();
        let mut region = region();
        assert!(
            plan.size > 2 * region.page_size(),
            "trace is {} bytes",
            plan.size
        );
        let compiled = compile_trace(&mut region, table(), &trace, &[]).unwrap();
        let mut slots = [0i64; 2];
        // SAFETY: the trace uses slots 0 and 1.
        let result = unsafe { compiled.run(slots.as_mut_ptr(), std::ptr::null_mut(), 0) };
        assert_eq!(result.payload, 400);
        assert_eq!(compiled.dropped_jumps, trace.len() - 1);
    }

    #[test]
    fn a_trace_that_falls_off_its_end_is_rejected() {
        let trace = [load_constant(0, 1)];
        assert!(matches!(
            compile_trace(&mut region(), table(), &trace, &[]),
            Err(crate::LoadError::FallsOffEnd { index: 0 })
        ));
    }

    #[test]
    fn the_code_cap_makes_compilation_fail_cleanly() {
        let mut small = CodeRegion::new(1 << 20, 0).unwrap();
        let trace = [load_constant(0, 1), return_slot(0)];
        assert!(matches!(
            compile_trace(&mut small, table(), &trace, &[]),
            Err(crate::LoadError::Memory(
                jitmem::JitMemoryError::CapExceeded { .. }
            ))
        ));
    }

    /// A stencil name and its reference semantics (`None` = side exit).
    type Operation = (&'static str, fn(i64, i64) -> Option<i64>);

    const OPERATIONS: [Operation; 3] = [
        ("int_add_checked", i64::checked_add),
        ("int_subtract_checked", i64::checked_sub),
        ("int_multiply_checked", i64::checked_mul),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Random chains of the arithmetic stencils agree with a plain Rust
        /// evaluator, including which instruction exits.
        #[test]
        fn random_chains_agree_with_an_evaluator(
            initial in proptest::collection::vec(any::<i64>().prop_map(|v| v >> 40), 4),
            steps in proptest::collection::vec((0usize..3, 0u64..4, 0u64..4, 0u64..4), 1..40),
        ) {
            let mut trace = Vec::new();
            for (slot, value) in initial.iter().enumerate() {
                trace.push(load_constant(slot as u64, *value));
            }
            let mut expected_slots: Vec<i64> = initial.clone();
            let mut expected_exit = None;
            for (index, (operation, target, a, b)) in steps.iter().enumerate() {
                let (name, evaluate) = OPERATIONS[*operation];
                trace.push(checked(name, *target, *a, *b).exit_payload(index as u64));
                if expected_exit.is_none() {
                    match evaluate(expected_slots[*a as usize], expected_slots[*b as usize]) {
                        Some(v) => expected_slots[*target as usize] = v,
                        None => expected_exit = Some(index as i64),
                    }
                }
            }
            trace.push(return_slot(0));
            let mut slots = [0i64; 4];
            let result = run(&trace, &mut slots, &[]);
            match expected_exit {
                Some(index) => prop_assert_eq!(result, TraceResult { status: status::SIDE_EXIT, payload: index }),
                None => prop_assert_eq!(result, TraceResult { status: status::RETURNED, payload: expected_slots[0] }),
            }
            prop_assert_eq!(slots.to_vec(), expected_slots);
        }
    }
}
