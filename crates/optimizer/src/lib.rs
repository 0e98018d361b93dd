//! Tier 2's optimizer: abstract interpretation of a uop trace over a type
//! lattice with integer ranges.
//!
//! The optimizer walks the trace once (twice for a loop, see below) with a
//! [`Symbol`] for every value: each local and each stack slot holds a
//! symbol id, `LOAD_FAST` pushes the local's own symbol, so a guard that
//! refines a value refines every place that holds it. The lattice, from
//! least to most known: unknown, bound (not NULL), a known type (inline
//! int with an interval, float, bool, None, str, list, tuple, an iterator
//! kind), a known constant. A guard whose fact is already known
//! disappears; one that contradicts what is known ("bottom") abandons the
//! trace ([`EndReason::Contradiction`]).
//!
//! Passes, all in the one walk:
//! - guard elimination (type guards, unbound-local checks, dict version
//!   guards already checked with nothing in between that could run code);
//! - constant folding of pure int operations and comparisons on
//!   constants, and of branch guards on known values;
//! - overflow-check removal: an add or subtract of ints whose intervals
//!   prove the result inline becomes the unchecked form (`_IN_RANGE`);
//! - dead-code elimination of a pure push consumed by `_POP_TOP`;
//! - loop peeling (LuaJIT's): a closed loop's body is emitted twice, the
//!   first copy a preamble that runs once per entry, the second the loop
//!   the closing jump returns to. The loop copy starts from the facts the
//!   preamble established, kept only where the loop body re-establishes
//!   them by its end (found by iterating to a fixed point), so
//!   loop-invariant guards run once per trace entry.
//!
//! This crate must never know how values are represented: it asks a
//! [`ValueModel`] what a constant is and how to write one.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use uops::{EndReason, RANGE_ITERATOR_BOUND, Trace, TraceOp, Uop};

/// What the optimizer may know of a value's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// An inline (small) int.
    Int,
    Float,
    Bool,
    None,
    Str,
    List,
    Tuple,
    RangeIterator,
    ListIterator,
    TupleIterator,
}

/// How values are written: the runtime answers for the optimizer.
pub trait ValueModel {
    /// The type of the constant with these bits, and its value if it is an
    /// inline int or a bool (as 0/1).
    fn describe(&self, bits: u64) -> (Option<ValueType>, Option<i64>);
    /// The bits of an inline int.
    fn int_bits(&self, value: i64) -> u64;
    /// The bits of a bool.
    fn bool_bits(&self, value: bool) -> u64;
    /// The inline ints' range.
    fn int_range(&self) -> (i64, i64);
    /// Whether the dict with these bits may be watched: the trace may then
    /// depend on it (its keys version, its entries' values) instead of
    /// guarding, and is invalidated when it changes. A dict that keeps
    /// changing is not.
    fn watchable(&self, dict: u64) -> bool;
}

/// One abstract value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Symbol {
    pub value_type: Option<ValueType>,
    /// Known to be bound (not NULL).
    pub bound: bool,
    /// Known to be NULL (the call protocol's empty self slot).
    pub null: bool,
    /// The constant's bits, when known.
    pub constant: Option<u64>,
    /// An int's interval (inclusive), when known.
    pub range: Option<(i64, i64)>,
    /// An instance's class and class version, when guarded.
    pub class_version: Option<(u64, u64)>,
    /// An instance's attribute layout (shape), when guarded.
    pub shape: Option<u64>,
}

impl Symbol {
    fn of_type(value_type: ValueType) -> Symbol {
        Symbol {
            value_type: Some(value_type),
            bound: true,
            null: false,
            constant: None,
            range: None,
            class_version: None,
            shape: None,
        }
    }

    fn null() -> Symbol {
        Symbol {
            null: true,
            ..Symbol::default()
        }
    }

    fn int_in(low: i64, high: i64) -> Symbol {
        Symbol {
            range: Some((low, high)),
            ..Symbol::of_type(ValueType::Int)
        }
    }

    /// The facts that may carry across a loop's back edge: the type and
    /// boundness (a constant or an interval may change each iteration).
    fn loop_invariant_part(self) -> Symbol {
        Symbol {
            value_type: self.value_type,
            bound: self.bound,
            null: self.null,
            constant: None,
            range: None,
            // Class versions change only when a class is changed, which
            // no uop in a trace does; shapes change as attributes are
            // added (through any reference to the object).
            class_version: self.class_version,
            shape: None,
        }
    }

    /// True when `self` knows at least what `assumed` does (type and
    /// boundness).
    fn implies(self, assumed: Symbol) -> bool {
        (assumed.value_type.is_none() || self.value_type == assumed.value_type)
            && (!assumed.bound || self.bound)
            && (!assumed.null || self.null)
            && (assumed.class_version.is_none() || self.class_version == assumed.class_version)
    }

    fn describe(self) -> String {
        let mut out = match self.value_type {
            Some(t) => format!("{t:?}").to_lowercase(),
            None if self.bound => "bound".to_string(),
            None if self.null => "NULL".to_string(),
            None => "unknown".to_string(),
        };
        if let Some((low, high)) = self.range {
            if low == high {
                let _ = write!(out, " = {low}");
            } else {
                let _ = write!(out, " in [{low}, {high}]");
            }
        } else if let Some(bits) = self.constant {
            let _ = write!(out, " = {bits:#x}");
        }
        out
    }
}

