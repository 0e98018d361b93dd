//! The `gc` module: `collect` runs Copperhead's real collector (with every
//! frame as a root). `disable()` is recorded (`isenabled()` reports it)
//! but collection goes on: with no reference counting, a program that
//! disabled it would otherwise never free memory.

use runtime::{Host, PyResult, Runtime, Value};

use crate::NativeModule;
use crate::util::positional;

pub static MODULE: NativeModule = NativeModule {
    name: "gc",
    functions: &[
        ("collect", collect),
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("get_count", get_count),
    ],
    init: None,
};

fn collect(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::util::arguments(args, kw);
    a.check_keywords(rt, "collect", &["generation"])?;
    a.check_count(rt, "collect", 0, 1)?;
    let freed = host.collect_garbage(rt);
    Ok(rt.new_int(freed as i64))
}

fn enable(rt: &mut Runtime, _host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional(rt, "enable", args, kw, 0, 0)?;
    rt.heap.automatic = true;
    Ok(Value::NONE)
}

fn disable(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "disable", args, kw, 0, 0)?;
    rt.heap.automatic = false;
    Ok(Value::NONE)
}

fn isenabled(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "isenabled", args, kw, 0, 0)?;
    Ok(Value::bool(rt.heap.automatic))
}

fn get_count(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "get_count", args, kw, 0, 0)?;
    let allocations = rt.new_int((rt.heap.stats.allocations % 700) as i64);
    Ok(rt.new_tuple(vec![allocations, Value::small_int(0), Value::small_int(0)]))
}
