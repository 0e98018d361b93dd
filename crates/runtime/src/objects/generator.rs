//! Generator methods: `send`, `throw`, `close`, and the
//! `StopIteration` a finished generator raises.

use crate::methods::*;
use crate::object::{Object, TypeKind};
use crate::types::type_object;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

pub(crate) fn generator_send(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "send", args, kw, 1, 1)?;
    if let Some(Object::Generator(g)) = args[0].object().map(|o| &o.payload)
        && g.borrow().fresh
        && !args[1].is_none()
    {
        return Err(rt.type_error("can't send non-None value to a just-started generator"));
    }
    match host.resume_generator(rt, args[0], args[1])? {
        Some(v) => Ok(v),
        None => Err(generator_stop_iteration(rt, args[0])),
    }
}

/// The `StopIteration` a finished generator raises: it carries the value
/// the generator returned (once; later calls raise a bare one).
pub fn generator_stop_iteration(rt: &mut Runtime, generator: Value) -> crate::PyErr {
    let returned = match generator.object().map(|o| &o.payload) {
        Some(Object::Generator(g)) => {
            std::mem::replace(&mut g.borrow_mut().return_value, Value::NONE)
        }
        _ => Value::NONE,
    };
    if returned.is_none() {
        rt.stop_iteration()
    } else {
        crate::PyErr(rt.new_exception(rt.types.stop_iteration, vec![returned]))
    }
}

/// `generator.close()`: raises `GeneratorExit` at the suspended `yield`
/// so `finally` blocks and `except GeneratorExit` run; a generator that
/// yields instead is an error.
pub fn close_generator(rt: &mut Runtime, host: &mut dyn Host, generator: Value) -> PyResult<Value> {
    let Some(Object::Generator(cell)) = generator.object().map(|o| &o.payload) else {
        return Ok(Value::NONE);
    };
    {
        let mut g = cell.borrow_mut();
        match g.status {
            crate::object::GeneratorStatus::Running => {
                drop(g);
                return Err(rt.value_error("generator already executing"));
            }
            crate::object::GeneratorStatus::Finished => return Ok(Value::NONE),
            crate::object::GeneratorStatus::Suspended if g.fresh => {
                g.status = crate::object::GeneratorStatus::Finished;
                g.slots.clear();
                return Ok(Value::NONE);
            }
            crate::object::GeneratorStatus::Suspended => {}
        }
    }
    let exit = rt.new_exception(rt.types.generator_exit, vec![]);
    match host.throw_into_generator(rt, generator, exit) {
        Ok(Some(_)) => Err(rt.runtime_error("generator ignored GeneratorExit")),
        Ok(None) => Ok(Value::NONE),
        Err(error)
            if rt.error_matches(error, rt.types.generator_exit)
                || rt.error_matches(error, rt.types.stop_iteration) =>
        {
            Ok(Value::NONE)
        }
        Err(error) => Err(error),
    }
}

pub(crate) fn generator_close(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "close", args, kw, 0, 0)?;
    close_generator(rt, host, args[0])
}

/// `generator.throw(type[, value[, traceback]])` or `throw(instance)`.
pub(crate) fn generator_throw(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "throw", args, kw, 1, 3)?;
    let (kind, value) = (args[1], args.get(2).copied().filter(|v| !v.is_none()));
    let is_exception_type = type_object(kind).is_some_and(|t| t.kind == TypeKind::Exception);
    let exception = if is_exception_type {
        match value {
            Some(v) if rt.is_subtype(rt.type_of(v), kind) => v,
            Some(v) => {
                let args = match v.object().map(|o| &o.payload) {
                    Some(Object::Tuple(items)) => items.to_vec(),
                    _ => vec![v],
                };
                rt.call(host, kind, &args, &[])?
            }
            None => rt.call(host, kind, &[], &[])?,
        }
    } else if matches!(
        kind.object().map(|o| &o.payload),
        Some(Object::Exception(_))
    ) {
        if value.is_some() {
            return Err(rt.type_error("instance exception may not have a separate value"));
        }
        kind
    } else {
        let message = format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            rt.type_name(kind)
        );
        return Err(rt.type_error(message));
    };
    match host.throw_into_generator(rt, args[0], exception)? {
        Some(v) => Ok(v),
        None => Err(generator_stop_iteration(rt, args[0])),
    }
}
