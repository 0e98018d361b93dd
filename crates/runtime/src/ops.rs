//! The meaning of Python's operators on built-in values: arithmetic,
//! comparison, equality, hashing, truth, containment, subscripting, `len`
//! and iteration. The interpreter inlines the small-int and float fast
//! paths; everything else comes here.

use std::cmp::Ordering;

use bytecode::{BinaryOperator, ComparisonOperator};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::barrier::GcRefCell;
use crate::object::{DictViewKind, IteratorState, Object, RangeObject};
use crate::objects::dict::DictKey;
use crate::objects::int::{self, IntRef, as_int};
use crate::objects::set::PySet;
use crate::value::Value;
use crate::{Host, PyErr, PyResult, Runtime, as_str};

// ---- truth ------------------------------------------------------------------

/// `bool(value)` for built-in values (never fails: no user `__bool__` yet).
pub fn is_truthy(value: Value) -> bool {
    if value.is_small_int() {
        return value.as_small_int() != 0;
    }
    if value.is_float() {
        return value.as_float() != 0.0;
    }
    match value {
        Value::TRUE => return true,
        Value::FALSE | Value::NONE | Value::NULL => return false,
        _ => {}
    }
    match value.object().map(|o| &o.payload) {
        Some(Object::Str(s)) => !s.text.is_empty(),
        Some(Object::WideInt(w)) => w.get() != 0,
        Some(Object::BigInt(b)) => !b.is_zero(),
        Some(Object::List(l)) => !l.borrow().is_empty(),
        Some(Object::Tuple(t)) => !t.is_empty(),
        Some(Object::Dict(d)) => !d.borrow().is_empty(),
        Some(Object::Set(s)) => !s.borrow().is_empty(),
        Some(Object::FrozenSet(s)) => !s.is_empty(),
        Some(Object::Range(r)) => !r.is_empty(),
        Some(Object::BigRange(r)) => !r.len().is_zero(),
        Some(Object::DictView(v)) => match v.dict.object().map(|o| &o.payload) {
            Some(Object::Dict(d)) => !d.borrow().is_empty(),
            _ => true,
        },
        _ => true,
    }
}

// ---- arithmetic -----------------------------------------------------------

fn unsupported(rt: &mut Runtime, op: &str, a: Value, b: Value) -> PyErr {
    let message = format!(
        "unsupported operand type(s) for {op}: '{}' and '{}'",
        rt.type_name(a),
        rt.type_name(b)
    );
    rt.type_error(message)
}

/// Int arithmetic on possibly-big ints.
pub fn int_binary(rt: &mut Runtime, op: BinaryOperator, a: &IntRef, b: &IntRef) -> PyResult<Value> {
    use BinaryOperator::*;
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let small = match op {
            Add => x.checked_add(y),
            Subtract => x.checked_sub(y),
            Multiply => x.checked_mul(y),
            FloorDivide if y == 0 => {
                return Err(rt.zero_division("integer division or modulo by zero"));
            }
            Remainder if y == 0 => return Err(rt.zero_division("integer modulo by zero")),
            FloorDivide => int::floor_div_i64(x, y),
            Remainder => int::mod_i64(x, y),
            And => Some(x & y),
            Or => Some(x | y),
            Xor => Some(x ^ y),
            RShift if y >= 0 => Some(x >> y.min(63)),
            LShift if (0..63).contains(&y) => {
                let shifted = x << y;
                (shifted >> y == x).then_some(shifted)
            }
            _ => None,
        };
        if let Some(result) = small {
            return Ok(rt.new_int(result));
        }
    }
    if let (Some(x), Some(y)) = (a.to_i128(), b.to_i128()) {
        let wide = match op {
            Add => x.checked_add(y),
            Subtract => x.checked_sub(y),
            Multiply => x.checked_mul(y),
            FloorDivide | Remainder if y == 0 => None,
            FloorDivide => int::floor_div_i128(x, y),
            Remainder => int::mod_i128(x, y),
            And => Some(x & y),
            Or => Some(x | y),
            Xor => Some(x ^ y),
            RShift if y >= 0 => Some(x >> y.min(127)),
            LShift if (0..127).contains(&y) => {
                let shifted = x << y;
                (shifted >> y == x).then_some(shifted)
            }
            _ => None,
        };
        if let Some(result) = wide {
            return Ok(rt.new_int128(result));
        }
    }
    match op {
        TrueDivide => return int_true_divide(rt, a, b),
        Power => return int_power(rt, a, b),
        _ => {}
    }
    // Big operands are borrowed, not cloned: a product of two big ints
    // reads them in place.
    let (x, y) = (a.as_bigint(), b.as_bigint());
    let (x, y) = (&*x, &*y);
    // A product or shift whose digits would pass the allocation limit.
    let result_bits = match op {
        Multiply => x.bits().saturating_add(y.bits()),
        LShift => x.bits().saturating_add(y.to_u64().unwrap_or(u64::MAX)),
        _ => 0,
    };
    if !x.is_zero() && crate::alloc::exceeds_limit((result_bits / 8) as usize) {
        return Err(rt.memory_error());
    }
    let result = match op {
        Add => x + y,
        Subtract => x - y,
        Multiply => x * y,
        FloorDivide if y.is_zero() => {
            return Err(rt.zero_division("integer division or modulo by zero"));
        }
        Remainder if y.is_zero() => return Err(rt.zero_division("integer modulo by zero")),
        FloorDivide => int::floor_div_big(x, y),
        Remainder => int::mod_big(x, y),
        And => x & y,
        Or => x | y,
        Xor => x ^ y,
        LShift | RShift => {
            if y.is_negative() {
                return Err(rt.value_error("negative shift count"));
            }
            if op == LShift && x.is_zero() {
                return Ok(Value::small_int(0));
            }
            let Some(count) = y.to_usize() else {
                if op == RShift {
                    return Ok(rt.new_int(if x.is_negative() { -1 } else { 0 }));
                }
                // CPython splits the count into 30-bit digits: past
                // `PY_SSIZE_T_MAX` digits it is an OverflowError, below
                // that the allocation fails.
                if y / BigInt::from(30) > BigInt::from(i64::MAX) {
                    return Err(rt.overflow_error("too many digits in integer"));
                }
                return Err(rt.memory_error());
            };
            if op == LShift {
                if count > (1 << 28) {
                    return Err(rt.memory_error());
                }
                x << count
            } else {
                x >> count
            }
        }
        _ => return Err(unsupported(rt, op.symbol(), Value::NONE, Value::NONE)),
    };
    Ok(rt.new_bigint(result))
}

fn int_true_divide(rt: &mut Runtime, a: &IntRef, b: &IntRef) -> PyResult<Value> {
    if b.is_zero() {
        return Err(rt.zero_division("division by zero"));
    }
    const EXACT: i64 = 1 << 53;
    if let (IntRef::Small(x), IntRef::Small(y)) = (a, b)
        && x.unsigned_abs() <= EXACT as u64
        && y.unsigned_abs() <= EXACT as u64
    {
        return Ok(Value::float(*x as f64 / *y as f64));
    }
    // Correctly rounded for big operands: scale so the quotient has 64+
    // significant bits, divide exactly, then convert once.
    let (x, y) = (a.to_bigint(), b.to_bigint());
    let shift = 64i64 - (x.bits() as i64 - y.bits() as i64);
    let (numerator, denominator) = if shift > 0 {
        (x << shift as usize, y)
    } else {
        (x, y << (-shift) as usize)
    };
    let quotient = &numerator / &denominator;
    let inexact = !(&numerator % &denominator).is_zero();
    // Sticky bit keeps round-half-even honest.
    let quotient = if inexact {
        (quotient << 1usize) | BigInt::from(1)
    } else {
        quotient << 1usize
    };
    let value = quotient.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi(-(shift as i32) - 1);
    if value.is_infinite() {
        return Err(rt.overflow_error("integer division result too large for a float"));
    }
    Ok(Value::float(value))
}

fn int_power(rt: &mut Runtime, a: &IntRef, b: &IntRef) -> PyResult<Value> {
    if b.is_negative() {
        let base = int::int_to_f64(a);
        let exponent = int::int_to_f64(b);
        return match (base, exponent) {
            (Some(x), Some(y)) => float_binary(rt, BinaryOperator::Power, x, y),
            _ => Err(rt.overflow_error("int too large to convert to float")),
        };
    }
    let base = a.to_bigint();
    if b.is_zero() {
        return Ok(Value::small_int(1));
    }
    if base.is_zero() || base == BigInt::from(1) {
        return Ok(rt.new_bigint(base));
    }
    if base == BigInt::from(-1) {
        // The parity of the exponent itself, however large it is.
        let odd = b.to_bigint().is_odd();
        return Ok(rt.new_int(if odd { -1 } else { 1 }));
    }
    let exponent = b.to_i64().unwrap_or(i64::MAX);
    let result_bits = exponent as u128 * base.bits() as u128;
    if result_bits > (1u128 << 32) || crate::alloc::exceeds_limit((result_bits / 8) as usize) {
        return Err(rt.memory_error());
    }
    Ok(rt.new_bigint(int::pow_big(&base, exponent as u64)))
}

/// Python float `%` semantics.
pub fn float_mod(a: f64, b: f64) -> f64 {
    let mut m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    m
}

/// Python float `//` semantics.
pub fn float_floor_div(a: f64, b: f64) -> f64 {
    let m = a % b;
    let div = (a - m) / b;
    let mut div = if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div - 1.0
    } else {
        div
    };
    if div != 0.0 {
        let floor = div.floor();
        if div - floor > 0.5 {
            div = floor + 1.0;
        } else {
            div = floor;
        }
    } else {
        div = 0.0f64.copysign(a / b);
    }
    div
}

pub fn float_binary(rt: &mut Runtime, op: BinaryOperator, x: f64, y: f64) -> PyResult<Value> {
    use BinaryOperator::*;
    let result = match op {
        Add => x + y,
        Subtract => x - y,
        Multiply => x * y,
        TrueDivide => {
            if y == 0.0 {
                return Err(rt.zero_division("float division by zero"));
            }
            x / y
        }
        FloorDivide => {
            if y == 0.0 {
                return Err(rt.zero_division("float floor division by zero"));
            }
            float_floor_div(x, y)
        }
        Remainder => {
            if y == 0.0 {
                return Err(rt.zero_division("float modulo"));
            }
            float_mod(x, y)
        }
        Power => {
            if x == 0.0 && y < 0.0 {
                return Err(rt.zero_division("0.0 cannot be raised to a negative power"));
            }
            if x < 0.0 && y.is_finite() && y.fract() != 0.0 {
                return Err(rt.not_implemented("complex numbers are not supported yet"));
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(rt.overflow_error("(34, 'Numerical result out of range')"));
            }
            r
        }
        _ => {
            let (a, b) = (Value::float(x), Value::float(y));
            return Err(unsupported(rt, op.symbol(), a, b));
        }
    };
    Ok(Value::float(result))
}

