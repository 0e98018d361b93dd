//! Attribute lookup on built-in objects, and the method table: every
//! built-in type's methods, registered by (type kind, name). The methods
//! themselves live with their type in [`crate::objects`].
//!
//! Methods are native functions taking the receiver as their first
//! argument; they live in a table keyed by (type kind, interned name), so
//! a method call (`LOAD_ATTR` with the method flag, then `CALL`) never
//! allocates a bound method.

use crate::object::{BoundMethodObject, NativeFn, NativeFunctionObject, Object, TypeKind};
use crate::objects::int::as_int;
use crate::objects::{
    dict::*, exception::*, float::*, generator::*, int::*, list::*, range::*, set::*, string::*,
};
use crate::types::type_object;
use crate::value::Value;
use crate::{PyResult, Runtime, as_str};

type Method = (TypeKind, &'static str, NativeFn);

/// Registers every method descriptor.
pub fn install(rt: &mut Runtime) {
    let table: &[Method] = &[
        // str
        (TypeKind::Str, "join", str_join),
        (TypeKind::Str, "split", str_split),
        (TypeKind::Str, "rsplit", str_rsplit),
        (TypeKind::Str, "strip", str_strip),
        (TypeKind::Str, "lstrip", str_lstrip),
        (TypeKind::Str, "rstrip", str_rstrip),
        (TypeKind::Str, "replace", str_replace),
        (TypeKind::Str, "startswith", str_startswith),
        (TypeKind::Str, "endswith", str_endswith),
        (TypeKind::Str, "find", str_find),
        (TypeKind::Str, "rfind", str_rfind),
        (TypeKind::Str, "index", str_index),
        (TypeKind::Str, "rindex", str_rindex),
        (TypeKind::Str, "count", str_count),
        (TypeKind::Str, "upper", str_upper),
        (TypeKind::Str, "lower", str_lower),
        (TypeKind::Str, "capitalize", str_capitalize),
        (TypeKind::Str, "title", str_title),
        (TypeKind::Str, "swapcase", str_swapcase),
        (TypeKind::Str, "isdigit", str_isdigit),
        (TypeKind::Str, "isnumeric", str_isnumeric),
        (TypeKind::Str, "isdecimal", str_isdecimal),
        (TypeKind::Str, "isprintable", str_isprintable),
        (TypeKind::Str, "isascii", str_isascii),
        (TypeKind::Str, "isalpha", str_isalpha),
        (TypeKind::Str, "isalnum", str_isalnum),
        (TypeKind::Str, "isspace", str_isspace),
        (TypeKind::Str, "isupper", str_isupper),
        (TypeKind::Str, "islower", str_islower),
        (TypeKind::Str, "isidentifier", str_isidentifier),
        (TypeKind::Str, "istitle", str_istitle),
        (TypeKind::Str, "casefold", str_casefold),
        (TypeKind::Str, "format", str_format),
        (TypeKind::Str, "center", str_center),
        (TypeKind::Str, "ljust", str_ljust),
        (TypeKind::Str, "rjust", str_rjust),
        (TypeKind::Str, "zfill", str_zfill),
        (TypeKind::Str, "splitlines", str_splitlines),
        (TypeKind::Str, "partition", str_partition),
        (TypeKind::Str, "rpartition", str_rpartition),
        (TypeKind::Str, "removeprefix", str_removeprefix),
        (TypeKind::Str, "removesuffix", str_removesuffix),
        // list
        (TypeKind::List, "append", list_append),
        (TypeKind::List, "extend", list_extend),
        (TypeKind::List, "insert", list_insert),
        (TypeKind::List, "pop", list_pop),
        (TypeKind::List, "remove", list_remove),
        (TypeKind::List, "index", sequence_index),
        (TypeKind::List, "count", sequence_count),
        (TypeKind::List, "sort", list_sort),
        (TypeKind::List, "reverse", list_reverse),
        (TypeKind::List, "clear", list_clear),
        (TypeKind::List, "copy", list_copy),
        // tuple
        (TypeKind::Tuple, "index", sequence_index),
        (TypeKind::Tuple, "count", sequence_count),
        // dict
        (TypeKind::Dict, "get", dict_get),
        (TypeKind::Dict, "keys", dict_keys),
        (TypeKind::Dict, "values", dict_values),
        (TypeKind::Dict, "items", dict_items),
        (TypeKind::Dict, "pop", dict_pop),
        (TypeKind::Dict, "popitem", dict_popitem),
        (TypeKind::Dict, "setdefault", dict_setdefault),
        (TypeKind::Dict, "update", dict_update),
        (TypeKind::Dict, "clear", dict_clear),
        (TypeKind::Dict, "copy", dict_copy),
        // set and frozenset
        (TypeKind::Set, "add", set_add),
        (TypeKind::Set, "remove", set_remove),
        (TypeKind::Set, "discard", set_discard),
        (TypeKind::Set, "pop", set_pop),
        (TypeKind::Set, "clear", set_clear),
        (TypeKind::Set, "update", set_update),
        (
            TypeKind::Set,
            "intersection_update",
            set_intersection_update,
        ),
        (TypeKind::Set, "difference_update", set_difference_update),
        (
            TypeKind::Set,
            "symmetric_difference_update",
            set_symmetric_difference_update,
        ),
        (TypeKind::Set, "copy", set_copy),
        (TypeKind::Set, "union", set_union),
        (TypeKind::Set, "intersection", set_intersection),
        (TypeKind::Set, "difference", set_difference),
        (
            TypeKind::Set,
            "symmetric_difference",
            set_symmetric_difference,
        ),
        (TypeKind::Set, "issubset", set_issubset),
        (TypeKind::Set, "issuperset", set_issuperset),
        (TypeKind::Set, "isdisjoint", set_isdisjoint),
        (TypeKind::FrozenSet, "copy", set_copy),
        (TypeKind::FrozenSet, "union", set_union),
        (TypeKind::FrozenSet, "intersection", set_intersection),
        (TypeKind::FrozenSet, "difference", set_difference),
        (
            TypeKind::FrozenSet,
            "symmetric_difference",
            set_symmetric_difference,
        ),
        (TypeKind::FrozenSet, "issubset", set_issubset),
        (TypeKind::FrozenSet, "issuperset", set_issuperset),
        (TypeKind::FrozenSet, "isdisjoint", set_isdisjoint),
        // numbers
        (TypeKind::Int, "bit_length", int_bit_length),
        (TypeKind::Bool, "bit_length", int_bit_length),
        (TypeKind::Float, "is_integer", float_is_integer),
        (TypeKind::Float, "as_integer_ratio", float_as_integer_ratio),
        (TypeKind::Int, "as_integer_ratio", int_as_integer_ratio),
        (TypeKind::Bool, "as_integer_ratio", int_as_integer_ratio),
        (TypeKind::Int, "bit_count", int_bit_count),
        (TypeKind::Bool, "bit_count", int_bit_count),
        (TypeKind::Int, "conjugate", number_conjugate),
        (TypeKind::Bool, "conjugate", number_conjugate),
        (TypeKind::Float, "conjugate", number_conjugate),
        (TypeKind::Range, "index", range_index),
        (TypeKind::Range, "count", range_count),
        (TypeKind::Str, "expandtabs", str_expandtabs),
        (TypeKind::Generator, "send", generator_send),
        (TypeKind::Generator, "close", generator_close),
        (TypeKind::Generator, "throw", generator_throw),
        (
            TypeKind::Property,
            "getter",
            crate::objects::descriptor::PROPERTY_METHODS[0].1,
        ),
        (
            TypeKind::Property,
            "setter",
            crate::objects::descriptor::PROPERTY_METHODS[1].1,
        ),
        (
            TypeKind::Property,
            "deleter",
            crate::objects::descriptor::PROPERTY_METHODS[2].1,
        ),
        (
            TypeKind::Object,
            "__init__",
            crate::objects::instance::object_init,
        ),
        (
            TypeKind::Object,
            "__new__",
            crate::objects::instance::object_new,
        ),
        (
            TypeKind::Object,
            "__setattr__",
            crate::objects::instance::object_setattr,
        ),
        (
            TypeKind::Object,
            "__getattribute__",
            crate::objects::instance::object_getattribute,
        ),
        (
            TypeKind::Object,
            "__delattr__",
            crate::objects::instance::object_delattr,
        ),
        (
            TypeKind::Object,
            "__eq__",
            crate::objects::instance::object_eq,
        ),
        (
            TypeKind::Object,
            "__ne__",
            crate::objects::instance::object_ne,
        ),
        (
            TypeKind::Object,
            "__hash__",
            crate::objects::instance::object_hash,
        ),
        (
            TypeKind::Object,
            "__repr__",
            crate::objects::instance::object_repr,
        ),
        (
            TypeKind::Object,
            "__str__",
            crate::objects::instance::object_str,
        ),
        (
            TypeKind::Object,
            "__reduce_ex__",
            crate::objects::instance::object_reduce_ex,
        ),
        (
            TypeKind::Exception,
            "__init__",
            crate::objects::exception::exception_init,
        ),
        (
            TypeKind::Exception,
            "add_note",
            crate::objects::exception::exception_add_note,
        ),
        (
            TypeKind::Exception,
            "with_traceback",
            crate::objects::exception::exception_with_traceback,
        ),
        (
            TypeKind::List,
            "__init__",
            crate::objects::class::builtin_type_init,
        ),
        (
            TypeKind::Dict,
            "__init__",
            crate::objects::class::builtin_type_init,
        ),
        (
            TypeKind::Set,
            "__init__",
            crate::objects::class::builtin_type_init,
        ),
        (TypeKind::Type, "__init__", crate::objects::class::type_init),
        (TypeKind::Type, "__call__", crate::objects::class::type_call),
        (TypeKind::Type, "mro", crate::objects::class::type_mro),
        (
            TypeKind::Type,
            "__setattr__",
            crate::objects::class::type_setattr,
        ),
        (
            TypeKind::Type,
            "__delattr__",
            crate::objects::class::type_delattr,
        ),
        (
            TypeKind::Type,
            "__subclasses__",
            crate::objects::class::type_subclasses,
        ),
    ];
    // Slot wrappers (`dict.__getitem__`, `int.__add__`) where the table
    // above has no method of that name.
    let slots = crate::objects::slots::table();
    let slots: Vec<Method> = slots
        .into_iter()
        .filter(|(kind, name, _)| !table.iter().any(|(k, n, _)| k == kind && n == name))
        .collect();
    for (kind, name, function) in table.iter().chain(slots.iter()) {
        let owner = match kind {
            TypeKind::Str => rt.types.str,
            TypeKind::List => rt.types.list,
            TypeKind::Tuple => rt.types.tuple,
            TypeKind::Dict => rt.types.dict,
            TypeKind::Set => rt.types.set,
            TypeKind::FrozenSet => rt.types.frozenset,
            TypeKind::Int => rt.types.int,
            TypeKind::Bool => rt.types.bool,
            TypeKind::Generator => rt.types.generator,
            TypeKind::Range => rt.types.range,
            TypeKind::Float => rt.types.float,
            TypeKind::Property => rt.types.property,
            TypeKind::Object => rt.types.object,
            TypeKind::Type => rt.types.type_,
            TypeKind::Exception => rt.types.base_exception,
            other => unreachable!("methods registered for {other:?} need an owner type"),
        };
        let descriptor = rt.allocate(Object::NativeFunction(NativeFunctionObject {
            name,
            function: *function,
            owner: Some(owner),
        }));
        let key = rt.intern(name);
        rt.methods.insert((*kind, key), descriptor);
    }
    // The subclassable built-ins' `__new__` is a static method.
    for kind in [
        TypeKind::Int,
        TypeKind::Float,
        TypeKind::Str,
        TypeKind::Tuple,
        TypeKind::FrozenSet,
        TypeKind::List,
        TypeKind::Dict,
        TypeKind::Set,
    ] {
        let function = rt.new_native("__new__", crate::objects::class::builtin_type_new);
        let descriptor = rt.allocate(Object::StaticMethod(function));
        let key = rt.intern_static("__new__");
        rt.methods.insert((kind, key), descriptor);
    }
    let function = rt.new_native("__new__", crate::objects::class::type_new);
    let descriptor = rt.allocate(Object::StaticMethod(function));
    let key = rt.intern_static("__new__");
    rt.methods.insert((TypeKind::Type, key), descriptor);
    // `object.__init_subclass__` is a class method.
    let function = rt.new_native(
        "__init_subclass__",
        crate::objects::instance::object_init_subclass,
    );
    let descriptor = rt.allocate(Object::ClassMethod(function));
    let key = rt.intern_static("__init_subclass__");
    rt.methods.insert((TypeKind::Object, key), descriptor);
}

pub(crate) fn kind_of(rt: &Runtime, value: Value) -> TypeKind {
    type_object(rt.type_of(value)).map_or(TypeKind::Object, |t| t.kind)
}

/// Looks up a method for a method call: `Some(descriptor)` to be called
/// with the receiver as first argument.
pub fn lookup_method(rt: &Runtime, receiver: Value, name: Value) -> Option<Value> {
    let kind = kind_of(rt, receiver);
    rt.methods.get(&(kind, name)).copied()
}

/// `value.name` for built-in objects.
/// The method descriptor `name` of the type `value` or of its bases, from
/// the built-in method tables (`None` for anything else, and for a value
/// that is not a type). A type's own methods come before its metaclass's
/// (`object.__new__` is not `type.__new__` bound to `object`).
pub fn type_descriptor(rt: &Runtime, value: Value, name: Value) -> Option<Value> {
    let mut class = Some(value);
    while let Some(t) = class.and_then(type_object) {
        // Mutable containers are unhashable: `list.__hash__ is None`.
        if matches!(t.kind, TypeKind::List | TypeKind::Dict | TypeKind::Set)
            && as_str(name) == Some("__hash__")
        {
            return Some(Value::NONE);
        }
        if let Some(descriptor) = rt.methods.get(&(t.kind, name)).copied() {
            return Some(descriptor);
        }
        class = t.base;
    }
    None
}

/// A direct-mapped cache of [`type_descriptor`]'s answers for built-in
/// types (`getattr(tuple, "__repr__")`, `r is int.__repr__`): a built-in
/// type's attributes never change, and both the key's name (an interned
/// str) and the descriptor (in the method tables) live as long as the
/// runtime, so an entry never goes stale and needs no tracing.
pub struct BuiltinTypeAttributes {
    entries: Box<[(Value, Value, Value)]>,
}

impl BuiltinTypeAttributes {
    const SIZE: usize = 256;

    pub fn new() -> BuiltinTypeAttributes {
        BuiltinTypeAttributes {
            entries: vec![(Value::NULL, Value::NULL, Value::NULL); Self::SIZE].into_boxed_slice(),
        }
    }

    fn slot(class: Value, name: Value) -> usize {
        (((class.bits() >> 4) ^ (name.bits() >> 3)) as usize) & (Self::SIZE - 1)
    }

    #[inline]
    pub fn get(&self, class: Value, name: Value) -> Option<Value> {
        let (c, n, found) = self.entries[Self::slot(class, name)];
        (c == class && n == name).then_some(found)
    }

    /// Remembers `found` for a built-in `class` and an interned `name`.
    pub fn insert(&mut self, class: Value, name: Value, found: Value) {
        self.entries[Self::slot(class, name)] = (class, name, found);
    }
}

impl Default for BuiltinTypeAttributes {
    fn default() -> Self {
        Self::new()
    }
}

pub fn get_attribute(rt: &mut Runtime, value: Value, name: Value) -> PyResult<Value> {
    if let Some(descriptor) = type_descriptor(rt, value, name) {
        return Ok(descriptor);
    }
    if let Some(method) = lookup_method(rt, value, name) {
        return Ok(rt.allocate(Object::BoundMethod(BoundMethodObject {
            receiver: value,
            function: method,
        })));
    }
    let attribute = as_str(name).unwrap_or("");
    if let Some(t) = type_object(value) {
        if let Some(descriptor) = rt.methods.get(&(t.kind, name)).copied() {
            return Ok(descriptor);
        }
        if t.kind == TypeKind::Dict && attribute == "fromkeys" {
            return Ok(rt.new_native("fromkeys", dict_fromkeys));
        }
    }
    let found = match value.object().map(|o| &o.payload) {
        Some(Object::Exception(e)) if attribute == "args" => Some(e.borrow().args),
        Some(Object::Exception(e))
            if matches!(attribute, "value" | "code" | "errno" | "strerror") =>
        {
            exception_field(rt, value, e.borrow().args, attribute)
        }
        Some(Object::Exception(e)) if attribute == "__context__" || attribute == "__cause__" => {
            let e = e.borrow();
            Some(if attribute == "__cause__" {
                e.cause
            } else {
                e.context
            })
        }
        Some(Object::Function(_)) => crate::objects::function::get_attribute(rt, value, attribute)?,
        Some(Object::Generator(g)) => {
            let g = g.borrow();
            match attribute {
                "__name__" => Some(g.name),
                // The function's, as CPython takes it when the generator
                // is made.
                "__qualname__" => match g.function.object().map(|o| &o.payload) {
                    Some(Object::Function(f)) => Some(f.qualname.get()),
                    _ => Some(g.name),
                },
                "gi_running" => Some(Value::bool(
                    g.status == crate::object::GeneratorStatus::Running,
                )),
                "gi_code" => Some(g.code),
                _ => None,
            }
        }
        Some(Object::NativeFunction(f)) if attribute == "__name__" => Some(rt.new_str(f.name)),
        Some(Object::Type(t)) if attribute == "__name__" => Some(rt.new_str(t.name)),
        Some(Object::BigRange(r)) => match attribute {
            "start" => Some(rt.new_bigint(r.start.clone())),
            "stop" => Some(rt.new_bigint(r.stop.clone())),
            "step" => Some(rt.new_bigint(r.step.clone())),
            _ => None,
        },
        Some(Object::Range(r)) => match attribute {
            "start" => Some(rt.new_int(r.start)),
            "stop" => Some(rt.new_int(r.stop)),
            "step" => Some(rt.new_int(r.step)),
            _ => None,
        },
        Some(Object::Slice(s)) => match attribute {
            "start" => Some(s.start),
            "stop" => Some(s.stop),
            "step" => Some(s.step),
            _ => None,
        },
        Some(Object::Module(m)) => {
            let key = rt.key(name)?;
            match m.dict.object().map(|o| &o.payload) {
                Some(Object::Dict(d)) => d.borrow().get(key),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(v) = found {
        return Ok(v);
    }
    if attribute == "__class__" {
        return Ok(rt.type_of(value));
    }
    if as_int(value).is_some() || value.is_float() {
        match attribute {
            "real" => return Ok(value),
            "numerator" if !value.is_float() => return Ok(value),
            "denominator" if !value.is_float() => return Ok(Value::small_int(1)),
            "imag" => {
                return Ok(if value.is_float() {
                    Value::float(0.0)
                } else {
                    Value::small_int(0)
                });
            }
            _ => {}
        }
    }
    let message = match type_object(value) {
        Some(t) => format!("type object '{}' has no attribute '{attribute}'", t.name),
        None => match value.object().map(|o| &o.payload) {
            Some(Object::Module(m)) => {
                format!(
                    "module '{}' has no attribute '{attribute}'",
                    as_str(m.name).unwrap_or("?")
                )
            }
            _ => format!(
                "'{}' object has no attribute '{attribute}'",
                rt.type_name(value)
            ),
        },
    };
    Err(rt.attribute_error(message))
}

// ---- argument helpers ---------------------------------------------------------------

pub(crate) fn receiver_str(args: &[Value]) -> &'static str {
    args.first().and_then(|v| as_str(*v)).unwrap_or("")
}

/// [`search_range`] of the receiver `str` (`args[0]`) for the optional
/// `start`/`end` arguments at `args[2]` and `args[3]`.
pub(crate) fn receiver_search_range(
    rt: &mut Runtime,
    args: &[Value],
) -> PyResult<Option<(usize, usize)>> {
    search_range(
        rt,
        receiver_str(args),
        receiver_is_ascii(args),
        args.get(2).copied(),
        args.get(3).copied(),
    )
}

/// Is the receiver `str` all ASCII (character and byte offsets agree)?
/// Read from the object, which knows its character count: no scan.
pub(crate) fn receiver_is_ascii(args: &[Value]) -> bool {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::Str(s)) => s.char_count == s.text.len(),
        _ => false,
    }
}

pub(crate) fn str_arg(
    rt: &mut Runtime,
    value: Value,
    method: &str,
    position: usize,
) -> PyResult<&'static str> {
    match as_str(value) {
        Some(s) => Ok(s),
        None => {
            let message = format!(
                "{method}() argument {position} must be str, not {}",
                rt.type_name(value)
            );
            Err(rt.type_error(message))
        }
    }
}

