//! The JIT: optimized traces compiled by copy-and-patch and run as
//! machine code (`-X jit=on`).
//!
//! [`JitBackend`] turns a trace's ops into a chain of stencils from the
//! host's table (`crates/stencils`): one stencil per op, chosen by uop and,
//! for uops with variants, by oparg. Its holes are patched with the op's
//! oparg and `operand0`, the op's index (reported back with every status)
//! and the op's address (for helpers), and the helpers: one per uop
//! ([`execute_uop`], monomorphized), which runs that uop with the uop
//! interpreter's own code ([`Interpreter::execute_uop`]), and
//! [`safe_point`], a loop's back edge every [`SAFE_POINT_INTERVAL`] turns.
//!
//! A compiled trace runs on a [`JitContext`], whose first words are the
//! [`TraceFrame`] the uop interpreter keeps in registers. It returns to
//! [`Interpreter::execute_compiled`] with a status
//! (`stencils::table::status`) and the op's index; that function then does
//! what the uop interpreter does at the same op: take the exit (into a side
//! trace, or back to tier 1), raise, collect, or go to the root trace.
//!
//! Compiled code is owned by its executor. An invalidated executor's code
//! is retired and given back to the code region once no compiled code is
//! running (a nested run may be inside it).

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

use jitmem::CodeRegion;
use runtime::{PyErr, Runtime, Value};
use stencils::table::{context, helper, status};
use stencils::{CompiledTrace, StencilTable, TraceInstruction};
use uops::{Trace, TraceOp, Uop};

use crate::interpreter::Interpreter;
use crate::tier2::{Executor, SafePoint, TraceFrame, UopResult};

/// What a compiled trace works on: the frame state first (its layout is
/// `stencils::table::context`), then what the helpers need.
#[repr(C)]
pub(crate) struct JitContext {
    pub frame: TraceFrame,
    /// Back edges until the next safe point (`context::COUNTDOWN`).
    countdown: u64,
    /// What the countdown was last set to: the turns a safe point stands
    /// for.
    interval: u64,
    interpreter: *mut Interpreter,
    runtime: *mut Runtime,
    /// What an op that returned `RAISED` raised.
    error: Option<PyErr>,
}

const _: () = {
    assert!(std::mem::offset_of!(JitContext, frame) == 0);
    assert!(std::mem::offset_of!(TraceFrame, sp) == context::STACK_POINTER as usize);
    assert!(std::mem::offset_of!(TraceFrame, locals) == context::LOCALS as usize);
    assert!(std::mem::offset_of!(JitContext, countdown) == context::COUNTDOWN as usize);
};

/// Back edges of a compiled loop between full safe points. A helper that
/// ran code which may have changed what traces depend on (a watched dict)
/// or asked for a collection brings the next one forward to the next back
/// edge; signals wait at most this many turns.
pub const SAFE_POINT_INTERVAL: u64 = 128;

impl JitContext {
    /// Restarts the countdown (never past the interpreter's budget, so the
    /// budget runs out where the uop interpreter's would).
    fn restart_countdown(&mut self, budget: u64) {
        self.interval = SAFE_POINT_INTERVAL.min(budget).max(1);
        self.countdown = self.interval;
    }
}

/// The default `-X jit_max_code`, in MB.
pub const DEFAULT_MAX_CODE_MB: usize = 64;

/// The JIT's compiler state: the code region, the stencil for each uop,
/// and its figures.
pub struct JitBackend {
    region: CodeRegion,
    table: &'static StencilTable,
    /// The stencil of each uop, by `Uop as usize`.
    generic: Vec<usize>,
    /// Per-oparg variants.
    variants: HashMap<(Uop, u32), usize>,
    /// Code of invalidated executors, freed when no compiled code runs.
    retired: Vec<CompiledTrace>,
    /// Compiled code running now (nested runs count each).
    pub(crate) depth: usize,
    /// Reached the code cap or a region error: nothing more is compiled.
    pub full: bool,
    pub stats: JitCodeStats,
}

/// The JIT's figures for `-X jit_stats`.
#[derive(Default, Clone)]
pub struct JitCodeStats {
    pub traces_compiled: u64,
    /// Traces left to the uop interpreter (the code cap, a layout error).
    pub compile_failures: u64,
    /// Bytes of machine code laid out (before page rounding), and the
    /// uops they came from.
    pub code_bytes: u64,
    pub uops_compiled: u64,
    /// Bytes of bytecode the compiled traces came from.
    pub bytecode_bytes: u64,
    /// Copy, patch and protect time per trace, in nanoseconds.
    pub compile_nanos: Vec<u64>,
    /// Code freed after invalidation.
    pub traces_freed: u64,
}

