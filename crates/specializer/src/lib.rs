//! Tier 1: quickening decisions, warm-up and backoff counters, the deopt
//! policy, and specialization statistics.
//!
//! The interpreter calls [`decide`] when an adaptive instruction's counter
//! fires: it looks at the live operands and names the specialized form to
//! rewrite the instruction into, or the reason it cannot (the reasons are
//! the stats keys, so the stats read like a to-do list). A specialized
//! form that keeps missing its guard deoptimizes back to the family form,
//! with exponential backoff before the next attempt.
//!
//! This crate must never execute instructions; it only decides.

use std::collections::BTreeMap;

use bytecode::{BinaryOperator, InlineCache, Opcode};
use runtime::object::{IteratorState, Object};
use runtime::{Runtime, Value};

/// Executions of a fresh adaptive instruction before the first attempt.
pub const WARMUP: u16 = 2;

/// Attempts after the first wait these many executions. Primes just off
/// powers of two, for the reason CPython and PyPy give: power-of-two
/// thresholds line up with loop trip counts and exits.
const BACKOFF: [u16; 9] = [17, 53, 127, 251, 509, 1021, 2039, 4093, 8191];

/// Guard failures a specialized form tolerates before deoptimizing.
pub const MISS_LIMIT: u16 = 53;

/// Executions to wait before the next attempt, given the backoff step.
pub fn threshold(backoff: u16) -> u16 {
    match backoff {
        0 => WARMUP,
        n => BACKOFF[(n as usize - 1).min(BACKOFF.len() - 1)],
    }
}

/// Counts one execution of an adaptive instruction; true when it is time
/// to try specializing.
#[inline]
pub fn tick(cache: &InlineCache) -> bool {
    let count = cache.counter.get() + 1;
    if count < threshold(cache.backoff.get()) {
        cache.counter.set(count);
        false
    } else {
        cache.counter.set(0);
        true
    }
}

/// Records a failed attempt or a deopt: wait longer next time.
pub fn back_off(cache: &InlineCache) {
    cache.backoff.set(cache.backoff.get().saturating_add(1));
    cache.counter.set(0);
    cache.misses.set(0);
}

/// How many values on top of the stack `decide` looks at.
pub fn operand_count(opcode: Opcode, arg: u32) -> usize {
    match opcode {
        Opcode::ToBool | Opcode::ForIter | Opcode::UnpackSequence | Opcode::LoadAttr => 1,
        Opcode::StoreAttr => 2,
        Opcode::BinaryOp | Opcode::CompareOp | Opcode::BinarySubscr | Opcode::ContainsOp => 2,
        Opcode::StoreSubscr => 3,
        Opcode::Call => arg as usize + 2,
        _ => 0,
    }
}

fn payload(value: Value) -> Option<&'static Object> {
    value.object().map(|o| &o.payload)
}

fn is_str(value: Value) -> bool {
    matches!(payload(value), Some(Object::Str(_)))
}

fn keys_version(value: Value) -> u64 {
    match payload(value) {
        Some(Object::Dict(d)) => d.borrow().keys_version(),
        _ => 0,
    }
}

/// Chooses the specialized form for an adaptive instruction, filling its
/// cache; `Err(reason)` when none applies.
pub fn decide(
    rt: &mut Runtime,
    opcode: Opcode,
    arg: u32,
    operands: &[Value],
    globals: Value,
    name: Value,
    cache: &InlineCache,
) -> Result<Opcode, &'static str> {
    let decision = decide_form(rt, opcode, arg, operands, globals, name, cache);
    // A form of another family would run with the wrong stack effect.
    match decision {
        Ok(form) if form.family() != opcode => Err("form of another family"),
        _ => decision,
    }
}

