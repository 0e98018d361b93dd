//! The Copperhead instruction set and code objects.
//!
//! This crate owns what a compiled Python function *is*: the opcode table
//! (defined once, in [`opcodes!`], from which names and stack effects are
//! derived), [`CodeObject`] with its constants, names, line table and
//! CPython-3.11-style zero-cost exception table, and a disassembler.
//!
//! It must never know about runtime values or the heap: constants are plain
//! Rust data ([`Constant`]) that the runtime materializes when it loads a
//! code object.

use std::fmt::Write as _;
use std::rc::Rc;

pub mod serial;

pub use num_bigint::BigInt;

/// Defines the opcode enum once; names and stack effects are derived from
/// this table. Each row: `Name => |arg, jump| stack_effect`.
macro_rules! opcodes {
    ($( $(#[$doc:meta])* $name:ident => |$arg:ident, $jump:ident| $effect:expr ;)*) => {
        /// One bytecode operation. The operand lives in [`Instruction::arg`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Opcode { $( $(#[$doc])* $name, )* }

        impl Opcode {
            /// Every opcode, in table order.
            pub const ALL: &'static [Opcode] = &[ $(Opcode::$name,)* ];

            /// The opcode's name in CPython's SCREAMING_CASE style.
            pub fn name(self) -> &'static str {
                static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
                let names = NAMES.get_or_init(|| vec![$(screaming_case(stringify!($name)),)*]);
                &names[self as usize]
            }

            /// Net change of the value-stack depth. `jump` selects the effect
            /// on the branch-taken edge for instructions that jump.
            #[allow(unused_variables)]
            pub fn stack_effect(self, arg: u32, jump: bool) -> i32 {
                match self { $(Opcode::$name => { let $arg = arg as i32; let $jump = jump; $effect },)* }
            }
        }
    };
}

/// Converts `CamelCase` into `CAMEL_CASE` (opcode names; the `uops`
/// crate's names too, with a leading `_`).
pub fn screaming_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

opcodes! {
    Nop => |a, j| 0;
    PopTop => |a, j| -1;
    /// Interactive mode: pass the top value to `sys.displayhook` (echo its
    /// `repr` and bind it to `builtins._` unless it is `None`), then pop it.
    PrintExpr => |a, j| -1;
    /// Push the NULL marker used in the call protocol `[callable, self_or_null, args...]`.
    PushNull => |a, j| 1;
    /// Push a copy of the item `arg` places down (1 = top).
    Copy => |a, j| 1;
    /// Swap the top item with the one `arg` places down.
    Swap => |a, j| 0;
    LoadConst => |a, j| 1;
    LoadFast => |a, j| 1;
    StoreFast => |a, j| -1;
    DeleteFast => |a, j| 0;
    /// Load the contents of cell/free variable `arg` (index into cells then frees).
    LoadDeref => |a, j| 1;
    StoreDeref => |a, j| -1;
    DeleteDeref => |a, j| 0;
    /// Push the cell object itself (to build a closure tuple).
    LoadClosure => |a, j| 1;
    /// Pushes the global (or built-in) named `names[oparg >> 1]`, then a
    /// NULL when bit 0 is set (a call's empty self slot).
    LoadGlobal => |a, j| 1 + (a & 1);
    StoreGlobal => |a, j| -1;
    DeleteGlobal => |a, j| 0;
    /// A name in a class body: the namespace, then globals, then builtins.
    LoadName => |a, j| 1;
    StoreName => |a, j| -1;
    DeleteName => |a, j| 0;
    /// Push `__build_class__` (what a `class` statement calls).
    LoadBuildClass => |a, j| 1;
    /// `arg >> 1` is the name index; `arg & 1` asks for a method load, which
    /// pushes `[method, self]` or `[attribute, NULL]`.
    LoadAttr => |a, j| if a & 1 == 1 { 1 } else { 0 };
    StoreAttr => |a, j| -2;
    DeleteAttr => |a, j| -1;
    /// `arg` is a [`BinaryOperator`] (in-place forms included).
    BinaryOp => |a, j| -1;
    UnaryNegative => |a, j| 0;
    UnaryPositive => |a, j| 0;
    UnaryNot => |a, j| 0;
    UnaryInvert => |a, j| 0;
    /// `arg` is a [`ComparisonOperator`].
    CompareOp => |a, j| -1;
    /// `is` (arg 0) or `is not` (arg 1).
    IsOp => |a, j| -1;
    /// `in` (arg 0) or `not in` (arg 1).
    ContainsOp => |a, j| -1;
    BinarySubscr => |a, j| -1;
    StoreSubscr => |a, j| -3;
    DeleteSubscr => |a, j| -2;
    BuildSlice => |a, j| 1 - a;
    /// `container[start:stop]` with no step (CPython 3.12's form): the
    /// bounds stay on the stack, no slice object is built for a list,
    /// tuple or str.
    BinarySlice => |a, j| -2;
    /// `container[start:stop] = value` with no step.
    StoreSlice => |a, j| -4;
    BuildTuple => |a, j| 1 - a;
    BuildList => |a, j| 1 - a;
    BuildSet => |a, j| 1 - a;
    /// `arg` key/value pairs.
    BuildMap => |a, j| 1 - 2 * a;
    BuildString => |a, j| 1 - a;
    /// Append TOS to the list `arg` places down (after popping TOS).
    ListAppend => |a, j| -1;
    SetAdd => |a, j| -1;
    MapAdd => |a, j| -2;
    ListExtend => |a, j| -1;
    SetUpdate => |a, j| -1;
    DictUpdate => |a, j| -1;
    /// Like `DictUpdate`, but a repeated key is a `TypeError` (for `f(**kw)`).
    DictMerge => |a, j| -1;
    ListToTuple => |a, j| 0;
    /// `arg & 3`: conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`); `arg & 4`: a
    /// format spec is on top of the value.
    FormatValue => |a, j| if a & 4 != 0 { -1 } else { 0 };
    UnpackSequence => |a, j| a - 1;
    /// `arg & 0xff` targets before the star, `arg >> 8` after it.
    UnpackEx => |a, j| (a & 0xff) + (a >> 8);
    GetIter => |a, j| 0;
    /// Push the next item, or pop the iterator and jump to `arg` when exhausted.
    ForIter => |a, j| if j { -1 } else { 1 };
    /// Forward jump to the absolute instruction index `arg`.
    Jump => |a, j| 0;
    /// Backward jump to `arg`: a loop edge, and a safe point for the GC.
    JumpBackward => |a, j| 0;
    PopJumpIfFalse => |a, j| -1;
    PopJumpIfTrue => |a, j| -1;
    PopJumpIfNone => |a, j| -1;
    PopJumpIfNotNone => |a, j| -1;
    JumpIfFalseOrPop => |a, j| if j { 0 } else { -1 };
    JumpIfTrueOrPop => |a, j| if j { 0 } else { -1 };
    ReturnValue => |a, j| -1;
    ReturnConst => |a, j| 0;
    /// Pops the code object, then (by `arg` bits) closure tuple (8),
    /// keyword defaults dict (2) and defaults tuple (1); pushes the function.
    MakeFunction => |a, j| -((a & 1) + ((a >> 1) & 1) + ((a >> 3) & 1));
    /// Stack: `[callable, self_or_null, arg1 .. argN]` → `[result]`.
    Call => |a, j| -(a + 1);
    /// Like `Call`, with a tuple of keyword names on top; the last
    /// `len(names)` arguments are the keyword values.
    CallKw => |a, j| -(a + 2);
    /// `[callable, self_or_null, args_tuple, kwargs_dict if arg & 1]`.
    CallFunctionEx => |a, j| -(1 + (a & 1)) - 1;
    /// `raise` (0), `raise exc` (1), `raise exc from cause` (2).
    RaiseVarargs => |a, j| -a;
    /// Handler entry: `[exc]` → `[previous_exc_info, exc]`.
    PushExcInfo => |a, j| 1;
    /// Handler exit: pops the saved exception info and restores it.
    PopExcept => |a, j| -1;
    /// `[exc, type]` → `[exc, bool]`.
    CheckExcMatch => |a, j| 0;
    /// Re-raise TOS.
    Reraise => |a, j| -1;
    /// `[manager]` → `[bound __exit__, __enter__() result]`.
    BeforeWith => |a, j| 1;
    /// `[exit, previous, exc]` → `[exit, previous, exc, exit(type, exc, tb)]`.
    WithExceptStart => |a, j| 1;
        LoadAssertionError => |a, j| 1;
        /// Suspend the generator, handing TOS to whoever resumed it; on
    /// resumption the sent value replaces it.
    YieldValue => |a, j| 0;
    /// Replace TOS with `bool(TOS)` (before a branch on a non-bool).
    ToBool => |a, j| 0;
    /// `[level, fromlist]` → `[module]`: imports the module named by name
    /// `arg` (CPython's `__import__` semantics).
    ImportName => |a, j| -1;
    /// `[module]` → `[module, module.name]` for name `arg`, falling back
    /// to the submodule `module.name` in `sys.modules`.
    ImportFrom => |a, j| 1;
    /// `[module]` → `[]`: binds the module's public names in the current
    /// namespace (`from m import *`).
    ImportStar => |a, j| -1;
    /// Creates `__annotations__` in the current namespace if missing.
    SetupAnnotations => |a, j| 0;

    // ---- Specialized forms (tier 1). Each belongs to the family named by
    // `Opcode::family` and has the family's stack effect.
    ToBoolBool => |a, j| 0;
    ToBoolInt => |a, j| 0;
    ToBoolNone => |a, j| 0;
    ToBoolList => |a, j| 0;
    ToBoolStr => |a, j| 0;
    BinaryOpAddInt => |a, j| -1;
    BinaryOpSubtractInt => |a, j| -1;
    BinaryOpMultiplyInt => |a, j| -1;
    BinaryOpFloorDivideInt => |a, j| -1;
    BinaryOpRemainderInt => |a, j| -1;
    /// `&`, `|`, `^`, `>>`, `<<` (the operator from `arg`) on two inline
    /// ints.
    BinaryOpBitwiseInt => |a, j| -1;
    /// Any operator on two ints of which at least one is wide (past 2^47,
    /// within 128 bits): machine-word arithmetic, no type dispatch.
    BinaryOpWideInt => |a, j| -1;
    BinaryOpAddFloat => |a, j| -1;
    BinaryOpSubtractFloat => |a, j| -1;
    BinaryOpMultiplyFloat => |a, j| -1;
    BinaryOpTrueDivideFloat => |a, j| -1;
    BinaryOpAddStr => |a, j| -1;
    CompareOpInt => |a, j| -1;
    CompareOpFloat => |a, j| -1;
    CompareOpStr => |a, j| -1;
    /// `==` or `!=` where both operands compare by identity alone (instances
    /// of classes without comparison methods, or built-in values beside
    /// one): `is` / `is not`.
    CompareOpIdentity => |a, j| -1;
    LoadGlobalModule => |a, j| 1 + (a & 1);
    LoadGlobalBuiltin => |a, j| 1 + (a & 1);
    BinarySubscrListInt => |a, j| -1;
    BinarySubscrTupleInt => |a, j| -1;
    BinarySubscrDict => |a, j| -1;
    BinarySubscrStrInt => |a, j| -1;
    /// `container[key]` on an instance whose class's `__getitem__` is a
    /// native function (`array.array`): cached (class, version, function).
    BinarySubscrNativeMethod => |a, j| -1;
    /// `container[key]` on an instance whose class's `__getitem__` is a
    /// plain Python function of two parameters: enters it as a frame
    /// (CPython's `BINARY_SUBSCR_GETITEM`); cached (class, version,
    /// function).
    BinarySubscrGetitem => |a, j| -1;
    /// `container[key]` on an instance of a `dict` subclass that does not
    /// override `__getitem__` (`defaultdict`, `Counter`): a lookup in the
    /// dict it carries; a missing key takes the protocol (`__missing__`).
    /// Cached (class, version).
    BinarySubscrDictSubclass => |a, j| -1;
    StoreSubscrListInt => |a, j| -3;
    StoreSubscrDict => |a, j| -3;
    /// `container[key] = value` through a native `__setitem__`, cached
    /// like [`Opcode::BinarySubscrNativeMethod`].
    StoreSubscrNativeMethod => |a, j| -3;
    CallPyExactArgs => |a, j| -(a + 1);
    CallPyWithDefaults => |a, j| -(a + 1);
    CallBuiltinLen => |a, j| -(a + 1);
    CallBuiltinIsinstance => |a, j| -(a + 1);
    CallListAppend => |a, j| -(a + 1);
    CallBuiltinFast => |a, j| -(a + 1);
    /// A class call: allocate the instance, enter its Python `__init__`.
    CallAllocAndEnterInit => |a, j| -(a + 1);
    /// A call of a built-in type (`type(x)`, `list(xs)`, `int(s)`): guards
    /// the type's identity; `type(x)` answers without a call.
    CallBuiltinClass => |a, j| -(a + 1);
    ForIterRange => |a, j| if j { -1 } else { 1 };
    ForIterList => |a, j| if j { -1 } else { 1 };
    ForIterTuple => |a, j| if j { -1 } else { 1 };
    /// `enumerate` over a list or tuple iterator: the pair from a pooled
    /// tuple buffer, no call into the iterator protocol.
    ForIterEnumerate => |a, j| if j { -1 } else { 1 };
    /// Any other built-in iterator (`zip`, `reversed`, dict views, `str`,
    /// sets, `map`, `filter`): advanced natively, without the iterator
    /// protocol's lookups.
    ForIterBuiltin => |a, j| if j { -1 } else { 1 };
    UnpackSequenceTwoTuple => |a, j| a - 1;
    UnpackSequenceTuple => |a, j| a - 1;
    UnpackSequenceList => |a, j| a - 1;
    ContainsOpDict => |a, j| -1;
    ContainsOpSet => |a, j| -1;
    /// `item in container` for a list, tuple or str whose compared values
    /// are all built-in scalars (no `__eq__` can run).
    ContainsOpSequence => |a, j| -1;
    /// An instance attribute: guards class, class version and shape, then
    /// loads from the values array.
    LoadAttrInstanceValue => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// A method call's load (`arg & 1`): guards class, version and shape
    /// (no instance attribute shadows it), pushes `[function, self]`.
    LoadAttrMethod => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// A plain class attribute read through an instance (no instance
    /// attribute shadows it: the shape guard says so).
    LoadAttrClassAttribute => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// A plain attribute read from a user class itself (`Color.RED`,
    /// `Config.LIMIT`), guarded on the class and metaclass versions.
    LoadAttrType => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// `Class.method(...)` where `method` is a classmethod of a Python
    /// function: pushes the function and the class as its first argument
    /// (no bound method); cached like [`Opcode::LoadAttrType`].
    LoadAttrClassMethod => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// `obj.method(...)` on an instance of a built-in subclass (`class
    /// L(list)`) whose `method` is the built-in type's: pushes the method
    /// descriptor and the built-in value the instance carries (what the
    /// generic call hands the method); guarded like `LOAD_ATTR_METHOD`.
    LoadAttrMethodOfBase => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// A `property` read through an instance: calls its getter.
    LoadAttrProperty => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// An attribute of a module (`math.sqrt`): guarded by the module
    /// dict's keys version, like `LoadGlobalModule`.
    LoadAttrModule => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// A method call's load on a built-in value (`items.append`,
    /// `d.get`, `s.split`): guards the value's exact built-in type, pushes
    /// `[method descriptor, self]`.
    LoadAttrMethodBuiltin => |a, j| if a & 1 == 1 { 1 } else { 0 };
    /// Stores an existing instance attribute, or adds the next one along a
    /// cached shape transition.
    StoreAttrInstanceValue => |a, j| -2;
}

impl Opcode {
    /// The generic (adaptive) instruction a specialized form belongs to;
    /// a generic instruction is its own family. The one place family
    /// membership is defined.
    pub fn family(self) -> Opcode {
        use Opcode::*;
        match self {
            ToBoolBool | ToBoolInt | ToBoolNone | ToBoolList | ToBoolStr => ToBool,
            BinaryOpAddInt
            | BinaryOpSubtractInt
            | BinaryOpMultiplyInt
            | BinaryOpFloorDivideInt
            | BinaryOpRemainderInt
            | BinaryOpBitwiseInt
            | BinaryOpWideInt
            | BinaryOpAddFloat
            | BinaryOpSubtractFloat
            | BinaryOpMultiplyFloat
            | BinaryOpTrueDivideFloat
            | BinaryOpAddStr => BinaryOp,
            CompareOpInt | CompareOpFloat | CompareOpStr | CompareOpIdentity => CompareOp,
            LoadGlobalModule | LoadGlobalBuiltin => LoadGlobal,
            BinarySubscrListInt
            | BinarySubscrTupleInt
            | BinarySubscrDict
            | BinarySubscrStrInt
            | BinarySubscrNativeMethod
            | BinarySubscrGetitem
            | BinarySubscrDictSubclass => BinarySubscr,
            StoreSubscrListInt | StoreSubscrDict | StoreSubscrNativeMethod => StoreSubscr,
            CallPyExactArgs
            | CallPyWithDefaults
            | CallBuiltinLen
            | CallBuiltinIsinstance
            | CallListAppend
            | CallBuiltinFast
            | CallAllocAndEnterInit
            | CallBuiltinClass => Call,
            ForIterRange | ForIterList | ForIterTuple | ForIterEnumerate | ForIterBuiltin => {
                ForIter
            }
            UnpackSequenceTwoTuple | UnpackSequenceTuple | UnpackSequenceList => UnpackSequence,
            ContainsOpDict | ContainsOpSet | ContainsOpSequence => ContainsOp,
            LoadAttrInstanceValue
            | LoadAttrMethod
            | LoadAttrClassAttribute
            | LoadAttrType
            | LoadAttrClassMethod
            | LoadAttrMethodOfBase
            | LoadAttrProperty
            | LoadAttrModule
            | LoadAttrMethodBuiltin => LoadAttr,
            StoreAttrInstanceValue => StoreAttr,
            other => other,
        }
    }

    pub fn is_specialized(self) -> bool {
        self.family() != self
    }

    /// Generic instructions that count executions and specialize.
    pub fn is_adaptive(self) -> bool {
        use Opcode::*;
        matches!(
            self,
            ToBool
                | BinaryOp
                | CompareOp
                | LoadGlobal
                | BinarySubscr
                | StoreSubscr
                | Call
                | ForIter
                | UnpackSequence
                | ContainsOp
                | LoadAttr
                | StoreAttr
        )
    }
}

/// Per-instruction inline cache: the warm-up/backoff counter of adaptive
/// instructions and the data specialized forms guard on. One per
/// instruction, beside the instruction array (`CodeObject`'s layout never
/// changes). Attribute families (classes, modules) fit in `data*`.
#[derive(Default, Debug)]
pub struct InlineCache {
    /// Executions left before (re)trying to specialize.
    pub counter: std::cell::Cell<u16>,
    /// How many times specialization failed or deoptimized (backoff step).
    pub backoff: std::cell::Cell<u16>,
    /// Guard failures since the last specialization.
    pub misses: std::cell::Cell<u16>,
    /// After a tolerated miss: 1 + the specialized opcode to put back once
    /// the family's generic code has run (0 = nothing to restore).
    pub restore: std::cell::Cell<u16>,
    pub data: std::cell::Cell<u64>,
    pub data2: std::cell::Cell<u64>,
    pub data3: std::cell::Cell<u64>,
}

/// Binary operators, in the order CPython numbers `BINARY_OP`'s oparg.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum BinaryOperator {
    Add,
    And,
    FloorDivide,
    LShift,
    MatrixMultiply,
    Multiply,
    Remainder,
    Or,
    Power,
    RShift,
    Subtract,
    TrueDivide,
    Xor,
}

