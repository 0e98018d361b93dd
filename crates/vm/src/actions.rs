//! The semantics of the specialized instructions, written once for both
//! tiers: tier 1's instruction arms and tier 2's uop executor call these
//! same functions, so the tiers cannot drift apart. Each returns `None`
//! where the instruction's guard fails (tier 1 then runs the family's
//! generic code, tier 2 leaves the trace), and changes nothing when it
//! does.

use std::cmp::Ordering;

use bytecode::{BinaryOperator, InlineCache};
use runtime::object::{IteratorState, Object};
use runtime::{PyResult, Runtime, Value, as_str};

/// `BINARY_OP_*_INT` on two inline ints `x` and `y`: an inline int, or a
/// boxed one past 2^47; `$fail` (which must diverge: a miss, an exit)
/// past 64 bits (multiplication) or on a zero divisor. A macro rather
/// than a function because tier 1's dispatch loop measured 1.4-4% slower
/// on collatz with the call (register allocation in the big loop); the
/// macro expands to the very tokens the arm had.
macro_rules! int_arithmetic {
    (Add, $rt:expr, $x:expr, $y:expr, $fail:expr) => {
        $rt.new_int($x + $y)
    };
    (Subtract, $rt:expr, $x:expr, $y:expr, $fail:expr) => {
        $rt.new_int($x - $y)
    };
    (Multiply, $rt:expr, $x:expr, $y:expr, $fail:expr) => {
        match $x.checked_mul($y) {
            Some(r) => $rt.new_int(r),
            None => $fail,
        }
    };
    (FloorDivide, $rt:expr, $x:expr, $y:expr, $fail:expr) => {
        match runtime::objects::int::floor_div_i64($x, $y) {
            Some(r) => $rt.new_int(r),
            None => $fail,
        }
    };
    (Remainder, $rt:expr, $x:expr, $y:expr, $fail:expr) => {
        match runtime::objects::int::mod_i64($x, $y) {
            Some(r) => Value::small_int(r),
            None => $fail,
        }
    };
}
pub(crate) use int_arithmetic;

/// The arithmetic of `BINARY_OP_*_FLOAT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatOperation {
    Add,
    Subtract,
    Multiply,
    TrueDivide,
}

/// `a op b` where the operands are floats, or a float with an inline int
/// (exact as an f64: at most 48 bits), or for `/` two inline ints (both
/// exact, so one division rounds as CPython's does); `None` for other
/// operands and for a zero divisor.
#[inline(always)]
pub fn float_operation(op: FloatOperation, a: Value, b: Value) -> Option<Value> {
    let (x, y) = if a.is_float() && b.is_float() {
        (a.as_float(), b.as_float())
    } else {
        match mixed_float_operands(a, b) {
            Some(pair) => pair,
            None if op == FloatOperation::TrueDivide && Value::both_small_ints(a, b) => {
                (a.as_small_int() as f64, b.as_small_int() as f64)
            }
            None => return None,
        }
    };
    Some(Value::float(match op {
        FloatOperation::Add => x + y,
        FloatOperation::Subtract => x - y,
        FloatOperation::Multiply => x * y,
        FloatOperation::TrueDivide => {
            if y == 0.0 {
                return None;
            }
            x / y
        }
    }))
}

/// The operands of a float form when one is a small int (promoted
/// exactly: it has at most 48 bits) and the other a float; kept out of
/// line so the all-float path stays short.
#[cold]
#[inline(never)]
pub fn mixed_float_operands(a: Value, b: Value) -> Option<(f64, f64)> {
    if a.is_float() && b.is_small_int() {
        Some((a.as_float(), b.as_small_int() as f64))
    } else if a.is_small_int() && b.is_float() {
        Some((a.as_small_int() as f64, b.as_float()))
    } else {
        None
    }
}

/// How `COMPARE_OP_FLOAT` orders its operands (`None` inside when a NaN
/// makes them unordered); `None` for operands it does not take.
#[inline(always)]
pub fn float_ordering(a: Value, b: Value) -> Option<Option<Ordering>> {
    if a.is_float() && b.is_float() {
        Some(a.as_float().partial_cmp(&b.as_float()))
    } else {
        mixed_float_operands(a, b).map(|(x, y)| x.partial_cmp(&y))
    }
}

