//! Stencil templates and the thin layer that turns them into machine code
//! with holes, using Cranelift. Input to `cargo xtask build-stencils`; the
//! runtime never links this crate (or Cranelift).
//!
//! ```text
//! template (Rust, over StencilBuilder) ──Cranelift──▶ bytes + relocations
//!        ──validate──▶ CompiledStencil { bytes, holes, trimmed length }
//! ```
//!
//! [`StencilBuilder`] owns the calling convention and the hole imports, so a
//! template reads like the uop it implements: `oparg()`, `operand(n)`,
//! `peek(n)`, `push(v)`, `exit_if(cond)`, `continue_next()`,
//! `jump_to_target()`, `call_helper(n, args)`, `return_to_host(..)`.
//!
//! Every stencil has the signature
//! `fn(context: i64, locals: i64, stack_pointer: i64) -> (status: i64, payload: i64)`
//! in Cranelift's `tail` convention and chains to the next with
//! `return_call`. `context` is the host's per-run state (its first words
//! are [`stencils::table::context`]), `locals` the frame's first local,
//! `stack_pointer` one past the operand stack's top. Any stencil may
//! `return`: that returns to the entry shim, and from there to the host.

pub mod equivalent;
pub mod templates;

use std::collections::HashMap;

use cranelift_codegen::FinalizedRelocTarget;
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{
    self, AbiParam, ExtFuncData, ExternalName, FuncRef, Function, GlobalValueData, InstBuilder,
    MemFlagsData, Signature, UserExternalName, UserFuncName, condcodes::IntCC, types::I64,
};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use runtime::Value;
use runtime::value::{TAG_INT, TAG_SHIFT};
use stencils::table::{Hole, HoleValue, RelocationKind};
use uops::Uop;

/// The targets every table is generated for.
pub const TARGETS: [&str; 2] = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"];

/// Which calling convention a template uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Convention {
    /// Chained stencils: `tail`, entered by `return_call`.
    Stencil,
    /// The entry shim the host calls: the platform convention.
    Host,
}

/// A template: its stencil name, the uop it implements (`None` for the
/// entry shim and the exit stub), convention and builder function.
pub struct Template {
    pub name: String,
    pub uop: Option<Uop>,
    pub convention: Convention,
    pub build: Box<dyn Fn(&mut StencilBuilder)>,
}

/// Machine code for one template on one target.
#[derive(Clone, Debug)]
pub struct CompiledStencil {
    pub name: String,
    pub bytes: Vec<u8>,
    pub holes: Vec<Hole>,
    pub alignment: u32,
    pub trimmed_length: u32,
    /// Cranelift's disassembly (VCode) for the golden file.
    pub disassembly: String,
}

/// Index of a hole symbol in Cranelift's user-name namespace.
fn hole_index(value: HoleValue) -> u32 {
    match value {
        HoleValue::Oparg => 0,
        HoleValue::Continue => 1,
        HoleValue::Exit => 2,
        HoleValue::JumpTarget => 3,
        HoleValue::Operand(n) => 10 + n as u32,
        HoleValue::Helper(n) => 1000 + n as u32,
    }
}

fn hole_from_index(index: u32) -> Option<HoleValue> {
    Some(match index {
        0 => HoleValue::Oparg,
        1 => HoleValue::Continue,
        2 => HoleValue::Exit,
        3 => HoleValue::JumpTarget,
        10..=19 => HoleValue::Operand((index - 10) as u8),
        1000..=1255 => HoleValue::Helper((index - 1000) as u8),
        _ => return None,
    })
}

/// The shared stencil signature in convention `call_conv`.
fn stencil_signature(call_conv: CallConv) -> Signature {
    let mut signature = Signature::new(call_conv);
    signature
        .params
        .extend([AbiParam::new(I64), AbiParam::new(I64), AbiParam::new(I64)]);
    signature
        .returns
        .extend([AbiParam::new(I64), AbiParam::new(I64)]);
    signature
}

/// Builds one template's function; owns the convention, the holes and
/// the operand stack discipline.
pub struct StencilBuilder<'a> {
    pub builder: FunctionBuilder<'a>,
    pub context: ir::Value,
    pub locals: ir::Value,
    /// The stack pointer as the op found it (exits leave with it).
    pub entry_stack_pointer: ir::Value,
    /// The stack pointer now (pushes and pops move it).
    pub stack_pointer: ir::Value,
    continuations: HashMap<HoleValue, FuncRef>,
    data_holes: HashMap<HoleValue, ir::GlobalValue>,
}