/// Numeric value of an int/bool/float operand as f64 for mixed arithmetic.
fn to_f64_operand(rt: &mut Runtime, value: Value) -> PyResult<Option<f64>> {
    if value.is_float() {
        return Ok(Some(value.as_float()));
    }
    match as_int(value) {
        Some(i) => match int::int_to_f64(&i) {
            Some(f) => Ok(Some(f)),
            None => Err(rt.overflow_error("int too large to convert to float")),
        },
        None => Ok(None),
    }
}

/// `a <op> b` for any built-in operands (the generic path).
pub fn binary_op(rt: &mut Runtime, op: BinaryOperator, a: Value, b: Value) -> PyResult<Value> {
    match try_binary_op(rt, op, a, b)? {
        Some(result) => Ok(result),
        None => Err(unsupported(rt, op.symbol(), a, b)),
    }
}

/// `a <op> b`, or `Ok(None)` when no built-in type implements it (the
/// caller words the `TypeError`: `for -:` or, in place, `for -=:`).
fn try_binary_op(
    rt: &mut Runtime,
    op: BinaryOperator,
    a: Value,
    b: Value,
) -> PyResult<Option<Value>> {
    use BinaryOperator::*;
    if op == MatrixMultiply {
        return Ok(None);
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        if op == TrueDivide
            || op == Power
            || !(a.is_bool() && b.is_bool())
            || !matches!(op, And | Or | Xor)
        {
            return int_binary(rt, op, &x, &y).map(Some);
        }
        // bool & bool stays bool.
        let r = match op {
            And => x.is_zero() || y.is_zero(),
            Or => x.is_zero() && y.is_zero(),
            _ => x.is_zero() == y.is_zero(),
        };
        return Ok(Some(Value::bool(!r)));
    }
    if (a.is_float() || b.is_float())
        && !matches!(op, And | Or | Xor | LShift | RShift | MatrixMultiply)
        && let (Some(x), Some(y)) = (to_f64_operand(rt, a)?, to_f64_operand(rt, b)?)
    {
        return float_binary(rt, op, x, y).map(Some);
    }
    let (pa, pb) = (
        a.object().map(|o| &o.payload),
        b.object().map(|o| &o.payload),
    );
    match (op, pa, pb) {
        (Add, Some(Object::Str(x)), Some(Object::Str(y))) => {
            let mut s = crate::alloc::string_with_capacity(rt, x.text.len() + y.text.len())?;
            s.push_str(&x.text);
            s.push_str(&y.text);
            return Ok(Some(rt.new_string(s)));
        }
        (Add, Some(Object::Str(_)), _) => {
            let message = format!(
                "can only concatenate str (not \"{}\") to str",
                rt.type_name(b)
            );
            return Err(rt.type_error(message));
        }
        (Add, Some(Object::List(x)), Some(Object::List(y))) => {
            let total = x.borrow().len() + y.borrow().len();
            let mut items = crate::alloc::vec_with_capacity(rt, total)?;
            items.extend(x.borrow().iter().copied());
            items.extend(y.borrow().iter().copied());
            return Ok(Some(rt.new_list(items)));
        }
        (Add, Some(Object::List(_)), _) => {
            let message = format!(
                "can only concatenate list (not \"{}\") to list",
                rt.type_name(b)
            );
            return Err(rt.type_error(message));
        }
        (Add, Some(Object::Tuple(x)), Some(Object::Tuple(y))) => {
            let mut items = x.to_vec();
            items.extend(y.iter().copied());
            return Ok(Some(rt.new_tuple(items)));
        }
        (Add, Some(Object::Tuple(_)), _) => {
            let message = format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                rt.type_name(b)
            );
            return Err(rt.type_error(message));
        }
        (Multiply, Some(Object::Str(_) | Object::List(_) | Object::Tuple(_)), _) => {
            return repeat_sequence(rt, a, b).map(Some);
        }
        (Multiply, _, Some(Object::Str(_) | Object::List(_) | Object::Tuple(_))) => {
            return repeat_sequence(rt, b, a).map(Some);
        }
        (Remainder, Some(Object::Str(_)), _) => {
            return crate::format::percent_format(rt, &mut crate::NoHost, a, b).map(Some);
        }
        (
            And | Or | Xor | Subtract,
            Some(Object::Set(_) | Object::FrozenSet(_)),
            Some(Object::Set(_) | Object::FrozenSet(_)),
        ) => {
            return set_operation(rt, op, a, b).map(Some);
        }
        (And | Or | Xor | Subtract, _, _) if is_set_like_view(a) || is_set_like_view(b) => {
            return dict_view_set_operation(rt, op, a, b);
        }
        (Or, Some(Object::Dict(x)), Some(Object::Dict(y))) => {
            let mut merged = x.borrow().copied();
            merged.merge(&y.borrow());
            return Ok(Some(rt.new_dict(merged)));
        }
        _ => {}
    }
    Ok(None)
}

/// `a <op>= b`: lists, sets and dicts update themselves in place; every
/// other type falls back to the plain operator.
pub fn inplace_op(
    rt: &mut Runtime,
    host: &mut dyn Host,
    op: BinaryOperator,
    a: Value,
    b: Value,
) -> PyResult<Value> {
    use BinaryOperator::*;
    match (op, a.object().map(|o| &o.payload)) {
        (Add, Some(Object::List(items))) => {
            let new_items = match iterate(rt, host, b) {
                Ok(v) => v,
                Err(_) => {
                    let message = format!("'{}' object is not iterable", rt.type_name(b));
                    return Err(rt.type_error(message));
                }
            };
            items.borrow_mut().extend(new_items);
            Ok(a)
        }
        (Multiply, Some(Object::List(items))) => {
            let Some(n) = as_int(b) else {
                let message = format!(
                    "can't multiply sequence by non-int of type '{}'",
                    rt.type_name(b)
                );
                return Err(rt.type_error(message));
            };
            let n = match n.to_i64() {
                Some(n) => n.max(0) as usize,
                None if n.is_negative() => 0,
                None => {
                    return Err(rt.overflow_error("cannot fit 'int' into an index-sized integer"));
                }
            };
            let current = items.borrow().clone();
            let repeated = crate::alloc::repeat_items(rt, &current, n)?;
            *items.borrow_mut() = repeated;
            Ok(a)
        }
        (And | Or | Xor | Subtract, Some(Object::Set(set))) if is_set(b) => {
            let other = set_items(b);
            let mut target = set.borrow_mut();
            match op {
                Or => target.merge(&other),
                And => *target = target.intersection(&other),
                Subtract => {
                    for k in other.keys() {
                        target.remove(k);
                    }
                }
                _ => target.symmetric_difference_update(&other),
            }
            drop(target);
            Ok(a)
        }
        (Or, Some(Object::Dict(d))) => {
            let mut staged = crate::Dict::new();
            crate::builtins::update_dict(rt, host, &mut staged, b)?;
            d.borrow_mut().merge(&staged);
            Ok(a)
        }
        // CPython's `*=` repeats the right operand only when the left one
        // has no sequence methods at all; dicts, sets and ranges have some.
        (
            Multiply,
            Some(
                Object::Dict(_)
                | Object::Set(_)
                | Object::FrozenSet(_)
                | Object::Range(_)
                | Object::DictView(_),
            ),
        ) => Err(unsupported(rt, op.inplace_symbol(), a, b)),
        _ => match try_binary_op(rt, op, a, b)? {
            Some(result) => Ok(result),
            None => Err(unsupported(rt, op.inplace_symbol(), a, b)),
        },
    }
}

fn repeat_sequence(rt: &mut Runtime, sequence: Value, count: Value) -> PyResult<Value> {
    let Some(n) = as_int(count) else {
        let message = format!(
            "can't multiply sequence by non-int of type '{}'",
            rt.type_name(count)
        );
        return Err(rt.type_error(message));
    };
    let n = match n.to_i64() {
        Some(n) => n.max(0) as usize,
        None if n.is_negative() => 0,
        None => return Err(rt.overflow_error("cannot fit 'int' into an index-sized integer")),
    };
    match sequence.object().map(|o| &o.payload) {
        Some(Object::Str(s)) => {
            let text = crate::alloc::repeat_str(rt, &s.text, n)?;
            Ok(rt.new_string(text))
        }
        Some(Object::List(items)) => {
            let items = items.borrow().clone();
            let items = crate::alloc::repeat_items(rt, &items, n)?;
            Ok(rt.new_list(items))
        }
        Some(Object::Tuple(items)) => {
            let items = crate::alloc::repeat_items(rt, items, n)?;
            Ok(rt.new_tuple(items))
        }
        _ => Err(unsupported(rt, "*", sequence, count)),
    }
}

/// Runs `f` on the table of a set or frozenset (borrowed, not copied);
/// an empty table for any other value.
fn with_set<R>(value: Value, f: impl FnOnce(&PySet) -> R) -> R {
    match value.object().map(|o| &o.payload) {
        Some(Object::Set(s)) => f(&s.borrow()),
        Some(Object::FrozenSet(s)) => f(s),
        _ => f(&PySet::new()),
    }
}

fn set_items(value: Value) -> crate::objects::set::PySet {
    match value.object().map(|o| &o.payload) {
        Some(Object::Set(s)) => s.borrow().clone(),
        Some(Object::FrozenSet(s)) => (**s).clone(),
        _ => crate::objects::set::PySet::new(),
    }
}

/// Either kind of range as arbitrary-precision bounds.
fn big_range_of(object: &crate::HeapObject) -> crate::object::BigRangeObject {
    match &object.payload {
        Object::BigRange(r) => (**r).clone(),
        Object::Range(r) => crate::object::BigRangeObject {
            start: BigInt::from(r.start),
            stop: BigInt::from(r.stop),
            step: BigInt::from(r.step),
        },
        _ => crate::object::BigRangeObject {
            start: BigInt::from(0),
            stop: BigInt::from(0),
            step: BigInt::from(1),
        },
    }
}

/// `dict.keys()` and `dict.items()` views act as sets.
fn is_set_like_view(value: Value) -> bool {
    matches!(
        value.object().map(|o| &o.payload),
        Some(Object::DictView(v)) if v.kind != DictViewKind::Values
    )
}

/// The items of a built-in iterable that needs no Python code to iterate
/// (`None` for anything else).
fn native_items(rt: &mut Runtime, value: Value) -> PyResult<Option<Vec<Value>>> {
    let iterable = matches!(
        value.object().map(|o| &o.payload),
        Some(
            Object::List(_)
                | Object::Tuple(_)
                | Object::Set(_)
                | Object::FrozenSet(_)
                | Object::Dict(_)
                | Object::DictView(_)
                | Object::Str(_)
                | Object::Range(_)
        )
    );
    if !iterable {
        return Ok(None);
    }
    let iterator = get_iter(rt, value)?;
    let mut items = Vec::new();
    let mut host = NoCallbacks;
    while let Some(item) = iter_next(rt, &mut host, iterator)? {
        items.push(item);
    }
    Ok(Some(items))
}

