//! The stencil templates: one or more per uop of the uop table
//! (`crates/uops`), plus the entry shim and the side-exit stub.
//!
//! A uop is either *inline* (machine code for its whole semantics:
//! locals, constants, stack shuffles, tag guards, small-int arithmetic
//! with its overflow exit, comparisons, branch guards) or a *helper call*:
//! the stencil calls the uop interpreter's own code for that one uop
//! (helper `FIRST_UOP + uop`, one semantics for both backends), then
//! reloads the frame the helper may have changed. A uop whose oparg selects an
//! operation (`_COMPARE_OP_INT`) has a variant per oparg, named
//! `{uop}_{oparg}`, so the comparison is an immediate.
//!
//! Operands every uop stencil may use: `_JIT_OPARG` (the op's oparg),
//! `_JIT_OPERAND0` (its `operand0`), `_JIT_OPERAND1` (its index in the
//! trace, reported to the host with any status), `_JIT_OPERAND2` (the
//! address of the op, for helpers).

use cranelift_codegen::ir::{
    self, InstBuilder, MemFlagsData,
    condcodes::{FloatCC, IntCC},
    types::{F64, I64},
};
use runtime::Value;
use runtime::value::{CANONICAL_NAN, FIRST_TAGGED};
use stencils::table::{context, helper, status};
use uops::Uop;

use crate::{Convention, StencilBuilder, Template};

fn template(name: String, uop: Uop, build: impl Fn(&mut StencilBuilder) + 'static) -> Template {
    Template {
        name,
        uop: Some(uop),
        convention: Convention::Stencil,
        build: Box::new(build),
    }
}

/// The comparisons of `COMPARE_OP`'s oparg, in oparg order (`<`, `<=`,
/// `==`, `!=`, `>`, `>=`).
pub const COMPARISONS: [IntCC; 6] = [
    IntCC::SignedLessThan,
    IntCC::SignedLessThanOrEqual,
    IntCC::Equal,
    IntCC::NotEqual,
    IntCC::SignedGreaterThan,
    IntCC::SignedGreaterThanOrEqual,
];

/// The name of the variant of `uop` for `oparg`.
pub fn variant_name(uop: Uop, oparg: u32) -> String {
    stencils::table::variant_name(uop.name(), oparg)
}

/// The float comparisons of `COMPARE_OP`'s oparg, in oparg order: an
/// unordered operand (NaN) makes all but `!=` false, as in Python.
pub const FLOAT_COMPARISONS: [FloatCC; 6] = [
    FloatCC::LessThan,
    FloatCC::LessThanOrEqual,
    FloatCC::Equal,
    FloatCC::NotEqual,
    FloatCC::GreaterThan,
    FloatCC::GreaterThanOrEqual,
];

/// Whether `uop` has per-oparg variants, and how many.
pub fn variant_count(uop: Uop) -> u32 {
    match uop {
        Uop::CompareOpInt => COMPARISONS.len() as u32,
        Uop::CompareOpFloat => FLOAT_COMPARISONS.len() as u32,
        _ => 0,
    }
}