impl<'a> StencilBuilder<'a> {
    /// The instruction builder for the current block.
    pub fn ins(&mut self) -> cranelift_frontend::FuncInstBuilder<'_, 'a> {
        self.builder.ins()
    }

    fn name(&mut self, value: HoleValue) -> ExternalName {
        let reference = self
            .builder
            .func
            .declare_imported_user_function(UserExternalName {
                namespace: 0,
                index: hole_index(value),
            });
        ExternalName::user(reference)
    }

    /// A 64-bit data hole, as an absolute symbol address.
    fn data_hole(&mut self, value: HoleValue) -> ir::Value {
        let global = match self.data_holes.get(&value) {
            Some(g) => *g,
            None => {
                let name = self.name(value);
                let g = self
                    .builder
                    .func
                    .create_global_value(GlobalValueData::Symbol {
                        name,
                        offset: ir::immediates::Imm64::new(0),
                        colocated: false,
                        tls: false,
                    });
                self.data_holes.insert(value, g);
                g
            }
        };
        self.builder.ins().symbol_value(I64, global)
    }

    /// `_JIT_OPARG`.
    pub fn oparg(&mut self) -> ir::Value {
        self.data_hole(HoleValue::Oparg)
    }

    /// `_JIT_OPERAND{n}`.
    pub fn operand(&mut self, n: u8) -> ir::Value {
        self.data_hole(HoleValue::Operand(n))
    }

    /// A 64-bit constant.
    pub fn constant(&mut self, value: u64) -> ir::Value {
        self.builder.ins().iconst(I64, value as i64)
    }

    /// Memory flags for frame and stack slots: aligned and never trapping.
    fn trusted(&mut self) -> MemFlagsData {
        MemFlagsData::trusted()
    }

    /// Loads the word at `address + offset`.
    pub fn load(&mut self, address: ir::Value, offset: i32) -> ir::Value {
        let flags = self.trusted();
        self.builder.ins().load(I64, flags, address, offset)
    }

    /// Stores `value` at `address + offset`.
    pub fn store(&mut self, value: ir::Value, address: ir::Value, offset: i32) {
        let flags = self.trusted();
        self.builder.ins().store(flags, value, address, offset);
    }

    fn local_address(&mut self, index: ir::Value) -> ir::Value {
        let offset = self.builder.ins().ishl_imm_u(index, 3);
        self.builder.ins().iadd(self.locals, offset)
    }

    /// Reads local `index`.
    pub fn load_local(&mut self, index: ir::Value) -> ir::Value {
        let address = self.local_address(index);
        self.load(address, 0)
    }

    /// Writes local `index`.
    pub fn store_local(&mut self, index: ir::Value, value: ir::Value) {
        let address = self.local_address(index);
        self.store(value, address, 0);
    }

    /// The stack item `n` places down (1 is the top).
    pub fn peek(&mut self, n: i32) -> ir::Value {
        let sp = self.stack_pointer;
        self.load(sp, -8 * n)
    }

    /// The stack item `n` places down, for `n` in a value (`oparg`).
    pub fn peek_dynamic(&mut self, n: ir::Value) -> ir::Value {
        let address = self.item_address(n);
        self.load(address, 0)
    }

    fn item_address(&mut self, n: ir::Value) -> ir::Value {
        let offset = self.builder.ins().ishl_imm_u(n, 3);
        self.builder.ins().isub(self.stack_pointer, offset)
    }

    /// Overwrites the stack item `n` places down.
    pub fn poke(&mut self, n: i32, value: ir::Value) {
        let sp = self.stack_pointer;
        self.store(value, sp, -8 * n);
    }

    /// Overwrites the stack item `n` places down, `n` in a value.
    pub fn poke_dynamic(&mut self, n: ir::Value, value: ir::Value) {
        let address = self.item_address(n);
        self.store(value, address, 0);
    }

    /// Pushes `value`.
    pub fn push(&mut self, value: ir::Value) {
        let sp = self.stack_pointer;
        self.store(value, sp, 0);
        self.stack_pointer = self.builder.ins().iadd_imm_s(sp, 8);
    }

    /// Drops `n` items.
    pub fn drop_items(&mut self, n: i64) {
        let sp = self.stack_pointer;
        self.stack_pointer = self.builder.ins().iadd_imm_s(sp, -8 * n);
    }