/// What the optimizer did, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptimizerStats {
    pub traces: u64,
    pub type_guards_removed: u64,
    pub unbound_checks_removed: u64,
    pub version_guards_removed: u64,
    pub branch_guards_removed: u64,
    pub overflow_checks_removed: u64,
    pub constants_folded: u64,
    pub dead_uops_removed: u64,
    pub loops_peeled: u64,
}

impl OptimizerStats {
    /// Every counter, named (the stats keys).
    pub fn counters(&self) -> [(&'static str, u64); 9] {
        [
            ("traces optimized", self.traces),
            ("type guards removed", self.type_guards_removed),
            ("unbound-local checks removed", self.unbound_checks_removed),
            ("dict version guards removed", self.version_guards_removed),
            ("branch guards removed", self.branch_guards_removed),
            ("overflow checks removed", self.overflow_checks_removed),
            ("constants folded", self.constants_folded),
            ("dead uops removed", self.dead_uops_removed),
            ("loops peeled", self.loops_peeled),
        ]
    }

    pub fn add(&mut self, other: &OptimizerStats) {
        self.traces += other.traces;
        self.type_guards_removed += other.type_guards_removed;
        self.unbound_checks_removed += other.unbound_checks_removed;
        self.version_guards_removed += other.version_guards_removed;
        self.branch_guards_removed += other.branch_guards_removed;
        self.overflow_checks_removed += other.overflow_checks_removed;
        self.constants_folded += other.constants_folded;
        self.dead_uops_removed += other.dead_uops_removed;
        self.loops_peeled += other.loops_peeled;
    }
}

type SymbolId = usize;

/// Where a value lives: a local, or a stack slot relative to the depth at
/// the trace's start (negative: a slot that was there before).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Local(u32),
    Slot(i32),
}

/// The abstract state at one point of the trace.
#[derive(Clone, Default)]
struct State {
    places: BTreeMap<Place, SymbolId>,
    /// The stack depth relative to the trace's start.
    depth: i32,
    /// Keys versions of the globals and builtins checked since the last
    /// uop that could run code.
    globals_version: Option<u64>,
    builtins_version: Option<u64>,
    /// The frame's globals dict and the builtins dict, when known to be
    /// watched dependencies with nothing written since: their entries may
    /// be folded into constants.
    watched_globals: Option<u64>,
    watched_builtins: Option<u64>,
    /// The frame's globals dict is known to be this one (guarded).
    globals_dict: Option<u64>,
}

impl State {
    /// After something that may have changed a dict.
    fn forget_dicts(&mut self) {
        self.globals_version = None;
        self.builtins_version = None;
        self.watched_globals = None;
        self.watched_builtins = None;
    }

    /// The dict facts, for comparing a loop's start with its end.
    fn dict_facts(&self) -> [Option<u64>; 5] {
        [
            self.globals_version,
            self.builtins_version,
            self.watched_globals,
            self.watched_builtins,
            self.globals_dict,
        ]
    }
}

/// One emitted uop, with what it pushed (for folding and dead-code
/// elimination) and the facts to show in dumps.
struct Emitted {
    op: TraceOp,
    removed: bool,
    facts: String,
}

struct Walk<'a> {
    model: &'a dyn ValueModel,
    symbols: Vec<Symbol>,
    state: State,
    out: Vec<Emitted>,
    /// For each stack slot, the emitted uop that pushed it, if that uop is
    /// a pure push that could be taken back.
    producers: BTreeMap<i32, usize>,
    stats: OptimizerStats,
    /// The facts assumed at the loop's start, per place.
    assumed: BTreeMap<Place, Symbol>,
    /// Write down the facts after each uop (for dumps; costs most of the
    /// optimizer's time).
    explain: bool,
    /// The callers' states while walking an entered frame.
    callers: Vec<Caller>,
    /// Uops walked so far that may change a dict (`_STORE_GLOBAL`, uops
    /// that run code): version facts survive a call only if the callee
    /// ran none.
    dict_writes: u64,
    dependencies: Vec<uops::Dependency>,
}

/// A caller's state, set aside while the walk is in its callee.
struct Caller {
    state: State,
    producers: BTreeMap<i32, usize>,
    dict_writes: u64,
}

fn is_removable_push(uop: Uop) -> bool {
    matches!(
        uop,
        Uop::LoadFastUnchecked | Uop::LoadConst | Uop::LoadValue | Uop::PushNull
    )
}

