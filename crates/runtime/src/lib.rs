//! Copperhead's object model: values, heap objects, the garbage collector,
//! built-in types, functions and methods, and Python's exact semantics for
//! numbers, strings and formatting.
//!
//! This crate owns *what values are and what operations on them mean*. It
//! must never know about frames, bytecode execution or tiers: when a
//! built-in needs to call back into Python code (a `key=` function, `map`),
//! it goes through the [`Host`] trait that the interpreter implements.

pub mod alloc;
pub mod barrier;
pub mod builtins;
pub mod format;
pub mod heap;
pub mod methods;
pub mod object;
pub mod objects;
pub mod ops;
pub mod protocol;
pub mod repr;
pub mod signals;
pub mod sources;
pub mod stdio;
pub mod types;
pub mod unicode;
pub mod value;
pub mod watch;

use crate::objects::tuple::TupleObject;
use std::rc::Rc;

use num_bigint::BigInt;

pub use crate::heap::Heap;
pub use crate::object::{HeapObject, Object};
pub use crate::objects::{
    dict::{Dict, DictKey},
    set::PySet,
};
pub use crate::types::BuiltinTypes;
pub use crate::value::Value;

/// A raised Python exception (the exception object).
#[derive(Clone, Copy, Debug)]
pub struct PyErr(pub Value);

pub type PyResult<T> = Result<T, PyErr>;

/// What the runtime needs from the interpreter: calling Python functions.
pub trait Host {
    /// Calls a Python function object. `args` holds the positional
    /// arguments followed by the values of the keyword arguments named in
    /// `keyword_names` (vectorcall convention).
    fn call_python(
        &mut self,
        runtime: &mut Runtime,
        function: Value,
        args: &[Value],
        keyword_names: &[Value],
    ) -> PyResult<Value>;

    /// Raises `exception` inside a generator at the `yield` where it is
    /// suspended: `Some(value)` when it yields again, `None` when it
    /// returns; the exception itself when the generator lets it out.
    fn throw_into_generator(
        &mut self,
        runtime: &mut Runtime,
        generator: Value,
        exception: Value,
    ) -> PyResult<Option<Value>>;

    /// Runs the body of a `class` statement (a function made from the class
    /// block) with `namespace` as its local variables.
    fn run_class_body(
        &mut self,
        runtime: &mut Runtime,
        body: Value,
        namespace: Value,
    ) -> PyResult<()> {
        let _ = (body, namespace);
        Err(runtime.not_implemented("class bodies cannot run here"))
    }

    /// `__import__(name, globals, None, fromlist, level)`: finds, loads
    /// and runs a module (and its parent packages), as CPython's import
    /// system does.
    fn import(
        &mut self,
        runtime: &mut Runtime,
        name: &str,
        globals: Value,
        fromlist: Value,
        level: u32,
    ) -> PyResult<Value> {
        let _ = (name, globals, fromlist, level);
        Err(runtime.not_implemented("importing from here is not supported yet"))
    }

    /// The Python frame `depth` frames below the current one (0 is the
    /// innermost), for `sys._getframe` and `warnings`.
    fn frame_info(&self, depth: usize) -> Option<FrameInfo> {
        let _ = depth;
        None
    }

    /// The exception being handled now (`sys.exc_info()`), or None.
    fn handled_exception(&self) -> Value {
        Value::NONE
    }

    /// Runs a full collection with every live frame as a root
    /// (`gc.collect()`); returns how many objects were freed.
    fn collect_garbage(&mut self, runtime: &mut Runtime) -> usize {
        let _ = runtime;
        0
    }

    /// Resumes a generator with `sent` as the value of its `yield`:
    /// `Some(value)` when it yields again, `None` when it finishes.
    fn resume_generator(
        &mut self,
        runtime: &mut Runtime,
        generator: Value,
        sent: Value,
    ) -> PyResult<Option<Value>>;
}

