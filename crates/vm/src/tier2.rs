//! Tier 2 inside the interpreter: finding hot loops, feeding the recorder,
//! installing executors, and the uop interpreter that runs them.
//!
//! A `JUMP_BACKWARD` counts its executions in its inline cache (`counter`,
//! with `backoff` after a failed recording). When the count reaches
//! `-X jit_threshold`, the interpreter switches to its recording copy of
//! the dispatch loop (`run_loop::<_, true>`), which hands each instruction
//! to the [`trace::Recorder`] before running it. A finished trace is
//! optimized (`optimizer`), becomes an [`Executor`], and the jump's cache
//! names it (`data` = index + 1): from then on the jump runs the executor
//! instead of the loop's bytecode.
//!
//! The uop interpreter ([`Interpreter::run_executor`]) works on the frame
//! the interpreter itself uses (locals and operand stack in the value
//! stack), calling the same semantics as tier 1 ([`crate::actions`]).
//! Leaving a trace writes the frame's instruction index and stack depth:
//! tier 1 resumes as if it had run the trace's instructions itself.
//!
//! Executors keep their code object alive (they are GC roots through
//! [`Tier2::roots`]) and live as long as the process.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::time::Instant;

use bytecode::Opcode;
use optimizer::ValueType;
use runtime::object::{CodeValue, Object};
use runtime::{PyResult, Runtime, Value};
use trace::{Recorder, Recording, Step, TopKind};
use uops::{EndReason, Trace, TraceOp, Uop};

use crate::actions::{
    self, FloatOperation, IterationStep, SequenceKind, int_arithmetic, unpack_sequence,
};
use crate::interpreter::Interpreter;
use crate::jit::JitBackend;
use crate::options::JitMode;
use stencils::{CompiledTrace, TraceEntry};

/// The most recordings one loop may fail before it is left to tier 1 for
/// good (the wait doubles after each).
const MAX_BACKOFF: u16 = 6;

/// One optimized trace and what it has done.
pub struct Executor {
    pub trace: Trace,
    /// The trace as recorded, for `-X jit_dump`.
    pub recorded_length: usize,
    /// The code object the trace runs (kept alive by the executor).
    pub code_value: Value,
    pub executions: Cell<u64>,
    /// Exits taken, by the uop that left.
    pub exits: Vec<Cell<u64>>,
    /// The side trace each exit leads to (its executor's index + 1; 0:
    /// back to tier 1).
    pub sides: Vec<Cell<u32>>,
    /// Failed recordings of a side trace at each exit (the wait doubles).
    side_attempts: Vec<Cell<u8>>,
    /// The root trace of this trace tree (itself for a root), where a
    /// side trace's `_JUMP_TO_ROOT` goes.
    pub root: usize,
    /// Side traces between this one and its root (0 for a root).
    pub chain_depth: u8,
    /// Where the executor is linked in (undone when it is invalidated).
    attach: Attach,
    /// Values the trace embeds (folded globals, the dicts it depends on),
    /// kept alive while it lives.
    roots: Vec<Value>,
    /// Invalidated: unlinked, its trace dropped; never runs again.
    pub invalid: bool,
    /// `executions` when cold traces were last looked for.
    executions_seen: Cell<u64>,
    /// The trace as machine code (`-X jit=on`), until invalidated.
    compiled: RefCell<Option<CompiledTrace>>,
}

impl Executor {
    /// The compiled trace's entry point, if it is compiled.
    pub(crate) fn compiled_entry(&self) -> Option<TraceEntry> {
        self.compiled.borrow().as_ref().map(CompiledTrace::entry)
    }

    /// What stays in an invalidated executor's slot (executor indices are
    /// stable: side-trace links and caches name them).
    fn tombstone(root: usize, attach: Attach) -> Executor {
        Executor {
            trace: Trace::default(),
            recorded_length: 0,
            code_value: Value::NONE,
            executions: Cell::new(0),
            exits: Vec::new(),
            sides: Vec::new(),
            side_attempts: Vec::new(),
            root,
            chain_depth: 0,
            attach,
            roots: Vec::new(),
            invalid: true,
            executions_seen: Cell::new(0),
            compiled: RefCell::new(None),
        }
    }
}

/// A dict whose changes invalidated traces this many times is guarded
/// rather than depended on.
const MAX_DICT_INVALIDATIONS: u32 = 3;

/// Collections between looks for traces that stopped running (each look
/// frees the trees not run since the last).
const COLD_TRACE_COLLECTIONS: u64 = 64;

/// Where a finished trace is linked in.
#[derive(Clone, Copy)]
enum Attach {
    /// A root trace: the cache of the `JUMP_BACKWARD` at this index of the
    /// recording's code names it.
    Jump(usize),
    /// A side trace: exit `exit` of executor `parent` leads to it.
    Side { parent: usize, exit: usize },
    /// A trace from a function's first instruction: the recording's code
    /// object's `entry` cache names it.
    Entry,
}

/// A recording in progress.
struct ActiveRecording {
    recorder: Recorder,
    /// The `run` nesting level that records (nested runs do not).
    nesting: usize,
    /// The code object recorded (kept alive while recording).
    code_value: Value,
    attach: Attach,
}

/// Side traces hang off a trace at most this many levels deep (CPython's
/// limit).
pub const MAX_CHAIN_DEPTH: u8 = 4;

/// The most failed recordings of a side trace at one exit.
const MAX_SIDE_ATTEMPTS: u8 = 4;

/// The default `-X jit_side_threshold`: exits taken before a side trace is
/// recorded from one.
pub const DEFAULT_SIDE_THRESHOLD: u16 = 64;

/// Tier 2's figures (`-X jit_stats`).
#[derive(Default)]
pub struct JitStats {
    pub traces_started: u64,
    /// Traces installed, by how recording ended (a closed loop, or an exit
    /// before an instruction tier 2 cannot run).
    pub traces_completed: BTreeMap<EndReason, u64>,
    /// Recordings given up, by reason.
    pub traces_aborted: BTreeMap<EndReason, u64>,
    pub uops_recorded: u64,
    pub uops_optimized: u64,
    pub optimizer: optimizer::OptimizerStats,
    /// Time the optimizer took per trace, in nanoseconds.
    pub optimize_nanos: Vec<u64>,
    /// Side traces installed (included in `traces_completed`).
    pub side_traces: u64,
    /// Executors invalidated because a dict they depend on changed.
    pub invalidations: u64,
    /// Executors freed because their tree stopped running.
    pub cold_freed: u64,
    /// The instructions recordings stopped at (unsupported, not
    /// specialized, calls not followed), by name: tier 2's to-do list.
    pub stopped_at: BTreeMap<&'static str, u64>,
    /// Executors entered from tier 1 (a trace entered through a side
    /// exit or a jump to its root counts in its `executions` only).
    pub entries: u64,
}

/// Tier 2's state in an interpreter.
pub struct Tier2 {
    pub mode: JitMode,
    pub threshold: u16,
    pub side_threshold: u16,
    pub optimize: bool,
    pub collect_stats: bool,
    /// `-X jit_dump`: the dump so far (written out at exit).
    pub dump: Option<String>,
    pub stats: JitStats,
    pub executors: Vec<Rc<Executor>>,
    recording: Option<ActiveRecording>,
    /// The executors that depend on each watched dict (by the address
    /// `runtime::watch` reports).
    watchers: HashMap<usize, Vec<usize>>,
    /// How many times each dict's changes invalidated traces: past
    /// [`MAX_DICT_INVALIDATIONS`], traces guard it instead.
    dict_invalidations: HashMap<usize, u32>,
    /// `runtime::watch::epoch()` when invalidations were last processed.
    pub(crate) epoch: u64,
    /// Set when the dispatch loop returns only to be re-entered (in its
    /// other copy when recording started or ended; after running
    /// `entry_to_run`).
    pub(crate) switch_loop: bool,
    /// A function's entry trace to run before the loop goes on (the
    /// callee's frame is pushed and saved).
    pub(crate) entry_to_run: Option<usize>,
    /// True while an executor runs (a frame it pushes does not start
    /// another).
    executing: bool,
    /// The JIT's code and figures (`-X jit=on`; made at the first
    /// compilation).
    pub jit: Option<JitBackend>,
    /// `-X jit_max_code`, in bytes.
    pub max_code: usize,
}

