//! Tier 2's micro-ops, defined once.
//!
//! This crate owns the uop set ([`uops!`] declares every uop once: its
//! name, its stack inputs and outputs, its flags and its help text), the
//! expansion of each tier-1 instruction into uops ([`expansion`]), and the
//! [`Trace`] the recorder builds, the optimizer rewrites and the executor
//! (and later the JIT) runs. The stencils of the JIT issue are named after
//! the uops of this table.
//!
//! It must never know about runtime values or the heap: operands are raw
//! words ([`TraceOp::operand0`]) that the executor interprets.
//!
//! # Exits
//!
//! Every uop that can leave the trace ([`flags::DEOPT`]) leaves it at the
//! *start* of the bytecode instruction it came from ([`TraceOp::target`]),
//! with the frame exactly as it was when that instruction began: in each
//! expansion the guards come first, and an action that can fail checks
//! before it writes anything. Tier 1 then runs that instruction itself.

use std::fmt;

use bytecode::Opcode;

/// What a uop may do, for the optimizer and the backends. A uop with no
/// flags only moves values between the stack and the frame.
pub mod flags {
    /// Checks a fact about its inputs and leaves the trace when it does not
    /// hold; no other effect. The optimizer drops a guard whose fact it
    /// already knows.
    pub const GUARD: u16 = 1 << 0;
    /// May leave the trace (at the start of its instruction).
    pub const DEOPT: u16 = 1 << 1;
    /// May run arbitrary Python code or collect garbage: facts about the
    /// heap (not about locals' types) do not survive it.
    pub const ESCAPES: u16 = 1 << 2;
    /// No effect but its outputs: removable when they are unused, and
    /// foldable when its inputs are constants.
    pub const PURE: u16 = 1 << 3;
    /// Control never reaches the next uop.
    pub const ENDS: u16 = 1 << 4;
    /// May raise a Python exception.
    pub const RAISES: u16 = 1 << 5;
    /// `operand0` is a value (a class, a function) the trace relies on:
    /// the executor keeps it alive.
    pub const EMBEDS_VALUE: u16 = 1 << 6;
}

/// Defines the uop enum once; names, stack effects, flags and help text are
/// derived from this table. Each row:
/// `Name => |oparg| (inputs, outputs), FLAGS, "help";`.
macro_rules! uops {
    ($( $name:ident => |$arg:ident| ($inputs:expr, $outputs:expr), $flags:expr, $help:literal ;)*) => {
        /// One micro-op.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Uop { $( #[doc = $help] $name, )* }

        impl Uop {
            /// Every uop, in table order.
            pub const ALL: &'static [Uop] = &[ $(Uop::$name,)* ];

            /// The uop's name in CPython's `_SCREAMING_CASE` style.
            pub fn name(self) -> &'static str {
                static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
                let names = NAMES.get_or_init(|| vec![$(screaming_case(stringify!($name)),)*]);
                &names[self as usize]
            }

            /// How many stack values the uop reads (and pops) and how many
            /// it pushes, given its oparg.
            #[allow(unused_variables)]
            pub fn stack_effect(self, oparg: u32) -> (u32, u32) {
                match self { $(Uop::$name => { let $arg = oparg; ($inputs, $outputs) },)* }
            }

            /// The uop's [`flags`].
            pub fn flags(self) -> u16 {
                match self { $(Uop::$name => $flags,)* }
            }

            /// One line saying what the uop does.
            pub fn help(self) -> &'static str {
                match self { $(Uop::$name => $help,)* }
            }
        }
    };
}

/// Converts `CamelCase` into `_CAMEL_CASE`.
fn screaming_case(name: &str) -> String {
    format!("_{}", bytecode::screaming_case(name))
}

use flags::*;