fn decide_form(
    rt: &mut Runtime,
    opcode: Opcode,
    arg: u32,
    operands: &[Value],
    globals: Value,
    name: Value,
    cache: &InlineCache,
) -> Result<Opcode, &'static str> {
    use Opcode::*;
    match opcode {
        ToBool => {
            let v = operands[0];
            if v.is_bool() {
                Ok(ToBoolBool)
            } else if v.is_small_int() {
                Ok(ToBoolInt)
            } else if v.is_none() {
                Ok(ToBoolNone)
            } else {
                match payload(v) {
                    Some(Object::List(_)) => Ok(ToBoolList),
                    Some(Object::Str(_)) => Ok(ToBoolStr),
                    _ => Err("other type"),
                }
            }
        }
        BinaryOp => {
            let (a, b) = (operands[0], operands[1]);
            let Some((operator, _)) = BinaryOperator::from_oparg(arg) else {
                return Err("bad operator");
            };
            if Value::both_small_ints(a, b) {
                return match operator {
                    BinaryOperator::Add => Ok(BinaryOpAddInt),
                    BinaryOperator::Subtract => Ok(BinaryOpSubtractInt),
                    BinaryOperator::Multiply => Ok(BinaryOpMultiplyInt),
                    BinaryOperator::FloorDivide => Ok(BinaryOpFloorDivideInt),
                    BinaryOperator::Remainder => Ok(BinaryOpRemainderInt),
                    BinaryOperator::And
                    | BinaryOperator::Or
                    | BinaryOperator::Xor
                    | BinaryOperator::RShift
                    | BinaryOperator::LShift => Ok(BinaryOpBitwiseInt),
                    // Both exact as f64s: one float division.
                    BinaryOperator::TrueDivide => Ok(BinaryOpTrueDivideFloat),
                    _ => Err("int operator not specialized"),
                };
            }
            let wide = |v: Value| matches!(payload(v), Some(Object::WideInt(_)));
            if (wide(a) || wide(b))
                && (wide(a) || a.is_small_int())
                && (wide(b) || b.is_small_int())
            {
                return Ok(BinaryOpWideInt);
            }
            // Two floats, or a float and a small int (promoted exactly: it
            // has at most 48 bits), as CPython's float operations do.
            let numeric = |v: Value| v.is_float() || v.is_small_int();
            if numeric(a) && numeric(b) && (a.is_float() || b.is_float()) {
                return match operator {
                    BinaryOperator::Add => Ok(BinaryOpAddFloat),
                    BinaryOperator::Subtract => Ok(BinaryOpSubtractFloat),
                    BinaryOperator::Multiply => Ok(BinaryOpMultiplyFloat),
                    BinaryOperator::TrueDivide => Ok(BinaryOpTrueDivideFloat),
                    _ => Err("float operator not specialized"),
                };
            }
            if is_str(a) && is_str(b) && operator == BinaryOperator::Add {
                return Ok(BinaryOpAddStr);
            }
            Err("other types")
        }
        CompareOp => {
            let (a, b) = (operands[0], operands[1]);
            if Value::both_small_ints(a, b) {
                Ok(CompareOpInt)
            } else if (a.is_float() || a.is_small_int()) && (b.is_float() || b.is_small_int()) {
                // Two floats, or a float with a small int (promoted exactly).
                Ok(CompareOpFloat)
            } else if is_str(a) && is_str(b) {
                Ok(CompareOpStr)
            } else if matches!(
                bytecode::ComparisonOperator::from_oparg(arg),
                Some(bytecode::ComparisonOperator::Equal | bytecode::ComparisonOperator::NotEqual)
            ) && (matches!(payload(a), Some(Object::Instance(_)))
                || matches!(payload(b), Some(Object::Instance(_))))
                && runtime::protocol::compares_by_identity(rt, a)
                && runtime::protocol::compares_by_identity(rt, b)
            {
                Ok(CompareOpIdentity)
            } else {
                Err("other types")
            }
        }
        LoadGlobal => {
            // Cache (keys version, entry index): values may change freely,
            // adding or removing a key invalidates the cache.
            let key = rt.key(name).map_err(|_| "unhashable name")?;
            if let Some(Object::Dict(d)) = payload(globals)
                && let Some(index) = d.borrow().index_of(key)
            {
                cache.data.set(keys_version(globals));
                cache.data2.set(index as u64);
                return Ok(LoadGlobalModule);
            }
            if let Some(Object::Dict(d)) = payload(rt.builtins)
                && let Some(index) = d.borrow().index_of(key)
            {
                cache.data.set(keys_version(globals));
                cache.data2.set(index as u64);
                cache.data3.set(keys_version(rt.builtins));
                return Ok(LoadGlobalBuiltin);
            }
            Err("name not defined")
        }
        BinarySubscr => {
            let (container, key) = (operands[0], operands[1]);
            match (payload(container), key.is_small_int()) {
                (Some(Object::List(_)), true) => Ok(BinarySubscrListInt),
                (Some(Object::Tuple(_)), true) => Ok(BinarySubscrTupleInt),
                (Some(Object::Str(s)), true) if s.is_ascii() => Ok(BinarySubscrStrInt),
                (Some(Object::Dict(_)), _) => Ok(BinarySubscrDict),
                (Some(Object::List(_) | Object::Tuple(_) | Object::Str(_)), false) => {
                    Err("non-int index")
                }
                (Some(Object::Instance(_)), _) => {
                    if dict_subclass_item(rt, container, "__getitem__", cache) {
                        return Ok(BinarySubscrDictSubclass);
                    }
                    match item_method(rt, container, "__getitem__", cache)? {
                        ItemMethod::Native => Ok(BinarySubscrNativeMethod),
                        ItemMethod::Python => Ok(BinarySubscrGetitem),
                    }
                }
                _ => Err("other container"),
            }
        }
        StoreSubscr => {
            let (container, key) = (operands[1], operands[2]);
            match (payload(container), key.is_small_int()) {
                (Some(Object::List(_)), true) => Ok(StoreSubscrListInt),
                (Some(Object::Dict(_)), _) => Ok(StoreSubscrDict),
                (Some(Object::List(_)), false) => Err("non-int index"),
                (Some(Object::Instance(_)), _) => {
                    match item_method(rt, container, "__setitem__", cache)? {
                        ItemMethod::Native => Ok(StoreSubscrNativeMethod),
                        ItemMethod::Python => Err("Python item method"),
                    }
                }
                _ => Err("other container"),
            }
        }
        Call => {
            let callable = operands[0];
            let count = arg as usize + if operands[1].is_null() { 0 } else { 1 };
            cache.data.set(callable.bits());
            match payload(callable) {
                Some(Object::Function(f)) => {
                    let code = plain_parameters_code(f)?;
                    let positional = code.arg_count as usize;
                    let defaults = match payload(f.defaults.get()) {
                        Some(Object::Tuple(t)) => t.len(),
                        _ => 0,
                    };
                    if count == positional {
                        Ok(CallPyExactArgs)
                    } else if count < positional && count + defaults >= positional {
                        Ok(CallPyWithDefaults)
                    } else {
                        Err("wrong argument count")
                    }
                }
                Some(Object::NativeFunction(f)) => {
                    // A consumer handed a generator stays generic: the
                    // generic call drains it with the collector running.
                    if runtime::builtins::generator_consumer(rt, callable).is_some()
                        && operands[1..]
                            .iter()
                            .any(|v| matches!(payload(*v), Some(Object::Generator(_))))
                    {
                        return Err("generator consumer");
                    }
                    if let Some(owner) = f.owner {
                        // A method descriptor runs as a built-in call that
                        // guards its receiver's exact type.
                        return if owner == rt.types.list && f.name == "append" && count == 2 {
                            Ok(CallListAppend)
                        } else if count >= 1 {
                            Ok(CallBuiltinFast)
                        } else {
                            Err("method descriptor without receiver")
                        };
                    }
                    match (f.name, count) {
                        ("len", 1) => Ok(CallBuiltinLen),
                        ("isinstance", 2) => Ok(CallBuiltinIsinstance),
                        _ => Ok(CallBuiltinFast),
                    }
                }
                Some(Object::BoundMethod(m)) => {
                    // A native method bound to a fixed receiver (the
                    // cache guards the bound method's identity).
                    let Some(Object::NativeFunction(f)) = payload(m.function) else {
                        return Err("bound method");
                    };
                    if !operands[1].is_null() {
                        return Err("bound method with self");
                    }
                    let receiver_ok = f.owner.is_none_or(|owner| {
                        rt.is_subtype(rt.type_of(m.receiver), owner)
                            && !matches!(payload(m.receiver), Some(Object::Instance(i))
                                if runtime::objects::instance::base_value(i).is_some())
                    });
                    if receiver_ok {
                        Ok(CallBuiltinFast)
                    } else {
                        Err("bound method")
                    }
                }
                Some(Object::Type(_)) => {
                    if !operands[1].is_null() {
                        return Err("type call with self");
                    }
                    // A built-in type never changes: its identity guards.
                    if runtime::objects::class::class_data(callable).is_none() {
                        return Ok(CallBuiltinClass);
                    }
                    match runtime::protocol::plain_init(rt, callable) {
                        Some(init) => {
                            let version = runtime::objects::class::version(callable);
                            if version == 0 {
                                return Err("class not versioned");
                            }
                            cache.data2.set(version as u64);
                            cache.data3.set(init.bits());
                            Ok(CallAllocAndEnterInit)
                        }
                        None => Err("type call"),
                    }
                }
                _ => Err("other callable"),
            }
        }
        LoadAttr => specialize_load_attribute(rt, arg, operands[0], name, cache),
        StoreAttr => specialize_store_attribute(rt, operands[1], name, cache),
        ForIter => match payload(operands[0]) {
            Some(Object::Iterator(state)) => match &*state.borrow() {
                IteratorState::Range { .. } => Ok(ForIterRange),
                IteratorState::Sequence { sequence, .. } => match payload(*sequence) {
                    Some(Object::List(_)) => Ok(ForIterList),
                    Some(Object::Tuple(_)) => Ok(ForIterTuple),
                    _ => Err("other sequence"),
                },
                IteratorState::Enumerate { iterator, count } if count.is_small_int() => {
                    match payload(*iterator) {
                        Some(Object::Iterator(inner)) => match &*inner.borrow() {
                            IteratorState::Sequence { sequence, .. }
                                if matches!(
                                    payload(*sequence),
                                    Some(Object::List(_) | Object::Tuple(_))
                                ) =>
                            {
                                Ok(ForIterEnumerate)
                            }
                            // Enumerating a zip, a dict view, a generator:
                            // the built-in iterator form steps it.
                            _ => Ok(ForIterBuiltin),
                        },
                        _ => Ok(ForIterBuiltin),
                    }
                }
                _ => Ok(ForIterBuiltin),
            },
            Some(Object::Generator(_)) => Err("generator"),
            _ => Err("other iterator"),
        },
        UnpackSequence => match payload(operands[0]) {
            Some(Object::Tuple(t)) if t.len() == arg as usize => {
                if arg == 2 {
                    Ok(UnpackSequenceTwoTuple)
                } else {
                    Ok(UnpackSequenceTuple)
                }
            }
            Some(Object::List(l)) if l.borrow().len() == arg as usize => Ok(UnpackSequenceList),
            _ => Err("other sequence"),
        },
        ContainsOp => match payload(operands[1]) {
            Some(Object::Dict(_)) => Ok(ContainsOpDict),
            Some(Object::Set(_) | Object::FrozenSet(_)) => Ok(ContainsOpSet),
            Some(Object::List(_) | Object::Tuple(_) | Object::Str(_)) => Ok(ContainsOpSequence),
            _ => Err("other container"),
        },
        _ => Err("not adaptive"),
    }
}