/// The result of comparison `oparg` (CPython's `COMPARE_OP` numbering:
/// `<`, `<=`, `==`, `!=`, `>`, `>=`) given the operands' ordering;
/// unordered operands (a NaN) are unequal and nothing else.
#[inline(always)]
pub fn comparison_result(oparg: u32, ordering: Option<Ordering>) -> bool {
    use Ordering::*;
    match (oparg, ordering) {
        (3, None) => true,
        (_, None) => false,
        (0, Some(o)) => o == Less,
        (1, Some(o)) => o != Greater,
        (2, Some(o)) => o == Equal,
        (3, Some(o)) => o != Equal,
        (4, Some(o)) => o == Greater,
        (_, Some(o)) => o != Less,
    }
}

/// A list or tuple index from an inline int key, counting from the end
/// when negative; `None` out of range.
#[inline(always)]
fn sequence_index(key: Value, length: usize) -> Option<usize> {
    if !key.is_small_int() {
        return None;
    }
    let i = key.as_small_int();
    let i = if i < 0 { i + length as i64 } else { i };
    (i >= 0 && (i as usize) < length).then_some(i as usize)
}

/// `list[int]` (`BINARY_SUBSCR_LIST_INT`).
#[inline(always)]
pub fn list_item(container: Value, key: Value) -> Option<Value> {
    match container.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            let items = items.borrow();
            sequence_index(key, items.len()).map(|i| items[i])
        }
        _ => None,
    }
}

/// `tuple[int]` (`BINARY_SUBSCR_TUPLE_INT`).
#[inline(always)]
pub fn tuple_item(container: Value, key: Value) -> Option<Value> {
    match container.object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => sequence_index(key, items.len()).map(|i| items[i]),
        _ => None,
    }
}

/// `list[int] = value` (`STORE_SUBSCR_LIST_INT`); false (nothing stored)
/// when the guard fails.
#[inline(always)]
pub fn store_list_item(container: Value, key: Value, value: Value) -> bool {
    match container.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            let mut items = items.borrow_mut();
            match sequence_index(key, items.len()) {
                Some(i) => {
                    items[i] = value;
                    true
                }
                None => false,
            }
        }
        _ => false,
    }
}

/// Which sequence a `FOR_ITER_*` form iterates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceKind {
    Range,
    List,
    Tuple,
}

/// What one step of a specialized `FOR_ITER` found.
pub enum IterationStep {
    Item(Value),
    Exhausted,
    /// Not an iterator of this kind: the guard failed.
    Miss,
}

/// Advances a range, list or tuple iterator (`FOR_ITER_RANGE`,
/// `FOR_ITER_LIST`, `FOR_ITER_TUPLE`).
#[inline(always)]
pub fn sequence_iterator_next(
    rt: &mut Runtime,
    kind: SequenceKind,
    iterator: Value,
) -> IterationStep {
    let Some(Object::Iterator(cell)) = iterator.object().map(|o| &o.payload) else {
        return IterationStep::Miss;
    };
    let mut state = cell.borrow_mut();
    let next = match &mut *state {
        IteratorState::Range {
            next,
            remaining,
            step,
        } if kind == SequenceKind::Range => {
            if *remaining == 0 {
                return IterationStep::Exhausted;
            }
            let v = *next;
            *next = next.wrapping_add(*step);
            *remaining -= 1;
            if Value::fits_small_int(v) {
                Value::small_int(v)
            } else {
                // A large range value needs allocating after the borrow ends.
                drop(state);
                return IterationStep::Item(rt.new_int(v));
            }
        }
        IteratorState::Sequence { sequence, index } if kind != SequenceKind::Range => {
            let item = match (kind, sequence.object().map(|o| &o.payload)) {
                (SequenceKind::List, Some(Object::List(items))) => {
                    items.borrow().get(*index).copied()
                }
                (SequenceKind::Tuple, Some(Object::Tuple(items))) => items.get(*index).copied(),
                _ => return IterationStep::Miss,
            };
            *index += 1;
            match item {
                Some(v) => v,
                None => return IterationStep::Exhausted,
            }
        }
        _ => return IterationStep::Miss,
    };
    IterationStep::Item(next)
}

/// The keys version of a dict (`None` for anything else): what
/// `LOAD_GLOBAL_*` guards on.
#[inline(always)]
pub fn keys_version(dict: Value) -> Option<u64> {
    match dict.object().map(|o| &o.payload) {
        // SAFETY: reading a version stamp runs no code that could borrow
        // the dict mutably.
        Some(Object::Dict(d)) => Some(unsafe { d.read_unguarded(|d| d.keys_version()) }),
        _ => None,
    }
}