uops! {
    // ---- Locals, constants and the stack.
    LoadFast => |a| (0, 1), DEOPT, "push local `oparg`; leaves the trace if it is unbound (tier 1 raises)";
    LoadFastUnchecked => |a| (0, 1), PURE, "push local `oparg`, known to be bound";
    StoreFast => |a| (1, 0), 0, "pop into local `oparg`";
    LoadDeref => |a| (0, 1), DEOPT, "push the contents of cell `oparg`; leaves the trace if it is empty (tier 1 raises)";
    StoreDeref => |a| (1, 0), DEOPT, "pop into cell `oparg`";
    StoreGlobal => |a| (1, 0), RAISES, "pop into the global named `names[oparg]` (may change the globals' keys version)";
    LoadConst => |a| (0, 1), PURE, "push constant `oparg` of the code object (`operand0`: its value)";
    LoadValue => |a| (0, 1), PURE | EMBEDS_VALUE, "push the value in `operand0` (a folded constant)";
    PopTop => |a| (1, 0), PURE, "drop the top of the stack";
    PushNull => |a| (0, 1), PURE, "push the call protocol's NULL";
    Copy => |a| (a, a + 1), PURE, "push a copy of the item `oparg` places down";
    Swap => |a| (a, a), PURE, "swap the top with the item `oparg` places down";
    // ---- Type guards.
    GuardTosInt => |a| (1, 1), GUARD | DEOPT, "the top is an inline (small) int";
    GuardNosInt => |a| (2, 2), GUARD | DEOPT, "the second item is an inline (small) int";
    GuardTosFloat => |a| (1, 1), GUARD | DEOPT, "the top is a float";
    GuardNosFloat => |a| (2, 2), GUARD | DEOPT, "the second item is a float";
    GuardTosBool => |a| (1, 1), GUARD | DEOPT, "the top is a bool";
    GuardTosNone => |a| (1, 1), GUARD | DEOPT, "the top is None";
    GuardTosStr => |a| (1, 1), GUARD | DEOPT, "the top is an exact str";
    GuardNosStr => |a| (2, 2), GUARD | DEOPT, "the second item is an exact str";
    GuardTosList => |a| (1, 1), GUARD | DEOPT, "the top is an exact list";
    GuardNosList => |a| (2, 2), GUARD | DEOPT, "the second item is an exact list";
    GuardNosTuple => |a| (2, 2), GUARD | DEOPT, "the second item is an exact tuple";
    GuardIterRange => |a| (1, 1), GUARD | DEOPT, "the top is a range iterator whose values lie within +-2^40 (`RANGE_ITERATOR_BOUND`)";
    GuardIterList => |a| (1, 1), GUARD | DEOPT, "the top is a list iterator";
    GuardIterTuple => |a| (1, 1), GUARD | DEOPT, "the top is a tuple iterator";
    GuardGlobalsVersion => |a| (0, 0), GUARD | DEOPT, "the frame's globals dict (`operand1`, as recorded) has keys version `operand0`";
    GuardBuiltinsVersion => |a| (0, 0), GUARD | DEOPT, "the builtins dict (`operand1`) has keys version `operand0`";
    GuardGlobalsDict => |a| (0, 0), GUARD | DEOPT | EMBEDS_VALUE, "the frame's globals are the dict `operand0` (a watched dict the trace depends on)";
    GuardTypeVersion => |a| (1, 1), GUARD | DEOPT | EMBEDS_VALUE, "the top is an instance of the class `operand0` at class version `operand1`";
    GuardShape => |a| (1, 1), GUARD | DEOPT, "the top is an instance with attribute layout (shape) `operand0`";
    // ---- Branches: the direction the recording took, as a guard.
    GuardIsTrue => |a| (1, 0), GUARD | DEOPT, "pop the top, which must be True";
    GuardIsFalse => |a| (1, 0), GUARD | DEOPT, "pop the top, which must be False";
    GuardIsNone => |a| (1, 0), GUARD | DEOPT, "pop the top, which must be None";
    GuardIsNotNone => |a| (1, 0), GUARD | DEOPT, "pop the top, which must not be None";
    // ---- Actions.
    BinaryOpAddInt => |a| (2, 1), DEOPT, "add two inline ints; leaves the trace when the sum is not inline (tier 1 boxes it)";
    BinaryOpSubtractInt => |a| (2, 1), DEOPT, "subtract two inline ints; leaves the trace when the difference is not inline";
    BinaryOpMultiplyInt => |a| (2, 1), DEOPT, "multiply two inline ints; leaves the trace when the product is not inline";
    BinaryOpFloorDivideInt => |a| (2, 1), DEOPT, "`//` of two inline ints; leaves the trace on a zero divisor";
    BinaryOpRemainderInt => |a| (2, 1), DEOPT, "`%` of two inline ints; leaves the trace on a zero divisor";
    BinaryOpAddIntInRange => |a| (2, 1), PURE, "add two inline ints whose sum is proven inline (no overflow check)";
    BinaryOpSubtractIntInRange => |a| (2, 1), PURE, "subtract two inline ints whose difference is proven inline";
    BinaryOpBitwiseInt => |a| (2, 1), DEOPT, "`&`, `|`, `^`, `<<`, `>>` (operator `oparg`) of two inline ints";
    BinaryOpAddFloat => |a| (2, 1), DEOPT, "add two floats (or a float and an inline int)";
    BinaryOpSubtractFloat => |a| (2, 1), DEOPT, "subtract floats (or a float and an inline int)";
    BinaryOpMultiplyFloat => |a| (2, 1), DEOPT, "multiply floats (or a float and an inline int)";
    BinaryOpTrueDivideFloat => |a| (2, 1), DEOPT, "divide floats or inline ints; leaves the trace on a zero divisor";
    BinaryOpAddStr => |a| (2, 1), ESCAPES | RAISES, "concatenate two exact strs";
    CompareOpInt => |a| (2, 1), PURE, "compare two inline ints (comparison `oparg`)";
    CompareOpFloat => |a| (2, 1), DEOPT, "compare floats (or a float and an inline int)";
    CompareOpStr => |a| (2, 1), PURE, "compare two exact strs";
    IsOp => |a| (2, 1), PURE, "`is` (oparg 0) or `is not` (1)";
    UnaryNotBool => |a| (1, 1), PURE, "`not` of a bool";
    ToBoolInt => |a| (1, 1), PURE, "the truth of an inline int";
    ToBoolList => |a| (1, 1), PURE, "the truth of an exact list";
    ToBoolStr => |a| (1, 1), PURE, "the truth of an exact str";
    ToBoolNone => |a| (1, 1), PURE, "False (the truth of None)";
    LoadAttrInstanceValue => |a| (1, 1 + (a & 1)), DEOPT, "replace the instance on top with its attribute at index `operand0` (then NULL if `oparg & 1`)";
    LoadAttrMethod => |a| (1, 1 + (a & 1)), EMBEDS_VALUE, "replace the instance on top with its class's function `operand0`, then the instance";
    StoreAttrInstanceValue => |a| (2, 0), DEOPT, "store the second item as the top instance's attribute (`operand0`: index, and the shape after adding it in the high half)";
    UnpackSequenceTwoTuple => |a| (1, a), DEOPT, "replace a pair on top with its items (`oparg` is 2)";
    UnpackSequenceTuple => |a| (1, a), DEOPT, "replace a tuple of `oparg` items on top with its items";
    UnpackSequenceList => |a| (1, a), DEOPT, "replace a list of `oparg` items on top with its items";
    ListAppend => |a| (a + 1, a), DEOPT, "pop the top and append it to the list `oparg` places down (a comprehension's)";
    CallBuiltinLen => |a| (a + 2, 1), DEOPT | RAISES, "`len(x)` of a built-in value (the callable guarded before)";
    UnaryNegativeNumber => |a| (1, 1), DEOPT, "negate an inline int or a float";
    LoadGlobalModule => |a| (0, 1 + (a & 1)), DEOPT, "push entry `operand1` of the globals (then NULL if `oparg & 1`; `operand0`: the value recorded)";
    LoadGlobalBuiltin => |a| (0, 1 + (a & 1)), DEOPT, "push entry `operand1` of the builtins (then NULL if `oparg & 1`; `operand0`: the value recorded)";
    BinarySubscrListInt => |a| (2, 1), DEOPT, "`list[int]`; leaves the trace when out of range";
    BinarySubscrTupleInt => |a| (2, 1), DEOPT, "`tuple[int]`; leaves the trace when out of range";
    StoreSubscrListInt => |a| (3, 0), DEOPT, "`list[int] = value`; leaves the trace when out of range";
    ForIterRangeNext => |a| (1, 2), DEOPT, "push a range iterator's next int; leaves the trace when exhausted";
    ForIterListNext => |a| (1, 2), DEOPT, "push a list iterator's next item; leaves the trace when exhausted";
    ForIterTupleNext => |a| (1, 2), DEOPT, "push a tuple iterator's next item; leaves the trace when exhausted";
    ForIterEnumerateNext => |a| (1, 2), DEOPT, "push the next (count, item) tuple of an enumerate over a list or tuple; leaves the trace when exhausted";
    ForIterEnumeratePairNext => |a| (1, 3), DEOPT, "push the next item and count of an enumerate over a list or tuple (the pair's unpacking fused); leaves the trace when exhausted";
    ContainsOpDict => |a| (2, 1), DEOPT | RAISES, "`item in dict` (`not in` for oparg 1) with built-in keys";
    ContainsOpSet => |a| (2, 1), DEOPT | RAISES, "`item in set` (`not in` for oparg 1) with built-in members";
    // ---- Calls followed into the callee.
    GuardCallable => |a| (a + 2, a + 2), GUARD | DEOPT | EMBEDS_VALUE, "the callable of a call with `oparg` arguments is the function `operand0`";
    PushFrame => |a| (a + 2, 1), DEOPT, "enter the callee as a frame (the caller resumes after the call, `target + 1`); leaves the trace, changing nothing, when its arguments do not bind plainly or a limit is near";
    PushInitFrame => |a| (a + 2, 1), DEOPT | RAISES | EMBEDS_VALUE, "a class call: allocate the instance, enter its `__init__` (`operand0`) as a frame with it as self (the class at version `operand1`); leaves the trace, changing nothing, when the class changed";
    PopFrame => |a| (1, 0), DEOPT, "return the top from an entered frame to its caller (an `__init__` frame returns its instance; one that returned something else leaves the trace, for tier 1 to raise)";
    // ---- Trace control.
    JumpToTop => |a| (0, 0), ENDS, "the loop's back edge: a safe point (a collection, a signal or a spent budget leaves the trace at the loop head), then the loop's first uop";
    JumpToRoot => |a| (0, 0), ENDS, "a side trace's end at its root's loop head: the safe point of `_JUMP_TO_TOP`, then the root trace from its first uop";
    ExitTrace => |a| (0, 0), ENDS, "leave the trace at bytecode instruction `target`";
}