/// What `sys._getframe` reports about a running frame.
#[derive(Clone, Debug)]
pub struct FrameInfo {
    pub globals: Value,
    pub filename: Rc<str>,
    pub line: u32,
    pub function: Rc<str>,
    /// Frames below this one (its callers): `f_back` is `depth + 1`.
    pub callers: usize,
}

/// A [`Host`] for code paths that have no interpreter at hand: calling
/// Python code from them raises `NotImplementedError` instead of running
/// it (or silently skipping a user's special method).
pub struct NoHost;

impl Host for NoHost {
    fn call_python(
        &mut self,
        runtime: &mut Runtime,
        _function: Value,
        _args: &[Value],
        _keyword_names: &[Value],
    ) -> PyResult<Value> {
        Err(runtime.not_implemented(
            "calling a user-defined special method from here is not supported yet",
        ))
    }
    fn throw_into_generator(
        &mut self,
        runtime: &mut Runtime,
        _generator: Value,
        _exception: Value,
    ) -> PyResult<Option<Value>> {
        Err(runtime.not_implemented("resuming a generator from here is not supported yet"))
    }
    fn resume_generator(
        &mut self,
        runtime: &mut Runtime,
        _generator: Value,
        _sent: Value,
    ) -> PyResult<Option<Value>> {
        Err(runtime.not_implemented("resuming a generator from here is not supported yet"))
    }
}

/// Process-wide runtime state shared by all tiers.
pub struct Runtime {
    pub heap: Heap,
    pub types: BuiltinTypes,
    interned: rustc_hash::FxHashMap<Rc<str>, Value>,
    /// Interned names by the address of their `&'static str` text.
    static_interned: rustc_hash::FxHashMap<usize, Value>,
    /// The last name interned through each of 64 slots (by address), in
    /// front of `static_interned`.
    recent_static_names: [(usize, Value); 64],
    /// The interned name last found for each of 64 slots of str objects
    /// (see [`Runtime::intern_str_value`]).
    recent_interned_values: [(u64, Value); 64],
    /// The one-character ASCII strings, each made once (interned) on first
    /// use: iterating or indexing a str yields them without allocating,
    /// and as dict keys they match by identity (CPython's one-character
    /// singletons).
    ascii_characters: [Value; 128],
    /// The `builtins` namespace (a dict).
    pub builtins: Value,
    /// Values kept alive for the whole run (method tables, singletons).
    permanent_roots: Vec<Value>,
    /// Method descriptors per built-in type, keyed by interned name.
    pub(crate) methods: rustc_hash::FxHashMap<(object::TypeKind, Value), Value>,
    /// Attribute loads on built-in types answered from `methods`, cached.
    pub(crate) builtin_type_attributes: methods::BuiltinTypeAttributes,
    /// `sys.argv`-style program arguments.
    pub argv: Vec<String>,
    /// The command-line flags a program can read back (`sys.flags`,
    /// `sys.warnoptions`).
    pub flags: ProcessFlags,
    /// Interned strings used by the interpreter.
    pub names: CommonNames,
    /// The `__build_class__` built-in (what `class` statements call).
    pub build_class: Value,
    /// User classes deriving directly from a built-in type, for that
    /// type's `__subclasses__()` (user bases record their own).
    pub user_classes: crate::barrier::GcRefCell<Vec<Value>>,
    /// (class version, name) → what the MRO lookup found.
    pub attribute_cache: objects::class::AttributeCache,
    /// The shapes (hidden classes) of instances.
    pub shapes: objects::shape::ShapeTable,
    /// `sys.modules`: every module imported so far, by name (a dict).
    pub modules: Value,
    /// `sys.path`: where `import` looks for modules (a list of str).
    pub module_path: Value,
    /// Modules whose code is running now (an import in progress): their
    /// missing attributes are reported as a likely circular import.
    pub initializing_modules: Vec<Value>,
    /// Values native code holds while it runs Python code that may
    /// collect (a generator being drained by `list(g)`): roots until the
    /// native code pops them. See `vm::Interpreter`'s `safe_nesting`.
    pub native_roots: Vec<Value>,
    /// `sys.getrecursionlimit()`: the most Python frames at once.
    pub recursion_limit: usize,
    /// Set by hosts that run untrusted code (the fuzz harness): library
    /// functions that write files, change the process environment or
    /// sleep refuse with `PermissionError`.
    pub sandboxed: bool,
}

