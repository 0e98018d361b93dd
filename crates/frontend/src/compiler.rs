//! Code generation: AST → [`CodeObject`]s.
//!
//! One [`Unit`] per function being compiled. Jumps target [`Label`]s that
//! are resolved when the unit is finished. Every emitted instruction
//! records the innermost active exception handler; runs of equal handlers
//! become the zero-cost exception table. `break`/`continue`/`return` unwind
//! the frame-block stack ([`FrameBlock`]) the way CPython's compiler does,
//! inlining `finally` bodies on the way out.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use bytecode::{
    BigInt, BinaryOperator, CodeObject, ComparisonOperator, Constant, ExceptionTableEntry,
    Instruction, Opcode, flags,
};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::CompileError;
use crate::scope::{ScopeKind, ScopeTable, Symbol};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Label(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Handler {
    label: Label,
    depth: u32,
    push_lasti: bool,
}

/// Why control is inside a block, for unwinding on `break`/`continue`/`return`.
#[derive(Clone)]
enum FrameBlock<'a> {
    WhileLoop {
        start: Label,
        exit: Label,
    },
    ForLoop {
        start: Label,
        exit: Label,
    },
    TryExcept {
        handler_level: usize,
    },
    TryFinally {
        handler_level: usize,
        body: &'a [Stmt],
    },
    /// Inside an `except` body: `[.., previous_exception]` on the stack.
    ExceptHandler {
        handler_level: usize,
        name: Option<&'a str>,
    },
    /// Inside a `with` body: the bound `__exit__` waits on the stack.
    With {
        handler_level: usize,
    },
    /// Inside the exceptional copy of a `finally`: `[.., previous, exception]`.
    FinallyException {
        handler_level: usize,
    },
    /// A `finally` body inlined by a `return` unwinding through it: the
    /// return value waits on the stack, and a `break`/`continue`/`return`
    /// inside the body must drop it (CPython's `POP_VALUE` block).
    PopValue,
}

struct Unit<'a> {
    scope: usize,
    code: CodeObject,
    handlers: Vec<Option<Handler>>,
    handler_stack: Vec<Handler>,
    blocks: Vec<FrameBlock<'a>>,
    labels: Vec<Option<u32>>,
    label_depths: Vec<Option<i32>>,
    depth: i32,
    /// False after an unconditional jump/return until a label is bound.
    reachable: bool,
    line: u32,
    varnames: HashMap<String, u32>,
    names: HashMap<String, u32>,
    /// Index of each constant in `code.constants` (de-duplication in
    /// constant time, so compiling is linear in the number of constants).
    constant_indices: HashMap<Constant, u32>,
    deref_slots: HashMap<String, u32>,
}

pub struct Compiler<'a> {
    filename: Rc<str>,
    /// The source text (annotations under `from __future__ import
    /// annotations` are stored as their source text).
    source: Rc<str>,
    /// `from __future__ import annotations` was seen: annotations are
    /// not evaluated.
    future_annotations: bool,
    lines: crate::source_checks::LineTable,
    scopes: &'a ScopeTable,
    units: Vec<Unit<'a>>,
    /// `-O` level and interactive mode.
    pub options: crate::CompileOptions,
}

/// Collects the direct sub-expressions of an expression that introduces
/// no scope (used by scope analysis).
pub fn child_expressions<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match expr {
        Expr::BoolOp(e) => out.extend(e.values.iter()),
        Expr::Named(e) => out.extend([&*e.target, &*e.value]),
        Expr::BinOp(e) => out.extend([&*e.left, &*e.right]),
        Expr::UnaryOp(e) => out.push(&e.operand),
        Expr::If(e) => out.extend([&*e.test, &*e.body, &*e.orelse]),
        Expr::Dict(e) => {
            for item in &e.items {
                if let Some(k) = &item.key {
                    out.push(k);
                }
                out.push(&item.value);
            }
        }
        Expr::Set(e) => out.extend(e.elts.iter()),
        Expr::Compare(e) => {
            out.push(&e.left);
            out.extend(e.comparators.iter());
        }
        Expr::Call(e) => {
            out.push(&e.func);
            out.extend(e.arguments.args.iter());
            out.extend(e.arguments.keywords.iter().map(|k| &k.value));
        }
        Expr::FString(e) => {
            for part in e.value.as_slice() {
                if let ast::FStringPart::FString(f) = part {
                    interpolations(&f.elements, out);
                }
            }
        }
        Expr::Attribute(e) => out.push(&e.value),
        Expr::Subscript(e) => out.extend([&*e.value, &*e.slice]),
        Expr::Starred(e) => out.push(&e.value),
        Expr::List(e) => out.extend(e.elts.iter()),
        Expr::Tuple(e) => out.extend(e.elts.iter()),
        Expr::Slice(e) => {
            for part in [&e.lower, &e.upper, &e.step].into_iter().flatten() {
                out.push(part);
            }
        }
        Expr::Await(e) => out.push(&e.value),
        Expr::Yield(e) => out.extend(e.value.as_deref()),
        Expr::YieldFrom(e) => out.push(&e.value),
        _ => {}
    }
}

fn interpolations<'e>(elements: &'e ast::InterpolatedStringElements, out: &mut Vec<&'e Expr>) {
    for element in elements.iter() {
        if let ast::InterpolatedStringElement::Interpolation(i) = element {
            out.push(&i.expression);
            if let Some(spec) = &i.format_spec {
                interpolations(&spec.elements, out);
            }
        }
    }
}

fn binary_operator(op: ast::Operator) -> BinaryOperator {
    use ast::Operator::*;
    match op {
        Add => BinaryOperator::Add,
        Sub => BinaryOperator::Subtract,
        Mult => BinaryOperator::Multiply,
        MatMult => BinaryOperator::MatrixMultiply,
        Div => BinaryOperator::TrueDivide,
        Mod => BinaryOperator::Remainder,
        Pow => BinaryOperator::Power,
        LShift => BinaryOperator::LShift,
        RShift => BinaryOperator::RShift,
        BitOr => BinaryOperator::Or,
        BitXor => BinaryOperator::Xor,
        BitAnd => BinaryOperator::And,
        FloorDiv => BinaryOperator::FloorDivide,
    }
}

