//! The special methods of built-in types as attributes: `dict.__getitem__`,
//! `list.__len__`, `int.__add__`, `str.__lt__` (CPython's slot wrappers).
//!
//! Each is a native method descriptor that performs the built-in operation
//! on its receiver; a receiver that is an instance of a user subclass is
//! unwrapped to its built-in value first (by `call_value`), so
//! `dict.__getitem__(self, key)` inside a `dict` subclass reaches the
//! plain dict without recursing into the subclass's override. A binary
//! operation or comparison with an operand it cannot handle returns
//! `NotImplemented`, as CPython's do.

use bytecode::{BinaryOperator, ComparisonOperator};

use crate::object::{NativeFn, TypeKind};
use crate::value::Value;
use crate::{Host, PyResult, Runtime, ops};

fn operands<'a>(
    rt: &mut Runtime,
    args: &'a [Value],
    kw: &[Value],
    count: usize,
) -> PyResult<&'a [Value]> {
    if !kw.is_empty() {
        return Err(rt.type_error("slot wrappers take no keyword arguments"));
    }
    if args.len() != count {
        let expected = count - 1;
        let message = format!(
            "expected {expected} argument{}, got {}",
            if expected == 1 { "" } else { "s" },
            args.len().saturating_sub(1)
        );
        return Err(rt.type_error(message));
    }
    Ok(args)
}

fn or_not_implemented(rt: &mut Runtime, result: PyResult<Value>) -> PyResult<Value> {
    match result {
        Err(error) if rt.error_matches(error, rt.types.type_error) => Ok(Value::NOT_IMPLEMENTED),
        other => other,
    }
}

fn forward<const OP: usize>(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = operands(rt, args, kw, 2)?;
    let result = ops::binary_op(rt, BinaryOperator::ALL[OP], args[0], args[1]);
    or_not_implemented(rt, result)
}

fn reflected<const OP: usize>(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = operands(rt, args, kw, 2)?;
    let result = ops::binary_op(rt, BinaryOperator::ALL[OP], args[1], args[0]);
    or_not_implemented(rt, result)
}

/// The forward and reflected slot of each operator, in
/// `BinaryOperator::ALL` order.
const BINARY: [(NativeFn, NativeFn); 13] = [
    (forward::<0>, reflected::<0>),
    (forward::<1>, reflected::<1>),
    (forward::<2>, reflected::<2>),
    (forward::<3>, reflected::<3>),
    (forward::<4>, reflected::<4>),
    (forward::<5>, reflected::<5>),
    (forward::<6>, reflected::<6>),
    (forward::<7>, reflected::<7>),
    (forward::<8>, reflected::<8>),
    (forward::<9>, reflected::<9>),
    (forward::<10>, reflected::<10>),
    (forward::<11>, reflected::<11>),
    (forward::<12>, reflected::<12>),
];

fn compare<const OP: usize>(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = operands(rt, args, kw, 2)?;
    let op = ComparisonOperator::ALL[OP];
    match op {
        ComparisonOperator::Equal | ComparisonOperator::NotEqual => {
            let is_number = |v: Value| crate::objects::int::as_int(v).is_some() || v.is_float();
            let same_kind = rt.type_of(args[0]) == rt.type_of(args[1])
                || (is_number(args[0]) && is_number(args[1]));
            if !same_kind {
                return Ok(Value::NOT_IMPLEMENTED);
            }
            let equal = ops::equal(args[0], args[1]);
            Ok(Value::bool(equal == (op == ComparisonOperator::Equal)))
        }
        _ => {
            let result = ops::compare(rt, op, args[0], args[1]).map(Value::bool);
            or_not_implemented(rt, result)
        }
    }
}

const COMPARISONS: [NativeFn; 6] = [
    compare::<0>,
    compare::<1>,
    compare::<2>,
    compare::<3>,
    compare::<4>,
    compare::<5>,
];

macro_rules! unary_slots {
    ($($name:ident => |$rt:ident, $v:ident| $body:expr;)*) => {
        $(
            fn $name(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
                let args = operands(rt, args, kw, 1)?;
                let $rt = rt;
                let $v = args[0];
                $body
            }
        )*
    };
}

unary_slots! {
    slot_neg => |rt, v| ops::negative(rt, v);
    slot_pos => |rt, v| ops::positive(rt, v);
    slot_invert => |rt, v| ops::invert(rt, v);
    slot_abs => |rt, v| absolute(rt, v);
    slot_bool => |rt, v| { let _ = rt; Ok(Value::bool(ops::is_truthy(v))) };
    slot_int => |rt, v| match crate::objects::int::as_int(v) {
        Some(i) if !v.is_float() => Ok(rt.new_bigint(i.to_bigint())),
        _ => match crate::objects::int::float_to_bigint(v.as_float()) {
            Some(i) if v.is_float() => Ok(rt.new_bigint(i)),
            _ => Err(rt.value_error("cannot convert float NaN or infinity to integer")),
        },
    };
    slot_float => |rt, v| crate::builtins::to_float(rt, v);
    slot_index => |rt, v| { let _ = rt; Ok(v) };
    slot_len => |rt, v| { let n = ops::len(rt, v)?; Ok(rt.new_int(n as i64)) };
    slot_iter => |rt, v| ops::get_iter(rt, v);
    slot_hash => |rt, v| { let h = ops::hash(rt, v)?; Ok(rt.new_int(h)) };
    slot_repr => |rt, v| { let text = crate::repr::repr(rt, v)?; Ok(rt.new_string(text)) };
    slot_str => |rt, v| { let text = crate::repr::to_str(rt, v)?; Ok(rt.new_string(text)) };
}