/// The value of entry `index` of a dict, if that entry is live.
#[inline(always)]
pub fn entry_value(dict: Value, index: u64) -> Option<Value> {
    match dict.object().map(|o| &o.payload) {
        // SAFETY: reading an entry runs no code that could borrow the dict
        // mutably.
        Some(Object::Dict(d)) => {
            unsafe { d.read_unguarded(|d| d.entry_at(index as usize)) }.map(|(_, v)| v)
        }
        _ => None,
    }
}

/// `LOAD_GLOBAL_MODULE` / `LOAD_GLOBAL_BUILTIN`: the entry at `index` of
/// the globals (or builtins) dict, when the dicts' keys versions are the
/// cached ones (`globals_version`; `builtins_version` for a builtin).
#[inline(always)]
pub fn global_entry(
    rt: &Runtime,
    globals: Value,
    globals_version: u64,
    builtins_version: Option<u64>,
    index: u64,
) -> Option<Value> {
    if keys_version(globals)? != globals_version {
        return None;
    }
    match builtins_version {
        None => entry_value(globals, index),
        Some(version) => {
            if keys_version(rt.builtins)? != version {
                return None;
            }
            entry_value(rt.builtins, index)
        }
    }
}

/// The cache words `global_entry` checks for a `LOAD_GLOBAL_*` form:
/// (globals version, builtins version, entry index).
pub fn global_cache_words(cache: &InlineCache) -> (u64, u64, u64) {
    (cache.data.get(), cache.data3.get(), cache.data2.get())
}

/// `BINARY_OP_BITWISE_INT`: `&`, `|`, `^`, `>>`, `<<` (the operator from
/// `oparg`) on two inline ints; `None` for other operands, other
/// operators, and shifts tier 1 leaves to the generic code.
#[inline(always)]
pub fn small_int_bitwise(rt: &mut Runtime, oparg: u32, a: Value, b: Value) -> Option<Value> {
    let (operator, _) = BinaryOperator::from_oparg(oparg)?;
    if !Value::both_small_ints(a, b) {
        return None;
    }
    let (x, y) = (a.as_small_int(), b.as_small_int());
    // Inline ints have at most 48 bits: `&`, `|`, `^` and `>>` stay
    // inline.
    Some(match operator {
        BinaryOperator::And => Value::small_int(x & y),
        BinaryOperator::Or => Value::small_int(x | y),
        BinaryOperator::Xor => Value::small_int(x ^ y),
        BinaryOperator::RShift if y >= 0 => Value::small_int(x >> y.min(63)),
        BinaryOperator::LShift if (0..63).contains(&y) && (x << y) >> y == x => rt.new_int(x << y),
        _ => return None,
    })
}

/// `BINARY_OP_ADD_STR`: the concatenation of two strs (`None` for other
/// operands; an error when the result cannot be allocated).
#[inline(always)]
pub fn concatenate_strs(rt: &mut Runtime, a: Value, b: Value) -> Option<PyResult<Value>> {
    let (Some(x), Some(y)) = (as_str(a), as_str(b)) else {
        return None;
    };
    let mut text = match runtime::alloc::string_with_capacity(rt, x.len() + y.len()) {
        Ok(text) => text,
        Err(e) => return Some(Err(e)),
    };
    text.push_str(x);
    text.push_str(y);
    Some(Ok(rt.new_string(text)))
}

/// `TO_BOOL_LIST`: a list's truth.
#[inline(always)]
pub fn list_truth(v: Value) -> Option<bool> {
    match v.object().map(|o| &o.payload) {
        Some(Object::List(items)) => Some(!items.borrow().is_empty()),
        _ => None,
    }
}

/// `TO_BOOL_STR`: a str's truth.
#[inline(always)]
pub fn str_truth(v: Value) -> Option<bool> {
    match v.object().map(|o| &o.payload) {
        Some(Object::Str(s)) => Some(!s.text.is_empty()),
        _ => None,
    }
}

/// `STORE_GLOBAL`: binds `name` in the globals dict.
#[inline(always)]
pub fn store_global(rt: &mut Runtime, globals: Value, name: Value, value: Value) -> PyResult<()> {
    let key = rt.key(name)?;
    if let Some(Object::Dict(d)) = globals.object().map(|o| &o.payload) {
        d.borrow_mut().insert(key, value);
    }
    Ok(())
}