impl<'a> Walk<'a> {
    fn new(model: &'a dyn ValueModel) -> Walk<'a> {
        Walk {
            model,
            symbols: Vec::new(),
            state: State::default(),
            out: Vec::new(),
            producers: BTreeMap::new(),
            stats: OptimizerStats::default(),
            assumed: BTreeMap::new(),
            explain: false,
            callers: Vec::new(),
            dict_writes: 0,
            dependencies: Vec::new(),
        }
    }

    fn new_symbol(&mut self, symbol: Symbol) -> SymbolId {
        self.symbols.push(symbol);
        self.symbols.len() - 1
    }

    /// The symbol at `place`, made (with the assumed facts, if any) on
    /// first use.
    fn at(&mut self, place: Place) -> SymbolId {
        if let Some(&id) = self.state.places.get(&place) {
            return id;
        }
        let initial = if self.callers.is_empty() {
            self.assumed.get(&place).copied().unwrap_or_default()
        } else {
            Symbol::default()
        };
        let id = self.new_symbol(initial);
        self.state.places.insert(place, id);
        id
    }

    /// The symbol `n` places down the stack (1 = top).
    fn peek(&mut self, n: u32) -> SymbolId {
        self.at(Place::Slot(self.state.depth - n as i32))
    }

    fn push(&mut self, id: SymbolId) {
        self.state.places.insert(Place::Slot(self.state.depth), id);
        self.producers.remove(&self.state.depth);
        self.state.depth += 1;
    }

    fn pop(&mut self) -> SymbolId {
        let id = self.peek(1);
        self.state.depth -= 1;
        self.state.places.remove(&Place::Slot(self.state.depth));
        self.producers.remove(&self.state.depth);
        id
    }

    fn emit(&mut self, op: TraceOp) -> usize {
        self.out.push(Emitted {
            op,
            removed: false,
            facts: String::new(),
        });
        self.out.len() - 1
    }

    /// Emits a uop that pushes one value, remembering it as the slot's
    /// producer when it is a pure push.
    fn emit_push(&mut self, op: TraceOp, id: SymbolId) {
        let index = self.emit(op);
        self.push(id);
        if is_removable_push(op.uop) {
            self.producers.insert(self.state.depth - 1, index);
        }
    }

    /// The producers of the top `n` stack slots, when they are the last
    /// `n` emitted uops, in order: only then can they be taken back
    /// without disturbing the uops between.
    fn trailing_producers(&self, n: i32) -> Option<Vec<usize>> {
        let live: Vec<usize> = (0..self.out.len())
            .rev()
            .filter(|&i| !self.out[i].removed)
            .take(n as usize)
            .collect();
        let mut indices = Vec::new();
        for k in 0..n {
            let slot = self.state.depth - n + k;
            let index = *self.producers.get(&slot)?;
            indices.push(index);
        }
        let mut expected = live.clone();
        expected.reverse();
        (expected == indices).then_some(indices)
    }

    fn take_back(&mut self, indices: &[usize]) {
        for &i in indices {
            self.out[i].removed = true;
        }
    }

    fn constant_int(&self, id: SymbolId) -> Option<i64> {
        let symbol = self.symbols[id];
        match (symbol.value_type, symbol.range) {
            (Some(ValueType::Int), Some((low, high))) if low == high => Some(low),
            _ => None,
        }
    }

    fn int_range(&self, id: SymbolId) -> (i64, i64) {
        let symbol = self.symbols[id];
        symbol.range.unwrap_or_else(|| self.model.int_range())
    }

    fn constant_symbol(&mut self, bits: u64) -> Symbol {
        let (value_type, value) = self.model.describe(bits);
        Symbol {
            value_type,
            bound: true,
            null: false,
            class_version: None,
            shape: None,
            constant: Some(bits),
            range: match (value_type, value) {
                (Some(ValueType::Int), Some(v)) => Some((v, v)),
                _ => None,
            },
        }
    }

    /// A type guard on the symbol `n` places down: dropped when the type
    /// is known, bottom when another type is known.
    fn type_guard(&mut self, op: TraceOp, n: u32, value_type: ValueType) -> Result<(), EndReason> {
        let id = self.peek(n);
        match self.symbols[id].value_type {
            Some(t) if t == value_type => {
                self.stats.type_guards_removed += 1;
                Ok(())
            }
            Some(_) => Err(EndReason::Contradiction),
            None => {
                self.symbols[id].value_type = Some(value_type);
                self.symbols[id].bound = true;
                self.emit(op);
                Ok(())
            }
        }
    }

    /// Replaces the two operands on top with a folded constant.
    fn fold_binary(&mut self, producers: &[usize], bits: u64, op: &TraceOp) {
        self.take_back(producers);
        self.pop();
        self.pop();
        let symbol = self.constant_symbol(bits);
        let id = self.new_symbol(symbol);
        let mut load = TraceOp::new(Uop::LoadValue, 0, op.target);
        load.operand0 = bits;
        self.emit_push(load, id);
        self.stats.constants_folded += 1;
    }

    fn int_operation(&mut self, op: TraceOp) -> Result<(), EndReason> {
        let (a, b) = (self.peek(2), self.peek(1));
        let (int_low, int_high) = self.model.int_range();
        // Folding: both constants, and the result inline.
        if let (Some(x), Some(y)) = (self.constant_int(a), self.constant_int(b))
            && let Some(result) = fold_int(op.uop, x, y)
            && (int_low..=int_high).contains(&result)
            && let Some(producers) = self.trailing_producers(2)
        {
            let bits = self.model.int_bits(result);
            self.fold_binary(&producers, bits, &op);
            return Ok(());
        }
        let ((a_low, a_high), (b_low, b_high)) = (self.int_range(a), self.int_range(b));
        let (a_low, a_high, b_low, b_high) =
            (a_low as i128, a_high as i128, b_low as i128, b_high as i128);
        let full = (int_low as i128, int_high as i128);
        let inside = |(low, high): (i128, i128)| low >= full.0 && high <= full.1;
        let mut emitted = op;
        let range = match op.uop {
            Uop::BinaryOpAddInt | Uop::BinaryOpAddIntInRange => {
                let r = (a_low + b_low, a_high + b_high);
                if op.uop == Uop::BinaryOpAddInt && inside(r) {
                    emitted.uop = Uop::BinaryOpAddIntInRange;
                    self.stats.overflow_checks_removed += 1;
                }
                r
            }
            Uop::BinaryOpSubtractInt | Uop::BinaryOpSubtractIntInRange => {
                let r = (a_low - b_high, a_high - b_low);
                if op.uop == Uop::BinaryOpSubtractInt && inside(r) {
                    emitted.uop = Uop::BinaryOpSubtractIntInRange;
                    self.stats.overflow_checks_removed += 1;
                }
                r
            }
            Uop::BinaryOpMultiplyInt => {
                let corners = [
                    a_low * b_low,
                    a_low * b_high,
                    a_high * b_low,
                    a_high * b_high,
                ];
                (
                    *corners.iter().min().expect("four corners"),
                    *corners.iter().max().expect("four corners"),
                )
            }
            // `x % y` with a positive divisor lies in [0, y - 1] (Python's
            // sign rule: the divisor's).
            Uop::BinaryOpRemainderInt if b_low > 0 => (0, b_high - 1),
            Uop::BinaryOpFloorDivideInt if b_low > 0 => (
                a_low.div_euclid(b_low).min(a_low.div_euclid(b_high)),
                a_high.div_euclid(b_low).max(a_high.div_euclid(b_high)),
            ),
            Uop::BinaryOpBitwiseInt => {
                bitwise_range(op.oparg, (a_low, a_high), (b_low, b_high)).unwrap_or(full)
            }
            _ => full,
        };
        // The result is inline (the checked forms leave the trace
        // otherwise): clamp to the inline range.
        let low = range.0.max(full.0) as i64;
        let high = range.1.min(full.1) as i64;
        self.emit(emitted);
        self.pop();
        self.pop();
        let id = self.new_symbol(Symbol::int_in(low, high));
        self.push(id);
        Ok(())
    }

    fn compare_int(&mut self, op: TraceOp) {
        let (a, b) = (self.peek(2), self.peek(1));
        let ((a_low, a_high), (b_low, b_high)) = (self.int_range(a), self.int_range(b));
        // Known when the intervals decide it (constants included).
        let known = match op.oparg {
            0 if a_high < b_low => Some(true),
            0 if a_low >= b_high => Some(false),
            1 if a_high <= b_low => Some(true),
            1 if a_low > b_high => Some(false),
            4 if a_low > b_high => Some(true),
            4 if a_high <= b_low => Some(false),
            5 if a_low >= b_high => Some(true),
            5 if a_high < b_low => Some(false),
            2 | 3 if a_low == a_high && b_low == b_high => {
                Some((a_low == b_low) == (op.oparg == 2))
            }
            2 | 3 if a_high < b_low || b_high < a_low => Some(op.oparg == 3),
            _ => None,
        };
        if let Some(result) = known
            && let Some(producers) = self.trailing_producers(2)
        {
            let bits = self.model.bool_bits(result);
            self.fold_binary(&producers, bits, &op);
            return;
        }
        self.emit(op);
        self.pop();
        self.pop();
        let id = self.new_symbol(Symbol::of_type(ValueType::Bool));
        self.push(id);
    }

    /// A uop that pops `inputs` values and pushes one of `result`.
    fn replace_top(&mut self, op: TraceOp, inputs: u32, result: Symbol) {
        self.emit(op);
        for _ in 0..inputs {
            self.pop();
        }
        let id = self.new_symbol(result);
        self.push(id);
    }

    /// A call's frame push: pops the call's `oparg + 2` operands, sets the
    /// caller's state aside, and starts the callee's with `locals` (when
    /// known).
    fn enter_frame(&mut self, op: TraceOp, locals: Option<Vec<SymbolId>>) {
        self.emit(op);
        for _ in 0..op.oparg + 2 {
            self.pop();
        }
        let caller = Caller {
            state: std::mem::take(&mut self.state),
            producers: std::mem::take(&mut self.producers),
            dict_writes: self.dict_writes,
        };
        self.callers.push(caller);
        for (i, id) in locals.into_iter().flatten().enumerate() {
            self.state.places.insert(Place::Local(i as u32), id);
        }
    }

    /// Drops the top value, taking back its push when that is the last
    /// emitted uop and pure.
    fn drop_top(&mut self, op: TraceOp) {
        if let Some(producers) = self.trailing_producers(1) {
            self.take_back(&producers);
            self.stats.dead_uops_removed += 2;
            self.pop();
        } else {
            let mut pop = op;
            pop.uop = Uop::PopTop;
            self.emit(pop);
            self.pop();
        }
    }

    fn step(&mut self, op: TraceOp) -> Result<(), EndReason> {
        let bound = Symbol {
            bound: true,
            ..Symbol::default()
        };
        match op.uop {
            Uop::LoadFast | Uop::LoadFastUnchecked => {
                let id = self.at(Place::Local(op.oparg));
                let mut emitted = op;
                if op.uop == Uop::LoadFast && self.symbols[id].bound {
                    emitted.uop = Uop::LoadFastUnchecked;
                    self.stats.unbound_checks_removed += 1;
                }
                self.symbols[id].bound = true;
                self.emit_push(emitted, id);
            }
            Uop::StoreFast => {
                let id = self.pop();
                self.state.places.insert(Place::Local(op.oparg), id);
                self.emit(op);
            }
            Uop::LoadDeref => {
                let id = self.new_symbol(bound);
                self.emit_push(op, id);
            }
            Uop::StoreDeref => {
                self.pop();
                self.emit(op);
            }
            Uop::StoreGlobal => {
                // A new global changes the keys version.
                self.pop();
                self.state.forget_dicts();
                self.dict_writes += 1;
                self.emit(op);
            }
            Uop::GuardCallable => {
                let id = self.peek(op.oparg + 2);
                if self.symbols[id].constant == Some(op.operand0) {
                    self.stats.type_guards_removed += 1;
                } else {
                    self.symbols[id].constant = Some(op.operand0);
                    self.symbols[id].bound = true;
                    self.emit(op);
                }
            }
            Uop::PushInitFrame => {
                // `__init__`'s locals: the new instance, then the arguments.
                let argc = op.oparg;
                let mut locals: Vec<SymbolId> = (0..argc).map(|k| self.peek(argc - k)).collect();
                let instance = self.new_symbol(Symbol {
                    bound: true,
                    ..Symbol::default()
                });
                locals.insert(0, instance);
                self.enter_frame(op, Some(locals));
            }
            Uop::PushFrame => {
                let argc = op.oparg;
                let self_or_null_id = self.peek(argc + 1);
                let self_or_null = self.symbols[self_or_null_id];
                let mut locals: Vec<SymbolId> = (0..argc).map(|k| self.peek(argc - k)).collect();
                let known = if self_or_null.null {
                    true
                } else if self_or_null.bound {
                    locals.insert(0, self_or_null_id);
                    true
                } else {
                    false
                };
                self.enter_frame(op, known.then_some(locals));
            }
            Uop::PopFrame => {
                let result = self.pop();
                self.emit(op);
                let Some(caller) = self.callers.pop() else {
                    return Err(EndReason::Contradiction);
                };
                self.state = caller.state;
                self.producers = caller.producers;
                if self.dict_writes != caller.dict_writes {
                    self.state.forget_dicts();
                }
                self.push(result);
            }
            Uop::LoadConst | Uop::LoadValue => {
                let symbol = self.constant_symbol(op.operand0);
                let id = self.new_symbol(symbol);
                self.emit_push(op, id);
            }
            Uop::PopTop => self.drop_top(op),
            Uop::PushNull => {
                let id = self.new_symbol(Symbol::null());
                self.emit_push(op, id);
            }
            Uop::Copy => {
                let id = self.peek(op.oparg);
                self.emit(op);
                self.push(id);
            }
            Uop::Swap => {
                let top = self.peek(1);
                let other = self.peek(op.oparg);
                let depth = self.state.depth;
                self.state.places.insert(Place::Slot(depth - 1), other);
                self.state
                    .places
                    .insert(Place::Slot(depth - op.oparg as i32), top);
                self.producers.remove(&(depth - 1));
                self.producers.remove(&(depth - op.oparg as i32));
                self.emit(op);
            }
            Uop::GuardTosInt => self.type_guard(op, 1, ValueType::Int)?,
            Uop::GuardNosInt => self.type_guard(op, 2, ValueType::Int)?,
            Uop::GuardTosFloat => self.type_guard(op, 1, ValueType::Float)?,
            Uop::GuardNosFloat => self.type_guard(op, 2, ValueType::Float)?,
            Uop::GuardTosBool => self.type_guard(op, 1, ValueType::Bool)?,
            Uop::GuardTosNone => self.type_guard(op, 1, ValueType::None)?,
            Uop::GuardTosStr => self.type_guard(op, 1, ValueType::Str)?,
            Uop::GuardNosStr => self.type_guard(op, 2, ValueType::Str)?,
            Uop::GuardTosList => self.type_guard(op, 1, ValueType::List)?,
            Uop::GuardNosList => self.type_guard(op, 2, ValueType::List)?,
            Uop::GuardNosTuple => self.type_guard(op, 2, ValueType::Tuple)?,
            Uop::GuardIterRange => self.type_guard(op, 1, ValueType::RangeIterator)?,
            Uop::GuardIterList => self.type_guard(op, 1, ValueType::ListIterator)?,
            Uop::GuardIterTuple => self.type_guard(op, 1, ValueType::TupleIterator)?,
            Uop::GuardGlobalsVersion | Uop::GuardBuiltinsVersion => {
                let globals = op.uop == Uop::GuardGlobalsVersion;
                let known = if globals {
                    self.state.globals_version
                } else {
                    self.state.builtins_version
                };
                if known == Some(op.operand0) {
                    self.stats.version_guards_removed += 1;
                } else if self.dict_writes == 0 && self.model.watchable(op.operand1) {
                    // Nothing in the trace so far wrote a dict: depend on
                    // this one instead of guarding it.
                    self.dependencies.push(uops::Dependency {
                        dict: op.operand1,
                        keys_version: op.operand0,
                        entry: None,
                    });
                    self.stats.version_guards_removed += 1;
                    if globals {
                        self.state.globals_version = Some(op.operand0);
                        self.state.watched_globals = Some(op.operand1);
                        // The frame's globals are the dict depended on.
                        if self.state.globals_dict != Some(op.operand1) {
                            let mut guard = op;
                            guard.uop = Uop::GuardGlobalsDict;
                            guard.operand0 = op.operand1;
                            guard.operand1 = 0;
                            self.emit(guard);
                            self.state.globals_dict = Some(op.operand1);
                        }
                    } else {
                        self.state.builtins_version = Some(op.operand0);
                        self.state.watched_builtins = Some(op.operand1);
                    }
                } else {
                    if globals {
                        self.state.globals_version = Some(op.operand0);
                    } else {
                        self.state.builtins_version = Some(op.operand0);
                    }
                    self.emit(op);
                }
            }
            Uop::GuardGlobalsDict => {
                if self.state.globals_dict == Some(op.operand0) {
                    self.stats.version_guards_removed += 1;
                } else {
                    self.state.globals_dict = Some(op.operand0);
                    self.emit(op);
                }
            }
            Uop::GuardIsTrue | Uop::GuardIsFalse | Uop::GuardIsNone | Uop::GuardIsNotNone => {
                let id = self.peek(1);
                let symbol = self.symbols[id];
                let bits_known = symbol.constant;
                let holds = match op.uop {
                    Uop::GuardIsTrue => bits_known.map(|b| b == self.model.bool_bits(true)),
                    Uop::GuardIsFalse => bits_known.map(|b| b == self.model.bool_bits(false)),
                    Uop::GuardIsNone => symbol.value_type.map(|t| t == ValueType::None),
                    _ => symbol.value_type.map(|t| t != ValueType::None),
                };
                match holds {
                    Some(true) => {
                        self.stats.branch_guards_removed += 1;
                        self.drop_top(op);
                    }
                    Some(false) => return Err(EndReason::Contradiction),
                    None => {
                        self.emit(op);
                        self.pop();
                    }
                }
            }
            Uop::BinaryOpAddInt
            | Uop::BinaryOpSubtractInt
            | Uop::BinaryOpMultiplyInt
            | Uop::BinaryOpFloorDivideInt
            | Uop::BinaryOpRemainderInt
            | Uop::BinaryOpAddIntInRange
            | Uop::BinaryOpSubtractIntInRange
            | Uop::BinaryOpBitwiseInt => self.int_operation(op)?,
            Uop::BinaryOpAddFloat
            | Uop::BinaryOpSubtractFloat
            | Uop::BinaryOpMultiplyFloat
            | Uop::BinaryOpTrueDivideFloat => {
                self.replace_top(op, 2, Symbol::of_type(ValueType::Float))
            }
            Uop::BinaryOpAddStr => {
                // Allocates (a collection may run finalizers): versions
                // checked before may have changed.
                self.state.forget_dicts();
                self.dict_writes += 1;
                self.replace_top(op, 2, Symbol::of_type(ValueType::Str));
            }
            Uop::CompareOpInt => self.compare_int(op),
            Uop::CompareOpFloat | Uop::CompareOpStr | Uop::IsOp => {
                self.replace_top(op, 2, Symbol::of_type(ValueType::Bool))
            }
            Uop::UnaryNotBool
            | Uop::ToBoolInt
            | Uop::ToBoolList
            | Uop::ToBoolStr
            | Uop::ToBoolNone => self.replace_top(op, 1, Symbol::of_type(ValueType::Bool)),
            Uop::LoadGlobalModule | Uop::LoadGlobalBuiltin => {
                let (dict, version) = if op.uop == Uop::LoadGlobalModule {
                    (self.state.watched_globals, self.state.globals_version)
                } else {
                    (self.state.watched_builtins, self.state.builtins_version)
                };
                let folded = matches!((dict, version), (Some(_), Some(_))) && self.dict_writes == 0;
                let id = match (dict, version) {
                    (Some(dict), Some(keys_version)) if folded => {
                        // A watched global: its value, as a constant.
                        self.dependencies.push(uops::Dependency {
                            dict,
                            keys_version,
                            entry: Some((op.operand1, op.operand0)),
                        });
                        let mut load = TraceOp::new(Uop::LoadValue, 0, op.target);
                        load.operand0 = op.operand0;
                        self.emit(load);
                        self.stats.constants_folded += 1;
                        let symbol = self.constant_symbol(op.operand0);
                        self.new_symbol(symbol)
                    }
                    _ => {
                        self.emit(op);
                        self.new_symbol(bound)
                    }
                };
                self.push(id);
                if folded && op.oparg & 1 != 0 {
                    self.emit(TraceOp::new(Uop::PushNull, 0, op.target));
                }
                if op.oparg & 1 != 0 {
                    let null = self.new_symbol(Symbol::null());
                    self.push(null);
                }
            }
            Uop::BinarySubscrListInt | Uop::BinarySubscrTupleInt => self.replace_top(op, 2, bound),
            Uop::GuardTypeVersion => {
                let id = self.peek(1);
                let known = (op.operand0, op.operand1);
                if self.symbols[id].class_version == Some(known) {
                    self.stats.type_guards_removed += 1;
                } else {
                    self.symbols[id].class_version = Some(known);
                    self.symbols[id].bound = true;
                    self.emit(op);
                }
            }
            Uop::GuardShape => {
                let id = self.peek(1);
                if self.symbols[id].shape == Some(op.operand0) {
                    self.stats.type_guards_removed += 1;
                } else {
                    self.symbols[id].shape = Some(op.operand0);
                    self.emit(op);
                }
            }
            Uop::LoadAttrInstanceValue => {
                self.emit(op);
                self.pop();
                let id = self.new_symbol(bound);
                self.push(id);
                if op.oparg & 1 != 0 {
                    let null = self.new_symbol(Symbol::null());
                    self.push(null);
                }
            }
            Uop::LoadAttrMethod => {
                self.emit(op);
                let owner = self.pop();
                let symbol = self.constant_symbol(op.operand0);
                let function = self.new_symbol(symbol);
                self.push(function);
                self.push(owner);
            }
            Uop::StoreAttrInstanceValue => {
                self.emit(op);
                let owner = self.pop();
                self.pop();
                let next_shape = op.operand0 >> 32;
                if next_shape != 0 {
                    // The object may be known under other symbols too.
                    for symbol in &mut self.symbols {
                        symbol.shape = None;
                    }
                    self.symbols[owner].shape = Some(next_shape);
                }
            }
            Uop::UnpackSequenceTwoTuple | Uop::UnpackSequenceTuple | Uop::UnpackSequenceList => {
                self.emit(op);
                self.pop();
                for _ in 0..op.oparg {
                    let id = self.new_symbol(bound);
                    self.push(id);
                }
            }
            Uop::ListAppend => {
                self.emit(op);
                self.pop();
            }
            Uop::ForIterEnumerateNext => {
                self.emit(op);
                let id = self.new_symbol(Symbol::of_type(ValueType::Tuple));
                self.push(id);
            }
            Uop::ForIterEnumeratePairNext => {
                self.emit(op);
                let item = self.new_symbol(bound);
                self.push(item);
                let (_, high) = self.model.int_range();
                let count = self.new_symbol(Symbol::int_in(0, high));
                self.push(count);
            }
            Uop::ContainsOpDict | Uop::ContainsOpSet => {
                self.replace_top(op, 2, Symbol::of_type(ValueType::Bool))
            }
            Uop::CallBuiltinLen => {
                let (_, high) = self.model.int_range();
                self.replace_top(op, op.oparg + 2, Symbol::int_in(0, high));
            }
            Uop::UnaryNegativeNumber => {
                let top = self.peek(1);
                let input = self.symbols[top];
                let (low, _) = self.model.int_range();
                let result = match (input.value_type, input.range) {
                    (Some(ValueType::Float), _) => Symbol::of_type(ValueType::Float),
                    // (Negating the least inline int leaves the inline range.)
                    (Some(ValueType::Int), Some((a, b))) if a > low => Symbol::int_in(-b, -a),
                    _ => bound,
                };
                self.replace_top(op, 1, result);
            }
            Uop::StoreSubscrListInt => {
                self.emit(op);
                for _ in 0..3 {
                    self.pop();
                }
            }
            Uop::ForIterRangeNext => {
                self.emit(op);
                let id =
                    self.new_symbol(Symbol::int_in(-RANGE_ITERATOR_BOUND, RANGE_ITERATOR_BOUND));
                self.push(id);
            }
            Uop::ForIterListNext | Uop::ForIterTupleNext => {
                self.emit(op);
                let id = self.new_symbol(bound);
                self.push(id);
            }
            Uop::JumpToTop | Uop::JumpToRoot | Uop::ExitTrace => {
                self.emit(op);
            }
        }
        if self.explain
            && let Some(last) = self.out.last_mut()
            && !last.removed
            && last.facts.is_empty()
        {
            let (place, label) = match last.op.uop {
                Uop::StoreFast => (
                    Place::Local(last.op.oparg),
                    format!("local {}", last.op.oparg),
                ),
                _ => (Place::Slot(self.state.depth - 1), "top".to_string()),
            };
            let (_, pushes) = last.op.uop.stack_effect(last.op.oparg);
            let shown = last.op.uop == Uop::StoreFast || pushes > 0 || last.op.uop.is_guard();
            if shown && let Some(&id) = self.state.places.get(&place) {
                last.facts = format!("{label}: {}", self.symbols[id].describe());
            }
        }
        Ok(())
    }

    /// The facts at the end of the walk for every place that had a fact
    /// assumed or established, reduced to what may cross a back edge.
    fn loop_facts(&self) -> BTreeMap<Place, Symbol> {
        self.state
            .places
            .iter()
            .filter(|(place, _)| match place {
                Place::Local(_) => true,
                Place::Slot(slot) => *slot < 0,
            })
            .map(|(&place, &id)| (place, self.symbols[id].loop_invariant_part()))
            .filter(|(_, symbol)| symbol.value_type.is_some() || symbol.bound)
            .collect()
    }
}

/// `x op y` for constants, with Python's semantics; `None` when the
/// operation would leave the trace (a zero divisor, 64-bit overflow).
fn fold_int(uop: Uop, x: i64, y: i64) -> Option<i64> {
    match uop {
        Uop::BinaryOpAddInt | Uop::BinaryOpAddIntInRange => x.checked_add(y),
        Uop::BinaryOpSubtractInt | Uop::BinaryOpSubtractIntInRange => x.checked_sub(y),
        Uop::BinaryOpMultiplyInt => x.checked_mul(y),
        Uop::BinaryOpFloorDivideInt if y != 0 => {
            let (q, r) = (x.checked_div(y)?, x % y);
            Some(if r != 0 && ((r < 0) != (y < 0)) {
                q - 1
            } else {
                q
            })
        }
        Uop::BinaryOpRemainderInt if y != 0 => {
            let r = x.checked_rem(y)?;
            Some(if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            })
        }
        _ => None,
    }
}

