//! The built-in type objects, including the exception hierarchy.

use std::collections::HashMap;

use crate::heap::Heap;
use crate::object::{Object, TypeKind, TypeObject};
use crate::value::Value;

/// Every built-in type object, allocated once at start-up.
pub struct BuiltinTypes {
    pub object: Value,
    pub type_: Value,
    pub none: Value,
    pub bool: Value,
    pub int: Value,
    pub float: Value,
    pub str: Value,
    pub list: Value,
    pub tuple: Value,
    pub dict: Value,
    pub set: Value,
    pub frozenset: Value,
    pub range: Value,
    pub slice: Value,
    pub function: Value,
    pub builtin_function: Value,
    pub method: Value,
    pub code: Value,
    pub cell: Value,
    pub dict_keys: Value,
    pub dict_values: Value,
    pub dict_items: Value,
    pub ellipsis: Value,
    pub not_implemented: Value,
    pub module: Value,
    pub generator: Value,
    pub staticmethod: Value,
    pub classmethod: Value,
    pub property: Value,
    pub super_: Value,
    iterators: HashMap<&'static str, Value>,
    // Exceptions.
    pub base_exception: Value,
    pub exception: Value,
    pub system_exit: Value,
    pub keyboard_interrupt: Value,
    pub stop_iteration: Value,
    pub arithmetic_error: Value,
    pub zero_division_error: Value,
    pub overflow_error: Value,
    pub assertion_error: Value,
    pub attribute_error: Value,
    pub lookup_error: Value,
    pub index_error: Value,
    pub key_error: Value,
    pub name_error: Value,
    pub unbound_local_error: Value,
    pub runtime_error: Value,
    pub recursion_error: Value,
    pub not_implemented_error: Value,
    pub type_error: Value,
    pub value_error: Value,
    pub memory_error: Value,
    pub import_error: Value,
    pub module_not_found_error: Value,
    pub eof_error: Value,
    pub os_error: Value,
    pub generator_exit: Value,
    pub connection_error: Value,
    pub broken_pipe_error: Value,
    pub unicode_error: Value,
    pub syntax_error: Value,
    /// Exception types by name, for the builtins namespace.
    pub exception_types: Vec<(&'static str, Value)>,
    /// Non-exception types exposed as builtins.
    pub named_types: Vec<(&'static str, Value)>,
}

fn make(heap: &mut Heap, name: &'static str, base: Option<Value>, kind: TypeKind) -> Value {
    heap.allocate(Object::Type(Box::new(TypeObject {
        name,
        base,
        kind,
        class: None,
    })))
}

impl BuiltinTypes {
    /// The built-in exception type named `name` (`"PermissionError"`).
    pub fn exception_named(&self, name: &str) -> Option<Value> {
        self.exception_types
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }

    pub fn new(heap: &mut Heap) -> BuiltinTypes {
        let object = make(heap, "object", None, TypeKind::Object);
        let mut t = |name: &'static str, kind: TypeKind| make(heap, name, Some(object), kind);
        let type_ = t("type", TypeKind::Type);
        let none = t("NoneType", TypeKind::NoneType);
        let int = t("int", TypeKind::Int);
        let float = t("float", TypeKind::Float);
        let str = t("str", TypeKind::Str);
        let list = t("list", TypeKind::List);
        let tuple = t("tuple", TypeKind::Tuple);
        let dict = t("dict", TypeKind::Dict);
        let set = t("set", TypeKind::Set);
        let frozenset = t("frozenset", TypeKind::FrozenSet);
        let range = t("range", TypeKind::Range);
        let slice = t("slice", TypeKind::Slice);
        let function = t("function", TypeKind::Function);
        let builtin_function = t("builtin_function_or_method", TypeKind::BuiltinFunction);
        let method = t("method", TypeKind::Method);
        let code = t("code", TypeKind::Code);
        let cell = t("cell", TypeKind::Cell);
        let dict_keys = t("dict_keys", TypeKind::DictView);
        let dict_values = t("dict_values", TypeKind::DictView);
        let dict_items = t("dict_items", TypeKind::DictView);
        let ellipsis = t("ellipsis", TypeKind::Ellipsis);
        let not_implemented = t("NotImplementedType", TypeKind::NotImplemented);
        let module = t("module", TypeKind::Module);
        let generator = t("generator", TypeKind::Generator);
        let staticmethod = t("staticmethod", TypeKind::StaticMethod);
        let classmethod = t("classmethod", TypeKind::ClassMethod);
        let property = t("property", TypeKind::Property);
        let super_ = t("super", TypeKind::Super);
        let mut iterators = HashMap::new();
        for name in [
            "iterator",
            "range_iterator",
            "str_ascii_iterator",
            "dict_keyiterator",
            "set_iterator",
            "reversed",
            "enumerate",
            "zip",
            "map",
            "filter",
        ] {
            iterators.insert(name, t(name, TypeKind::Iterator));
        }
        let bool = make(heap, "bool", Some(int), TypeKind::Bool);

        let mut exception_types = Vec::new();
        let mut e = |name: &'static str, base: Value| {
            let v = make(heap, name, Some(base), TypeKind::Exception);
            exception_types.push((name, v));
            v
        };
        let base_exception = e("BaseException", object);
        let exception = e("Exception", base_exception);
        let system_exit = e("SystemExit", base_exception);
        let keyboard_interrupt = e("KeyboardInterrupt", base_exception);
        let stop_iteration = e("StopIteration", exception);
        let arithmetic_error = e("ArithmeticError", exception);
        let zero_division_error = e("ZeroDivisionError", arithmetic_error);
        let overflow_error = e("OverflowError", arithmetic_error);
        let assertion_error = e("AssertionError", exception);
        let attribute_error = e("AttributeError", exception);
        let lookup_error = e("LookupError", exception);
        let index_error = e("IndexError", lookup_error);
        let key_error = e("KeyError", lookup_error);
        let name_error = e("NameError", exception);
        let unbound_local_error = e("UnboundLocalError", name_error);
        let runtime_error = e("RuntimeError", exception);
        let recursion_error = e("RecursionError", runtime_error);
        let not_implemented_error = e("NotImplementedError", runtime_error);
        let type_error = e("TypeError", exception);
        let value_error = e("ValueError", exception);
        let memory_error = e("MemoryError", exception);
        let import_error = e("ImportError", exception);
        let module_not_found_error = e("ModuleNotFoundError", import_error);
        let eof_error = e("EOFError", exception);
        let os_error = e("OSError", exception);
        let generator_exit = e("GeneratorExit", base_exception);
        let connection_error = e("ConnectionError", os_error);
        let broken_pipe_error = e("BrokenPipeError", connection_error);
        let unicode_error = e("UnicodeError", value_error);
        let syntax_error = e("SyntaxError", exception);
        let indentation_error = e("IndentationError", syntax_error);
        e("TabError", indentation_error);
        e("UnicodeDecodeError", unicode_error);
        e("UnicodeEncodeError", unicode_error);
        e("UnicodeTranslateError", unicode_error);
        for name in [
            "ConnectionAbortedError",
            "ConnectionRefusedError",
            "ConnectionResetError",
        ] {
            e(name, connection_error);
        }
        for name in [
            "FileNotFoundError",
            "FileExistsError",
            "PermissionError",
            "IsADirectoryError",
            "NotADirectoryError",
            "TimeoutError",
            "InterruptedError",
            "BlockingIOError",
            "ChildProcessError",
            "ProcessLookupError",
        ] {
            e(name, os_error);
        }
        e("FloatingPointError", arithmetic_error);
        e("BufferError", exception);
        e("ReferenceError", exception);
        e("SystemError", exception);
        let warning = e("Warning", exception);
        for name in [
            "UserWarning",
            "DeprecationWarning",
            "PendingDeprecationWarning",
            "SyntaxWarning",
            "RuntimeWarning",
            "FutureWarning",
            "ImportWarning",
            "UnicodeWarning",
            "BytesWarning",
            "ResourceWarning",
            "EncodingWarning",
        ] {
            e(name, warning);
        }
        let named_types = vec![
            ("object", object),
            ("type", type_),
            ("int", int),
            ("float", float),
            ("bool", bool),
            ("str", str),
            ("list", list),
            ("tuple", tuple),
            ("dict", dict),
            ("set", set),
            ("frozenset", frozenset),
            ("range", range),
            ("slice", slice),
            ("enumerate", iterators["enumerate"]),
            ("zip", iterators["zip"]),
            ("map", iterators["map"]),
            ("filter", iterators["filter"]),
            ("reversed", iterators["reversed"]),
            ("staticmethod", staticmethod),
            ("classmethod", classmethod),
            ("property", property),
            ("super", super_),
        ];
        BuiltinTypes {
            object,
            type_,
            none,
            bool,
            int,
            float,
            str,
            list,
            tuple,
            dict,
            set,
            frozenset,
            range,
            slice,
            function,
            builtin_function,
            method,
            code,
            cell,
            dict_keys,
            dict_values,
            dict_items,
            ellipsis,
            not_implemented,
            module,
            generator,
            staticmethod,
            classmethod,
            property,
            super_,
            iterators,
            base_exception,
            exception,
            system_exit,
            keyboard_interrupt,
            stop_iteration,
            arithmetic_error,
            zero_division_error,
            overflow_error,
            assertion_error,
            attribute_error,
            lookup_error,
            index_error,
            key_error,
            name_error,
            unbound_local_error,
            runtime_error,
            recursion_error,
            not_implemented_error,
            type_error,
            value_error,
            memory_error,
            import_error,
            module_not_found_error,
            eof_error,
            os_error,
            generator_exit,
            connection_error,
            broken_pipe_error,
            unicode_error,
            syntax_error,
            exception_types,
            named_types,
        }
    }

    pub fn iterator_type(&self, name: &str) -> Value {
        self.iterators
            .get(name)
            .copied()
            .unwrap_or(self.iterators["iterator"])
    }

    /// Every type object (GC roots).
    pub fn all(&self) -> impl Iterator<Item = Value> + '_ {
        self.named_types
            .iter()
            .chain(self.exception_types.iter())
            .map(|(_, v)| *v)
            .chain(self.iterators.values().copied())
            .chain([
                self.none,
                self.function,
                self.builtin_function,
                self.method,
                self.code,
                self.cell,
                self.dict_keys,
                self.dict_values,
                self.dict_items,
                self.ellipsis,
                self.not_implemented,
                self.module,
                self.generator,
            ])
    }
}

/// The type object behind a value, if it is one.
#[inline]
pub fn type_object(value: Value) -> Option<&'static TypeObject> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Type(t)) => Some(t),
        _ => None,
    }
}
