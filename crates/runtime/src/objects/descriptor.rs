//! The built-in descriptor types user classes lean on: `staticmethod`,
//! `classmethod`, `property` (with its `getter`/`setter`/`deleter`
//! copies) and `super`. How they bind on attribute access is in
//! [`crate::protocol::bind_descriptor`].

use crate::builtins::Arguments;
use crate::object::{Object, PropertyObject, SuperObject};
use crate::objects::class::class_data;
use crate::types::type_object;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

/// `staticmethod(f)` and `classmethod(f)`.
pub fn construct_wrapper(rt: &mut Runtime, a: &Arguments, class_method: bool) -> PyResult<Value> {
    let name = if class_method {
        "classmethod"
    } else {
        "staticmethod"
    };
    a.check_keywords(rt, name, &[])?;
    a.check_count(rt, name, 1, 1)?;
    let function = a.positional[0];
    Ok(rt.allocate(if class_method {
        Object::ClassMethod(function)
    } else {
        Object::StaticMethod(function)
    }))
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
pub fn construct_property(rt: &mut Runtime, a: &Arguments) -> PyResult<Value> {
    a.check_keywords(rt, "property", &["fget", "fset", "fdel", "doc"])?;
    a.check_count(rt, "property", 0, 4)?;
    let argument = |i: usize, name: &str| {
        a.positional
            .get(i)
            .copied()
            .or(a.keyword(name))
            .unwrap_or(Value::NONE)
    };
    Ok(new_property(
        rt,
        argument(0, "fget"),
        argument(1, "fset"),
        argument(2, "fdel"),
        argument(3, "doc"),
        Value::NULL,
    ))
}

fn new_property(
    rt: &mut Runtime,
    getter: Value,
    setter: Value,
    deleter: Value,
    doc: Value,
    name: Value,
) -> Value {
    rt.allocate(Object::Property(Box::new(PropertyObject {
        getter,
        setter,
        deleter,
        doc,
        name: crate::barrier::GcCell::new(name),
    })))
}

/// `property.getter`, `.setter`, `.deleter`: a copy with one function
/// replaced (`@x.setter`).
fn property_copy(rt: &mut Runtime, args: &[Value], which: usize) -> PyResult<Value> {
    let Some(Object::Property(p)) = args.first().and_then(|v| v.object()).map(|o| &o.payload)
    else {
        return Err(rt.type_error("descriptor requires a 'property' object"));
    };
    let Some(function) = args.get(1).copied() else {
        return Err(rt.type_error("property method takes exactly one argument"));
    };
    let (mut getter, mut setter, mut deleter) = (p.getter, p.setter, p.deleter);
    match which {
        0 => getter = function,
        1 => setter = function,
        _ => deleter = function,
    }
    Ok(new_property(
        rt,
        getter,
        setter,
        deleter,
        p.doc,
        p.name.get(),
    ))
}

fn property_getter(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    property_copy(rt, args, 0)
}
fn property_setter(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    property_copy(rt, args, 1)
}
fn property_deleter(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    property_copy(rt, args, 2)
}

/// The methods of `property` objects, for the method table.
pub const PROPERTY_METHODS: &[(&str, crate::object::NativeFn)] = &[
    ("getter", property_getter),
    ("setter", property_setter),
    ("deleter", property_deleter),
];

/// `super(class, object)`. The zero-argument form is compiled into this
/// one (the compiler passes the `__class__` cell's value and the first
/// argument).
pub fn construct_super(rt: &mut Runtime, a: &Arguments) -> PyResult<Value> {
    a.check_keywords(rt, "super", &[])?;
    if a.positional.is_empty() {
        return Err(rt.runtime_error("super(): no arguments"));
    }
    a.check_count(rt, "super", 1, 2)?;
    let class = a.positional[0];
    if type_object(class).is_none() {
        let message = format!(
            "super() argument 1 must be a type, not {}",
            rt.type_name(class)
        );
        return Err(rt.type_error(message));
    }
    let Some(object) = a.positional.get(1).copied() else {
        return Err(rt.not_implemented("super() with one argument is not supported yet"));
    };
    let start_type = if type_object(object).is_some() && rt.is_subtype(object, class) {
        object
    } else {
        let object_type = rt.type_of(object);
        if !rt.is_subtype(object_type, class) {
            return Err(
                rt.type_error("super(type, obj): obj must be an instance or subtype of type")
            );
        }
        object_type
    };
    Ok(rt.allocate(Object::Super(SuperObject {
        class,
        object,
        start_type,
    })))
}

/// `repr()` of a `super` object.
pub fn super_repr(rt: &Runtime, s: &SuperObject) -> String {
    let class_name = type_object(s.class).map_or("?", |t| t.name);
    let start_name = type_object(s.start_type).map_or("?", |t| t.name);
    let _ = (rt, class_data(s.class));
    format!("<super: <class '{class_name}'>, <{start_name} object>>")
}
