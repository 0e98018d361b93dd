//! Heap objects: the common header and every built-in object kind.
//!
//! A [`HeapObject`] is a GC header (the collector state) plus an
//! [`Object`] payload. Every mutable part of a payload that holds values is
//! a write-barrier cell from [`crate::barrier`] (`GcRefCell`, `GcCell`, or
//! an instance's values); the rule that keeps the `GcRefCell`s panic-free is
//! that no borrow is ever held across a call back into Python code.

use std::cell::Cell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::barrier::{GcCell, GcRefCell, Generation, Remembered, Traced};
use crate::objects::{dict::Dict, set::PySet};
use crate::value::Value;

pub struct HeapObject {
    /// Collector state: [`crate::heap::FREE`], `YOUNG` or `OLD`, plus
    /// `MARKED` during a major collection.
    pub(crate) gc_state: Cell<u8>,
    pub payload: Object,
}

/// Every kind of heap object.
pub enum Object {
    Str(StrObject),
    /// An int outside the inline range that fits 128 bits.
    WideInt(crate::objects::int::WideInt),
    /// An int beyond 128 bits.
    BigInt(BigInt),
    List(GcRefCell<Vec<Value>>),
    Tuple(crate::objects::tuple::TupleObject),
    // Large payloads are boxed so every heap object stays small.
    Dict(Box<GcRefCell<Dict>>),
    Set(Box<GcRefCell<PySet>>),
    FrozenSet(Box<PySet>),
    Range(RangeObject),
    /// A range whose bounds or length do not fit 64 bits.
    BigRange(Box<BigRangeObject>),
    Slice(SliceObject),
    Function(Box<FunctionObject>),
    NativeFunction(NativeFunctionObject),
    BoundMethod(BoundMethodObject),
    Code(Box<CodeValue>),
    /// A closure cell.
    Cell(GcCell),
    Type(Box<TypeObject>),
    Exception(Box<GcRefCell<ExceptionObject>>),
    Iterator(GcRefCell<IteratorState>),
    DictView(DictViewObject),
    Module(Box<ModuleObject>),
    Generator(Box<GcRefCell<GeneratorObject>>),
    /// An instance of a user-defined class (see [`crate::objects::instance`]).
    Instance(InstanceObject),
    /// `staticmethod(f)`.
    StaticMethod(Value),
    /// `classmethod(f)`.
    ClassMethod(Value),
    Property(Box<PropertyObject>),
    Super(SuperObject),
}

impl Object {
    /// The payload's kind, for the collector's diagnostics.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Object::Str(_) => "str",
            Object::WideInt(_) | Object::BigInt(_) => "int",
            Object::List(_) => "list",
            Object::Tuple(_) => "tuple",
            Object::Dict(_) => "dict",
            Object::Set(_) => "set",
            Object::FrozenSet(_) => "frozenset",
            Object::Range(_) | Object::BigRange(_) => "range",
            Object::Slice(_) => "slice",
            Object::Function(_) => "function",
            Object::NativeFunction(_) => "builtin_function_or_method",
            Object::BoundMethod(_) => "method",
            Object::Code(_) => "code",
            Object::Cell(_) => "cell",
            Object::Type(_) => "type",
            Object::Exception(_) => "exception",
            Object::Iterator(state) => state.borrow().type_name(),
            Object::DictView(_) => "dict view",
            Object::Module(_) => "module",
            Object::Generator(_) => "generator",
            Object::Instance(_) => "instance",
            Object::StaticMethod(_) => "staticmethod",
            Object::ClassMethod(_) => "classmethod",
            Object::Property(_) => "property",
            Object::Super(_) => "super",
        }
    }
}

/// An instance of a user-defined class: its class, and its attributes as a
/// values array laid out by a shape (a hidden class, shared by every
/// instance that gained the same attributes in the same order).
///
/// The values array is read through `values` and written only through the
/// instance's own methods, which are the write barrier for it (the
/// instance is the remembered cell).
pub struct InstanceObject {
    pub class: Value,
    /// A [`crate::objects::shape::ShapeId`]; `DICT_MODE` once `__dict__`
    /// was taken, when `values[0]` is that dict and holds every attribute.
    pub shape: Cell<u32>,
    generation: Generation,
    pub values: AttributeValues,
}