/// The cell of `LOAD_DEREF`/`STORE_DEREF` `oparg` among a frame's
/// locals: cells and free variables follow the plain locals.
#[inline(always)]
pub fn cell_slot(code: &bytecode::CodeObject, oparg: u32) -> usize {
    code.varnames.len() + oparg as usize
}

/// Whether `owner` is an instance of the class with bits `class` at the
/// class version in the low half of `layout`, with the shape in its high
/// half (the inline cache of the instance attribute forms).
#[inline(always)]
pub fn instance_layout_is(owner: Value, class: u64, layout: u64) -> bool {
    match owner.object().map(|o| &o.payload) {
        Some(Object::Instance(instance)) => {
            instance.class.bits() == class
                && runtime::objects::class::version(instance.class) == layout as u32
                && instance.shape.get() == (layout >> 32) as u32
        }
        _ => false,
    }
}

/// `LOAD_ATTR_INSTANCE_VALUE`'s load: attribute `index` of an instance
/// whose layout was checked.
#[inline(always)]
pub fn instance_value(owner: Value, index: u64) -> Option<Value> {
    match owner.object().map(|o| &o.payload) {
        Some(Object::Instance(instance)) => instance.values.get(index as usize),
        _ => None,
    }
}

/// `STORE_ATTR_INSTANCE_VALUE`'s store into an instance whose layout was
/// checked: `target` is the attribute's index, and in its high half the
/// shape after adding it (0 for an attribute the instance has).
#[inline(always)]
pub fn store_instance_value(instance: &runtime::object::InstanceObject, value: Value, target: u64) {
    let index = target as u32 as usize;
    let next_shape = (target >> 32) as u32;
    if next_shape == 0 {
        instance.set_value(index, value);
    } else {
        instance.push_value(value);
        instance.shape.set(next_shape);
    }
}

/// `UNPACK_SEQUENCE_TWO_TUPLE`, `_TUPLE`, `_LIST`: replaces the sequence
/// on top with its `n` items, last first, through the caller's `$push`
/// and `$discard` macros; `$fail` (which must diverge) when it is not a
/// sequence of the kind and length. `$selector` is matched against the
/// three kinds' patterns (the tier-1 opcodes, or the uops). A macro for
/// the reason [`int_arithmetic`] is one: tier 1's loop measured 4-7%
/// slower on fib, collatz and nbody with the items written through a
/// function.
macro_rules! unpack_sequence {
    ($selector:expr, $two:pat, $tuple:pat, $list:pat, $sequence:expr, $n:expr,
     $push:ident, $discard:ident, $fail:expr) => {
        match ($selector, $sequence.object().map(|o| &o.payload)) {
            ($two, Some(Object::Tuple(items))) if items.len() == 2 => {
                $discard!();
                $push!(items[1]);
                $push!(items[0]);
            }
            ($tuple, Some(Object::Tuple(items))) if items.len() == $n => {
                $discard!();
                for item in items.iter().rev() {
                    $push!(*item);
                }
            }
            ($list, Some(Object::List(items))) if items.borrow().len() == $n => {
                $discard!();
                for item in items.borrow().iter().rev() {
                    $push!(*item);
                }
            }
            _ => $fail,
        }
    };
}
pub(crate) use unpack_sequence;

/// `LIST_APPEND` (a comprehension's): false when `target` is not a list.
#[inline(always)]
pub fn list_append(rt: &mut Runtime, target: Value, item: Value) -> bool {
    match target.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            rt.list_push(items, item);
            true
        }
        _ => false,
    }
}

/// `len(v)` of a built-in value (`None` for an instance of a user class,
/// whose `__len__` runs Python code).
#[inline(always)]
pub fn builtin_len(rt: &mut Runtime, v: Value) -> Option<PyResult<Value>> {
    if runtime::protocol::is_user_object(rt, v) {
        return None;
    }
    Some(runtime::ops::len(rt, v).map(|n| rt.new_int(n as i64)))
}

/// `-v` of an inline int (boxing `-(-2**47)`) or a float; `None` for
/// anything else. (Tier 1's `UNARY_NEGATIVE` spells the inline-int case
/// the same way in its arm; see there.)
#[inline(always)]
pub fn negate_number(rt: &mut Runtime, v: Value) -> Option<Value> {
    if v.is_small_int() {
        Some(rt.new_int(-v.as_small_int()))
    } else if v.is_float() {
        Some(Value::float(-v.as_float()))
    } else {
        None
    }
}