/// The interval of `a & b` for non-negative operands (at most the smaller
/// maximum); other bitwise operators are not bounded here.
fn bitwise_range(oparg: u32, a: (i128, i128), b: (i128, i128)) -> Option<(i128, i128)> {
    const AND: u32 = 1;
    const INPLACE_AND: u32 = 14;
    if (oparg == AND || oparg == INPLACE_AND) && a.0 >= 0 && b.0 >= 0 {
        return Some((0, a.1.min(b.1)));
    }
    None
}

/// The most times the loop body is walked while looking for facts that
/// hold at every iteration's start.
const MAX_LOOP_WALKS: usize = 8;

/// Optimizes `trace` in place (see the crate's documentation); with
/// `explain`, writes down the facts known after each uop
/// ([`Trace::facts`]).
pub fn optimize(
    trace: &mut Trace,
    model: &dyn ValueModel,
    explain: bool,
) -> Result<OptimizerStats, EndReason> {
    let closes_loop = trace.ops.last().map(|op| op.uop) == Some(Uop::JumpToTop);
    let body: Vec<TraceOp> = if closes_loop {
        trace.ops[..trace.ops.len() - 1].to_vec()
    } else {
        trace.ops.clone()
    };
    // The first copy: the whole trace, or a loop's preamble.
    let mut preamble = Walk::new(model);
    preamble.explain = explain;
    for &op in &body {
        preamble.step(op)?;
    }
    let mut stats = preamble.stats.clone();
    stats.traces = 1;
    if !closes_loop {
        trace.dependencies = preamble.dependencies.clone();
        write_back(trace, preamble.out, None);
        return Ok(stats);
    }
    // The loop copy, from the preamble's facts, narrowed until the loop
    // body re-establishes every fact it assumes.
    let mut assumed = preamble.loop_facts();
    let dict_facts = preamble.state.clone();
    for _ in 0..MAX_LOOP_WALKS {
        let mut walk = Walk::new(model);
        walk.explain = explain;
        walk.assumed = assumed.clone();
        walk.state.globals_version = dict_facts.globals_version;
        walk.state.builtins_version = dict_facts.builtins_version;
        walk.state.watched_globals = dict_facts.watched_globals;
        walk.state.watched_builtins = dict_facts.watched_builtins;
        walk.state.globals_dict = dict_facts.globals_dict;
        if body.iter().try_for_each(|&op| walk.step(op)).is_err() {
            // A guard contradicts what the preamble left: the value's
            // type changes from one iteration to the next, and the loop
            // leaves at that guard in its second iteration anyway.
            return optimize_without_peeling(trace, preamble, stats);
        }
        let at_end = walk.loop_facts();
        let before = assumed.len();
        assumed.retain(|place, symbol| at_end.get(place).is_some_and(|end| end.implies(*symbol)));
        let versions_hold = walk.state.dict_facts() == dict_facts.dict_facts();
        if assumed.len() == before && versions_hold {
            let jump = *trace.ops.last().expect("a closing jump");
            walk.emit(jump);
            stats.add(&walk.stats);
            stats.traces = 1;
            stats.loops_peeled += 1;
            let mut dependencies = preamble.dependencies.clone();
            for dependency in walk.dependencies {
                if !dependencies.contains(&dependency) {
                    dependencies.push(dependency);
                }
            }
            trace.dependencies = dependencies;
            write_back(trace, preamble.out, Some(walk.out));
            return Ok(stats);
        }
        if !versions_hold {
            // The loop body runs code that may change the dicts: assume
            // no version.
            return optimize_without_peeling(trace, preamble, stats);
        }
    }
    optimize_without_peeling(trace, preamble, stats)
}