/// A [`Host`] for iterating built-in containers, which never call Python.
struct NoCallbacks;

impl Host for NoCallbacks {
    fn call_python(
        &mut self,
        rt: &mut Runtime,
        _function: Value,
        _args: &[Value],
        _keyword_names: &[Value],
    ) -> PyResult<Value> {
        Err(rt.runtime_error("no interpreter here"))
    }
    fn throw_into_generator(
        &mut self,
        rt: &mut Runtime,
        _generator: Value,
        _exception: Value,
    ) -> PyResult<Option<Value>> {
        Err(rt.runtime_error("no interpreter here"))
    }
    fn resume_generator(
        &mut self,
        rt: &mut Runtime,
        _generator: Value,
        _sent: Value,
    ) -> PyResult<Option<Value>> {
        Err(rt.runtime_error("no interpreter here"))
    }
}

/// Set operations with a `keys()`/`items()` view on either side, as
/// CPython's `dictviews_*`: the left operand becomes a new set that is
/// updated with the right one; `&` iterates the other operand and keeps
/// what the view contains.
fn dict_view_set_operation(
    rt: &mut Runtime,
    op: BinaryOperator,
    a: Value,
    b: Value,
) -> PyResult<Option<Value>> {
    let (Some(left), Some(right)) = (native_items(rt, a)?, native_items(rt, b)?) else {
        return Ok(None);
    };
    let mut result = crate::objects::set::PySet::new();
    if op == BinaryOperator::And {
        // The view is `self`; a smaller view intersects through the set.
        let (view, other, other_items) = if is_set_like_view(a) {
            (a, b, right)
        } else {
            (b, a, left)
        };
        let view_items = native_items(rt, view)?.unwrap_or_default();
        let mut view_set = crate::objects::set::PySet::new();
        for item in &view_items {
            view_set.insert(rt.key(*item)?);
        }
        let other_is_set = matches!(other.object().map(|o| &o.payload), Some(Object::Set(_)));
        if other_is_set && view_items.len() <= other_items.len() {
            let mut other_set = crate::objects::set::PySet::new();
            for item in &other_items {
                other_set.insert(rt.key(*item)?);
            }
            return Ok(Some(rt.new_set(other_set.intersection(&view_set))));
        }
        for item in other_items {
            let key = rt.key(item)?;
            if view_set.contains(key) {
                result.insert(key);
            }
        }
        return Ok(Some(rt.new_set(result)));
    }
    for item in left {
        result.insert(rt.key(item)?);
    }
    let mut other = crate::objects::set::PySet::new();
    for item in &right {
        other.insert(rt.key(*item)?);
    }
    match op {
        BinaryOperator::Or => {
            for item in right {
                result.insert(rt.key(item)?);
            }
        }
        BinaryOperator::Subtract => {
            for key in other.keys() {
                result.remove(key);
            }
        }
        _ => result.symmetric_difference_update(&other),
    }
    Ok(Some(rt.new_set(result)))
}

fn set_operation(rt: &mut Runtime, op: BinaryOperator, a: Value, b: Value) -> PyResult<Value> {
    let result = with_set(a, |x| {
        with_set(b, |y| match op {
            BinaryOperator::Or => x.union(y),
            BinaryOperator::And => x.intersection(y),
            BinaryOperator::Subtract => x.difference(y),
            _ => x.symmetric_difference(y),
        })
    });
    if matches!(a.object().map(|o| &o.payload), Some(Object::FrozenSet(_))) {
        Ok(rt.new_frozenset(result))
    } else {
        Ok(rt.new_set(result))
    }
}

pub fn negative(rt: &mut Runtime, v: Value) -> PyResult<Value> {
    if v.is_float() {
        return Ok(Value::float(-v.as_float()));
    }
    match as_int(v) {
        Some(IntRef::Small(i)) => Ok(rt.new_int128(-(i as i128))),
        Some(IntRef::Wide(i)) => Ok(match i.checked_neg() {
            Some(negated) => rt.new_int128(negated),
            None => rt.new_bigint(-BigInt::from(i)),
        }),
        Some(IntRef::Big(b)) => Ok(rt.new_bigint(-b.clone())),
        None => bad_unary(rt, "-", v),
    }
}

pub fn positive(rt: &mut Runtime, v: Value) -> PyResult<Value> {
    if v.is_float() {
        return Ok(v);
    }
    match as_int(v) {
        Some(IntRef::Small(i)) => Ok(rt.new_int(i)),
        Some(IntRef::Wide(_) | IntRef::Big(_)) => Ok(v),
        None => bad_unary(rt, "+", v),
    }
}

pub fn invert(rt: &mut Runtime, v: Value) -> PyResult<Value> {
    match as_int(v) {
        Some(IntRef::Small(i)) => Ok(rt.new_int(!i)),
        Some(IntRef::Wide(i)) => Ok(rt.new_int128(!i)),
        Some(IntRef::Big(b)) => Ok(rt.new_bigint(-(b.clone()) - 1)),
        None => bad_unary(rt, "~", v),
    }
}

fn bad_unary(rt: &mut Runtime, op: &str, v: Value) -> PyResult<Value> {
    let message = format!("bad operand type for unary {op}: '{}'", rt.type_name(v));
    Err(rt.type_error(message))
}

// ---- equality, ordering, hashing ----------------------------------------

/// `a == b` for built-in values. Never fails.
pub fn equal(a: Value, b: Value) -> bool {
    if a == b {
        // Identity implies equality, except for NaN floats.
        return !(a.is_float() && a.as_float().is_nan());
    }
    if a.is_float() && b.is_float() {
        return a.as_float() == b.as_float();
    }
    if a.is_small_int() && b.is_small_int() {
        return false;
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return match (x, y) {
            (IntRef::Small(x), IntRef::Small(y)) => x == y,
            (x, y) => match (x.to_i128(), y.to_i128()) {
                (Some(x), Some(y)) => x == y,
                _ => x.to_bigint() == y.to_bigint(),
            },
        };
    }
    if a.is_float() || b.is_float() {
        let (f, other) = if a.is_float() {
            (a.as_float(), b)
        } else {
            (b.as_float(), a)
        };
        return match as_int(other) {
            Some(i) => int::compare_int_float(&i, f) == Some(Ordering::Equal),
            None => false,
        };
    }
    let (Some(oa), Some(ob)) = (a.object(), b.object()) else {
        return equal_as_builtin_values(a, b);
    };
    match (&oa.payload, &ob.payload) {
        (Object::Str(x), Object::Str(y)) => x.text == y.text,
        (Object::Tuple(x), Object::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_or_equal(*p, *q))
        }
        (Object::List(x), Object::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_or_equal(*p, *q))
        }
        (Object::Dict(x), Object::Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.keys_with_hashes().all(|k| match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => same_or_equal(p, q),
                    _ => false,
                })
        }
        (Object::Set(_) | Object::FrozenSet(_), Object::Set(_) | Object::FrozenSet(_)) => {
            with_set(a, |x| {
                with_set(b, |y| x.len() == y.len() && x.keys().all(|k| y.contains(k)))
            })
        }
        (Object::BigRange(_), Object::Range(_) | Object::BigRange(_))
        | (Object::Range(_), Object::BigRange(_)) => {
            let (x, y) = (big_range_of(oa), big_range_of(ob));
            let (lx, ly) = (x.len(), y.len());
            let one = BigInt::from(1);
            lx == ly && (lx.is_zero() || (x.start == y.start && (lx == one || x.step == y.step)))
        }
        (Object::Range(x), Object::Range(y)) => {
            let (lx, ly) = (x.len(), y.len());
            lx == ly && (lx == 0 || (x.start == y.start && (lx == 1 || x.step == y.step)))
        }
        (Object::DictView(x), Object::DictView(y))
            if x.kind == DictViewKind::Keys && y.kind == DictViewKind::Keys =>
        {
            equal(x.dict, y.dict) || {
                let (kx, ky) = (dict_keys_set(x.dict), dict_keys_set(y.dict));
                kx.len() == ky.len() && kx.keys().all(|k| ky.contains(k))
            }
        }
        (Object::Instance(_), _) | (_, Object::Instance(_)) => equal_as_builtin_values(a, b),
        _ => false,
    }
}

/// For an instance that compares as the built-in value it carries (see
/// [`crate::objects::class::compares_as_builtin`]), that value; any other
/// value as it is.
#[inline]
pub fn builtin_comparison_value(value: Value) -> Value {
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(instance))
            if crate::objects::class::class_data(instance.class)
                .is_some_and(crate::objects::class::compares_as_builtin) =>
        {
            crate::objects::instance::base_value(instance).unwrap_or(value)
        }
        _ => value,
    }
}

/// `a == b` when one side is an instance that may compare as its
/// built-in value (`Point(1, 2) == (1, 2)`); other instances compare by
/// identity here (the protocol path runs their `__eq__`).
#[inline(never)]
fn equal_as_builtin_values(a: Value, b: Value) -> bool {
    let (x, y) = (builtin_comparison_value(a), builtin_comparison_value(b));
    (x != a || y != b) && equal(x, y)
}

fn dict_keys_set(dict: Value) -> crate::objects::set::PySet {
    let mut set = crate::objects::set::PySet::new();
    if let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload) {
        for k in d.borrow().keys_with_hashes() {
            set.insert(k);
        }
    }
    set
}

/// Equality as containers test it (`in`, `list.index`, `==` of lists and
/// tuples, dict and set keys): identity first, then `==`, so a NaN is
/// found in a list that holds it. Floats are values here, not objects, so
/// two NaNs with the same bits count as the same object (as in PyPy).
pub fn same_or_equal(a: Value, b: Value) -> bool {
    a == b || equal(a, b)
}

/// Equality used for dict and set keys.
pub fn hashable_equal(a: Value, b: Value) -> bool {
    same_or_equal(a, b)
}