impl Default for Tier2 {
    fn default() -> Self {
        Tier2 {
            mode: JitMode::Off,
            threshold: crate::options::DEFAULT_JIT_THRESHOLD,
            side_threshold: DEFAULT_SIDE_THRESHOLD,
            optimize: true,
            collect_stats: false,
            dump: None,
            stats: JitStats::default(),
            executors: Vec::new(),
            recording: None,
            watchers: HashMap::new(),
            dict_invalidations: HashMap::new(),
            epoch: runtime::watch::epoch(),
            switch_loop: false,
            entry_to_run: None,
            executing: false,
            jit: None,
            max_code: crate::jit::DEFAULT_MAX_CODE_MB << 20,
        }
    }
}

/// What a hot backward jump leads to.
pub(crate) enum LoopHead {
    /// Run the loop in tier 1.
    Stay,
    /// Switch to the recording loop.
    Record,
    /// An executor ran; the frame says where tier 1 resumes.
    Ran(PyResult<()>),
}

impl Tier2 {
    /// Values tier 2 keeps alive: the code objects of executors and of the
    /// recording in progress.
    pub fn roots(&self) -> impl Iterator<Item = Value> + '_ {
        self.executors
            .iter()
            .flat_map(|e| std::iter::once(e.code_value).chain(e.roots.iter().copied()))
            .chain(self.recording.iter().map(|r| r.code_value))
    }

    /// Invalidates the traces that depend on dicts changed since the last
    /// look (`runtime::watch`).
    fn process_invalidations(&mut self) {
        self.epoch = runtime::watch::epoch();
        for address in runtime::watch::take_changed() {
            if let Some(ids) = self.watchers.remove(&address) {
                *self.dict_invalidations.entry(address).or_default() += 1;
                for id in ids {
                    if !self.executors[id].invalid {
                        self.stats.invalidations += self.invalidate_tree(id) as u64;
                    }
                }
            }
        }
    }

    /// Unlinks and drops every trace of the tree executor `id` is in (side
    /// traces jump to their root, so they go with it).
    fn invalidate_tree(&mut self, id: usize) -> usize {
        let root = self.executors[id].root;
        let mut dropped = 0;
        for j in 0..self.executors.len() {
            let executor = &self.executors[j];
            if executor.invalid || executor.root != root {
                continue;
            }
            match executor.attach {
                Attach::Jump(jump) => {
                    if let Some(code) = code_of(executor.code_value) {
                        let cache = &code.caches[jump];
                        cache.data.set(0);
                        cache.counter.set(0);
                        cache
                            .backoff
                            .set((cache.backoff.get() + 1).min(MAX_BACKOFF + 1));
                    }
                }
                Attach::Entry => {
                    if let Some(code) = code_of(executor.code_value) {
                        code.entry.data.set(0);
                        code.entry.counter.set(0);
                        code.entry
                            .backoff
                            .set((code.entry.backoff.get() + 1).min(MAX_BACKOFF + 1));
                    }
                }
                Attach::Side { parent, exit } => {
                    if let Some(side) = self.executors[parent].sides.get(exit) {
                        side.set(0);
                    }
                }
            }
            let attach = executor.attach;
            if let Some(code) = executor.compiled.borrow_mut().take()
                && let Some(jit) = &mut self.jit
            {
                jit.retire(code);
            }
            self.executors[j] = Rc::new(Executor::tombstone(root, attach));
            dropped += 1;
        }
        dropped
    }

    /// After collections: frees the trace trees that have not run since
    /// the last look.
    pub(crate) fn free_cold_traces(&mut self, collections: u64) {
        if !collections.is_multiple_of(COLD_TRACE_COLLECTIONS) {
            return;
        }
        for id in 0..self.executors.len() {
            let executor = &self.executors[id];
            if executor.invalid || executor.root != id {
                continue;
            }
            let executions: u64 = self
                .executors
                .iter()
                .filter(|e| e.root == id && !e.invalid)
                .map(|e| e.executions.get())
                .sum();
            if executions == executor.executions_seen.get() {
                self.stats.cold_freed += self.invalidate_tree(id) as u64;
            } else {
                executor.executions_seen.set(executions);
            }
        }
    }

    /// True while the `run` at `nesting` should use the recording loop.
    pub(crate) fn records_at(&self, nesting: usize) -> bool {
        self.recording
            .as_ref()
            .is_some_and(|r| r.nesting == nesting)
    }

    /// Gives up the recording in progress (an exception, or the recording
    /// `run` returned).
    pub(crate) fn abort_recording(&mut self, reason: EndReason) {
        if let Some(recording) = self.recording.take() {
            self.failed(&recording, reason);
        }
    }

    fn failed(&mut self, recording: &ActiveRecording, reason: EndReason) {
        *self.stats.traces_aborted.entry(reason).or_default() += 1;
        // A loop that ran out while recording is not hard to trace: it
        // was recorded in its last turn. Try again at the next count.
        let step = u16::from(reason != EndReason::LoopExited);
        match recording.attach {
            Attach::Jump(jump) => {
                if let Some(code) = code_of(recording.code_value) {
                    let cache = &code.caches[jump];
                    cache
                        .backoff
                        .set((cache.backoff.get() + step).min(MAX_BACKOFF + 1));
                    cache.counter.set(0);
                }
            }
            Attach::Side { parent, exit } => {
                let parent = &self.executors[parent];
                let attempts = &parent.side_attempts[exit];
                attempts.set(attempts.get() + 1);
                parent.exits[exit].set(0);
            }
            Attach::Entry => {
                if let Some(code) = code_of(recording.code_value) {
                    let cache = &code.entry;
                    cache
                        .backoff
                        .set((cache.backoff.get() + 1).min(MAX_BACKOFF + 1));
                    cache.counter.set(0);
                }
            }
        }
    }

    /// Optimizes a finished trace and names it in the jump's cache.
    fn install(&mut self, recording: ActiveRecording, mut trace: Trace, reason: EndReason) {
        let Some(code) = code_of(recording.code_value) else {
            return;
        };
        let recorded = trace.clone();
        self.stats.uops_recorded += trace.ops.len() as u64;
        if self.optimize {
            let started = Instant::now();
            let model = RuntimeValues {
                dict_invalidations: &self.dict_invalidations,
            };
            let outcome = optimizer::optimize(&mut trace, &model, self.dump.is_some());
            self.stats
                .optimize_nanos
                .push(started.elapsed().as_nanos() as u64);
            match outcome {
                Ok(stats) => self.stats.optimizer.add(&stats),
                Err(reason) => {
                    self.failed(&recording, reason);
                    return;
                }
            }
        }
        // The dicts the trace depends on must still be as recorded (the
        // loop may have changed them since).
        let mut roots = Vec::new();
        for dependency in &trace.dependencies {
            let dict = Value::from_bits(dependency.dict);
            let holds = actions::keys_version(dict) == Some(dependency.keys_version)
                && dependency.entry.is_none_or(|(index, value)| {
                    actions::entry_value(dict, index).map(Value::bits) == Some(value)
                });
            if !holds {
                self.failed(&recording, EndReason::DependencyChanged);
                return;
            }
            if !roots.contains(&dict) {
                roots.push(dict);
            }
            if let Some((_, value)) = dependency.entry {
                roots.push(Value::from_bits(value));
            }
        }
        self.stats.uops_optimized += trace.ops.len() as u64;
        *self.stats.traces_completed.entry(reason).or_default() += 1;
        for op in trace.ops.iter().filter(|op| op.uop.embeds_value()) {
            roots.push(Value::from_bits(op.operand0));
        }
        let id = self.executors.len();
        for &dict in roots.iter().filter(|v| dict_address(**v).is_some()) {
            if let (Some(address), Some(Object::Dict(d))) =
                (dict_address(dict), dict.object().map(|o| &o.payload))
            {
                d.borrow_mut().watch();
                let watchers = self.watchers.entry(address).or_default();
                if !watchers.contains(&id) {
                    watchers.push(id);
                }
            }
        }
        if let Some(dump) = &mut self.dump {
            dump.push_str(&format!(
                "trace {id}: {} line {}, loop at instruction {} ({}, {} uops)\n",
                code.code.name,
                code.code
                    .lines
                    .get(trace.start as usize)
                    .copied()
                    .unwrap_or(0),
                trace.start,
                reason.name(),
                recorded.ops.len(),
            ));
            dump.push_str("  recorded:\n");
            dump.push_str(&indent(&recorded.dump()));
            if self.optimize {
                dump.push_str(&format!("  optimized ({} uops):\n", trace.ops.len()));
                dump.push_str(&indent(&trace.dump()));
            }
        }
        let length = trace.ops.len();
        let (root, chain_depth) = match recording.attach {
            Attach::Jump(_) | Attach::Entry => (id, 0),
            Attach::Side { parent, .. } => {
                let parent = &self.executors[parent];
                (parent.root, parent.chain_depth + 1)
            }
        };
        self.executors.push(Rc::new(Executor {
            recorded_length: recorded.ops.len(),
            trace,
            code_value: recording.code_value,
            executions: Cell::new(0),
            exits: (0..length).map(|_| Cell::new(0)).collect(),
            sides: (0..length).map(|_| Cell::new(0)).collect(),
            side_attempts: (0..length).map(|_| Cell::new(0)).collect(),
            root,
            chain_depth,
            attach: recording.attach,
            roots,
            invalid: false,
            executions_seen: Cell::new(0),
            compiled: RefCell::new(None),
        }));
        if self.mode == JitMode::On {
            self.compile(id);
        }
        match recording.attach {
            Attach::Jump(jump) => code.caches[jump].data.set(id as u64 + 1),
            Attach::Entry => code.entry.data.set(id as u64 + 1),
            Attach::Side { parent, exit } => {
                self.stats.side_traces += 1;
                self.executors[parent].sides[exit].set(id as u32 + 1);
            }
        }
    }
}

