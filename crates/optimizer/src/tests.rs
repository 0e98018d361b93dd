//! The optimizer on hand-written traces, with a toy value model.

use super::*;

/// Inline ints are `(v << 8) | 1`, bools `2`/`3`, None `4`, floats `5`.
struct Model;

impl ValueModel for Model {
    fn describe(&self, bits: u64) -> (Option<ValueType>, Option<i64>) {
        match bits & 0xff {
            1 => (Some(ValueType::Int), Some(bits as i64 >> 8)),
            2 => (Some(ValueType::Bool), Some(0)),
            3 => (Some(ValueType::Bool), Some(1)),
            4 => (Some(ValueType::None), None),
            5 => (Some(ValueType::Float), None),
            _ => (None, None),
        }
    }
    fn int_bits(&self, value: i64) -> u64 {
        ((value << 8) as u64) | 1
    }
    fn bool_bits(&self, value: bool) -> u64 {
        2 + value as u64
    }
    fn int_range(&self) -> (i64, i64) {
        (-(1 << 47), (1 << 47) - 1)
    }
    fn watchable(&self, dict: u64) -> bool {
        // Dict 7 keeps changing.
        dict != 7
    }
}

fn op(uop: Uop, oparg: u32) -> TraceOp {
    TraceOp::new(uop, oparg, 0)
}

fn constant(value: i64) -> TraceOp {
    let mut op = op(Uop::LoadConst, 0);
    op.operand0 = Model.int_bits(value);
    op
}

fn uops(trace: &Trace) -> Vec<Uop> {
    trace.ops.iter().map(|op| op.uop).collect()
}

fn trace(ops: Vec<TraceOp>) -> Trace {
    Trace {
        ops,
        ..Trace::default()
    }
}

/// `for i in range(n): total = total + i` as recorded.
fn summing_loop() -> Trace {
    use Uop::*;
    trace(vec![
        op(GuardIterRange, 0),
        op(ForIterRangeNext, 0),
        op(StoreFast, 1),
        op(LoadFast, 0),
        op(LoadFast, 1),
        op(GuardNosInt, 0),
        op(GuardTosInt, 0),
        op(BinaryOpAddInt, 0),
        op(StoreFast, 0),
        op(JumpToTop, 0),
    ])
}

#[test]
fn peeling_leaves_no_type_guard_in_the_loop_body() {
    let mut t = summing_loop();
    let stats = optimize(&mut t, &Model, true).unwrap();
    assert_eq!(stats.loops_peeled, 1);
    assert!(t.loop_start > 0);
    let body = &t.ops[t.loop_start..];
    assert!(
        body.iter().all(|op| !op.uop.is_guard()),
        "guards left in the loop body:\n{}",
        t.dump()
    );
    // The preamble keeps them, and the unbound checks become unchecked
    // loads in the body.
    assert!(
        t.ops[..t.loop_start]
            .iter()
            .any(|op| op.uop == Uop::GuardIterRange)
    );
    assert!(body.iter().all(|op| op.uop != Uop::LoadFast));
    assert_eq!(t.ops.last().unwrap().uop, Uop::JumpToTop);
}

#[test]
fn a_range_counter_needs_no_overflow_check() {
    use Uop::*;
    // `j = i + 1` where i comes from a range.
    let mut t = trace(vec![
        op(GuardIterRange, 0),
        op(ForIterRangeNext, 0),
        op(StoreFast, 1),
        op(LoadFast, 1),
        constant(1),
        op(GuardNosInt, 0),
        op(GuardTosInt, 0),
        op(BinaryOpAddInt, 0),
        op(StoreFast, 2),
        op(JumpToTop, 0),
    ]);
    let stats = optimize(&mut t, &Model, true).unwrap();
    assert!(uops(&t).contains(&BinaryOpAddIntInRange), "{}", t.dump());
    assert!(!uops(&t).contains(&BinaryOpAddInt));
    assert_eq!(stats.overflow_checks_removed, 2);
    // An accumulator's add keeps its check.
    let mut t = summing_loop();
    optimize(&mut t, &Model, true).unwrap();
    assert!(uops(&t).contains(&BinaryOpAddInt));
}

#[test]
fn constants_fold_and_known_branches_vanish() {
    use Uop::*;
    let mut t = trace(vec![
        constant(6),
        constant(7),
        op(GuardNosInt, 0),
        op(GuardTosInt, 0),
        op(BinaryOpMultiplyInt, 0),
        constant(42),
        op(CompareOpInt, 2),
        op(GuardIsTrue, 0),
        op(ExitTrace, 0),
    ]);
    let stats = optimize(&mut t, &Model, true).unwrap();
    assert_eq!(uops(&t), [ExitTrace], "{}", t.dump());
    assert_eq!(stats.constants_folded, 2);
    assert_eq!(stats.branch_guards_removed, 1);
    assert_eq!(stats.type_guards_removed, 2);
}

#[test]
fn folding_follows_python_division() {
    assert_eq!(fold_int(Uop::BinaryOpFloorDivideInt, -7, 2), Some(-4));
    assert_eq!(fold_int(Uop::BinaryOpRemainderInt, -7, 2), Some(1));
    assert_eq!(fold_int(Uop::BinaryOpRemainderInt, 7, -2), Some(-1));
    assert_eq!(fold_int(Uop::BinaryOpFloorDivideInt, 7, 0), None);
    assert_eq!(fold_int(Uop::BinaryOpFloorDivideInt, i64::MIN, -1), None);
}