impl BinaryOperator {
    pub const ALL: [BinaryOperator; 13] = [
        Self::Add,
        Self::And,
        Self::FloorDivide,
        Self::LShift,
        Self::MatrixMultiply,
        Self::Multiply,
        Self::Remainder,
        Self::Or,
        Self::Power,
        Self::RShift,
        Self::Subtract,
        Self::TrueDivide,
        Self::Xor,
    ];
    /// Offset added to an operator's oparg for its in-place (`+=`) form.
    pub const INPLACE: u32 = 13;

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::And => "&",
            Self::FloorDivide => "//",
            Self::LShift => "<<",
            Self::MatrixMultiply => "@",
            Self::Multiply => "*",
            Self::Remainder => "%",
            Self::Or => "|",
            Self::Power => "**",
            Self::RShift => ">>",
            Self::Subtract => "-",
            Self::TrueDivide => "/",
            Self::Xor => "^",
        }
    }

    /// The augmented-assignment spelling (`+=`), for error messages.
    pub fn inplace_symbol(self) -> &'static str {
        match self {
            Self::Add => "+=",
            Self::And => "&=",
            Self::FloorDivide => "//=",
            Self::LShift => "<<=",
            Self::MatrixMultiply => "@=",
            Self::Multiply => "*=",
            Self::Remainder => "%=",
            Self::Or => "|=",
            Self::Power => "**=",
            Self::RShift => ">>=",
            Self::Subtract => "-=",
            Self::TrueDivide => "/=",
            Self::Xor => "^=",
        }
    }

    /// Decodes a `BINARY_OP` oparg into the operator and whether it is in-place.
    pub fn from_oparg(arg: u32) -> Option<(BinaryOperator, bool)> {
        let inplace = arg >= Self::INPLACE;
        let index = if inplace { arg - Self::INPLACE } else { arg };
        Self::ALL.get(index as usize).map(|op| (*op, inplace))
    }
}