/// The body of an inline uop, or `None` when the uop calls its helper.
fn inline_body(uop: Uop) -> Option<fn(&mut StencilBuilder)> {
    let body: fn(&mut StencilBuilder) = match uop {
        Uop::LoadFast => |b| {
            let index = b.oparg();
            let value = b.load_local(index);
            let null = b
                .ins()
                .icmp_imm_s(IntCC::Equal, value, Value::NULL.bits() as i64);
            b.exit_if(null);
            b.push(value);
            b.continue_next();
        },
        Uop::LoadFastUnchecked => |b| {
            let index = b.oparg();
            let value = b.load_local(index);
            b.push(value);
            b.continue_next();
        },
        Uop::StoreFast => |b| {
            let value = b.peek(1);
            let index = b.oparg();
            b.store_local(index, value);
            b.drop_items(1);
            b.continue_next();
        },
        Uop::LoadConst | Uop::LoadValue => |b| {
            let value = b.operand(0);
            b.push(value);
            b.continue_next();
        },
        Uop::PopTop => |b| {
            b.drop_items(1);
            b.continue_next();
        },
        Uop::PushNull => |b| {
            let null = b.constant(Value::NULL.bits());
            b.push(null);
            b.continue_next();
        },
        Uop::Copy => |b| {
            let n = b.oparg();
            let value = b.peek_dynamic(n);
            b.push(value);
            b.continue_next();
        },
        Uop::Swap => |b| {
            let n = b.oparg();
            let (top, other) = (b.peek(1), b.peek_dynamic(n));
            b.poke(1, other);
            b.poke_dynamic(n, top);
            b.continue_next();
        },
        Uop::GuardTosInt => |b| guard_small_int(b, 1),
        Uop::GuardNosInt => |b| guard_small_int(b, 2),
        Uop::GuardTosFloat => |b| guard_float(b, 1),
        Uop::GuardNosFloat => |b| guard_float(b, 2),
        Uop::GuardTosBool => |b| {
            // FALSE and TRUE are adjacent: (v - FALSE) unsigned <= 1.
            let value = b.peek(1);
            let offset = b
                .ins()
                .iadd_imm_s(value, (Value::FALSE.bits() as i64).wrapping_neg());
            let not_bool = b.ins().icmp_imm_s(IntCC::UnsignedGreaterThan, offset, 1);
            b.exit_if(not_bool);
            b.continue_next();
        },
        Uop::GuardTosNone => |b| {
            let value = b.peek(1);
            let not_none = b
                .ins()
                .icmp_imm_s(IntCC::NotEqual, value, Value::NONE.bits() as i64);
            b.exit_if(not_none);
            b.continue_next();
        },
        Uop::GuardIsTrue => |b| branch_guard(b, IntCC::NotEqual, Value::TRUE),
        Uop::GuardIsFalse => |b| branch_guard(b, IntCC::NotEqual, Value::FALSE),
        Uop::GuardIsNone => |b| branch_guard(b, IntCC::NotEqual, Value::NONE),
        Uop::GuardIsNotNone => |b| branch_guard(b, IntCC::Equal, Value::NONE),
        Uop::BinaryOpAddInt => |b| int_arithmetic(b, IntOperation::Add, true),
        Uop::BinaryOpSubtractInt => |b| int_arithmetic(b, IntOperation::Subtract, true),
        Uop::BinaryOpMultiplyInt => |b| int_arithmetic(b, IntOperation::Multiply, true),
        Uop::BinaryOpFloorDivideInt => |b| int_division(b, true),
        Uop::BinaryOpRemainderInt => |b| int_division(b, false),
        Uop::BinaryOpAddIntInRange => |b| int_arithmetic(b, IntOperation::Add, false),
        Uop::BinaryOpSubtractIntInRange => |b| int_arithmetic(b, IntOperation::Subtract, false),
        Uop::IsOp => |b| {
            let (left, right) = (b.peek(2), b.peek(1));
            let same = b.ins().icmp(IntCC::Equal, left, right);
            let same = b.ins().uextend(I64, same);
            // `is not` (oparg 1) flips it.
            let oparg = b.oparg();
            let truth = b.ins().bxor(same, oparg);
            let false_bits = b.constant(Value::FALSE.bits());
            let result = b.ins().iadd(false_bits, truth);
            finish_binary(b, result);
        },
        Uop::UnaryNotBool => |b| {
            let value = b.peek(1);
            let is_false = b
                .ins()
                .icmp_imm_s(IntCC::Equal, value, Value::FALSE.bits() as i64);
            let result = b.box_bool(is_false);
            b.poke(1, result);
            b.continue_next();
        },
        Uop::ToBoolInt => |b| {
            let value = b.peek(1);
            let integer = b.unbox_int(value);
            let nonzero = b.ins().icmp_imm_s(IntCC::NotEqual, integer, 0);
            let result = b.box_bool(nonzero);
            b.poke(1, result);
            b.continue_next();
        },
        Uop::ToBoolNone => |b| {
            let result = b.constant(Value::FALSE.bits());
            b.poke(1, result);
            b.continue_next();
        },
        Uop::LoadAttrMethod => |b| {
            let owner = b.peek(1);
            let function = b.operand(0);
            b.poke(1, function);
            b.push(owner);
            b.continue_next();
        },
        Uop::JumpToTop => |b| {
            // Count down to the safe point, then the loop's first op.
            let context = b.context;
            let countdown = b.load(context, context::COUNTDOWN);
            let countdown = b.ins().iadd_imm_s(countdown, -1);
            b.store(countdown, context, context::COUNTDOWN);
            let check = b.builder.create_block();
            let next = b.builder.create_block();
            b.ins().brif(countdown, next, &[], check, &[]);
            b.builder.seal_block(check);
            b.builder.seal_block(next);
            b.builder.switch_to_block(check);
            b.builder.set_cold_block(check);
            let (sp, op) = (b.stack_pointer, b.operand(2));
            let answer = b.call_helper(helper::SAFE_POINT, &[context, sp, op]);
            b.return_if_nonzero(answer);
            b.jump_to_target();
            b.builder.switch_to_block(next);
            b.jump_to_target();
        },
        _ => return None,
    };
    Some(body)
}