/// Orders two values for `<`, `<=`, `>`, `>=`; `Ok(None)` when unordered
/// (a NaN is involved).
pub fn compare_order(
    rt: &mut Runtime,
    op: ComparisonOperator,
    a: Value,
    b: Value,
) -> PyResult<Option<Ordering>> {
    if a.is_float() && b.is_float() {
        return Ok(a.as_float().partial_cmp(&b.as_float()));
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return Ok(Some(match (x, y) {
            (IntRef::Small(x), IntRef::Small(y)) => x.cmp(&y),
            (x, y) => match (x.to_i128(), y.to_i128()) {
                (Some(x), Some(y)) => x.cmp(&y),
                _ => x.to_bigint().cmp(&y.to_bigint()),
            },
        }));
    }
    if a.is_float()
        && let Some(i) = as_int(b)
    {
        return Ok(int::compare_int_float(&i, a.as_float()).map(Ordering::reverse));
    }
    if b.is_float()
        && let Some(i) = as_int(a)
    {
        return Ok(int::compare_int_float(&i, b.as_float()));
    }
    if let (Some(oa), Some(ob)) = (a.object(), b.object()) {
        match (&oa.payload, &ob.payload) {
            (Object::Str(x), Object::Str(y)) => return Ok(Some(x.text.cmp(&y.text))),
            (Object::Tuple(x), Object::Tuple(y)) => {
                for (p, q) in x.iter().zip(y.iter()) {
                    if !same_or_equal(*p, *q) {
                        return compare_order(rt, op, *p, *q);
                    }
                }
                return Ok(Some(x.len().cmp(&y.len())));
            }
            (Object::List(_), Object::List(_)) => {
                let (x, y) = (sequence_items(a), sequence_items(b));
                for (p, q) in x.iter().zip(y.iter()) {
                    if !same_or_equal(*p, *q) {
                        return compare_order(rt, op, *p, *q);
                    }
                }
                return Ok(Some(x.len().cmp(&y.len())));
            }
            _ => {}
        }
    }
    // A namedtuple orders as its tuple, against another tuple only (the
    // error below names the classes, as CPython's does).
    let (x, y) = (builtin_comparison_value(a), builtin_comparison_value(b));
    if (x != a || y != b) && same_builtin_kind(x, y) {
        return compare_order(rt, op, x, y);
    }
    let message = format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        rt.type_name(a),
        rt.type_name(b)
    );
    Err(rt.type_error(message))
}

/// Two built-in values of one kind (two tuples, two strs, two numbers):
/// a built-in subclass orders as its value only against its own kind.
pub fn same_builtin_kind(a: Value, b: Value) -> bool {
    let number = |v: Value| v.is_float() || as_int(v).is_some();
    match (a.object(), b.object()) {
        _ if number(a) || number(b) => number(a) && number(b),
        (Some(p), Some(q)) => {
            std::mem::discriminant(&p.payload) == std::mem::discriminant(&q.payload)
        }
        _ => false,
    }
}

fn is_set(value: Value) -> bool {
    matches!(
        value.object().map(|o| &o.payload),
        Some(Object::Set(_) | Object::FrozenSet(_))
    )
}

fn sequence_items(value: Value) -> Vec<Value> {
    match value.object().map(|o| &o.payload) {
        Some(Object::List(items)) => items.borrow().clone(),
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => Vec::new(),
    }
}

/// `a <op> b` as a Python bool.
pub fn compare(rt: &mut Runtime, op: ComparisonOperator, a: Value, b: Value) -> PyResult<bool> {
    match op {
        ComparisonOperator::Equal => Ok(equal(a, b)),
        ComparisonOperator::NotEqual => Ok(!equal(a, b)),
        _ if is_set(a) && is_set(b) => {
            // Subset tests in place: sets are compared often (a solver's
            // `piece <= free`), so no copies.
            let subset =
                |x: &PySet, y: &PySet| x.len() <= y.len() && x.keys().all(|k| y.contains(k));
            Ok(with_set(a, |x| {
                with_set(b, |y| match op {
                    ComparisonOperator::Less => x.len() < y.len() && subset(x, y),
                    ComparisonOperator::LessEqual => subset(x, y),
                    ComparisonOperator::Greater => y.len() < x.len() && subset(y, x),
                    _ => subset(y, x),
                })
            }))
        }
        _ => {
            let ordering = compare_order(rt, op, a, b)?;
            Ok(match ordering {
                None => false,
                Some(o) => match op {
                    ComparisonOperator::Less => o == Ordering::Less,
                    ComparisonOperator::LessEqual => o != Ordering::Greater,
                    ComparisonOperator::Greater => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                },
            })
        }
    }
}

/// `a < b`, for sorting and `min`/`max`.
pub fn less_than(rt: &mut Runtime, a: Value, b: Value) -> PyResult<bool> {
    compare(rt, ComparisonOperator::Less, a, b)
}

const HASH_MODULUS: u64 = (1 << 61) - 1;

fn hash_bigint(b: &BigInt) -> i64 {
    let magnitude = (b.abs() % BigInt::from(HASH_MODULUS)).to_i64().unwrap_or(0);
    let h = if b.is_negative() {
        -magnitude
    } else {
        magnitude
    };
    if h == -1 { -2 } else { h }
}

fn hash_i128(i: i128) -> i64 {
    let magnitude = (i.unsigned_abs() % HASH_MODULUS as u128) as i64;
    let h = if i < 0 { -magnitude } else { magnitude };
    if h == -1 { -2 } else { h }
}

/// CPython's hash of an int that fits 64 bits: the int itself below the
/// modulus (-1, the error marker, becomes -2).
#[inline]
pub fn hash_i64(i: i64) -> i64 {
    if i.unsigned_abs() < HASH_MODULUS {
        return if i == -1 { -2 } else { i };
    }
    let magnitude = (i.unsigned_abs() % HASH_MODULUS) as i64;
    let h = if i < 0 { -magnitude } else { magnitude };
    if h == -1 { -2 } else { h }
}

/// CPython's `_Py_HashDouble`.
fn hash_f64(f: f64) -> i64 {
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { -314159 };
    }
    if f.is_nan() {
        return 0;
    }
    if f.fract() == 0.0 && f.abs() < 9.0e18 {
        return hash_i64(f as i64);
    }
    let (mut m, mut e) = frexp(f);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x = ((x << e) & HASH_MODULUS) | x >> (61 - e);
    let h = x as i64 * sign;
    if h == -1 { -2 } else { h }
}

fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let bits = f.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        let (m, e) = frexp(f * 2f64.powi(64));
        return (m, e - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent - 1022)
}

pub(crate) fn hash_str(text: &str) -> i64 {
    // FNV-1a, 64-bit; Python's own string hash is randomized per process.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let h = (h >> 1) as i64;
    if h == -1 { -2 } else { h }
}

/// CPython's xxHash-based tuple hash of `items`.
fn hash_tuple(rt: &mut Runtime, items: &[Value]) -> PyResult<i64> {
    hash_tuple_by(items, |item| hash(rt, item))
}

/// CPython's tuple hash (xxHash-based) of `items`, each hashed by
/// `item_hash` (the protocol passes one that runs user `__hash__`).
pub fn hash_tuple_by<E>(
    items: &[Value],
    mut item_hash: impl FnMut(Value) -> Result<i64, E>,
) -> Result<i64, E> {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for item in items.iter() {
        let lane = item_hash(*item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(items.len() as u64 ^ (P5 ^ 3527539));
    Ok(if acc as i64 == -1 {
        1546275796
    } else {
        acc as i64
    })
}

/// `hash(value)`; a `TypeError` for unhashable values.
pub fn hash(rt: &mut Runtime, value: Value) -> PyResult<i64> {
    // Scalars, strs, ints and tuples of them: the runtime-free walk.
    if let Some(hash) = hash_plain_key(value) {
        return Ok(hash);
    }
    let Some(object) = value.object() else {
        return Ok(value.bits() as i64 >> 4);
    };
    match &object.payload {
        Object::Tuple(items) => hash_tuple(rt, items),
        Object::Range(r) => {
            // CPython hashes a range as the tuple (len, start, step), with
            // None for what an empty or one-element range leaves open.
            let length = r.len();
            let items = match length {
                0 => [Value::small_int(0), Value::NONE, Value::NONE],
                1 => [Value::small_int(1), rt.new_int(r.start), Value::NONE],
                _ => [rt.new_int(length), rt.new_int(r.start), rt.new_int(r.step)],
            };
            hash_tuple(rt, &items)
        }
        Object::BigRange(r) => {
            let length = r.len();
            let items = if length.is_zero() {
                [Value::small_int(0), Value::NONE, Value::NONE]
            } else if length == BigInt::from(1) {
                [
                    Value::small_int(1),
                    rt.new_bigint(r.start.clone()),
                    Value::NONE,
                ]
            } else {
                [
                    rt.new_bigint(length),
                    rt.new_bigint(r.start.clone()),
                    rt.new_bigint(r.step.clone()),
                ]
            };
            hash_tuple(rt, &items)
        }
        Object::FrozenSet(set) => {
            // CPython's frozenset hash: an order-independent xor of each
            // entry's shuffled hash, then the size, then dispersal.
            let shuffle = |h: u64| ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167);
            let mut h: u64 = 0;
            for k in set.keys() {
                h ^= shuffle(k.hash as u64);
            }
            h ^= (set.len() as u64 + 1).wrapping_mul(1927868237);
            h ^= (h >> 11) ^ (h >> 25);
            h = h.wrapping_mul(69069).wrapping_add(907133923);
            Ok(if h == u64::MAX { 590923713 } else { h as i64 })
        }
        Object::List(_)
        | Object::Dict(_)
        | Object::Set(_)
        | Object::DictView(_)
        | Object::Slice(_) => {
            let message = format!("unhashable type: '{}'", rt.type_name(value));
            Err(rt.type_error(message))
        }
        Object::Instance(_) if builtin_comparison_value(value) != value => {
            hash(rt, builtin_comparison_value(value))
        }
        Object::Instance(_) | Object::Exception(_)
            if crate::protocol::is_user_object(rt, value) =>
        {
            let name = rt.intern_static("__hash__");
            match crate::objects::class::lookup_user(rt, rt.type_of(value), name) {
                // An instance of a built-in subclass (a namedtuple) hashes
                // as the built-in value it carries; any other by identity.
                None => {
                    let base = crate::protocol::builtin_value(value);
                    if base == value {
                        Ok(identity_hash(value))
                    } else {
                        hash(rt, base)
                    }
                }
                Some(Value::NONE) => {
                    let message = format!("unhashable type: '{}'", rt.type_name(value));
                    Err(rt.type_error(message))
                }
                Some(_) => Err(rt.not_implemented(
                    "instances of classes that define __hash__ as dict keys or set members are not supported yet",
                )),
            }
        }
        _ => Ok(identity_hash(value)),
    }
}

/// How deep [`hash_plain_key`] follows nested tuples before it leaves the
/// rest to the general path (which guards the native stack).
const PLAIN_KEY_DEPTH: u32 = 16;

/// The hash of a key made only of built-in scalars (ints, floats, `str`,
/// `bool`, `None`) and tuples of them at any depth, namedtuples and other
/// built-in subclasses that compare as their value included: the keys of
/// memo tables and state-space searches. No runtime is needed, nothing
/// can fail and no Python code runs, so the walk is a plain loop. `None`
/// when it meets anything else (a user object, a frozenset, an
/// unhashable value, a tuple nested past [`PLAIN_KEY_DEPTH`]): the caller
/// takes its general path, which also reports the errors.
#[inline]
pub fn hash_plain_key(value: Value) -> Option<i64> {
    hash_plain_key_at(value, 0)
}

fn hash_plain_key_at(value: Value, depth: u32) -> Option<i64> {
    if value.is_small_int() {
        return Some(hash_i64(value.as_small_int()));
    }
    if value.is_float() {
        return Some(hash_f64(value.as_float()));
    }
    match value {
        Value::TRUE => return Some(1),
        Value::FALSE => return Some(0),
        Value::NONE => return Some(0x3c8_5e1f),
        _ => {}
    }
    match &value.object()?.payload {
        Object::Str(s) => {
            let cached = s.hash.get();
            if cached != -1 {
                return Some(cached);
            }
            let h = hash_str(&s.text);
            s.hash.set(h);
            Some(h)
        }
        Object::Tuple(tuple) => {
            if let Some(hash) = tuple.kept_hash() {
                return Some(hash);
            }
            if depth >= PLAIN_KEY_DEPTH {
                return None;
            }
            let hash =
                hash_tuple_by(tuple, |item| hash_plain_key_at(item, depth + 1).ok_or(())).ok()?;
            tuple.keep_hash(hash);
            Some(hash)
        }
        Object::Instance(_) if depth < PLAIN_KEY_DEPTH => {
            let base = builtin_comparison_value(value);
            if base == value {
                return None;
            }
            hash_plain_key_at(base, depth + 1)
        }
        Object::WideInt(w) => Some(hash_i128(w.get())),
        Object::BigInt(b) => Some(hash_bigint(b)),
        // Hashed and compared by identity, with no way for a class to say
        // otherwise: functions, and built-in types (whose metaclass is
        // `type`). The keys of dispatch tables (`pprint`, `copy`).
        Object::Function(_) | Object::NativeFunction(_) => Some(identity_hash(value)),
        Object::Type(t) if t.class.is_none() => Some(identity_hash(value)),
        _ => None,
    }
}

/// The hash of an object hashed by identity (`object.__hash__`).
pub(crate) fn identity_hash(value: Value) -> i64 {
    (value.bits() & 0xffff_ffff_ffff) as i64 >> 4
}

/// The dict or set key for `value` when neither hashing nor comparing it
/// can run user code: ints, strs, tuples of them, namedtuples of them.
/// `Ok(None)` when a user object turns up at any depth of tuples (the
/// protocol path must take it). One walk, where checking
/// [`Value::may_compare_by_python`] and then hashing would take two.
#[inline]
pub fn builtin_key(rt: &mut Runtime, value: Value) -> PyResult<Option<DictKey>> {
    if value.is_small_int() {
        let hash = hash_i64(value.as_small_int());
        return Ok(Some(DictKey { value, hash }));
    }
    Ok(builtin_hash(rt, value)?.map(|hash| DictKey { value, hash }))
}

fn builtin_hash(rt: &mut Runtime, value: Value) -> PyResult<Option<i64>> {
    if let Some(hash) = hash_plain_key(value) {
        return Ok(Some(hash));
    }
    match value.object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => {
            let mut builtin = true;
            let hash = hash_tuple_by(items, |item| {
                Ok(match builtin_hash(rt, item)? {
                    Some(hash) => hash,
                    None => {
                        builtin = false;
                        0
                    }
                })
            })?;
            Ok(builtin.then_some(hash))
        }
        Some(Object::Instance(_)) => {
            let base = builtin_comparison_value(value);
            if base == value {
                return Ok(None);
            }
            builtin_hash(rt, base)
        }
        Some(Object::Exception(_)) => Ok(None),
        _ => hash(rt, value).map(Some),
    }
}