/// Rich comparison operators, numbered like CPython's `Py_LT` ... `Py_GE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ComparisonOperator {
    Less,
    LessEqual,
    Equal,
    NotEqual,
    Greater,
    GreaterEqual,
}

impl ComparisonOperator {
    pub const ALL: [ComparisonOperator; 6] = [
        Self::Less,
        Self::LessEqual,
        Self::Equal,
        Self::NotEqual,
        Self::Greater,
        Self::GreaterEqual,
    ];
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Less => "<",
            Self::LessEqual => "<=",
            Self::Equal => "==",
            Self::NotEqual => "!=",
            Self::Greater => ">",
            Self::GreaterEqual => ">=",
        }
    }
    pub fn from_oparg(arg: u32) -> Option<ComparisonOperator> {
        Self::ALL.get(arg as usize).copied()
    }
    /// The operator with its operands swapped (`a < b` ⇔ `b > a`).
    pub fn swapped(self) -> ComparisonOperator {
        match self {
            Self::Less => Self::Greater,
            Self::LessEqual => Self::GreaterEqual,
            Self::Greater => Self::Less,
            Self::GreaterEqual => Self::LessEqual,
            other => other,
        }
    }
}

/// One instruction: 8 bytes, operand always present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Instruction {
    pub opcode: Opcode,
    pub arg: u32,
}

