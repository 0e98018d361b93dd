//! The shape of a stencil table: what `cargo xtask build-stencils` writes
//! and what the loader reads. Defined once here; the generator
//! (`stencil-src`) and the generated tables both use these types.

/// What a hole is patched with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HoleValue {
    /// The instruction's argument (`_JIT_OPARG`).
    Oparg,
    /// Extra operand `n` (`_JIT_OPERAND0`, `_JIT_OPERAND1`).
    Operand(u8),
    /// The code that follows this stencil (`_JIT_CONTINUE`).
    Continue,
    /// This instruction's side exit stub (`_JIT_EXIT`).
    Exit,
    /// The branch target of this instruction (`_JIT_JUMP_TARGET`).
    JumpTarget,
    /// Runtime helper function `n` (from the helper table given at load).
    Helper(u8),
}

impl HoleValue {
    /// The imported symbol name the templates use for this hole.
    pub fn symbol(self) -> String {
        match self {
            HoleValue::Oparg => "_JIT_OPARG".into(),
            HoleValue::Operand(n) => format!("_JIT_OPERAND{n}"),
            HoleValue::Continue => "_JIT_CONTINUE".into(),
            HoleValue::Exit => "_JIT_EXIT".into(),
            HoleValue::JumpTarget => "_JIT_JUMP_TARGET".into(),
            HoleValue::Helper(n) => format!("_JIT_HELPER{n}"),
        }
    }

    /// Holes that name code addresses (rather than plain data).
    pub fn is_code(self) -> bool {
        matches!(
            self,
            HoleValue::Continue | HoleValue::Exit | HoleValue::JumpTarget | HoleValue::Helper(_)
        )
    }
}

/// How a hole's bytes are patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelocationKind {
    /// 64-bit absolute value (`movabs` on x86-64, a literal on AArch64).
    Absolute64,
    /// 32-bit PC-relative displacement (`jmp`/`call rel32` on x86-64).
    PcRelative32,
    /// AArch64 `b`/`bl`: 26-bit word offset in the instruction.
    Aarch64Branch26,
}

/// One hole: where, how, with what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hole {
    /// Byte offset within the stencil.
    pub offset: u32,
    pub kind: RelocationKind,
    pub value: HoleValue,
    pub addend: i64,
}

/// One stencil's record in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StencilRecord {
    pub name: &'static str,
    /// Offset of the stencil's bytes in the table's code blob.
    pub offset: u32,
    pub length: u32,
    /// Length without the trailing jump to `_JIT_CONTINUE` (equal to
    /// `length` when there is none to drop).
    pub trimmed_length: u32,
    pub alignment: u32,
    /// Range of this stencil's holes in the table's hole list.
    pub holes_start: u32,
    pub holes_end: u32,
}

/// A complete table for one target.
#[derive(Clone, Copy, Debug)]
pub struct StencilTable {
    pub target: &'static str,
    pub code: &'static [u8],
    pub stencils: &'static [StencilRecord],
    pub holes: &'static [Hole],
}

impl StencilTable {
    pub fn find(&self, name: &str) -> Option<usize> {
        self.stencils.iter().position(|s| s.name == name)
    }

    pub fn bytes(&self, stencil: &StencilRecord) -> &'static [u8] {
        &self.code[stencil.offset as usize..(stencil.offset + stencil.length) as usize]
    }

    pub fn holes(&self, stencil: &StencilRecord) -> &'static [Hole] {
        &self.holes[stencil.holes_start as usize..stencil.holes_end as usize]
    }
}

/// The name of the stencil variant of `base` (a uop's name) specialized
/// for one oparg.
pub fn variant_name(base: &str, oparg: u32) -> String {
    format!("{base}_{oparg}")
}

/// Status codes a trace returns to the host in the first return register
/// (the payload, in the second, is the index of the trace op that
/// returned), and that helpers return to the stencil that called them.
pub mod status {
    /// A helper's "go on with the next op" (never returned to the host).
    pub const NEXT: i64 = 0;
    /// A side exit: the frame is as it was when the op began (the exit
    /// stub stored the stack pointer in the context).
    pub const SIDE_EXIT: i64 = 1;
    /// The op raised: the error is in the context.
    pub const RAISED: i64 = 2;
    /// The trace left with the frame already saved (`_EXIT_TRACE`, or a
    /// safe point that wants the interpreter).
    pub const LEFT: i64 = 3;
    /// A safe point asked for a collection: the frame is saved at the loop
    /// head.
    pub const COLLECT: i64 = 4;
    /// A side trace reached its root's loop head (`_JUMP_TO_ROOT`).
    pub const JUMP_TO_ROOT: i64 = 5;
    /// `return_to_host` in the stencil tests.
    pub const RETURNED: i64 = 6;
}

/// The layout of the context every stencil receives in its first
/// argument: the words stencils read and write (the host's context struct
/// starts with these, asserted where it is defined).
pub mod context {
    /// Byte offset of the stack pointer, written by exit stubs and by
    /// helpers.
    pub const STACK_POINTER: i32 = 0;
    /// Byte offset of the locals pointer, written by helpers that enter or
    /// leave a frame.
    pub const LOCALS: i32 = 8;
    /// Byte offset of the safe-point countdown: `_JUMP_TO_TOP` decrements
    /// it and calls the `SAFE_POINT` helper when it reaches zero (helpers
    /// set it to 1 when the next back edge must check).
    pub const COUNTDOWN: i32 = 48;
}

/// The helpers stencils call (`_JIT_HELPER{n}`), in the order of the
/// table the host passes to the loader.
pub mod helper {
    /// `fn(context, stack_pointer, op) -> status`: the loop's safe point
    /// (`_JUMP_TO_TOP`), which also resets the countdown.
    pub const SAFE_POINT: u8 = 0;
    /// Helper `FIRST_UOP + n`, `fn(context, stack_pointer, op) -> status`,
    /// runs uop number `n` of the uop table as the uop interpreter would.
    pub const FIRST_UOP: u8 = 1;
}