fn guard_small_int(b: &mut StencilBuilder, depth: i32) {
    let value = b.peek(depth);
    let is_int = b.is_small_int(value);
    let not_int = b.ins().bxor_imm_s(is_int, 1);
    b.exit_if(not_int);
    b.continue_next();
}

fn guard_float(b: &mut StencilBuilder, depth: i32) {
    let value = b.peek(depth);
    let tagged = b.ins().icmp_imm_s(
        IntCC::UnsignedGreaterThanOrEqual,
        value,
        FIRST_TAGGED as i64,
    );
    b.exit_if(tagged);
    b.continue_next();
}

/// Pops the top, leaving when `top <condition> expected`.
fn branch_guard(b: &mut StencilBuilder, leave_when: IntCC, expected: Value) {
    let value = b.peek(1);
    let leave = b
        .ins()
        .icmp_imm_s(leave_when, value, expected.bits() as i64);
    b.exit_if(leave);
    b.drop_items(1);
    b.continue_next();
}

#[derive(Clone, Copy)]
enum IntOperation {
    Add,
    Subtract,
    Multiply,
}

/// Small-int arithmetic on the two top items: leaves when the result is
/// not a small int (`checked`), else replaces them with it.
fn int_arithmetic(b: &mut StencilBuilder, operation: IntOperation, checked: bool) {
    let (left, right) = (b.peek(2), b.peek(1));
    let (x, y) = (b.unbox_int(left), b.unbox_int(right));
    // 48-bit operands: a sum or difference cannot overflow 64 bits.
    let result = match operation {
        IntOperation::Add => b.ins().iadd(x, y),
        IntOperation::Subtract => b.ins().isub(x, y),
        IntOperation::Multiply => {
            let (product, overflow) = b.ins().smul_overflow(x, y);
            b.exit_if(overflow);
            product
        }
    };
    if checked {
        let fits = b.fits_small_int(result);
        let out_of_range = b.ins().bxor_imm_s(fits, 1);
        b.exit_if(out_of_range);
    }
    let boxed = b.box_int(result);
    finish_binary(b, boxed);
}

/// `//` (`floor`) or `%` of the two top small ints, rounding as Python
/// does (toward negative infinity; the remainder takes the divisor's
/// sign); leaves on a zero divisor, and when a quotient is not a small int.
fn int_division(b: &mut StencilBuilder, floor: bool) {
    let (left, right) = (b.peek(2), b.peek(1));
    let (x, y) = (b.unbox_int(left), b.unbox_int(right));
    let zero = b.ins().icmp_imm_s(IntCC::Equal, y, 0);
    b.exit_if(zero);
    // 48-bit operands: no 64-bit overflow.
    let (quotient, remainder) = if floor {
        let quotient = b.ins().sdiv(x, y);
        let product = b.ins().imul(quotient, y);
        (quotient, b.ins().isub(x, product))
    } else {
        (x, b.ins().srem(x, y))
    };
    let inexact = b.ins().icmp_imm_s(IntCC::NotEqual, remainder, 0);
    let signs = b.ins().bxor(remainder, y);
    let signs_differ = b.ins().icmp_imm_s(IntCC::SignedLessThan, signs, 0);
    let adjust = b.ins().band(inexact, signs_differ);
    let result = if floor {
        let adjust = b.ins().uextend(I64, adjust);
        let result = b.ins().isub(quotient, adjust);
        let fits = b.fits_small_int(result);
        let out_of_range = b.ins().bxor_imm_s(fits, 1);
        b.exit_if(out_of_range);
        result
    } else {
        let adjusted = b.ins().iadd(remainder, y);
        b.ins().select(adjust, adjusted, remainder)
    };
    let boxed = b.box_int(result);
    finish_binary(b, boxed);
}

/// Replaces the two operands on top with `result` and goes on.
fn finish_binary(b: &mut StencilBuilder, result: ir::Value) {
    b.drop_items(1);
    b.poke(1, result);
    b.continue_next();
}

/// `_COMPARE_OP_INT` for one comparison: two small ints to a bool.
fn compare_int(b: &mut StencilBuilder, comparison: IntCC) {
    let (left, right) = (b.peek(2), b.peek(1));
    let (x, y) = (b.unbox_int(left), b.unbox_int(right));
    let holds = b.ins().icmp(comparison, x, y);
    let result = b.box_bool(holds);
    finish_binary(b, result);
}

/// The two top items are floats (not a float and an int: those take the
/// helper).
fn both_floats(b: &mut StencilBuilder) -> (ir::Value, ir::Value, ir::Value) {
    let (left, right) = (b.peek(2), b.peek(1));
    let left_float = b
        .ins()
        .icmp_imm_u(IntCC::UnsignedLessThan, left, FIRST_TAGGED as i64);
    let right_float = b
        .ins()
        .icmp_imm_u(IntCC::UnsignedLessThan, right, FIRST_TAGGED as i64);
    let both = b.ins().band(left_float, right_float);
    let x = b.ins().bitcast(F64, MemFlagsData::new(), left);
    let y = b.ins().bitcast(F64, MemFlagsData::new(), right);
    (both, x, y)
}

