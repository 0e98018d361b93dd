//! How deeply source may nest before compiling it is refused.
//!
//! CPython's compiler stops at three times the recursion limit (3000 for
//! the default 1000) with `RecursionError: maximum recursion depth exceeded
//! during compilation`; Copperhead uses the same limit, measured on the
//! syntax tree before scope analysis and code generation, so that neither
//! recurses without bound and memory stays linear in the nesting.
//!
//! CPython's parser has a limit of its own (6000 levels of its recursive
//! descent, then `MemoryError`), which nested `lambda`s reach first: each
//! costs it two levels. That is estimated the same way here.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};

use crate::{CompileError, CompileErrorKind};

/// Deepest nesting of statements and expressions compiled (CPython:
/// `sys.getrecursionlimit() * COMPILER_STACK_FRAME_SCALE`).
pub const MAX_NESTING: usize = 3000;

/// CPython's parser stack limit (`MAXSTACK`).
pub const MAX_PARSER_LEVELS: usize = 6000;

struct NestingCheck {
    depth: usize,
    /// CPython's parser levels: one per node, two per `lambda`.
    parser_levels: usize,
    exceeded: Option<CompileErrorKind>,
}

impl<'a> Visitor<'a> for NestingCheck {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.enter(1) {
            visitor::walk_stmt(self, stmt);
        }
        self.leave(1);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        let levels = if matches!(expr, Expr::Lambda(_)) {
            2
        } else {
            1
        };
        if self.enter(levels) {
            visitor::walk_expr(self, expr);
        }
        self.leave(levels);
    }
}

impl NestingCheck {
    /// Goes one node deeper; false when a limit is passed (the walk stops).
    fn enter(&mut self, parser_levels: usize) -> bool {
        self.depth += 1;
        self.parser_levels += parser_levels;
        if self.exceeded.is_some() {
            return false;
        }
        if self.parser_levels >= MAX_PARSER_LEVELS {
            self.exceeded = Some(CompileErrorKind::Memory);
        } else if self.depth > MAX_NESTING {
            self.exceeded = Some(CompileErrorKind::Recursion);
        }
        self.exceeded.is_none()
    }

    fn leave(&mut self, parser_levels: usize) {
        self.depth -= 1;
        self.parser_levels -= parser_levels;
    }
}

/// `MemoryError` or `RecursionError` when `body` nests deeper than CPython
/// parses or compiles.
pub fn check_nesting(body: &[Stmt]) -> Result<(), CompileError> {
    let mut check = NestingCheck {
        depth: 0,
        parser_levels: 0,
        exceeded: None,
    };
    check.visit_body(body);
    match check.exceeded {
        None => Ok(()),
        Some(kind) => Err(CompileError {
            kind,
            message: if kind == CompileErrorKind::Recursion {
                "maximum recursion depth exceeded during compilation".into()
            } else {
                String::new()
            },
            line: 0,
        }),
    }
}