impl Tier2 {
    /// Compiles executor `id`'s trace (the first time: makes the JIT's
    /// code region). A trace that cannot be compiled stays with the uop
    /// interpreter.
    fn compile(&mut self, id: usize) {
        if self.jit.is_none() {
            self.jit = JitBackend::new(self.max_code);
        }
        let Some(jit) = &mut self.jit else {
            return;
        };
        let executor = &self.executors[id];
        let mut instructions: Vec<u32> = executor.trace.ops.iter().map(|op| op.target).collect();
        instructions.sort_unstable();
        instructions.dedup();
        let bytecode_bytes = instructions.len() * std::mem::size_of::<bytecode::Instruction>();
        let compiled = jit.compile(&executor.trace, bytecode_bytes);
        *executor.compiled.borrow_mut() = compiled;
    }
}

/// The address `runtime::watch` reports a dict's changes under.
fn dict_address(dict: Value) -> Option<usize> {
    match dict.object().map(|o| &o.payload) {
        // SAFETY: reading the dict's address runs no code.
        Some(Object::Dict(d)) => Some(unsafe { d.read_unguarded(|d| d.address()) }),
        _ => None,
    }
}

/// What the optimizer asks about values, answered from their encoding.
struct RuntimeValues<'a> {
    dict_invalidations: &'a HashMap<usize, u32>,
}

impl optimizer::ValueModel for RuntimeValues<'_> {
    fn watchable(&self, dict: u64) -> bool {
        dict_address(Value::from_bits(dict)).is_some_and(|address| {
            self.dict_invalidations
                .get(&address)
                .is_none_or(|&n| n < MAX_DICT_INVALIDATIONS)
        })
    }
    fn describe(&self, bits: u64) -> (Option<ValueType>, Option<i64>) {
        let v = Value::from_bits(bits);
        if v.is_small_int() {
            return (Some(ValueType::Int), Some(v.as_small_int()));
        }
        if v.is_float() {
            return (Some(ValueType::Float), None);
        }
        if v.is_bool() {
            return (Some(ValueType::Bool), Some((v == Value::TRUE) as i64));
        }
        if v.is_none() {
            return (Some(ValueType::None), None);
        }
        let value_type = match v.object().map(|o| &o.payload) {
            Some(Object::Str(_)) if runtime::as_str(v).is_some() => Some(ValueType::Str),
            Some(Object::Tuple(_)) => Some(ValueType::Tuple),
            _ => None,
        };
        (value_type, None)
    }

    fn int_bits(&self, value: i64) -> u64 {
        Value::small_int(value).bits()
    }

    fn bool_bits(&self, value: bool) -> u64 {
        Value::bool(value).bits()
    }

    fn int_range(&self) -> (i64, i64) {
        (runtime::value::SMALL_INT_MIN, runtime::value::SMALL_INT_MAX)
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

fn code_of(code_value: Value) -> Option<&'static CodeValue> {
    match code_value.object().map(|o| &o.payload) {
        // SAFETY: code objects are boxed and never move; the caller keeps
        // `code_value` alive (a frame or a tier-2 root) while it uses the
        // reference.
        Some(Object::Code(code)) => Some(unsafe { &*(&**code as *const CodeValue) }),
        _ => None,
    }
}

impl Interpreter {
    /// A `JUMP_BACKWARD` at `jump` of the top frame's `code` was taken
    /// (the frame is saved, at the loop head): run its executor, or count
    /// towards recording one.
    #[inline(never)]
    pub(crate) fn at_loop_head(
        &mut self,
        rt: &mut Runtime,
        code: &CodeValue,
        jump: usize,
        head: usize,
    ) -> LoopHead {
        if self.tier2.records_at(self.nesting) {
            // The recorder must see the loop run in tier 1.
            return LoopHead::Stay;
        }
        let cache = &code.caches[jump];
        let executor = cache.data.get();
        if executor != 0 {
            let result = self.run_executor(rt, executor as usize - 1);
            if result.is_ok() && self.tier2.records_at(self.nesting) {
                // A hot exit started a side trace's recording.
                return LoopHead::Record;
            }
            return LoopHead::Ran(result);
        }
        if self.tier2.recording.is_some() {
            return LoopHead::Stay;
        }
        let backoff = cache.backoff.get();
        if backoff > MAX_BACKOFF {
            return LoopHead::Stay;
        }
        let count = cache.counter.get() as u32 + 1;
        if count < (self.tier2.threshold as u32) << backoff {
            cache.counter.set(count.min(u16::MAX as u32) as u16);
            return LoopHead::Stay;
        }
        cache.counter.set(0);
        let frame_index = self.frames.len() - 1;
        let frame = &self.frames[frame_index];
        self.tier2.stats.traces_started += 1;
        self.tier2.recording = Some(ActiveRecording {
            recorder: Recorder::new(frame_index, code as *const CodeValue as usize, head as u32),
            nesting: self.nesting,
            code_value: frame.code_value,
            attach: Attach::Jump(jump),
        });
        LoopHead::Record
    }