impl JitBackend {
    /// A backend for the host machine, with a code cap of `max_code` bytes;
    /// `None` when the host has no stencil table (or no memory for code).
    pub fn new(max_code: usize) -> Option<JitBackend> {
        let table = stencils::host_table()?;
        let mut generic = Vec::with_capacity(Uop::ALL.len());
        let mut variants = HashMap::new();
        for &uop in Uop::ALL {
            generic.push(table.find(uop.name())?);
            for oparg in 0..8 {
                let name = stencils::table::variant_name(uop.name(), oparg);
                if let Some(index) = table.find(&name) {
                    variants.insert((uop, oparg), index);
                }
            }
        }
        // Reserved address space costs nothing until code is placed.
        let region = CodeRegion::new(max_code.max(1 << 20) * 2, max_code).ok()?;
        Some(JitBackend {
            region,
            table,
            generic,
            variants,
            retired: Vec::new(),
            depth: 0,
            full: false,
            stats: JitCodeStats::default(),
        })
    }

    fn stencil_for(&self, op: &TraceOp) -> usize {
        self.variants
            .get(&(op.uop, op.oparg))
            .copied()
            .unwrap_or(self.generic[op.uop as usize])
    }

    /// Compiles `trace` (which must stay where it is while the code lives:
    /// the code embeds its ops' addresses). `None` when it cannot be
    /// placed; the trace then runs in the uop interpreter.
    pub fn compile(&mut self, trace: &Trace, bytecode_bytes: usize) -> Option<CompiledTrace> {
        if self.full {
            self.stats.compile_failures += 1;
            return None;
        }
        let started = Instant::now();
        let instructions: Vec<TraceInstruction> = trace
            .ops
            .iter()
            .enumerate()
            .map(|(index, op)| {
                let instruction = TraceInstruction::new(self.stencil_for(op))
                    .oparg(op.oparg as u64)
                    .operands(op.operand0, index as u64, op as *const TraceOp as u64)
                    .exit_payload(index as u64);
                if op.uop == Uop::JumpToTop {
                    instruction.jump_to(trace.loop_start)
                } else {
                    instruction
                }
            })
            .collect();
        match stencils::compile_trace(&mut self.region, self.table, &instructions, &HELPERS) {
            Ok(compiled) => {
                self.stats.traces_compiled += 1;
                self.stats.code_bytes += compiled.code_size() as u64;
                self.stats.uops_compiled += trace.ops.len() as u64;
                self.stats.bytecode_bytes += bytecode_bytes as u64;
                self.stats
                    .compile_nanos
                    .push(started.elapsed().as_nanos() as u64);
                Some(compiled)
            }
            Err(stencils::LoadError::Memory(_)) => {
                self.full = true;
                self.stats.compile_failures += 1;
                None
            }
            Err(_) => {
                self.stats.compile_failures += 1;
                None
            }
        }
    }

    /// Takes an invalidated executor's code out of use.
    pub(crate) fn retire(&mut self, code: CompiledTrace) {
        self.retired.push(code);
        self.free_retired();
    }

    /// Gives retired code back once no compiled code runs.
    pub(crate) fn free_retired(&mut self) {
        if self.depth != 0 {
            return;
        }
        for code in self.retired.drain(..) {
            self.stats.traces_freed += 1;
            // A region error leaves the pages unusable, never reachable.
            let _ = code.release(&mut self.region);
        }
        self.full = false;
    }

    /// Bytes of code in use (whole pages).
    pub fn bytes_in_use(&self) -> usize {
        self.region.accounting().bytes_in_use
    }
}

/// Helper `FIRST_UOP + U`: uop number `U` of the uop table, as the uop
/// interpreter runs it (the match on the uop folds to its one arm).
extern "C" fn execute_uop<const U: usize>(
    context: *mut JitContext,
    sp: *mut Value,
    op: *const TraceOp,
) -> i64 {
    let Some(&uop) = Uop::ALL.get(U) else {
        // (Table slots past the last uop are never called.)
        return status::LEFT;
    };
    // SAFETY: compiled code passes the context `execute_compiled` made,
    // whose interpreter and runtime pointers are live and not otherwise
    // used while compiled code runs, and the address of one of the ops of
    // the executor it runs (kept alive by `execute_compiled`).
    let (context, op) = unsafe { (&mut *context, &*op) };
    // SAFETY: as above.
    let (interpreter, rt) = unsafe { (&mut *context.interpreter, &mut *context.runtime) };
    context.frame.sp = sp;
    let answer = match uop {
        Uop::JumpToRoot => match interpreter.safe_point(rt, 1) {
            SafePoint::Continue => status::JUMP_TO_ROOT,
            SafePoint::Leave => status::LEFT,
            SafePoint::Collect => status::COLLECT,
        },
        Uop::ExitTrace => status::LEFT,
        _ => match interpreter.execute_uop(rt, &mut context.frame, op, uop) {
            UopResult::Next => status::NEXT,
            UopResult::Exit => status::SIDE_EXIT,
            UopResult::Raise(error) => {
                context.error = Some(error);
                status::RAISED
            }
            UopResult::Control => status::LEFT,
        },
    };
    // The uop may have run code that changed a dict traces depend on, or
    // allocated enough to want a collection: the next back edge checks.
    if rt.heap.collection_requested || runtime::watch::epoch() != interpreter.tier2.epoch {
        context.countdown = 1;
    }
    answer
}