/// The values a range iterator guarded by [`Uop::GuardIterRange`] yields lie
/// within plus or minus this bound, so the optimizer knows a loop counter's
/// range without knowing the loop's `range()` arguments.
pub const RANGE_ITERATOR_BOUND: i64 = 1 << 40;

impl Uop {
    pub fn is_guard(self) -> bool {
        self.flags() & GUARD != 0
    }

    pub fn is_pure(self) -> bool {
        self.flags() & PURE != 0
    }

    pub fn can_exit(self) -> bool {
        self.flags() & DEOPT != 0
    }

    pub fn embeds_value(self) -> bool {
        self.flags() & EMBEDS_VALUE != 0
    }
}

/// How one tier-1 instruction becomes uops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expansion {
    /// Always these uops, each with the instruction's oparg.
    Uops(&'static [Uop]),
    /// A conditional jump: the uops for the direction the recording took.
    Branch {
        jumped: &'static [Uop],
        fell_through: &'static [Uop],
    },
    /// `FOR_ITER` specialized: the uops while items remain; running out
    /// leaves the loop and ends the trace.
    ForIter(&'static [Uop]),
    /// A `FOR_ITER` form that, when the next instruction unpacks a pair,
    /// pushes the pair's items itself and skips it (tier 1 runs on two
    /// instructions on): the uops for each case.
    ForIterPair {
        single: &'static [Uop],
        pair: &'static [Uop],
    },
    /// An unconditional forward jump: nothing to run, the recorder follows it.
    Jump,
    /// A backward jump: closes the loop when it targets the trace's start.
    JumpBackward,
    /// A call of a Python function: these uops, then the callee's
    /// instructions in its own frame.
    Call(&'static [Uop]),
    /// A return: from a callee the trace entered, these uops; from the
    /// trace's own frame, the end of the recording.
    Return(&'static [Uop]),
    /// Not recorded: the trace ends before this instruction.
    EndsTrace(EndReason),
}

/// Why recording stopped, or why it gave up. The names are the stats keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EndReason {
    /// The trace came back to where it started (the normal end).
    ClosedLoop,
    /// An instruction tier 2 has no uops for yet.
    UnsupportedInstruction,
    /// An adaptive instruction still in its generic form (not specialized,
    /// or deoptimized): its uops would be unknown.
    NotSpecialized,
    /// A backward jump to another loop's head (an inner loop).
    InnerLoop,
    /// The trace reached the length limit.
    TraceTooLong,
    /// A call the trace cannot follow (not a plain Python function call).
    UnsupportedCall,
    /// Calls nested past the recording depth limit.
    CallTooDeep,
    /// The frame that started the recording returned.
    LeftStartFrame,
    /// An exception was raised while recording.
    ExceptionRaised,
    /// A branch on a value that is not a bool (or None, for the `None`
    /// jumps).
    BranchOnNonBool,
    /// The loop's `for` ran out while recording.
    LoopExited,
    /// The optimizer proved a guard can never hold (a contradiction).
    Contradiction,
    /// A dict the optimized trace depends on changed before it could be
    /// installed.
    DependencyChanged,
    /// An attribute site whose receiver is not the class (or layout) its
    /// inline cache holds: tier 1 handles such sites without its cache.
    PolymorphicAttribute,
}

impl EndReason {
    pub const ALL: &'static [EndReason] = &[
        EndReason::ClosedLoop,
        EndReason::UnsupportedInstruction,
        EndReason::NotSpecialized,
        EndReason::InnerLoop,
        EndReason::TraceTooLong,
        EndReason::UnsupportedCall,
        EndReason::CallTooDeep,
        EndReason::LeftStartFrame,
        EndReason::ExceptionRaised,
        EndReason::BranchOnNonBool,
        EndReason::LoopExited,
        EndReason::Contradiction,
        EndReason::DependencyChanged,
        EndReason::PolymorphicAttribute,
    ];

    /// The reason's name in stats and dumps.
    pub fn name(self) -> &'static str {
        match self {
            EndReason::ClosedLoop => "closed loop",
            EndReason::UnsupportedInstruction => "unsupported instruction",
            EndReason::NotSpecialized => "instruction not specialized",
            EndReason::InnerLoop => "inner loop",
            EndReason::TraceTooLong => "trace too long",
            EndReason::UnsupportedCall => "unsupported call",
            EndReason::CallTooDeep => "calls nested too deep",
            EndReason::LeftStartFrame => "returned from the loop's frame",
            EndReason::ExceptionRaised => "exception raised",
            EndReason::BranchOnNonBool => "branch on a non-bool",
            EndReason::LoopExited => "loop exited while recording",
            EndReason::Contradiction => "guard can never hold",
            EndReason::DependencyChanged => "dependency changed while recording",
            EndReason::PolymorphicAttribute => "attribute receiver not the cached class",
        }
    }
}

