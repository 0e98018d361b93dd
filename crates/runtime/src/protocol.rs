//! Generic dispatch that consults user-defined classes: attribute access
//! (CPython's `PyObject_GenericGetAttr` with descriptors), instantiation,
//! and the special methods (`__add__`, `__eq__`, `__len__`, ...) with
//! their reflected forms and `NotImplemented` fallbacks.
//!
//! Each entry point first asks whether a user class is involved; when none
//! is, it hands over to the built-in operation in [`crate::ops`], so the
//! fast paths for built-in values are unchanged.

use bytecode::{BinaryOperator, ComparisonOperator};

use crate::object::{BoundMethodObject, Object, TypeKind};
use crate::objects::class::{self, class_data};
use crate::objects::instance;
use crate::types::type_object;
use crate::value::Value;
use crate::{Host, PyErr, PyResult, Runtime, as_str};

/// Is `value` an instance of a user-defined class (or a user class's
/// exception)?
#[inline]
pub fn is_user_object(rt: &Runtime, value: Value) -> bool {
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(_)) => true,
        Some(Object::Exception(_)) => class_data(rt.type_of(value)).is_some(),
        // A class whose metaclass is user-defined (`len(SomeEnum)`).
        Some(Object::Type(t)) => t
            .class
            .as_ref()
            .is_some_and(|c| c.metaclass != rt.types.type_),
        _ => false,
    }
}

/// For an instance of a built-in subclass (`class L(list)`), the built-in
/// value it carries; any other value as it is. Built-in behaviour applies
/// to that value where the class does not override it.
#[inline]
pub fn builtin_value(value: Value) -> Value {
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(i)) => instance::base_value(i).unwrap_or(value),
        _ => value,
    }
}

/// A value no comparison involving it can run user code for: not a
/// user object and not a container (which might hold one).
#[inline]
pub fn is_builtin_scalar(value: Value) -> bool {
    matches!(
        value.object().map(|o| &o.payload),
        None | Some(
            Object::Str(_)
                | Object::WideInt(_)
                | Object::BigInt(_)
                | Object::Range(_)
                | Object::Slice(_)
        )
    )
}

/// `container[key]` can go straight to the built-in operation: a
/// built-in sequence or string, or a dict that never held a user key,
/// indexed by a key that is not a user object.
#[inline]
pub fn is_builtin_item_access(container: Value, key: Value) -> bool {
    if key.is_user_object_candidate() || slice_has_instance_bound(key) {
        return false;
    }
    match container.object().map(|o| &o.payload) {
        Some(Object::List(_) | Object::Tuple(_) | Object::Str(_) | Object::Range(_)) => true,
        Some(Object::Dict(d)) => !d.borrow().has_user_keys(),
        _ => false,
    }
}

/// The user override of special method `name` for `value`'s type.
pub fn special(rt: &mut Runtime, value: Value, name: &'static str) -> Option<Value> {
    if !is_user_object(rt, value) {
        return None;
    }
    let name = rt.intern_static(name);
    class::lookup_user(rt, rt.type_of(value), name)
}

/// Calls special method `method` (from [`special`]) on `receiver`.
pub fn call_special(
    rt: &mut Runtime,
    host: &mut dyn Host,
    method: Value,
    receiver: Value,
    args: &[Value],
) -> PyResult<Value> {
    // A function or method descriptor takes the receiver as its first
    // argument: call it so, without allocating a bound method.
    let takes_receiver = match method.object().map(|o| &o.payload) {
        Some(Object::Function(_)) => true,
        Some(Object::NativeFunction(f)) => f.owner.is_some(),
        _ => false,
    };
    if takes_receiver {
        const INLINE: usize = 4;
        if args.len() < INLINE {
            let mut with_receiver = [Value::NULL; INLINE];
            with_receiver[0] = receiver;
            with_receiver[1..=args.len()].copy_from_slice(args);
            return rt.call(host, method, &with_receiver[..=args.len()], &[]);
        }
        let mut with_receiver = Vec::with_capacity(args.len() + 1);
        with_receiver.push(receiver);
        with_receiver.extend_from_slice(args);
        return rt.call(host, method, &with_receiver, &[]);
    }
    let owner = rt.type_of(receiver);
    let bound = bind_descriptor(rt, host, method, receiver, owner)?;
    rt.call(host, bound, args, &[])
}

// ---- descriptors -----------------------------------------------------------------

/// Is `descriptor` a data descriptor (it defines `__set__` or
/// `__delete__`), which takes precedence over instance attributes?
fn is_data_descriptor(rt: &mut Runtime, descriptor: Value) -> bool {
    match descriptor.object().map(|o| &o.payload) {
        Some(Object::Property(_)) => true,
        Some(Object::Instance(_)) => {
            special(rt, descriptor, "__set__").is_some()
                || special(rt, descriptor, "__delete__").is_some()
        }
        _ => false,
    }
}

/// What an attribute found on a class becomes when loaded through
/// `instance` (NULL: loaded through the class `owner` itself).
pub fn bind_descriptor(
    rt: &mut Runtime,
    host: &mut dyn Host,
    descriptor: Value,
    instance: Value,
    owner: Value,
) -> PyResult<Value> {
    match descriptor.object().map(|o| &o.payload) {
        Some(Object::Function(_)) | Some(Object::NativeFunction(_)) => {
            let is_method_descriptor = match descriptor.object().map(|o| &o.payload) {
                Some(Object::NativeFunction(f)) => f.owner.is_some(),
                _ => true,
            };
            if instance.is_null() || !is_method_descriptor {
                Ok(descriptor)
            } else {
                Ok(rt.allocate(Object::BoundMethod(BoundMethodObject {
                    receiver: instance,
                    function: descriptor,
                })))
            }
        }
        Some(Object::StaticMethod(f)) => Ok(*f),
        Some(Object::ClassMethod(f)) => Ok(rt.allocate(Object::BoundMethod(BoundMethodObject {
            receiver: owner,
            function: *f,
        }))),
        Some(Object::Property(p)) => {
            if instance.is_null() {
                return Ok(descriptor);
            }
            if p.getter.is_null() || p.getter.is_none() {
                let message = format!(
                    "property {}of '{}' object has no getter",
                    property_name(p),
                    rt.type_name(instance)
                );
                return Err(rt.attribute_error(message));
            }
            rt.call(host, p.getter, &[instance], &[])
        }
        Some(Object::Instance(_)) => match special(rt, descriptor, "__get__") {
            Some(get) => {
                let instance_arg = if instance.is_null() {
                    Value::NONE
                } else {
                    instance
                };
                call_special(rt, host, get, descriptor, &[instance_arg, owner])
            }
            None => Ok(descriptor),
        },
        _ => Ok(descriptor),
    }
}

fn property_name(p: &crate::object::PropertyObject) -> String {
    match as_str(p.name.get()) {
        Some(name) => format!("'{name}' "),
        None => String::new(),
    }
}

// ---- attributes ---------------------------------------------------------------------

/// `value.name` (`name` an interned string), for every kind of value.
pub fn get_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    name: Value,
) -> PyResult<Value> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(_)) | Some(Object::Exception(_)) => {}
        Some(Object::Type(_)) => return type_get_attribute(rt, host, value, name),
        Some(Object::Module(_)) => {
            return crate::objects::module::get_attribute(rt, host, value, name);
        }
        Some(Object::Super(s)) => return super_get_attribute(rt, host, *s, name),
        Some(Object::Property(p)) => {
            let field = match as_str(name).unwrap_or("") {
                "fget" => Some(p.getter),
                "fset" => Some(p.setter),
                "fdel" => Some(p.deleter),
                "__doc__" if p.doc.is_none() && !p.getter.is_null() && !p.getter.is_none() => {
                    let doc_name = rt.names.dunder_doc;
                    return get_attribute(rt, host, p.getter, doc_name);
                }
                "__doc__" => Some(p.doc),
                _ => None,
            };
            if let Some(v) = field {
                return Ok(if v.is_null() { Value::NONE } else { v });
            }
            return crate::methods::get_attribute(rt, value, name);
        }
        Some(Object::StaticMethod(f)) | Some(Object::ClassMethod(f))
            if as_str(name) == Some("__func__") =>
        {
            return Ok(*f);
        }
        _ => return crate::methods::get_attribute(rt, value, name),
    }
    let class = rt.type_of(value);
    if let Some(getattribute) = class::lookup_user(rt, class, rt.names.dunder_getattribute) {
        let result = call_special(rt, host, getattribute, value, &[name]);
        return match result {
            Err(error) if rt.error_matches(error, rt.types.attribute_error) => {
                match class::lookup_user(rt, class, rt.names.dunder_getattr) {
                    Some(getattr) => call_special(rt, host, getattr, value, &[name]),
                    None => Err(error),
                }
            }
            other => other,
        };
    }
    match generic_get_attribute(rt, host, value, class, name)? {
        Some(found) => Ok(found),
        None => {
            if let Some(getattr) = class::lookup_user(rt, class, rt.names.dunder_getattr) {
                return call_special(rt, host, getattr, value, &[name]);
            }
            Err(no_attribute(rt, value, name))
        }
    }
}

