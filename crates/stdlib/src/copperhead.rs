//! The `_copperhead` module: Copperhead's own helpers for the Python half
//! of the library (not a public API): source lines of compiled files.

use runtime::{Host, PyResult, Runtime, Value, as_str};

use crate::NativeModule;
use crate::util::positional;

pub static MODULE: NativeModule = NativeModule {
    name: "_copperhead",
    functions: &[("source_text", source_text), ("float32", float32)],
    init: None,
};

/// `source_text(filename)`: the source of a file Copperhead compiled
/// (the script, an imported module, a library module), or None.
fn source_text(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "source_text", args, kw, 1, 1)?;
    let Some(filename) = as_str(args[0]) else {
        return Ok(Value::NONE);
    };
    Ok(match runtime::sources::text_of(filename) {
        Some(text) => rt.new_str(&text),
        None => Value::NONE,
    })
}

/// `float32(x)`: `x` rounded to single precision (what an `array('f')`
/// stores).
fn float32(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "float32", args, kw, 1, 1)?;
    let x = crate::util::float_argument(rt, host, args[0])?;
    Ok(Value::float(x as f32 as f64))
}