impl Instruction {
    pub fn new(opcode: Opcode, arg: u32) -> Self {
        Instruction { opcode, arg }
    }
    /// The absolute jump target, for instructions that jump.
    pub fn jump_target(&self) -> Option<u32> {
        use Opcode::*;
        match self.opcode.family() {
            ForIter | Jump | JumpBackward | PopJumpIfFalse | PopJumpIfTrue | PopJumpIfNone
            | PopJumpIfNotNone | JumpIfFalseOrPop | JumpIfTrueOrPop => Some(self.arg),
            _ => None,
        }
    }
    /// True when control never falls through to the next instruction.
    pub fn is_terminator(&self) -> bool {
        use Opcode::*;
        matches!(
            self.opcode,
            Jump | JumpBackward | ReturnValue | ReturnConst | RaiseVarargs | Reraise
        )
    }
}

/// A compile-time constant, independent of the runtime's value layout.
#[derive(Clone, Debug)]
pub enum Constant {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Constant]>),
    /// A constant set display of three or more items (`{1, 2, 3}`),
    /// items in source order: loaded as the frozenset CPython's compiler
    /// makes for it, then copied into a new set by `SET_UPDATE`.
    FrozenSet(Rc<[Constant]>),
    Ellipsis,
    Code(Rc<CodeObject>),
}