/// `SAFE_POINT`: `_JUMP_TO_TOP`'s back edge when the countdown runs out.
extern "C" fn safe_point(context: *mut JitContext, sp: *mut Value, _op: *const TraceOp) -> i64 {
    // SAFETY: as for `execute_uop`.
    let context = unsafe { &mut *context };
    // SAFETY: as above.
    let (interpreter, rt) = unsafe { (&mut *context.interpreter, &mut *context.runtime) };
    context.frame.sp = sp;
    match interpreter.safe_point(rt, context.interval) {
        SafePoint::Continue => {
            context.restart_countdown(interpreter.budget);
            status::NEXT
        }
        SafePoint::Leave => status::LEFT,
        SafePoint::Collect => status::COLLECT,
    }
}

/// Instantiates `execute_uop` for uop numbers 0 to 127.
macro_rules! uop_helpers {
    ($($n:literal)*) => {
        [$(execute_uop::<$n> as *const () as u64,)*]
    };
}

/// The helper table compiled code is patched with: `SAFE_POINT`, then one
/// helper per uop from `FIRST_UOP`.
static HELPERS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    const _: () = assert!(helper::SAFE_POINT == 0 && helper::FIRST_UOP == 1);
    let per_uop: [u64; 128] = uop_helpers!(
        0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
        32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60
        61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89
        90 91 92 93 94 95 96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113
        114 115 116 117 118 119 120 121 122 123 124 125 126 127
    );
    assert!(Uop::ALL.len() <= per_uop.len(), "more uops than helpers");
    std::iter::once(safe_point as *const () as u64)
        .chain(per_uop[..Uop::ALL.len()].iter().copied())
        .collect()
});

impl Interpreter {
    /// Runs executor `id`, compiled, on the top frame (at the trace's
    /// start) until it leaves; as [`Interpreter::run_executor`]'s uop
    /// interpreter would, to the byte.
    pub(crate) fn execute_compiled(&mut self, rt: &mut Runtime, id: usize) -> Result<(), PyErr> {
        let mut current = id;
        self.tier2.stats.entries += 1;
        let mut context = JitContext {
            frame: self.trace_frame(),
            countdown: 0,
            interval: 0,
            interpreter: std::ptr::null_mut(),
            runtime: std::ptr::null_mut(),
            error: None,
        };
        context.restart_countdown(self.budget);
        loop {
            let executor: Rc<Executor> = Rc::clone(&self.tier2.executors[current]);
            let Some(entry) = executor.compiled_entry() else {
                // Not compiled (the code cap): the uop interpreter runs it
                // from an instruction boundary.
                self.save_trace_frame(context.frame, executor.trace.start);
                self.tier2.stats.entries -= 1;
                return self.run_uops(rt, current);
            };
            executor.executions.set(executor.executions.get() + 1);
            context.interpreter = self;
            context.runtime = rt;
            if let Some(jit) = &mut self.tier2.jit {
                jit.depth += 1;
            }
            // SAFETY: the code was compiled from this executor's trace for
            // the host's table with `execute_uop` and `safe_point` as
            // helpers; `context.frame` is the top frame at the trace's
            // start; `executor` keeps the ops alive; `self` and `rt` are
            // only used through the context until it returns.
            let result = unsafe {
                entry.run(
                    &mut context as *mut JitContext as *mut u8,
                    context.frame.locals as *mut u64,
                    context.frame.sp as *mut u64,
                )
            };
            if let Some(jit) = &mut self.tier2.jit {
                jit.depth -= 1;
            }
            let index = result.payload as usize;
            let op = executor.trace.ops[index];
            match result.status {
                status::SIDE_EXIT => {
                    match self.take_exit(&executor, current, index, context.frame) {
                        Some(side) => current = side,
                        None => return Ok(()),
                    }
                }
                status::JUMP_TO_ROOT => current = executor.root,
                status::RAISED => {
                    // As tier 1 would have it: past the failing instruction.
                    self.save_trace_frame(context.frame, op.target + 1);
                    return Err(context.error.take().expect("a raising op sets the error"));
                }
                status::COLLECT => {
                    self.save_trace_frame(context.frame, op.target);
                    self.collect_at_safe_point(rt, &executor);
                    return Ok(());
                }
                _ => {
                    debug_assert_eq!(result.status, status::LEFT);
                    self.save_trace_frame(context.frame, op.target);
                    return Ok(());
                }
            }
        }
    }
}