/// The command-line flags of the process, as `sys.flags` shows them
/// (CPython's names), plus the `-W` options (`sys.warnoptions`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessFlags {
    /// `-O` (1) / `-OO` (2).
    pub optimize: u8,
    /// `-i`: the prompt follows the program.
    pub inspect: bool,
    /// The prompt is running (`-i`, or no program on a terminal).
    pub interactive: bool,
    /// `-q`: no banner at the prompt.
    pub quiet: bool,
    /// `-I`.
    pub isolated: bool,
    /// `-E` (or `-I`): `COPPERHEAD_*` variables are ignored.
    pub ignore_environment: bool,
    /// `-s` (or `-I`).
    pub no_user_site: bool,
    /// `-S`.
    pub no_site: bool,
    /// `-P` (or `-I`): the script's directory is not put first on
    /// `sys.path`.
    pub safe_path: bool,
    /// `-B`.
    pub dont_write_bytecode: bool,
    /// `-u`: standard output is written out at every write.
    pub unbuffered: bool,
    /// `-b` (1) / `-bb` (2).
    pub bytes_warning: u8,
    /// `-W` options, in order.
    pub warn_options: Vec<String>,
}

/// CPython's default recursion limit.
pub const DEFAULT_RECURSION_LIMIT: usize = 1000;

/// Interned strings the runtime looks up often, defined once: each field
/// is the interned string of the same name with the `dunder_` prefix
/// spelled as underscores (`dunder_init` is `"__init__"`).
macro_rules! common_names {
    ($($field:ident => $text:literal,)*) => {
        pub struct CommonNames {
            pub empty: Value,
            $(pub $field: Value,)*
        }
        impl CommonNames {
            fn new(rt: &mut Runtime) -> CommonNames {
                CommonNames {
                    empty: rt.intern(""),
                    $($field: rt.intern($text),)*
                }
            }
            fn unset() -> CommonNames {
                CommonNames {
                    empty: Value::NULL,
                    $($field: Value::NULL,)*
                }
            }
        }
    };
}

common_names! {
    dunder_name => "__name__",
    dunder_main => "__main__",
    dunder_init => "__init__",
    dunder_new => "__new__",
    dunder_qualname => "__qualname__",
    dunder_module => "__module__",
    dunder_doc => "__doc__",
    dunder_classcell => "__classcell__",
    dunder_getattr => "__getattr__",
    dunder_getattribute => "__getattribute__",
    dunder_setattr => "__setattr__",
    dunder_delattr => "__delattr__",
    dunder_enter => "__enter__",
    dunder_exit => "__exit__",
}

