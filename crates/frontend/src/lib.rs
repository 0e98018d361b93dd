//! Python source → Copperhead bytecode.
//!
//! ```text
//! source ──ruff_python_parser──▶ AST ──scope::analyze──▶ ScopeTable
//!                                 └──────compiler::Compiler──────▶ CodeObject
//! ```
//!
//! This crate owns parsing (delegated to `ruff_python_parser`), scope
//! analysis and code generation. It must never know about runtime values:
//! its output is a [`bytecode::CodeObject`] with plain-data constants.

pub mod compiler;
pub mod limits;
pub mod scope;
pub mod source_checks;

use bytecode::CodeObject;

/// What kind of compile-time failure this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// Invalid Python: reported as `SyntaxError`.
    Syntax,
    /// Valid Python that Copperhead does not support yet: reported as
    /// `NotImplementedError`.
    NotImplemented,
    /// A bug in the compiler: reported as `SystemError`.
    Internal,
    /// Bad indentation: `IndentationError` (a `SyntaxError`).
    Indentation,
    /// Tabs and spaces mixed inconsistently: `TabError`.
    Tab,
    /// Nesting deeper than the compiler allows: `RecursionError`.
    Recursion,
    /// Nesting deeper than CPython's parser allows: `MemoryError`.
    Memory,
}

#[derive(Clone, Debug)]
pub struct CompileError {
    pub kind: CompileErrorKind,
    pub message: String,
    /// 1-based source line (0 when unknown).
    pub line: u32,
}

impl CompileError {
    pub fn syntax(message: impl Into<String>, line: u32) -> CompileError {
        CompileError {
            kind: CompileErrorKind::Syntax,
            message: message.into(),
            line,
        }
    }
    pub fn not_implemented(message: impl Into<String>, line: u32) -> CompileError {
        CompileError {
            kind: CompileErrorKind::NotImplemented,
            message: message.into(),
            line,
        }
    }
    pub fn internal(message: impl Into<String>) -> CompileError {
        CompileError {
            kind: CompileErrorKind::Internal,
            message: message.into(),
            line: 0,
        }
    }
    /// The Python exception type name this error is reported as.
    pub fn exception_name(&self) -> &'static str {
        match self.kind {
            CompileErrorKind::Syntax => "SyntaxError",
            CompileErrorKind::NotImplemented => "NotImplementedError",
            CompileErrorKind::Internal => "SystemError",
            CompileErrorKind::Indentation => "IndentationError",
            CompileErrorKind::Tab => "TabError",
            CompileErrorKind::Recursion => "RecursionError",
            CompileErrorKind::Memory => "MemoryError",
        }
    }
}

/// Compiles a module's source text.
pub fn compile(source: &str, filename: &str) -> Result<CodeObject, CompileError> {
    let lines = source_checks::LineTable::new(source);
    if let Some(error) = source_checks::indentation_error(source) {
        return Err(error);
    }
    // Parse as Python 3.11: syntax of later versions (PEP 701 f-strings,
    // `type` statements, ...) is a SyntaxError, as in CPython 3.11.
    let options = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(ruff_python_ast::PythonVersion::PY311);
    let parsed = ruff_python_parser::parse(source, options).map_err(|e| {
        // Bracket mistakes get CPython's wording and line; anything else
        // keeps the parser's message.
        if let Some(error) = source_checks::bracket_error(source) {
            return error;
        }
        let line = lines.line_of(e.location.start().to_u32());
        source_checks::parse_error(source, e.error.to_string(), line)
    })?;
    if let Some(error) = parsed.unsupported_syntax_errors().first() {
        let line = lines.line_of(error.range.start().to_u32());
        return Err(CompileError::syntax(error.to_string(), line));
    }
    if let Some(error) = source_checks::lone_surrogate(source, parsed.tokens()) {
        return Err(error);
    }
    let Some(parsed) = parsed.try_into_module() else {
        return Err(CompileError::internal("the parser returned no module"));
    };
    let module = parsed.syntax();
    limits::check_nesting(&module.body)?;
    let line_of = |offset: u32| lines.line_of(offset);
    let scopes_owner = scope::analyze(&module.body, &line_of)?;
    let mut compiler = compiler::Compiler::new(filename, source, &scopes_owner);
    compiler.compile_module(&module.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_and_computes_stack_size() {
        let code = compile("x = 1\nprint(x + 2)\n", "t.py").unwrap();
        assert!(code.stack_size >= 4);
        assert!(code.disassemble().contains("BINARY_OP"));
    }

    #[test]
    fn reports_semantic_syntax_errors_with_lines() {
        let e = compile("x = 1\nbreak\n", "t.py").unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str(), e.line),
            (CompileErrorKind::Syntax, "'break' outside loop", 2)
        );
        let e = compile("def f():\n    pass\nreturn 3\n", "t.py").unwrap_err();
        assert_eq!(e.message, "'return' outside function");
    }

    #[test]
    fn bracket_errors_use_cpython_wording() {
        let e = compile("print(1)\nx = (1, 2\ny = 3\n", "t.py").unwrap_err();
        assert_eq!((e.message.as_str(), e.line), ("'(' was never closed", 2));
        let e = compile("x = [1, 2)\n", "t.py").unwrap_err();
        assert_eq!(
            e.message,
            "closing parenthesis ')' does not match opening parenthesis '['"
        );
        let e = compile("s = ')' + (\n", "t.py").unwrap_err();
        assert_eq!(e.message, "'(' was never closed");
    }

    #[test]
    fn unsupported_syntax_is_named() {
        let e = compile("match x:\n    case 1: pass\n", "t.py").unwrap_err();
        assert_eq!(e.kind, CompileErrorKind::NotImplemented);
        assert_eq!(e.message, "'match' statements are not supported yet");
    }

    #[test]
    fn closures_get_cells_and_free_variables() {
        let code = compile(
            "def f():\n    x = 1\n    def g():\n        return x\n    return g\n",
            "t.py",
        )
        .unwrap();
        let f = code.constants.iter().find_map(|c| match c {
            bytecode::Constant::Code(c) => Some(c.clone()),
            _ => None,
        });
        let f = f.unwrap();
        assert_eq!(f.cellvars.len(), 1);
        let g = f.constants.iter().find_map(|c| match c {
            bytecode::Constant::Code(c) => Some(c.clone()),
            _ => None,
        });
        assert_eq!(g.unwrap().freevars.len(), 1);
    }

    #[test]
    fn try_except_builds_an_exception_table() {
        let code = compile(
            "try:\n    x = 1 / 0\nexcept ZeroDivisionError:\n    x = 0\n",
            "t.py",
        )
        .unwrap();
        assert!(!code.exception_table.is_empty());
    }
}