impl Runtime {
    /// A dict/set key for `value` (hashing it).
    pub fn key(&mut self, value: Value) -> PyResult<DictKey> {
        Ok(DictKey {
            value,
            hash: hash(self, value)?,
        })
    }
}

// ---- len, containment, subscripts --------------------------------------------

/// `len(value)`.
pub fn len(rt: &mut Runtime, value: Value) -> PyResult<usize> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Str(s)) => Ok(s.char_count),
        Some(Object::List(items)) => Ok(items.borrow().len()),
        Some(Object::Tuple(items)) => Ok(items.len()),
        Some(Object::Dict(d)) => Ok(d.borrow().len()),
        Some(Object::Set(s)) => Ok(s.borrow().len()),
        Some(Object::FrozenSet(s)) => Ok(s.len()),
        Some(Object::Range(r)) => Ok(r.len() as usize),
        Some(Object::BigRange(r)) => match r.len().to_usize().filter(|n| *n <= isize::MAX as usize)
        {
            Some(n) => Ok(n),
            None => Err(rt.overflow_error("Python int too large to convert to C ssize_t")),
        },
        Some(Object::DictView(v)) => len(rt, v.dict),
        _ => {
            let message = format!("object of type '{}' has no len()", rt.type_name(value));
            Err(rt.type_error(message))
        }
    }
}

/// `item in container` for a list, tuple or str when no comparison can
/// run Python code: every value compared is a built-in scalar (int,
/// float, bool, None, str). `None` otherwise (the protocol path decides).
pub fn contains_builtin_scalar(container: Value, item: Value) -> Option<bool> {
    let scalar = |v: Value| {
        matches!(
            v.object().map(|o| &o.payload),
            None | Some(Object::Str(_) | Object::WideInt(_) | Object::BigInt(_))
        )
    };
    if !scalar(item) {
        return None;
    }
    let search = |items: &[Value]| {
        for x in items {
            if *x == item {
                // Identity first, as CPython's `in` (floats are values: a
                // NaN with the same bits counts as the same object).
                return Some(true);
            }
            if !scalar(*x) {
                return None;
            }
            if !(x.is_small_int() && item.is_small_int()) && equal(*x, item) {
                return Some(true);
            }
        }
        Some(false)
    };
    match container.object().map(|o| &o.payload) {
        Some(Object::List(items)) => search(&items.borrow()),
        Some(Object::Tuple(items)) => search(items),
        Some(Object::Str(s)) => as_str(item).map(|needle| s.text.contains(needle)),
        _ => None,
    }
}

/// `item in container`.
pub fn contains(
    rt: &mut Runtime,
    host: &mut dyn Host,
    container: Value,
    item: Value,
) -> PyResult<bool> {
    if crate::protocol::is_user_object(rt, container) {
        if let Some(method) = crate::protocol::special(rt, container, "__contains__") {
            let result = crate::protocol::call_special(rt, host, method, container, &[item])?;
            return crate::protocol::truthy(rt, host, result);
        }
        if crate::protocol::special(rt, container, "__iter__").is_some()
            || crate::protocol::special(rt, container, "__getitem__").is_some()
        {
            let iterator = crate::protocol::get_iter(rt, host, container)?;
            while let Some(x) = iter_next(rt, host, iterator)? {
                if x == item || crate::protocol::equal(rt, host, x, item)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let base = crate::protocol::builtin_value(container);
        if base != container {
            return contains(rt, host, base, item);
        }
    }
    match container.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            let items = items.borrow().clone();
            crate::protocol::any_equal(rt, host, &items, item)
        }
        Some(Object::Tuple(items)) => crate::protocol::any_equal(rt, host, items, item),
        Some(Object::Str(s)) => match as_str(item) {
            Some(needle) => Ok(s.text.contains(needle)),
            None => {
                let message = format!(
                    "'in <string>' requires string as left operand, not {}",
                    rt.type_name(item)
                );
                Err(rt.type_error(message))
            }
        },
        Some(Object::Dict(d)) => {
            let key = crate::protocol::table_key(rt, host, d, item)?;
            Ok(d.borrow().contains(key))
        }
        Some(Object::Set(s)) => {
            let key = crate::protocol::table_key(rt, host, s, item)?;
            Ok(s.borrow().contains(key))
        }
        Some(Object::FrozenSet(s)) => {
            let key = crate::protocol::table_key(rt, host, s, item)?;
            Ok(s.contains(key))
        }
        Some(Object::BigRange(r)) => Ok(match as_int(item).filter(|_| !item.is_float()) {
            Some(i) => r.position(&i.to_bigint()).is_some(),
            None => false,
        }),
        Some(Object::Range(r)) => Ok(match as_int(item) {
            Some(i) => match i.to_i64() {
                Some(i) => {
                    let r = *r;
                    let offset = i as i128 - r.start as i128;
                    let in_bounds = if r.step > 0 {
                        i >= r.start && i < r.stop
                    } else {
                        i <= r.start && i > r.stop
                    };
                    in_bounds && offset % r.step as i128 == 0
                }
                None => false,
            },
            None => {
                item.is_float() && {
                    let f = item.as_float();
                    f.fract() == 0.0 && (0..r.len()).any(|k| r.item(k) as f64 == f)
                }
            }
        }),
        Some(Object::DictView(view)) => {
            let dict = view.dict;
            match view.kind {
                DictViewKind::Keys => contains(rt, host, dict, item),
                _ => {
                    let items = iterate(rt, host, container)?;
                    crate::protocol::any_equal(rt, host, &items, item)
                }
            }
        }
        Some(Object::Iterator(_) | Object::Generator(_)) => {
            while let Some(x) = iter_next(rt, host, container)? {
                if crate::protocol::same_or_equal(rt, host, x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            let message = format!(
                "argument of type '{}' is not iterable",
                rt.type_name(container)
            );
            Err(rt.type_error(message))
        }
    }
}

/// Converts an index value to i64 (`None` if it is not an int).
pub fn index_value(rt: &mut Runtime, value: Value) -> PyResult<Option<i64>> {
    if value.is_small_int() {
        return Ok(Some(value.as_small_int()));
    }
    match as_int(value) {
        Some(i) => match i.to_i64() {
            Some(i) => Ok(Some(i)),
            None => {
                let message = format!(
                    "cannot fit '{}' into an index-sized integer",
                    rt.type_name(value)
                );
                Err(rt.index_error(message))
            }
        },
        None => Ok(None),
    }
}

/// Resolves a possibly negative index against `length`.
fn normalize_index(index: i64, length: usize) -> Option<usize> {
    let i = if index < 0 {
        index + length as i64
    } else {
        index
    };
    if i >= 0 && (i as usize) < length {
        Some(i as usize)
    } else {
        None
    }
}

/// `slice.indices(length)`: (start, stop, step, count).
pub fn slice_indices(
    rt: &mut Runtime,
    slice: Value,
    length: usize,
) -> PyResult<(i64, i64, i64, usize)> {
    let Some(Object::Slice(s)) = slice.object().map(|o| &o.payload) else {
        return Err(rt.type_error("expected a slice"));
    };
    let s = *s;
    let mut read = |v: Value| -> PyResult<Option<i64>> {
        if v.is_none() {
            return Ok(None);
        }
        match as_int(v) {
            Some(i) => Ok(Some(i.to_i64().unwrap_or(if i.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }))),
            None => Err(
                rt.type_error("slice indices must be integers or None or have an __index__ method")
            ),
        }
    };
    // Inline ints and None, the usual bounds, without the conversions.
    let plain = plain_slice_bound;
    let (start, stop, step) = match (plain(s.start), plain(s.stop), plain(s.step)) {
        (Some(start), Some(stop), Some(step)) => (start, stop, step.unwrap_or(1)),
        _ => {
            let step = read(s.step)?.unwrap_or(1);
            (read(s.start)?, read(s.stop)?, step)
        }
    };
    if step == 0 {
        return Err(rt.value_error("slice step cannot be zero"));
    }
    let (start, stop, count) = adjust_slice(start, stop, step, length);
    Ok((start, stop, step, count))
}

/// Python's `PySlice_AdjustIndices`: bounds (None for an open end) of a
/// slice with a non-zero `step` over `length` items, clamped; with the
/// number of items the slice selects.
fn adjust_slice(
    start: Option<i64>,
    stop: Option<i64>,
    step: i64,
    length: usize,
) -> (i64, i64, usize) {
    let length = length as i64;
    let clamp = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) if v < 0 => {
                let v = v + length;
                if v < 0 {
                    if step < 0 { -1 } else { 0 }
                } else {
                    v
                }
            }
            Some(v) if v >= length => {
                if step < 0 {
                    length - 1
                } else {
                    length
                }
            }
            Some(v) => v,
        }
    };
    let (start, stop) = if step > 0 {
        (clamp(start, 0), clamp(stop, length))
    } else {
        (clamp(start, length - 1), clamp(stop, -1))
    };
    let count = if step > 0 {
        if stop > start {
            ((stop - start - 1) / step + 1) as usize
        } else {
            0
        }
    } else if start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    };
    (start, stop, count)
}