impl Runtime {
    pub fn new(gc_stress: bool) -> Runtime {
        let mut heap = Heap::new(gc_stress);
        let types = BuiltinTypes::new(&mut heap);
        let mut runtime = Runtime {
            heap,
            types,
            interned: Default::default(),
            ascii_characters: [Value::NULL; 128],
            static_interned: Default::default(),
            recent_static_names: [(0, Value::NULL); 64],
            recent_interned_values: [(0, Value::NULL); 64],
            builtins: Value::NULL,
            permanent_roots: Vec::new(),
            methods: Default::default(),
            builtin_type_attributes: Default::default(),
            attribute_cache: objects::class::AttributeCache::new(),
            user_classes: Default::default(),
            argv: Vec::new(),
            flags: ProcessFlags::default(),
            names: CommonNames::unset(),
            build_class: Value::NULL,
            shapes: objects::shape::ShapeTable::new(),
            modules: Value::NULL,
            module_path: Value::NULL,
            initializing_modules: Vec::new(),
            native_roots: Vec::new(),
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            sandboxed: false,
        };
        runtime.names = CommonNames::new(&mut runtime);
        runtime.builtins = runtime.new_dict(Dict::new());
        runtime.permanent_roots.push(runtime.builtins);
        runtime.modules = runtime.new_dict(Dict::new());
        runtime.permanent_roots.push(runtime.modules);
        runtime.module_path = runtime.new_list(Vec::new());
        runtime.permanent_roots.push(runtime.module_path);
        builtins::install(&mut runtime);
        methods::install(&mut runtime);
        let build_class = runtime.intern("__build_class__");
        if let Some(key) = runtime.key_of_str(build_class)
            && let Some(Object::Dict(d)) = runtime.builtins.object().map(|o| &o.payload)
        {
            runtime.build_class = d.borrow().get(key).unwrap_or(Value::NONE);
        }
        runtime
    }