    /// `value` is a small int.
    pub fn is_small_int(&mut self, value: ir::Value) -> ir::Value {
        let tag = self.builder.ins().ushr_imm_s(value, TAG_SHIFT as i64);
        self.builder
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, TAG_INT as i64)
    }

    /// The signed integer in a small int.
    pub fn unbox_int(&mut self, value: ir::Value) -> ir::Value {
        let shifted = self.builder.ins().ishl_imm_s(value, 16);
        self.builder.ins().sshr_imm_s(shifted, 16)
    }

    /// `integer` fits a small int.
    pub fn fits_small_int(&mut self, integer: ir::Value) -> ir::Value {
        let narrowed = self.unbox_int(integer);
        self.builder.ins().icmp(IntCC::Equal, narrowed, integer)
    }

    /// The small int holding `integer` (which fits): the payload shifted
    /// up, the tag put under it, and the two rotated into place, so no
    /// 64-bit constant is needed.
    pub fn box_int(&mut self, integer: ir::Value) -> ir::Value {
        let shift = 64 - TAG_SHIFT as i64;
        let payload = self.builder.ins().ishl_imm_s(integer, shift);
        let tagged = self.builder.ins().bor_imm_s(payload, TAG_INT as i64);
        self.builder.ins().rotr_imm_s(tagged, shift)
    }

    /// The bool value of a condition (an `icmp` result).
    pub fn box_bool(&mut self, condition: ir::Value) -> ir::Value {
        let false_bits = self.constant(Value::FALSE.bits());
        let one = self.builder.ins().uextend(I64, condition);
        // TRUE is FALSE + 1.
        self.builder.ins().iadd(false_bits, one)
    }

    /// A colocated `tail` function import: `return_call` to it becomes a
    /// PC-relative jump.
    fn continuation(&mut self, value: HoleValue) -> FuncRef {
        if let Some(f) = self.continuations.get(&value) {
            return *f;
        }
        let name = self.name(value);
        let signature = self
            .builder
            .import_signature(stencil_signature(CallConv::Tail));
        let f = self.builder.import_function(ExtFuncData {
            name,
            signature,
            colocated: true,
            patchable: false,
        });
        self.continuations.insert(value, f);
        f
    }

    fn tail_call(&mut self, value: HoleValue, stack_pointer: ir::Value) {
        let f = self.continuation(value);
        let args = [self.context, self.locals, stack_pointer];
        self.builder.ins().return_call(f, &args);
    }

    /// Ends the stencil by continuing with the next one.
    pub fn continue_next(&mut self) {
        let sp = self.stack_pointer;
        self.tail_call(HoleValue::Continue, sp);
    }

    /// Ends the stencil by jumping to the op's jump target.
    pub fn jump_to_target(&mut self) {
        let sp = self.stack_pointer;
        self.tail_call(HoleValue::JumpTarget, sp);
    }

    /// Leaves through the side exit, with the stack as the op found it,
    /// when `condition` is non-zero; code after this runs on the other
    /// path. An op exits before it changes anything. The continuing block
    /// is marked cold so Cranelift lays it out last, making the final jump
    /// to `_JIT_CONTINUE` the stencil's last instruction (droppable).
    pub fn exit_if(&mut self, condition: ir::Value) {
        let exit = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(condition, exit, &[], next, &[]);
        self.builder.seal_block(exit);
        self.builder.seal_block(next);
        self.builder.switch_to_block(exit);
        let sp = self.entry_stack_pointer;
        self.tail_call(HoleValue::Exit, sp);
        self.builder.switch_to_block(next);
        self.builder.set_cold_block(next);
    }

    /// Runs `slow` (which must end the stencil) unless `condition` holds;
    /// code after this runs when it holds.
    pub fn unless(&mut self, condition: ir::Value, slow: impl FnOnce(&mut Self)) {
        let slow_block = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder
            .ins()
            .brif(condition, next, &[], slow_block, &[]);
        self.builder.seal_block(slow_block);
        self.builder.seal_block(next);
        self.builder.switch_to_block(slow_block);
        self.builder.set_cold_block(slow_block);
        let (locals, sp) = (self.locals, self.stack_pointer);
        slow(self);
        self.locals = locals;
        self.stack_pointer = sp;
        self.builder.switch_to_block(next);
    }

    /// Returns `(status, operand1)` to the host when `status` is non-zero
    /// (a helper's answer); code after this runs when it is zero.
    pub fn return_if_nonzero(&mut self, status: ir::Value) {
        let leave = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(status, leave, &[], next, &[]);
        self.builder.seal_block(leave);
        self.builder.seal_block(next);
        self.builder.switch_to_block(leave);
        let index = self.operand(1);
        self.builder.ins().return_(&[status, index]);
        self.builder.switch_to_block(next);
        self.builder.set_cold_block(next);
    }

    /// Calls runtime helper `n` (a far, absolute call in the host
    /// convention) and returns its result.
    pub fn call_helper(&mut self, n: u8, args: &[ir::Value]) -> ir::Value {
        let address = self.data_hole(HoleValue::Helper(n));
        let mut signature = Signature::new(CallConv::SystemV);
        signature
            .params
            .extend(args.iter().map(|_| AbiParam::new(I64)));
        signature.returns.push(AbiParam::new(I64));
        let signature = self.builder.import_signature(signature);
        let call = self.builder.ins().call_indirect(signature, address, args);
        self.builder.inst_results(call)[0]
    }

    /// Reloads the locals and stack pointer a helper wrote into the
    /// context.
    pub fn reload_frame(&mut self) {
        let context = self.context;
        self.locals = self.load(context, stencils::table::context::LOCALS);
        self.stack_pointer = self.load(context, stencils::table::context::STACK_POINTER);
    }

    /// Returns `(status, payload)` to the host.
    pub fn return_to_host(&mut self, status: i64, payload: ir::Value) {
        let status = self.builder.ins().iconst(I64, status);
        self.builder.ins().return_(&[status, payload]);
    }

    /// The entry shim's body: call the first stencil, hand back its result.
    pub fn enter_trace(&mut self) {
        let f = self.continuation(HoleValue::Continue);
        let args = [self.context, self.locals, self.stack_pointer];
        let call = self.builder.ins().call(f, &args);
        let results = self.builder.inst_results(call).to_vec();
        self.builder.ins().return_(&results);
    }
}