    /// The recording loop's hook, before the instruction at `ip` of the
    /// top frame runs (its operand stack is `stack_top` deep, as an index).
    /// True when recording ended: the loop switches back.
    #[inline(never)]
    pub(crate) fn record_instruction(
        &mut self,
        rt: &Runtime,
        code: &CodeValue,
        ip: usize,
        stack_top: usize,
    ) -> bool {
        let Some(recording) = self.tier2.recording.as_mut() else {
            return true;
        };
        let frame_index = self.frames.len() - 1;
        let frame = &self.frames[frame_index];
        let instruction = code.instructions[ip].get();
        let cache = &code.caches[ip];
        let top = if stack_top > frame.stack_base {
            let v = self.stack.get(stack_top - 1);
            if v.is_bool() {
                TopKind::Bool
            } else if v.is_none() {
                TopKind::None
            } else {
                TopKind::Other
            }
        } else {
            TopKind::Other
        };
        let constant = if matches!(instruction.opcode, Opcode::LoadConst | Opcode::ReturnConst) {
            code.constants[instruction.arg as usize].bits()
        } else {
            0
        };
        let mut step = Step {
            frame: frame_index,
            code: code as *const CodeValue as usize,
            ip: ip as u32,
            opcode: instruction.opcode,
            oparg: instruction.arg,
            cache: [cache.data.get(), cache.data2.get(), cache.data3.get()],
            constant,
            top,
            globals: frame.globals.bits(),
            builtins: rt.builtins.bits(),
            global_value: match instruction.opcode {
                Opcode::LoadGlobalModule | Opcode::LoadGlobalBuiltin => {
                    let (globals_version, builtins_version, index) =
                        actions::global_cache_words(cache);
                    let builtins_version = (instruction.opcode == Opcode::LoadGlobalBuiltin)
                        .then_some(builtins_version);
                    actions::global_entry(
                        rt,
                        frame.globals,
                        globals_version,
                        builtins_version,
                        index,
                    )
                    .map_or(0, Value::bits)
                }
                _ => 0,
            },
            cache_hit: match (instruction.opcode, stack_top > frame.stack_base) {
                (
                    Opcode::LoadAttrInstanceValue
                    | Opcode::LoadAttrMethod
                    | Opcode::StoreAttrInstanceValue,
                    true,
                ) => actions::instance_layout_is(
                    self.stack.get(stack_top - 1),
                    cache.data.get(),
                    cache.data2.get(),
                ),
                _ => false,
            },
        };
        if !step.cache_hit
            && matches!(
                instruction.opcode,
                Opcode::LoadAttrInstanceValue | Opcode::LoadAttrMethod
            )
            && stack_top > frame.stack_base
            && let Some(Object::Instance(instance)) =
                self.stack.get(stack_top - 1).object().map(|o| &o.payload)
            && let Some((class, layout, data3)) = actions::attribute_cache_words(
                rt,
                instruction.opcode,
                instance,
                code.names[(instruction.arg >> 1) as usize],
            )
        {
            // A polymorphic site: record it for the receiver seen now
            // (tier 1 is about to point its cache there too).
            step.cache = [class, layout, data3];
            step.cache_hit = true;
        }
        let outcome = recording.recorder.record(&step);
        if let Recording::Done(_, reason) | Recording::Aborted(reason) = &outcome
            && matches!(
                reason,
                EndReason::UnsupportedInstruction
                    | EndReason::NotSpecialized
                    | EndReason::UnsupportedCall
            )
        {
            *self
                .tier2
                .stats
                .stopped_at
                .entry(instruction.opcode.name())
                .or_default() += 1;
        }
        match outcome {
            Recording::Continue => false,
            Recording::Done(trace, reason) => {
                let recording = self.tier2.recording.take().expect("recording");
                self.tier2.install(recording, trace, reason);
                true
            }
            Recording::Aborted(reason) => {
                self.tier2.abort_recording(reason);
                true
            }
        }
    }

    /// The uop interpreter: runs executor `id` on the top frame, which is
    /// at the trace's loop head, until the trace exits. The frame is then
    /// saved where tier 1 resumes; on an error, at the failing instruction
    /// (for `unwind`).
    pub(crate) fn run_executor(&mut self, rt: &mut Runtime, id: usize) -> PyResult<()> {
        if runtime::watch::epoch() != self.tier2.epoch {
            self.tier2.process_invalidations();
        }
        if self.tier2.executors[id].invalid {
            // Invalidated: tier 1 runs on from where the frame is.
            return Ok(());
        }
        self.tier2.executing = true;
        let result = if self.tier2.mode == JitMode::On {
            self.execute_compiled(rt, id)
        } else {
            self.run_uops(rt, id)
        };
        self.tier2.executing = false;
        result
    }

    /// A Python function's frame was just pushed for a call (the top
    /// frame, at its first instruction): have its entry trace run, or
    /// count towards recording one. Loop-free recursive code (`fib`) is
    /// traced from here, as LuaJIT and PyPy do and CPython does not.
    #[inline(never)]
    pub(crate) fn at_function_entry(&mut self, code: &CodeValue) {
        if self.tier2.executing || self.tier2.recording.is_some() {
            return;
        }
        let entry = &code.entry;
        let executor = entry.data.get();
        if executor != 0 {
            self.tier2.entry_to_run = Some(executor as usize - 1);
            self.tier2.switch_loop = true;
            return;
        }
        let backoff = entry.backoff.get();
        if backoff > MAX_BACKOFF {
            return;
        }
        let count = entry.counter.get() as u32 + 1;
        if count < (self.tier2.threshold as u32) << backoff {
            entry.counter.set(count.min(u16::MAX as u32) as u16);
            return;
        }
        entry.counter.set(0);
        let frame_index = self.frames.len() - 1;
        let frame = &self.frames[frame_index];
        self.tier2.stats.traces_started += 1;
        self.tier2.recording = Some(ActiveRecording {
            recorder: Recorder::new(frame_index, code as *const CodeValue as usize, 0),
            nesting: self.nesting,
            code_value: frame.code_value,
            attach: Attach::Entry,
        });
        self.tier2.switch_loop = true;
    }

