//! The stencil templates. Until the tier-2 issue defines the real uop set,
//! this is a test set covering every hole kind: constants into slots,
//! slot loads and stores, checked int arithmetic with side exits,
//! compare-and-branch to a jump target, a helper call, and returning to
//! the host. The arithmetic family is generated from one definition.

use cranelift_codegen::ir::{InstBuilder, condcodes::IntCC};

use crate::{Convention, StencilBuilder, Template};

fn template(name: &'static str, build: impl Fn(&mut StencilBuilder) + 'static) -> Template {
    Template {
        name,
        convention: Convention::Stencil,
        build: Box::new(build),
    }
}

/// Overflow-checked binary operations: `slot[oparg] = slot[operand0] OP
/// slot[operand1]`, leaving through the side exit (slot untouched) on
/// overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedOperation {
    Add,
    Subtract,
    Multiply,
}

impl CheckedOperation {
    pub const ALL: [CheckedOperation; 3] = [Self::Add, Self::Subtract, Self::Multiply];

    pub fn stencil_name(self) -> &'static str {
        match self {
            Self::Add => "int_add_checked",
            Self::Subtract => "int_subtract_checked",
            Self::Multiply => "int_multiply_checked",
        }
    }

    /// The reference semantics (`None` = side exit).
    pub fn evaluate(self, a: i64, b: i64) -> Option<i64> {
        match self {
            Self::Add => a.checked_add(b),
            Self::Subtract => a.checked_sub(b),
            Self::Multiply => a.checked_mul(b),
        }
    }
}

fn checked_operation(operation: CheckedOperation) -> Template {
    template(operation.stencil_name(), move |b| {
        let (left, right) = b.load_operand_slots();
        let (result, overflow) = match operation {
            CheckedOperation::Add => b.ins().sadd_overflow(left, right),
            CheckedOperation::Subtract => b.ins().ssub_overflow(left, right),
            CheckedOperation::Multiply => b.ins().smul_overflow(left, right),
        };
        b.side_exit_if(overflow);
        let target = b.oparg();
        b.store_slot(target, result);
        let accumulator = b.accumulator;
        b.continue_with(accumulator);
    })
}

/// Every template, in table order.
pub fn all() -> Vec<Template> {
    let mut templates = vec![
        Template {
            name: "enter",
            convention: Convention::Host,
            build: Box::new(|b| b.enter_trace()),
        },
        // slot[oparg] = operand0
        template("load_constant", |b| {
            let index = b.oparg();
            let value = b.operand(0);
            b.store_slot(index, value);
            let accumulator = b.accumulator;
            b.continue_with(accumulator);
        }),
        // accumulator = slot[oparg]
        template("load_slot", |b| {
            let index = b.oparg();
            let value = b.load_slot(index);
            b.continue_with(value);
        }),
        // slot[oparg] = accumulator
        template("store_slot", |b| {
            let index = b.oparg();
            let accumulator = b.accumulator;
            b.store_slot(index, accumulator);
            b.continue_with(accumulator);
        }),
        // if slot[operand0] < slot[operand1]: goto jump target
        template("branch_if_less", |b| {
            let (left, right) = b.load_operand_slots();
            let less = b.ins().icmp(IntCC::SignedLessThan, left, right);
            b.branch_if(less);
            let accumulator = b.accumulator;
            b.continue_with(accumulator);
        }),
        // slot[oparg] = helper0(slot[operand0], slot[operand1])
        template("call_helper", |b| {
            let (left, right) = b.load_operand_slots();
            let result = b.call_helper(0, &[left, right]);
            let target = b.oparg();
            b.store_slot(target, result);
            let accumulator = b.accumulator;
            b.continue_with(accumulator);
        }),
        // return (RETURNED, slot[oparg])
        template("return_to_host", |b| {
            let index = b.oparg();
            let value = b.load_slot(index);
            b.return_to_host(stencils::table::status::RETURNED, value);
        }),
        // A side-exit stub: return (SIDE_EXIT, operand0)
        template("exit", |b| {
            let which = b.operand(0);
            b.return_to_host(stencils::table::status::SIDE_EXIT, which);
        }),
    ];
    templates.extend(CheckedOperation::ALL.into_iter().map(checked_operation));
    templates
}