/// Checks a method call's argument count (the receiver excluded) and that
/// no keyword arguments were given.
#[inline]
pub(crate) fn arity(
    rt: &mut Runtime,
    method: &str,
    args: &[Value],
    kw: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    let given = args.len().wrapping_sub(1);
    if kw.is_empty() && given >= min && given <= max {
        return Ok(());
    }
    arity_error(rt, method, args, kw, min, max)
}

/// The error [`arity`] raises, worded as CPython words it.
#[cold]
#[inline(never)]
fn arity_error(
    rt: &mut Runtime,
    method: &str,
    args: &[Value],
    kw: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    let given = args.len().saturating_sub(1);
    if !kw.is_empty() {
        let message = format!("{method}() takes no keyword arguments");
        return Err(rt.type_error(message));
    }
    if given < min || given > max {
        // CPython names fixed-arity methods with their type (`str.upper()`).
        let qualified = if method.contains('.') {
            method.to_string()
        } else {
            format!(
                "{}.{method}",
                args.first().map_or("object", |r| rt.type_name(*r))
            )
        };
        // Some str methods word their errors the old way (`takes at least
        // N argument(s) (M given)`); the rest say `expected ..., got M`.
        let old_style = args.first().is_some_and(|r| as_str(*r).is_some())
            && matches!(
                method,
                "startswith"
                    | "endswith"
                    | "find"
                    | "rfind"
                    | "index"
                    | "rindex"
                    | "count"
                    | "splitlines"
                    | "expandtabs"
            );
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let message = if min == max {
            match min {
                0 => format!("{qualified}() takes no arguments ({given} given)"),
                1 => format!("{qualified}() takes exactly one argument ({given} given)"),
                _ => format!("{method} expected {min} arguments, got {given}"),
            }
        } else if given < min {
            if old_style {
                format!(
                    "{method}() takes at least {min} argument{} ({given} given)",
                    plural(min)
                )
            } else {
                format!(
                    "{method} expected at least {min} argument{}, got {given}",
                    plural(min)
                )
            }
        } else if old_style {
            format!(
                "{method}() takes at most {max} argument{} ({given} given)",
                plural(max)
            )
        } else {
            format!(
                "{method} expected at most {max} argument{}, got {given}",
                plural(max)
            )
        };
        return Err(rt.type_error(message));
    }
    Ok(())
}