    /// The uop interpreter proper: runs executor `id` (and the side traces
    /// its exits lead to) on the top frame.
    pub(crate) fn run_uops(&mut self, rt: &mut Runtime, id: usize) -> PyResult<()> {
        let mut current = id;
        self.tier2.stats.entries += 1;
        let mut s = self.trace_frame();
        let mut pc = 0;

        'executors: loop {
            let executor = Rc::clone(&self.tier2.executors[current]);
            executor.executions.set(executor.executions.get() + 1);
            let ops = &executor.trace.ops;
            loop {
                // SAFETY: every trace ends in an op that jumps or exits, so `pc`
                // stays within `ops`.
                let op = unsafe { ops.get_unchecked(pc) };
                pc += 1;
                match self.execute_uop(rt, &mut s, op, op.uop) {
                    UopResult::Next => {}
                    UopResult::Exit => match self.take_exit(&executor, current, pc - 1, s) {
                        Some(side) => {
                            current = side;
                            pc = 0;
                            continue 'executors;
                        }
                        None => return Ok(()),
                    },
                    UopResult::Raise(error) => {
                        // As tier 1 would have it: past the failing
                        // instruction.
                        self.save_trace_frame(s, op.target + 1);
                        return Err(error);
                    }
                    UopResult::Control => match op.uop {
                        Uop::JumpToTop | Uop::JumpToRoot => match self.safe_point(rt, 1) {
                            SafePoint::Continue if op.uop == Uop::JumpToTop => {
                                pc = executor.trace.loop_start;
                            }
                            SafePoint::Continue => {
                                current = executor.root;
                                pc = 0;
                                continue 'executors;
                            }
                            SafePoint::Leave => {
                                self.save_trace_frame(s, op.target);
                                return Ok(());
                            }
                            SafePoint::Collect => {
                                self.save_trace_frame(s, op.target);
                                self.collect_at_safe_point(rt, &executor);
                                return Ok(());
                            }
                        },
                        _ => {
                            // `_EXIT_TRACE`.
                            self.save_trace_frame(s, op.target);
                            return Ok(());
                        }
                    },
                }
            }
        }
    }

    /// The top frame as a trace starts on it (at an instruction boundary,
    /// saved).
    pub(crate) fn trace_frame(&mut self) -> TraceFrame {
        let frame_index = self.frames.len() - 1;
        let frame = self.frames[frame_index];
        TraceFrame {
            sp: self.stack.slot(frame.sp),
            locals: self.stack.slot(frame.base),
            frame_index,
            globals: frame.globals,
            code: frame.code,
            stack_origin: self.stack.base,
        }
    }

    /// Saves the frame a trace runs in, to resume at instruction `ip`.
    pub(crate) fn save_trace_frame(&mut self, s: TraceFrame, ip: u32) {
        let f = &mut self.frames[s.frame_index];
        f.ip = ip as usize;
        // SAFETY: `sp` points into the value stack buffer.
        f.sp = unsafe { s.sp.offset_from(s.stack_origin) as usize };
    }

    /// The safe point of a loop's back edge (`_JUMP_TO_TOP`,
    /// `_JUMP_TO_ROOT`), as tier 1's `JUMP_BACKWARD` has it; anything to
    /// raise is left to tier 1, which raises it at its own next back edge.
    /// `turns` is how many back edges the check stands for (the JIT checks
    /// every few).
    #[inline(always)]
    pub(crate) fn safe_point(&mut self, rt: &Runtime, turns: u64) -> SafePoint {
        if rt.heap.collection_requested && self.may_collect() {
            return SafePoint::Collect;
        }
        // A watched dict changed (the trace may have stored a global): the
        // traces depending on it must not run on.
        if runtime::signals::event_pending()
            || self.budget < turns
            || runtime::watch::epoch() != self.tier2.epoch
        {
            return SafePoint::Leave;
        }
        self.budget -= turns;
        SafePoint::Continue
    }

    /// A safe point asked for a collection: the frame is saved at the loop
    /// head. Tier 1 resumes after it: finalizers may have run code that
    /// breaks what the optimizer assumed.
    #[cold]
    pub(crate) fn collect_at_safe_point(&mut self, rt: &mut Runtime, executor: &Executor) {
        // (A loop that runs on in one entry is not cold.)
        executor.executions.set(executor.executions.get() + 1);
        self.collect_garbage(rt);
    }

    /// Op `index` of executor `id` left the trace at the start of its
    /// instruction: into its side trace if it has one (returned), else to
    /// tier 1 (the frame saved), recording a side trace from there once
    /// the exit is hot.
    pub(crate) fn take_exit(
        &mut self,
        executor: &Executor,
        id: usize,
        index: usize,
        s: TraceFrame,
    ) -> Option<usize> {
        let side = executor.sides[index].get();
        if side != 0 && runtime::watch::epoch() == self.tier2.epoch {
            return Some(side as usize - 1);
        }
        let taken = executor.exits[index].get() + 1;
        executor.exits[index].set(taken);
        self.save_trace_frame(s, executor.trace.ops[index].target);
        let attempts = executor.side_attempts[index].get();
        if taken >= (self.tier2.side_threshold as u64) << attempts {
            self.consider_side_trace(executor, id, index);
        }
        None
    }

    /// One uop (`op`, whose uop is `uop`) on the frame state `s`: the
    /// semantics the uop interpreter and the JIT's helper share. An op that
    /// exits or raises has changed nothing the exit must undo (guards
    /// come first; actions check before they write).
    #[inline(always)]
    pub(crate) fn execute_uop(
        &mut self,
        rt: &mut Runtime,
        s: &mut TraceFrame,
        op: &TraceOp,
        uop: Uop,
    ) -> UopResult {
        // The stack discipline of the dispatch loop: every access stays
        // within the frame's slots, because the trace's uops keep the
        // stack effects of the instructions they came from (checked by the
        // `uops` crate's tests) and start from the depth tier 1 had at the
        // loop head.
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                // SAFETY: see above.
                unsafe {
                    *s.sp = v;
                    s.sp = s.sp.add(1);
                }
            }};
        }
        macro_rules! pop {
            () => {{
                // SAFETY: see above.
                unsafe {
                    s.sp = s.sp.sub(1);
                    *s.sp
                }
            }};
        }
        macro_rules! discard {
            () => {
                // SAFETY: see above.
                s.sp = unsafe { s.sp.sub(1) }
            };
        }
        macro_rules! peek {
            ($n:expr) => {
                // SAFETY: see above.
                unsafe { *s.sp.sub($n) }
            };
        }
        macro_rules! set_top {
            ($v:expr) => {{
                let v = $v;
                // SAFETY: see above.
                unsafe { *s.sp.sub(1) = v }
            }};
        }
        macro_rules! exit {
            () => {
                return UopResult::Exit
            };
        }
        macro_rules! raise {
            ($e:expr) => {
                return UopResult::Raise($e)
            };
        }
        // (`uop` is `op.uop`; the JIT's helpers pass it as a constant.)
        match uop {
            Uop::LoadFast => {
                // SAFETY: local indices come from the compiler.
                let v = unsafe { *s.locals.add(op.oparg as usize) };
                if v.is_null() {
                    exit!();
                }
                push!(v);
            }
            Uop::LoadFastUnchecked => {
                // SAFETY: as above.
                push!(unsafe { *s.locals.add(op.oparg as usize) });
            }
            Uop::StoreFast => {
                let v = pop!();
                // SAFETY: as above.
                unsafe { *s.locals.add(op.oparg as usize) = v };
            }
            Uop::LoadDeref | Uop::StoreDeref => {
                // SAFETY: the frame keeps its code object alive.
                let code = unsafe { &*s.code };
                // SAFETY: cell indices come from the compiler.
                let cell = unsafe { *s.locals.add(actions::cell_slot(&code.code, op.oparg)) };
                let Some(Object::Cell(cell)) = cell.object().map(|o| &o.payload) else {
                    exit!()
                };
                if op.uop == Uop::StoreDeref {
                    cell.set(pop!());
                } else {
                    let v = cell.get();
                    if v.is_null() {
                        exit!();
                    }
                    push!(v);
                }
            }
            Uop::StoreGlobal => {
                // SAFETY: the frame keeps its code object alive.
                let code = unsafe { &*s.code };
                let v = pop!();
                if let Err(e) =
                    actions::store_global(rt, s.globals, code.names[op.oparg as usize], v)
                {
                    raise!(e);
                }
            }
            Uop::LoadConst | Uop::LoadValue => push!(Value::from_bits(op.operand0)),
            Uop::PopTop => {
                discard!();
            }
            Uop::PushNull => push!(Value::NULL),
            Uop::Copy => push!(peek!(op.oparg as usize)),
            Uop::Swap => {
                // SAFETY: see the stack discipline above.
                unsafe { std::ptr::swap(s.sp.sub(1), s.sp.sub(op.oparg as usize)) };
            }
            Uop::GuardTosInt => {
                if !peek!(1).is_small_int() {
                    exit!();
                }
            }
            Uop::GuardNosInt => {
                if !peek!(2).is_small_int() {
                    exit!();
                }
            }
            Uop::GuardTosFloat => {
                if !peek!(1).is_float() {
                    exit!();
                }
            }
            Uop::GuardNosFloat => {
                if !peek!(2).is_float() {
                    exit!();
                }
            }
            Uop::GuardTosBool => {
                if !peek!(1).is_bool() {
                    exit!();
                }
            }
            Uop::GuardTosNone => {
                if !peek!(1).is_none() {
                    exit!();
                }
            }
            Uop::GuardTosStr => {
                if runtime::as_str(peek!(1)).is_none() {
                    exit!();
                }
            }
            Uop::GuardNosStr => {
                if runtime::as_str(peek!(2)).is_none() {
                    exit!();
                }
            }
            Uop::GuardTosList => {
                if !matches!(peek!(1).object().map(|o| &o.payload), Some(Object::List(_))) {
                    exit!();
                }
            }
            Uop::GuardNosList => {
                if !matches!(peek!(2).object().map(|o| &o.payload), Some(Object::List(_))) {
                    exit!();
                }
            }
            Uop::GuardNosTuple => {
                if !matches!(
                    peek!(2).object().map(|o| &o.payload),
                    Some(Object::Tuple(_))
                ) {
                    exit!();
                }
            }
            Uop::GuardIterRange | Uop::GuardIterList | Uop::GuardIterTuple => {
                if !iterator_is(peek!(1), op.uop) {
                    exit!();
                }
            }
            Uop::GuardTypeVersion => {
                let matches = match peek!(1).object().map(|o| &o.payload) {
                    Some(Object::Instance(instance)) => {
                        instance.class.bits() == op.operand0
                            && runtime::objects::class::version(instance.class) as u64
                                == op.operand1
                    }
                    _ => false,
                };
                if !matches {
                    exit!();
                }
            }
            Uop::GuardShape => {
                let matches = match peek!(1).object().map(|o| &o.payload) {
                    Some(Object::Instance(instance)) => instance.shape.get() as u64 == op.operand0,
                    _ => false,
                };
                if !matches {
                    exit!();
                }
            }
            Uop::LoadAttrInstanceValue => {
                let Some(value) = actions::instance_value(peek!(1), op.operand0) else {
                    exit!()
                };
                set_top!(value);
                if op.oparg & 1 != 0 {
                    push!(Value::NULL);
                }
            }
            Uop::LoadAttrMethod => {
                // The class (guarded, kept alive) holds the function.
                let owner = peek!(1);
                set_top!(Value::from_bits(op.operand0));
                push!(owner);
            }
            Uop::StoreAttrInstanceValue => {
                let Some(Object::Instance(instance)) = peek!(1).object().map(|o| &o.payload) else {
                    exit!()
                };
                actions::store_instance_value(instance, peek!(2), op.operand0);
                discard!();
                discard!();
            }
            Uop::UnpackSequenceTwoTuple | Uop::UnpackSequenceTuple | Uop::UnpackSequenceList => {
                // (The frame's stack size counts the items, as for tier 1.)
                unpack_sequence!(
                    op.uop,
                    Uop::UnpackSequenceTwoTuple,
                    Uop::UnpackSequenceTuple,
                    Uop::UnpackSequenceList,
                    peek!(1),
                    op.oparg as usize,
                    push,
                    discard,
                    exit!()
                );
            }
            Uop::ForIterEnumerateNext | Uop::ForIterEnumeratePairNext => {
                // Running out leaves the trace: tier 1 runs the
                // `FOR_ITER` again and leaves the loop.
                let Some(Some((count, item))) = actions::enumerate_step(peek!(1)) else {
                    exit!()
                };
                if op.uop == Uop::ForIterEnumeratePairNext {
                    push!(item);
                    push!(count);
                } else {
                    let pair = rt.new_tuple_from_slice(&[count, item]);
                    push!(pair);
                }
            }
            Uop::ContainsOpDict | Uop::ContainsOpSet => {
                let (item, container) = (peek!(2), peek!(1));
                let set_form = op.uop == Uop::ContainsOpSet;
                let found = match actions::builtin_contains(rt, set_form, item, container) {
                    Some(Ok(found)) => found,
                    Some(Err(e)) => raise!(e),
                    None => exit!(),
                };
                discard!();
                set_top!(Value::bool(found != (op.oparg == 1)));
            }
            Uop::ListAppend => {
                let item = peek!(1);
                let target = peek!(op.oparg as usize + 1);
                if !actions::list_append(rt, target, item) {
                    exit!();
                }
                discard!();
            }
            Uop::CallBuiltinLen => {
                let argc = op.oparg as usize;
                // One argument and no self: `len(x)`.
                if argc != 1 || !peek!(2).is_null() {
                    exit!();
                }
                let result = match actions::builtin_len(rt, peek!(1)) {
                    Some(Ok(n)) => n,
                    Some(Err(e)) => raise!(e),
                    None => exit!(),
                };
                discard!();
                discard!();
                set_top!(result);
            }
            Uop::UnaryNegativeNumber => {
                let Some(result) = actions::negate_number(rt, peek!(1)) else {
                    exit!()
                };
                set_top!(result);
            }
            Uop::GuardGlobalsDict => {
                if s.globals.bits() != op.operand0 {
                    exit!();
                }
            }
            Uop::GuardGlobalsVersion => {
                if actions::keys_version(s.globals) != Some(op.operand0) {
                    exit!();
                }
            }
            Uop::GuardBuiltinsVersion => {
                if actions::keys_version(rt.builtins) != Some(op.operand0) {
                    exit!();
                }
            }
            Uop::GuardIsTrue | Uop::GuardIsFalse | Uop::GuardIsNone | Uop::GuardIsNotNone => {
                let v = peek!(1);
                let holds = match op.uop {
                    Uop::GuardIsTrue => v == Value::TRUE,
                    Uop::GuardIsFalse => v == Value::FALSE,
                    Uop::GuardIsNone => v.is_none(),
                    _ => !v.is_none(),
                };
                if !holds {
                    exit!();
                }
                discard!();
            }
            Uop::BinaryOpAddInt
            | Uop::BinaryOpSubtractInt
            | Uop::BinaryOpMultiplyInt
            | Uop::BinaryOpFloorDivideInt
            | Uop::BinaryOpRemainderInt
            | Uop::BinaryOpAddIntInRange
            | Uop::BinaryOpSubtractIntInRange => {
                let (x, y) = (peek!(2).as_small_int(), peek!(1).as_small_int());
                let result = match op.uop {
                    // (A result past the inline range leaves the trace
                    // below: the optimizer counts on inline results.)
                    Uop::BinaryOpAddInt => int_arithmetic!(Add, rt, x, y, exit!()),
                    Uop::BinaryOpSubtractInt => {
                        int_arithmetic!(Subtract, rt, x, y, exit!())
                    }
                    Uop::BinaryOpMultiplyInt => {
                        int_arithmetic!(Multiply, rt, x, y, exit!())
                    }
                    Uop::BinaryOpFloorDivideInt => {
                        int_arithmetic!(FloorDivide, rt, x, y, exit!())
                    }
                    Uop::BinaryOpRemainderInt => {
                        int_arithmetic!(Remainder, rt, x, y, exit!())
                    }
                    // Ranges proved the result inline.
                    Uop::BinaryOpAddIntInRange => Value::small_int(x + y),
                    _ => Value::small_int(x - y),
                };
                if !result.is_small_int() {
                    exit!();
                }
                discard!();
                set_top!(result);
            }
            Uop::BinaryOpBitwiseInt => {
                let (a, b) = (peek!(2), peek!(1));
                let Some(result) = actions::small_int_bitwise(rt, op.oparg, a, b) else {
                    exit!()
                };
                discard!();
                set_top!(result);
            }
            Uop::BinaryOpAddFloat
            | Uop::BinaryOpSubtractFloat
            | Uop::BinaryOpMultiplyFloat
            | Uop::BinaryOpTrueDivideFloat => {
                let operation = match op.uop {
                    Uop::BinaryOpAddFloat => FloatOperation::Add,
                    Uop::BinaryOpSubtractFloat => FloatOperation::Subtract,
                    Uop::BinaryOpMultiplyFloat => FloatOperation::Multiply,
                    _ => FloatOperation::TrueDivide,
                };
                let Some(result) = actions::float_operation(operation, peek!(2), peek!(1)) else {
                    exit!()
                };
                discard!();
                set_top!(result);
            }
            Uop::BinaryOpAddStr => {
                let (a, b) = (peek!(2), peek!(1));
                let result = match actions::concatenate_strs(rt, a, b) {
                    Some(Ok(v)) => v,
                    Some(Err(e)) => raise!(e),
                    None => exit!(),
                };
                discard!();
                set_top!(result);
            }
            Uop::CompareOpInt => {
                let ordering = peek!(2).as_small_int().cmp(&peek!(1).as_small_int());
                discard!();
                set_top!(Value::bool(actions::comparison_result(
                    op.oparg,
                    Some(ordering)
                )));
            }
            Uop::CompareOpFloat => {
                let Some(ordering) = actions::float_ordering(peek!(2), peek!(1)) else {
                    exit!()
                };
                discard!();
                set_top!(Value::bool(actions::comparison_result(op.oparg, ordering)));
            }
            Uop::CompareOpStr => {
                let (a, b) = (peek!(2), peek!(1));
                let (Some(x), Some(y)) = (runtime::as_str(a), runtime::as_str(b)) else {
                    exit!()
                };
                let result = actions::comparison_result(op.oparg, Some(x.cmp(y)));
                discard!();
                set_top!(Value::bool(result));
            }
            Uop::IsOp => {
                let b = pop!();
                let same = peek!(1) == b;
                set_top!(Value::bool(same != (op.oparg == 1)));
            }
            Uop::UnaryNotBool => set_top!(Value::bool(peek!(1) == Value::FALSE)),
            Uop::ToBoolInt => set_top!(Value::bool(peek!(1).as_small_int() != 0)),
            Uop::ToBoolNone => set_top!(Value::FALSE),
            Uop::ToBoolList | Uop::ToBoolStr => {
                let truth = if op.uop == Uop::ToBoolList {
                    actions::list_truth(peek!(1))
                } else {
                    actions::str_truth(peek!(1))
                };
                let Some(truth) = truth else { exit!() };
                set_top!(Value::bool(truth));
            }
            Uop::LoadGlobalModule | Uop::LoadGlobalBuiltin => {
                let dict = if op.uop == Uop::LoadGlobalModule {
                    s.globals
                } else {
                    rt.builtins
                };
                let Some(v) = actions::entry_value(dict, op.operand1) else {
                    exit!()
                };
                push!(v);
                if op.oparg & 1 != 0 {
                    push!(Value::NULL);
                }
            }
            Uop::BinarySubscrListInt | Uop::BinarySubscrTupleInt => {
                let (container, key) = (peek!(2), peek!(1));
                let item = if op.uop == Uop::BinarySubscrListInt {
                    actions::list_item(container, key)
                } else {
                    actions::tuple_item(container, key)
                };
                let Some(item) = item else { exit!() };
                discard!();
                set_top!(item);
            }
            Uop::StoreSubscrListInt => {
                let (value, container, key) = (peek!(3), peek!(2), peek!(1));
                if !actions::store_list_item(container, key, value) {
                    exit!();
                }
                discard!();
                discard!();
                discard!();
            }
            Uop::ForIterRangeNext | Uop::ForIterListNext | Uop::ForIterTupleNext => {
                let kind = match op.uop {
                    Uop::ForIterRangeNext => SequenceKind::Range,
                    Uop::ForIterListNext => SequenceKind::List,
                    _ => SequenceKind::Tuple,
                };
                match actions::sequence_iterator_next(rt, kind, peek!(1)) {
                    IterationStep::Item(v) => push!(v),
                    // Tier 1 runs the `FOR_ITER` again and leaves the
                    // loop.
                    IterationStep::Exhausted | IterationStep::Miss => exit!(),
                }
            }
            Uop::GuardCallable => {
                if peek!(op.oparg as usize + 2).bits() != op.operand0 {
                    exit!();
                }
            }
            Uop::PushFrame => {
                // As tier 1's `CALL_PY_EXACT_ARGS`.
                let argc = op.oparg as usize;
                // SAFETY: the call protocol pushed argc + 2 items.
                let function_slot = unsafe { s.sp.sub(argc + 2) };
                // SAFETY: as above.
                let (callable, self_or_null) = unsafe { (*function_slot, *function_slot.add(1)) };
                let (args_start, count) = if self_or_null.is_null() {
                    (function_slot.wrapping_add(2), argc)
                } else {
                    (function_slot.wrapping_add(1), argc + 1)
                };
                // SAFETY: both point into the value stack buffer.
                let (function_index, args_index) = unsafe {
                    (
                        function_slot.offset_from(s.stack_origin) as usize,
                        args_start.offset_from(s.stack_origin) as usize,
                    )
                };
                let caller = &mut self.frames[s.frame_index];
                caller.ip = op.target as usize + 1;
                caller.sp = function_index;
                if !self.push_plain_frame(callable, args_index, count, rt.recursion_limit) {
                    exit!();
                }
                s.frame_index += 1;
                let callee = self.frames[s.frame_index];
                s.locals = self.stack.slot(callee.base);
                s.sp = self.stack.slot(callee.sp);
                s.globals = callee.globals;
                s.code = callee.code;
            }
            Uop::PushInitFrame => {
                // As tier 1's `CALL_ALLOC_AND_ENTER_INIT`: the class
                // (guarded before) at its version, no self, and an
                // `__init__` that is not a generator.
                let argc = op.oparg as usize;
                let class = peek!(argc + 2);
                let init = Value::from_bits(op.operand0);
                let plain_init = crate::frame::function_object(init)
                    .and_then(|f| crate::frame::code_value(f.code))
                    .is_some_and(|c| c.code.flags & bytecode::flags::GENERATOR == 0);
                if runtime::objects::class::version(class) as u64 != op.operand1
                    || !peek!(argc + 1).is_null()
                    || !plain_init
                {
                    exit!();
                }
                // SAFETY: the call protocol pushed argc + 2 items.
                let function_slot = unsafe { s.sp.sub(argc + 2) };
                let instance = runtime::objects::instance::new_instance(rt, class);
                // SAFETY: `function_slot + 1` is the call's NULL self
                // slot, below `s.sp`.
                unsafe { *function_slot.add(1) = instance };
                // SAFETY: self and the `argc` arguments follow it.
                let args = unsafe { std::slice::from_raw_parts(function_slot.add(1), argc + 1) };
                // SAFETY: both point into the value stack buffer.
                let (function_index, base) = unsafe {
                    (
                        function_slot.offset_from(s.stack_origin) as usize,
                        function_slot.add(1).offset_from(s.stack_origin) as usize,
                    )
                };
                let caller = &mut self.frames[s.frame_index];
                caller.ip = op.target as usize + 1;
                caller.sp = function_index;
                if let Err(e) = self.push_function_frame(rt, init, base, args, &[], false) {
                    // Raised at the call, as tier 1 raises it.
                    raise!(e);
                }
                s.frame_index += 1;
                self.frames[s.frame_index].init_instance = instance;
                let callee = self.frames[s.frame_index];
                s.locals = self.stack.slot(callee.base);
                s.sp = self.stack.slot(callee.sp);
                s.globals = callee.globals;
                s.code = callee.code;
            }
            Uop::PopFrame => {
                // As tier 1's `RETURN_VALUE` from a frame `_PUSH_FRAME`
                // or `_PUSH_INIT_FRAME` entered (no generator).
                let init_instance = self.frames[s.frame_index].init_instance;
                let mut result = peek!(1);
                if !init_instance.is_null() {
                    if !result.is_none() {
                        // Tier 1 raises the `TypeError` at the call.
                        exit!();
                    }
                    result = init_instance;
                }
                // (The callee's stack goes with its frame.)
                self.frames.pop();
                s.frame_index -= 1;
                let caller = &mut self.frames[s.frame_index];
                let slot = caller.sp;
                caller.sp = slot + 1;
                let caller = *caller;
                self.stack.set(slot, result);
                s.locals = self.stack.slot(caller.base);
                s.sp = self.stack.slot(caller.sp);
                s.globals = caller.globals;
                s.code = caller.code;
            }
            Uop::JumpToTop | Uop::JumpToRoot | Uop::ExitTrace => return UopResult::Control,
        }
        UopResult::Next
    }

    /// Exit `exit` of executor `id` is hot: record a side trace from where
    /// it resumes, unless the tree is deep enough, the exit cannot start
    /// one, or a recording is under way.
    #[cold]
    fn consider_side_trace(&mut self, executor: &Executor, id: usize, exit: usize) {
        let op = executor.trace.ops[exit];
        if self.tier2.recording.is_some()
            || executor.chain_depth >= MAX_CHAIN_DEPTH
            || executor.side_attempts[exit].get() >= MAX_SIDE_ATTEMPTS
            || !op.uop.can_exit()
            || op.uop.flags() & uops::flags::ENDS != 0
        {
            return;
        }
        let frame_index = self.frames.len() - 1;
        let frame = &self.frames[frame_index];
        let root = &self.tier2.executors[executor.root];
        let loop_head = root.trace.start;
        let loop_code = code_of(root.code_value).map_or(0, |c| c as *const CodeValue as usize);
        self.tier2.stats.traces_started += 1;
        self.tier2.recording = Some(ActiveRecording {
            recorder: Recorder::side(
                frame_index,
                frame.code as usize,
                op.target,
                loop_code,
                loop_head,
            ),
            nesting: self.nesting,
            code_value: frame.code_value,
            attach: Attach::Side { parent: id, exit },
        });
    }
}