    /// Every value the runtime itself keeps alive; the interpreter adds its
    /// frames and globals.
    pub fn roots(&self) -> impl Iterator<Item = Value> + '_ {
        self.permanent_roots
            .iter()
            .copied()
            .chain(self.interned.values().copied())
            .chain(self.methods.values().copied())
            .chain(self.types.all())
            .chain(self.user_classes.borrow().clone())
            .chain(self.initializing_modules.iter().copied())
            .chain(self.native_roots.iter().copied())
    }

    pub fn add_permanent_root(&mut self, value: Value) {
        self.permanent_roots.push(value);
    }

    // ---- allocation -------------------------------------------------------

    pub fn allocate(&mut self, payload: Object) -> Value {
        self.heap.allocate(payload)
    }

    pub fn new_str(&mut self, text: &str) -> Value {
        if text.is_empty() && !self.names.empty.is_null() {
            return self.names.empty;
        }
        if let [byte] = text.as_bytes() {
            return self.ascii_character(*byte);
        }
        self.allocate(Object::Str(object::StrObject::new(text.into())))
    }

    /// The shared str of one ASCII character.
    #[inline]
    fn ascii_character(&mut self, byte: u8) -> Value {
        let cached = self.ascii_characters[byte as usize & 127];
        if !cached.is_null() {
            return cached;
        }
        let buffer = [byte];
        let text = std::str::from_utf8(&buffer).unwrap_or("?");
        let value = self.intern(text);
        self.ascii_characters[byte as usize & 127] = value;
        value
    }

    pub fn new_string(&mut self, text: String) -> Value {
        if text.is_empty() && !self.names.empty.is_null() {
            return self.names.empty;
        }
        if let [byte] = text.as_bytes() {
            return self.ascii_character(*byte);
        }
        self.allocate(Object::Str(object::StrObject::new(text)))
    }

    /// [`Self::new_string`] for a text whose character count the caller
    /// already knows (a join or concatenation of counted strings): no scan.
    pub fn new_string_of_chars(&mut self, text: String, char_count: usize) -> Value {
        debug_assert_eq!(char_count, text.chars().count());
        if text.len() <= 1 {
            return self.new_string(text);
        }
        self.allocate(Object::Str(object::StrObject::with_char_count(
            text, char_count,
        )))
    }

    /// A `&'static str` copy of `text`, one per distinct text: the names of
    /// user-defined classes.
    /// The table is process-wide (every runtime of the process shares
    /// it), so each distinct name is allocated once and stays reachable.
    pub fn static_name(&mut self, text: &str) -> &'static str {
        use std::sync::{Mutex, OnceLock};
        static NAMES: OnceLock<Mutex<std::collections::HashSet<&'static str>>> = OnceLock::new();
        let names = NAMES.get_or_init(|| Mutex::new(std::collections::HashSet::new()));
        let mut names = names
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(name) = names.get(text) {
            return name;
        }
        let name: &'static str = Box::leak(text.into());
        names.insert(name);
        name
    }

    /// The dict key of a `str` value (its hash is cached), or `None` for a
    /// non-string.
    #[inline]
    pub fn key_of_str(&self, name: Value) -> Option<DictKey> {
        match name.object().map(|o| &o.payload) {
            Some(Object::Str(s)) => {
                let mut hash = s.hash.get();
                if hash == -1 {
                    hash = ops::hash_str(&s.text);
                    s.hash.set(hash);
                }
                Some(DictKey { value: name, hash })
            }
            _ => None,
        }
    }

    /// An interned string: one object per distinct text, kept alive forever.
    pub fn intern(&mut self, text: &str) -> Value {
        if let Some(v) = self.interned.get(text) {
            return *v;
        }
        let v = self.allocate(Object::Str(object::StrObject::new(text.into())));
        self.interned.insert(text.into(), v);
        v
    }

    /// [`Runtime::intern`] for the text of the str `value` (a name passed
    /// to `getattr`, `hasattr`, `setattr`): a direct-mapped cache by the
    /// object answers repeated calls with the same name object without
    /// hashing its characters. The cached text is compared, so a slot
    /// whose object was freed and reused cannot answer wrongly.
    pub fn intern_str_value(&mut self, value: Value, text: &str) -> Value {
        let slot = ((value.bits() >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize;
        let (bits, interned) = self.recent_interned_values[slot];
        if bits == value.bits() && (interned == value || as_str(interned) == Some(text)) {
            return interned;
        }
        let interned = self.intern(text);
        self.recent_interned_values[slot] = (value.bits(), interned);
        interned
    }

    /// [`Runtime::intern`] for a name spelled in Rust source: looked up by
    /// the text's address, without hashing its characters (native code
    /// reads attributes by such names on every call).
    pub fn intern_static(&mut self, text: &'static str) -> Value {
        let address = text.as_ptr() as usize ^ (text.len() << 48);
        // A direct-mapped front: the special-method lookups of the
        // protocol ask for the same few names all the time.
        let slot = (address >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58;
        let (cached_address, cached) = self.recent_static_names[slot];
        if cached_address == address {
            return cached;
        }
        let v = match self.static_interned.get(&address) {
            Some(v) => *v,
            None => {
                let v = self.intern(text);
                self.static_interned.insert(address, v);
                v
            }
        };
        self.recent_static_names[slot] = (address, v);
        v
    }

    #[inline]
    pub fn new_int(&mut self, i: i64) -> Value {
        if Value::fits_small_int(i) {
            Value::small_int(i)
        } else {
            self.allocate(Object::WideInt(objects::int::WideInt::new(i as i128)))
        }
    }

    /// An int from 128 bits: inline when it fits, else a wide int.
    #[inline]
    pub fn new_int128(&mut self, i: i128) -> Value {
        match i64::try_from(i) {
            Ok(small) => self.new_int(small),
            Err(_) => self.allocate(Object::WideInt(objects::int::WideInt::new(i))),
        }
    }

    /// An int from a big integer, in the smallest representation it fits.
    pub fn new_bigint(&mut self, i: BigInt) -> Value {
        use num_traits::ToPrimitive;
        match i.to_i128() {
            Some(wide) => self.new_int128(wide),
            None => self.allocate(Object::BigInt(i)),
        }
    }

    pub fn new_list(&mut self, items: Vec<Value>) -> Value {
        self.allocate(Object::List(crate::barrier::GcRefCell::new(items)))
    }

    /// Appends to a list, charging buffer growth to the GC budget.
    #[inline]
    pub fn list_push(&mut self, items: &crate::barrier::GcRefCell<Vec<Value>>, item: Value) {
        let mut items = items.borrow_mut();
        if items.len() == items.capacity() {
            let grown = items.capacity().max(4);
            let bytes = (items.capacity() + grown).saturating_mul(std::mem::size_of::<Value>());
            if alloc::exceeds_limit(bytes) || items.try_reserve(grown).is_err() {
                signals::note_memory_exhausted();
                return;
            }
            self.heap.charge(grown * std::mem::size_of::<Value>());
        }
        items.push(item);
    }

    pub fn new_tuple(&mut self, items: Vec<Value>) -> Value {
        self.allocate(Object::Tuple(TupleObject::new(items.into_boxed_slice())))
    }

    /// A tuple of a copy of `items`; short tuples reuse a freed tuple's
    /// buffer (no `malloc`).
    pub fn new_tuple_from_slice(&mut self, items: &[Value]) -> Value {
        let buffer = match self.heap.pooled_tuple_buffer(items.len()) {
            Some(mut buffer) => {
                buffer.copy_from_slice(items);
                buffer
            }
            None => Box::from(items),
        };
        self.allocate(Object::Tuple(TupleObject::new(buffer)))
    }

    pub fn new_dict(&mut self, dict: Dict) -> Value {
        self.allocate(Object::Dict(Box::new(crate::barrier::GcRefCell::new(dict))))
    }

    pub fn new_set(&mut self, set: PySet) -> Value {
        self.allocate(Object::Set(Box::new(crate::barrier::GcRefCell::new(set))))
    }

    pub fn new_frozenset(&mut self, set: PySet) -> Value {
        self.allocate(Object::FrozenSet(Box::new(set)))
    }

    pub fn new_iterator(&mut self, state: object::IteratorState) -> Value {
        self.allocate(Object::Iterator(crate::barrier::GcRefCell::new(state)))
    }

    /// A native function object (not rooted: callers that keep it forever
    /// register it as a permanent root).
    pub fn new_native(&mut self, name: &'static str, function: object::NativeFn) -> Value {
        self.allocate(Object::NativeFunction(object::NativeFunctionObject {
            name,
            function,
            owner: None,
        }))
    }

    // ---- exceptions ----------------------------------------------------------

    /// A new exception instance of `exception_type` with the given args.
    pub fn new_exception(&mut self, exception_type: Value, args: Vec<Value>) -> Value {
        let args = self.new_tuple(args);
        self.allocate(Object::Exception(Box::new(crate::barrier::GcRefCell::new(
            object::ExceptionObject {
                exception_type,
                args,
                traceback: Vec::new(),
                cause: Value::NONE,
                context: Value::NONE,
                attributes: Value::NULL,
                suppress_context: false,
            },
        ))))
    }

    /// An exception of `exception_type` with one string argument.
    pub fn error(&mut self, exception_type: Value, message: impl AsRef<str>) -> PyErr {
        let message = self.new_str(message.as_ref());
        PyErr(self.new_exception(exception_type, vec![message]))
    }

    pub fn type_error(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.type_error, message)
    }
    pub fn value_error(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.value_error, message)
    }
    pub fn index_error(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.index_error, message)
    }
    pub fn overflow_error(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.overflow_error, message)
    }
    pub fn zero_division(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.zero_division_error, message)
    }
    pub fn attribute_error(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.attribute_error, message)
    }
    pub fn name_error(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.name_error, message)
    }
    pub fn runtime_error(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.runtime_error, message)
    }
    pub fn not_implemented(&mut self, message: impl AsRef<str>) -> PyErr {
        self.error(self.types.not_implemented_error, message)
    }
    /// `KeyError(key)`: the key itself is the argument, as in CPython.
    pub fn key_error(&mut self, key: Value) -> PyErr {
        PyErr(self.new_exception(self.types.key_error, vec![key]))
    }
    /// `MemoryError()` (no arguments, as CPython raises it).
    pub fn memory_error(&mut self) -> PyErr {
        PyErr(self.new_exception(self.types.memory_error, vec![]))
    }
    pub fn stop_iteration(&mut self) -> PyErr {
        PyErr(self.new_exception(self.types.stop_iteration, vec![]))
    }

    /// True when `error` is an instance of `exception_type` (or a subclass).
    pub fn error_matches(&self, error: PyErr, exception_type: Value) -> bool {
        let actual = self.type_of(error.0);
        self.is_subtype(actual, exception_type)
    }

    // ---- types -------------------------------------------------------------

    /// The type object of any value.
    pub fn type_of(&self, value: Value) -> Value {
        let t = &self.types;
        if value.is_float() {
            return t.float;
        }
        if value.is_small_int() {
            return t.int;
        }
        match value.object() {
            None => match value {
                Value::TRUE | Value::FALSE => t.bool,
                Value::NONE => t.none,
                Value::ELLIPSIS => t.ellipsis,
                _ => t.not_implemented,
            },
            Some(object) => match &object.payload {
                Object::Str(_) => t.str,
                Object::WideInt(_) | Object::BigInt(_) => t.int,
                Object::List(_) => t.list,
                Object::Tuple(_) => t.tuple,
                Object::Dict(_) => t.dict,
                Object::Set(_) => t.set,
                Object::FrozenSet(_) => t.frozenset,
                Object::Range(_) | Object::BigRange(_) => t.range,
                Object::Slice(_) => t.slice,
                Object::Function(_) => t.function,
                Object::NativeFunction(_) => t.builtin_function,
                Object::BoundMethod(_) => t.method,
                Object::Code(_) => t.code,
                Object::Cell(_) => t.cell,
                Object::Type(class) => class.class.as_ref().map_or(t.type_, |c| c.metaclass),
                Object::Exception(e) => e.borrow().exception_type,
                Object::Iterator(state) => t.iterator_type(state.borrow().type_name()),
                Object::DictView(v) => match v.kind {
                    object::DictViewKind::Keys => t.dict_keys,
                    object::DictViewKind::Values => t.dict_values,
                    object::DictViewKind::Items => t.dict_items,
                },
                Object::Module(_) => t.module,
                Object::Generator(_) => t.generator,
                Object::Instance(i) => i.class,
                Object::StaticMethod(_) => t.staticmethod,
                Object::ClassMethod(_) => t.classmethod,
                Object::Property(_) => t.property,
                Object::Super(_) => t.super_,
            },
        }
    }

    /// The direct subclasses of a built-in type: built-in types whose
    /// base it is, then user classes deriving from it.
    pub fn builtin_subclasses(&self, class: Value) -> Vec<Value> {
        let mut found: Vec<Value> = self
            .types
            .all()
            .filter(|t| types::type_object(*t).and_then(|o| o.base) == Some(class))
            .collect();
        found.dedup();
        found.extend(self.user_classes.borrow().iter().copied().filter(|c| {
            objects::class::class_data(*c).is_some_and(|d| d.bases.borrow().contains(&class))
        }));
        found
    }

    /// The `__name__` of a value's type, for error messages.
    pub fn type_name(&self, value: Value) -> &'static str {
        types::type_object(self.type_of(value)).map_or("object", |t| t.name)
    }

    /// Is `sub` the same as, or derived from, `sup`?
    pub fn is_subtype(&self, sub: Value, sup: Value) -> bool {
        if sup == self.types.object {
            return true;
        }
        if let Some(data) = objects::class::class_data(sub) {
            return data.mro.borrow().contains(&sup);
        }
        let mut current = Some(sub);
        while let Some(t) = current {
            if t == sup {
                return true;
            }
            current = types::type_object(t).and_then(|t| t.base);
        }
        false
    }

    /// Calls any callable: native functions directly, Python functions
    /// through the host interpreter.
    pub fn call(
        &mut self,
        host: &mut dyn Host,
        callable: Value,
        args: &[Value],
        keyword_names: &[Value],
    ) -> PyResult<Value> {
        builtins::call_value(self, host, callable, args, keyword_names)
    }
}

/// Borrow a value as `&str` if it is a `str`.
pub fn as_str(value: Value) -> Option<&'static str> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Str(s)) => Some(&s.text),
        _ => None,
    }
}