/// `getattr(value, name, default)` and `hasattr`'s lookup: `None` when the
/// attribute is missing. A plain instance's miss builds no
/// `AttributeError` only to drop it (`getattr(x, "__deepcopy__", None)`
/// on every object `copy.deepcopy` meets).
pub fn lookup_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    name: Value,
) -> PyResult<Option<Value>> {
    if let Some(Object::Instance(_)) = value.object().map(|o| &o.payload) {
        let class = rt.type_of(value);
        if class::lookup_user(rt, class, rt.names.dunder_getattribute).is_none() {
            match generic_get_attribute(rt, host, value, class, name) {
                Ok(Some(found)) => return Ok(Some(found)),
                Ok(None) => {}
                // Raised by a property's getter, say: a miss all the same.
                Err(e) if rt.error_matches(e, rt.types.attribute_error) => return Ok(None),
                Err(e) => return Err(e),
            }
            let Some(getattr) = class::lookup_user(rt, class, rt.names.dunder_getattr) else {
                return Ok(None);
            };
            return match call_special(rt, host, getattr, value, &[name]) {
                Ok(found) => Ok(Some(found)),
                Err(e) if rt.error_matches(e, rt.types.attribute_error) => Ok(None),
                Err(e) => Err(e),
            };
        }
    }
    match get_attribute(rt, host, value, name) {
        Ok(found) => Ok(Some(found)),
        Err(e) if rt.error_matches(e, rt.types.attribute_error) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `object.__getattribute__`: data descriptors on the class, then the
/// instance's own attributes, then other class attributes.
pub fn generic_get_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    class: Value,
    name: Value,
) -> PyResult<Option<Value>> {
    let class_attribute = class::lookup(rt, class, name);
    if let Some(descriptor) = class_attribute
        && is_data_descriptor(rt, descriptor)
    {
        return bind_descriptor(rt, host, descriptor, value, class).map(Some);
    }
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(i)) => {
            if let Some(found) = instance::get(rt, i, name) {
                return Ok(Some(found));
            }
            match as_str(name).unwrap_or("") {
                "__dict__" if class_data(class).is_none_or(|d| d.has_dict) => {
                    return Ok(Some(instance::to_dict_mode(rt, i)));
                }
                "__class__" => return Ok(Some(class)),
                _ => {}
            }
        }
        Some(Object::Exception(e)) => {
            let attributes = e.borrow().attributes;
            if let Some(Object::Dict(d)) = attributes.object().map(|o| &o.payload)
                && let Some(key) = rt.key_of_str(name)
                && let Some(found) = d.borrow().get(key)
            {
                return Ok(Some(found));
            }
            if as_str(name) == Some("__dict__") {
                return Ok(Some(exception_attributes(rt, value)));
            }
        }
        _ => {}
    }
    if let Some(descriptor) = class_attribute {
        return bind_descriptor(rt, host, descriptor, value, class).map(Some);
    }
    if matches!(
        value.object().map(|o| &o.payload),
        Some(Object::Exception(_))
    ) {
        // Built-in exception attributes (`args`, `__traceback__`, ...).
        return match crate::methods::get_attribute(rt, value, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if rt.error_matches(e, rt.types.attribute_error) => Ok(None),
            Err(e) => Err(e),
        };
    }
    Ok(None)
}

/// The attribute dict of an exception object, created on first use.
fn exception_attributes(rt: &mut Runtime, exception: Value) -> Value {
    let Some(Object::Exception(e)) = exception.object().map(|o| &o.payload) else {
        return Value::NULL;
    };
    let existing = e.borrow().attributes;
    if !existing.is_null() {
        return existing;
    }
    let dict = rt.new_dict(crate::Dict::new());
    e.borrow_mut().attributes = dict;
    dict
}

fn no_attribute(rt: &mut Runtime, value: Value, name: Value) -> PyErr {
    let message = format!(
        "'{}' object has no attribute '{}'",
        rt.type_name(value),
        as_str(name).unwrap_or("?")
    );
    rt.attribute_error(message)
}

/// `C.name` for a type object.
fn type_get_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    class: Value,
    name: Value,
) -> PyResult<Value> {
    let Some(data) = class_data(class) else {
        if let Some(found) = rt.builtin_type_attributes.get(class, name) {
            return Ok(found);
        }
        if let Some(found) = builtin_type_attribute(rt, class, name) {
            return Ok(found);
        }
        if let Some(found) = class::lookup(rt, class, name)
            && !matches!(
                found.object().map(|o| &o.payload),
                Some(Object::NativeFunction(_))
            )
        {
            return bind_descriptor(rt, host, found, Value::NULL, class);
        }
        // Only an interned name can be a key of the method tables, so a
        // found descriptor's name lives as long as the cache entry.
        if let Some(descriptor) = crate::methods::type_descriptor(rt, class, name) {
            rt.builtin_type_attributes.insert(class, name, descriptor);
            return Ok(descriptor);
        }
        return crate::methods::get_attribute(rt, class, name);
    };
    let text = as_str(name).unwrap_or("");
    match text {
        "__name__" => {
            let type_name = type_object(class).map_or("?", |t| t.name);
            return Ok(rt.new_str(type_name));
        }
        "__qualname__" => return Ok(data.qualname.get()),
        "__mro__" => {
            let order = data.mro.borrow().clone();
            return Ok(rt.new_tuple(order));
        }
        "__bases__" => {
            let bases = data.bases.borrow().clone();
            return Ok(rt.new_tuple(bases));
        }
        "__base__" => {
            return Ok(type_object(class)
                .and_then(|t| t.base)
                .unwrap_or(Value::NONE));
        }
        "__dict__" => {
            // A read-only view in CPython (mappingproxy); a copy here.
            let copy = data.dict.borrow().copied();
            return Ok(rt.new_dict(copy));
        }
        "__class__" => return Ok(rt.type_of(class)),
        _ => {}
    }
    let metaclass = rt.type_of(class);
    let meta_attribute = if metaclass != rt.types.type_ {
        class::lookup_user(rt, metaclass, name)
    } else {
        None
    };
    // A data descriptor on the metaclass wins over the class's own MRO.
    if let Some(descriptor) = meta_attribute
        && is_data_descriptor(rt, descriptor)
    {
        return bind_descriptor(rt, host, descriptor, class, metaclass);
    }
    if let Some(found) = class::lookup(rt, class, name) {
        return bind_descriptor(rt, host, found, Value::NULL, class);
    }
    if let Some(found) = meta_attribute {
        return bind_descriptor(rt, host, found, class, metaclass);
    }
    if let Some(method) = rt.methods.get(&(TypeKind::Type, name)).copied() {
        return Ok(rt.allocate(Object::BoundMethod(BoundMethodObject {
            receiver: class,
            function: method,
        })));
    }
    // The metaclass's `__getattr__` answers what nothing else has.
    if metaclass != rt.types.type_ {
        let hook_name = rt.intern_static("__getattr__");
        if let Some(hook) = class::lookup_user(rt, metaclass, hook_name) {
            return rt.call(host, hook, &[class, name], &[]);
        }
    }
    let message = format!(
        "type object '{}' has no attribute '{text}'",
        type_object(class).map_or("?", |t| t.name)
    );
    Err(rt.attribute_error(message))
}