/// An inline int or None as a slice bound; `None` for anything else.
#[inline]
fn plain_slice_bound(v: Value) -> Option<Option<i64>> {
    if v.is_small_int() {
        Some(Some(v.as_small_int()))
    } else if v.is_none() {
        Some(None)
    } else {
        None
    }
}

/// `container[start:stop]` (`BINARY_SLICE`): a list, tuple or str sliced
/// by inline-int or None bounds without a slice object; anything else
/// through a slice object, as `BINARY_SUBSCR` would.
pub fn get_slice(
    rt: &mut Runtime,
    host: &mut dyn Host,
    container: Value,
    start: Value,
    stop: Value,
) -> PyResult<Value> {
    if let (Some(start), Some(stop)) = (plain_slice_bound(start), plain_slice_bound(stop)) {
        let length = match container.object().map(|o| &o.payload) {
            Some(Object::List(items)) => Some(items.borrow().len()),
            Some(Object::Tuple(items)) => Some(items.len()),
            Some(Object::Str(s)) => Some(s.char_count),
            _ => None,
        };
        if let Some(length) = length {
            let (first, _, count) = adjust_slice(start, stop, 1, length);
            if let Some(result) = sliced(rt, container, first, 1, count) {
                return Ok(result);
            }
        }
    }
    let slice = new_slice(rt, start, stop, Value::NONE);
    if crate::protocol::is_builtin_item_access(container, slice) {
        get_item(rt, container, slice)
    } else {
        crate::protocol::get_item(rt, host, container, slice)
    }
}

/// `container[start:stop] = value` (`STORE_SLICE`), through a slice
/// object (list assignment has its own copy paths in [`set_item`]).
pub fn set_slice(
    rt: &mut Runtime,
    host: &mut dyn Host,
    container: Value,
    start: Value,
    stop: Value,
    value: Value,
) -> PyResult<()> {
    let slice = new_slice(rt, start, stop, Value::NONE);
    set_item(rt, host, container, slice, value)
}

/// A `slice` object.
pub fn new_slice(rt: &mut Runtime, start: Value, stop: Value, step: Value) -> Value {
    rt.allocate(Object::Slice(crate::object::SliceObject {
        start,
        stop,
        step,
    }))
}

/// The `count` items `first`, `first + step`, … of a list, tuple or str
/// `container` (bounds already adjusted) as a new object of its type;
/// `None` for another container.
fn sliced(
    rt: &mut Runtime,
    container: Value,
    first: i64,
    step: i64,
    count: usize,
) -> Option<Value> {
    Some(match &container.object()?.payload {
        Object::List(items) => {
            let result = slice_items(&items.borrow(), first, step, count);
            rt.new_list(result)
        }
        // A whole tuple or str is itself, as in CPython (`t[:] is t`).
        Object::Tuple(items) if first == 0 && step == 1 && count == items.len() => container,
        Object::Str(s) if first == 0 && step == 1 && count == s.char_count => container,
        Object::Tuple(items) => {
            let result = slice_items(items, first, step, count);
            rt.new_tuple(result)
        }
        Object::Str(s) => {
            let result: String = if s.is_ascii() && step == 1 {
                s.text[first as usize..first as usize + count].to_string()
            } else if step == 1 {
                // Character boundaries walked up to the slice's end, no
                // copy of the whole text's characters.
                let length = s.text.len();
                let mut boundaries = s
                    .text
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain(std::iter::once(length));
                let start = boundaries.nth(first as usize).unwrap_or(length);
                let end = match count {
                    0 => start,
                    _ => boundaries.nth(count - 1).unwrap_or(length),
                };
                s.text[start..end].to_string()
            } else {
                let chars: Vec<char> = s.text.chars().collect();
                (0..count)
                    .map(|k| chars[(first + k as i64 * step) as usize])
                    .collect()
            };
            rt.new_string(result)
        }
        _ => return None,
    })
}

fn is_slice(value: Value) -> bool {
    matches!(value.object().map(|o| &o.payload), Some(Object::Slice(_)))
}

fn slice_items(items: &[Value], start: i64, step: i64, count: usize) -> Vec<Value> {
    if count == 0 {
        return Vec::new();
    }
    // The common steps as slice copies (a memcpy, a reversed walk).
    let first = start as usize;
    if step == 1 {
        return items[first..first + count].to_vec();
    }
    if step == -1 {
        return items[first + 1 - count..=first]
            .iter()
            .rev()
            .copied()
            .collect();
    }
    (0..count)
        .map(|k| items[(start + k as i64 * step) as usize])
        .collect()
}

/// `container[key]`.
pub fn get_item(rt: &mut Runtime, container: Value, key: Value) -> PyResult<Value> {
    let Some(object) = container.object() else {
        let message = format!("'{}' object is not subscriptable", rt.type_name(container));
        return Err(rt.type_error(message));
    };
    match &object.payload {
        Object::List(items) => {
            if let Some(i) = index_value(rt, key)? {
                let items = items.borrow();
                return match normalize_index(i, items.len()) {
                    Some(i) => Ok(items[i]),
                    None => {
                        drop(items);
                        Err(rt.index_error("list index out of range"))
                    }
                };
            }
            if is_slice(key) {
                let length = items.borrow().len();
                let (start, _, step, count) = slice_indices(rt, key, length)?;
                return Ok(sliced(rt, container, start, step, count).unwrap_or(Value::NONE));
            }
            let message = format!(
                "list indices must be integers or slices, not {}",
                rt.type_name(key)
            );
            Err(rt.type_error(message))
        }
        Object::Tuple(items) => {
            if let Some(i) = index_value(rt, key)? {
                return match normalize_index(i, items.len()) {
                    Some(i) => Ok(items[i]),
                    None => Err(rt.index_error("tuple index out of range")),
                };
            }
            if is_slice(key) {
                let (start, _, step, count) = slice_indices(rt, key, items.len())?;
                return Ok(sliced(rt, container, start, step, count).unwrap_or(Value::NONE));
            }
            let message = format!(
                "tuple indices must be integers or slices, not {}",
                rt.type_name(key)
            );
            Err(rt.type_error(message))
        }
        Object::Str(s) => {
            if let Some(i) = index_value(rt, key)? {
                let Some(i) = normalize_index(i, s.char_count) else {
                    return Err(rt.index_error("string index out of range"));
                };
                let c = if s.is_ascii() {
                    &s.text[i..i + 1]
                } else {
                    let (offset, ch) = s.text.char_indices().nth(i).unwrap_or((0, ' '));
                    &s.text[offset..offset + ch.len_utf8()]
                };
                return Ok(rt.new_str(c));
            }
            if is_slice(key) {
                let (start, _, step, count) = slice_indices(rt, key, s.char_count)?;
                return Ok(sliced(rt, container, start, step, count).unwrap_or(Value::NONE));
            }
            let message = format!(
                "string indices must be integers, not '{}'",
                rt.type_name(key)
            );
            Err(rt.type_error(message))
        }
        Object::BigRange(r) => {
            let Some(index) = as_int(key).filter(|_| !key.is_float()) else {
                if is_slice(key) {
                    return Err(
                        rt.not_implemented("slicing a range beyond 64 bits is not supported yet")
                    );
                }
                let message = format!(
                    "range indices must be integers or slices, not {}",
                    rt.type_name(key)
                );
                return Err(rt.type_error(message));
            };
            let length = r.len();
            let mut index = index.to_bigint();
            if index.is_negative() {
                index += &length;
            }
            if index.is_negative() || index >= length {
                return Err(rt.index_error("range object index out of range"));
            }
            let item = r.item(&index);
            Ok(rt.new_bigint(item))
        }
        Object::Range(r) => {
            let r = *r;
            if let Some(i) = index_value(rt, key)? {
                return match normalize_index(i, r.len() as usize) {
                    Some(i) => Ok(rt.new_int(r.item(i as i64))),
                    None => Err(rt.index_error("range object index out of range")),
                };
            }
            if is_slice(key) {
                let (start, _, step, count) = slice_indices(rt, key, r.len() as usize)?;
                let new_start = r.item(start);
                let new_step = r.step * step;
                let new_stop = new_start + count as i64 * new_step;
                return Ok(rt.allocate(Object::Range(RangeObject {
                    start: new_start,
                    stop: new_stop,
                    step: new_step,
                })));
            }
            let message = format!(
                "range indices must be integers or slices, not {}",
                rt.type_name(key)
            );
            Err(rt.type_error(message))
        }
        Object::Dict(d) => {
            let k = rt.key(key)?;
            let found = d.borrow().get(k);
            match found {
                Some(v) => Ok(v),
                None => Err(rt.key_error(key)),
            }
        }
        _ => {
            let message = format!("'{}' object is not subscriptable", rt.type_name(container));
            Err(rt.type_error(message))
        }
    }
}

