//! Instances of user-defined classes: allocation (`object.__new__`) and
//! the instance's own attributes, stored in a values array laid out by a
//! [shape](crate::objects::shape), or in a dict once `__dict__` was taken.

use crate::object::{InstanceObject, Object};
use crate::objects::shape::{BASE_KEY, BASE_SHAPE, DICT_MODE, EMPTY_SHAPE};
use crate::value::Value;
use crate::{Dict, PyResult, Runtime};

/// A new, attribute-less instance of `class`.
pub fn new_instance(rt: &mut Runtime, class: Value) -> Value {
    rt.allocate(Object::Instance(InstanceObject::new(
        class,
        EMPTY_SHAPE,
        Vec::new(),
    )))
}

/// A new instance of a built-in subclass carrying `base` (a list, an int,
/// ...) as its built-in value.
pub fn new_instance_with_base(rt: &mut Runtime, class: Value, base: Value) -> Value {
    // Tables and `==` treat it as its built-in value when the class allows.
    crate::objects::class::refresh_compares_as_builtin(rt, class);
    rt.allocate(Object::Instance(InstanceObject::new(
        class,
        BASE_SHAPE,
        vec![base],
    )))
}

/// The built-in value an instance of a built-in subclass carries.
#[inline]
pub fn base_value(instance: &InstanceObject) -> Option<Value> {
    let shape = instance.shape.get();
    if shape == DICT_MODE {
        // `[dict, base]` once `__dict__` was taken.
        return instance.values.get(1);
    }
    if shape == BASE_SHAPE
        || crate::objects::class::class_data(instance.class)
            .is_some_and(|d| d.builtin_base.is_some())
    {
        return instance.values.get(0);
    }
    None
}

pub fn instance_object(value: Value) -> Option<&'static InstanceObject> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Instance(i)) => Some(i),
        _ => None,
    }
}

/// The instance's own attribute `name` (interned), if set.
#[inline]
pub fn get(rt: &Runtime, instance: &InstanceObject, name: Value) -> Option<Value> {
    let shape = instance.shape.get();
    if shape == DICT_MODE {
        let dict = instance.values.get(0).unwrap_or(Value::NONE);
        let key = rt.key_of_str(name)?;
        return match dict.object().map(|o| &o.payload) {
            Some(Object::Dict(d)) => d.borrow().get(key),
            _ => None,
        };
    }
    let index = rt.shapes.index_of(shape, name)?;
    instance.values.get(index)
}

/// Sets the instance's own attribute `name` (interned).
pub fn set(rt: &mut Runtime, instance: &InstanceObject, name: Value, value: Value) -> PyResult<()> {
    let shape = instance.shape.get();
    if shape == DICT_MODE {
        let dict = instance.values.get(0).unwrap_or(Value::NONE);
        let key = rt.key(name)?;
        if let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload) {
            d.borrow_mut().insert(key, value);
        }
        return Ok(());
    }
    if let Some(index) = rt.shapes.index_of(shape, name) {
        instance.set_value(index, value);
        return Ok(());
    }
    match rt.shapes.with_added(shape, name) {
        Some(next) => {
            instance.push_value(value);
            instance.shape.set(next);
        }
        None => {
            let dict = to_dict_mode(rt, instance);
            let key = rt.key(name)?;
            if let Some(Object::Dict(d)) = dict.object().map(|o| &o.payload) {
                d.borrow_mut().insert(key, value);
            }
        }
    }
    Ok(())
}

/// Deletes the instance's own attribute `name`; false when it is not set.
pub fn delete(rt: &mut Runtime, instance: &InstanceObject, name: Value) -> PyResult<bool> {
    let shape = instance.shape.get();
    if shape == DICT_MODE {
        let dict = instance.values.get(0).unwrap_or(Value::NONE);
        let key = rt.key(name)?;
        return Ok(match dict.object().map(|o| &o.payload) {
            Some(Object::Dict(d)) => d.borrow_mut().remove(key).is_some(),
            _ => false,
        });
    }
    let Some(index) = rt.shapes.index_of(shape, name) else {
        return Ok(false);
    };
    let next = rt.shapes.without(shape, index);
    instance.remove_value(index);
    instance.shape.set(next);
    Ok(true)
}

/// The instance's `__dict__`: its attributes move into a dict that stays
/// the instance's storage from then on, so writes through it are seen.
pub fn to_dict_mode(rt: &mut Runtime, instance: &InstanceObject) -> Value {
    let shape = instance.shape.get();
    if shape == DICT_MODE {
        return instance.values.get(0).unwrap_or(Value::NONE);
    }
    let keys: Vec<Value> = rt.shapes.keys(shape).to_vec();
    let values = instance.values.to_vec();
    let mut dict = Dict::with_capacity(keys.len());
    let mut base = None;
    for (k, v) in keys.into_iter().zip(values) {
        if k == BASE_KEY {
            base = Some(v);
        } else if let Some(key) = rt.key_of_str(k) {
            // A shape's names are distinct.
            dict.insert_new(key, v);
        }
    }
    let dict = rt.new_dict(dict);
    let mut storage = vec![dict];
    storage.extend(base);
    instance.replace_values(storage);
    instance.shape.set(DICT_MODE);
    dict
}

