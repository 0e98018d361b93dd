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

/// How to compile: CPython's `-O` levels and interactive mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// `-O` (1): `assert` statements are dropped and `__debug__` is
    /// `False`; `-OO` (2): docstrings are dropped too.
    pub optimize: u8,
    /// The interactive prompt's mode: an expression statement at module
    /// level echoes its value through `sys.displayhook`, and a leading
    /// string is not a docstring.
    pub interactive: bool,
}

/// Compiles a module's source text with the default options.
pub fn compile(source: &str, filename: &str) -> Result<CodeObject, CompileError> {
    compile_with_options(source, filename, CompileOptions::default())
}

/// Compiles a module's source text.
pub fn compile_with_options(
    source: &str,
    filename: &str,
    compile_options: CompileOptions,
) -> Result<CodeObject, CompileError> {
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
    compiler.options = compile_options;
    compiler.compile_module(&module.body)
}

/// What the interactive prompt should do with the lines typed so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputStatus {
    /// They parse, or fail at their very end in a way more lines cannot
    /// fix (`x +`): run them (a block still waits for its empty line).
    Complete,
    /// They fail only because more lines are coming (an open bracket or
    /// triple-quoted string, a trailing backslash, a block header or
    /// decorator with no body yet): ask for them with `...`.
    Incomplete,
    /// They fail before their end (`def f(:`): run them now, to report
    /// the error.
    Invalid,
}

/// Classifies interactive input (see [`InputStatus`]).
pub fn input_status(source: &str) -> InputStatus {
    let options = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(ruff_python_ast::PythonVersion::PY311);
    let Err(error) = ruff_python_parser::parse(source, options) else {
        return InputStatus::Complete;
    };
    let last = source
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'));
    if matches!(source_checks::unterminated_string(source), Some((true, _)))
        || last.is_some_and(|line| line.ends_with('\\'))
    {
        return InputStatus::Incomplete;
    }
    if (error.location.start().to_u32() as usize) < source.trim_end().len() {
        return InputStatus::Invalid;
    }
    let unclosed = source_checks::bracket_error(source)
        .is_some_and(|e| e.message.ends_with("was never closed"));
    if unclosed || last.is_some_and(|line| line.ends_with(':') || line.starts_with('@')) {
        InputStatus::Incomplete
    } else {
        InputStatus::Complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interactive_input_waits_for_open_constructs_only() {
        for source in [
            "if x:",
            "def f(a,",
            "x = [1,\n 2,",
            "s = '''abc",
            "x = 1 + \\",
            "@decorator",
            "class A:\n    def f(self):",
        ] {
            assert_eq!(input_status(source), InputStatus::Incomplete, "{source:?}");
        }
        for source in [
            "x = 1",
            "x +",
            "def f(): pass",
            "x = [1,\n 2]",
            "try:\n    pass",
        ] {
            assert_eq!(input_status(source), InputStatus::Complete, "{source:?}");
        }
        for source in ["x = )", "def f(:", "x = [1,\n 2)"] {
            assert_eq!(input_status(source), InputStatus::Invalid, "{source:?}");
        }
    }

    #[test]
    fn optimize_levels_drop_asserts_and_docstrings() {
        let source = "'''doc'''\nassert x, 'm'\nprint(__debug__)\n";
        let plain = compile(source, "t.py").unwrap().disassemble();
        assert!(plain.contains("LOAD_ASSERTION_ERROR") && plain.contains("__doc__"));
        let options = |optimize| CompileOptions {
            optimize,
            interactive: false,
        };
        let one = compile_with_options(source, "t.py", options(1))
            .unwrap()
            .disassemble();
        assert!(!one.contains("LOAD_ASSERTION_ERROR") && one.contains("__doc__"));
        assert!(one.contains("(False)"), "{one}");
        let two = compile_with_options(source, "t.py", options(2))
            .unwrap()
            .disassemble();
        assert!(!two.contains("__doc__"));
        let e = compile("__debug__ = 1\n", "t.py").unwrap_err();
        assert_eq!(e.message, "cannot assign to __debug__");
    }

    #[test]
    fn interactive_mode_echoes_top_level_expressions() {
        let options = CompileOptions {
            optimize: 0,
            interactive: true,
        };
        let code = compile_with_options("1 + 1\ndef f():\n    2\n", "<stdin>", options).unwrap();
        let text = code.disassemble();
        assert_eq!(text.matches("PRINT_EXPR").count(), 1, "{text}");
    }

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