/// The expansion of each tier-1 instruction: the one place that says which
/// uops an instruction is. Every opcode is listed (no `_` arm), so a new
/// opcode cannot be added without deciding its uops.
pub fn expansion(opcode: Opcode) -> Expansion {
    use Expansion::{Branch, EndsTrace, ForIter, Uops};
    use Uop::*;
    let unsupported = EndsTrace(EndReason::UnsupportedInstruction);
    match opcode {
        Opcode::Nop => Uops(&[]),
        Opcode::PopTop => Uops(&[PopTop]),
        Opcode::PushNull => Uops(&[PushNull]),
        Opcode::Copy => Uops(&[Copy]),
        Opcode::Swap => Uops(&[Swap]),
        Opcode::LoadConst => Uops(&[LoadConst]),
        Opcode::LoadFast => Uops(&[LoadFast]),
        Opcode::StoreFast => Uops(&[StoreFast]),
        Opcode::LoadDeref => Uops(&[LoadDeref]),
        Opcode::StoreDeref => Uops(&[StoreDeref]),
        Opcode::StoreGlobal => Uops(&[StoreGlobal]),
        Opcode::IsOp => Uops(&[IsOp]),
        Opcode::UnaryNot => Uops(&[GuardTosBool, UnaryNotBool]),
        Opcode::Jump => Expansion::Jump,
        Opcode::JumpBackward => Expansion::JumpBackward,
        Opcode::PopJumpIfFalse => Branch {
            jumped: &[GuardIsFalse],
            fell_through: &[GuardIsTrue],
        },
        Opcode::PopJumpIfTrue => Branch {
            jumped: &[GuardIsTrue],
            fell_through: &[GuardIsFalse],
        },
        Opcode::PopJumpIfNone => Branch {
            jumped: &[GuardIsNone],
            fell_through: &[GuardIsNotNone],
        },
        Opcode::PopJumpIfNotNone => Branch {
            jumped: &[GuardIsNotNone],
            fell_through: &[GuardIsNone],
        },
        // Specialized forms.
        Opcode::ToBoolBool => Uops(&[GuardTosBool]),
        Opcode::ToBoolInt => Uops(&[GuardTosInt, ToBoolInt]),
        Opcode::ToBoolNone => Uops(&[GuardTosNone, ToBoolNone]),
        Opcode::ToBoolList => Uops(&[GuardTosList, ToBoolList]),
        Opcode::ToBoolStr => Uops(&[GuardTosStr, ToBoolStr]),
        Opcode::BinaryOpAddInt => Uops(&[GuardNosInt, GuardTosInt, BinaryOpAddInt]),
        Opcode::BinaryOpSubtractInt => Uops(&[GuardNosInt, GuardTosInt, BinaryOpSubtractInt]),
        Opcode::BinaryOpMultiplyInt => Uops(&[GuardNosInt, GuardTosInt, BinaryOpMultiplyInt]),
        Opcode::BinaryOpFloorDivideInt => Uops(&[GuardNosInt, GuardTosInt, BinaryOpFloorDivideInt]),
        Opcode::BinaryOpRemainderInt => Uops(&[GuardNosInt, GuardTosInt, BinaryOpRemainderInt]),
        Opcode::BinaryOpBitwiseInt => Uops(&[GuardNosInt, GuardTosInt, BinaryOpBitwiseInt]),
        // The float forms also take a float with an inline int: the
        // action checks its operands itself.
        Opcode::BinaryOpAddFloat => Uops(&[BinaryOpAddFloat]),
        Opcode::BinaryOpSubtractFloat => Uops(&[BinaryOpSubtractFloat]),
        Opcode::BinaryOpMultiplyFloat => Uops(&[BinaryOpMultiplyFloat]),
        Opcode::BinaryOpTrueDivideFloat => Uops(&[BinaryOpTrueDivideFloat]),
        Opcode::BinaryOpAddStr => Uops(&[GuardNosStr, GuardTosStr, BinaryOpAddStr]),
        Opcode::CompareOpInt => Uops(&[GuardNosInt, GuardTosInt, CompareOpInt]),
        Opcode::CompareOpFloat => Uops(&[CompareOpFloat]),
        Opcode::CompareOpStr => Uops(&[GuardNosStr, GuardTosStr, CompareOpStr]),
        Opcode::LoadGlobalModule => Uops(&[GuardGlobalsVersion, LoadGlobalModule]),
        Opcode::LoadGlobalBuiltin => {
            Uops(&[GuardGlobalsVersion, GuardBuiltinsVersion, LoadGlobalBuiltin])
        }
        Opcode::BinarySubscrListInt => Uops(&[GuardNosList, GuardTosInt, BinarySubscrListInt]),
        Opcode::BinarySubscrTupleInt => Uops(&[GuardNosTuple, GuardTosInt, BinarySubscrTupleInt]),
        Opcode::StoreSubscrListInt => Uops(&[GuardNosList, GuardTosInt, StoreSubscrListInt]),
        Opcode::LoadAttrInstanceValue => {
            Uops(&[GuardTypeVersion, GuardShape, LoadAttrInstanceValue])
        }
        Opcode::LoadAttrMethod => Uops(&[GuardTypeVersion, GuardShape, LoadAttrMethod]),
        Opcode::StoreAttrInstanceValue => {
            Uops(&[GuardTypeVersion, GuardShape, StoreAttrInstanceValue])
        }
        Opcode::UnpackSequenceTwoTuple => Uops(&[UnpackSequenceTwoTuple]),
        Opcode::UnpackSequenceTuple => Uops(&[UnpackSequenceTuple]),
        Opcode::UnpackSequenceList => Uops(&[UnpackSequenceList]),
        Opcode::ListAppend => Uops(&[ListAppend]),
        Opcode::CallBuiltinLen => Uops(&[GuardCallable, CallBuiltinLen]),
        Opcode::UnaryNegative => Uops(&[UnaryNegativeNumber]),
        Opcode::ForIterRange => ForIter(&[GuardIterRange, ForIterRangeNext]),
        Opcode::ForIterList => ForIter(&[GuardIterList, ForIterListNext]),
        Opcode::ForIterTuple => ForIter(&[GuardIterTuple, ForIterTupleNext]),
        Opcode::ForIterEnumerate => Expansion::ForIterPair {
            single: &[ForIterEnumerateNext],
            pair: &[ForIterEnumeratePairNext],
        },
        Opcode::ContainsOpDict => Uops(&[ContainsOpDict]),
        Opcode::ContainsOpSet => Uops(&[ContainsOpSet]),
        // Generic adaptive instructions: their uops depend on what they
        // specialize into.
        Opcode::ToBool
        | Opcode::BinaryOp
        | Opcode::CompareOp
        | Opcode::LoadGlobal
        | Opcode::BinarySubscr
        | Opcode::StoreSubscr
        | Opcode::Call
        | Opcode::ForIter
        | Opcode::UnpackSequence
        | Opcode::ContainsOp
        | Opcode::LoadAttr
        | Opcode::StoreAttr => EndsTrace(EndReason::NotSpecialized),
        Opcode::CallPyExactArgs => Expansion::Call(&[GuardCallable, PushFrame]),
        Opcode::CallAllocAndEnterInit => Expansion::Call(&[GuardCallable, PushInitFrame]),
        Opcode::ReturnValue => Expansion::Return(&[PopFrame]),
        Opcode::ReturnConst => Expansion::Return(&[LoadConst, PopFrame]),
        // Other calls are not followed yet.
        Opcode::CallPyWithDefaults
        | Opcode::CallBuiltinIsinstance
        | Opcode::CallListAppend
        | Opcode::CallBuiltinFast
        | Opcode::CallBuiltinClass
        | Opcode::CallKw
        | Opcode::CallFunctionEx
        | Opcode::BinarySubscrGetitem
        | Opcode::YieldValue => EndsTrace(EndReason::UnsupportedCall),
        Opcode::PrintExpr
        | Opcode::DeleteFast
        | Opcode::DeleteDeref
        | Opcode::LoadClosure
        | Opcode::DeleteGlobal
        | Opcode::LoadName
        | Opcode::StoreName
        | Opcode::DeleteName
        | Opcode::LoadBuildClass
        | Opcode::DeleteAttr
        | Opcode::UnaryPositive
        | Opcode::UnaryInvert
        | Opcode::DeleteSubscr
        | Opcode::BuildSlice
        | Opcode::BinarySlice
        | Opcode::StoreSlice
        | Opcode::BuildTuple
        | Opcode::BuildList
        | Opcode::BuildSet
        | Opcode::BuildMap
        | Opcode::BuildString
        | Opcode::SetAdd
        | Opcode::MapAdd
        | Opcode::ListExtend
        | Opcode::SetUpdate
        | Opcode::DictUpdate
        | Opcode::DictMerge
        | Opcode::ListToTuple
        | Opcode::FormatValue
        | Opcode::UnpackEx
        | Opcode::GetIter
        | Opcode::JumpIfFalseOrPop
        | Opcode::JumpIfTrueOrPop
        | Opcode::MakeFunction
        | Opcode::RaiseVarargs
        | Opcode::PushExcInfo
        | Opcode::PopExcept
        | Opcode::CheckExcMatch
        | Opcode::Reraise
        | Opcode::BeforeWith
        | Opcode::WithExceptStart
        | Opcode::LoadAssertionError
        | Opcode::ImportName
        | Opcode::ImportFrom
        | Opcode::ImportStar
        | Opcode::SetupAnnotations
        | Opcode::BinaryOpWideInt
        | Opcode::CompareOpIdentity
        | Opcode::BinarySubscrDict
        | Opcode::BinarySubscrStrInt
        | Opcode::BinarySubscrNativeMethod
        | Opcode::BinarySubscrDictSubclass
        | Opcode::StoreSubscrDict
        | Opcode::StoreSubscrNativeMethod
        | Opcode::ForIterBuiltin
        | Opcode::ContainsOpSequence
        | Opcode::LoadAttrClassAttribute
        | Opcode::LoadAttrType
        | Opcode::LoadAttrClassMethod
        | Opcode::LoadAttrMethodOfBase
        | Opcode::LoadAttrProperty
        | Opcode::LoadAttrModule
        | Opcode::LoadAttrMethodBuiltin => unsupported,
    }
}