/// Replaces the instance's attributes with the items of `dict`
/// (`obj.__dict__ = d`).
pub fn replace_dict(instance: &InstanceObject, dict: Value) {
    let mut storage = vec![dict];
    storage.extend(base_value(instance));
    instance.replace_values(storage);
    instance.shape.set(DICT_MODE);
}

/// The names and values of the instance's own attributes, in order.
pub fn items(rt: &Runtime, instance: &InstanceObject) -> Vec<(Value, Value)> {
    let shape = instance.shape.get();
    if shape == DICT_MODE {
        let dict = instance.values.get(0).unwrap_or(Value::NONE);
        return match dict.object().map(|o| &o.payload) {
            Some(Object::Dict(d)) => d.borrow().iter().collect(),
            _ => Vec::new(),
        };
    }
    rt.shapes
        .keys(shape)
        .iter()
        .copied()
        .zip(instance.values.to_vec())
        .filter(|(k, _)| *k != BASE_KEY)
        .collect()
}

// ---- `object`'s own methods (what `super()` chains end at) ----------------------

use crate::{Host, as_str};

fn receiver(rt: &mut Runtime, args: &[Value], what: &str) -> PyResult<Value> {
    args.first().copied().ok_or_else(|| {
        let message = format!("{what} needs an argument");
        rt.type_error(message)
    })
}