/// `container[key] = value`.
pub fn set_item(
    rt: &mut Runtime,
    host: &mut dyn Host,
    container: Value,
    key: Value,
    value: Value,
) -> PyResult<()> {
    if let Some(method) = crate::protocol::special(rt, container, "__setitem__") {
        crate::protocol::call_special(rt, host, method, container, &[key, value])?;
        return Ok(());
    }
    let base = crate::protocol::builtin_value(container);
    if base != container {
        return set_item(rt, host, base, key, value);
    }
    match container.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            if let Some(i) = index_value(rt, key)? {
                let length = items.borrow().len();
                return match normalize_index(i, length) {
                    Some(i) => {
                        items.borrow_mut()[i] = value;
                        Ok(())
                    }
                    None => Err(rt.index_error("list assignment index out of range")),
                };
            }
            let key = if crate::protocol::slice_has_instance_bound(key) {
                crate::protocol::index_slice_bounds(rt, host, key)?
            } else {
                key
            };
            if is_slice(key) && value != container {
                // From a list or tuple: its items are copied in place, with
                // no intermediate vector (`perm[:k + 1] = perm[k::-1]`).
                let source = match value.object().map(|o| &o.payload) {
                    Some(Object::List(source)) => Some(source.borrow()),
                    _ => None,
                };
                let tuple_source = match value.object().map(|o| &o.payload) {
                    Some(Object::Tuple(t)) => Some(&t[..]),
                    _ => None,
                };
                let new_items: Option<&[Value]> =
                    source.as_deref().map(|v| &v[..]).or(tuple_source);
                if let Some(new_items) = new_items {
                    let length = items.borrow().len();
                    let (start, stop, step, _) = slice_indices(rt, key, length)?;
                    if step == 1 {
                        let (start, stop) = (start as usize, stop.max(start) as usize);
                        let mut list = items.borrow_mut();
                        if stop - start == new_items.len() {
                            list[start..stop].copy_from_slice(new_items);
                        } else {
                            list.splice(start..stop, new_items.iter().copied());
                        }
                        return Ok(());
                    }
                }
            }
            if is_slice(key) {
                // CPython's message when the value cannot be iterated.
                let iterator = match crate::protocol::get_iter(rt, host, value) {
                    Err(e) if rt.error_matches(e, rt.types.type_error) => {
                        return Err(rt.type_error("can only assign an iterable"));
                    }
                    other => other?,
                };
                let new_items = iterate(rt, host, iterator)?;
                let length = items.borrow().len();
                let (start, stop, step, count) = slice_indices(rt, key, length)?;
                let mut list = items.borrow_mut();
                if step == 1 {
                    let stop = stop.max(start) as usize;
                    list.splice(start as usize..stop, new_items);
                    return Ok(());
                }
                if new_items.len() != count {
                    drop(list);
                    let message = format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        new_items.len(),
                        count
                    );
                    return Err(rt.value_error(message));
                }
                for (k, item) in new_items.into_iter().enumerate() {
                    list[(start + k as i64 * step) as usize] = item;
                }
                return Ok(());
            }
            let message = format!(
                "list indices must be integers or slices, not {}",
                rt.type_name(key)
            );
            Err(rt.type_error(message))
        }
        Some(Object::Dict(d)) => {
            let k = crate::protocol::table_key(rt, host, d, key)?;
            d.borrow_mut().insert(k, value);
            Ok(())
        }
        _ => {
            let message = format!(
                "'{}' object does not support item assignment",
                rt.type_name(container)
            );
            Err(rt.type_error(message))
        }
    }
}

/// `del container[key]`.
pub fn delete_item(rt: &mut Runtime, container: Value, key: Value) -> PyResult<()> {
    match container.object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            if let Some(i) = index_value(rt, key)? {
                let length = items.borrow().len();
                return match normalize_index(i, length) {
                    Some(i) => {
                        items.borrow_mut().remove(i);
                        Ok(())
                    }
                    None => Err(rt.index_error("list assignment index out of range")),
                };
            }
            if is_slice(key) {
                let length = items.borrow().len();
                let (start, _, step, count) = slice_indices(rt, key, length)?;
                let mut doomed: Vec<usize> = (0..count)
                    .map(|k| (start + k as i64 * step) as usize)
                    .collect();
                doomed.sort_unstable();
                let mut list = items.borrow_mut();
                for index in doomed.into_iter().rev() {
                    list.remove(index);
                }
                return Ok(());
            }
            let message = format!(
                "list indices must be integers or slices, not {}",
                rt.type_name(key)
            );
            Err(rt.type_error(message))
        }
        Some(Object::Dict(d)) => {
            let k = rt.key(key)?;
            let removed = d.borrow_mut().remove(k);
            match removed {
                Some(_) => Ok(()),
                None => Err(rt.key_error(key)),
            }
        }
        _ => {
            let message = format!(
                "'{}' object doesn't support item deletion",
                rt.type_name(container)
            );
            Err(rt.type_error(message))
        }
    }
}

// ---- iteration -----------------------------------------------------------------

/// `iter(value)`.
pub fn get_iter(rt: &mut Runtime, value: Value) -> PyResult<Value> {
    let state = match value.object().map(|o| &o.payload) {
        Some(Object::List(_) | Object::Tuple(_)) => IteratorState::Sequence {
            sequence: value,
            index: 0,
        },
        Some(Object::Str(_)) => IteratorState::Str {
            string: value,
            byte_offset: 0,
        },
        Some(Object::BigRange(r)) => {
            IteratorState::BigRange(Box::new(crate::object::BigRangeIterator {
                next: r.start.clone(),
                step: r.step.clone(),
                remaining: r.len(),
            }))
        }
        Some(Object::Range(r)) => IteratorState::Range {
            next: r.start,
            remaining: r.len(),
            step: r.step,
        },
        Some(Object::Dict(d)) => IteratorState::Dict {
            dict: value,
            index: 0,
            kind: DictViewKind::Keys,
            expected_len: d.borrow().len(),
            remaining: u32::try_from(d.borrow().len()).unwrap_or(u32::MAX),
        },
        Some(Object::DictView(view)) => {
            let expected_len = len(rt, view.dict)?;
            IteratorState::Dict {
                dict: view.dict,
                index: 0,
                kind: view.kind,
                expected_len,
                remaining: u32::try_from(expected_len).unwrap_or(u32::MAX),
            }
        }
        Some(Object::Set(s)) => IteratorState::Set {
            set: value,
            position: 0,
            expected_len: s.borrow().len(),
        },
        Some(Object::FrozenSet(s)) => IteratorState::Set {
            set: value,
            position: 0,
            expected_len: s.len(),
        },
        Some(Object::Iterator(_) | Object::Generator(_)) => return Ok(value),
        _ => {
            let message = format!("'{}' object is not iterable", rt.type_name(value));
            return Err(rt.type_error(message));
        }
    };
    Ok(rt.new_iterator(state))
}

/// `zip(strict=True)` found iterator `exhausted` empty: fine only if it is
/// the first and every other is empty too.
fn zip_strict_end(
    rt: &mut Runtime,
    host: &mut dyn Host,
    iterators: &[Value],
    exhausted: usize,
) -> PyResult<Option<Value>> {
    let plural = |n: usize| {
        if n == 1 {
            "argument 1".to_string()
        } else {
            format!("arguments 1-{n}")
        }
    };
    if exhausted > 0 {
        let message = format!(
            "zip() argument {} is shorter than {}",
            exhausted + 1,
            plural(exhausted)
        );
        return Err(rt.value_error(message));
    }
    for (i, it) in iterators.iter().enumerate().skip(1) {
        if iter_next(rt, host, *it)?.is_some() {
            let message = format!("zip() argument {} is longer than {}", i + 1, plural(i));
            return Err(rt.value_error(message));
        }
    }
    Ok(None)
}

/// Advances an iterator made by [`get_iter`]: `Ok(None)` when exhausted.
pub fn iter_next(
    rt: &mut Runtime,
    host: &mut dyn Host,
    iterator: Value,
) -> PyResult<Option<Value>> {
    match iterator.object().map(|o| &o.payload) {
        Some(Object::Generator(_)) => return host.resume_generator(rt, iterator, Value::NONE),
        // Built-in iterator types cannot be subclassed: no `__next__` to
        // look up.
        Some(Object::Iterator(cell)) => return builtin_iterator_next(rt, host, cell),
        _ => {}
    }
    if let Some(method) = crate::protocol::special(rt, iterator, "__next__") {
        return match crate::protocol::call_special(rt, host, method, iterator, &[]) {
            Ok(v) => Ok(Some(v)),
            Err(e) if rt.error_matches(e, rt.types.stop_iteration) => Ok(None),
            Err(e) => Err(e),
        };
    }
    let message = format!("'{}' object is not an iterator", rt.type_name(iterator));
    Err(rt.type_error(message))
}