/// One uop of a trace, with its operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceOp {
    pub uop: Uop,
    /// The instruction's oparg (a local's index, an operator, ...).
    pub oparg: u32,
    /// The bytecode instruction the uop came from: an exit resumes tier 1
    /// at its start.
    pub target: u32,
    /// Words captured while recording (a dict version, an entry index, a
    /// constant's bits); what they mean is the uop's help text.
    pub operand0: u64,
    pub operand1: u64,
}

impl TraceOp {
    pub fn new(uop: Uop, oparg: u32, target: u32) -> TraceOp {
        TraceOp {
            uop,
            oparg,
            target,
            operand0: 0,
            operand1: 0,
        }
    }
}

impl fmt::Display for TraceOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<28} {:>4}  @{:<4}",
            self.uop.name(),
            self.oparg,
            self.target
        )?;
        if self.operand0 != 0 || self.operand1 != 0 {
            write!(f, "  ({:#x}, {:#x})", self.operand0, self.operand1)?;
        }
        Ok(())
    }
}

/// Something outside the trace that must stay as it was for the trace to
/// be valid: a watched dict's keys version, and the value of one of its
/// entries when the optimizer folded a global into a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The dict (a value's bits).
    pub dict: u64,
    pub keys_version: u64,
    /// (entry index, value bits) of a folded global.
    pub entry: Option<(u64, u64)>,
}