/// Float arithmetic on two floats inline (a NaN result made the canonical
/// NaN, as `Value::float` does); anything else (an int operand, a zero
/// divisor) takes the uop's helper.
fn float_arithmetic(b: &mut StencilBuilder, uop: Uop) {
    let (both, x, y) = both_floats(b);
    let fast = if uop == Uop::BinaryOpTrueDivideFloat {
        let zero = b.ins().f64const(0.0);
        let nonzero = b.ins().fcmp(FloatCC::NotEqual, y, zero);
        b.ins().band(both, nonzero)
    } else {
        both
    };
    b.unless(fast, |b| helper_call(b, uop, false));
    let result = match uop {
        Uop::BinaryOpAddFloat => b.ins().fadd(x, y),
        Uop::BinaryOpSubtractFloat => b.ins().fsub(x, y),
        Uop::BinaryOpMultiplyFloat => b.ins().fmul(x, y),
        _ => b.ins().fdiv(x, y),
    };
    let bits = b.ins().bitcast(I64, MemFlagsData::new(), result);
    let nan = b.ins().fcmp(FloatCC::Unordered, result, result);
    let canonical = b.constant(CANONICAL_NAN);
    let value = b.ins().select(nan, canonical, bits);
    finish_binary(b, value);
}

/// `_COMPARE_OP_FLOAT` for one comparison: two floats inline, mixed
/// operands through the helper.
fn compare_float(b: &mut StencilBuilder, comparison: FloatCC) {
    let (both, x, y) = both_floats(b);
    b.unless(both, |b| helper_call(b, Uop::CompareOpFloat, false));
    let holds = b.ins().fcmp(comparison, x, y);
    let result = b.box_bool(holds);
    finish_binary(b, result);
}

/// A uop run by its helper: the uop interpreter's code for it.
fn helper_call(b: &mut StencilBuilder, uop: Uop, ends: bool) {
    let (context, sp, op) = (b.context, b.stack_pointer, b.operand(2));
    let answer = b.call_helper(helper::FIRST_UOP + uop as u8, &[context, sp, op]);
    if ends {
        // The helper saved the frame and says where control goes.
        let index = b.operand(1);
        b.ins().return_(&[answer, index]);
        return;
    }
    b.return_if_nonzero(answer);
    b.reload_frame();
    b.continue_next();
}

/// Every template, in table order: the entry shim, the exit stub, then
/// the uops in the uop table's order.
pub fn all() -> Vec<Template> {
    let mut templates = vec![
        Template {
            name: "enter".into(),
            uop: None,
            convention: Convention::Host,
            build: Box::new(|b| b.enter_trace()),
        },
        // A side exit: hand the stack pointer back, return (SIDE_EXIT, index).
        Template {
            name: "exit".into(),
            uop: None,
            convention: Convention::Stencil,
            build: Box::new(|b| {
                let (context, sp) = (b.context, b.stack_pointer);
                b.store(sp, context, context::STACK_POINTER);
                let index = b.operand(0);
                b.return_to_host(status::SIDE_EXIT, index);
            }),
        },
    ];
    for &uop in Uop::ALL {
        let ends = uop.flags() & uops::flags::ENDS != 0;
        let float_arithmetic_uop = matches!(
            uop,
            Uop::BinaryOpAddFloat
                | Uop::BinaryOpSubtractFloat
                | Uop::BinaryOpMultiplyFloat
                | Uop::BinaryOpTrueDivideFloat
        );
        match inline_body(uop) {
            Some(body) => templates.push(template(uop.name().to_string(), uop, body)),
            None if float_arithmetic_uop => {
                templates.push(template(uop.name().to_string(), uop, move |b| {
                    float_arithmetic(b, uop)
                }))
            }
            None => templates.push(template(uop.name().to_string(), uop, move |b| {
                helper_call(b, uop, ends)
            })),
        }
        for oparg in 0..variant_count(uop) {
            let name = variant_name(uop, oparg);
            match uop {
                Uop::CompareOpInt => templates.push(template(name, uop, move |b| {
                    compare_int(b, COMPARISONS[oparg as usize])
                })),
                Uop::CompareOpFloat => templates.push(template(name, uop, move |b| {
                    compare_float(b, FLOAT_COMPARISONS[oparg as usize])
                })),
                _ => unreachable!("variant_count names the uops with variants"),
            }
        }
    }
    templates
}