/// The attributes every built-in type object has: `__mro__`,
/// `__bases__`, `__base__`, `__dict__` (a snapshot of its methods),
/// `__qualname__`, `__module__`.
fn builtin_type_attribute(rt: &mut Runtime, class: Value, name: Value) -> Option<Value> {
    let t = type_object(class)?;
    let chain = || {
        let mut order = Vec::new();
        let mut current = Some(class);
        while let Some(c) = current {
            order.push(c);
            current = type_object(c).and_then(|t| t.base);
        }
        order
    };
    Some(match as_str(name)? {
        "__mro__" => {
            let order = chain();
            rt.new_tuple(order)
        }
        "__bases__" => {
            let bases: Vec<Value> = t.base.into_iter().collect();
            rt.new_tuple(bases)
        }
        "__base__" => t.base.unwrap_or(Value::NONE),
        "__qualname__" => rt.new_str(t.name),
        "__module__" => rt.new_str("builtins"),
        "__dict__" => {
            let kind = t.kind;
            let entries: Vec<(Value, Value)> = rt
                .methods
                .iter()
                .filter(|((k, _), _)| *k == kind)
                .map(|((_, n), v)| (*n, *v))
                .collect();
            let mut dict = crate::Dict::new();
            for (key, value) in entries {
                if let Some(key) = rt.key_of_str(key) {
                    dict.insert(key, value);
                }
            }
            rt.new_dict(dict)
        }
        _ => return None,
    })
}

/// `super(...).name`: the MRO of the start type, after `class`.
fn super_get_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    s: crate::object::SuperObject,
    name: Value,
) -> PyResult<Value> {
    if as_str(name) == Some("__class__") {
        return Ok(rt.types.super_);
    }
    let order = class::mro(s.start_type);
    let key = rt.key(name)?;
    let position = order
        .iter()
        .position(|c| *c == s.class)
        .map_or(order.len(), |p| p + 1);
    for entry in &order[position..] {
        let found = match class_data(*entry) {
            Some(d) => d.dict.borrow().get(key),
            None => type_object(*entry).and_then(|t| rt.methods.get(&(t.kind, name)).copied()),
        };
        if let Some(found) = found {
            let instance = if s.object == s.start_type {
                Value::NULL
            } else {
                s.object
            };
            return bind_descriptor(rt, host, found, instance, s.start_type);
        }
    }
    let message = format!(
        "'super' object has no attribute '{}'",
        as_str(name).unwrap_or("?")
    );
    Err(rt.attribute_error(message))
}

/// For a method call `value.name(...)`: `(function, Some(self))` when the
/// attribute is a plain function on the class (no bound method needed),
/// otherwise `(attribute, None)`.
pub fn load_method(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    name: Value,
) -> PyResult<(Value, Option<Value>)> {
    if let Some(Object::Instance(i)) = value.object().map(|o| &o.payload) {
        let class = i.class;
        if class::lookup_user(rt, class, rt.names.dunder_getattribute).is_none()
            && let Some(found) = class::lookup(rt, class, name)
            && matches!(
                found.object().map(|o| &o.payload),
                Some(Object::Function(_))
            )
            && instance::get(rt, i, name).is_none()
        {
            return Ok((found, Some(value)));
        }
    } else if !is_user_object(rt, value)
        && !matches!(
            value.object().map(|o| &o.payload),
            Some(Object::Type(_) | Object::Super(_))
        )
        && let Some(method) = crate::methods::lookup_method(rt, value, name)
    {
        return Ok((method, Some(value)));
    }
    Ok((get_attribute(rt, host, value, name)?, None))
}

/// `value.name = new` (`Some`) or `del value.name` (`None`).
pub fn set_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    name: Value,
    new: Option<Value>,
) -> PyResult<()> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Type(_)) => {
            // A metaclass's own `__setattr__`/`__delattr__`.
            let metaclass = rt.type_of(value);
            if metaclass != rt.types.type_ {
                let hook = if new.is_some() {
                    rt.names.dunder_setattr
                } else {
                    rt.names.dunder_delattr
                };
                if let Some(method) = class::lookup_user(rt, metaclass, hook) {
                    let args: Vec<Value> = match new {
                        Some(v) => vec![name, v],
                        None => vec![name],
                    };
                    call_special(rt, host, method, value, &args)?;
                    return Ok(());
                }
            }
            if class_data(value).is_some()
                && matches!(
                    as_str(name),
                    Some("__name__" | "__qualname__" | "__bases__" | "__mro__")
                )
            {
                let message = format!(
                    "setting '{}' of a class is not supported yet",
                    as_str(name).unwrap_or("?")
                );
                return Err(rt.not_implemented(message));
            }
            return class::set_class_attribute(rt, value, name, new);
        }
        Some(Object::Instance(_)) => {}
        Some(Object::Exception(_)) => {}
        Some(Object::Module(_)) => {
            return crate::objects::module::set_attribute(rt, value, name, new);
        }
        Some(Object::Function(_)) => {
            return crate::objects::function::set_attribute(rt, value, name, new);
        }
        _ => {
            let message = format!(
                "'{}' object has no attribute '{}'",
                rt.type_name(value),
                as_str(name).unwrap_or("?")
            );
            return Err(rt.attribute_error(message));
        }
    }
    let class = rt.type_of(value);
    let hook = if new.is_some() {
        rt.names.dunder_setattr
    } else {
        rt.names.dunder_delattr
    };
    if let Some(method) = class::lookup_user(rt, class, hook) {
        let args: Vec<Value> = match new {
            Some(v) => vec![name, v],
            None => vec![name],
        };
        call_special(rt, host, method, value, &args)?;
        return Ok(());
    }
    generic_set_attribute(rt, host, value, name, new)
}

/// `object.__setattr__` / `object.__delattr__`.
pub fn generic_set_attribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    name: Value,
    new: Option<Value>,
) -> PyResult<()> {
    let class = rt.type_of(value);
    if let Some(descriptor) = class::lookup(rt, class, name) {
        match descriptor.object().map(|o| &o.payload) {
            Some(Object::Property(p)) => {
                let (function, what) = match new {
                    Some(_) => (p.setter, "setter"),
                    None => (p.deleter, "deleter"),
                };
                if function.is_null() || function.is_none() {
                    let message = format!(
                        "property {}of '{}' object has no {what}",
                        property_name(p),
                        rt.type_name(value)
                    );
                    return Err(rt.attribute_error(message));
                }
                let mut args = vec![value];
                args.extend(new);
                rt.call(host, function, &args, &[])?;
                return Ok(());
            }
            Some(Object::Instance(_)) => {
                let hook = if new.is_some() {
                    "__set__"
                } else {
                    "__delete__"
                };
                if let Some(method) = special(rt, descriptor, hook) {
                    let mut args = vec![value];
                    args.extend(new);
                    call_special(rt, host, method, descriptor, &args)?;
                    return Ok(());
                }
            }
            _ => {}
        }
    }
    let text = as_str(name).unwrap_or("?");
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(i)) => {
            if let Some(data) = class_data(class)
                && !data.has_dict
                && !data.slot_names.contains(&name)
            {
                let message = format!("'{}' object has no attribute '{text}'", rt.type_name(value));
                return Err(rt.attribute_error(message));
            }
            match (text, new) {
                ("__dict__", Some(d)) => {
                    if !matches!(d.object().map(|o| &o.payload), Some(Object::Dict(_))) {
                        let message = format!(
                            "__dict__ must be set to a dictionary, not a '{}'",
                            rt.type_name(d)
                        );
                        return Err(rt.type_error(message));
                    }
                    instance::replace_dict(i, d);
                    return Ok(());
                }
                ("__class__", Some(_)) => {
                    return Err(rt.not_implemented("assigning __class__ is not supported yet"));
                }
                _ => {}
            }
            match new {
                Some(v) => instance::set(rt, i, name, v),
                None => {
                    if instance::delete(rt, i, name)? {
                        Ok(())
                    } else {
                        Err(no_attribute(rt, value, name))
                    }
                }
            }
        }
        Some(Object::Exception(_)) => {
            let builtin_field = matches!(
                text,
                "__cause__" | "__context__" | "args" | "__traceback__" | "__suppress_context__"
            );
            if builtin_field {
                return Err(rt.not_implemented(format!(
                    "setting '{text}' of an exception is not supported yet"
                )));
            }
            let dict = exception_attributes(rt, value);
            let key = rt.key(name)?;
            if let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload) {
                match new {
                    Some(v) => d.borrow_mut().insert(key, v),
                    None => {
                        if d.borrow_mut().remove(key).is_none() {
                            return Err(no_attribute(rt, value, name));
                        }
                    }
                }
            }
            Ok(())
        }
        _ => Err(no_attribute(rt, value, name)),
    }
}