/// A straight-line path through the bytecode, recorded from a loop head:
/// it ends in [`Uop::JumpToTop`] (a closed loop) or [`Uop::ExitTrace`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    pub ops: Vec<TraceOp>,
    /// The loop head's instruction index.
    pub start: u32,
    /// Index of the first uop of the loop body the closing jump returns
    /// to: 0 unless the optimizer peeled a first iteration off as a
    /// preamble.
    pub loop_start: usize,
    /// What the optimizer knew after each uop (empty for a trace as
    /// recorded), for dumps.
    pub facts: Vec<String>,
    /// What the trace relies on instead of guards (see [`Dependency`]):
    /// the executor is invalidated when any of it changes.
    pub dependencies: Vec<Dependency>,
}

impl Trace {
    /// The trace, one uop per line, as `-X jit_dump` prints it.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (i, op) in self.ops.iter().enumerate() {
            let marker = if i == self.loop_start && self.loop_start != 0 {
                "loop: "
            } else {
                "      "
            };
            match self.facts.get(i).filter(|facts| !facts.is_empty()) {
                Some(facts) => out.push_str(&format!(
                    "{marker}{i:>4}  {:<60}  {facts}\n",
                    op.to_string()
                )),
                None => out.push_str(&format!("{marker}{i:>4}  {op}\n")),
            }
        }
        out
    }

    /// How many guards the trace runs (a measure the optimizer lowers).
    pub fn guard_count(&self) -> usize {
        self.ops.iter().filter(|op| op.uop.is_guard()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_cpython_style() {
        assert_eq!(Uop::GuardNosInt.name(), "_GUARD_NOS_INT");
        assert_eq!(Uop::BinaryOpAddInt.name(), "_BINARY_OP_ADD_INT");
        assert_eq!(Uop::JumpToTop.name(), "_JUMP_TO_TOP");
    }

    #[test]
    fn every_specialized_instruction_is_decided() {
        // Every opcode is classified; every specialized form that tier 2
        // records has guards before its action, and every uop listed in an
        // expansion keeps the instruction's stack effect.
        for &opcode in Opcode::ALL {
            let uops: &[Uop] = match expansion(opcode) {
                Expansion::Uops(uops)
                | Expansion::ForIter(uops)
                | Expansion::ForIterPair { single: uops, .. }
                | Expansion::Call(uops)
                | Expansion::Return(uops) => uops,
                Expansion::Branch { jumped, .. } => jumped,
                Expansion::Jump | Expansion::JumpBackward | Expansion::EndsTrace(_) => continue,
            };
            let mut seen_action = false;
            for uop in uops {
                if uop.is_guard() {
                    assert!(
                        !seen_action,
                        "{}: guard {} after an action",
                        opcode.name(),
                        uop.name()
                    );
                } else {
                    seen_action = true;
                }
            }
            if matches!(
                expansion(opcode),
                Expansion::ForIter(_) | Expansion::ForIterPair { .. }
            ) {
                continue;
            }
            for oparg in [0u32, 1, 2, 3] {
                if matches!(opcode, Opcode::Copy | Opcode::Swap) && oparg == 0 {
                    continue;
                }
                let effect: i32 = uops
                    .iter()
                    .map(|u| {
                        let (i, o) = u.stack_effect(oparg);
                        o as i32 - i as i32
                    })
                    .sum();
                assert_eq!(
                    effect,
                    opcode.stack_effect(oparg, true),
                    "{} (oparg {oparg})",
                    opcode.name()
                );
            }
        }
    }

    #[test]
    fn generic_instructions_end_traces() {
        for &opcode in Opcode::ALL {
            if opcode.is_adaptive() {
                assert_eq!(
                    expansion(opcode),
                    Expansion::EndsTrace(EndReason::NotSpecialized)
                );
            }
        }
    }

    #[test]
    fn guards_can_exit_and_pure_uops_cannot() {
        for &uop in Uop::ALL {
            if uop.is_guard() {
                assert!(uop.can_exit(), "{}", uop.name());
            }
            if uop.is_pure() {
                assert!(!uop.can_exit(), "{}", uop.name());
            }
        }
    }
}