impl InstanceObject {
    pub fn new(class: Value, shape: u32, values: Vec<Value>) -> InstanceObject {
        InstanceObject {
            class,
            shape: Cell::new(shape),
            generation: Generation::young(),
            values: AttributeValues::new(values),
        }
    }

    #[inline(always)]
    fn barrier(&self) {
        if self.generation.needs_logging() {
            crate::barrier::remember(self);
        }
    }

    /// Overwrites `values[index]` (ignored when out of range).
    #[inline]
    pub fn set_value(&self, index: usize, value: Value) {
        self.barrier();
        self.values.set(index, value);
    }

    #[inline]
    pub fn push_value(&self, value: Value) {
        self.barrier();
        self.values.push(value);
    }

    pub fn remove_value(&self, index: usize) {
        self.values.remove(index);
    }

    pub fn replace_values(&self, values: Vec<Value>) {
        self.barrier();
        self.values.replace(values);
    }

    /// Pushes the class and values for the marker and makes the instance
    /// old (see [`GcRefCell::trace`]).
    fn trace(&self, out: &mut Vec<Value>) {
        self.generation.promote();
        self.trace_contents(out);
    }
}

impl Remembered for InstanceObject {
    fn generation(&self) -> &Generation {
        &self.generation
    }
    fn trace_contents(&self, out: &mut Vec<Value>) {
        out.push(self.class);
        self.values.extend_into(out);
    }
}

/// An instance's values array: a `Vec` behind interior mutability without
/// a borrow flag (keeping heap objects at 56 bytes). Sound because no
/// method hands out a reference into the vector: values are copied in
/// and out, and nothing runs user code while the vector is touched. Only
/// [`InstanceObject`]'s methods (the write barrier) may write it.
#[derive(Default)]
pub struct AttributeValues(std::cell::UnsafeCell<Vec<Value>>);

impl AttributeValues {
    fn new(values: Vec<Value>) -> AttributeValues {
        AttributeValues(std::cell::UnsafeCell::new(values))
    }
    #[inline]
    pub fn get(&self, index: usize) -> Option<Value> {
        // SAFETY: a shared, short-lived read; no `&mut` to the vector can
        // exist now (every mutating method below ends before returning).
        unsafe { (&*self.0.get()).get(index).copied() }
    }
    #[inline]
    fn set(&self, index: usize, value: Value) {
        // SAFETY: the only access to the vector during this call; the
        // object is single-threaded and no reference escapes.
        if let Some(slot) = unsafe { (&mut *self.0.get()).get_mut(index) } {
            *slot = value;
        }
    }
    #[inline]
    fn push(&self, value: Value) {
        // SAFETY: as for `set`.
        unsafe { (&mut *self.0.get()).push(value) }
    }
    fn remove(&self, index: usize) {
        // SAFETY: as for `set`.
        let values = unsafe { &mut *self.0.get() };
        if index < values.len() {
            values.remove(index);
        }
    }
    fn replace(&self, values: Vec<Value>) {
        // SAFETY: as for `set`.
        unsafe { *self.0.get() = values }
    }
    fn extend_into(&self, out: &mut Vec<Value>) {
        // SAFETY: as for `get`.
        out.extend(unsafe { (&*self.0.get()).iter().copied() })
    }
    pub fn to_vec(&self) -> Vec<Value> {
        // SAFETY: as for `get`.
        unsafe { (&*self.0.get()).clone() }
    }
    pub fn len(&self) -> usize {
        // SAFETY: as for `get`.
        unsafe { (&*self.0.get()).len() }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `property(fget, fset, fdel, doc)`.
pub struct PropertyObject {
    pub getter: Value,
    pub setter: Value,
    pub deleter: Value,
    pub doc: Value,
    /// The attribute name (`__set_name__`), for error messages; NULL until set.
    pub name: GcCell,
}

/// `super(class, object)`: attribute lookup starts after `class` in the MRO
/// of `object`'s type (or of `object` itself when it is a class).
#[derive(Clone, Copy)]
pub struct SuperObject {
    pub class: Value,
    pub object: Value,
    /// The class whose MRO is searched: `type(object)`, or `object` itself
    /// when it is a subclass of `class`.
    pub start_type: Value,
}

/// Where a generator is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneratorStatus {
    /// Suspended (before its first run or at a `yield`).
    Suspended,
    /// Its frame is on the interpreter's stack.
    Running,
    Finished,
}

/// A suspended Python frame: its slots (locals, cells, operand stack) are
/// copied out at each `yield` and back in when resumed.
pub struct GeneratorObject {
    pub function: Value,
    pub code: Value,
    pub globals: Value,
    pub name: Value,
    /// `localsplus` followed by the live operand stack.
    pub slots: Vec<Value>,
    /// Index of the next instruction to run.
    pub ip: usize,
    pub status: GeneratorStatus,
    /// True before the first resumption (no value may be sent yet).
    pub fresh: bool,
    /// What the generator returned, until a `StopIteration` carries it.
    pub return_value: Value,
}

impl GeneratorObject {
    /// Started and not finished: a `finally` or `except` inside it may be
    /// pending, so it must be closed before it is freed.
    pub fn needs_close(&self) -> bool {
        self.status == GeneratorStatus::Suspended && !self.fresh && self.inside_handler()
    }