// ---- instantiation --------------------------------------------------------------------

/// The Python `__init__` of a class whose call is just "allocate an
/// instance, run `__init__`" (no `__new__` override, plain instances, a
/// non-generator `__init__`): the interpreter then enters `__init__` as a
/// frame instead of calling it from Rust.
pub fn plain_init(rt: &Runtime, class: Value) -> Option<Value> {
    let t = type_object(class)?;
    if t.kind != TypeKind::Instance {
        return None;
    }
    let data = class_data(class)?;
    if data.metaclass != rt.types.type_ || data.builtin_base.is_some() {
        return None;
    }
    let new_key = rt.key_of_str(rt.names.dunder_new)?;
    let init = class::lookup_user(rt, class, rt.names.dunder_init)?;
    let Some(Object::Function(f)) = init.object().map(|o| &o.payload) else {
        return None;
    };
    let Some(Object::Code(code)) = f.code.object().map(|o| &o.payload) else {
        return None;
    };
    if code.code.is_generator() {
        return None;
    }
    for entry in data.mro.borrow().iter() {
        if let Some(d) = class_data(*entry)
            && d.dict.borrow().get(new_key).is_some()
        {
            return None;
        }
    }
    Some(init)
}

/// `list.__new__(cls, ...)` and friends for a built-in subclass: the
/// instance carries a new built-in value. Immutable types (`int`, `str`,
/// `tuple`, ...) take their value from the arguments here; mutable ones
/// start empty when a Python `__init__` will fill them (through
/// `super().__init__`), and from the arguments otherwise.
pub fn new_builtin_subclass_instance(
    rt: &mut Runtime,
    host: &mut dyn Host,
    class: Value,
    base_type: Value,
    args: &[Value],
    keyword_names: &[Value],
    has_user_init: bool,
) -> PyResult<Value> {
    let mutable = type_object(base_type)
        .is_some_and(|t| matches!(t.kind, TypeKind::List | TypeKind::Dict | TypeKind::Set));
    let base = if mutable && has_user_init {
        rt.call(host, base_type, &[], &[])?
    } else {
        rt.call(host, base_type, args, keyword_names)?
    };
    Ok(instance::new_instance_with_base(rt, class, base))
}

/// Calls a user-defined class: its metaclass's `__call__` when a user
/// metaclass defines one, otherwise [`call_class_default`].
pub fn call_class(
    rt: &mut Runtime,
    host: &mut dyn Host,
    class: Value,
    args: &[Value],
    keyword_names: &[Value],
) -> PyResult<Value> {
    let metaclass = rt.type_of(class);
    if metaclass != rt.types.type_ {
        let call_name = rt.intern_static("__call__");
        if let Some(call) = class::lookup_user(rt, metaclass, call_name) {
            let bound = bind_descriptor(rt, host, call, class, metaclass)?;
            return rt.call(host, bound, args, keyword_names);
        }
    }
    call_class_default(rt, host, class, args, keyword_names)
}

/// `type.__call__(class, ...)`: `__new__`, then `__init__` when `__new__`
/// returned an instance of the class.
pub fn call_class_default(
    rt: &mut Runtime,
    host: &mut dyn Host,
    class: Value,
    args: &[Value],
    keyword_names: &[Value],
) -> PyResult<Value> {
    let new_name = rt.intern_static("__new__");
    let user_new = class::lookup_user(rt, class, new_name);
    let user_init = class::lookup_user(rt, class, rt.names.dunder_init);
    let kind = type_object(class).map_or(TypeKind::Instance, |t| t.kind);
    let builtin_base = class_data(class).and_then(|d| d.builtin_base);
    let object = match user_new {
        Some(new) => {
            let function = bind_descriptor(rt, host, new, Value::NULL, class)?;
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(class);
            full.extend_from_slice(args);
            rt.call(host, function, &full, keyword_names)?
        }
        // A metaclass: `M(name, bases, namespace)` makes a class.
        None if kind == TypeKind::Type => {
            crate::objects::class::type_new_from_arguments(rt, host, class, args, keyword_names)?
        }
        None if builtin_base.is_some() => {
            let base_type = builtin_base.unwrap_or(Value::NONE);
            new_builtin_subclass_instance(
                rt,
                host,
                class,
                base_type,
                args,
                keyword_names,
                user_init.is_some(),
            )?
        }
        None => {
            if user_init.is_none() && kind == TypeKind::Instance && !args.is_empty() {
                let message = format!(
                    "{}() takes no arguments",
                    type_object(class).map_or("?", |t| t.name)
                );
                return Err(rt.type_error(message));
            }
            match kind {
                TypeKind::Exception => {
                    let positional = &args[..args.len() - keyword_names.len()];
                    if user_init.is_none() && !keyword_names.is_empty() {
                        let message = format!(
                            "{}() takes no keyword arguments",
                            type_object(class).map_or("?", |t| t.name)
                        );
                        return Err(rt.type_error(message));
                    }
                    rt.new_exception(class, positional.to_vec())
                }
                _ => instance::new_instance(rt, class),
            }
        }
    };
    if let Some(init) = user_init
        && rt.is_subtype(rt.type_of(object), class)
    {
        let function = bind_descriptor(rt, host, init, object, class)?;
        let result = rt.call(host, function, args, keyword_names)?;
        if !result.is_none() {
            let message = format!(
                "__init__() should return None, not '{}'",
                rt.type_name(result)
            );
            return Err(rt.type_error(message));
        }
    }
    Ok(object)
}

// ---- operators ------------------------------------------------------------------------

/// The special-method names of a binary operator: (`__add__`, `__radd__`,
/// `__iadd__`).
pub(crate) fn operator_names(op: BinaryOperator) -> (&'static str, &'static str, &'static str) {
    use BinaryOperator::*;
    match op {
        Add => ("__add__", "__radd__", "__iadd__"),
        And => ("__and__", "__rand__", "__iand__"),
        FloorDivide => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        MatrixMultiply => ("__matmul__", "__rmatmul__", "__imatmul__"),
        Multiply => ("__mul__", "__rmul__", "__imul__"),
        Remainder => ("__mod__", "__rmod__", "__imod__"),
        Or => ("__or__", "__ror__", "__ior__"),
        Power => ("__pow__", "__rpow__", "__ipow__"),
        RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        Subtract => ("__sub__", "__rsub__", "__isub__"),
        TrueDivide => ("__truediv__", "__rtruediv__", "__itruediv__"),
        Xor => ("__xor__", "__rxor__", "__ixor__"),
    }
}