/// The frame state a trace runs on: the uop interpreter keeps it in
/// registers, the JIT in its context (whose first words these are, at the
/// offsets `stencils::table::context` gives).
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct TraceFrame {
    /// One past the operand stack's top.
    pub sp: *mut Value,
    /// The frame's first local.
    pub locals: *mut Value,
    /// The frame's index in the interpreter's frames.
    pub frame_index: usize,
    pub globals: Value,
    pub code: *const CodeValue,
    /// The value stack's first slot (indices in frames count from it).
    pub stack_origin: *mut Value,
}

/// How one uop ended.
pub(crate) enum UopResult {
    Next,
    /// Leave the trace at the start of the op's instruction.
    Exit,
    /// The op raised (tier 1 unwinds from past its instruction).
    Raise(runtime::PyErr),
    /// Trace control (`_JUMP_TO_TOP`, `_JUMP_TO_ROOT`, `_EXIT_TRACE`):
    /// each backend's own.
    Control,
}

/// What a loop's safe point decided.
pub(crate) enum SafePoint {
    Continue,
    /// Leave the trace at the loop head (a signal, a spent budget, a
    /// changed dict).
    Leave,
    /// Leave at the loop head and collect.
    Collect,
}

/// Whether `iterator` is the kind of iterator a `_GUARD_ITER_*` uop wants.
fn iterator_is(iterator: Value, guard: Uop) -> bool {
    use runtime::object::IteratorState;
    let Some(Object::Iterator(cell)) = iterator.object().map(|o| &o.payload) else {
        return false;
    };
    let state = cell.borrow();
    match (&*state, guard) {
        (
            IteratorState::Range {
                next,
                remaining,
                step,
            },
            Uop::GuardIterRange,
        ) => {
            // Every value left lies between the next and the last.
            let last = *next as i128 + (*remaining as i128 - 1).max(0) * *step as i128;
            let bound = uops::RANGE_ITERATOR_BOUND as i128;
            (-bound..=bound).contains(&(*next as i128)) && (-bound..=bound).contains(&last)
        }
        (IteratorState::Sequence { sequence, .. }, Uop::GuardIterList) => {
            matches!(sequence.object().map(|o| &o.payload), Some(Object::List(_)))
        }
        (IteratorState::Sequence { sequence, .. }, Uop::GuardIterTuple) => {
            matches!(
                sequence.object().map(|o| &o.payload),
                Some(Object::Tuple(_))
            )
        }
        _ => false,
    }
}