impl PartialEq for Constant {
    /// Identity-preserving equality used to de-duplicate the constant pool:
    /// `1`, `1.0` and `True` stay distinct, and `0.0` differs from `-0.0`.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
            (Constant::Bool(a), Constant::Bool(b)) => a == b,
            (Constant::Int(a), Constant::Int(b)) => a == b,
            (Constant::Float(a), Constant::Float(b)) => a.to_bits() == b.to_bits(),
            (Constant::Str(a), Constant::Str(b)) => a == b,
            (Constant::Bytes(a), Constant::Bytes(b)) => a == b,
            (Constant::Tuple(a), Constant::Tuple(b)) => a == b,
            (Constant::FrozenSet(a), Constant::FrozenSet(b)) => a == b,
            (Constant::Code(a), Constant::Code(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Constant {}

impl std::hash::Hash for Constant {
    /// Consistent with `eq`: floats by bits, code objects by identity.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Constant::None | Constant::Ellipsis => {}
            Constant::Bool(b) => b.hash(state),
            Constant::Int(i) => i.hash(state),
            Constant::Float(f) => f.to_bits().hash(state),
            Constant::Str(s) => s.hash(state),
            Constant::Bytes(b) => b.hash(state),
            Constant::Tuple(items) | Constant::FrozenSet(items) => items.hash(state),
            Constant::Code(code) => std::ptr::hash(Rc::as_ptr(code), state),
        }
    }
}

/// One row of the zero-cost exception table: an exception raised by an
/// instruction in `start..end` jumps to `target` with the value stack cut to
/// `depth` (plus the offending instruction index when `push_lasti`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionTableEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub push_lasti: bool,
}