    /// Is the suspended `yield` inside a `try` (or `with`)? Closing a
    /// generator suspended anywhere else runs no code at all, so it can be
    /// freed without the `GeneratorExit` round trip (as CPython skips it
    /// too): `any(x for x in ...)` stopping early leaves such generators.
    fn inside_handler(&self) -> bool {
        let Some(Object::Code(code)) = self.code.object().map(|o| &o.payload) else {
            return true;
        };
        let resume = self.ip as u32;
        code.code.find_handler(resume).is_some()
            || resume
                .checked_sub(1)
                .is_some_and(|yield_at| code.code.find_handler(yield_at).is_some())
    }
}

/// A Python `str`: UTF-8 with a cached hash and character count.
///
/// The text is a `String`, not a `Box<str>`: a string built by pushing
/// (a join, a format, a repr) keeps its buffer instead of being copied
/// into an exact-size one; only a buffer more than twice too large is
/// shrunk. (Same object size: `InstanceObject` is as large.)
pub struct StrObject {
    pub text: String,
    pub char_count: usize,
    /// `-1` until first hashed.
    pub hash: Cell<i64>,
}

impl StrObject {
    pub fn new(text: String) -> StrObject {
        let char_count = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        StrObject::with_char_count(text, char_count)
    }
    /// A str of `text`, whose character count the caller knows.
    pub fn with_char_count(mut text: String, char_count: usize) -> StrObject {
        if text.capacity() > 2 * text.len() + 32 {
            text.shrink_to_fit();
        }
        StrObject {
            text,
            char_count,
            hash: Cell::new(-1),
        }
    }
    pub fn is_ascii(&self) -> bool {
        self.char_count == self.text.len()
    }
}

#[derive(Clone, Copy)]
pub struct RangeObject {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl RangeObject {
    pub fn len(&self) -> i64 {
        let (lo, hi, step) = if self.step > 0 {
            (self.start as i128, self.stop as i128, self.step as i128)
        } else {
            (self.stop as i128, self.start as i128, -(self.step as i128))
        };
        if lo >= hi {
            0
        } else {
            ((hi - lo - 1) / step + 1) as i64
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn item(&self, index: i64) -> i64 {
        self.start + index * self.step
    }
}

/// `range` with arbitrary-precision bounds (`range(10**20)`): rare, so
/// boxed and slower; the 64-bit [`RangeObject`] is the common case.
#[derive(Clone)]
pub struct BigRangeObject {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
}

impl BigRangeObject {
    pub fn len(&self) -> BigInt {
        use num_traits::{Signed, Zero};
        let (low, high, step) = if self.step.is_positive() {
            (&self.start, &self.stop, self.step.clone())
        } else {
            (&self.stop, &self.start, -self.step.clone())
        };
        if low >= high {
            BigInt::zero()
        } else {
            (high - low - 1u32) / step + 1u32
        }
    }
    pub fn item(&self, index: &BigInt) -> BigInt {
        &self.start + index * &self.step
    }
    /// The index of `value` among the items, if it is one.
    pub fn position(&self, value: &BigInt) -> Option<BigInt> {
        use num_integer::Integer;
        use num_traits::{Signed, Zero};
        let in_bounds = if self.step.is_positive() {
            *value >= self.start && *value < self.stop
        } else {
            *value <= self.start && *value > self.stop
        };
        let offset = value - &self.start;
        (in_bounds && offset.mod_floor(&self.step).is_zero()).then(|| offset / &self.step)
    }
}

/// A [`BigRangeObject`] being iterated.
pub struct BigRangeIterator {
    pub next: BigInt,
    pub step: BigInt,
    pub remaining: BigInt,
}

#[derive(Clone, Copy)]
pub struct SliceObject {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// A Python function: code plus the environment it closes over.
pub struct FunctionObject {
    pub code: Value,
    pub globals: Value,
    /// `__name__` and `__qualname__` (assignable, as `functools.wraps`
    /// does).
    pub name: GcCell,
    pub qualname: GcCell,
    /// Tuple of positional defaults, or NULL (`__defaults__`).
    pub defaults: GcCell,
    /// Dict of keyword-only defaults, or NULL (`__kwdefaults__`).
    pub keyword_defaults: GcCell,
    /// Tuple of cells, or NULL.
    pub closure: Value,
    /// The function's `__dict__` (other attributes, `__doc__`,
    /// `__module__` once assigned), or NULL until the first is set.
    pub attributes: GcCell,
}

/// Native calling convention: positional arguments first, then the values
/// of keyword arguments whose names are in `keyword_names` (vectorcall).
pub type NativeFn =
    fn(&mut crate::Runtime, &mut dyn crate::Host, &[Value], &[Value]) -> crate::PyResult<Value>;

pub struct NativeFunctionObject {
    pub name: &'static str,
    pub function: NativeFn,
    /// For a method descriptor: the type it belongs to (`list.append`).
    pub owner: Option<Value>,
}

pub struct BoundMethodObject {
    pub receiver: Value,
    pub function: Value,
}

/// A code object as the runtime sees it: the compiled code plus its
/// constants materialized as values.
pub struct CodeValue {
    pub code: Rc<bytecode::CodeObject>,
    /// The instructions as executed: tier 1 rewrites them in place
    /// (quickening), so they are cells; same length as `code.instructions`.
    pub instructions: Box<[Cell<bytecode::Instruction>]>,
    /// One inline cache per instruction.
    pub caches: Box<[bytecode::InlineCache]>,
    pub constants: Vec<Value>,
    /// Interned name strings for `names`.
    pub names: Vec<Value>,
    /// `co_name` (interned) and `co_qualname` as str values, made once:
    /// every function `MAKE_FUNCTION` creates from this code shares them
    /// (a comprehension makes one per call).
    pub name: Value,
    pub qualname: Value,
    /// Tier 2 at function entry: `counter`/`backoff` count calls towards
    /// recording a trace from the first instruction, `data` names its
    /// executor (index + 1).
    pub entry: bytecode::InlineCache,
}

pub struct TypeObject {
    pub name: &'static str,
    /// The first base (`__base__`).
    pub base: Option<Value>,
    /// The built-in layout its instances have: `Instance` for ordinary
    /// user classes, `Exception` for exception subclasses.
    pub kind: TypeKind,
    /// Everything a user-defined class has beyond a built-in type; `None`
    /// for built-in types.
    pub class: Option<Box<crate::objects::class::ClassData>>,
}

/// Identifies a built-in type for dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Code,
    Cell,
    Iterator,
    DictView,
    Ellipsis,
    NotImplemented,
    Module,
    Exception,
    Generator,
    /// User-defined classes whose instances are [`Object::Instance`].
    Instance,
    StaticMethod,
    ClassMethod,
    Property,
    Super,
}

pub struct ExceptionObject {
    pub exception_type: Value,
    /// Attributes set on the exception (user exception classes), NULL or
    /// a dict.
    pub attributes: Value,
    pub args: Value,
    /// Innermost frame last: (filename, line, function name).
    pub traceback: Vec<TracebackEntry>,
    pub cause: Value,
    pub context: Value,
    /// `raise ... from ...` was used: tracebacks omit the context.
    pub suppress_context: bool,
}

#[derive(Clone)]
pub struct TracebackEntry {
    pub filename: Rc<str>,
    pub line: u32,
    pub function: Rc<str>,
}

pub struct ModuleObject {
    pub name: Value,
    pub dict: Value,
    /// Made by calling `module(name)` (`types.ModuleType`): no loader
    /// stands behind it, so its repr names only the module.
    pub without_loader: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DictViewKind {
    Keys,
    Values,
    Items,
}

pub struct DictViewObject {
    pub dict: Value,
    pub kind: DictViewKind,
}

/// The state of every built-in iterator.
pub enum IteratorState {
    Sequence {
        sequence: Value,
        index: usize,
    },
    Range {
        next: i64,
        remaining: i64,
        step: i64,
    },
    BigRange(Box<BigRangeIterator>),
    Str {
        string: Value,
        byte_offset: usize,
    },
    Dict {
        dict: Value,
        index: usize,
        kind: DictViewKind,
        /// The size when iteration began; `usize::MAX` once a change was
        /// reported, so that every later step reports it again.
        expected_len: usize,
        /// Entries still to come if the keys do not change: when an entry
        /// turns up after this reaches zero, keys were swapped. (A `u32`
        /// keeps heap objects at 56 bytes; no dict that fits in memory has
        /// more entries.)
        remaining: u32,
    },
    /// A `set` or `frozenset` walked over its live table, so adding or
    /// removing items while iterating is detected.
    Set {
        set: Value,
        position: usize,
        expected_len: usize,
    },
    /// Snapshot of a set's items.
    Items {
        items: Box<[Value]>,
        index: usize,
    },
    Reversed {
        sequence: Value,
        index: usize,
    },
    Enumerate {
        iterator: Value,
        count: Value,
    },
    Zip {
        iterators: Box<[Value]>,
        /// `zip(..., strict=True)`: unequal lengths raise `ValueError`.
        strict: bool,
    },
    Map {
        function: Value,
        iterators: Box<[Value]>,
    },
    Filter {
        function: Value,
        iterator: Value,
    },
    Exhausted,
}

impl IteratorState {
    /// The Python type name of this iterator.
    pub fn type_name(&self) -> &'static str {
        match self {
            IteratorState::Sequence { .. } => "iterator",
            IteratorState::Range { .. } => "range_iterator",
            IteratorState::BigRange(_) => "longrange_iterator",
            IteratorState::Str { .. } => "str_ascii_iterator",
            IteratorState::Dict { .. } => "dict_keyiterator",
            IteratorState::Set { .. } => "set_iterator",
            IteratorState::Items { .. } => "iterator",
            IteratorState::Reversed { .. } => "reversed",
            IteratorState::Enumerate { .. } => "enumerate",
            IteratorState::Zip { .. } => "zip",
            IteratorState::Map { .. } => "map",
            IteratorState::Filter { .. } => "filter",
            IteratorState::Exhausted => "iterator",
        }
    }
}

impl Traced for ExceptionObject {
    fn trace(&self, out: &mut Vec<Value>) {
        out.extend([
            self.exception_type,
            self.args,
            self.cause,
            self.context,
            self.attributes,
        ]);
    }
}

impl Traced for GeneratorObject {
    fn trace(&self, out: &mut Vec<Value>) {
        out.extend([
            self.function,
            self.code,
            self.globals,
            self.name,
            self.return_value,
        ]);
        out.extend(self.slots.iter().copied());
    }
}

impl Traced for IteratorState {
    fn trace(&self, out: &mut Vec<Value>) {
        match self {
            IteratorState::Sequence { sequence, .. } | IteratorState::Reversed { sequence, .. } => {
                out.push(*sequence)
            }
            IteratorState::Str { string, .. } => out.push(*string),
            IteratorState::Dict { dict, .. } => out.push(*dict),
            IteratorState::Set { set, .. } => out.push(*set),
            IteratorState::Items { items, .. } => out.extend(items.iter().copied()),
            IteratorState::Enumerate { iterator, count } => out.extend([*iterator, *count]),
            IteratorState::Zip { iterators, .. } => out.extend(iterators.iter().copied()),
            IteratorState::Map {
                function,
                iterators,
            } => {
                out.push(*function);
                out.extend(iterators.iter().copied());
            }
            IteratorState::Filter { function, iterator } => out.extend([*function, *iterator]),
            IteratorState::Range { .. } | IteratorState::BigRange(_) | IteratorState::Exhausted => {
            }
        }
    }
}

impl HeapObject {
    /// Pushes every value this object refers to, and makes its write-barrier
    /// cells old: the marker calls it only for objects that survive the
    /// collection (every survivor is promoted).
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
        match &self.payload {
            Object::Str(_)
            | Object::WideInt(_)
            | Object::BigInt(_)
            | Object::Range(_)
            | Object::BigRange(_) => {}
            Object::List(items) => items.trace(out),
            Object::Tuple(items) => out.extend(items.iter().copied()),
            Object::Dict(dict) => dict.trace(out),
            Object::Set(set) => set.trace(out),
            Object::FrozenSet(set) => set.trace(out),
            Object::Slice(s) => out.extend([s.start, s.stop, s.step]),
            Object::Function(f) => {
                out.extend([f.code, f.globals, f.closure]);
                f.name.trace(out);
                f.qualname.trace(out);
                f.defaults.trace(out);
                f.keyword_defaults.trace(out);
                f.attributes.trace(out);
            }
            Object::NativeFunction(f) => out.extend(f.owner),
            Object::BoundMethod(m) => out.extend([m.receiver, m.function]),
            Object::Code(c) => {
                out.extend(c.constants.iter().copied());
                out.extend(c.names.iter().copied());
                out.extend([c.name, c.qualname]);
            }
            Object::Cell(c) => c.trace(out),
            Object::Type(t) => {
                out.extend(t.base);
                if let Some(class) = &t.class {
                    class.trace(out);
                }
            }
            Object::Instance(i) => i.trace(out),
            Object::StaticMethod(f) | Object::ClassMethod(f) => out.push(*f),
            Object::Property(p) => {
                out.extend([p.getter, p.setter, p.deleter, p.doc]);
                p.name.trace(out);
            }
            Object::Super(s) => out.extend([s.class, s.object, s.start_type]),
            Object::Exception(e) => e.trace(out),
            Object::Iterator(state) => state.trace(out),
            Object::DictView(v) => out.push(v.dict),
            Object::Module(m) => out.extend([m.name, m.dict]),
            Object::Generator(g) => g.trace(out),
        }
    }

    /// True for an object that must run code before it is freed: a
    /// suspended generator (its pending `finally` blocks).
    #[inline]
    pub(crate) fn needs_finalizer(&self) -> bool {
        match &self.payload {
            Object::Generator(g) => generator_needs_close(g),
            _ => false,
        }
    }

    /// Approximate bytes owned outside the header, for GC pacing.
    #[inline]
    pub(crate) fn extra_bytes(&self) -> usize {
        match &self.payload {
            Object::Str(s) => s.text.len(),
            Object::List(items) => items.borrow().capacity() * 8,
            Object::Tuple(items) => items.len() * 8,
            Object::Dict(d) => d.borrow().len() * 32,
            Object::Set(s) => s.borrow().len() * 24,
            Object::FrozenSet(s) => s.len() * 24,
            Object::BigInt(b) => (b.bits() / 8) as usize,
            Object::Function(_) => 64,
            _ => 0,
        }
    }
}

/// The generator part of [`HeapObject::needs_finalizer`], out of line: the
/// collector asks every young object, and few are generators.
#[inline(never)]
fn generator_needs_close(generator: &GcRefCell<GeneratorObject>) -> bool {
    generator.try_borrow().is_ok_and(|g| g.needs_close())
}
