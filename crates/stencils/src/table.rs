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

/// Status codes stencils return to the host in the first return register.
pub mod status {
    /// `return_to_host`: the trace finished; the payload is its result.
    pub const RETURNED: i64 = 0;
    /// A side exit was taken; the payload is the exit's operand.
    pub const SIDE_EXIT: i64 = 1;
}
