//! For the copy-and-patch benchmark: the same straight-line trace built as
//! one ordinary Cranelift function, to time Cranelift compiling it.

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{
    AbiParam, Function, InstBuilder, MemFlagsData, Signature, UserFuncName, types::I64,
};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

/// One operation of the benchmark trace.
#[derive(Clone, Copy, Debug)]
pub enum Operation {
    /// slot[target] = value
    LoadConstant { target: i64, value: i64 },
    /// slot[target] = slot[a] + slot[b], exiting on overflow
    AddChecked { target: i64, a: i64, b: i64 },
    /// return slot[slot]
    Return { slot: i64 },
}

/// Builds and compiles `operations` as one function; returns its code size.
pub fn compile_with_cranelift(
    isa: &OwnedTargetIsa,
    operations: &[Operation],
) -> Result<usize, String> {
    let mut signature = Signature::new(CallConv::SystemV);
    signature.params.push(AbiParam::new(I64));
    signature
        .returns
        .extend([AbiParam::new(I64), AbiParam::new(I64)]);
    let mut function = Function::with_name_signature(UserFuncName::testcase("trace"), signature);
    let mut context = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut function, &mut context);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let frame = b.block_params(entry)[0];
    let flags = MemFlagsData::trusted();
    for (index, operation) in operations.iter().enumerate() {
        match *operation {
            Operation::LoadConstant { target, value } => {
                let v = b.ins().iconst(I64, value);
                b.ins().store(flags, v, frame, (target * 8) as i32);
            }
            Operation::AddChecked {
                target,
                a,
                b: right,
            } => {
                let x = b.ins().load(I64, flags, frame, (a * 8) as i32);
                let y = b.ins().load(I64, flags, frame, (right * 8) as i32);
                let (sum, overflow) = b.ins().sadd_overflow(x, y);
                let exit = b.create_block();
                let next = b.create_block();
                b.ins().brif(overflow, exit, &[], next, &[]);
                b.seal_block(exit);
                b.seal_block(next);
                b.switch_to_block(exit);
                b.set_cold_block(exit);
                let status = b.ins().iconst(I64, 1);
                let payload = b.ins().iconst(I64, index as i64);
                b.ins().return_(&[status, payload]);
                b.switch_to_block(next);
                b.ins().store(flags, sum, frame, (target * 8) as i32);
            }
            Operation::Return { slot } => {
                let v = b.ins().load(I64, flags, frame, (slot * 8) as i32);
                let status = b.ins().iconst(I64, 0);
                b.ins().return_(&[status, v]);
                break;
            }
        }
    }
    b.finalize(isa.frontend_config());
    let mut ctx = cranelift_codegen::Context::for_function(function);
    let compiled = ctx
        .compile(&**isa, &mut ControlPlane::default())
        .map_err(|e| format!("{:?}", e.inner))?;
    Ok(compiled.code_buffer().len())
}
