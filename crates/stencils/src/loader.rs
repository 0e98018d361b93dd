//! The copy-and-patch loader: lays out a trace's stencils, drops trailing
//! jumps where the next stencil follows directly, appends side-exit stubs,
//! patches every hole, and places the result in executable memory.
//!
//! Layout of a compiled trace:
//!
//! ```text
//! enter (host convention) │ trace stencils, in order │ exit stubs
//! ```
//!
//! The host calls `enter`, which calls the first stencil; stencils chain
//! with tail calls; `return_to_host` and the exit stubs return through
//! `enter` to the host with `(status, payload)`.

use jitmem::{CodeChunk, CodeRegion, JitMemoryError};

use crate::table::{Hole, HoleValue, RelocationKind, StencilTable};

/// One instruction of a trace: which stencil and its hole values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceInstruction {
    pub stencil: usize,
    pub oparg: u64,
    /// `_JIT_OPERAND0..2`.
    pub operands: [u64; 3],
    /// Trace index the instruction's `_JIT_JUMP_TARGET` goes to.
    pub jump_target: Option<usize>,
    /// Payload reported when this instruction's side exit is taken.
    pub exit_payload: u64,
}

impl TraceInstruction {
    pub fn new(stencil: usize) -> TraceInstruction {
        TraceInstruction {
            stencil,
            oparg: 0,
            operands: [0, 0, 0],
            jump_target: None,
            exit_payload: 0,
        }
    }
    pub fn oparg(mut self, oparg: u64) -> Self {
        self.oparg = oparg;
        self
    }
    pub fn operands(mut self, a: u64, b: u64, c: u64) -> Self {
        self.operands = [a, b, c];
        self
    }
    pub fn jump_to(mut self, index: usize) -> Self {
        self.jump_target = Some(index);
        self
    }
    pub fn exit_payload(mut self, payload: u64) -> Self {
        self.exit_payload = payload;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    UnknownStencil(usize),
    MissingStencil(&'static str),
    /// The last instruction would continue past the end of the trace.
    FallsOffEnd {
        index: usize,
    },
    MissingJumpTarget {
        index: usize,
    },
    MissingHelper {
        index: usize,
        helper: u8,
    },
    /// A PC-relative displacement does not fit its field.
    OutOfRange {
        index: usize,
    },
    Memory(JitMemoryError),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for LoadError {}

/// What the entry shim returns: `(status, payload)` (see [`crate::table::status`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceResult {
    pub status: i64,
    pub payload: i64,
}

type EntryFunction = unsafe extern "C" fn(*mut u8, *mut u64, *mut u64) -> TraceResult;

/// A compiled trace's entry point.
#[derive(Clone, Copy)]
pub struct TraceEntry(EntryFunction);

impl TraceEntry {
    /// Runs the trace, as [`CompiledTrace::run`].
    ///
    /// # Safety
    /// As [`CompiledTrace::run`]; also, the trace's code must not have
    /// been released.
    pub unsafe fn run(
        self,
        context: *mut u8,
        locals: *mut u64,
        stack_pointer: *mut u64,
    ) -> TraceResult {
        // SAFETY: guaranteed by the caller.
        unsafe { (self.0)(context, locals, stack_pointer) }
    }
}

/// Where each piece of a trace lives in the code buffer.
struct Placement {
    stencil: usize,
    offset: usize,
    length: usize,
    /// Index into the trace, or `None` for the entry shim and exit stubs.
    instruction: Option<usize>,
    /// For exit stubs: the payload they report.
    exit_payload: u64,
}

/// A laid-out trace, before patching.
pub struct Layout {
    placements: Vec<Placement>,
    /// For each trace instruction, the placement index of its exit stub.
    exit_stub: Vec<Option<usize>>,
    pub size: usize,
    /// How many trailing jumps were dropped.
    pub dropped_jumps: usize,
}

/// Which control holes a stencil has, computed once per layout.
#[derive(Clone, Copy, Default)]
struct ControlHoles {
    continues: bool,
    exits: bool,
    jumps: bool,
}

fn control_holes(table: &StencilTable) -> Vec<ControlHoles> {
    table
        .stencils
        .iter()
        .map(|s| {
            let mut c = ControlHoles::default();
            for h in table.holes(s) {
                match h.value {
                    HoleValue::Continue => c.continues = true,
                    HoleValue::Exit => c.exits = true,
                    HoleValue::JumpTarget => c.jumps = true,
                    _ => {}
                }
            }
            c
        })
        .collect()
}

impl Layout {
    /// How many exit stubs the layout has.
    pub fn exit_stubs(&self) -> usize {
        self.exit_stub.iter().flatten().count()
    }

    pub fn new() -> Layout {
        Layout {
            placements: Vec::new(),
            exit_stub: Vec::new(),
            size: 0,
            dropped_jumps: 0,
        }
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout::new()
    }
}

/// Plans the layout of `trace`.
pub fn layout(table: &StencilTable, trace: &[TraceInstruction]) -> Result<Layout, LoadError> {
    let mut plan = Layout::new();
    layout_into(table, trace, &mut plan)?;
    Ok(plan)
}

/// Plans the layout of `trace` into `plan`, reusing its buffers.
pub fn layout_into(
    table: &StencilTable,
    trace: &[TraceInstruction],
    plan: &mut Layout,
) -> Result<(), LoadError> {
    let enter = table
        .find("enter")
        .ok_or(LoadError::MissingStencil("enter"))?;
    let exit = table
        .find("exit")
        .ok_or(LoadError::MissingStencil("exit"))?;
    let record = |i: usize| table.stencils.get(i).ok_or(LoadError::UnknownStencil(i));
    let controls = control_holes(table);
    let mut placements = std::mem::take(&mut plan.placements);
    placements.clear();
    let mut offset = 0;
    let align = |offset: usize, alignment: u32| {
        if alignment <= 1 {
            offset
        } else {
            offset.next_multiple_of(alignment as usize)
        }
    };
    let enter_record = record(enter)?;
    placements.push(Placement {
        stencil: enter,
        offset: 0,
        length: enter_record.length as usize,
        instruction: None,
        exit_payload: 0,
    });
    offset += enter_record.length as usize;
    let mut dropped = 0;
    for (index, instruction) in trace.iter().enumerate() {
        let stencil = record(instruction.stencil)?;
        let control = controls[instruction.stencil];
        if control.continues && index + 1 == trace.len() {
            return Err(LoadError::FallsOffEnd { index });
        }
        if control.jumps && instruction.jump_target.is_none_or(|t| t >= trace.len()) {
            return Err(LoadError::MissingJumpTarget { index });
        }
        offset = align(offset, stencil.alignment);
        // The trailing jump can go when the next stencil starts right here.
        let next_alignment = trace
            .get(index + 1)
            .and_then(|n| table.stencils.get(n.stencil))
            .map_or(1, |n| n.alignment);
        let next_follows = index + 1 < trace.len()
            && align(offset + stencil.trimmed_length as usize, next_alignment)
                == offset + stencil.trimmed_length as usize;
        let length = if next_follows && stencil.trimmed_length < stencil.length {
            dropped += 1;
            stencil.trimmed_length
        } else {
            stencil.length
        } as usize;
        placements.push(Placement {
            stencil: instruction.stencil,
            offset,
            length,
            instruction: Some(index),
            exit_payload: 0,
        });
        offset += length;
    }
    let exit_record = record(exit)?;
    let mut exit_stub = std::mem::take(&mut plan.exit_stub);
    exit_stub.clear();
    exit_stub.resize(trace.len(), None);
    for (index, instruction) in trace.iter().enumerate() {
        if controls[instruction.stencil].exits {
            offset = align(offset, exit_record.alignment);
            exit_stub[index] = Some(placements.len());
            placements.push(Placement {
                stencil: exit,
                offset,
                length: exit_record.length as usize,
                instruction: None,
                exit_payload: instruction.exit_payload,
            });
            offset += exit_record.length as usize;
        }
    }
    *plan = Layout {
        placements,
        exit_stub,
        size: offset,
        dropped_jumps: dropped,
    };
    Ok(())
}

#[inline(always)]
fn patch(
    bytes: &mut [u8],
    hole: &Hole,
    at: usize,
    place: u64,
    value: u64,
    index: usize,
) -> Result<(), LoadError> {
    let target = value.wrapping_add(hole.addend as u64);
    match hole.kind {
        RelocationKind::Absolute64 => bytes[at..at + 8].copy_from_slice(&target.to_le_bytes()),
        RelocationKind::PcRelative32 => {
            let displacement = target.wrapping_sub(place) as i64;
            let displacement =
                i32::try_from(displacement).map_err(|_| LoadError::OutOfRange { index })?;
            bytes[at..at + 4].copy_from_slice(&displacement.to_le_bytes());
        }
        RelocationKind::Aarch64Branch26 => {
            let displacement = target.wrapping_sub(place) as i64;
            if displacement % 4 != 0 || !(-(1 << 27)..(1 << 27)).contains(&displacement) {
                return Err(LoadError::OutOfRange { index });
            }
            let mut word =
                u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
            word = (word & !0x03ff_ffff) | ((displacement >> 2) as u32 & 0x03ff_ffff);
            bytes[at..at + 4].copy_from_slice(&word.to_le_bytes());
        }
    }
    Ok(())
}

/// Copies and patches a laid-out trace into `out` (at least `layout.size`
/// bytes), as if it were placed at address `base`.
pub fn assemble(
    table: &StencilTable,
    trace: &[TraceInstruction],
    layout: &Layout,
    helpers: &[u64],
    base: u64,
    out: &mut [u8],
) -> Result<(), LoadError> {
    let instruction_address = |index: usize| -> u64 {
        // Placement 0 is the entry shim; instruction i is placement i + 1.
        base + layout.placements[index + 1].offset as u64
    };
    for (p, placement) in layout.placements.iter().enumerate() {
        let record = &table.stencils[placement.stencil];
        let start = record.offset as usize;
        out[placement.offset..placement.offset + placement.length]
            .copy_from_slice(&table.code[start..start + placement.length]);
        let instruction = placement.instruction.map(|i| (i, trace[i]));
        let holes = &table.holes[record.holes_start as usize..record.holes_end as usize];
        // Holes are sorted by offset: stop at the dropped trailing jump.
        for hole in holes
            .iter()
            .take_while(|h| (h.offset as usize) < placement.length)
        {
            let index = placement.instruction.unwrap_or(0);
            let value = match (hole.value, instruction) {
                (HoleValue::Oparg, Some((_, ins))) => ins.oparg,
                (HoleValue::Operand(n), Some((_, ins))) => {
                    ins.operands.get(n as usize).copied().unwrap_or(0)
                }
                (HoleValue::Operand(_), None) => placement.exit_payload,
                (HoleValue::Continue, Some((i, _))) => instruction_address(i + 1),
                (HoleValue::Continue, None) if p == 0 => instruction_address(0),
                (HoleValue::JumpTarget, Some((i, ins))) => instruction_address(
                    ins.jump_target
                        .ok_or(LoadError::MissingJumpTarget { index: i })?,
                ),
                (HoleValue::Exit, Some((i, _))) => {
                    let stub = layout.exit_stub[i].ok_or(LoadError::MissingStencil("exit"))?;
                    base + layout.placements[stub].offset as u64
                }
                (HoleValue::Helper(n), _) => *helpers
                    .get(n as usize)
                    .ok_or(LoadError::MissingHelper { index, helper: n })?,
                _ => 0,
            };
            let at = placement.offset + hole.offset as usize;
            patch(out, hole, at, base + at as u64, value, index)?;
        }
    }
    Ok(())
}

/// A trace in executable memory.
pub struct CompiledTrace {
    chunk: CodeChunk,
    pub dropped_jumps: usize,
}

impl CompiledTrace {
    pub fn code_size(&self) -> usize {
        self.chunk.len()
    }

    /// The address of the trace's first byte (its entry shim).
    pub fn address(&self) -> usize {
        self.chunk.address() as usize
    }

    /// The trace's entry point, to run it without holding `self`.
    pub fn entry(&self) -> TraceEntry {
        // SAFETY: the chunk starts with the `enter` stencil, compiled in
        // the host's C calling convention with this signature.
        TraceEntry(unsafe { std::mem::transmute::<*const u8, EntryFunction>(self.chunk.address()) })
    }

    /// Runs the trace with `context` (whose first words are
    /// [`crate::table::context`]), the frame's `locals` and its
    /// `stack_pointer`.
    ///
    /// # Safety
    /// The pointers must be valid for every local, stack slot and context
    /// word the trace's stencils touch, the helpers given at compile time
    /// must accept `context`, and the trace must have been compiled for
    /// the host's table.
    pub unsafe fn run(
        &self,
        context: *mut u8,
        locals: *mut u64,
        stack_pointer: *mut u64,
    ) -> TraceResult {
        // SAFETY: the caller guarantees the pointers suit the trace; the
        // code stays mapped read-execute for as long as `self` lives.
        unsafe { self.entry().run(context, locals, stack_pointer) }
    }

    /// Gives the memory back.
    pub fn release(self, region: &mut CodeRegion) -> Result<(), LoadError> {
        region.free(self.chunk).map_err(LoadError::Memory)
    }
}

/// Lays out, copies, patches and places `trace` in `region`.
pub fn compile_trace(
    region: &mut CodeRegion,
    table: &StencilTable,
    trace: &[TraceInstruction],
    helpers: &[u64],
) -> Result<CompiledTrace, LoadError> {
    let layout = layout(table, trace)?;
    let mut chunk = region.allocate(layout.size).map_err(LoadError::Memory)?;
    let base = chunk.address() as u64;
    let assembled = assemble(table, trace, &layout, helpers, base, chunk.bytes());
    let chunk = chunk.finish(layout.size).map_err(LoadError::Memory)?;
    if let Err(e) = assembled {
        region.free(chunk).map_err(LoadError::Memory)?;
        return Err(e);
    }
    Ok(CompiledTrace {
        chunk,
        dropped_jumps: layout.dropped_jumps,
    })
}