/// A Cranelift ISA for `triple` configured for stencils.
pub fn stencil_isa(triple: &str) -> Result<OwnedTargetIsa, String> {
    let mut flags = settings::builder();
    for (name, value) in [
        ("opt_level", "speed"),
        ("is_pic", "false"),
        ("preserve_frame_pointers", "true"),
        ("unwind_info", "false"),
    ] {
        flags
            .set(name, value)
            .map_err(|e| format!("setting {name}: {e}"))?;
    }
    let triple: target_lexicon::Triple = triple.parse().map_err(|e| format!("{triple}: {e}"))?;
    let builder = cranelift_codegen::isa::lookup(triple).map_err(|e| e.to_string())?;
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| e.to_string())
}

/// Compiles one template; validates its relocations.
pub fn compile(template: &Template, isa: &OwnedTargetIsa) -> Result<CompiledStencil, String> {
    let call_conv = match template.convention {
        Convention::Stencil => CallConv::Tail,
        Convention::Host => CallConv::SystemV,
    };
    let mut function = Function::with_name_signature(
        UserFuncName::testcase(&template.name),
        stencil_signature(call_conv),
    );
    let mut context = FunctionBuilderContext::new();
    {
        let mut builder = FunctionBuilder::new(&mut function, &mut context);
        let entry = builder.create_block();
        builder.append_block_params_for_function_params(entry);
        builder.switch_to_block(entry);
        builder.seal_block(entry);
        let params = builder.block_params(entry).to_vec();
        let mut stencil = StencilBuilder {
            builder,
            context: params[0],
            locals: params[1],
            entry_stack_pointer: params[2],
            stack_pointer: params[2],
            continuations: HashMap::new(),
            data_holes: HashMap::new(),
        };
        (template.build)(&mut stencil);
        stencil.builder.finalize(isa.frontend_config());
    }
    let names = function.params.user_named_funcs().clone();
    let mut ctx = cranelift_codegen::Context::for_function(function);
    ctx.set_disasm(true);
    let compiled = ctx
        .compile(&**isa, &mut ControlPlane::default())
        .map_err(|e| format!("{}: {:?}", template.name, e.inner))?;
    let bytes = compiled.code_buffer().to_vec();
    let alignment = compiled.buffer.alignment;
    let disassembly = compiled.vcode.clone().unwrap_or_default();
    let mut holes = Vec::new();
    for reloc in compiled.buffer.relocs() {
        let kind = match reloc.kind {
            Reloc::Abs8 => RelocationKind::Absolute64,
            Reloc::X86CallPCRel4 | Reloc::X86PCRel4 => RelocationKind::PcRelative32,
            Reloc::Arm64Call => RelocationKind::Aarch64Branch26,
            other => {
                return Err(format!(
                    "{}: unsupported relocation kind {other:?}",
                    template.name
                ));
            }
        };
        let value = match &reloc.target {
            FinalizedRelocTarget::ExternalName(ExternalName::User(reference)) => {
                let name = &names[*reference];
                hole_from_index(name.index).ok_or_else(|| {
                    format!(
                        "{}: unknown hole symbol index {}",
                        template.name, name.index
                    )
                })?
            }
            other => {
                return Err(format!(
                    "{}: relocation to unknown target {other:?}",
                    template.name
                ));
            }
        };
        if value.is_code() != (kind != RelocationKind::Absolute64)
            && !matches!(value, HoleValue::Helper(_))
        {
            return Err(format!(
                "{}: hole {} has unexpected relocation {kind:?}",
                template.name,
                value.symbol()
            ));
        }
        holes.push(Hole {
            offset: reloc.offset,
            kind,
            value,
            addend: reloc.addend,
        });
    }
    holes.sort_by_key(|h| h.offset);
    let (bytes, holes, disassembly) = if template.convention == Convention::Stencil {
        match FrameShape::of(isa.triple().architecture) {
            Some(shape) => shape.strip(bytes, holes, disassembly),
            None => (bytes, holes, disassembly),
        }
    } else {
        (bytes, holes, disassembly)
    };
    let trimmed_length = trimmed_length(&bytes, &holes);
    Ok(CompiledStencil {
        name: template.name.clone(),
        bytes,
        holes,
        alignment,
        trimmed_length,
        disassembly,
    })
}