/// Code flags (a subset of CPython's `co_flags`).
pub mod flags {
    pub const VARARGS: u32 = 0x04;
    pub const VARKEYWORDS: u32 = 0x08;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    pub const MODULE: u32 = 0x1000;
    /// The body of a `class` statement: names live in a namespace dict.
    pub const CLASS_BODY: u32 = 0x2000;
}

/// A `__qualname__` as a chain (`outer.<locals>.inner`): each code object
/// shares its parent's name instead of copying it, so deeply nested
/// definitions take memory linear in their depth. Rendered on demand.
#[derive(Debug, Default)]
pub struct QualifiedName {
    pub parent: Option<Rc<QualifiedName>>,
    pub name: Rc<str>,
    /// A class: names defined in it read `Class.name`, not
    /// `Class.<locals>.name`.
    pub is_class: bool,
}

impl QualifiedName {
    /// A nested function's name: `parent.<locals>.name`.
    pub fn nested(parent: Option<Rc<QualifiedName>>, name: &str) -> Rc<QualifiedName> {
        Rc::new(QualifiedName {
            parent,
            name: name.into(),
            is_class: false,
        })
    }

    /// A class's name: `parent.<locals>.Name` (or `Outer.Name`).
    pub fn class(parent: Option<Rc<QualifiedName>>, name: &str) -> Rc<QualifiedName> {
        Rc::new(QualifiedName {
            parent,
            name: name.into(),
            is_class: true,
        })
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Iterative: the chain may be thousands of links long.
        let mut parts = vec![(&*self.name, self.is_class)];
        let mut current = self.parent.as_deref();
        while let Some(link) = current {
            parts.push((&link.name, link.is_class));
            current = link.parent.as_deref();
        }
        let mut previous_is_class = false;
        for (i, (part, is_class)) in parts.iter().rev().enumerate() {
            if i > 0 {
                f.write_str(if previous_is_class { "." } else { ".<locals>." })?;
            }
            f.write_str(part)?;
            previous_is_class = *is_class;
        }
        Ok(())
    }
}