fn absolute(rt: &mut Runtime, v: Value) -> PyResult<Value> {
    if v.is_float() {
        return Ok(Value::float(v.as_float().abs()));
    }
    match crate::objects::int::as_int(v) {
        Some(i) => Ok(rt.new_bigint(num_traits::Signed::abs(&i.to_bigint()))),
        None => Err(rt.type_error("bad operand type for abs()")),
    }
}

fn slot_getitem(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = operands(rt, args, kw, 2)?;
    ops::get_item(rt, args[0], args[1])
}

fn slot_setitem(
    rt: &mut Runtime,
    h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = operands(rt, args, kw, 3)?;
    ops::set_item(rt, h, args[0], args[1], args[2])?;
    Ok(Value::NONE)
}

fn slot_delitem(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = operands(rt, args, kw, 2)?;
    ops::delete_item(rt, args[0], args[1])?;
    Ok(Value::NONE)
}

fn slot_contains(
    rt: &mut Runtime,
    h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = operands(rt, args, kw, 2)?;
    ops::contains(rt, h, args[0], args[1]).map(Value::bool)
}

/// Which slot wrappers each built-in type has.
pub fn table() -> Vec<(TypeKind, &'static str, NativeFn)> {
    use BinaryOperator as B;
    let mut out: Vec<(TypeKind, &'static str, NativeFn)> = Vec::new();
    let binary = |out: &mut Vec<_>, kinds: &[TypeKind], operators: &[BinaryOperator]| {
        for kind in kinds {
            for op in operators {
                let (name, reflected_name, _) = crate::protocol::operator_names(*op);
                let (f, r) = BINARY[*op as usize];
                out.push((*kind, name, f));
                out.push((*kind, reflected_name, r));
            }
        }
    };
    let numbers = [TypeKind::Int, TypeKind::Bool, TypeKind::Float];
    binary(
        &mut out,
        &numbers,
        &[
            B::Add,
            B::Subtract,
            B::Multiply,
            B::TrueDivide,
            B::FloorDivide,
            B::Remainder,
            B::Power,
        ],
    );
    binary(
        &mut out,
        &[TypeKind::Int, TypeKind::Bool],
        &[B::And, B::Or, B::Xor, B::LShift, B::RShift],
    );
    binary(
        &mut out,
        &[TypeKind::Str],
        &[B::Add, B::Multiply, B::Remainder],
    );
    binary(
        &mut out,
        &[TypeKind::List, TypeKind::Tuple],
        &[B::Add, B::Multiply],
    );
    binary(
        &mut out,
        &[TypeKind::Set, TypeKind::FrozenSet],
        &[B::And, B::Or, B::Xor, B::Subtract],
    );
    binary(&mut out, &[TypeKind::Dict], &[B::Or]);
    let all_kinds = [
        TypeKind::Int,
        TypeKind::Bool,
        TypeKind::Float,
        TypeKind::Str,
        TypeKind::List,
        TypeKind::Tuple,
        TypeKind::Dict,
        TypeKind::Set,
        TypeKind::FrozenSet,
        TypeKind::Range,
    ];
    for kind in all_kinds {
        let ordered = !matches!(kind, TypeKind::Dict | TypeKind::Range);
        for op in ComparisonOperator::ALL {
            let equality = matches!(op, ComparisonOperator::Equal | ComparisonOperator::NotEqual);
            if equality || ordered {
                out.push((
                    kind,
                    crate::protocol::comparison_name(op),
                    COMPARISONS[op as usize],
                ));
            }
        }
        out.push((kind, "__repr__", slot_repr));
        out.push((kind, "__str__", slot_str));
        let hashable = !matches!(kind, TypeKind::List | TypeKind::Dict | TypeKind::Set);
        if hashable {
            out.push((kind, "__hash__", slot_hash));
        }
    }
    for kind in numbers {
        out.push((kind, "__neg__", slot_neg));
        out.push((kind, "__pos__", slot_pos));
        out.push((kind, "__abs__", slot_abs));
        out.push((kind, "__bool__", slot_bool));
        out.push((kind, "__int__", slot_int));
        out.push((kind, "__float__", slot_float));
    }
    for kind in [TypeKind::Int, TypeKind::Bool] {
        out.push((kind, "__invert__", slot_invert));
        out.push((kind, "__index__", slot_index));
    }
    for kind in [
        TypeKind::Str,
        TypeKind::List,
        TypeKind::Tuple,
        TypeKind::Dict,
        TypeKind::Set,
        TypeKind::FrozenSet,
        TypeKind::Range,
    ] {
        out.push((kind, "__len__", slot_len));
        out.push((kind, "__iter__", slot_iter));
        out.push((kind, "__contains__", slot_contains));
        if !matches!(kind, TypeKind::Set | TypeKind::FrozenSet) {
            out.push((kind, "__getitem__", slot_getitem));
        }
    }
    for kind in [TypeKind::List, TypeKind::Dict] {
        out.push((kind, "__setitem__", slot_setitem));
        out.push((kind, "__delitem__", slot_delitem));
    }
    out
}