/// The frame setup Cranelift gives every function with a tail call (its
/// tail calls rely on a frame pointer), as bytes per architecture. A
/// stencil whose body never touches the stack or the frame pointer does
/// not need it: [`FrameShape::strip`] removes it at build time.
struct FrameShape {
    /// `push rbp; mov rbp, rsp` / `stp fp, lr, [sp, #-16]!; mov fp, sp`.
    prologue: &'static [u8],
    /// `mov rsp, rbp; pop rbp` / `ldp fp, lr, [sp], #16`, before each tail
    /// jump.
    epilogue: &'static [u8],
    /// A no-op of the epilogue's length.
    nop: &'static [u8],
    /// How many bytes before a jump hole's field the jump instruction
    /// starts (x86-64 `jmp rel32`: 1; AArch64 `b`: 0, the hole is the
    /// instruction).
    jump_opcode: usize,
    /// Words of the disassembly that mean the body uses the stack or the
    /// frame (besides the prologue's two lines).
    frame_words: &'static [&'static str],
}

impl FrameShape {
    fn of(architecture: target_lexicon::Architecture) -> Option<&'static FrameShape> {
        static X86_64: FrameShape = FrameShape {
            prologue: &[0x55, 0x48, 0x89, 0xe5],
            epilogue: &[0x48, 0x89, 0xec, 0x5d],
            nop: &[0x0f, 0x1f, 0x40, 0x00],
            jump_opcode: 1,
            frame_words: &["%rsp", "%rbp", "call", "ret", "retq"],
        };
        static AARCH64: FrameShape = FrameShape {
            prologue: &[0xfd, 0x7b, 0xbf, 0xa9, 0xfd, 0x03, 0x00, 0x91],
            epilogue: &[0xfd, 0x7b, 0xc1, 0xa8],
            nop: &[0x1f, 0x20, 0x03, 0xd5],
            jump_opcode: 0,
            frame_words: &["sp", "fp", "lr", "blr", "ret"],
        };
        match architecture {
            target_lexicon::Architecture::X86_64 => Some(&X86_64),
            target_lexicon::Architecture::Aarch64(_) => Some(&AARCH64),
            _ => None,
        }
    }

    /// Removes the frame from a stencil that does not need it: the
    /// prologue goes (every later offset moves back by its length; jumps
    /// inside the stencil are relative, so they hold), and each tail
    /// jump's epilogue becomes a no-op, or goes with the trailing jump
    /// when the stencil ends with one. A stencil that does not have exactly
    /// the expected shape is left as it is.
    fn strip(
        &self,
        bytes: Vec<u8>,
        holes: Vec<Hole>,
        disassembly: String,
    ) -> (Vec<u8>, Vec<Hole>, String) {
        let body_uses_frame = disassembly.lines().skip(2).any(|line| {
            line.split(|c: char| !c.is_alphanumeric() && c != '%' && c != '_')
                .any(|word| self.frame_words.contains(&word))
        });
        if body_uses_frame || !bytes.starts_with(self.prologue) {
            return (bytes, holes, disassembly);
        }
        // Every epilogue must sit right before a jump hole.
        let epilogue_at = |hole: &Hole| {
            (hole.offset as usize).checked_sub(self.jump_opcode + self.epilogue.len())
        };
        let jump_holes: Vec<&Hole> = holes
            .iter()
            .filter(|h| h.kind != RelocationKind::Absolute64)
            .collect();
        let epilogues: Vec<usize> = jump_holes.iter().filter_map(|h| epilogue_at(h)).collect();
        let all_found = epilogues.len() == jump_holes.len()
            && epilogues
                .iter()
                .all(|&at| bytes[at..].starts_with(self.epilogue));
        let occurrences = bytes
            .windows(self.epilogue.len())
            .filter(|w| *w == self.epilogue)
            .count();
        if !all_found || occurrences != epilogues.len() {
            return (bytes, holes, disassembly);
        }
        let mut bytes = bytes;
        for &at in &epilogues {
            bytes[at..at + self.nop.len()].copy_from_slice(self.nop);
        }
        let cut = self.prologue.len();
        let bytes = bytes[cut..].to_vec();
        let holes = holes
            .into_iter()
            .map(|h| Hole {
                offset: h.offset - cut as u32,
                ..h
            })
            .collect();
        let disassembly = format!(
            "  (frame stripped: {} bytes of prologue, {} epilogues made no-ops)\n{}",
            cut,
            epilogues.len(),
            disassembly
        );
        (bytes, holes, disassembly)
    }
}