/// A compiled function body (or module body).
#[derive(Clone, Debug, Default)]
pub struct CodeObject {
    pub name: Rc<str>,
    /// The function's docstring (`__doc__`), if its body starts with one.
    pub docstring: Option<Rc<str>>,
    pub qualname: Rc<QualifiedName>,
    pub filename: Rc<str>,
    pub first_line: u32,
    /// Positional parameters, including positional-only ones.
    pub arg_count: u32,
    pub positional_only_count: u32,
    pub keyword_only_count: u32,
    pub flags: u32,
    /// Local variable names; parameters come first in declaration order,
    /// then `*args`, then `**kwargs`.
    pub varnames: Vec<Rc<str>>,
    /// Variables of this scope captured by inner scopes (stored in cells).
    pub cellvars: Vec<Rc<str>>,
    /// For each cell variable that is also a parameter, its parameter index.
    pub cell_parameters: Vec<Option<u32>>,
    /// Variables captured from enclosing scopes.
    pub freevars: Vec<Rc<str>>,
    /// Global and attribute names.
    pub names: Vec<Rc<str>>,
    pub constants: Vec<Constant>,
    pub instructions: Vec<Instruction>,
    /// Source line of each instruction (same length as `instructions`).
    pub lines: Vec<u32>,
    pub exception_table: Vec<ExceptionTableEntry>,
    /// Maximum value-stack depth.
    pub stack_size: u32,
}

impl CodeObject {
    /// Slots in `localsplus`: locals, then cells, then free variables.
    pub fn localsplus_count(&self) -> usize {
        self.varnames.len() + self.cellvars.len() + self.freevars.len()
    }

    pub fn has_varargs(&self) -> bool {
        self.flags & flags::VARARGS != 0
    }

    pub fn has_varkeywords(&self) -> bool {
        self.flags & flags::VARKEYWORDS != 0
    }

    /// Calling this code makes a generator instead of running it.
    pub fn is_generator(&self) -> bool {
        self.flags & flags::GENERATOR != 0
    }

    /// The innermost handler covering instruction `index`, if any.
    pub fn find_handler(&self, index: u32) -> Option<&ExceptionTableEntry> {
        self.exception_table
            .iter()
            .filter(|e| e.start <= index && index < e.end)
            .min_by_key(|e| e.end - e.start)
    }

    /// Name of the cell or free variable in deref slot `index`.
    pub fn deref_name(&self, index: u32) -> &str {
        let index = index as usize;
        if index < self.cellvars.len() {
            &self.cellvars[index]
        } else {
            self.freevars
                .get(index - self.cellvars.len())
                .map_or("?", |s| s)
        }
    }

    /// A `dis`-style listing of this code object and every nested one.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        self.disassemble_into(&mut out);
        out
    }

    /// A listing of this code object alone, with `instructions` in place
    /// of its own (for showing specialized forms after a run).
    pub fn disassemble_instructions(&self, instructions: &[Instruction]) -> String {
        let mut out = String::new();
        self.list(&mut out, instructions);
        out
    }

    fn disassemble_into(&self, out: &mut String) {
        self.list(out, &self.instructions);
        for constant in &self.constants {
            if let Constant::Code(code) = constant {
                out.push('\n');
                code.disassemble_into(out);
            }
        }
    }

    fn list(&self, out: &mut String, instructions: &[Instruction]) {
        let _ = writeln!(out, "Disassembly of <code object {}>:", self.qualname);
        let targets: std::collections::HashSet<u32> = instructions
            .iter()
            .filter_map(|i| i.jump_target())
            .chain(self.exception_table.iter().map(|e| e.target))
            .collect();
        let mut last_line = 0;
        for (index, instruction) in instructions.iter().enumerate() {
            let line = self.lines.get(index).copied().unwrap_or(0);
            let line_text = if line != last_line {
                last_line = line;
                format!("{line:>4}")
            } else {
                "    ".to_string()
            };
            let marker = if targets.contains(&(index as u32)) {
                ">>"
            } else {
                "  "
            };
            let _ = writeln!(
                out,
                "{line_text} {marker} {index:>5} {:<22} {:<4} {}",
                instruction.opcode.name(),
                instruction.arg,
                self.describe_arg(instruction)
            );
        }
        if !self.exception_table.is_empty() {
            let _ = writeln!(out, "ExceptionTable:");
            for e in &self.exception_table {
                let _ = writeln!(
                    out,
                    "  {} to {} -> {} [{}]{}",
                    e.start,
                    e.end,
                    e.target,
                    e.depth,
                    if e.push_lasti { " lasti" } else { "" }
                );
            }
        }
    }

    fn describe_arg(&self, instruction: &Instruction) -> String {
        use Opcode::*;
        let arg = instruction.arg as usize;
        let name =
            |list: &[Rc<str>], i: usize| list.get(i).map_or("?".to_string(), |s| s.to_string());
        match instruction.opcode.family() {
            LoadConst | ReturnConst => self
                .constants
                .get(arg)
                .map_or("?".into(), |c| format!("({})", describe_constant(c))),
            LoadFast | StoreFast | DeleteFast => format!("({})", name(&self.varnames, arg)),
            LoadDeref | StoreDeref | DeleteDeref | LoadClosure => {
                format!("({})", self.deref_name(instruction.arg))
            }
            StoreGlobal | DeleteGlobal | LoadName | StoreName | DeleteName | StoreAttr
            | DeleteAttr => {
                format!("({})", name(&self.names, arg))
            }
            LoadGlobal => format!(
                "({}{})",
                name(&self.names, arg >> 1),
                if arg & 1 == 1 { " + NULL" } else { "" }
            ),
            LoadAttr => format!(
                "({}{})",
                name(&self.names, arg >> 1),
                if arg & 1 == 1 { " + method" } else { "" }
            ),
            BinaryOp => BinaryOperator::from_oparg(instruction.arg)
                .map_or("?".into(), |(op, inplace)| {
                    format!("({}{})", op.symbol(), if inplace { "=" } else { "" })
                }),
            CompareOp => ComparisonOperator::from_oparg(instruction.arg)
                .map_or("?".into(), |op| format!("({})", op.symbol())),
            _ => match instruction.jump_target() {
                Some(target) => format!("(to {target})"),
                None => String::new(),
            },
        }
    }
}