/// `object.__init__(self)`: accepts extra arguments only when the class
/// overrides `__new__` or `__init__` (CPython's rule, simplified to "the
/// class is user-defined").
pub fn object_init(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let this = receiver(rt, args, "object.__init__")?;
    if args.len() > 1 && !crate::protocol::is_user_object(rt, this) {
        return Err(rt.type_error(
            "object.__init__() takes exactly one argument (the instance to initialize)",
        ));
    }
    if args.len() > 1 || !kw.is_empty() {
        let class = rt.type_of(this);
        let overrides_init = crate::objects::class::lookup_user(rt, class, rt.names.dunder_init);
        let new_name = rt.intern_static("__new__");
        let overrides_new = crate::objects::class::lookup_user(rt, class, new_name);
        if overrides_init.is_some() && overrides_new.is_none() || overrides_init.is_none() {
            return Err(rt.type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
    }
    Ok(Value::NONE)
}

/// `object.__new__(cls)`.
pub fn object_new(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let class = receiver(rt, args, "object.__new__")?;
    match crate::types::type_object(class) {
        Some(t) if t.kind == crate::object::TypeKind::Exception => {
            Ok(rt.new_exception(class, args[1..].to_vec()))
        }
        Some(t)
            if matches!(
                t.kind,
                crate::object::TypeKind::Instance | crate::object::TypeKind::Object
            ) =>
        {
            Ok(new_instance(rt, class))
        }
        Some(t) => {
            let message = format!(
                "object.__new__({}) is not safe, use {}.__new__()",
                t.name, t.name
            );
            Err(rt.type_error(message))
        }
        None => {
            let message = format!(
                "object.__new__(X): X is not a type object ({})",
                rt.type_name(class)
            );
            Err(rt.type_error(message))
        }
    }
}

fn attribute_argument(
    rt: &mut Runtime,
    args: &[Value],
    count: usize,
    what: &str,
) -> PyResult<Value> {
    if args.len() != count {
        let message = format!(
            "{what} expected {} arguments, got {}",
            count - 1,
            args.len().saturating_sub(1)
        );
        return Err(rt.type_error(message));
    }
    match as_str(args[1]) {
        Some(text) => Ok(rt.intern(text)),
        None => {
            let message = format!(
                "attribute name must be string, not '{}'",
                rt.type_name(args[1])
            );
            Err(rt.type_error(message))
        }
    }
}

pub fn object_setattr(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let name = attribute_argument(rt, args, 3, "__setattr__")?;
    crate::protocol::generic_set_attribute(rt, host, args[0], name, Some(args[2]))?;
    Ok(Value::NONE)
}

pub fn object_delattr(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let name = attribute_argument(rt, args, 2, "__delattr__")?;
    crate::protocol::generic_set_attribute(rt, host, args[0], name, None)?;
    Ok(Value::NONE)
}

pub fn object_getattribute(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let name = attribute_argument(rt, args, 2, "__getattribute__")?;
    let class = rt.type_of(args[0]);
    match crate::protocol::generic_get_attribute(rt, host, args[0], class, name)? {
        Some(v) => Ok(v),
        None => {
            let message = format!(
                "'{}' object has no attribute '{}'",
                rt.type_name(args[0]),
                as_str(name).unwrap_or("?")
            );
            Err(rt.attribute_error(message))
        }
    }
}

pub fn object_eq(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    if args.len() != 2 {
        return Err(rt.type_error("expected 1 argument"));
    }
    Ok(if args[0] == args[1] {
        Value::TRUE
    } else {
        Value::NOT_IMPLEMENTED
    })
}

pub fn object_ne(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    if args.len() != 2 {
        return Err(rt.type_error("expected 1 argument"));
    }
    match crate::protocol::special(rt, args[0], "__eq__") {
        Some(eq) => {
            let result = crate::protocol::call_special(rt, host, eq, args[0], &[args[1]])?;
            if result == Value::NOT_IMPLEMENTED {
                return Ok(result);
            }
            Ok(Value::bool(!crate::protocol::truthy(rt, host, result)?))
        }
        None => Ok(if args[0] == args[1] {
            Value::FALSE
        } else {
            Value::NOT_IMPLEMENTED
        }),
    }
}

pub fn object_hash(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let this = receiver(rt, args, "object.__hash__")?;
    Ok(rt.new_int(crate::ops::identity_hash(this)))
}

pub fn object_repr(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let this = receiver(rt, args, "object.__repr__")?;
    let class = rt.type_of(this);
    let name = crate::repr::class_path(rt, class);
    let text = format!("<{name} object at 0x{:x}>", this.bits() & 0xffff_ffff_ffff);
    Ok(rt.new_string(text))
}

pub fn object_str(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let this = receiver(rt, args, "object.__str__")?;
    let text = crate::protocol::repr(rt, host, this)?;
    Ok(rt.new_string(text))
}

/// `object.__init_subclass__(cls)`: does nothing, takes no keywords.
pub fn object_init_subclass(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    if !kw.is_empty() || args.len() > 1 {
        let class = args.first().copied().unwrap_or(Value::NONE);
        let name = crate::types::type_object(class).map_or("object", |t| t.name);
        let message = format!("{name}.__init_subclass__() takes no keyword arguments");
        return Err(rt.type_error(message));
    }
    Ok(Value::NONE)
}

/// `copyreg.__newobj__(cls, *args)`: `cls.__new__(cls, *args)`, what
/// `__reduce_ex__` tells `copy` and `pickle` to call.
pub fn object_newobj(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let class = receiver(rt, args, "__newobj__")?;
    let new_name = rt.names.dunder_new;
    let new = crate::protocol::get_attribute(rt, host, class, new_name)?;
    rt.call(host, new, args, kw)
}

/// `object.__reduce_ex__(protocol)`: `(copyreg.__newobj__, (cls, *args),
/// state, listitems, dictitems)` for an instance of a user class, where
/// state is its attribute dict (or None) and the iterators carry a list
/// or dict base's items.
pub fn object_reduce_ex(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let this = receiver(rt, args, "object.__reduce_ex__")?;
    let Some(Object::Instance(instance)) = this.object().map(|o| &o.payload) else {
        let message = format!("cannot pickle '{}' object", rt.type_name(this));
        return Err(rt.type_error(message));
    };
    let class = instance.class;
    let mut new_args = vec![class];
    let base = base_value(instance);
    let getnewargs = rt.intern_static("__getnewargs__");
    if let Some(method) = crate::objects::class::lookup_user(rt, class, getnewargs) {
        let extra = crate::protocol::call_special(rt, host, method, this, &[])?;
        new_args.extend(crate::ops::iterate(rt, host, extra)?);
    } else if let Some(base) = base
        && !matches!(
            base.object().map(|o| &o.payload),
            Some(Object::List(_) | Object::Dict(_) | Object::Set(_))
        )
    {
        new_args.push(base);
    }
    let attributes: Vec<(Value, Value)> = items(rt, instance)
        .into_iter()
        .filter(|(k, _)| *k != crate::objects::shape::BASE_KEY)
        .collect();
    let state = if attributes.is_empty() {
        Value::NONE
    } else {
        let mut dict = crate::Dict::new();
        for (key, value) in attributes {
            let key = rt.key(key)?;
            dict.insert(key, value);
        }
        rt.new_dict(dict)
    };
    let (list_items, dict_items) = match base.map(|b| (b, b.object().map(|o| &o.payload))) {
        Some((b, Some(Object::List(_)))) => (crate::ops::get_iter(rt, b)?, Value::NONE),
        Some((b, Some(Object::Dict(_)))) => {
            let view = rt.allocate(Object::DictView(crate::object::DictViewObject {
                dict: b,
                kind: crate::object::DictViewKind::Items,
            }));
            (Value::NONE, crate::ops::get_iter(rt, view)?)
        }
        _ => (Value::NONE, Value::NONE),
    };
    let newobj = rt.new_native("__newobj__", object_newobj);
    let new_args = rt.new_tuple(new_args);
    Ok(rt.new_tuple(vec![newobj, new_args, state, list_items, dict_items]))
}