/// Median and maximum of `nanos`, in microseconds.
fn median_and_max_micros(nanos: &[u64]) -> (f64, f64) {
    if nanos.is_empty() {
        return (0.0, 0.0);
    }
    let mut sorted = nanos.to_vec();
    sorted.sort_unstable();
    (
        sorted[sorted.len() / 2] as f64 / 1000.0,
        sorted[sorted.len() - 1] as f64 / 1000.0,
    )
}

/// Exits taken over all executors, by the uop that left.
fn exits_by_uop(tier2: &Tier2) -> BTreeMap<&'static str, u64> {
    let mut exits = BTreeMap::new();
    for executor in &tier2.executors {
        for (op, count) in executor.trace.ops.iter().zip(&executor.exits) {
            if count.get() > 0 {
                *exits.entry(op.uop.name()).or_default() += count.get();
            }
        }
    }
    exits
}

/// Tier 2's figures as JSON (the `"jit"` member of `-X stats=json`).
pub fn report_json(tier2: &Tier2) -> serde_json::Value {
    let stats = &tier2.stats;
    let by_reason = |map: &BTreeMap<EndReason, u64>| -> serde_json::Value {
        map.iter()
            .map(|(reason, count)| (reason.name().to_string(), serde_json::json!(count)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let (median, max) = median_and_max_micros(&stats.optimize_nanos);
    let traces: Vec<serde_json::Value> = tier2
        .executors
        .iter()
        .map(|e| {
            serde_json::json!({
                "start": e.trace.start,
                "recorded_uops": e.recorded_length,
                "uops": e.trace.ops.len(),
                "guards": e.trace.guard_count(),
                "executions": e.executions.get(),
                "exits": e.exits.iter().map(Cell::get).sum::<u64>(),
            })
        })
        .collect();
    serde_json::json!({
        "mode": format!("{:?}", tier2.mode).to_lowercase(),
        "traces_started": stats.traces_started,
        "side_traces": stats.side_traces,
        "invalidations": stats.invalidations,
        "cold_traces_freed": stats.cold_freed,
        "traces_completed": by_reason(&stats.traces_completed),
        "traces_aborted": by_reason(&stats.traces_aborted),
        "uops_recorded": stats.uops_recorded,
        "uops_after_optimization": stats.uops_optimized,
        "optimizer": stats
            .optimizer
            .counters()
            .iter()
            .map(|(name, count)| (name.to_string(), serde_json::json!(count)))
            .collect::<serde_json::Map<_, _>>(),
        "optimizer_median_us": median,
        "optimizer_max_us": max,
        "entries": stats.entries,
        "stopped_at": stats.stopped_at,
        "exits": exits_by_uop(tier2),
        "traces": traces,
        "jit": tier2.jit.as_ref().map(|jit| {
            let code = &jit.stats;
            let (median, max) = median_and_max_micros(&code.compile_nanos);
            serde_json::json!({
                "traces_compiled": code.traces_compiled,
                "compile_failures": code.compile_failures,
                "traces_freed": code.traces_freed,
                "code_bytes": code.code_bytes,
                "uops_compiled": code.uops_compiled,
                "bytecode_bytes": code.bytecode_bytes,
                "page_bytes_in_use": jit.bytes_in_use(),
                "compile_median_us": median,
                "compile_max_us": max,
            })
        }),
    })
}

/// Tier 2's figures as the text `-X jit_stats` prints.
pub fn report_text(tier2: &Tier2) -> String {
    let stats = &tier2.stats;
    let mut out = String::from("Tier 2 (-X jit_stats)\n");
    let completed: u64 = stats.traces_completed.values().sum();
    out.push_str(&format!(
        "  traces: {} started, {} completed ({} side traces), {} aborted\n",
        stats.traces_started,
        completed,
        stats.side_traces,
        stats.traces_aborted.values().sum::<u64>()
    ));
    for (title, map) in [
        ("completed", &stats.traces_completed),
        ("aborted", &stats.traces_aborted),
    ] {
        for (reason, count) in map {
            out.push_str(&format!("    {title}: {:<32} {count}\n", reason.name()));
        }
    }
    out.push_str(&format!(
        "  invalidated (a dict they depend on changed): {}, freed (not run for a while): {}\n",
        stats.invalidations, stats.cold_freed
    ));
    if completed > 0 {
        out.push_str(&format!(
            "  uops per trace: {:.1} recorded, {:.1} after optimization\n",
            stats.uops_recorded as f64 / completed as f64,
            stats.uops_optimized as f64 / completed as f64
        ));
    }
    for (name, count) in stats.optimizer.counters() {
        out.push_str(&format!("    {name:<40} {count}\n"));
    }
    let (median, max) = median_and_max_micros(&stats.optimize_nanos);
    out.push_str(&format!(
        "  optimizer time per trace: median {median:.1} us, max {max:.1} us\n"
    ));
    if let Some(jit) = &tier2.jit {
        let code = &jit.stats;
        let (median, max) = median_and_max_micros(&code.compile_nanos);
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        out.push_str(&format!(
            "  JIT: {} traces compiled, {} left to the uop interpreter, {} freed; compile time (copy, patch, protect) median {median:.1} us, max {max:.1} us
",
            code.traces_compiled, code.compile_failures, code.traces_freed
        ));
        out.push_str(&format!(
            "  JIT code: {} bytes ({:.1} per uop, {:.1}x the {} bytes of bytecode traced), {} bytes of pages in use
",
            code.code_bytes,
            ratio(code.code_bytes, code.uops_compiled),
            ratio(code.code_bytes, code.bytecode_bytes),
            code.bytecode_bytes,
            jit.bytes_in_use()
        ));
    }
    let executions: u64 = tier2.executors.iter().map(|e| e.executions.get()).sum();
    out.push_str(&format!(
        "  executors entered from tier 1: {}, traces run (with side traces and loops back to the root): {executions}\n",
        stats.entries
    ));
    out.push_str("  recordings stopped at (instructions tier 2 does not run yet):\n");
    for (name, count) in &stats.stopped_at {
        out.push_str(&format!("    {name:<36} {count}\n"));
    }
    out.push_str("  exits to tier 1, by the uop that left:\n");
    for (uop, count) in exits_by_uop(tier2) {
        out.push_str(&format!("    {uop:<36} {count}\n"));
    }
    out
}