#[test]
fn a_contradiction_abandons_the_trace() {
    use Uop::*;
    let mut t = trace(vec![constant(1), op(GuardTosFloat, 0), op(ExitTrace, 0)]);
    assert_eq!(
        optimize(&mut t, &Model, true),
        Err(EndReason::Contradiction)
    );
}

#[test]
fn a_type_that_changes_in_the_loop_keeps_its_guard() {
    use Uop::*;
    // x starts as an int (guarded), then becomes a float in the body:
    // the int guard must stay in the loop copy.
    let mut float = op(LoadConst, 0);
    float.operand0 = 5;
    let mut t = trace(vec![
        op(LoadFast, 0),
        op(GuardTosInt, 0),
        op(PopTop, 0),
        float,
        op(StoreFast, 0),
        op(JumpToTop, 0),
    ]);
    optimize(&mut t, &Model, true).unwrap();
    let body = &t.ops[t.loop_start..];
    assert!(body.iter().any(|op| op.uop == GuardTosInt), "{}", t.dump());
}

#[test]
fn version_guards_run_once() {
    use Uop::*;
    let mut guard = op(GuardGlobalsVersion, 0);
    guard.operand0 = 9;
    guard.operand1 = 7;
    let mut t = trace(vec![
        guard,
        op(LoadGlobalModule, 0),
        op(PopTop, 0),
        guard,
        op(LoadGlobalModule, 0),
        op(StoreFast, 0),
        op(JumpToTop, 0),
    ]);
    let stats = optimize(&mut t, &Model, true).unwrap();
    let guards = uops(&t)
        .iter()
        .filter(|&&u| u == GuardGlobalsVersion)
        .count();
    assert_eq!(guards, 1, "{}", t.dump());
    assert_eq!(stats.version_guards_removed, 3);
}

#[test]
fn an_unused_pure_push_is_removed() {
    use Uop::*;
    let mut t = trace(vec![
        op(LoadFast, 0),
        op(PopTop, 0),
        op(LoadFast, 0),
        op(PopTop, 0),
        op(ExitTrace, 0),
    ]);
    let stats = optimize(&mut t, &Model, true).unwrap();
    // The first load checks the local is bound (it may raise); the second
    // is then unchecked and goes with its pop.
    assert_eq!(uops(&t), [LoadFast, PopTop, ExitTrace], "{}", t.dump());
    assert_eq!(stats.dead_uops_removed, 2);
}

#[test]
fn watched_globals_become_dependencies_and_constants() {
    use Uop::*;
    // `f(x)` in a loop where `f` is a global function: the version guard
    // becomes a dependency plus a one-time dict identity guard, the load
    // a constant, and the callable guard on it disappears.
    let mut guard = op(GuardGlobalsVersion, 0);
    (guard.operand0, guard.operand1) = (9, 100);
    let mut load = op(LoadGlobalModule, 1);
    (load.operand0, load.operand1) = (0xf00, 3);
    let mut callable = op(GuardCallable, 1);
    callable.operand0 = 0xf00;
    let mut t = trace(vec![
        guard,
        load,
        op(LoadFast, 0),
        callable,
        op(PushFrame, 1),
        op(LoadFast, 0),
        op(PopFrame, 0),
        op(StoreFast, 1),
        op(JumpToTop, 0),
    ]);
    optimize(&mut t, &Model, true).unwrap();
    let all = uops(&t);
    assert!(!all.contains(&GuardGlobalsVersion), "{}", t.dump());
    assert!(!all.contains(&GuardCallable), "{}", t.dump());
    assert!(!all.contains(&LoadGlobalModule), "{}", t.dump());
    assert_eq!(all.iter().filter(|&&u| u == GuardGlobalsDict).count(), 1);
    assert!(
        !t.ops[t.loop_start..]
            .iter()
            .any(|op| op.uop == GuardGlobalsDict)
    );
    assert_eq!(
        t.dependencies,
        [
            uops::Dependency {
                dict: 100,
                keys_version: 9,
                entry: None
            },
            uops::Dependency {
                dict: 100,
                keys_version: 9,
                entry: Some((3, 0xf00))
            },
        ]
    );
}

#[test]
fn a_store_to_a_global_keeps_later_loads_guarded() {
    use Uop::*;
    let mut guard = op(GuardGlobalsVersion, 0);
    (guard.operand0, guard.operand1) = (9, 100);
    let mut load = op(LoadGlobalModule, 0);
    (load.operand0, load.operand1) = (0xf00, 3);
    let mut t = trace(vec![
        op(LoadFast, 0),
        op(StoreGlobal, 0),
        guard,
        load,
        op(StoreFast, 1),
        op(ExitTrace, 0),
    ]);
    optimize(&mut t, &Model, false).unwrap();
    let all = uops(&t);
    assert!(all.contains(&GuardGlobalsVersion), "{}", t.dump());
    assert!(all.contains(&LoadGlobalModule), "{}", t.dump());
    assert!(t.dependencies.is_empty());
}