/// The `__getitem__` sequence protocol of a user object: items 0, 1, ...
/// until `IndexError` or `StopIteration`.
fn user_sequence_next(
    rt: &mut Runtime,
    host: &mut dyn Host,
    cell: &'static GcRefCell<IteratorState>,
    sequence: Value,
    index: usize,
) -> PyResult<Option<Value>> {
    let key = rt.new_int(index as i64);
    let result = crate::protocol::get_item(rt, host, sequence, key);
    let mut state = cell.borrow_mut();
    match result {
        Ok(item) => {
            if let IteratorState::Sequence { index, .. } = &mut *state {
                *index += 1;
            }
            Ok(Some(item))
        }
        Err(e)
            if rt.error_matches(e, rt.types.index_error)
                || rt.error_matches(e, rt.types.stop_iteration) =>
        {
            *state = IteratorState::Exhausted;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The next item of a built-in iterator (`FOR_ITER_BUILTIN` and
/// [`iter_next`]); `None` when it is exhausted.
pub fn builtin_iterator_next(
    rt: &mut Runtime,
    host: &mut dyn Host,
    cell: &'static GcRefCell<IteratorState>,
) -> PyResult<Option<Value>> {
    // Native states advance under the borrow; states that call back into
    // Python copy what they need out first.
    let mut state = cell.borrow_mut();
    match &mut *state {
        IteratorState::Sequence { sequence, index } => {
            let item = match sequence.object().map(|o| &o.payload) {
                Some(Object::List(items)) => items.borrow().get(*index).copied(),
                Some(Object::Tuple(items)) => items.get(*index).copied(),
                _ if crate::protocol::is_user_object(rt, *sequence) => {
                    let (sequence, index) = (*sequence, *index);
                    drop(state);
                    return user_sequence_next(rt, host, cell, sequence, index);
                }
                _ => None,
            };
            *index += 1;
            if item.is_none() {
                *state = IteratorState::Exhausted;
            }
            Ok(item)
        }
        IteratorState::BigRange(range) => {
            if range.remaining.is_zero() {
                return Ok(None);
            }
            let value = range.next.clone();
            range.next += &range.step;
            range.remaining -= 1u32;
            drop(state);
            Ok(Some(rt.new_bigint(value)))
        }
        IteratorState::Range {
            next,
            remaining,
            step,
        } => {
            if *remaining <= 0 {
                return Ok(None);
            }
            let value = *next;
            *next = next.wrapping_add(*step);
            *remaining -= 1;
            drop(state);
            Ok(Some(rt.new_int(value)))
        }
        IteratorState::Str {
            string,
            byte_offset,
        } => {
            let text = as_str(*string).unwrap_or("");
            match text[*byte_offset..].chars().next() {
                Some(c) => {
                    let start = *byte_offset;
                    *byte_offset += c.len_utf8();
                    drop(state);
                    Ok(Some(rt.new_str(&text[start..start + c.len_utf8()])))
                }
                None => Ok(None),
            }
        }
        IteratorState::Dict { kind, .. } => {
            let kind = *kind;
            drop(state);
            Ok(dict_iterator_entry(rt, cell)?.map(|(k, v)| match kind {
                DictViewKind::Keys => k,
                DictViewKind::Values => v,
                DictViewKind::Items => rt.new_tuple_from_slice(&[k, v]),
            }))
        }
        IteratorState::Set {
            set,
            position,
            expected_len,
        } => {
            if *position == usize::MAX {
                return Ok(None);
            }
            let (next, length) = match set.object().map(|o| &o.payload) {
                Some(Object::Set(s)) => {
                    let s = s.borrow();
                    (s.next_from(*position), s.len())
                }
                Some(Object::FrozenSet(s)) => (s.next_from(*position), s.len()),
                _ => (None, 0),
            };
            if length != *expected_len {
                *expected_len = usize::MAX;
                drop(state);
                return Err(rt.runtime_error("Set changed size during iteration"));
            }
            match next {
                Some((item, after)) => {
                    *position = after;
                    Ok(Some(item))
                }
                None => {
                    *position = usize::MAX;
                    Ok(None)
                }
            }
        }
        IteratorState::Items { items, index } => {
            let item = items.get(*index).copied();
            *index += 1;
            Ok(item)
        }
        IteratorState::Reversed { sequence, index } => {
            if *index == 0 {
                return Ok(None);
            }
            *index -= 1;
            let i = *index;
            let sequence = *sequence;
            drop(state);
            match sequence.object().map(|o| &o.payload) {
                Some(Object::List(items)) => Ok(items.borrow().get(i).copied()),
                Some(Object::Tuple(items)) => Ok(items.get(i).copied()),
                // Below the length, so between the bounds: no overflow.
                Some(Object::Range(r)) => Ok(Some(rt.new_int(r.start + i as i64 * r.step))),
                _ => {
                    let key = Value::small_int(i as i64);
                    crate::protocol::get_item(rt, host, sequence, key).map(Some)
                }
            }
        }
        IteratorState::Enumerate { .. } => {
            drop(state);
            Ok(
                enumerate_next(rt, host, cell)?
                    .map(|(n, item)| rt.new_tuple_from_slice(&[n, item])),
            )
        }
        IteratorState::Zip { .. } => {
            drop(state);
            // The items of a short zip go through a stack buffer into a
            // pooled tuple: no allocation per step.
            let mut short = [Value::NONE; crate::heap::POOLED_TUPLE_LENGTH];
            let mut long = Vec::new();
            Ok(match zip_next(rt, host, cell, &mut short, &mut long)? {
                None => None,
                Some(count) if count <= short.len() => {
                    Some(rt.new_tuple_from_slice(&short[..count]))
                }
                Some(_) => Some(rt.new_tuple(long)),
            })
        }
        IteratorState::Map {
            function,
            iterators,
        } => {
            let (function, iterators) = (*function, iterators.clone());
            drop(state);
            let mut args = Vec::with_capacity(iterators.len());
            for it in iterators.iter() {
                match iter_next(rt, host, *it)? {
                    Some(x) => args.push(x),
                    None => return Ok(None),
                }
            }
            rt.call(host, function, &args, &[]).map(Some)
        }
        IteratorState::Filter { function, iterator } => {
            let (function, iterator) = (*function, *iterator);
            drop(state);
            loop {
                let Some(item) = iter_next(rt, host, iterator)? else {
                    return Ok(None);
                };
                let keep = if function.is_none() {
                    is_truthy(item)
                } else {
                    is_truthy(rt.call(host, function, &[item], &[])?)
                };
                if keep {
                    return Ok(Some(item));
                }
            }
        }
        IteratorState::Exhausted => Ok(None),
    }
}

/// One step of a built-in iterator for a loop whose body starts by
/// unpacking two targets (`for k, v in d.items()`, `for a, b in zip(xs,
/// ys)`, `for i, x in enumerate(xs)`): the two items without the tuple
/// the unpacking would take apart at once. `Ok(None)` when the iterator
/// makes no pairs (the caller takes [`builtin_iterator_next`]);
/// `Ok(Some(None))` when it is exhausted.
fn builtin_iterator_next_pair(
    rt: &mut Runtime,
    host: &mut dyn Host,
    cell: &'static GcRefCell<IteratorState>,
) -> PyResult<Option<Option<(Value, Value)>>> {
    let producer = match &*cell.borrow() {
        IteratorState::Dict {
            kind: DictViewKind::Items,
            ..
        } => PairProducer::DictItems,
        IteratorState::Zip { iterators, .. } if iterators.len() == 2 => PairProducer::Zip,
        IteratorState::Enumerate { .. } => PairProducer::Enumerate,
        _ => return Ok(None),
    };
    Ok(Some(match producer {
        PairProducer::DictItems => dict_iterator_entry(rt, cell)?,
        PairProducer::Enumerate => enumerate_next(rt, host, cell)?,
        PairProducer::Zip => {
            let mut pair = [Value::NONE; crate::heap::POOLED_TUPLE_LENGTH];
            zip_next(rt, host, cell, &mut pair, &mut Vec::new())?.map(|_| (pair[0], pair[1]))
        }
    }))
}

/// What one step of a built-in iterator gave a loop.
pub enum IteratorStep {
    Item(Value),
    /// The two items of a pair, for a loop that unpacks it.
    Pair(Value, Value),
    Exhausted,
}

/// One step of `FOR_ITER_BUILTIN`: a pair without its tuple when
/// `unpacks_pair` (the loop body starts with `UNPACK_SEQUENCE 2`) and the
/// iterator makes pairs, else the next item.
pub fn builtin_iterator_step(
    rt: &mut Runtime,
    host: &mut dyn Host,
    cell: &'static GcRefCell<IteratorState>,
    unpacks_pair: bool,
) -> PyResult<IteratorStep> {
    if unpacks_pair && let Some(pair) = builtin_iterator_next_pair(rt, host, cell)? {
        return Ok(match pair {
            Some((first, second)) => IteratorStep::Pair(first, second),
            None => IteratorStep::Exhausted,
        });
    }
    Ok(match builtin_iterator_next(rt, host, cell)? {
        Some(item) => IteratorStep::Item(item),
        None => IteratorStep::Exhausted,
    })
}

/// The iterator states that make pairs.
enum PairProducer {
    DictItems,
    Zip,
    Enumerate,
}

/// The next `(key, value)` entry of a dict iterator (of any view), with
/// CPython's errors for a dict resized or rekeyed meanwhile.
fn dict_iterator_entry(
    rt: &mut Runtime,
    cell: &'static GcRefCell<IteratorState>,
) -> PyResult<Option<(Value, Value)>> {
    let mut state = cell.borrow_mut();
    let IteratorState::Dict {
        dict,
        index,
        expected_len,
        remaining,
        ..
    } = &mut *state
    else {
        return Ok(None);
    };
    let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload) else {
        return Ok(None);
    };
    let (entry, length) = {
        let d = d.borrow();
        let slots = d.entry_slots();
        while *index < slots && d.entry_at(*index).is_none() {
            *index += 1;
        }
        (d.entry_at(*index), d.len())
    };
    if length != *expected_len {
        *expected_len = usize::MAX;
        drop(state);
        return Err(rt.runtime_error("dictionary changed size during iteration"));
    }
    if entry.is_some() {
        if *remaining == 0 {
            *expected_len = usize::MAX;
            drop(state);
            return Err(rt.runtime_error("dictionary keys changed during iteration"));
        }
        *remaining -= 1;
    }
    *index += 1;
    Ok(entry)
}

/// The next `(count, item)` of an `enumerate`.
fn enumerate_next(
    rt: &mut Runtime,
    host: &mut dyn Host,
    cell: &'static GcRefCell<IteratorState>,
) -> PyResult<Option<(Value, Value)>> {
    let (inner, n) = match &*cell.borrow() {
        IteratorState::Enumerate { iterator, count } => (*iterator, *count),
        _ => return Ok(None),
    };
    let Some(item) = iter_next(rt, host, inner)? else {
        return Ok(None);
    };
    let next = binary_op(rt, BinaryOperator::Add, n, Value::small_int(1))?;
    if let IteratorState::Enumerate { count, .. } = &mut *cell.borrow_mut() {
        *count = next;
    }
    Ok(Some((n, item)))
}

/// The next items of a `zip`: into `short` when they fit, else onto
/// `long`; their count, or `None` once any iterator is exhausted (with
/// `strict=True`'s errors).
fn zip_next(
    rt: &mut Runtime,
    host: &mut dyn Host,
    cell: &'static GcRefCell<IteratorState>,
    short: &mut [Value],
    long: &mut Vec<Value>,
) -> PyResult<Option<usize>> {
    let (count, strict) = match &*cell.borrow() {
        IteratorState::Zip { iterators, strict } => (iterators.len(), *strict),
        _ => return Ok(None),
    };
    if count == 0 {
        return Ok(None);
    }
    for i in 0..count {
        // Read each iterator afresh: `iter_next` may run Python code,
        // so no borrow of the state is held across it.
        let iterator = match &*cell.borrow() {
            IteratorState::Zip { iterators, .. } => iterators.get(i).copied(),
            _ => None,
        };
        let Some(iterator) = iterator else {
            return Ok(None);
        };
        match iter_next(rt, host, iterator)? {
            Some(x) if count <= short.len() => short[i] = x,
            Some(x) => long.push(x),
            None if strict => {
                let iterators = match &*cell.borrow() {
                    IteratorState::Zip { iterators, .. } => iterators.clone(),
                    _ => return Ok(None),
                };
                return zip_strict_end(rt, host, &iterators, i).map(|_| None);
            }
            None => return Ok(None),
        }
    }
    Ok(Some(count))
}

/// Collects every item of an iterable.
pub fn iterate(rt: &mut Runtime, host: &mut dyn Host, iterable: Value) -> PyResult<Vec<Value>> {
    match iterable.object().map(|o| &o.payload) {
        Some(Object::List(items)) => return Ok(items.borrow().clone()),
        Some(Object::Tuple(items)) => return Ok(items.to_vec()),
        Some(Object::Set(_) | Object::FrozenSet(_)) => {
            return Ok(with_set(iterable, |set| set.iter().collect()));
        }
        _ => {}
    }
    // A range knows its length: reserve it up front (CPython's length
    // hint), so an impossible size fails at once.
    let hint = match iterable.object().map(|o| &o.payload) {
        Some(Object::Range(r)) => usize::try_from(r.len()).unwrap_or(0),
        // CPython's length hint of a range past 64 bits overflows.
        Some(Object::BigRange(r)) => match r.len().to_i64() {
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
            None => {
                return Err(rt.overflow_error("Python int too large to convert to C ssize_t"));
            }
        },
        _ => 0,
    };
    let mut items = crate::alloc::vec_with_capacity(rt, hint)?;
    let iterator = crate::protocol::get_iter(rt, host, iterable)?;
    while let Some(item) = iter_next(rt, host, iterator)? {
        if items.len() == items.capacity() {
            crate::alloc::reserve(rt, &mut items, 1)?;
        }
        items.push(item);
    }
    Ok(items)
}