/// Parses an int literal's source text (`0x_ff`, `1_000`, ...).
fn parse_int_literal(text: &str) -> Option<BigInt> {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    let (digits, radix) = if let Some(rest) = lower.strip_prefix("0x") {
        (rest, 16)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (rest, 8)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (rest, 2)
    } else {
        (lower.as_str(), 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

impl<'a> Compiler<'a> {
    pub fn new(filename: &str, source: &str, scopes: &'a ScopeTable) -> Compiler<'a> {
        Compiler {
            filename: filename.into(),
            source: source.into(),
            future_annotations: false,
            lines: crate::source_checks::LineTable::new(source),
            scopes,
            units: Vec::new(),
            options: crate::CompileOptions::default(),
        }
    }

    pub fn line_of(&self, offset: u32) -> u32 {
        self.lines.line_of(offset)
    }

    fn unit(&mut self) -> &mut Unit<'a> {
        let last = self.units.len() - 1;
        &mut self.units[last]
    }

    fn syntax_error(&self, range: TextRange, message: impl Into<String>) -> CompileError {
        CompileError::syntax(message, self.line_of(range.start().to_u32()))
    }

    fn unsupported(&self, range: TextRange, what: &str) -> CompileError {
        let plural = what.trim_end_matches('\'').ends_with('s');
        let verb = if plural { "are" } else { "is" };
        CompileError::not_implemented(
            format!("{what} {verb} not supported yet"),
            self.line_of(range.start().to_u32()),
        )
    }

    // ---- units -----------------------------------------------------------------

    fn push_unit(
        &mut self,
        scope: usize,
        name: &str,
        qualname: Rc<bytecode::QualifiedName>,
        first_line: u32,
    ) {
        let s = &self.scopes.scopes[scope];
        let mut code = CodeObject {
            name: name.into(),
            qualname,
            filename: self.filename.clone(),
            first_line,
            ..Default::default()
        };
        let mut varnames = HashMap::default();
        let mut deref_slots = HashMap::default();
        if s.kind != ScopeKind::Module {
            for (i, local) in s.local_names().iter().enumerate() {
                varnames.insert(local.clone(), i as u32);
                code.varnames.push(local.as_str().into());
            }
            for (i, cell) in s.cells.iter().enumerate() {
                deref_slots.insert(cell.clone(), i as u32);
                code.cellvars.push(cell.as_str().into());
                code.cell_parameters.push(
                    s.parameters
                        .iter()
                        .position(|p| p == cell)
                        .map(|p| p as u32),
                );
            }
            for (i, free) in s.frees.iter().enumerate() {
                deref_slots.insert(free.clone(), (s.cells.len() + i) as u32);
                code.freevars.push(free.as_str().into());
            }
        } else {
            code.flags |= flags::MODULE;
        }
        self.units.push(Unit {
            scope,
            code,
            handlers: Vec::new(),
            handler_stack: Vec::new(),
            blocks: Vec::new(),
            labels: Vec::new(),
            label_depths: Vec::new(),
            depth: 0,
            reachable: true,
            line: first_line,
            varnames,
            names: HashMap::default(),
            constant_indices: HashMap::default(),
            deref_slots,
        });
    }

    fn finish_unit(&mut self) -> Result<CodeObject, CompileError> {
        let Some(mut unit) = self.units.pop() else {
            return Err(CompileError::internal("no unit to finish"));
        };
        // Resolve jump labels.
        for instruction in unit.code.instructions.iter_mut() {
            if instruction.jump_target().is_some() {
                let label = instruction.arg as usize;
                instruction.arg = unit
                    .labels
                    .get(label)
                    .copied()
                    .flatten()
                    .ok_or_else(|| CompileError::internal("unbound label"))?;
            }
        }
        // Runs of equal handlers become exception-table rows.
        let mut table: Vec<ExceptionTableEntry> = Vec::new();
        for (index, handler) in unit.handlers.iter().enumerate() {
            let Some(h) = handler else { continue };
            let target = unit
                .labels
                .get(h.label.0 as usize)
                .copied()
                .flatten()
                .ok_or_else(|| CompileError::internal("unbound handler"))?;
            let index = index as u32;
            if let Some(last) = table.last_mut()
                && last.end == index
                && last.target == target
                && last.depth == h.depth
            {
                last.end = index + 1;
                continue;
            }
            table.push(ExceptionTableEntry {
                start: index,
                end: index + 1,
                target,
                depth: h.depth,
                push_lasti: h.push_lasti,
            });
        }
        unit.code.exception_table = table;
        unit.code.stack_size =
            bytecode::compute_stack_size(&unit.code).map_err(CompileError::internal)?;
        Ok(unit.code)
    }

    // ---- emission -----------------------------------------------------------

    /// The call protocol's NULL self slot after a callable loaded by name
    /// (one instruction, so no label can follow it): a global's
    /// `LOAD_GLOBAL` pushes it itself (oparg bit 0, as in CPython 3.11),
    /// saving a dispatch per call of a global function.
    fn push_null_after_name(&mut self) {
        let unit = self.unit();
        if let Some(last) = unit.code.instructions.last_mut()
            && last.opcode == Opcode::LoadGlobal
            && last.arg & 1 == 0
        {
            last.arg |= 1;
            unit.depth += 1;
            return;
        }
        self.emit(Opcode::PushNull, 0);
    }

    fn emit(&mut self, opcode: Opcode, arg: u32) {
        let unit = self.unit();
        let instruction = Instruction::new(opcode, arg);
        if instruction.jump_target().is_some() {
            let label = arg as usize;
            let depth = unit.depth + opcode.stack_effect(arg, true);
            if unit.label_depths[label].is_none() {
                unit.label_depths[label] = Some(depth);
            }
        }
        unit.depth += opcode.stack_effect(arg, false);
        unit.code.instructions.push(instruction);
        unit.code.lines.push(unit.line);
        let handler = unit.handler_stack.last().copied();
        unit.handlers.push(handler);
        if instruction.is_terminator() {
            unit.reachable = false;
        }
    }

    fn new_label(&mut self) -> Label {
        let unit = self.unit();
        unit.labels.push(None);
        unit.label_depths.push(None);
        Label(unit.labels.len() as u32 - 1)
    }

    fn bind(&mut self, label: Label) {
        let unit = self.unit();
        unit.labels[label.0 as usize] = Some(unit.code.instructions.len() as u32);
        if !unit.reachable
            && let Some(depth) = unit.label_depths[label.0 as usize]
        {
            unit.depth = depth;
        }
        unit.reachable = true;
    }

    fn jump(&mut self, opcode: Opcode, label: Label) {
        self.emit(opcode, label.0);
    }

    /// Binds a handler label: the stack there is the handler's depth plus
    /// the pushed exception.
    fn bind_handler(&mut self, label: Label, handler: Handler) {
        let unit = self.unit();
        unit.label_depths[label.0 as usize] =
            Some(handler.depth as i32 + 1 + handler.push_lasti as i32);
        unit.reachable = false;
        self.bind(label);
    }

    fn set_line(&mut self, range: TextRange) {
        let line = self.line_of(range.start().to_u32());
        self.unit().line = line;
    }

    fn constant(&mut self, constant: Constant) -> u32 {
        let unit = self.unit();
        if let Some(i) = unit.constant_indices.get(&constant) {
            return *i;
        }
        let index = unit.code.constants.len() as u32;
        unit.constant_indices.insert(constant.clone(), index);
        unit.code.constants.push(constant);
        index
    }

    fn load_constant(&mut self, constant: Constant) {
        let index = self.constant(constant);
        self.emit(Opcode::LoadConst, index);
    }

    fn name_index(&mut self, name: &str) -> u32 {
        let unit = self.unit();
        if let Some(i) = unit.names.get(name) {
            return *i;
        }
        let i = unit.code.names.len() as u32;
        unit.code.names.push(name.into());
        unit.names.insert(name.to_string(), i);
        i
    }

    fn symbol(&self, name: &str) -> Symbol {
        let unit = &self.units[self.units.len() - 1];
        self.scopes.scopes[unit.scope].symbol(name)
    }

    fn load_name(&mut self, name: &str) {
        if name == "__debug__" {
            // A compile-time constant, as in CPython.
            self.load_constant(Constant::Bool(self.options.optimize == 0));
            return;
        }
        match self.symbol(name) {
            Symbol::Local => {
                let slot = self.units[self.units.len() - 1].varnames[name];
                self.emit(Opcode::LoadFast, slot);
            }
            Symbol::Cell | Symbol::Free => {
                let slot = self.units[self.units.len() - 1].deref_slots[name];
                self.emit(Opcode::LoadDeref, slot);
            }
            Symbol::Global => {
                let i = self.name_index(name);
                self.emit(Opcode::LoadGlobal, i << 1);
            }
            Symbol::Name => {
                let i = self.name_index(name);
                self.emit(Opcode::LoadName, i);
            }
        }
    }

    fn store_name(&mut self, name: &str) {
        match self.symbol(name) {
            Symbol::Local => {
                let slot = self.units[self.units.len() - 1].varnames[name];
                self.emit(Opcode::StoreFast, slot);
            }
            Symbol::Cell | Symbol::Free => {
                let slot = self.units[self.units.len() - 1].deref_slots[name];
                self.emit(Opcode::StoreDeref, slot);
            }
            Symbol::Global => {
                let i = self.name_index(name);
                self.emit(Opcode::StoreGlobal, i);
            }
            Symbol::Name => {
                let i = self.name_index(name);
                self.emit(Opcode::StoreName, i);
            }
        }
    }

    fn delete_name(&mut self, name: &str) {
        match self.symbol(name) {
            Symbol::Local => {
                let slot = self.units[self.units.len() - 1].varnames[name];
                self.emit(Opcode::DeleteFast, slot);
            }
            Symbol::Cell | Symbol::Free => {
                let slot = self.units[self.units.len() - 1].deref_slots[name];
                self.emit(Opcode::DeleteDeref, slot);
            }
            Symbol::Global => {
                let i = self.name_index(name);
                self.emit(Opcode::DeleteGlobal, i);
            }
            Symbol::Name => {
                let i = self.name_index(name);
                self.emit(Opcode::DeleteName, i);
            }
        }
    }

    // ---- module and functions ----------------------------------------------------

    pub fn compile_module(&mut self, body: &'a [Stmt]) -> Result<CodeObject, CompileError> {
        self.push_unit(
            0,
            "<module>",
            bytecode::QualifiedName::nested(None, "<module>"),
            1,
        );
        self.unit().line = body
            .first()
            .map_or(1, |s| self.line_of(s.range().start().to_u32()));
        if let Some(doc) = docstring(body)
            && !self.options.interactive
            && self.options.optimize < 2
        {
            self.load_constant(Constant::Str(doc.into()));
            let store = self.name_index("__doc__");
            self.emit(Opcode::StoreGlobal, store);
        }
        self.body(body)?;
        self.load_constant(Constant::None);
        self.emit(Opcode::ReturnValue, 0);
        self.finish_unit()
    }

    fn qualname(&self, name: &str) -> Rc<bytecode::QualifiedName> {
        // Nested functions read `outer.<locals>.inner`.
        let parent = self.units[1..].last().map(|u| u.code.qualname.clone());
        bytecode::QualifiedName::nested(parent, name)
    }

    /// Compiles a function body into a code object and emits the code that
    /// makes the function object (defaults, closure, MAKE_FUNCTION).
    fn make_function(
        &mut self,
        range: TextRange,
        name: &str,
        parameters: Option<&'a ast::Parameters>,
        body: FunctionBody<'a>,
    ) -> Result<(), CompileError> {
        let scope = self
            .scopes
            .scope_for(range)
            .ok_or_else(|| CompileError::internal("missing scope"))?;
        let mut make_flags = 0;
        if let Some(p) = parameters {
            let defaults: Vec<&Expr> = p
                .posonlyargs
                .iter()
                .chain(p.args.iter())
                .filter_map(|a| a.default.as_deref())
                .collect();
            if !defaults.is_empty() {
                for d in &defaults {
                    self.expr(d)?;
                }
                self.emit(Opcode::BuildTuple, defaults.len() as u32);
                make_flags |= 1;
            }
            let keyword_defaults: Vec<(&str, &Expr)> = p
                .kwonlyargs
                .iter()
                .filter_map(|a| {
                    a.default
                        .as_deref()
                        .map(|d| (a.parameter.name.id.as_str(), d))
                })
                .collect();
            if !keyword_defaults.is_empty() {
                for (n, d) in &keyword_defaults {
                    self.load_constant(Constant::Str((*n).into()));
                    self.expr(d)?;
                }
                self.emit(Opcode::BuildMap, keyword_defaults.len() as u32);
                make_flags |= 2;
            }
        }
        let qualname = self.qualname(name);
        let first_line = self.line_of(range.start().to_u32());
        self.push_unit(scope, name, qualname, first_line);
        if let Some(p) = parameters {
            let code = &mut self.unit().code;
            code.positional_only_count = p.posonlyargs.len() as u32;
            code.arg_count = (p.posonlyargs.len() + p.args.len()) as u32;
            code.keyword_only_count = p.kwonlyargs.len() as u32;
            if p.vararg.is_some() {
                code.flags |= flags::VARARGS;
            }
            if p.kwarg.is_some() {
                code.flags |= flags::VARKEYWORDS;
            }
        }
        if self.units.len() > 2 {
            self.unit().code.flags |= flags::NESTED;
        }
        match body {
            FunctionBody::Statements(stmts) => {
                if contains_yield(stmts) {
                    self.unit().code.flags |= flags::GENERATOR;
                }
                if let Some(doc) = docstring(stmts)
                    && self.options.optimize < 2
                {
                    self.unit().code.docstring = Some(doc.into());
                }
                self.body(stmts)?;
                if self.unit().reachable {
                    self.load_constant(Constant::None);
                    self.emit(Opcode::ReturnValue, 0);
                }
            }
            FunctionBody::Expression(e) => {
                self.set_line(e.range());
                self.expr(e)?;
                self.emit(Opcode::ReturnValue, 0);
            }
            FunctionBody::Comprehension(kind, generators, elements) => {
                self.unit().code.arg_count = 1;
                if matches!(kind, ComprehensionKind::Generator) {
                    self.unit().code.flags |= flags::GENERATOR;
                }
                self.comprehension_body(kind, generators, elements)?;
            }
        }
        let code = self.finish_unit()?;
        let frees = code.freevars.clone();
        if !frees.is_empty() {
            for free in frees.iter() {
                let slot = self.units[self.units.len() - 1]
                    .deref_slots
                    .get(&**free)
                    .copied();
                let Some(slot) = slot else {
                    return Err(CompileError::internal(format!(
                        "free variable {free} not found in enclosing scope"
                    )));
                };
                self.emit(Opcode::LoadClosure, slot);
            }
            self.emit(Opcode::BuildTuple, frees.len() as u32);
            make_flags |= 8;
        }
        self.load_constant(Constant::Code(Rc::new(code)));
        self.emit(Opcode::MakeFunction, make_flags);
        Ok(())
    }

    // ---- statements ----------------------------------------------------------------

    fn body(&mut self, body: &'a [Stmt]) -> Result<(), CompileError> {
        for stmt in body {
            self.stmt(stmt)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &'a Stmt) -> Result<(), CompileError> {
        self.set_line(stmt.range());
        match stmt {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                if self.options.interactive && self.units.len() == 1 {
                    self.emit(Opcode::PrintExpr, 0);
                } else {
                    self.emit(Opcode::PopTop, 0);
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for (i, target) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.emit(Opcode::Copy, 1);
                    }
                    self.store_target(target)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => self.annotated_assignment(a)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete_target(t)?;
                }
            }
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => {
                if f.is_async {
                    return Err(self.unsupported(f.range, "'async for'"));
                }
                self.for_stmt(f)?
            }
            Stmt::Break(b) => self.break_or_continue(b.range, true)?,
            Stmt::Continue(c) => self.break_or_continue(c.range, false)?,
            Stmt::Return(r) => {
                if self.scopes.scopes[self.units[self.units.len() - 1].scope].kind
                    == ScopeKind::Module
                {
                    return Err(self.syntax_error(r.range, "'return' outside function"));
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_constant(Constant::None),
                }
                self.unwind_for_return()?;
                self.emit(Opcode::ReturnValue, 0);
            }
            Stmt::FunctionDef(f) => {
                if f.is_async {
                    return Err(self.unsupported(f.range, "'async def'"));
                }
                if f.type_params.is_some() {
                    return Err(self.unsupported(f.range, "generic type parameters"));
                }
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }

                self.make_function(
                    f.range,
                    f.name.id.as_str(),
                    Some(&f.parameters),
                    FunctionBody::Statements(&f.body),
                )?;
                for _ in &f.decorator_list {
                    // Stack: [decorator, function] → decorator(function).
                    self.emit(Opcode::PushNull, 0);
                    self.emit(Opcode::Swap, 2);
                    self.emit(Opcode::Call, 1);
                }
                self.store_name(f.name.id.as_str());
            }
            Stmt::Raise(r) => {
                let mut count = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    count = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        count = 2;
                    }
                }
                self.emit(Opcode::RaiseVarargs, count);
            }
            // `-O` drops assertions, message and all.
            Stmt::Assert(_) if self.options.optimize > 0 => {}
            Stmt::Assert(a) => {
                let end = self.new_label();
                self.condition(&a.test, true, end)?;
                self.emit(Opcode::LoadAssertionError, 0);
                if let Some(m) = &a.msg {
                    self.emit(Opcode::PushNull, 0);
                    self.expr(m)?;
                    self.emit(Opcode::Call, 1);
                }
                self.emit(Opcode::RaiseVarargs, 1);
                self.bind(end);
            }
            Stmt::Try(t) => {
                if t.is_star {
                    return Err(self.unsupported(t.range, "'except*'"));
                }
                if t.finalbody.is_empty() {
                    self.try_except(t)?;
                } else {
                    self.try_finally(t)?;
                }
            }
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Import(i) => self.import(i)?,
            Stmt::ImportFrom(i) => self.import_from(i)?,
            Stmt::With(w) => {
                if w.is_async {
                    return Err(self.unsupported(w.range, "'async with'"));
                }
                self.with_items(&w.items, &w.body)?
            }
            Stmt::Match(m) => return Err(self.unsupported(m.range, "'match' statements")),
            Stmt::TypeAlias(t) => return Err(self.unsupported(t.range, "'type' aliases")),
            Stmt::IpyEscapeCommand(c) => return Err(self.syntax_error(c.range, "invalid syntax")),
        }
        Ok(())
    }

    /// `class Name(bases, **keywords): body` as CPython compiles it: the
    /// body becomes a function run by `__build_class__` with the class
    /// namespace as its locals.
    fn scope_kind(&self) -> ScopeKind {
        self.scopes.scopes[self.units[self.units.len() - 1].scope].kind
    }

    // ---- imports ---------------------------------------------------------------

    /// `import a.b.c` binds `a`; `import a.b.c as d` binds the submodule.
    fn import(&mut self, import: &'a ast::StmtImport) -> Result<(), CompileError> {
        for alias in &import.names {
            let dotted = alias.name.id.as_str();
            self.load_constant(Constant::Int(BigInt::from(0)));
            self.load_constant(Constant::None);
            let index = self.name_index(dotted);
            self.emit(Opcode::ImportName, index);
            match &alias.asname {
                Some(asname) => {
                    // Walk down to the submodule, as CPython 3.11 does.
                    let parts: Vec<&str> = dotted.split('.').collect();
                    for (i, part) in parts.iter().enumerate().skip(1) {
                        let index = self.name_index(part);
                        self.emit(Opcode::ImportFrom, index);
                        if i + 1 < parts.len() {
                            self.emit(Opcode::Swap, 2);
                            self.emit(Opcode::PopTop, 0);
                        }
                    }
                    self.store_name(asname.id.as_str());
                    if parts.len() > 1 {
                        self.emit(Opcode::PopTop, 0);
                    }
                }
                None => {
                    let top = dotted.split('.').next().unwrap_or(dotted);
                    self.store_name(top);
                }
            }
        }
        Ok(())
    }

    /// `from m import a, b as c`, `from . import x`, `from m import *`.
    fn import_from(&mut self, import: &'a ast::StmtImportFrom) -> Result<(), CompileError> {
        let module = import.module.as_ref().map_or("", |m| m.id.as_str());
        if module == "__future__" && import.level == 0 {
            for alias in &import.names {
                match alias.name.id.as_str() {
                    "annotations" => self.future_annotations = true,
                    "nested_scopes" | "generators" | "division" | "absolute_import"
                    | "with_statement" | "print_function" | "unicode_literals"
                    | "barry_as_FLUFL" | "generator_stop" => {}
                    "braces" => return Err(self.syntax_error(alias.range, "not a chance")),
                    other => {
                        return Err(self.syntax_error(
                            alias.range,
                            format!("future feature {other} is not defined"),
                        ));
                    }
                }
            }
        }
        let star = import.names.len() == 1 && import.names[0].name.id.as_str() == "*";
        if star && self.scope_kind() != ScopeKind::Module {
            return Err(self.syntax_error(import.range, "import * only allowed at module level"));
        }
        self.load_constant(Constant::Int(BigInt::from(import.level)));
        let names: Vec<Constant> = import
            .names
            .iter()
            .map(|a| Constant::Str(a.name.id.as_str().into()))
            .collect();
        self.load_constant(Constant::Tuple(names.into()));
        let index = self.name_index(module);
        self.emit(Opcode::ImportName, index);
        if star {
            self.emit(Opcode::ImportStar, 0);
            return Ok(());
        }
        for alias in &import.names {
            let name = alias.name.id.as_str();
            let index = self.name_index(name);
            self.emit(Opcode::ImportFrom, index);
            let bound = alias.asname.as_ref().map_or(name, |a| a.id.as_str());
            self.store_name(bound);
        }
        self.emit(Opcode::PopTop, 0);
        Ok(())
    }

    /// `target: annotation [= value]`. In a module or class body a simple
    /// name's annotation is stored in `__annotations__` (as source text
    /// under `from __future__ import annotations`); in a function it is
    /// never evaluated.
    fn annotated_assignment(&mut self, a: &'a ast::StmtAnnAssign) -> Result<(), CompileError> {
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.store_target(&a.target)?;
        }
        if !matches!(self.scope_kind(), ScopeKind::Module | ScopeKind::Class) {
            return Ok(());
        }
        match (&*a.target, a.simple) {
            (Expr::Name(n), true) => {
                self.annotation(&a.annotation)?;
                self.emit(Opcode::SetupAnnotations, 0);
                self.load_name("__annotations__");
                self.load_constant(Constant::Str(n.id.as_str().into()));
                self.emit(Opcode::StoreSubscr, 0);
            }
            _ => {
                if !self.future_annotations {
                    self.expr(&a.annotation)?;
                    self.emit(Opcode::PopTop, 0);
                }
            }
        }
        Ok(())
    }

    /// Pushes an annotation's value: the expression, or its source text
    /// when annotations are postponed.
    fn annotation(&mut self, annotation: &'a Expr) -> Result<(), CompileError> {
        if self.future_annotations {
            let range = annotation.range();
            let text = self
                .source
                .get(range.start().to_usize()..range.end().to_usize())
                .unwrap_or("")
                .to_string();
            self.load_constant(Constant::Str(text.into()));
            Ok(())
        } else {
            self.expr(annotation)
        }
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> Result<(), CompileError> {
        if c.type_params.is_some() {
            return Err(self.unsupported(c.range, "generic type parameters"));
        }
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        self.emit(Opcode::LoadBuildClass, 0);
        self.emit(Opcode::PushNull, 0);
        let scope = self
            .scopes
            .scope_for(c.range)
            .ok_or_else(|| CompileError::internal("missing class scope"))?;
        let name = c.name.id.as_str();
        let parent = self.units[1..].last().map(|u| u.code.qualname.clone());
        let qualname = bytecode::QualifiedName::class(parent, name);
        let first_line = self.line_of(c.range.start().to_u32());
        self.push_unit(scope, name, qualname.clone(), first_line);
        self.unit().code.flags |= flags::CLASS_BODY;
        // `__module__ = __name__`, `__qualname__ = '...'`.
        let module_name = self.name_index("__name__");
        self.emit(Opcode::LoadGlobal, module_name << 1);
        let store = self.name_index("__module__");
        self.emit(Opcode::StoreName, store);
        self.load_constant(Constant::Str(qualname.to_string().into()));
        let store = self.name_index("__qualname__");
        self.emit(Opcode::StoreName, store);
        if let Some(doc) = docstring(&c.body)
            && self.options.optimize < 2
        {
            self.load_constant(Constant::Str(doc.into()));
            let store = self.name_index("__doc__");
            self.emit(Opcode::StoreName, store);
        }
        self.body(&c.body)?;
        let class_cell = self.units[self.units.len() - 1]
            .deref_slots
            .get("__class__")
            .copied();
        let owns_class_cell = self.symbol("__class__") == Symbol::Cell;
        match class_cell {
            Some(slot) if owns_class_cell => {
                self.emit(Opcode::LoadClosure, slot);
                self.emit(Opcode::Copy, 1);
                let store = self.name_index("__classcell__");
                self.emit(Opcode::StoreName, store);
                self.emit(Opcode::ReturnValue, 0);
            }
            _ => {
                self.load_constant(Constant::None);
                self.emit(Opcode::ReturnValue, 0);
            }
        }
        let code = self.finish_unit()?;
        let mut make_flags = 0;
        if !code.freevars.is_empty() {
            for free in code.freevars.iter() {
                let slot = self.units[self.units.len() - 1]
                    .deref_slots
                    .get(&**free)
                    .copied()
                    .ok_or_else(|| {
                        CompileError::internal(format!("free variable {free} not found"))
                    })?;
                self.emit(Opcode::LoadClosure, slot);
            }
            self.emit(Opcode::BuildTuple, code.freevars.len() as u32);
            make_flags |= 8;
        }
        self.load_constant(Constant::Code(Rc::new(code)));
        self.emit(Opcode::MakeFunction, make_flags);
        self.load_constant(Constant::Str(name.into()));
        let (bases, keywords): (&[Expr], &[ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        if bases.iter().any(Expr::is_starred_expr) || keywords.iter().any(|k| k.arg.is_none()) {
            return Err(self.unsupported(c.range, "'*' and '**' in class bases"));
        }
        for b in bases {
            self.expr(b)?;
        }
        for k in keywords {
            self.expr(&k.value)?;
        }
        self.set_line(c.range);
        let argc = (2 + bases.len() + keywords.len()) as u32;
        if keywords.is_empty() {
            self.emit(Opcode::Call, argc);
        } else {
            let names: Vec<Constant> = keywords
                .iter()
                .map(|k| Constant::Str(k.arg.as_ref().map_or("", |a| a.id.as_str()).into()))
                .collect();
            self.load_constant(Constant::Tuple(names.into()));
            self.emit(Opcode::CallKw, argc);
        }
        for _ in &c.decorator_list {
            self.emit(Opcode::PushNull, 0);
            self.emit(Opcode::Swap, 2);
            self.emit(Opcode::Call, 1);
        }
        self.store_name(name);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> Result<(), CompileError> {
        let op = binary_operator(a.op) as u32 + BinaryOperator::INPLACE;
        match &*a.target {
            Expr::Name(n) if n.id.as_str() == "__debug__" => {
                return Err(self.syntax_error(n.range, "cannot assign to __debug__"));
            }
            Expr::Name(n) => {
                self.load_name(n.id.as_str());
                self.expr(&a.value)?;
                self.emit(Opcode::BinaryOp, op);
                self.store_name(n.id.as_str());
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Opcode::Copy, 2);
                self.emit(Opcode::Copy, 2);
                self.emit(Opcode::BinarySubscr, 0);
                self.expr(&a.value)?;
                self.emit(Opcode::BinaryOp, op);
                self.emit(Opcode::Swap, 3);
                self.emit(Opcode::Swap, 2);
                self.emit(Opcode::StoreSubscr, 0);
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Opcode::Copy, 1);
                let i = self.name_index(at.attr.id.as_str());
                self.emit(Opcode::LoadAttr, i << 1);
                self.expr(&a.value)?;
                self.emit(Opcode::BinaryOp, op);
                self.emit(Opcode::Swap, 2);
                self.emit(Opcode::StoreAttr, i);
            }
            other => {
                return Err(self.syntax_error(
                    other.range(),
                    "'expression' is an illegal expression for augmented assignment",
                ));
            }
        }
        Ok(())
    }

    fn store_target(&mut self, target: &'a Expr) -> Result<(), CompileError> {
        match target {
            Expr::Name(n) if n.id.as_str() == "__debug__" => {
                return Err(self.syntax_error(n.range, "cannot assign to __debug__"));
            }
            Expr::Name(n) => self.store_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_index(a.attr.id.as_str());
                self.emit(Opcode::StoreAttr, i);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                if self.slice_bounds(&s.slice)? {
                    self.emit(Opcode::StoreSlice, 0);
                } else {
                    self.expr(&s.slice)?;
                    self.emit(Opcode::StoreSubscr, 0);
                }
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let starred: Vec<usize> = elts
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.is_starred_expr())
                    .map(|(i, _)| i)
                    .collect();
                match starred.as_slice() {
                    [] => self.emit(Opcode::UnpackSequence, elts.len() as u32),
                    [i] => {
                        let before = *i as u32;
                        let after = (elts.len() - i - 1) as u32;
                        if before > 255 || after > 255 {
                            return Err(self.syntax_error(
                                target.range(),
                                "too many expressions in star-unpacking assignment",
                            ));
                        }
                        self.emit(Opcode::UnpackEx, before | (after << 8));
                    }
                    _ => {
                        return Err(self.syntax_error(
                            target.range(),
                            "multiple starred expressions in assignment",
                        ));
                    }
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store_target(&s.value)?,
                        other => self.store_target(other)?,
                    }
                }
            }
            Expr::Starred(s) => {
                return Err(self.syntax_error(
                    s.range,
                    "starred assignment target must be in a list or tuple",
                ));
            }
            other => return Err(self.syntax_error(other.range(), "cannot assign to expression")),
        }
        Ok(())
    }

    fn delete_target(&mut self, target: &'a Expr) -> Result<(), CompileError> {
        match target {
            Expr::Name(n) if n.id.as_str() == "__debug__" => {
                return Err(self.syntax_error(n.range, "cannot delete __debug__"));
            }
            Expr::Name(n) => self.delete_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_index(a.attr.id.as_str());
                self.emit(Opcode::DeleteAttr, i);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Opcode::DeleteSubscr, 0);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete_target(e)?;
                }
            }
            other => return Err(self.syntax_error(other.range(), "cannot delete expression")),
        }
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> Result<(), CompileError> {
        let end = self.new_label();
        let mut next = self.new_label();
        self.condition(&i.test, false, next)?;
        self.body(&i.body)?;
        if !i.elif_else_clauses.is_empty() {
            self.jump(Opcode::Jump, end);
        }
        for (k, clause) in i.elif_else_clauses.iter().enumerate() {
            self.bind(next);
            next = self.new_label();
            self.set_line(clause.range);
            if let Some(test) = &clause.test {
                self.condition(test, false, next)?;
            }
            self.body(&clause.body)?;
            if k + 1 < i.elif_else_clauses.len() {
                self.jump(Opcode::Jump, end);
            }
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> Result<(), CompileError> {
        let start = self.new_label();
        let orelse = self.new_label();
        let exit = self.new_label();
        self.bind(start);
        self.condition(&w.test, false, orelse)?;
        self.unit()
            .blocks
            .push(FrameBlock::WhileLoop { start, exit });
        self.body(&w.body)?;
        self.unit().blocks.pop();
        self.set_line(w.range);
        self.jump(Opcode::JumpBackward, start);
        self.bind(orelse);
        self.body(&w.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> Result<(), CompileError> {
        let start = self.new_label();
        let orelse = self.new_label();
        let exit = self.new_label();
        self.expr(&f.iter)?;
        self.emit(Opcode::GetIter, 0);
        self.bind(start);
        self.set_line(f.range);
        self.jump(Opcode::ForIter, orelse);
        self.store_target(&f.target)?;
        self.unit().blocks.push(FrameBlock::ForLoop { start, exit });
        self.body(&f.body)?;
        self.unit().blocks.pop();
        self.set_line(f.range);
        self.jump(Opcode::JumpBackward, start);
        self.bind(orelse);
        self.body(&f.orelse)?;
        self.bind(exit);
        Ok(())
    }

    /// Emits the clean-up that leaving `block` needs (`for_return`: a
    /// return value sits on top of the stack).
    fn unwind_block(
        &mut self,
        block: FrameBlock<'a>,
        for_return: bool,
    ) -> Result<(), CompileError> {
        match block {
            FrameBlock::WhileLoop { .. } | FrameBlock::TryExcept { .. } => {}
            FrameBlock::ForLoop { .. } => {
                if for_return {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopTop, 0);
            }
            FrameBlock::TryFinally { body, .. } => {
                // Run the finally body inline (above a pending return value).
                if for_return {
                    self.unit().blocks.push(FrameBlock::PopValue);
                }
                self.body(body)?;
                if for_return {
                    self.unit().blocks.pop();
                }
            }
            FrameBlock::With { .. } => {
                // Leaving the body early: `__exit__(None, None, None)`.
                if for_return {
                    self.emit(Opcode::Swap, 2);
                }
                self.call_exit_with_nones();
            }
            FrameBlock::PopValue => {
                if for_return {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopTop, 0);
            }
            FrameBlock::ExceptHandler { name, .. } => {
                if for_return {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopExcept, 0);
                if let Some(name) = name {
                    self.load_constant(Constant::None);
                    self.store_name(name);
                    self.delete_name(name);
                }
            }
            FrameBlock::FinallyException { .. } => {
                if for_return {
                    self.emit(Opcode::Swap, 2);
                    self.emit(Opcode::PopTop, 0);
                    self.emit(Opcode::Swap, 2);
                } else {
                    self.emit(Opcode::PopTop, 0);
                }
                self.emit(Opcode::PopExcept, 0);
            }
        }
        Ok(())
    }

    fn handler_level(block: &FrameBlock) -> Option<usize> {
        match block {
            FrameBlock::TryExcept { handler_level }
            | FrameBlock::With { handler_level }
            | FrameBlock::TryFinally { handler_level, .. }
            | FrameBlock::ExceptHandler { handler_level, .. }
            | FrameBlock::FinallyException { handler_level } => Some(*handler_level),
            _ => None,
        }
    }

    /// Unwinds blocks from the innermost outward while `stop` is false for
    /// them; returns the block `stop` matched, if any. The compiler's block
    /// and handler stacks are restored afterwards.
    fn unwind(
        &mut self,
        for_return: bool,
        stop: impl Fn(&FrameBlock) -> bool,
    ) -> Result<Option<FrameBlock<'a>>, CompileError> {
        let saved_blocks = self.unit().blocks.clone();
        let saved_handlers = self.unit().handler_stack.clone();
        let mut found = None;
        while let Some(block) = self.unit().blocks.pop() {
            if stop(&block) {
                found = Some(block);
                break;
            }
            if let Some(level) = Self::handler_level(&block) {
                self.unit().handler_stack.truncate(level);
            }
            self.unwind_block(block, for_return)?;
        }
        self.unit().blocks = saved_blocks;
        self.unit().handler_stack = saved_handlers;
        Ok(found)
    }

    fn unwind_for_return(&mut self) -> Result<(), CompileError> {
        self.unwind(true, |_| false)?;
        Ok(())
    }

    fn break_or_continue(&mut self, range: TextRange, is_break: bool) -> Result<(), CompileError> {
        let has_loop = self
            .unit()
            .blocks
            .iter()
            .any(|b| matches!(b, FrameBlock::WhileLoop { .. } | FrameBlock::ForLoop { .. }));
        if !has_loop {
            let message = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(self.syntax_error(range, message));
        }
        let saved_handlers = self.unit().handler_stack.clone();
        let found = self.unwind(false, |b| {
            matches!(b, FrameBlock::WhileLoop { .. } | FrameBlock::ForLoop { .. })
        })?;
        match found {
            Some(FrameBlock::ForLoop { start, exit }) => {
                if is_break {
                    self.emit(Opcode::PopTop, 0);
                    self.jump(Opcode::Jump, exit);
                } else {
                    self.jump(Opcode::JumpBackward, start);
                }
            }
            Some(FrameBlock::WhileLoop { start, exit }) => {
                if is_break {
                    self.jump(Opcode::Jump, exit);
                } else {
                    self.jump(Opcode::JumpBackward, start);
                }
            }
            _ => return Err(CompileError::internal("loop block vanished")),
        }
        self.unit().handler_stack = saved_handlers;
        Ok(())
    }

    fn push_handler(&mut self, label: Label, push_lasti: bool) -> Handler {
        let depth = self.unit().depth as u32;
        let handler = Handler {
            label,
            depth,
            push_lasti,
        };
        self.unit().handler_stack.push(handler);
        handler
    }

    /// Pushes the handler that cleans up after an `except` body (or a
    /// `with` block's exceptional exit): entered right after
    /// `PUSH_EXC_INFO`, its depth excludes the exception itself.
    fn push_cleanup_handler(&mut self, label: Label) -> Result<Handler, CompileError> {
        let pushed = self.push_handler(label, false);
        let handler = Handler {
            depth: pushed.depth - 1,
            ..pushed
        };
        *self
            .unit()
            .handler_stack
            .last_mut()
            .ok_or_else(|| CompileError::internal("handler stack"))? = handler;
        Ok(handler)
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> Result<(), CompileError> {
        let handler_label = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let level = self.unit().handler_stack.len();
        let handler = self.push_handler(handler_label, false);
        self.unit().blocks.push(FrameBlock::TryExcept {
            handler_level: level,
        });
        self.body(&t.body)?;
        self.unit().blocks.pop();
        self.unit().handler_stack.pop();
        self.jump(Opcode::Jump, orelse);

        // Handler entry: [.., exc].
        self.bind_handler(handler_label, handler);
        self.emit(Opcode::PushExcInfo, 0);
        let cleanup = self.new_label();
        let cleanup_handler = self.push_cleanup_handler(cleanup)?;
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h.range);
            let next = self.new_label();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.emit(Opcode::CheckExcMatch, 0);
                self.jump(Opcode::PopJumpIfFalse, next);
            }
            let name = h.name.as_ref().map(|n| n.id.as_str());
            match name {
                Some(n) => self.store_name(n),
                None => self.emit(Opcode::PopTop, 0),
            }
            self.unit().blocks.push(FrameBlock::ExceptHandler {
                handler_level: level,
                name,
            });
            self.body(&h.body)?;
            self.unit().blocks.pop();
            if self.unit().reachable {
                self.emit(Opcode::PopExcept, 0);
                if let Some(n) = name {
                    self.load_constant(Constant::None);
                    self.store_name(n);
                    self.delete_name(n);
                }
                self.jump(Opcode::Jump, end);
            }
            self.bind(next);
            if h.type_.is_none() {
                break;
            }
        }
        // No clause matched: re-raise (through the cleanup handler).
        if self.unit().reachable {
            self.emit(Opcode::Reraise, 0);
        }
        self.unit().handler_stack.pop();
        // Cleanup: [.., prev, exc] → restore prev, re-raise exc.
        self.bind_handler(cleanup, cleanup_handler);
        self.emit(Opcode::Swap, 2);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 0);

        self.bind(orelse);
        self.body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    /// `[.., exit]` → `[..]`: calls the bound `__exit__` with three Nones.
    fn call_exit_with_nones(&mut self) {
        self.emit(Opcode::PushNull, 0);
        for _ in 0..3 {
            self.load_constant(Constant::None);
        }
        self.emit(Opcode::Call, 3);
        self.emit(Opcode::PopTop, 0);
    }

    /// `with a as x, b: body`: one nested context per item, compiled as
    /// CPython 3.11 does (`BEFORE_WITH`, a handler that calls `__exit__`
    /// with the exception and re-raises unless it returns true).
    fn with_items(
        &mut self,
        items: &'a [ast::WithItem],
        body: &'a [Stmt],
    ) -> Result<(), CompileError> {
        let Some((item, rest)) = items.split_first() else {
            return self.body(body);
        };
        self.expr(&item.context_expr)?;
        self.set_line(item.range);
        self.emit(Opcode::BeforeWith, 0);
        // Stack: [.., exit, enter_result].
        let handler_label = self.new_label();
        let end = self.new_label();
        let level = self.unit().handler_stack.len();
        // The handler keeps `exit` on the stack: its depth is taken after
        // the `as` target consumed the `__enter__` result.
        match &item.optional_vars {
            Some(target) => self.store_target(target)?,
            None => self.emit(Opcode::PopTop, 0),
        }
        let handler = self.push_handler(handler_label, false);
        self.unit().blocks.push(FrameBlock::With {
            handler_level: level,
        });
        self.with_items(rest, body)?;
        self.unit().blocks.pop();
        self.unit().handler_stack.pop();
        if self.unit().reachable {
            self.call_exit_with_nones();
            self.jump(Opcode::Jump, end);
        }
        // Exceptional path: [.., exit, exc].
        self.bind_handler(handler_label, handler);
        self.emit(Opcode::PushExcInfo, 0);
        // [.., exit, previous, exc]
        let cleanup = self.new_label();
        let cleanup_handler = self.push_cleanup_handler(cleanup)?;
        self.emit(Opcode::WithExceptStart, 0);
        // [.., exit, previous, exc, result]
        let suppress = self.new_label();
        self.jump(Opcode::PopJumpIfTrue, suppress);
        self.emit(Opcode::Reraise, 0);
        self.bind(suppress);
        // The exception is swallowed: drop it, restore the previous one,
        // drop `exit`.
        self.emit(Opcode::PopTop, 0);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::PopTop, 0);
        self.unit().handler_stack.pop();
        self.jump(Opcode::Jump, end);
        // Cleanup: [.., exit, previous, exc2] → restore previous, re-raise.
        self.bind_handler(cleanup, cleanup_handler);
        self.emit(Opcode::Swap, 2);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 0);
        self.bind(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> Result<(), CompileError> {
        let finally_label = self.new_label();
        let end = self.new_label();
        let level = self.unit().handler_stack.len();
        let handler = self.push_handler(finally_label, false);
        self.unit().blocks.push(FrameBlock::TryFinally {
            handler_level: level,
            body: &t.finalbody,
        });
        if t.handlers.is_empty() {
            self.body(&t.body)?;
            self.body(&t.orelse)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().blocks.pop();
        self.unit().handler_stack.pop();
        // Normal path.
        if self.unit().reachable {
            self.body(&t.finalbody)?;
            self.jump(Opcode::Jump, end);
        }
        // Exceptional path: [.., exc].
        self.bind_handler(finally_label, handler);
        self.emit(Opcode::PushExcInfo, 0);
        let cleanup = self.new_label();
        let cleanup_handler = Handler {
            label: cleanup,
            depth: self.unit().depth as u32 - 1,
            push_lasti: false,
        };
        self.unit().handler_stack.push(cleanup_handler);
        self.unit().blocks.push(FrameBlock::FinallyException {
            handler_level: level,
        });
        self.body(&t.finalbody)?;
        self.unit().blocks.pop();
        if self.unit().reachable {
            self.emit(Opcode::Reraise, 0);
        }
        self.unit().handler_stack.pop();
        self.bind_handler(cleanup, cleanup_handler);
        self.emit(Opcode::Swap, 2);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 0);
        self.bind(end);
        Ok(())
    }

    // ---- expressions -----------------------------------------------------------------

    /// Compiles `test` and jumps to `target` when its truth equals `jump_if`.
    fn condition(
        &mut self,
        test: &'a Expr,
        jump_if: bool,
        target: Label,
    ) -> Result<(), CompileError> {
        match test {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                return self.condition(&u.operand, !jump_if, target);
            }
            Expr::BoolOp(b) => {
                let is_and = b.op == ast::BoolOp::And;
                // `a and b` jumps on false as soon as any is false.
                if is_and != jump_if {
                    for v in &b.values {
                        self.condition(v, jump_if, target)?;
                    }
                } else {
                    let skip = self.new_label();
                    let last = b.values.len() - 1;
                    for v in &b.values[..last] {
                        self.condition(v, !jump_if, skip)?;
                    }
                    self.condition(&b.values[last], jump_if, target)?;
                    self.bind(skip);
                }
                return Ok(());
            }
            _ => {}
        }
        self.expr(test)?;
        // Branches test exact bools; comparisons already produce them.
        let produces_bool = matches!(
            self.unit().code.instructions.last().map(|i| i.opcode),
            Some(Opcode::CompareOp | Opcode::IsOp | Opcode::ContainsOp | Opcode::UnaryNot)
        );
        if !produces_bool {
            self.emit(Opcode::ToBool, 0);
        }
        self.jump(
            if jump_if {
                Opcode::PopJumpIfTrue
            } else {
                Opcode::PopJumpIfFalse
            },
            target,
        );
        Ok(())
    }

    fn constant_of(&self, e: &Expr) -> Option<Constant> {
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => parse_int_literal(&i.to_string()).map(Constant::Int),
                ast::Number::Float(f) => Some(Constant::Float(*f)),
                ast::Number::Complex { .. } => None,
            },
            Expr::StringLiteral(s) => Some(Constant::Str(s.value.to_str().into())),
            Expr::BooleanLiteral(b) => Some(Constant::Bool(b.value)),
            Expr::NoneLiteral(_) => Some(Constant::None),
            Expr::EllipsisLiteral(_) => Some(Constant::Ellipsis),
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match self.constant_of(&u.operand)? {
                Constant::Int(i) => Some(Constant::Int(-i)),
                Constant::Float(f) => Some(Constant::Float(-f)),
                _ => None,
            },
            Expr::Tuple(t) => {
                let items: Option<Vec<Constant>> =
                    t.elts.iter().map(|e| self.constant_of(e)).collect();
                Some(Constant::Tuple(items?.into()))
            }
            _ => None,
        }
    }

    /// For a subscript by a slice without a step (`x[a:b]`), pushes its two
    /// bounds (None for an open end) for `BINARY_SLICE`/`STORE_SLICE` and
    /// answers true; any other subscript pushes nothing.
    fn slice_bounds(&mut self, subscript: &'a Expr) -> Result<bool, CompileError> {
        let Expr::Slice(slice) = subscript else {
            return Ok(false);
        };
        if slice.step.is_some() {
            return Ok(false);
        }
        for bound in [&slice.lower, &slice.upper] {
            match bound {
                Some(bound) => self.expr(bound)?,
                None => self.load_constant(Constant::None),
            }
        }
        Ok(true)
    }

    fn expr(&mut self, e: &'a Expr) -> Result<(), CompileError> {
        if let Some(c) = self.constant_of(e) {
            self.load_constant(c);
            return Ok(());
        }
        match e {
            Expr::Name(n) => self.load_name(n.id.as_str()),
            Expr::NumberLiteral(n) => return Err(self.unsupported(n.range, "complex numbers")),
            Expr::BytesLiteral(b) => return Err(self.unsupported(b.range, "bytes literals")),
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Opcode::BinaryOp, binary_operator(b.op) as u32);
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.emit(
                    match u.op {
                        ast::UnaryOp::Not => Opcode::UnaryNot,
                        ast::UnaryOp::USub => Opcode::UnaryNegative,
                        ast::UnaryOp::UAdd => Opcode::UnaryPositive,
                        ast::UnaryOp::Invert => Opcode::UnaryInvert,
                    },
                    0,
                );
            }
            Expr::BoolOp(b) => {
                let end = self.new_label();
                let op = if b.op == ast::BoolOp::And {
                    Opcode::JumpIfFalseOrPop
                } else {
                    Opcode::JumpIfTrueOrPop
                };
                let last = b.values.len() - 1;
                for v in &b.values[..last] {
                    self.expr(v)?;
                    self.jump(op, end);
                }
                self.expr(&b.values[last])?;
                self.bind(end);
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::If(i) => {
                let orelse = self.new_label();
                let end = self.new_label();
                self.condition(&i.test, false, orelse)?;
                self.expr(&i.body)?;
                self.jump(Opcode::Jump, end);
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Opcode::Copy, 1);
                self.store_target(&n.target)?;
            }
            Expr::Call(c) => self.call(c)?,
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_index(a.attr.id.as_str());
                self.emit(Opcode::LoadAttr, i << 1);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                if self.slice_bounds(&s.slice)? {
                    self.emit(Opcode::BinarySlice, 0);
                } else {
                    self.expr(&s.slice)?;
                    self.emit(Opcode::BinarySubscr, 0);
                }
            }
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.load_constant(Constant::None),
                    }
                }
                match &s.step {
                    Some(step) => {
                        self.expr(step)?;
                        self.emit(Opcode::BuildSlice, 3);
                    }
                    None => self.emit(Opcode::BuildSlice, 2),
                }
            }
            Expr::List(l) => self.sequence(&l.elts, Opcode::BuildList)?,
            Expr::Tuple(t) => {
                if t.elts.iter().any(Expr::is_starred_expr) {
                    self.sequence(&t.elts, Opcode::BuildList)?;
                    self.emit(Opcode::ListToTuple, 0);
                } else {
                    self.sequence(&t.elts, Opcode::BuildTuple)?;
                }
            }
            Expr::Set(s) => self.sequence(&s.elts, Opcode::BuildSet)?,
            Expr::Dict(d) => {
                if d.items.iter().all(|i| i.key.is_some()) {
                    for item in &d.items {
                        if let Some(k) = &item.key {
                            self.expr(k)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.emit(Opcode::BuildMap, d.items.len() as u32);
                } else {
                    self.emit(Opcode::BuildMap, 0);
                    for item in &d.items {
                        match &item.key {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(&item.value)?;
                                self.emit(Opcode::MapAdd, 1);
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Opcode::DictUpdate, 1);
                            }
                        }
                    }
                }
            }
            Expr::FString(f) => self.fstring(f)?,
            Expr::StringLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {
                return Err(CompileError::internal("constant not folded"));
            }
            Expr::Lambda(l) => self.make_function(
                l.range,
                "<lambda>",
                l.parameters.as_deref(),
                FunctionBody::Expression(&l.body),
            )?,
            Expr::ListComp(c) => self.comprehension(
                c.range,
                "<listcomp>",
                ComprehensionKind::List,
                &c.generators,
                vec![&c.elt],
            )?,
            Expr::SetComp(c) => self.comprehension(
                c.range,
                "<setcomp>",
                ComprehensionKind::Set,
                &c.generators,
                vec![&c.elt],
            )?,
            Expr::DictComp(c) => {
                let Some(key) = &c.key else {
                    return Err(self.unsupported(c.range, "dict comprehension unpacking"));
                };
                self.comprehension(
                    c.range,
                    "<dictcomp>",
                    ComprehensionKind::Dict,
                    &c.generators,
                    vec![key, &c.value],
                )?
            }
            Expr::Generator(g) => self.comprehension(
                g.range,
                "<genexpr>",
                ComprehensionKind::Generator,
                &g.generators,
                vec![&g.elt],
            )?,
            Expr::Starred(s) => {
                return Err(self.syntax_error(s.range, "can't use starred expression here"));
            }
            Expr::Await(a) => return Err(self.unsupported(a.range, "'await'")),
            Expr::Yield(y) => {
                let unit = &self.units[self.units.len() - 1];
                match self.scopes.scopes[unit.scope].kind {
                    ScopeKind::Module => {
                        return Err(self.syntax_error(y.range, "'yield' outside function"));
                    }
                    ScopeKind::Comprehension if unit.code.flags & flags::GENERATOR == 0 => {
                        return Err(self.syntax_error(y.range, "'yield' inside list comprehension"));
                    }
                    _ => {}
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_constant(Constant::None),
                }
                self.emit(Opcode::YieldValue, 0);
            }
            Expr::YieldFrom(y) => {
                return Err(self.unsupported(y.range, "'yield from'"));
            }
            Expr::TString(t) => return Err(self.unsupported(t.range, "template strings")),
            Expr::IpyEscapeCommand(c) => return Err(self.syntax_error(c.range, "invalid syntax")),
        }
        Ok(())
    }

    fn sequence(&mut self, elements: &'a [Expr], build: Opcode) -> Result<(), CompileError> {
        // CPython compiles a set display of three or more constants as an
        // empty set updated from a frozenset constant; the item order the
        // set ends up in depends on it, so do the same.
        if build == Opcode::BuildSet && elements.len() > 2 {
            let constants: Option<Vec<Constant>> =
                elements.iter().map(|e| self.constant_of(e)).collect();
            if let Some(constants) = constants {
                self.emit(Opcode::BuildSet, 0);
                self.load_constant(Constant::FrozenSet(constants.into()));
                self.emit(Opcode::SetUpdate, 1);
                return Ok(());
            }
        }
        if !elements.iter().any(Expr::is_starred_expr) {
            for e in elements {
                self.expr(e)?;
            }
            self.emit(build, elements.len() as u32);
            return Ok(());
        }
        let (add, extend) = if build == Opcode::BuildSet {
            (Opcode::SetAdd, Opcode::SetUpdate)
        } else {
            (Opcode::ListAppend, Opcode::ListExtend)
        };
        self.emit(build, 0);
        for e in elements {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(extend, 1);
                }
                other => {
                    self.expr(other)?;
                    self.emit(add, 1);
                }
            }
        }
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> Result<(), CompileError> {
        self.expr(&c.left)?;
        let count = c.ops.len();
        let cleanup = self.new_label();
        let end = self.new_label();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(right)?;
            if i + 1 < count {
                self.emit(Opcode::Swap, 2);
                self.emit(Opcode::Copy, 2);
                self.compare_op(*op);
                self.emit(Opcode::Copy, 1);
                self.jump(Opcode::PopJumpIfFalse, cleanup);
                self.emit(Opcode::PopTop, 0);
            } else {
                self.compare_op(*op);
            }
        }
        if count > 1 {
            self.jump(Opcode::Jump, end);
            self.bind(cleanup);
            self.emit(Opcode::Swap, 2);
            self.emit(Opcode::PopTop, 0);
            self.bind(end);
        }
        Ok(())
    }

    fn compare_op(&mut self, op: ast::CmpOp) {
        use ast::CmpOp::*;
        match op {
            Eq => self.emit(Opcode::CompareOp, ComparisonOperator::Equal as u32),
            NotEq => self.emit(Opcode::CompareOp, ComparisonOperator::NotEqual as u32),
            Lt => self.emit(Opcode::CompareOp, ComparisonOperator::Less as u32),
            LtE => self.emit(Opcode::CompareOp, ComparisonOperator::LessEqual as u32),
            Gt => self.emit(Opcode::CompareOp, ComparisonOperator::Greater as u32),
            GtE => self.emit(Opcode::CompareOp, ComparisonOperator::GreaterEqual as u32),
            Is => self.emit(Opcode::IsOp, 0),
            IsNot => self.emit(Opcode::IsOp, 1),
            In => self.emit(Opcode::ContainsOp, 0),
            NotIn => self.emit(Opcode::ContainsOp, 1),
        }
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> Result<(), CompileError> {
        let args = &c.arguments.args;
        let keywords = &c.arguments.keywords;
        let simple =
            !args.iter().any(Expr::is_starred_expr) && keywords.iter().all(|k| k.arg.is_some());
        if let Expr::Name(n) = &*c.func
            && n.id.as_str() == "super"
            && args.is_empty()
            && keywords.is_empty()
            && self.symbol("super") == Symbol::Global
            && self.symbol("__class__") == Symbol::Free
        {
            let unit = &self.units[self.units.len() - 1];
            let first = self.scopes.scopes[unit.scope].parameters.first().cloned();
            if let Some(first) = first
                && self.units[self.units.len() - 1].code.arg_count > 0
            {
                // `super()` is `super(__class__, <first argument>)`.
                self.load_name("super");
                self.emit(Opcode::PushNull, 0);
                self.load_name("__class__");
                self.load_name(&first);
                self.set_line(c.range());
                self.emit(Opcode::Call, 2);
                return Ok(());
            }
        }
        match &*c.func {
            Expr::Attribute(a) if simple => {
                self.expr(&a.value)?;
                let i = self.name_index(a.attr.id.as_str());
                self.set_line(c.range());
                self.emit(Opcode::LoadAttr, (i << 1) | 1);
            }
            func @ Expr::Name(_) => {
                self.expr(func)?;
                self.push_null_after_name();
            }
            func => {
                self.expr(func)?;
                self.emit(Opcode::PushNull, 0);
            }
        }
        if simple {
            for a in args.iter() {
                self.expr(a)?;
            }
            for k in keywords.iter() {
                self.expr(&k.value)?;
            }
            self.set_line(c.range());
            if keywords.is_empty() {
                self.emit(Opcode::Call, args.len() as u32);
            } else {
                let names: Vec<Constant> = keywords
                    .iter()
                    .map(|k| Constant::Str(k.arg.as_ref().map_or("", |a| a.id.as_str()).into()))
                    .collect();
                self.load_constant(Constant::Tuple(names.into()));
                self.emit(Opcode::CallKw, (args.len() + keywords.len()) as u32);
            }
            return Ok(());
        }
        // General form: build an argument tuple and a keyword dict.
        self.emit(Opcode::BuildList, 0);
        for a in args.iter() {
            match a {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(Opcode::ListExtend, 1);
                }
                other => {
                    self.expr(other)?;
                    self.emit(Opcode::ListAppend, 1);
                }
            }
        }
        self.emit(Opcode::ListToTuple, 0);
        let mut call_flags = 0;
        if !keywords.is_empty() {
            self.emit(Opcode::BuildMap, 0);
            for k in keywords.iter() {
                match &k.arg {
                    Some(name) => {
                        self.load_constant(Constant::Str(name.id.as_str().into()));
                        self.expr(&k.value)?;
                        self.emit(Opcode::BuildMap, 1);
                        self.emit(Opcode::DictMerge, 1);
                    }
                    None => {
                        self.expr(&k.value)?;
                        self.emit(Opcode::DictMerge, 1);
                    }
                }
            }
            call_flags = 1;
        }
        self.set_line(c.range());
        self.emit(Opcode::CallFunctionEx, call_flags);
        Ok(())
    }

    fn fstring(&mut self, f: &'a ast::ExprFString) -> Result<(), CompileError> {
        let mut pieces = 0;
        for part in f.value.as_slice() {
            match part {
                ast::FStringPart::Literal(s) => {
                    if !s.value.is_empty() {
                        self.load_constant(Constant::Str(s.value.as_ref().into()));
                        pieces += 1;
                    }
                }
                ast::FStringPart::FString(fs) => {
                    pieces += self.interpolated_elements(&fs.elements)?
                }
            }
        }
        match pieces {
            0 => self.load_constant(Constant::Str("".into())),
            1 => {}
            n => self.emit(Opcode::BuildString, n),
        }
        Ok(())
    }

    /// Emits each element; returns how many string pieces were pushed.
    fn interpolated_elements(
        &mut self,
        elements: &'a ast::InterpolatedStringElements,
    ) -> Result<u32, CompileError> {
        let mut pieces = 0;
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(l) => {
                    if !l.value.is_empty() {
                        self.load_constant(Constant::Str(l.value.as_ref().into()));
                        pieces += 1;
                    }
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conversion = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if let Some(debug) = &i.debug_text {
                        let text = format!(
                            "{}{}{}",
                            debug.leading(),
                            debug.expression(),
                            debug.trailing()
                        );
                        self.load_constant(Constant::Str(text.into()));
                        pieces += 1;
                        if conversion == 0 && i.format_spec.is_none() {
                            conversion = 2;
                        }
                    }
                    self.expr(&i.expression)?;
                    let mut format_flags = conversion;
                    if let Some(spec) = &i.format_spec {
                        let n = self.interpolated_elements(&spec.elements)?;
                        match n {
                            0 => self.load_constant(Constant::Str("".into())),
                            1 => {}
                            n => self.emit(Opcode::BuildString, n),
                        }
                        format_flags |= 4;
                    }
                    self.emit(Opcode::FormatValue, format_flags);
                    pieces += 1;
                }
            }
        }
        Ok(pieces)
    }

    fn comprehension(
        &mut self,
        range: TextRange,
        name: &str,
        kind: ComprehensionKind,
        generators: &'a [ast::Comprehension],
        elements: Vec<&'a Expr>,
    ) -> Result<(), CompileError> {
        if generators.iter().any(|g| g.is_async) {
            return Err(self.unsupported(range, "asynchronous comprehensions"));
        }
        self.make_function(
            range,
            name,
            None,
            FunctionBody::Comprehension(kind, generators, elements),
        )?;
        self.emit(Opcode::PushNull, 0);
        self.expr(&generators[0].iter)?;
        self.emit(Opcode::GetIter, 0);
        self.emit(Opcode::Call, 1);
        Ok(())
    }

    fn comprehension_body(
        &mut self,
        kind: ComprehensionKind,
        generators: &'a [ast::Comprehension],
        elements: Vec<&'a Expr>,
    ) -> Result<(), CompileError> {
        match kind {
            ComprehensionKind::List => self.emit(Opcode::BuildList, 0),
            ComprehensionKind::Set => self.emit(Opcode::BuildSet, 0),
            ComprehensionKind::Dict => self.emit(Opcode::BuildMap, 0),
            ComprehensionKind::Generator => {}
        }
        let mut loops = Vec::new();
        for (i, g) in generators.iter().enumerate() {
            if i == 0 {
                self.emit(Opcode::LoadFast, 0);
            } else {
                self.expr(&g.iter)?;
                self.emit(Opcode::GetIter, 0);
            }
            let start = self.new_label();
            let exit = self.new_label();
            self.bind(start);
            self.jump(Opcode::ForIter, exit);
            self.store_target(&g.target)?;
            for cond in &g.ifs {
                self.condition(cond, false, start)?;
            }
            loops.push((start, exit));
        }
        let depth = generators.len() as u32 + 1;
        match kind {
            ComprehensionKind::Generator => {
                self.expr(elements[0])?;
                self.emit(Opcode::YieldValue, 0);
                self.emit(Opcode::PopTop, 0);
            }
            ComprehensionKind::List => {
                self.expr(elements[0])?;
                self.emit(Opcode::ListAppend, depth);
            }
            ComprehensionKind::Set => {
                self.expr(elements[0])?;
                self.emit(Opcode::SetAdd, depth);
            }
            ComprehensionKind::Dict => {
                self.expr(elements[0])?;
                self.expr(elements[1])?;
                self.emit(Opcode::MapAdd, depth);
            }
        }
        for (start, exit) in loops.into_iter().rev() {
            self.jump(Opcode::JumpBackward, start);
            self.bind(exit);
        }
        if matches!(kind, ComprehensionKind::Generator) {
            self.load_constant(Constant::None);
        }
        self.emit(Opcode::ReturnValue, 0);
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum ComprehensionKind {
    List,
    Set,
    Dict,
    Generator,
}

enum FunctionBody<'a> {
    Statements(&'a [Stmt]),
    Expression(&'a Expr),
    Comprehension(ComprehensionKind, &'a [ast::Comprehension], Vec<&'a Expr>),
}

/// The docstring of a module, class or function body: a leading string
/// literal statement.
fn docstring(body: &[Stmt]) -> Option<String> {
    if let Some(Stmt::Expr(e)) = body.first()
        && let Expr::StringLiteral(doc) = &*e.value
    {
        return Some(doc.value.to_str().to_string());
    }
    None
}

/// True when a function body contains `yield` (outside nested scopes).
fn contains_yield(body: &[Stmt]) -> bool {
    fn expr_yields(e: &Expr) -> bool {
        match e {
            Expr::Yield(_) | Expr::YieldFrom(_) => true,
            Expr::Lambda(_)
            | Expr::ListComp(_)
            | Expr::SetComp(_)
            | Expr::DictComp(_)
            | Expr::Generator(_) => false,
            other => {
                let mut children = Vec::new();
                child_expressions(other, &mut children);
                children.into_iter().any(expr_yields)
            }
        }
    }
    fn stmt_yields(s: &Stmt) -> bool {
        match s {
            Stmt::Expr(e) => expr_yields(&e.value),
            Stmt::Assign(a) => expr_yields(&a.value),
            Stmt::AugAssign(a) => expr_yields(&a.value),
            Stmt::AnnAssign(a) => a.value.as_deref().is_some_and(expr_yields),
            Stmt::Return(r) => r.value.as_deref().is_some_and(expr_yields),
            Stmt::For(f) => {
                expr_yields(&f.iter) || contains_yield(&f.body) || contains_yield(&f.orelse)
            }
            Stmt::While(w) => {
                expr_yields(&w.test) || contains_yield(&w.body) || contains_yield(&w.orelse)
            }
            Stmt::If(i) => {
                expr_yields(&i.test)
                    || contains_yield(&i.body)
                    || i.elif_else_clauses.iter().any(|c| {
                        c.test.as_ref().is_some_and(expr_yields) || contains_yield(&c.body)
                    })
            }
            Stmt::Try(t) => {
                contains_yield(&t.body)
                    || contains_yield(&t.orelse)
                    || contains_yield(&t.finalbody)
                    || t.handlers.iter().any(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        contains_yield(&h.body)
                    })
            }
            Stmt::With(w) => contains_yield(&w.body),
            _ => false,
        }
    }
    body.iter().any(stmt_yields)
}