/// `a op b` (or `a op= b` when `inplace`) where a user class may define
/// the operator. `None` when neither operand is a user object (the caller
/// runs the built-in operation).
pub fn binary_op(
    rt: &mut Runtime,
    host: &mut dyn Host,
    op: BinaryOperator,
    a: Value,
    b: Value,
    inplace: bool,
) -> PyResult<Option<Value>> {
    // `str % x` formats whatever `x` is (str's own slot runs first and
    // never declines); its `%s`/`%r` may run user methods.
    if op == BinaryOperator::Remainder && as_str(a).is_some() {
        return crate::format::percent_format(rt, host, a, b).map(Some);
    }
    if !is_user_object(rt, a) && !is_user_object(rt, b) {
        return Ok(None);
    }
    let (forward, reflected, inplace_name) = operator_names(op);
    if inplace && let Some(method) = special(rt, a, inplace_name) {
        let result = call_special(rt, host, method, a, &[b])?;
        if result != Value::NOT_IMPLEMENTED {
            return Ok(Some(result));
        }
    }
    let (type_a, type_b) = (rt.type_of(a), rt.type_of(b));
    let left = special(rt, a, forward);
    let right = if type_a != type_b {
        special(rt, b, reflected)
    } else {
        None
    };
    // A subclass's reflected method goes first when it overrides it.
    let right_first = right.is_some() && type_a != type_b && rt.is_subtype(type_b, type_a) && {
        let name = rt.intern(reflected);
        class::lookup_user(rt, type_a, name) != right
    };
    if let Some(result) = try_forward_and_reflected(rt, host, (a, left), (b, right), right_first)? {
        return Ok(Some(result));
    }
    // Nobody handled it: the built-in operation decides (sequence
    // repetition's own error, or "unsupported operand type(s)"), on the
    // built-in values of built-in subclasses.
    let (base_a, base_b) = (builtin_value(a), builtin_value(b));
    if base_a != a || base_b != b {
        if inplace {
            let result = crate::ops::inplace_op(rt, host, op, base_a, base_b)?;
            // An in-place list/dict/set operation returns its target: the
            // subclass instance itself.
            return Ok(Some(if result == base_a { a } else { result }));
        }
        return match binary_op(rt, host, op, base_a, base_b, false)? {
            Some(result) => Ok(Some(result)),
            None => crate::ops::binary_op(rt, op, base_a, base_b).map(Some),
        };
    }
    Ok(None)
}

/// CPython's binary dispatch: `a.forward(b)`, then `b.reflected(a)`
/// (reflected first when `b`'s class is a subclass overriding it); the
/// first result that is not `NotImplemented`, if any.
fn try_forward_and_reflected(
    rt: &mut Runtime,
    host: &mut dyn Host,
    (a, forward): (Value, Option<Value>),
    (b, reflected): (Value, Option<Value>),
    reflected_first: bool,
) -> PyResult<Option<Value>> {
    let forward = forward.map(|m| (m, a, b));
    let reflected = reflected.map(|m| (m, b, a));
    let order = if reflected_first {
        [reflected, forward]
    } else {
        [forward, reflected]
    };
    for (method, receiver, other) in order.into_iter().flatten() {
        let result = call_special(rt, host, method, receiver, &[other])?;
        if result != Value::NOT_IMPLEMENTED {
            return Ok(Some(result));
        }
    }
    Ok(None)
}

pub(crate) fn comparison_name(op: ComparisonOperator) -> &'static str {
    match op {
        ComparisonOperator::Less => "__lt__",
        ComparisonOperator::LessEqual => "__le__",
        ComparisonOperator::Equal => "__eq__",
        ComparisonOperator::NotEqual => "__ne__",
        ComparisonOperator::Greater => "__gt__",
        ComparisonOperator::GreaterEqual => "__ge__",
    }
}

/// `a op b` with user `__eq__`/`__lt__`/...: the value the comparison
/// returns (any object, as in CPython). `None` when no user object is
/// involved.
pub fn rich_compare(
    rt: &mut Runtime,
    host: &mut dyn Host,
    op: ComparisonOperator,
    a: Value,
    b: Value,
) -> PyResult<Option<Value>> {
    if matches!(op, ComparisonOperator::Equal | ComparisonOperator::NotEqual)
        && let Some(same) = containers_with_user_keys_equal(rt, host, a, b)?
    {
        let result = same == (op == ComparisonOperator::Equal);
        return Ok(Some(Value::bool(result)));
    }
    if let Some(result) = sequences_with_user_items_compare(rt, host, op, a, b)? {
        return Ok(Some(result));
    }
    if !is_user_object(rt, a) && !is_user_object(rt, b) {
        return Ok(None);
    }
    // Instances of classes without comparison methods (and built-in values
    // beside them, whose methods decline a foreign type): identity.
    if matches!(op, ComparisonOperator::Equal | ComparisonOperator::NotEqual)
        && compares_by_identity(rt, a)
        && compares_by_identity(rt, b)
    {
        return Ok(Some(Value::bool(
            (a == b) == (op == ComparisonOperator::Equal),
        )));
    }
    let (type_a, type_b) = (rt.type_of(a), rt.type_of(b));
    let forward = special(rt, a, comparison_name(op));
    let reflected = special(rt, b, comparison_name(op.swapped()));
    let reflected_first = type_a != type_b && rt.is_subtype(type_b, type_a) && reflected.is_some();
    if let Some(result) =
        try_forward_and_reflected(rt, host, (a, forward), (b, reflected), reflected_first)?
    {
        return Ok(Some(result));
    }
    let (base_a, base_b) = (builtin_value(a), builtin_value(b));
    let ordering = !matches!(op, ComparisonOperator::Equal | ComparisonOperator::NotEqual);
    if (base_a != a || base_b != b) && (!ordering || crate::ops::same_builtin_kind(base_a, base_b))
    {
        // Built-in subclasses compare as their built-in values (and order
        // only against their own kind).
        return match rich_compare(rt, host, op, base_a, base_b)? {
            Some(result) => Ok(Some(result)),
            None => crate::ops::compare(rt, op, base_a, base_b).map(|r| Some(Value::bool(r))),
        };
    }
    match op {
        ComparisonOperator::Equal => Ok(Some(Value::bool(a == b))),
        ComparisonOperator::NotEqual => {
            // `__ne__` defaults to the inverse of `__eq__`: the left
            // operand's, then the right one's (reflected).
            for (x, y) in [(a, b), (b, a)] {
                if let Some(eq) = special(rt, x, "__eq__") {
                    let result = call_special(rt, host, eq, x, &[y])?;
                    if result != Value::NOT_IMPLEMENTED {
                        let truth = truthy(rt, host, result)?;
                        return Ok(Some(Value::bool(!truth)));
                    }
                }
            }
            Ok(Some(Value::bool(a != b)))
        }
        _ => {
            let message = format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                rt.type_name(a),
                rt.type_name(b)
            );
            Err(rt.type_error(message))
        }
    }
}

/// Does `value` take part in `==` by identity alone: an instance of a class
/// without comparison methods, or a value that is no user object at all?
pub fn compares_by_identity(rt: &mut Runtime, value: Value) -> bool {
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(instance)) => class::compares_by_identity(rt, instance.class),
        _ => !is_user_object(rt, value),
    }
}