/// Counters for one family.
#[derive(Default, Debug, Clone, serde::Serialize)]
pub struct FamilyStats {
    pub attempts: u64,
    pub successes: u64,
    pub failures: BTreeMap<String, u64>,
    /// Executions of specialized forms that passed their guard.
    pub hits: u64,
    pub misses: u64,
    pub deopts: u64,
}

/// Specialization statistics (`-X stats`).
#[derive(Debug, Clone)]
pub struct Stats {
    pub families: BTreeMap<&'static str, FamilyStats>,
    /// Executions per opcode.
    pub executions: Vec<u64>,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            families: BTreeMap::new(),
            executions: vec![0; Opcode::ALL.len()],
        }
    }
}

#[derive(serde::Serialize)]
struct Report<'a> {
    families: &'a BTreeMap<&'static str, FamilyStats>,
    most_executed: Vec<(&'static str, u64)>,
    gc: GcReport,
}

/// The collector's figures, as `-X stats` reports them.
#[derive(serde::Serialize)]
struct GcReport {
    collections: u64,
    minor_collections: u64,
    major_collections: u64,
    objects_promoted: u64,
    objects_allocated: u64,
    objects_freed: u64,
    bytes_allocated: u64,
    peak_objects: usize,
    peak_live_bytes: usize,
    total_pause_us: u128,
    longest_pause_us: u128,
    /// Time from the start of the run to the report (`-X gc_stats` only),
    /// against which the pauses are a share.
    #[serde(skip_serializing_if = "Option::is_none")]
    run_time_us: Option<u128>,
}

