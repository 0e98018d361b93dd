//! `range`'s methods (`index`, `count`) for both the 64-bit and the
//! arbitrary-precision representation.

use crate::methods::*;
use crate::object::Object;
use crate::objects::int::as_int;
use crate::ops;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

/// Position of `value` in a range, if it is one of its items.
pub(crate) fn range_position(range: &crate::object::RangeObject, value: Value) -> Option<i64> {
    let i = as_int(value).filter(|_| !value.is_float())?.to_i64()?;
    let offset = i as i128 - range.start as i128;
    let step = range.step as i128;
    let in_bounds = if step > 0 {
        i >= range.start && i < range.stop
    } else {
        i <= range.start && i > range.stop
    };
    (in_bounds && offset % step == 0).then(|| (offset / step) as i64)
}

pub(crate) fn range_of(value: Value) -> crate::object::RangeObject {
    match value.object().map(|o| &o.payload) {
        Some(Object::Range(r)) => *r,
        _ => crate::object::RangeObject {
            start: 0,
            stop: 0,
            step: 1,
        },
    }
}

/// `index`/`count` of an int in a range beyond 64 bits (`None` for any
/// other receiver or value).
pub(crate) fn big_range_position(
    receiver: Value,
    value: Value,
) -> Option<Option<num_bigint::BigInt>> {
    let Some(Object::BigRange(r)) = receiver.object().map(|o| &o.payload) else {
        return None;
    };
    let i = as_int(value).filter(|_| !value.is_float())?;
    Some(r.position(&i.to_bigint()))
}

pub(crate) fn range_index(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "index", args, kw, 1, 1)?;
    if let Some(position) = big_range_position(args[0], args[1]) {
        return match position {
            Some(i) => Ok(rt.new_bigint(i)),
            None => {
                let shown = crate::repr::repr(rt, args[1])?;
                Err(rt.value_error(format!("{shown} is not in range")))
            }
        };
    }
    let range = range_of(args[0]);
    match range_position(&range, args[1]) {
        Some(i) => Ok(rt.new_int(i)),
        None if as_int(args[1]).is_some() && !args[1].is_float() => {
            let shown = crate::repr::repr(rt, args[1])?;
            Err(rt.value_error(format!("{shown} is not in range")))
        }
        None => {
            // Other values compare by equality (a float equal to an item).
            let length = range.len();
            for k in 0..length {
                let item = rt.new_int(range.item(k));
                if ops::same_or_equal(item, args[1]) {
                    return Ok(rt.new_int(k));
                }
            }
            Err(rt.value_error("sequence.index(x): x not in sequence"))
        }
    }
}

pub(crate) fn range_count(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "count", args, kw, 1, 1)?;
    if let Some(position) = big_range_position(args[0], args[1]) {
        return Ok(Value::small_int(i64::from(position.is_some())));
    }
    let range = range_of(args[0]);
    if as_int(args[1]).is_some() && !args[1].is_float() {
        return Ok(Value::small_int(i64::from(
            range_position(&range, args[1]).is_some(),
        )));
    }
    let mut count = 0;
    for k in 0..range.len() {
        let item = rt.new_int(range.item(k));
        count += i64::from(ops::same_or_equal(item, args[1]));
    }
    Ok(rt.new_int(count))
}