fn describe_constant(constant: &Constant) -> String {
    match constant {
        Constant::None => "None".into(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
        Constant::Int(i) => i.to_string(),
        Constant::Float(f) => format!("{f:?}"),
        Constant::Str(s) => format!("{s:?}"),
        Constant::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
        Constant::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(describe_constant).collect();
            format!("({})", parts.join(", "))
        }
        Constant::FrozenSet(items) => {
            let parts: Vec<String> = items.iter().map(describe_constant).collect();
            format!("frozenset({{{}}})", parts.join(", "))
        }
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Code(code) => format!("<code object {}>", code.name),
    }
}

/// Computes the maximum value-stack depth by flow analysis over the
/// instructions and exception handlers. Returns an error message if two
/// paths reach one instruction with different depths (a compiler bug).
pub fn compute_stack_size(code: &CodeObject) -> Result<u32, String> {
    let count = code.instructions.len();
    let mut depth_at: Vec<Option<i32>> = vec![None; count];
    let mut worklist: Vec<(usize, i32)> = vec![(0, 0)];
    for entry in &code.exception_table {
        worklist.push((
            entry.target as usize,
            entry.depth as i32 + 1 + entry.push_lasti as i32,
        ));
    }
    let mut max_depth = 0;
    while let Some((index, depth)) = worklist.pop() {
        if index >= count {
            continue;
        }
        match depth_at[index] {
            Some(known) if known == depth => continue,
            Some(known) => {
                return Err(format!(
                    "inconsistent stack depth at {index} in {}: {known} vs {depth}",
                    code.qualname
                ));
            }
            None => depth_at[index] = Some(depth),
        }
        let instruction = code.instructions[index];
        max_depth = max_depth.max(depth);
        if let Some(target) = instruction.jump_target() {
            let jumped = depth + instruction.opcode.stack_effect(instruction.arg, true);
            max_depth = max_depth.max(jumped);
            worklist.push((target as usize, jumped));
        }
        if !instruction.is_terminator() {
            let next = depth + instruction.opcode.stack_effect(instruction.arg, false);
            if next < 0 {
                return Err(format!("stack underflow at {index} in {}", code.qualname));
            }
            max_depth = max_depth.max(next);
            worklist.push((index + 1, next));
        }
    }
    Ok(max_depth as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opcode_names_are_screaming_case() {
        assert_eq!(Opcode::LoadFast.name(), "LOAD_FAST");
        assert_eq!(Opcode::CallFunctionEx.name(), "CALL_FUNCTION_EX");
        assert_eq!(Opcode::Nop.name(), "NOP");
    }

    #[test]
    fn instruction_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Instruction>(), 8);
    }

    #[test]
    fn binary_operator_oparg_round_trips() {
        for (i, op) in BinaryOperator::ALL.iter().enumerate() {
            assert_eq!(BinaryOperator::from_oparg(i as u32), Some((*op, false)));
            assert_eq!(
                BinaryOperator::from_oparg(i as u32 + BinaryOperator::INPLACE),
                Some((*op, true))
            );
        }
        assert_eq!(BinaryOperator::from_oparg(26), None);
    }

    #[test]
    fn stack_size_follows_branches() {
        let code = CodeObject {
            instructions: vec![
                Instruction::new(Opcode::LoadConst, 0),
                Instruction::new(Opcode::PopJumpIfFalse, 4),
                Instruction::new(Opcode::LoadConst, 0),
                Instruction::new(Opcode::LoadConst, 0),
                Instruction::new(Opcode::ReturnConst, 0),
            ],
            ..Default::default()
        };
        // Path 0→1→2→3 reaches depth 2; the jump edge reaches 4 at depth 0,
        // the fall-through reaches it at depth 2: a mismatch is reported.
        assert!(compute_stack_size(&code).is_err());
    }

    #[test]
    fn constant_equality_keeps_types_apart() {
        assert_ne!(Constant::Int(1.into()), Constant::Bool(true));
        assert_ne!(Constant::Float(0.0), Constant::Float(-0.0));
        assert_eq!(Constant::Str("a".into()), Constant::Str("a".into()));
    }
}