pub(crate) fn char_offset_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

pub(crate) fn byte_to_char_offset(text: &str, byte: usize) -> usize {
    if text.is_ascii() {
        byte
    } else {
        text[..byte].chars().count()
    }
}

/// Resolves optional `start`/`end` arguments into a byte range of `text`
/// as CPython's `ADJUST_INDICES` does: negative indices count from the
/// end, `end` is clamped to the length, ints too large for an index are
/// clamped. `None` when `start` lies past `end` (nothing matches there,
/// not even an empty string).
pub(crate) fn search_range(
    rt: &mut Runtime,
    text: &str,
    ascii: bool,
    start: Option<Value>,
    end: Option<Value>,
) -> PyResult<Option<(usize, usize)>> {
    if ascii && start.is_none() && end.is_none() {
        return Ok(Some((0, text.len())));
    }
    let count = if ascii {
        text.len()
    } else {
        text.chars().count()
    } as i64;
    let mut resolve = |v: Option<Value>, default: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::NONE) => Ok(default),
            Some(v) => match as_int(v).filter(|_| !v.is_float()) {
                Some(i) => {
                    let i = i
                        .to_i64()
                        .unwrap_or(if i.is_negative() { i64::MIN } else { i64::MAX });
                    Ok(if i < 0 {
                        (i.saturating_add(count)).max(0)
                    } else {
                        i
                    })
                }
                None => Err(rt.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            },
        }
    };
    let s = resolve(start, 0)?;
    let e = resolve(end, count)?.min(count);
    if s > e {
        return Ok(None);
    }
    if ascii {
        return Ok(Some((s as usize, e as usize)));
    }
    let s = char_offset_to_byte(text, s as usize);
    let e = char_offset_to_byte(text, e as usize);
    Ok(Some((s, e)))
}
