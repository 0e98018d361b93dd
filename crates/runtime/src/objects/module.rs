//! Module objects: a name and a namespace dict (the module's globals).
//!
//! This file owns creating a module, reading and writing its attributes
//! (`math.pi`, `mod.x = 1`, PEP 562's module-level `__getattr__`), its
//! repr, and the `sys.modules` registry the import system keeps in
//! [`crate::Runtime::modules`]. Finding and running a module's code is the
//! interpreter's job (`vm::import`).

use crate::object::{ModuleObject, Object};
use crate::value::Value;
use crate::{Dict, Host, PyErr, PyResult, Runtime, as_str};

/// A new module named `name` with CPython's initial attributes
/// (`__name__`, `__doc__`, `__package__`, `__loader__`, `__spec__`).
pub fn new_module(rt: &mut Runtime, name: &str) -> Value {
    new_module_with(rt, name, false)
}

/// `module(name)` as a program calls it (`types.ModuleType(name)`).
pub fn new_module_without_loader(rt: &mut Runtime, name: &str) -> Value {
    new_module_with(rt, name, true)
}

fn new_module_with(rt: &mut Runtime, name: &str, without_loader: bool) -> Value {
    let name_value = rt.new_str(name);
    let mut dict = Dict::new();
    for (key, value) in [
        ("__name__", name_value),
        ("__doc__", Value::NONE),
        ("__package__", Value::NONE),
        ("__loader__", Value::NONE),
        ("__spec__", Value::NONE),
    ] {
        let key = rt.intern(key);
        if let Some(key) = rt.key_of_str(key) {
            dict.insert(key, value);
        }
    }
    let dict = rt.new_dict(dict);
    rt.allocate(Object::Module(Box::new(ModuleObject {
        name: name_value,
        dict,
        without_loader,
    })))
}

/// The namespace dict of a module value.
pub fn module_dict(module: Value) -> Option<Value> {
    match module.object().map(|o| &o.payload) {
        Some(Object::Module(m)) => Some(m.dict),
        _ => None,
    }
}

/// The `__name__` a module was created with.
pub fn module_name(module: Value) -> Option<&'static str> {
    match module.object().map(|o| &o.payload) {
        Some(Object::Module(m)) => as_str(m.name),
        _ => None,
    }
}

/// Reads `name` from a namespace dict.
pub fn dict_get(rt: &mut Runtime, dict: Value, name: &str) -> Option<Value> {
    let key = rt.intern(name);
    let key = rt.key_of_str(key)?;
    match dict.object().map(|o| &o.payload) {
        Some(Object::Dict(d)) => d.borrow().get(key),
        _ => None,
    }
}

/// [`dict_get`] for a name spelled in Rust source: interned by address,
/// not hashed (for lookups on every call, like `print`'s `sys.stdout`).
pub fn dict_get_static(rt: &mut Runtime, dict: Value, name: &'static str) -> Option<Value> {
    let key = rt.intern_static(name);
    let key = rt.key_of_str(key)?;
    match dict.object().map(|o| &o.payload) {
        Some(Object::Dict(d)) => d.borrow().get(key),
        _ => None,
    }
}

/// Writes `name` into a namespace dict.
pub fn dict_set(rt: &mut Runtime, dict: Value, name: &str, value: Value) {
    let key = rt.intern(name);
    if let Some(key) = rt.key_of_str(key)
        && let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload)
    {
        d.borrow_mut().insert(key, value);
    }
}

/// Reads a module attribute without running Python code.
pub fn get(rt: &mut Runtime, module: Value, name: &str) -> Option<Value> {
    dict_get(rt, module_dict(module)?, name)
}

/// Sets a module attribute.
pub fn set(rt: &mut Runtime, module: Value, name: &str, value: Value) {
    if let Some(dict) = module_dict(module) {
        dict_set(rt, dict, name, value);
    }
}

/// `module.name`: the namespace, then the few attributes every module
/// has (`__dict__`, `__class__`), then a module-level `__getattr__`.
pub fn get_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    module: Value,
    name: Value,
) -> PyResult<Value> {
    let Some(dict) = module_dict(module) else {
        return Err(rt.type_error("not a module"));
    };
    let key = rt.key(name)?;
    if let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload)
        && let Some(found) = d.borrow().get(key)
    {
        return Ok(found);
    }
    match as_str(name) {
        Some("__dict__") => return Ok(dict),
        Some("__class__") => return Ok(rt.types.module),
        _ => {}
    }
    if let Some(getattr) = dict_get(rt, dict, "__getattr__") {
        return rt.call(host, getattr, &[name], &[]);
    }
    Err(no_attribute(rt, module, name))
}

fn no_attribute(rt: &mut Runtime, module: Value, name: Value) -> PyErr {
    let module_name = module_name(module).unwrap_or("?");
    let attribute = as_str(name).unwrap_or("?");
    let initializing = rt.initializing_modules.contains(&module);
    let message = if initializing {
        format!(
            "partially initialized module '{module_name}' has no attribute '{attribute}' (most likely due to a circular import)"
        )
    } else {
        format!("module '{module_name}' has no attribute '{attribute}'")
    };
    rt.attribute_error(message)
}

/// `module.name = value` / `del module.name`.
pub fn set_attribute(
    rt: &mut Runtime,
    module: Value,
    name: Value,
    new: Option<Value>,
) -> PyResult<()> {
    let Some(dict) = module_dict(module) else {
        return Err(rt.type_error("not a module"));
    };
    let key = rt.key(name)?;
    let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload) else {
        return Ok(());
    };
    match new {
        Some(value) => {
            d.borrow_mut().insert(key, value);
            Ok(())
        }
        None => {
            if d.borrow_mut().remove(key).is_some() {
                Ok(())
            } else {
                Err(no_attribute(rt, module, name))
            }
        }
    }
}

/// `repr(module)`: `<module 'm' from 'path'>`, `(built-in)` for a
/// native module, or just the name for one made by `module(name)`.
pub fn repr(rt: &mut Runtime, module: Value) -> String {
    let name = module_name(module).unwrap_or("?").to_string();
    let without_loader = matches!(
        module.object().map(|o| &o.payload),
        Some(Object::Module(m)) if m.without_loader
    );
    match get(rt, module, "__file__").and_then(as_str) {
        Some(file) => format!("<module '{name}' from '{file}'>"),
        None if without_loader => format!("<module '{name}'>"),
        None => format!("<module '{name}' (built-in)>"),
    }
}

/// The module registered in `sys.modules` under `name`.
pub fn registered(rt: &mut Runtime, name: &str) -> Option<Value> {
    let modules = rt.modules;
    dict_get(rt, modules, name)
}

/// Registers `module` in `sys.modules` under `name`.
pub fn register(rt: &mut Runtime, name: &str, module: Value) {
    let modules = rt.modules;
    dict_set(rt, modules, name, module);
}

/// Removes `name` from `sys.modules` (a module whose code failed).
pub fn unregister(rt: &mut Runtime, name: &str) {
    let key = rt.intern(name);
    if let Some(key) = rt.key_of_str(key)
        && let Some(Object::Dict(d)) = rt.modules.object().map(|o| &o.payload)
    {
        d.borrow_mut().remove(key);
    }
}