impl GcReport {
    fn new(heap: &runtime::heap::HeapStats) -> GcReport {
        GcReport {
            collections: heap.collections,
            minor_collections: heap.minor_collections,
            major_collections: heap.major_collections,
            objects_promoted: heap.promoted,
            objects_allocated: heap.allocations,
            objects_freed: heap.freed,
            bytes_allocated: heap.bytes_allocated,
            peak_objects: heap.peak_objects,
            peak_live_bytes: heap.peak_live_bytes,
            total_pause_us: heap.total_pause.as_micros(),
            longest_pause_us: heap.longest_pause.as_micros(),
            run_time_us: None,
        }
    }
}

/// The collector's figures alone as JSON (`-X gc_stats`), with the run's
/// duration so far.
pub fn gc_report_json(heap: &runtime::heap::HeapStats, run_time: std::time::Duration) -> String {
    let report = GcReport {
        run_time_us: Some(run_time.as_micros()),
        ..GcReport::new(heap)
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

impl Stats {
    fn family(&mut self, opcode: Opcode) -> &mut FamilyStats {
        self.families.entry(opcode.family().name()).or_default()
    }

    pub fn attempt(&mut self, opcode: Opcode, result: Result<Opcode, &'static str>) {
        let family = self.family(opcode);
        family.attempts += 1;
        match result {
            Ok(_) => family.successes += 1,
            Err(reason) => *family.failures.entry(reason.to_string()).or_default() += 1,
        }
    }

    pub fn miss(&mut self, opcode: Opcode) {
        self.family(opcode).misses += 1;
    }

    pub fn deopt(&mut self, opcode: Opcode) {
        self.family(opcode).deopts += 1;
    }

    #[inline]
    pub fn executed(&mut self, opcode: Opcode) {
        self.executions[opcode as usize] += 1;
    }

    /// Fills in hits (specialized executions that did not miss).
    fn finish(&mut self) {
        let executions = self.executions.clone();
        for opcode in Opcode::ALL.iter().filter(|o| o.is_specialized()) {
            let executed = executions[*opcode as usize];
            if executed > 0 {
                self.family(*opcode).hits += executed;
            }
        }
        for family in self.families.values_mut() {
            family.hits = family.hits.saturating_sub(family.misses);
        }
    }

    fn most_executed(&self, n: usize) -> Vec<(&'static str, u64)> {
        let mut all: Vec<(&'static str, u64)> = Opcode::ALL
            .iter()
            .map(|o| (o.name(), self.executions[*o as usize]))
            .filter(|(_, c)| *c > 0)
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    /// The report as a table, with the collector's figures from `heap`.
    pub fn report_text(mut self, heap: &runtime::heap::HeapStats) -> String {
        use std::fmt::Write;
        self.finish();
        let mut out = String::from("Specialization stats\n");
        let _ = writeln!(
            out,
            "{:<18} {:>9} {:>9} {:>12} {:>10} {:>8}  failures",
            "family", "attempts", "successes", "hits", "misses", "deopts"
        );
        for (name, f) in &self.families {
            let failures: Vec<String> = f
                .failures
                .iter()
                .map(|(r, n)| format!("{r}: {n}"))
                .collect();
            let _ = writeln!(
                out,
                "{:<18} {:>9} {:>9} {:>12} {:>10} {:>8}  {}",
                name,
                f.attempts,
                f.successes,
                f.hits,
                f.misses,
                f.deopts,
                failures.join(", ")
            );
        }
        out.push_str("\nMost executed instructions\n");
        for (name, count) in self.most_executed(15) {
            let _ = writeln!(out, "{name:<28} {count:>14}");
        }
        let gc = GcReport::new(heap);
        out.push_str("\nGarbage collection\n");
        for (name, value) in [
            ("collections", gc.collections.to_string()),
            ("minor collections", gc.minor_collections.to_string()),
            ("major collections", gc.major_collections.to_string()),
            ("objects promoted", gc.objects_promoted.to_string()),
            ("objects allocated", gc.objects_allocated.to_string()),
            ("objects freed", gc.objects_freed.to_string()),
            ("bytes allocated", gc.bytes_allocated.to_string()),
            ("peak objects", gc.peak_objects.to_string()),
            ("peak live bytes", gc.peak_live_bytes.to_string()),
            (
                "total pause",
                format!("{:.3} ms", gc.total_pause_us as f64 / 1000.0),
            ),
            (
                "longest pause",
                format!("{:.3} ms", gc.longest_pause_us as f64 / 1000.0),
            ),
        ] {
            let _ = writeln!(out, "{name:<28} {value:>14}");
        }
        out
    }

    /// The report as JSON, with the collector's figures from `heap`.
    pub fn report_json(mut self, heap: &runtime::heap::HeapStats) -> String {
        self.finish();
        let report = Report {
            families: &self.families,
            most_executed: self.most_executed(25),
            gc: GcReport::new(heap),
        };
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// The cache of the attribute forms: `data` the class (bits), `data2` the
/// class version (low 32 bits) and the shape (high 32 bits), `data3` the
/// index, the function, or (for a store that adds an attribute) the index
/// and the shape after the transition.
fn attribute_guard(
    rt: &Runtime,
    owner: Value,
) -> Result<(&'static runtime::object::InstanceObject, u32), &'static str> {
    use runtime::objects::class;
    let Some(Object::Instance(instance)) = payload(owner) else {
        return Err("not an instance");
    };
    let version = class::version(instance.class);
    if version == 0 {
        return Err("class not versioned");
    }
    if instance.shape.get() == runtime::objects::shape::DICT_MODE {
        return Err("instance uses a dict");
    }
    if class::lookup_user(rt, instance.class, rt.names.dunder_getattribute).is_some() {
        return Err("__getattribute__ overridden");
    }
    Ok((instance, version))
}

/// What implements an instance's item access.
enum ItemMethod {
    /// A native function (`array.array`).
    Native,
    /// A plain Python function taking exactly `(self, key)`.
    Python,
}

/// The code of a function a `CALL_PY_*` form can enter: positional
/// parameters only (no `*args`, `**kwargs` or keyword-only ones), and
/// not a generator function.
fn plain_parameters_code(
    function: &runtime::object::FunctionObject,
) -> Result<&'static bytecode::CodeObject, &'static str> {
    let Some(Object::Code(code)) = payload(function.code) else {
        return Err("no code");
    };
    let code = &code.code;
    if code.has_varargs() || code.has_varkeywords() || code.keyword_only_count > 0 {
        return Err("complex parameters");
    }
    if code.is_generator() {
        return Err("generator function");
    }
    Ok(code)
}

/// An item access on an instance whose class's `name` (`__getitem__` or
/// `__setitem__`) is a native function or a plain Python function: caches
/// (class, version, function) so that the access calls it directly.
fn item_method(
    rt: &mut Runtime,
    container: Value,
    name: &'static str,
    cache: &InlineCache,
) -> Result<ItemMethod, &'static str> {
    use runtime::objects::class;
    let Some(Object::Instance(instance)) = payload(container) else {
        return Err("other container");
    };
    let version = class::version(instance.class);
    if version == 0 {
        return Err("class not versioned");
    }
    let name = rt.intern_static(name);
    let Some(method) = class::lookup_user(rt, instance.class, name) else {
        return Err("other container");
    };
    let kind = match payload(method) {
        Some(Object::NativeFunction(_)) => ItemMethod::Native,
        Some(Object::Function(f)) => {
            let Some(Object::Code(code)) = payload(f.code) else {
                return Err("no code");
            };
            let code = &code.code;
            if code.has_varargs()
                || code.has_varkeywords()
                || code.keyword_only_count > 0
                || code.is_generator()
                || code.arg_count != 2
            {
                return Err("Python item method");
            }
            ItemMethod::Python
        }
        _ => return Err("Python item method"),
    };
    cache.data.set(instance.class.bits());
    cache.data2.set(version as u64);
    cache.data3.set(method.bits());
    Ok(kind)
}

/// Is `container` an instance of a `dict` subclass whose user classes do
/// not define `name` (`__getitem__`), carrying its dict? Caches (class,
/// version) for `BINARY_SUBSCR_DICT_SUBCLASS`.
fn dict_subclass_item(
    rt: &mut Runtime,
    container: Value,
    name: &'static str,
    cache: &InlineCache,
) -> bool {
    use runtime::objects::{class, instance};
    let Some(Object::Instance(object)) = payload(container) else {
        return false;
    };
    let version = class::version(object.class);
    let dict_type = rt.types.dict;
    let name = rt.intern_static(name);
    let is_dict_subclass = version != 0
        && class::class_data(object.class).is_some_and(|d| d.builtin_base == Some(dict_type))
        && class::lookup_user(rt, object.class, name).is_none()
        && matches!(
            instance::base_value(object).and_then(payload),
            Some(Object::Dict(_))
        );
    if is_dict_subclass {
        cache.data.set(object.class.bits());
        cache.data2.set(version as u64);
    }
    is_dict_subclass
}

/// A data descriptor on the class takes precedence over instance values.
fn descriptor_on_class(rt: &Runtime, class: Value, name: Value) -> Option<Value> {
    runtime::objects::class::lookup(rt, class, name)
        .filter(|d| matches!(payload(*d), Some(Object::Property(_) | Object::Instance(_))))
}

fn specialize_load_attribute(
    rt: &mut Runtime,
    arg: u32,
    owner: Value,
    name: Value,
    cache: &InlineCache,
) -> Result<Opcode, &'static str> {
    use runtime::objects::class;
    if let Some(dict) = runtime::objects::module::module_dict(owner) {
        // Cache (keys version, entry index) of the module's namespace: the
        // version is unique to the dict, so it also identifies the module.
        let key = rt.key(name).map_err(|_| "unhashable name")?;
        let Some(Object::Dict(d)) = payload(dict) else {
            return Err("module without a dict");
        };
        let Some(index) = d.borrow().index_of(key) else {
            return Err("module attribute missing");
        };
        cache.data.set(keys_version(dict));
        cache.data2.set(index as u64);
        return Ok(Opcode::LoadAttrModule);
    }
    if class::class_data(owner).is_some() {
        return specialize_type_attribute(rt, arg, owner, name, cache);
    }
    if matches!(payload(owner), Some(Object::Type(_))) {
        return specialize_builtin_type_attribute(rt, owner, name, cache);
    }
    if arg & 1 == 1 && !matches!(payload(owner), Some(Object::Instance(_))) {
        return specialize_builtin_method(rt, owner, name, cache);
    }
    let (instance, version) = attribute_guard(rt, owner)?;
    let shape = instance.shape.get();
    cache.data.set(instance.class.bits());
    cache.data2.set(version as u64 | (shape as u64) << 32);
    if let Some(descriptor) = descriptor_on_class(rt, instance.class, name) {
        return match payload(descriptor) {
            Some(Object::Property(p)) if matches!(payload(p.getter), Some(Object::Function(_))) => {
                cache.data3.set(p.getter.bits());
                Ok(Opcode::LoadAttrProperty)
            }
            _ => Err("descriptor on the class"),
        };
    }
    if let Some(index) = rt.shapes.index_of(shape, name) {
        cache.data3.set(index as u64);
        return Ok(Opcode::LoadAttrInstanceValue);
    }
    match class::lookup(rt, instance.class, name) {
        Some(function)
            if arg & 1 == 1 && matches!(payload(function), Some(Object::Function(_))) =>
        {
            cache.data3.set(function.bits());
            Ok(Opcode::LoadAttrMethod)
        }
        Some(function) if arg & 1 == 1 && builtin_method_of_base(rt, instance, function) => {
            cache.data3.set(function.bits());
            Ok(Opcode::LoadAttrMethodOfBase)
        }
        Some(value)
            if !matches!(
                payload(value),
                Some(
                    Object::Function(_)
                        | Object::NativeFunction(_)
                        | Object::StaticMethod(_)
                        | Object::ClassMethod(_)
                        | Object::Property(_)
                        | Object::Instance(_)
                )
            ) =>
        {
            cache.data3.set(value.bits());
            Ok(Opcode::LoadAttrClassAttribute)
        }
        Some(_) => Err("class attribute"),
        None => Err("attribute missing"),
    }
}

/// Is `function` a built-in type's method that applies to the built-in
/// value `instance` carries (`list.append` for `class L(list)`)? The
/// generic call hands such a method that value instead of the instance.
fn builtin_method_of_base(
    rt: &Runtime,
    instance: &runtime::object::InstanceObject,
    function: Value,
) -> bool {
    let Some(Object::NativeFunction(f)) = payload(function) else {
        return false;
    };
    let Some(owner) = f.owner else {
        return false;
    };
    let Some(base) = runtime::objects::instance::base_value(instance) else {
        return false;
    };
    owner != rt.types.object
        && runtime::objects::class::class_data(owner).is_none()
        && rt.is_subtype(rt.type_of(base), owner)
}

/// `value.name(...)` on a built-in value: cache (the exact built-in type,
/// the method descriptor). Built-in types cannot gain or lose methods, so
/// the type alone guards the lookup.
fn specialize_builtin_method(
    rt: &mut Runtime,
    owner: Value,
    name: Value,
    cache: &InlineCache,
) -> Result<Opcode, &'static str> {
    if matches!(
        payload(owner),
        Some(Object::Type(_) | Object::Super(_) | Object::Module(_))
    ) {
        return Err("not an instance");
    }
    let class = rt.type_of(owner);
    if runtime::objects::class::class_data(class).is_some()
        || runtime::protocol::is_user_object(rt, owner)
    {
        return Err("not a built-in type");
    }
    match runtime::methods::lookup_method(rt, owner, name) {
        Some(method) if matches!(payload(method), Some(Object::NativeFunction(_))) => {
            cache.data.set(class.bits());
            cache.data3.set(method.bits());
            Ok(Opcode::LoadAttrMethodBuiltin)
        }
        Some(_) => Err("built-in attribute not a method"),
        None => Err("built-in attribute missing"),
    }
}

/// `int.__repr__`, `dict.__repr__`: a method descriptor read from a
/// built-in type, which can never change. Cached as `LOAD_ATTR_TYPE` with
/// version 0 (what a built-in type's version is) when the class access
/// yields the very descriptor the type's method table holds.
fn specialize_builtin_type_attribute(
    rt: &mut Runtime,
    owner: Value,
    name: Value,
    cache: &InlineCache,
) -> Result<Opcode, &'static str> {
    use runtime::objects::class;
    let Some(found) = class::lookup(rt, owner, name) else {
        return Err("built-in type attribute");
    };
    let Some(Object::NativeFunction(f)) = payload(found) else {
        return Err("built-in type attribute");
    };
    if f.owner.is_none() || class::version(owner) != 0 {
        return Err("built-in type attribute");
    }
    // What the generic access answers, worked out once: only a stable
    // descriptor (not a fresh bound method) can be cached.
    match runtime::methods::get_attribute(rt, owner, name) {
        Ok(value) if value == found => {}
        _ => return Err("built-in type attribute"),
    }
    cache.data.set(owner.bits());
    cache.data2.set(0);
    cache.data3.set(found.bits());
    Ok(Opcode::LoadAttrType)
}

/// `Class.name` on a user class: cache (class, class version and
/// metaclass version, value) when the value is plain (nothing `__get__`s
/// it) and the metaclass neither intercepts attribute access nor has an
/// attribute of that name (a metaclass descriptor would win). A
/// classmethod called at once (`Class.method(...)`) caches its function
/// instead (`LOAD_ATTR_CLASS_METHOD`).
fn specialize_type_attribute(
    rt: &mut Runtime,
    arg: u32,
    owner: Value,
    name: Value,
    cache: &InlineCache,
) -> Result<Opcode, &'static str> {
    use runtime::objects::class;
    let Some(data) = class::class_data(owner) else {
        return Err("not a class");
    };
    let version = class::version(owner);
    if version == 0 {
        return Err("class not versioned");
    }
    // `__name__`, `__doc__`, `__dict__`...: `type`'s own descriptors.
    if runtime::as_str(name).is_some_and(|text| text.starts_with("__")) {
        return Err("special attribute of a class");
    }
    let metaclass = data.metaclass;
    let metaclass_version = if metaclass == rt.types.type_ {
        0
    } else {
        let version = class::version(metaclass);
        if version == 0 {
            return Err("metaclass not versioned");
        }
        for hook in ["__getattribute__", "__getattr__"] {
            let hook = rt.intern(hook);
            if class::lookup_user(rt, metaclass, hook).is_some() {
                return Err("metaclass intercepts attributes");
            }
        }
        version
    };
    if class::lookup(rt, metaclass, name).is_some() {
        return Err("metaclass attribute");
    }
    let Some(value) = class::lookup(rt, owner, name) else {
        return Err("attribute missing");
    };
    cache.data.set(owner.bits());
    cache
        .data2
        .set(version as u64 | (metaclass_version as u64) << 32);
    // A classmethod called at once: the function, with the class as self.
    if arg & 1 == 1
        && let Some(Object::ClassMethod(function)) = payload(value)
        && matches!(payload(*function), Some(Object::Function(_)))
    {
        cache.data3.set(function.bits());
        return Ok(Opcode::LoadAttrClassMethod);
    }
    // What a class access would bind or transform: the descriptors.
    // (A plain function read from its class is the function itself.)
    let plain = match payload(value) {
        Some(
            Object::StaticMethod(_)
            | Object::ClassMethod(_)
            | Object::Property(_)
            | Object::Super(_),
        ) => false,
        Some(Object::Instance(instance)) => {
            let get = rt.intern("__get__");
            class::lookup(rt, instance.class, get).is_none()
        }
        _ => true,
    };
    if !plain {
        return Err("descriptor on a class");
    }
    cache.data3.set(value.bits());
    Ok(Opcode::LoadAttrType)
}

fn specialize_store_attribute(
    rt: &mut Runtime,
    owner: Value,
    name: Value,
    cache: &InlineCache,
) -> Result<Opcode, &'static str> {
    use runtime::objects::class;
    if runtime::objects::module::module_dict(owner).is_some() {
        return Err("module attribute store");
    }
    let (instance, version) = attribute_guard(rt, owner)?;
    if descriptor_on_class(rt, instance.class, name).is_some() {
        return Err("descriptor on the class");
    }
    if class::lookup_user(rt, instance.class, rt.names.dunder_setattr).is_some() {
        return Err("__setattr__ overridden");
    }
    if let Some(data) = class::class_data(instance.class)
        && !data.has_dict
        && !data.slot_names.contains(&name)
    {
        return Err("not a slot");
    }
    let shape = instance.shape.get();
    cache.data.set(instance.class.bits());
    cache.data2.set(version as u64 | (shape as u64) << 32);
    match rt.shapes.index_of(shape, name) {
        Some(index) => cache.data3.set(index as u64),
        None => {
            let Some(next) = rt.shapes.with_added(shape, name) else {
                return Err("too many attributes");
            };
            let index = rt.shapes.keys(shape).len();
            cache.data3.set(index as u64 | (next as u64) << 32);
        }
    }
    Ok(Opcode::StoreAttrInstanceValue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_warm_up_then_back_off_off_powers_of_two() {
        let cache = InlineCache::default();
        assert!(!tick(&cache));
        assert!(tick(&cache), "fires after the warm-up");
        back_off(&cache);
        let mut n = 0;
        while !tick(&cache) {
            n += 1;
        }
        assert_eq!(n + 1, 17);
        for step in 1..=9 {
            assert!(!threshold(step).is_power_of_two());
        }
    }

    #[test]
    fn decisions_follow_operand_types() {
        let mut rt = Runtime::new(false);
        let cache = InlineCache::default();
        let ints = [Value::small_int(1), Value::small_int(2)];
        let floats = [Value::float(1.0), Value::float(2.0)];
        let add = BinaryOperator::Add as u32;
        assert_eq!(
            decide(
                &mut rt,
                Opcode::BinaryOp,
                add,
                &ints,
                Value::NULL,
                Value::NULL,
                &cache
            ),
            Ok(Opcode::BinaryOpAddInt)
        );
        assert_eq!(
            decide(
                &mut rt,
                Opcode::BinaryOp,
                add,
                &floats,
                Value::NULL,
                Value::NULL,
                &cache
            ),
            Ok(Opcode::BinaryOpAddFloat)
        );
        let mixed = [Value::small_int(1), Value::float(2.0)];
        assert_eq!(
            decide(
                &mut rt,
                Opcode::BinaryOp,
                add,
                &mixed,
                Value::NULL,
                Value::NULL,
                &cache
            ),
            Ok(Opcode::BinaryOpAddFloat)
        );
        assert_eq!(
            decide(
                &mut rt,
                Opcode::CompareOp,
                0,
                &floats,
                Value::NULL,
                Value::NULL,
                &cache
            ),
            Ok(Opcode::CompareOpFloat)
        );
    }

    #[test]
    fn every_specialized_form_has_its_familys_stack_effect() {
        for opcode in Opcode::ALL.iter().filter(|o| o.is_specialized()) {
            for arg in [0, 1, 2, 5] {
                for jump in [false, true] {
                    assert_eq!(
                        opcode.stack_effect(arg, jump),
                        opcode.family().stack_effect(arg, jump),
                        "{}",
                        opcode.name()
                    );
                }
            }
            assert!(opcode.family().is_adaptive(), "{}", opcode.name());
        }
    }
}