/// The length without a final jump to `_JIT_CONTINUE`, if the stencil
/// ends with one (x86-64 `jmp rel32`, AArch64 `b`).
fn trimmed_length(bytes: &[u8], holes: &[Hole]) -> u32 {
    let length = bytes.len() as u32;
    let Some(last) = holes.last() else {
        return length;
    };
    if last.value != HoleValue::Continue || last.offset + 4 != length {
        return length;
    }
    let jump = match last.kind {
        RelocationKind::PcRelative32
            if last.offset >= 1 && bytes[last.offset as usize - 1] == 0xE9 =>
        {
            last.offset - 1
        }
        RelocationKind::Aarch64Branch26 => last.offset,
        _ => return length,
    };
    // The no-op a stripped epilogue left before the jump goes with it.
    const NOPS: [[u8; 4]; 2] = [[0x0f, 0x1f, 0x40, 0x00], [0x1f, 0x20, 0x03, 0xd5]];
    match jump.checked_sub(4) {
        Some(at) if NOPS.iter().any(|nop| bytes[at as usize..].starts_with(nop)) => at,
        _ => jump,
    }
}

/// Compiles every template for `triple`, after checking that every uop
/// of the uop table has a template.
pub fn compile_all(triple: &str) -> Result<Vec<CompiledStencil>, String> {
    let templates = templates::all();
    check_coverage(&templates)?;
    let isa = stencil_isa(triple)?;
    templates.iter().map(|t| compile(t, &isa)).collect()
}

/// Every uop has a template, and every template but the entry shim and
/// the exit stub names the uop it implements (with its name as prefix).
pub fn check_coverage(templates: &[Template]) -> Result<(), String> {
    for &uop in Uop::ALL {
        if !templates.iter().any(|t| t.uop == Some(uop)) {
            return Err(format!("uop {} has no stencil template", uop.name()));
        }
    }
    for template in templates {
        match template.uop {
            Some(uop) if template.name.starts_with(uop.name()) => {}
            Some(uop) => {
                return Err(format!(
                    "template {} does not carry the name of its uop {}",
                    template.name,
                    uop.name()
                ));
            }
            None if matches!(template.name.as_str(), "enter" | "exit") => {}
            None => return Err(format!("template {} names no uop", template.name)),
        }
    }
    Ok(())
}