/// The loop could not be peeled: the preamble's walk, closed by the jump.
fn optimize_without_peeling(
    trace: &mut Trace,
    mut preamble: Walk<'_>,
    stats: OptimizerStats,
) -> Result<OptimizerStats, EndReason> {
    // Facts at the preamble's end do not hold at the loop's start; but
    // the preamble *is* the loop here, walked from nothing known.
    let jump = *trace.ops.last().expect("a closing jump");
    preamble.emit(jump);
    trace.dependencies = preamble.dependencies.clone();
    write_back(trace, preamble.out, None);
    Ok(stats)
}

fn write_back(trace: &mut Trace, first: Vec<Emitted>, loop_copy: Option<Vec<Emitted>>) {
    let mut ops = Vec::new();
    let mut facts = Vec::new();
    for emitted in first.into_iter().filter(|e| !e.removed) {
        ops.push(emitted.op);
        facts.push(emitted.facts);
    }
    trace.loop_start = 0;
    if let Some(loop_copy) = loop_copy {
        trace.loop_start = ops.len();
        for emitted in loop_copy.into_iter().filter(|e| !e.removed) {
            ops.push(emitted.op);
            facts.push(emitted.facts);
        }
    }
    trace.ops = ops;
    trace.facts = facts;
}

#[cfg(test)]
mod tests;
