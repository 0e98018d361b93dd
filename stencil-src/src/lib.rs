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
//! `load_slot`, `side_exit_if(cond)`, `continue_with(acc)`,
//! `jump_to_target(acc)`, `call_helper(n, args)`, `return_to_host(..)`.
//!
//! Every stencil has the signature
//! `fn(frame: i64, stack: i64, accumulator: i64) -> (status: i64, payload: i64)`
//! in Cranelift's `tail` convention and chains to the next with
//! `return_call`. `frame` points at the 64-bit slots the trace works on,
//! `stack` is reserved for the value stack of later tiers, and
//! `accumulator` caches one value in a register. Any stencil may `return`:
//! that returns to the entry shim, and from there to the host.

pub mod equivalent;
pub mod templates;

use std::collections::HashMap;

use cranelift_codegen::FinalizedRelocTarget;
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{
    self, AbiParam, ExtFuncData, ExternalName, FuncRef, Function, GlobalValueData, InstBuilder,
    MemFlagsData, Signature, UserExternalName, UserFuncName, types::I64,
};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use stencils::table::{Hole, HoleValue, RelocationKind};

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

/// A template: its name, convention and builder function.
pub struct Template {
    pub name: &'static str,
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
        HoleValue::Helper(n) => 100 + n as u32,
    }
}

fn hole_from_index(index: u32) -> Option<HoleValue> {
    Some(match index {
        0 => HoleValue::Oparg,
        1 => HoleValue::Continue,
        2 => HoleValue::Exit,
        3 => HoleValue::JumpTarget,
        10..=19 => HoleValue::Operand((index - 10) as u8),
        100..=199 => HoleValue::Helper((index - 100) as u8),
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

/// Builds one template's function; owns the convention and the holes.
pub struct StencilBuilder<'a> {
    pub builder: FunctionBuilder<'a>,
    pub frame: ir::Value,
    pub stack: ir::Value,
    pub accumulator: ir::Value,
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

    /// Memory flags for frame slots: aligned and never trapping.
    fn trusted(&mut self) -> MemFlagsData {
        MemFlagsData::trusted()
    }

    fn slot_address(&mut self, index: ir::Value) -> ir::Value {
        let offset = self.builder.ins().ishl_imm_u(index, 3);
        self.builder.ins().iadd(self.frame, offset)
    }

    /// Reads frame slot `index`.
    pub fn load_slot(&mut self, index: ir::Value) -> ir::Value {
        let address = self.slot_address(index);
        let flags = self.trusted();
        self.builder.ins().load(I64, flags, address, 0)
    }

    /// Reads the slots named by `_JIT_OPERAND0` and `_JIT_OPERAND1`.
    pub fn load_operand_slots(&mut self) -> (ir::Value, ir::Value) {
        let left_index = self.operand(0);
        let right_index = self.operand(1);
        let left = self.load_slot(left_index);
        let right = self.load_slot(right_index);
        (left, right)
    }

    /// Writes frame slot `index`.
    pub fn store_slot(&mut self, index: ir::Value, value: ir::Value) {
        let address = self.slot_address(index);
        let flags = self.trusted();
        self.builder.ins().store(flags, value, address, 0);
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

    fn tail_call(&mut self, value: HoleValue, accumulator: ir::Value) {
        let f = self.continuation(value);
        let args = [self.frame, self.stack, accumulator];
        self.builder.ins().return_call(f, &args);
    }

    /// Ends the stencil by continuing with the next one.
    pub fn continue_with(&mut self, accumulator: ir::Value) {
        self.tail_call(HoleValue::Continue, accumulator);
    }

    /// Ends the stencil by jumping to the instruction's branch target.
    pub fn jump_to_target(&mut self, accumulator: ir::Value) {
        self.tail_call(HoleValue::JumpTarget, accumulator);
    }

    /// Leaves through the side exit when `condition` is non-zero; code
    /// after this runs on the other path. The continuing block is marked
    /// cold so Cranelift lays it out last, making the final jump to
    /// `_JIT_CONTINUE` the stencil's last instruction (droppable).
    pub fn side_exit_if(&mut self, condition: ir::Value) {
        let exit = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(condition, exit, &[], next, &[]);
        self.builder.seal_block(exit);
        self.builder.seal_block(next);
        self.builder.switch_to_block(exit);
        let accumulator = self.accumulator;
        self.tail_call(HoleValue::Exit, accumulator);
        self.builder.switch_to_block(next);
        self.builder.set_cold_block(next);
    }

    /// Branches to the jump target when `condition` is non-zero, else
    /// continues.
    pub fn branch_if(&mut self, condition: ir::Value) {
        let taken = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.ins().brif(condition, taken, &[], next, &[]);
        self.builder.seal_block(taken);
        self.builder.seal_block(next);
        self.builder.switch_to_block(taken);
        let accumulator = self.accumulator;
        self.jump_to_target(accumulator);
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

    /// Returns `(status, payload)` to the host.
    pub fn return_to_host(&mut self, status: i64, payload: ir::Value) {
        let status = self.builder.ins().iconst(I64, status);
        self.builder.ins().return_(&[status, payload]);
    }

    /// The entry shim's body: call the first stencil, hand back its result.
    pub fn enter_trace(&mut self) {
        let f = self.continuation(HoleValue::Continue);
        let args = [self.frame, self.stack, self.accumulator];
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
        UserFuncName::testcase(template.name),
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
            frame: params[0],
            stack: params[1],
            accumulator: params[2],
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
    let trimmed_length = trimmed_length(&bytes, &holes);
    Ok(CompiledStencil {
        name: template.name.to_string(),
        bytes,
        holes,
        alignment,
        trimmed_length,
        disassembly,
    })
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
    match last.kind {
        RelocationKind::PcRelative32
            if last.offset >= 1 && bytes[last.offset as usize - 1] == 0xE9 =>
        {
            last.offset - 1
        }
        RelocationKind::Aarch64Branch26 => last.offset,
        _ => length,
    }
}

/// Compiles every template for `triple`.
pub fn compile_all(triple: &str) -> Result<Vec<CompiledStencil>, String> {
    let isa = stencil_isa(triple)?;
    templates::all().iter().map(|t| compile(t, &isa)).collect()
}
