//! Python function objects' attributes: `__name__`, `__qualname__`,
//! `__doc__`, `__module__`, `__defaults__`, `__kwdefaults__`, `__code__`,
//! `__globals__`, `__closure__`, and a `__dict__` for everything else
//! (what decorators such as `functools.wraps` set).

use crate::object::{FunctionObject, Object};
use crate::value::Value;
use crate::{Dict, PyResult, Runtime, as_str};

fn function(value: Value) -> Option<&'static FunctionObject> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Function(f)) => Some(f),
        _ => None,
    }
}

/// The function's attribute dict, created on first use.
fn attribute_dict(rt: &mut Runtime, f: &FunctionObject) -> Value {
    let existing = f.attributes.get();
    if !existing.is_null() {
        return existing;
    }
    let dict = rt.new_dict(Dict::new());
    f.attributes.set(dict);
    dict
}

fn dict_lookup(rt: &mut Runtime, dict: Value, name: &str) -> Option<Value> {
    if dict.is_null() {
        return None;
    }
    crate::objects::module::dict_get(rt, dict, name)
}

/// `function.name`, or `None` when the function has no such attribute.
pub fn get_attribute(rt: &mut Runtime, value: Value, name: &str) -> PyResult<Option<Value>> {
    let Some(f) = function(value) else {
        return Ok(None);
    };
    if let Some(found) = dict_lookup(rt, f.attributes.get(), name) {
        return Ok(Some(found));
    }
    let or_none = |v: Value| if v.is_null() { Value::NONE } else { v };
    Ok(Some(match name {
        "__name__" => f.name.get(),
        "__qualname__" => f.qualname.get(),
        "__defaults__" => or_none(f.defaults.get()),
        "__kwdefaults__" => or_none(f.keyword_defaults.get()),
        "__code__" => f.code,
        "__globals__" => f.globals,
        "__closure__" => or_none(f.closure),
        "__dict__" => attribute_dict(rt, f),
        "__annotations__" => {
            let annotations = rt.new_dict(Dict::new());
            let dict = attribute_dict(rt, f);
            crate::objects::module::dict_set(rt, dict, "__annotations__", annotations);
            annotations
        }
        "__doc__" => {
            let doc = match f.code.object().map(|o| &o.payload) {
                Some(Object::Code(c)) => c.code.docstring.clone(),
                _ => None,
            };
            match doc {
                Some(text) => rt.new_str(&text),
                None => Value::NONE,
            }
        }
        "__module__" => {
            crate::objects::module::dict_get(rt, f.globals, "__name__").unwrap_or(Value::NONE)
        }
        _ => return Ok(None),
    }))
}

/// `function.name = new` (or `del function.name` when `new` is `None`).
pub fn set_attribute(
    rt: &mut Runtime,
    value: Value,
    name: Value,
    new: Option<Value>,
) -> PyResult<()> {
    let Some(f) = function(value) else {
        return Err(rt.type_error("not a function"));
    };
    let attribute = as_str(name).unwrap_or("?");
    match (attribute, new) {
        ("__name__" | "__qualname__", Some(v)) => {
            if as_str(v).is_none() {
                let message = format!("{attribute} must be set to a string object");
                return Err(rt.type_error(message));
            }
            if attribute == "__name__" {
                f.name.set(v);
            } else {
                f.qualname.set(v);
            }
            Ok(())
        }
        ("__defaults__", new) => {
            let v = new.unwrap_or(Value::NONE);
            match v.object().map(|o| &o.payload) {
                Some(Object::Tuple(items)) if !items.is_empty() => f.defaults.set(v),
                Some(Object::Tuple(_)) => f.defaults.set(Value::NULL),
                _ if v.is_none() => f.defaults.set(Value::NULL),
                _ => return Err(rt.type_error("__defaults__ must be set to a tuple object")),
            }
            Ok(())
        }
        ("__kwdefaults__", new) => {
            let v = new.unwrap_or(Value::NONE);
            match v.object().map(|o| &o.payload) {
                Some(Object::Dict(_)) => f.keyword_defaults.set(v),
                _ if v.is_none() => f.keyword_defaults.set(Value::NULL),
                _ => return Err(rt.type_error("__kwdefaults__ must be set to a dict object")),
            }
            Ok(())
        }
        ("__code__" | "__globals__" | "__closure__", _) => {
            let message = format!("setting a function's {attribute} is not supported yet");
            Err(rt.not_implemented(message))
        }
        ("__dict__", Some(v)) => {
            if !matches!(v.object().map(|o| &o.payload), Some(Object::Dict(_))) {
                return Err(rt.type_error("__dict__ must be set to a dictionary"));
            }
            f.attributes.set(v);
            Ok(())
        }
        (_, Some(v)) => {
            let dict = attribute_dict(rt, f);
            let key = rt.key(name)?;
            if let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload) {
                d.borrow_mut().insert(key, v);
            }
            Ok(())
        }
        (_, None) => {
            let dict = f.attributes.get();
            let key = rt.key(name)?;
            let removed = match dict.object().map(|o| &o.payload) {
                Some(Object::Dict(d)) => d.borrow_mut().remove(key),
                _ => None,
            };
            if removed.is_some() {
                return Ok(());
            }
            let message = format!("'function' object has no attribute '{attribute}'");
            Err(rt.attribute_error(message))
        }
    }
}