/// One step of `FOR_ITER_ENUMERATE` (`enumerate` over a list or tuple
/// iterator): the count and the item, with the count advanced; `None`
/// inside when exhausted; `None` (nothing changed) when the guard fails.
#[inline(always)]
pub fn enumerate_step(iterator: Value) -> Option<Option<(Value, Value)>> {
    let Some(Object::Iterator(cell)) = iterator.object().map(|o| &o.payload) else {
        return None;
    };
    // Every guard comes before any state changes.
    let (inner, count) = match &*cell.borrow() {
        IteratorState::Enumerate { iterator, count }
            if count.is_small_int() && count.as_small_int() < runtime::value::SMALL_INT_MAX =>
        {
            (*iterator, *count)
        }
        _ => return None,
    };
    let Some(Object::Iterator(inner_cell)) = inner.object().map(|o| &o.payload) else {
        return None;
    };
    let item = match &mut *inner_cell.borrow_mut() {
        IteratorState::Sequence { sequence, index } => {
            let item = match sequence.object().map(|o| &o.payload) {
                Some(Object::List(items)) => items.borrow().get(*index).copied(),
                Some(Object::Tuple(items)) => items.get(*index).copied(),
                _ => return None,
            };
            *index += 1;
            item
        }
        _ => return None,
    };
    let Some(item) = item else {
        return Some(None);
    };
    if let IteratorState::Enumerate { count: stored, .. } = &mut *cell.borrow_mut() {
        *stored = Value::small_int(count.as_small_int() + 1);
    }
    Some(Some((count, item)))
}

/// `CONTAINS_OP_DICT` / `CONTAINS_OP_SET`: whether `item` is a key of the
/// dict (`set_form` false) or a member of the set or frozenset; `None`
/// when the guard fails (another container, user-defined keys, an item
/// that is not a built-in key); an error from hashing.
#[inline(always)]
pub fn builtin_contains(
    rt: &mut Runtime,
    set_form: bool,
    item: Value,
    container: Value,
) -> Option<PyResult<bool>> {
    macro_rules! key {
        () => {
            match runtime::ops::builtin_key(rt, item) {
                Ok(Some(key)) => key,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        };
    }
    Some(Ok(
        match (set_form, container.object().map(|o| &o.payload)) {
            (false, Some(Object::Dict(d))) if !d.borrow().has_user_keys() => {
                let key = key!();
                d.borrow().contains(key)
            }
            (true, Some(Object::Set(s))) if !s.borrow().has_user_keys() => {
                let key = key!();
                s.borrow().contains(key)
            }
            (true, Some(Object::FrozenSet(s))) if !s.has_user_keys() => {
                let key = key!();
                s.contains(key)
            }
            _ => return None,
        },
    ))
}

/// The inline-cache words an instance attribute form (`LOAD_ATTR_INSTANCE_VALUE`,
/// `LOAD_ATTR_METHOD`) holds for attribute `name` of `instance`: (class,
/// class version | shape << 32, value index or function). `None` unless
/// the class has plain attribute access and the instance a shape (not a
/// dict), and, for a method, `name` is a Python function of the class
/// that the instance does not shadow. Tier 1 points a polymorphic site's
/// cache at them; tier 2 records a trace for the receiver it saw.
pub fn attribute_cache_words(
    rt: &Runtime,
    opcode: bytecode::Opcode,
    instance: &runtime::object::InstanceObject,
    name: Value,
) -> Option<(u64, u64, u64)> {
    use runtime::objects::{class, instance as instances};
    let owner_class = instance.class;
    if !class::has_plain_attributes(owner_class) {
        return None;
    }
    let version = class::version(owner_class);
    let shape = instance.shape.get();
    if version == 0 || shape == runtime::objects::shape::DICT_MODE {
        return None;
    }
    let data3 = match opcode {
        bytecode::Opcode::LoadAttrInstanceValue => rt.shapes.index_of(shape, name)? as u64,
        bytecode::Opcode::LoadAttrMethod => {
            let found = class::lookup(rt, owner_class, name)?;
            let is_function = matches!(
                found.object().map(|o| &o.payload),
                Some(Object::Function(_))
            );
            if !is_function || instances::get(rt, instance, name).is_some() {
                return None;
            }
            found.bits()
        }
        _ => return None,
    };
    Some((
        owner_class.bits(),
        version as u64 | (shape as u64) << 32,
        data3,
    ))
}