/// `bool(value)` honouring `__bool__` and `__len__`.
pub fn truthy(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<bool> {
    if !is_user_object(rt, value) {
        return Ok(crate::ops::is_truthy(value));
    }
    if let Some(Object::Instance(instance)) = value.object().map(|o| &o.payload)
        && class::is_always_true(rt, instance.class)
    {
        return Ok(true);
    }
    if let Some(method) = special(rt, value, "__bool__") {
        let result = call_special(rt, host, method, value, &[])?;
        return match result {
            Value::TRUE => Ok(true),
            Value::FALSE => Ok(false),
            other => {
                let message = format!(
                    "__bool__ should return bool, returned {}",
                    rt.type_name(other)
                );
                Err(rt.type_error(message))
            }
        };
    }
    if special(rt, value, "__len__").is_some() {
        return Ok(len(rt, host, value)? != 0);
    }
    Ok(crate::ops::is_truthy(builtin_value(value)))
}

/// `len(value)` honouring `__len__`.
pub fn len(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<usize> {
    let Some(method) = special(rt, value, "__len__") else {
        return crate::ops::len(rt, builtin_value(value));
    };
    let result = call_special(rt, host, method, value, &[])?;
    let Some(n) = crate::ops::index_value(rt, result)? else {
        let message = format!(
            "'{}' object cannot be interpreted as an integer",
            rt.type_name(result)
        );
        return Err(rt.type_error(message));
    };
    if n < 0 {
        return Err(rt.value_error("__len__() should return >= 0"));
    }
    Ok(n as usize)
}

/// Calls a unary special method (`__neg__`, `__iter__`, ...) if the user
/// class defines it.
pub fn unary(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    name: &'static str,
) -> PyResult<Option<Value>> {
    match special(rt, value, name) {
        Some(method) => call_special(rt, host, method, value, &[]).map(Some),
        None => Ok(None),
    }
}

/// `container[key]` with `__getitem__` (and `__class_getitem__` on a class).
pub fn get_item(
    rt: &mut Runtime,
    host: &mut dyn Host,
    container: Value,
    key: Value,
) -> PyResult<Value> {
    if let Some(method) = special(rt, container, "__getitem__") {
        return call_special(rt, host, method, container, &[key]);
    }
    let base = builtin_value(container);
    if base != container {
        // A dict subclass's `__missing__` answers for absent keys.
        if let Some(Object::Dict(d)) = base.object().map(|o| &o.payload)
            && let Some(missing) = special(rt, container, "__missing__")
        {
            let k = table_key(rt, host, d, key)?;
            let found = d.borrow().get(k);
            return match found {
                Some(v) => Ok(v),
                None => call_special(rt, host, missing, container, &[key]),
            };
        }
        return get_item(rt, host, base, key);
    }
    if let Some(Object::Dict(d)) = container.object().map(|o| &o.payload)
        && (key.may_compare_by_python() || d.borrow().has_user_keys())
    {
        return dict_get_item(rt, host, d, key);
    }
    if !is_user_object(rt, container)
        && let Some(index) = index_of_user_object(rt, host, key)?
    {
        return crate::ops::get_item(rt, container, index);
    }
    if !is_user_object(rt, container) && slice_has_instance_bound(key) {
        let key = index_slice_bounds(rt, host, key)?;
        return crate::ops::get_item(rt, container, key);
    }
    if class_data(container).is_some() {
        let name = rt.intern_static("__class_getitem__");
        if let Some(found) = class::lookup(rt, container, name) {
            let function = bind_descriptor(rt, host, found, Value::NULL, container)?;
            return rt.call(host, function, &[key], &[]);
        }
        let message = format!(
            "type '{}' is not subscriptable",
            type_object(container).map_or("?", |t| t.name)
        );
        return Err(rt.type_error(message));
    }
    crate::ops::get_item(rt, container, key)
}

/// `iter(value)` with `__iter__`, or the `__getitem__` sequence protocol.
pub fn get_iter(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<Value> {
    if let Some(method) = special(rt, value, "__iter__") {
        let iterator = call_special(rt, host, method, value, &[])?;
        if !is_iterator(rt, iterator) {
            let message = format!(
                "iter() returned non-iterator of type '{}'",
                rt.type_name(iterator)
            );
            return Err(rt.type_error(message));
        }
        return Ok(iterator);
    }
    if is_user_object(rt, value) && special(rt, value, "__getitem__").is_some() {
        return Ok(rt.new_iterator(crate::object::IteratorState::Sequence {
            sequence: value,
            index: 0,
        }));
    }
    crate::ops::get_iter(rt, builtin_value(value))
}

fn is_iterator(rt: &mut Runtime, value: Value) -> bool {
    match value.object().map(|o| &o.payload) {
        Some(Object::Iterator(_)) | Some(Object::Generator(_)) => true,
        _ => special(rt, value, "__next__").is_some(),
    }
}

/// `hash(value)` honouring `__hash__` (and `__hash__ = None`).
pub fn hash(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<i64> {
    hash_key(rt, host, value).map(|(hash, _)| hash)
}

/// `hash(value)` and whether comparing `value` may run Python code (a
/// user object at any depth of tuples, see
/// [`Value::may_compare_by_python`]), in one walk over nested tuples.
fn hash_key(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<(i64, bool)> {
    if value.is_small_int() {
        return Ok((crate::ops::hash_i64(value.as_small_int()), false));
    }
    if let Some(hash) = crate::ops::hash_plain_key(value) {
        return Ok((hash, false));
    }
    match value.object().map(|o| &o.payload) {
        // A tuple holding user objects hashes them with their `__hash__`.
        Some(Object::Tuple(items)) => {
            let mut by_python = false;
            let hash = crate::ops::hash_tuple_by(items, |item| {
                let (hash, item_by_python) = hash_key(rt, host, item)?;
                by_python |= item_by_python;
                Ok(hash)
            })?;
            Ok((hash, by_python))
        }
        Some(Object::Instance(_)) => {
            let base = crate::ops::builtin_comparison_value(value);
            if base != value {
                return hash_key(rt, host, base);
            }
            Ok((user_hash(rt, host, value)?, true))
        }
        Some(Object::Exception(_)) => Ok((user_hash(rt, host, value)?, true)),
        _ if is_user_object(rt, value) => Ok((user_hash(rt, host, value)?, false)),
        _ => Ok((crate::ops::hash(rt, value)?, false)),
    }
}

/// `hash(value)` for a user object: its class's `__hash__`, or the
/// built-in hash of its built-in value, or identity.
fn user_hash(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<i64> {
    if !is_user_object(rt, value) {
        return crate::ops::hash(rt, value);
    }
    let class = rt.type_of(value);
    let hash_name = rt.intern_static("__hash__");
    match class::lookup_user(rt, class, hash_name) {
        Some(Value::NONE) => {
            let message = format!("unhashable type: '{}'", rt.type_name(value));
            Err(rt.type_error(message))
        }
        Some(method) => {
            let result = call_special(rt, host, method, value, &[])?;
            // An int that fits 64 bits is the hash itself (-1 becomes -2);
            // a larger one is hashed, as CPython's `slot_tp_hash` does.
            match crate::objects::int::as_int(result).filter(|_| !result.is_float()) {
                Some(i) => match i.to_i64() {
                    Some(-1) => Ok(-2),
                    Some(h) => Ok(h),
                    None => crate::ops::hash(rt, result),
                },
                None => Err(rt.type_error("__hash__ method should return an integer")),
            }
        }
        None => crate::ops::hash(rt, builtin_value(value)),
    }
}

/// The text a user `__repr__`/`__str__` returned; CPython's `TypeError`
/// when it is not a `str`.
pub fn string_result(rt: &mut Runtime, result: Value, method: &str) -> PyResult<String> {
    match as_str(result) {
        Some(s) => Ok(s.to_string()),
        None => {
            let message = format!(
                "{method} returned non-string (type {})",
                rt.type_name(result)
            );
            Err(rt.type_error(message))
        }
    }
}

/// `repr(value)` honouring `__repr__`.
pub fn repr(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<String> {
    if let Some(result) = unary(rt, host, value, "__repr__")? {
        return string_result(rt, result, "__repr__");
    }
    crate::repr::repr_with(rt, host, builtin_value(value))
}

/// `str(value)` honouring `__str__` (then `__repr__`).
pub fn to_str(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<String> {
    if let Some(result) = unary(rt, host, value, "__str__")? {
        return string_result(rt, result, "__str__");
    }
    let base = builtin_value(value);
    if base != value && special(rt, value, "__repr__").is_none() {
        return to_str(rt, host, base);
    }
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(_) | Object::Type(_)) => repr(rt, host, value),
        Some(Object::Str(_)) | Some(Object::Exception(_)) => crate::repr::to_str(rt, value),
        _ => crate::repr::repr_with(rt, host, value),
    }
}

/// `a == b` as a truth value, honouring user `__eq__`.
pub fn equal(rt: &mut Runtime, host: &mut dyn Host, a: Value, b: Value) -> PyResult<bool> {
    match rich_compare(rt, host, ComparisonOperator::Equal, a, b)? {
        Some(result) => truthy(rt, host, result),
        None => Ok(crate::ops::equal(a, b)),
    }
}

/// `a < b` as a truth value, honouring user `__lt__`/`__gt__` (sorting,
/// `min`, `max`).
pub fn less_than(rt: &mut Runtime, host: &mut dyn Host, a: Value, b: Value) -> PyResult<bool> {
    match rich_compare(rt, host, ComparisonOperator::Less, a, b)? {
        Some(result) => truthy(rt, host, result),
        None => crate::ops::less_than(rt, a, b),
    }
}

/// `a op b` for any values: user special methods first, then the
/// built-in operation.
pub fn binary(
    rt: &mut Runtime,
    host: &mut dyn Host,
    op: BinaryOperator,
    a: Value,
    b: Value,
) -> PyResult<Value> {
    match binary_op(rt, host, op, a, b, false)? {
        Some(result) => Ok(result),
        None => crate::ops::binary_op(rt, op, a, b),
    }
}

/// A user object's `__index__` result (an int), for indexing built-in
/// sequences and `range`-like arguments with it.
pub fn index_of_user_object(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
) -> PyResult<Option<Value>> {
    let Some(method) = special(rt, value, "__index__") else {
        let base = builtin_value(value);
        let is_int = crate::objects::int::as_int(base).is_some() && !base.is_float();
        return Ok((base != value && is_int).then_some(base));
    };
    let result = call_special(rt, host, method, value, &[])?;
    if crate::objects::int::as_int(result).is_none() || result.is_float() {
        let message = format!("__index__ returned non-int (type {})", rt.type_name(result));
        return Err(rt.type_error(message));
    }
    Ok(Some(result))
}

/// Is `key` a slice with an instance among its bounds (an object with
/// `__index__`, an int subclass)?
#[inline]
pub fn slice_has_instance_bound(key: Value) -> bool {
    match key.object().map(|o| &o.payload) {
        Some(Object::Slice(s)) => [s.start, s.stop, s.step]
            .iter()
            .any(|v| matches!(v.object().map(|o| &o.payload), Some(Object::Instance(_)))),
        _ => false,
    }
}

/// For a slice with instance bounds, the slice of their `__index__`
/// ints, which built-in sequences read; any other key as it is. A bound
/// without `__index__` stays, and the sequence reports it.
pub fn index_slice_bounds(rt: &mut Runtime, host: &mut dyn Host, key: Value) -> PyResult<Value> {
    let Some(Object::Slice(s)) = key.object().map(|o| &o.payload) else {
        return Ok(key);
    };
    let s = *s;
    if !slice_has_instance_bound(key) {
        return Ok(key);
    }
    let mut bounds = [s.start, s.stop, s.step];
    for bound in &mut bounds {
        if matches!(
            bound.object().map(|o| &o.payload),
            Some(Object::Instance(_))
        ) {
            *bound = index_of_user_object(rt, host, *bound)?.unwrap_or(*bound);
        }
    }
    Ok(crate::ops::new_slice(rt, bounds[0], bounds[1], bounds[2]))
}

/// `int(value)`/`float(value)` of a user object: `__int__`/`__float__`,
/// then `__index__`. `None` when the class defines neither.
pub fn convert_number(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
    to_float: bool,
) -> PyResult<Option<Value>> {
    let name = if to_float { "__float__" } else { "__int__" };
    if let Some(method) = special(rt, value, name) {
        let result = call_special(rt, host, method, value, &[])?;
        let ok = if to_float {
            result.is_float()
        } else {
            crate::objects::int::as_int(result).is_some() && !result.is_float()
        };
        if !ok {
            let expected = if to_float { "float" } else { "int" };
            let message = format!(
                "{name} returned non-{expected} (type {})",
                rt.type_name(result)
            );
            return Err(rt.type_error(message));
        }
        return Ok(Some(result));
    }
    let base = builtin_value(value);
    if base != value {
        let target = if to_float {
            rt.types.float
        } else {
            rt.types.int
        };
        return rt.call(host, target, &[base], &[]).map(Some);
    }
    match index_of_user_object(rt, host, value)? {
        Some(i) if to_float => crate::builtins::to_float(rt, i).map(Some),
        other => Ok(other),
    }
}

/// `format(value, spec)` honouring `__format__` (and `str()` for a user
/// object without one, which only accepts an empty spec).
pub fn format(rt: &mut Runtime, host: &mut dyn Host, value: Value, spec: &str) -> PyResult<String> {
    if let Some(method) = special(rt, value, "__format__") {
        let spec_value = rt.new_str(spec);
        let result = call_special(rt, host, method, value, &[spec_value])?;
        return match as_str(result) {
            Some(text) => Ok(text.to_string()),
            None => {
                let message = format!("__format__ must return a str, not {}", rt.type_name(result));
                Err(rt.type_error(message))
            }
        };
    }
    let base = builtin_value(value);
    if base != value {
        return format(rt, host, base, spec);
    }
    if is_user_object(rt, value)
        && !matches!(
            value.object().map(|o| &o.payload),
            Some(Object::Exception(_))
        )
    {
        if !spec.is_empty() {
            let message = format!(
                "unsupported format string passed to {}.__format__",
                rt.type_name(value)
            );
            return Err(rt.type_error(message));
        }
        return to_str(rt, host, value);
    }
    crate::format::format_value(rt, value, spec)
}

// ---- dict and set keys ------------------------------------------------------------------

/// The hash of a key, honouring a user `__hash__`.
pub fn key(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<crate::DictKey> {
    let (hash, _) = hash_key(rt, host, value)?;
    Ok(crate::DictKey { value, hash })
}

/// Replaces `probe` by the stored key it is equal to (by Python `==`,
/// which may run a user `__eq__`), so that the tables, which compare user
/// objects by identity, then find it. `candidates` are the stored keys
/// with the same hash; no table borrow is held while `__eq__` runs.
fn canonical_key(
    rt: &mut Runtime,
    host: &mut dyn Host,
    candidates: Vec<Value>,
    probe: crate::DictKey,
) -> PyResult<crate::DictKey> {
    for stored in candidates {
        if stored == probe.value {
            return Ok(probe);
        }
        // A user object, or a tuple holding one, compares through Python.
        let involves_user = stored.may_compare_by_python()
            || probe.value.may_compare_by_python()
            || is_user_object(rt, stored)
            || is_user_object(rt, probe.value);
        let same = if involves_user {
            // CPython compares the stored key with the probe.
            equal(rt, host, stored, probe.value)?
        } else {
            crate::ops::hashable_equal(stored, probe.value)
        };
        if same {
            return Ok(crate::DictKey {
                value: stored,
                hash: probe.hash,
            });
        }
    }
    Ok(probe)
}

/// A dict or set table (shared behind a `RefCell`, or being built) that
/// keys can be matched against.
pub trait KeyedTable {
    /// Some key was ever a user object.
    fn has_user_keys(&self) -> bool;
    /// The stored keys with this hash.
    fn keys_with_hash(&self, hash: i64) -> Vec<Value>;
}

impl KeyedTable for crate::Dict {
    fn has_user_keys(&self) -> bool {
        crate::Dict::has_user_keys(self)
    }
    fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        crate::Dict::keys_with_hash(self, hash)
    }
}

impl KeyedTable for crate::PySet {
    fn has_user_keys(&self) -> bool {
        crate::PySet::has_user_keys(self)
    }
    fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        crate::PySet::keys_with_hash(self, hash)
    }
}

impl<T: KeyedTable + ?Sized> KeyedTable for Box<T> {
    fn has_user_keys(&self) -> bool {
        (**self).has_user_keys()
    }
    fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        (**self).keys_with_hash(hash)
    }
}

impl<T: KeyedTable + crate::barrier::Traced + 'static> KeyedTable for crate::barrier::GcRefCell<T> {
    fn has_user_keys(&self) -> bool {
        self.borrow().has_user_keys()
    }
    fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        self.borrow().keys_with_hash(hash)
    }
}

/// The key to use for `value` in a dict or set: hashed with a user
/// `__hash__`, and matched to a stored key with a user `__eq__` when user
/// objects are involved (the table is not borrowed while user code runs).
pub fn table_key<T: KeyedTable + ?Sized>(
    rt: &mut Runtime,
    host: &mut dyn Host,
    table: &T,
    value: Value,
) -> PyResult<crate::DictKey> {
    // A built-in key in a table without user keys: no comparison can run
    // Python code, so the hash is all that is needed.
    if let Some(hash) = crate::ops::hash_plain_key(value)
        && !table.has_user_keys()
    {
        return Ok(crate::DictKey { value, hash });
    }
    let (hash, by_python) = hash_key(rt, host, value)?;
    let probe = crate::DictKey { value, hash };
    if !by_python && !table.has_user_keys() {
        return Ok(probe);
    }
    let candidates = table.keys_with_hash(probe.hash);
    canonical_key(rt, host, candidates, probe)
}

/// `container[key]` for a dict (user keys matched with `__eq__`).
fn dict_get_item(
    rt: &mut Runtime,
    host: &mut dyn Host,
    dict: &crate::barrier::GcRefCell<crate::Dict>,
    key: Value,
) -> PyResult<Value> {
    let k = table_key(rt, host, dict, key)?;
    let found = dict.borrow().get(k);
    found.ok_or_else(|| rt.key_error(key))
}

/// `del container[key]`, honouring `__delitem__` and user dict keys.
pub fn delete_item(
    rt: &mut Runtime,
    host: &mut dyn Host,
    container: Value,
    key: Value,
) -> PyResult<()> {
    if let Some(method) = special(rt, container, "__delitem__") {
        call_special(rt, host, method, container, &[key])?;
        return Ok(());
    }
    let base = builtin_value(container);
    if base != container {
        return delete_item(rt, host, base, key);
    }
    if let Some(Object::Dict(d)) = container.object().map(|o| &o.payload)
        && (key.may_compare_by_python() || d.borrow().has_user_keys())
    {
        let k = table_key(rt, host, d, key)?;
        let removed = d.borrow_mut().remove(k);
        return match removed {
            Some(_) => Ok(()),
            None => Err(rt.key_error(key)),
        };
    }
    crate::ops::delete_item(rt, container, key)
}

/// `a == b` for two dicts or two sets when user keys are involved (their
/// `__eq__` decides which keys match); `None` otherwise.
fn containers_with_user_keys_equal(
    rt: &mut Runtime,
    host: &mut dyn Host,
    a: Value,
    b: Value,
) -> PyResult<Option<bool>> {
    match (
        a.object().map(|o| &o.payload),
        b.object().map(|o| &o.payload),
    ) {
        (Some(Object::Dict(x)), Some(Object::Dict(y))) => {
            if !x.borrow().has_user_keys()
                && !y.borrow().has_user_keys()
                && !contains_user_object(a, 0)
                && !contains_user_object(b, 0)
            {
                return Ok(None);
            }
            if x.borrow().len() != y.borrow().len() {
                return Ok(Some(false));
            }
            let entries: Vec<(Value, Value)> = x.borrow().iter().collect();
            for (k, v) in entries {
                let key = table_key(rt, host, y, k)?;
                let other = y.borrow().get(key);
                match other {
                    Some(w) if same_or_equal(rt, host, v, w)? => {}
                    _ => return Ok(Some(false)),
                }
            }
            Ok(Some(true))
        }
        (
            Some(Object::Set(_) | Object::FrozenSet(_)),
            Some(Object::Set(_) | Object::FrozenSet(_)),
        ) => {
            let (x, y) = (set_snapshot(a), set_snapshot(b));
            if !x.has_user_keys() && !y.has_user_keys() {
                return Ok(None);
            }
            if x.len() != y.len() {
                return Ok(Some(false));
            }
            for item in x.iter().collect::<Vec<_>>() {
                let key = table_key(rt, host, &y, item)?;
                if !y.contains(key) {
                    return Ok(Some(false));
                }
            }
            Ok(Some(true))
        }
        _ => Ok(None),
    }
}

fn set_snapshot(value: Value) -> crate::PySet {
    match value.object().map(|o| &o.payload) {
        Some(Object::Set(s)) => s.borrow().clone(),
        Some(Object::FrozenSet(s)) => (**s).clone(),
        _ => crate::PySet::new(),
    }
}

// ---- equality inside containers ---------------------------------------------------------

/// Whether comparing `value` may run user code: a user object, or a
/// container that may hold one.
fn may_hold_user_objects(value: Value) -> bool {
    value.may_compare_by_python()
        || matches!(
            crate::ops::builtin_comparison_value(value)
                .object()
                .map(|o| &o.payload),
            Some(Object::List(_) | Object::Tuple(_) | Object::Dict(_))
        )
}

/// Identity or `==` (CPython's `PyObject_RichCompare(..., Py_EQ)` after
/// the identity shortcut containers take), running user `__eq__`.
pub fn same_or_equal(rt: &mut Runtime, host: &mut dyn Host, a: Value, b: Value) -> PyResult<bool> {
    if a == b && !(a.is_float() && a.as_float().is_nan()) {
        return Ok(true);
    }
    if may_hold_user_objects(a) || may_hold_user_objects(b) {
        return equal(rt, host, a, b);
    }
    Ok(crate::ops::same_or_equal(a, b))
}

/// `item in items` for a list or tuple's items.
pub fn any_equal(
    rt: &mut Runtime,
    host: &mut dyn Host,
    items: &[Value],
    item: Value,
) -> PyResult<bool> {
    if !may_hold_user_objects(item) && !items.iter().any(|x| x.may_compare_by_python()) {
        return Ok(items.iter().any(|x| crate::ops::same_or_equal(*x, item)));
    }
    for x in items {
        if same_or_equal(rt, host, *x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Lexicographic comparison of two lists or two tuples when an item may
/// run user code (`[p] == [q]`, `(1, p) < (1, q)`); `None` otherwise.
fn sequences_with_user_items_compare(
    rt: &mut Runtime,
    host: &mut dyn Host,
    op: ComparisonOperator,
    a: Value,
    b: Value,
) -> PyResult<Option<Value>> {
    let (x, y): (Vec<Value>, Vec<Value>) = match (
        a.object().map(|o| &o.payload),
        b.object().map(|o| &o.payload),
    ) {
        (Some(Object::List(x)), Some(Object::List(y))) => (x.borrow().clone(), y.borrow().clone()),
        (Some(Object::Tuple(x)), Some(Object::Tuple(y))) => (x.to_vec(), y.to_vec()),
        _ => return Ok(None),
    };
    if !x
        .iter()
        .chain(y.iter())
        .any(|v| contains_user_object(*v, 0))
    {
        return Ok(None);
    }
    if matches!(op, ComparisonOperator::Equal | ComparisonOperator::NotEqual) && x.len() != y.len()
    {
        return Ok(Some(Value::bool(op == ComparisonOperator::NotEqual)));
    }
    for (p, q) in x.iter().zip(y.iter()) {
        if !same_or_equal(rt, host, *p, *q)? {
            return match op {
                ComparisonOperator::Equal => Ok(Some(Value::FALSE)),
                ComparisonOperator::NotEqual => Ok(Some(Value::TRUE)),
                _ => match rich_compare(rt, host, op, *p, *q)? {
                    Some(result) => Ok(Some(result)),
                    None => crate::ops::compare(rt, op, *p, *q).map(|r| Some(Value::bool(r))),
                },
            };
        }
    }
    let (m, n) = (x.len(), y.len());
    Ok(Some(Value::bool(match op {
        ComparisonOperator::Less => m < n,
        ComparisonOperator::LessEqual => m <= n,
        ComparisonOperator::Equal => m == n,
        ComparisonOperator::NotEqual => m != n,
        ComparisonOperator::Greater => m > n,
        ComparisonOperator::GreaterEqual => m >= n,
    })))
}

/// Whether `value` is, or holds, a user object. Past a few levels of
/// nested containers the answer is yes for any container: the protocol
/// path is always right, only slower.
fn contains_user_object(value: Value, depth: u32) -> bool {
    if depth > 8 {
        return value.may_compare_by_python()
            || matches!(
                crate::ops::builtin_comparison_value(value)
                    .object()
                    .map(|o| &o.payload),
                Some(Object::List(_) | Object::Tuple(_) | Object::Dict(_))
            );
    }
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(_)) if !value.may_compare_by_python() => {
            // A namedtuple: what its tuple holds (not a level of its own).
            let base = crate::ops::builtin_comparison_value(value);
            base != value && contains_user_object(base, depth)
        }
        Some(Object::Instance(_) | Object::Exception(_)) => true,
        Some(Object::List(items)) => items
            .borrow()
            .iter()
            .any(|v| contains_user_object(*v, depth + 1)),
        Some(Object::Tuple(items)) => items.iter().any(|v| contains_user_object(*v, depth + 1)),
        Some(Object::Dict(d)) => d
            .borrow()
            .iter()
            .any(|(_, v)| contains_user_object(v, depth + 1)),
        _ => false,
    }
}
