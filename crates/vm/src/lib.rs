//! The Copperhead virtual machine: ties the tiers together.
//!
//! ```text
//! source ──frontend::compile──▶ CodeObject ──load_code──▶ code value (heap)
//!                                                          │
//!   tier 0   interpreter::Interpreter::run  ◀──────────────┘
//!            frames on one value stack, zero-cost exception tables,
//!            GC at safe points
//!   tier 1   specializing interpreter           (issue: specializer)
//!   tier 2   uop traces, optimizer, copy-and-patch JIT   (later issues)
//! ```
//!
//! This crate owns frames, the call protocol, the dispatch loop, unwinding
//! and tracebacks, and the user-facing [`Options`]. It must never know how
//! a built-in operation is implemented: that is `runtime`'s job.

pub mod actions;
pub mod frame;
pub mod import;
pub mod interpreter;
pub mod jit;
pub mod options;
pub mod tier2;

use std::rc::Rc;

use bytecode::{CodeObject, Constant};
use runtime::object::{CodeValue, Object};
use runtime::{PyResult, Runtime, Value};

pub use crate::interpreter::Interpreter;
pub use crate::options::{Disassembly, JitMode, Options, OptionsError, StatsOutput};

/// A runtime plus an interpreter: one Python process.
pub struct Vm {
    pub rt: Runtime,
    pub interpreter: Interpreter,
    pub options: Options,
    /// When set, what would go to stderr about the program's end (compile
    /// errors, tracebacks, a `SystemExit` message) is appended here
    /// instead: hosts that compare runs read it.
    pub captured_errors: Option<String>,
    /// The `__main__` module's namespace, once a program or the prompt
    /// made it.
    main_globals: Option<Value>,
    /// When the virtual machine was made (`-X gc_stats` reports the run
    /// time since).
    started: std::time::Instant,
}

/// How a program run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub exit_code: i32,
    /// An uncaught `KeyboardInterrupt` ended the program: the process
    /// should end by `SIGINT`, as CPython's does.
    pub interrupted: bool,
    /// `SystemExit` ended it: `-i` does not go on to the prompt.
    pub system_exit: bool,
}

impl Outcome {
    /// An end with `exit_code` and no exception.
    fn failed(exit_code: i32) -> Outcome {
        Outcome {
            exit_code,
            interrupted: false,
            system_exit: false,
        }
    }
}

impl Vm {
    pub fn new(options: Options) -> Vm {
        let mut interpreter = Interpreter::new();
        interpreter.specialize = options.specialize;
        interpreter.collect_stats = options.stats != StatsOutput::Off;
        interpreter.tier2.mode = options.jit;
        interpreter.tier2.threshold = options.jit_threshold;
        interpreter.tier2.side_threshold = options.jit_side_threshold;
        interpreter.tier2.optimize = options.jit_optimize;
        interpreter.tier2.dump = options.jit_dump.as_ref().map(|_| String::new());
        let mut rt = Runtime::new(options.gc_stress);
        rt.heap.verify = options.gc_verify;
        rt.flags = options.flags.clone();
        runtime::stdio::set_unbuffered(options.flags.unbuffered);
        // `sys.path` after the script's directory (set when a program
        // runs): `COPPERHEAD_PATH`, then the built-in library.
        let mut path: Vec<Value> = options.module_path.iter().map(|p| rt.new_str(p)).collect();
        path.push(rt.new_str(stdlib::LIBRARY_ROOT));
        if let Some(Object::List(items)) = rt.module_path.object().map(|o| &o.payload) {
            *items.borrow_mut() = path;
        }
        // Built-ins implemented in the library (`open`); it cannot fail
        // on a fresh runtime.
        let _ = stdlib::install_builtins(&mut rt);
        Vm {
            rt,
            interpreter,
            options,
            captured_errors: None,
            main_globals: None,
            started: std::time::Instant::now(),
        }
    }

    /// The `__main__` module's namespace (created on first use) for a
    /// program from `file` (`None` for `-c`, standard input and the
    /// prompt), with `sys.path[0]` set to `path0` unless `-P`/`-I` asked
    /// for a safe path.
    fn main_module(&mut self, file: Option<&str>, package: Option<&str>, path0: String) -> Value {
        if let Some(globals) = self.main_globals {
            return globals;
        }
        let rt = &mut self.rt;
        let module = runtime::objects::module::new_module(rt, "__main__");
        if let Some(file) = file {
            let file = rt.new_str(file);
            runtime::objects::module::set(rt, module, "__file__", file);
        }
        if let Some(package) = package {
            let package = rt.new_str(package);
            runtime::objects::module::set(rt, module, "__package__", package);
        }
        let builtins = rt.builtins;
        runtime::objects::module::set(rt, module, "__builtins__", builtins);
        runtime::objects::module::register(rt, "__main__", module);
        if !self.options.flags.safe_path {
            self.set_path0(path0);
        }
        let globals = runtime::objects::module::module_dict(module).unwrap_or(Value::NONE);
        self.rt.add_permanent_root(globals);
        self.main_globals = Some(globals);
        globals
    }

    /// Puts `directory` first on `sys.path`.
    fn set_path0(&mut self, directory: String) {
        let directory = self.rt.new_str(&directory);
        if let Some(Object::List(items)) = self.rt.module_path.object().map(|o| &o.payload) {
            items.borrow_mut().insert(0, directory);
        }
    }

    /// `sys.path[0]` for a program from `filename`: the script's real
    /// directory, or `''` (the working directory) for `-c`, standard input
    /// and the prompt.
    fn script_directory(filename: &str) -> String {
        if filename.starts_with('<') {
            return String::new();
        }
        let path = std::path::Path::new(filename);
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        real.parent()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Compiles `__main__` code with the process's `-O` level; a compile
    /// error is reported CPython-style and becomes the run's outcome.
    fn compile(
        &mut self,
        source: &str,
        filename: &str,
        interactive: bool,
    ) -> Result<CodeObject, Outcome> {
        let options = frontend::CompileOptions {
            optimize: self.options.flags.optimize,
            interactive,
        };
        frontend::compile_with_options(source, filename, options).map_err(|error| {
            let _ = runtime::stdio::flush_stdout();
            let text = format_compile_error(&error, source, filename);
            self.report_error(&text);
            Outcome::failed(1)
        })
    }

    /// Reports the program's end on stderr, or into `captured_errors`.
    fn report_error(&mut self, text: &str) {
        match self.captured_errors.as_mut() {
            Some(captured) => captured.push_str(text),
            None => eprint!("{text}"),
        }
    }

    /// Writes the `-X stats` report, if asked for.
    fn report_stats(&mut self) {
        if let (Some(destination), Some(dump)) =
            (&self.options.jit_dump, self.interpreter.tier2.dump.take())
        {
            match destination {
                None => eprint!("{dump}"),
                Some(path) => {
                    if let Err(e) = std::fs::write(path, dump) {
                        eprintln!("copperhead: cannot write the trace dump to {path}: {e}");
                    }
                }
            }
        }
        if self.options.jit_stats {
            eprint!("{}", tier2::report_text(&self.interpreter.tier2));
        }
        let stats = std::mem::take(&mut self.interpreter.stats);
        let mut heap = self.rt.heap.stats;
        // Objects still allocated at exit count toward the peak too.
        heap.peak_objects = heap.peak_objects.max(self.rt.heap.object_count());
        if let Some(destination) = &self.options.gc_stats {
            let json = specializer::gc_report_json(&heap, self.started.elapsed());
            match destination {
                None => eprintln!("{json}"),
                Some(path) => {
                    if let Err(e) = std::fs::write(path, json) {
                        eprintln!("copperhead: cannot write GC stats to {path}: {e}");
                    }
                }
            }
        }
        let json = |stats: specializer::Stats, tier2: &tier2::Tier2| {
            let report = stats.report_json(&heap);
            match serde_json::from_str::<serde_json::Value>(&report) {
                Ok(serde_json::Value::Object(mut members)) => {
                    members.insert("jit".into(), tier2::report_json(tier2));
                    serde_json::to_string_pretty(&members).unwrap_or(report)
                }
                _ => report,
            }
        };
        match &self.options.stats {
            StatsOutput::Off => {}
            StatsOutput::Text => eprint!("{}", stats.report_text(&heap)),
            StatsOutput::Json(None) => eprintln!("{}", json(stats, &self.interpreter.tier2)),
            StatsOutput::Json(Some(path)) => {
                if let Err(e) = std::fs::write(path, json(stats, &self.interpreter.tier2)) {
                    eprintln!("copperhead: cannot write stats to {path}: {e}");
                }
            }
        }
    }

    /// Compiles and runs `source` as the `__main__` module, printing any
    /// uncaught error CPython-style on stderr, then finishes the process's
    /// run ([`Vm::finish`]).
    pub fn run_source(&mut self, source: &str, filename: &str) -> Outcome {
        let outcome = self.execute_source(source, filename);
        self.finish(outcome)
    }

    /// Compiles and runs `source` as the `__main__` module, printing any
    /// uncaught error; the process's run is not finished (`-i` goes on to
    /// the prompt).
    pub fn execute_source(&mut self, source: &str, filename: &str) -> Outcome {
        let file = (!filename.starts_with('<')).then_some(filename);
        self.execute_main(
            source,
            filename,
            file,
            None,
            Self::script_directory(filename),
        )
    }

    /// Runs a directory's `__main__.py` (`copperhead DIR`): as
    /// [`Vm::execute_source`], with `__package__` set to `''` as CPython's
    /// `runpy` sets it.
    pub fn execute_directory_main(&mut self, source: &str, filename: &str) -> Outcome {
        let directory = Self::script_directory(filename);
        self.execute_main(source, filename, Some(filename), Some(""), directory)
    }

    /// Runs module `name` as `__main__` (`-m`): `Err` is CPython's
    /// message when no such module can run (to print after the program's
    /// name, exit status 1).
    pub fn execute_module(&mut self, name: &str) -> Result<Outcome, String> {
        let cwd = std::env::current_dir()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !self.options.flags.safe_path {
            self.set_path0(cwd);
        }
        let found = self.interpreter.find_main_module(&mut self.rt, name)?;
        // `sys.argv[0]` is the module's file (`sys` may be loaded already).
        if let Some(first) = self.rt.argv.first_mut() {
            *first = found.path.clone();
        }
        if let Some(sys) = runtime::objects::module::registered(&mut self.rt, "sys")
            && let Some(argv) = runtime::objects::module::get(&mut self.rt, sys, "argv")
        {
            let path = self.rt.new_str(&found.path);
            if let Some(Object::List(items)) = argv.object().map(|o| &o.payload)
                && let Some(first) = items.borrow_mut().first_mut()
            {
                *first = path;
            }
        }
        // `sys.path[0]` is already the working directory.
        let safe_path = std::mem::replace(&mut self.options.flags.safe_path, true);
        let outcome = self.execute_main(
            &found.text,
            &found.path,
            Some(&found.path),
            Some(&found.package),
            String::new(),
        );
        self.options.flags.safe_path = safe_path;
        Ok(outcome)
    }

    fn execute_main(
        &mut self,
        source: &str,
        filename: &str,
        file: Option<&str>,
        package: Option<&str>,
        path0: String,
    ) -> Outcome {
        let code = match self.compile(source, filename, false) {
            Ok(code) => code,
            Err(outcome) => return outcome,
        };
        if self.options.dis == Disassembly::Before {
            print!("{}", code.disassemble());
            return Outcome::failed(0);
        }
        import::remember_source(filename, source);
        let code = load_code(&mut self.rt, Rc::new(code));
        self.rt.add_permanent_root(code);
        let globals = self.main_module(file, package, path0);
        let result = self.interpreter.run_module(&mut self.rt, code, globals);
        if self.options.dis == Disassembly::After {
            let _ = runtime::stdio::flush_stdout();
            eprint!("{}", disassemble_quickened(code));
        }
        self.outcome_of(result, source, filename)
    }

    /// Reports how a run of `__main__` code ended.
    fn outcome_of(&mut self, result: PyResult<Value>, source: &str, filename: &str) -> Outcome {
        let error = match result {
            Ok(_) => return Outcome::failed(0),
            Err(error) => error,
        };
        let interrupted = self
            .rt
            .error_matches(error, self.rt.types.keyboard_interrupt);
        let system_exit = self.rt.error_matches(error, self.rt.types.system_exit);
        let _ = runtime::stdio::flush_stdout();
        let exit_code = self.report_uncaught(error.0, source, filename);
        Outcome {
            exit_code,
            interrupted,
            system_exit,
        }
    }

    /// Runs one input of the interactive prompt in `__main__`: expression
    /// statements echo their value through `sys.displayhook`. An uncaught
    /// exception prints its traceback (the prompt goes on unless the
    /// outcome says `system_exit`).
    pub fn execute_interactive(&mut self, source: &str) -> Outcome {
        let filename = "<stdin>";
        let code = match self.compile(source, filename, true) {
            Ok(code) => code,
            Err(outcome) => return outcome,
        };
        let code = load_code(&mut self.rt, Rc::new(code));
        self.rt.add_permanent_root(code);
        let globals = self.main_module(None, None, String::new());
        let result = self.interpreter.run_module(&mut self.rt, code, globals);
        let outcome = self.outcome_of(result, source, filename);
        let _ = runtime::stdio::flush_stdout();
        outcome
    }

    /// Ends the process's run after its program (and prompt): suspended
    /// generators are closed, the library's exit hooks run, `-X stats`
    /// is written, and standard output is flushed (a failed flush is
    /// reported with CPython's exit status 120).
    pub fn finish(&mut self, outcome: Outcome) -> Outcome {
        let mut exit_code = outcome.exit_code;
        let flushed = runtime::stdio::flush_stdout();
        // Generators still suspended are closed as CPython finalizes them
        // during shutdown, after any traceback.
        if let Some(globals) = self.main_globals {
            self.interpreter.finalize_at_exit(&mut self.rt, globals);
        }
        stdlib::at_exit();
        self.report_stats();
        if let Err(error) = flushed.and_then(|()| runtime::stdio::flush_stdout()) {
            let exception = runtime::stdio::os_error(&mut self.rt, &error);
            let summary = exception_summary(&mut self.rt, &mut self.interpreter, exception.0);
            self.report_error(&format!(
                "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n{summary}\n"
            ));
            exit_code = 120;
        }
        Outcome {
            exit_code,
            ..outcome
        }
    }

    /// Handles an exception that reached the top: `SystemExit` exits with
    /// its code (printing a non-integer code), anything else prints a
    /// traceback and exits with status 1. Returns the exit status.
    fn report_uncaught(&mut self, exception: Value, source: &str, filename: &str) -> i32 {
        if self
            .rt
            .error_matches(runtime::PyErr(exception), self.rt.types.system_exit)
        {
            let args = match exception.object().map(|o| &o.payload) {
                Some(Object::Exception(e)) => e.borrow().args,
                _ => Value::NONE,
            };
            let items: Vec<Value> = match args.object().map(|o| &o.payload) {
                Some(Object::Tuple(items)) => items.to_vec(),
                _ => Vec::new(),
            };
            let code = match items.len() {
                0 => Value::NONE,
                1 => items[0],
                _ => args,
            };
            if code.is_none() {
                return 0;
            }
            if let Some(i) = runtime::objects::int::as_int(code).filter(|_| !code.is_float()) {
                // Only the low byte reaches the parent process.
                return i.to_i64().map_or(-1, |i| i as i32);
            }
            let text = runtime::repr::to_str(&mut self.rt, code).unwrap_or_default();
            self.report_error(&format!("{text}\n"));
            return 1;
        }
        let text = format_exception(
            &mut self.rt,
            &mut self.interpreter,
            exception,
            source,
            filename,
        );
        self.report_error(&text);
        1
    }
}

/// The bytecode of a code value and its nested code values as executed,
/// showing the specialized forms tier 1 rewrote them into.
pub fn disassemble_quickened(code: Value) -> String {
    let mut out = String::new();
    if let Some(Object::Code(c)) = code.object().map(|o| &o.payload) {
        let instructions: Vec<bytecode::Instruction> =
            c.instructions.iter().map(|i| i.get()).collect();
        out.push_str(&c.code.disassemble_instructions(&instructions));
        for constant in &c.constants {
            if matches!(constant.object().map(|o| &o.payload), Some(Object::Code(_))) {
                out.push('\n');
                out.push_str(&disassemble_quickened(*constant));
            }
        }
    }
    out
}

/// Materializes a code object's constants as runtime values (recursively
/// for nested code objects) and allocates the code value.
pub fn load_code(rt: &mut Runtime, code: Rc<CodeObject>) -> Value {
    let constants = code
        .constants
        .iter()
        .map(|c| constant_value(rt, c))
        .collect();
    let names = code.names.iter().map(|n| rt.intern(n)).collect();
    let name = rt.intern(&code.name);
    let qualname = rt.new_string(code.qualname.to_string());
    let instructions = code
        .instructions
        .iter()
        .map(|i| std::cell::Cell::new(*i))
        .collect();
    let caches = code
        .instructions
        .iter()
        .map(|_| bytecode::InlineCache::default())
        .collect();
    rt.allocate(Object::Code(Box::new(CodeValue {
        code,
        instructions,
        caches,
        constants,
        names,
        name,
        qualname,
        entry: bytecode::InlineCache::default(),
    })))
}

fn constant_value(rt: &mut Runtime, constant: &Constant) -> Value {
    match constant {
        Constant::None => Value::NONE,
        Constant::Bool(b) => Value::bool(*b),
        Constant::Int(i) => rt.new_bigint(i.clone()),
        Constant::Float(f) => Value::float(*f),
        Constant::Str(s) => rt.intern(s),
        Constant::Bytes(_) => Value::NONE,
        Constant::Ellipsis => Value::ELLIPSIS,
        Constant::Tuple(items) => {
            let values = items.iter().map(|c| constant_value(rt, c)).collect();
            rt.new_tuple(values)
        }
        Constant::Code(code) => load_code(rt, code.clone()),
        Constant::FrozenSet(items) => {
            // As CPython's compiler makes it: a frozenset of the items, then
            // (constant merging) a new frozenset built from that one's
            // iteration order.
            let mut first = runtime::PySet::new();
            for item in items.iter() {
                let value = constant_value(rt, item);
                if let Ok(key) = rt.key(value) {
                    first.insert(key);
                }
            }
            let mut merged = runtime::PySet::new();
            for key in first.keys() {
                merged.insert(key);
            }
            rt.new_frozenset(merged)
        }
    }
}

fn source_line<'s>(source: &'s str, filename: &str, line: u32) -> Option<&'s str> {
    if filename.starts_with('<') && !filename.starts_with(stdlib::LIBRARY_ROOT) {
        return None;
    }
    source
        .lines()
        .nth(line.checked_sub(1)? as usize)
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

/// CPython's report for a compile-time error.
pub fn format_compile_error(
    error: &frontend::CompileError,
    source: &str,
    filename: &str,
) -> String {
    let mut out = String::new();
    match error.kind {
        frontend::CompileErrorKind::Recursion | frontend::CompileErrorKind::Memory => {}
        frontend::CompileErrorKind::Syntax
        | frontend::CompileErrorKind::Indentation
        | frontend::CompileErrorKind::Tab => {
            out.push_str(&format!("  File \"{filename}\", line {}\n", error.line));
            if let Some(text) = source_line(source, filename, error.line) {
                out.push_str(&format!("    {text}\n"));
            }
        }
        _ => {
            out.push_str("Traceback (most recent call last):\n");
            out.push_str(&format!(
                "  File \"{filename}\", line {}, in <module>\n",
                error.line
            ));
            if let Some(text) = source_line(source, filename, error.line) {
                out.push_str(&format!("    {text}\n"));
            }
        }
    }
    if error.message.is_empty() {
        out.push_str(&format!("{}\n", error.exception_name()));
    } else {
        out.push_str(&format!("{}: {}\n", error.exception_name(), error.message));
    }
    out
}

/// The last line of a traceback: `TypeName: message`.
pub fn exception_summary(
    rt: &mut Runtime,
    host: &mut dyn runtime::Host,
    exception: Value,
) -> String {
    let class = rt.type_of(exception);
    // `module.qualname`, except for `__main__` and `builtins` (traceback.py).
    let mut type_name = runtime::repr::class_path(rt, class);
    if let Some(rest) = type_name.strip_prefix("__main__.") {
        type_name = rest.to_string();
    }
    let message = match runtime::protocol::to_str(rt, host, exception) {
        Ok(text) => text,
        Err(_) => "<exception str() failed>".to_string(),
    };
    let mut out = if message.is_empty() {
        type_name
    } else {
        format!("{type_name}: {message}")
    };
    // `add_note()`: each note on its own line.
    let notes_name = rt.intern("__notes__");
    if let Ok(notes) = runtime::protocol::get_attribute(rt, host, exception, notes_name) {
        let items: Vec<Value> = match notes.object().map(|o| &o.payload) {
            Some(Object::List(items)) => items.borrow().clone(),
            Some(Object::Tuple(items)) => items.to_vec(),
            _ => Vec::new(),
        };
        for note in items {
            let text = runtime::protocol::to_str(rt, host, note)
                .unwrap_or_else(|_| "<note str() failed>".to_string());
            out.push('\n');
            out.push_str(&text);
        }
    }
    out
}

/// CPython's report for an uncaught exception, including its chain.
pub fn format_exception(
    rt: &mut Runtime,
    host: &mut dyn runtime::Host,
    exception: Value,
    source: &str,
    filename: &str,
) -> String {
    format_exception_chain(rt, host, exception, source, filename, &mut Vec::new())
}

/// One exception of a chain; `seen` holds those already printed, so a
/// cycle through `__cause__`/`__context__` ends (as in CPython).
fn format_exception_chain(
    rt: &mut Runtime,
    host: &mut dyn runtime::Host,
    exception: Value,
    source: &str,
    filename: &str,
    seen: &mut Vec<Value>,
) -> String {
    seen.push(exception);
    let mut out = String::new();
    let (cause, context, suppress_context, entries) = match exception.object().map(|o| &o.payload) {
        Some(Object::Exception(e)) => {
            let e = e.borrow();
            (e.cause, e.context, e.suppress_context, e.traceback.clone())
        }
        _ => (Value::NONE, Value::NONE, false, Vec::new()),
    };
    if cause.is_object() {
        if !seen.contains(&cause) {
            out.push_str(&format_exception_chain(
                rt, host, cause, source, filename, seen,
            ));
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        }
    } else if context.is_object() && !suppress_context && !seen.contains(&context) {
        out.push_str(&format_exception_chain(
            rt, host, context, source, filename, seen,
        ));
        out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    if !entries.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        let mut previous: Option<(Rc<str>, u32, Rc<str>)> = None;
        let mut repeats = 0;
        let flush_repeats = |out: &mut String, repeats: usize| {
            if repeats > 3 {
                let more = repeats - 3;
                out.push_str(&format!(
                    "  [Previous line repeated {more} more time{}]\n",
                    if more == 1 { "" } else { "s" }
                ));
            }
        };
        for entry in entries.iter().rev() {
            let key = (entry.filename.clone(), entry.line, entry.function.clone());
            if previous.as_ref() == Some(&key) {
                repeats += 1;
                if repeats > 3 {
                    continue;
                }
            } else {
                flush_repeats(&mut out, repeats);
                repeats = 1;
                previous = Some(key);
            }
            out.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                entry.filename, entry.line, entry.function
            ));
            let imported = import::source_of(&entry.filename);
            let file_source = if &*entry.filename == filename {
                Some(source)
            } else {
                imported.as_deref()
            };
            if let Some(file_source) = file_source
                && let Some(text) = source_line(file_source, &entry.filename, entry.line)
            {
                out.push_str(&format!("    {text}\n"));
            }
        }
        flush_repeats(&mut out, repeats);
    }
    out.push_str(&exception_summary(rt, host, exception));
    out.push('\n');
    out
}

/// Convenience for tests: runs `source` and returns nothing; output goes to
/// the process's stdout.
pub fn run(source: &str, options: Options) -> Outcome {
    let mut vm = Vm::new(options);
    vm.run_source(source, "<string>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_with(source: &str, gc_stress: bool) -> Vm {
        let mut vm = Vm::new(Options {
            gc_stress,
            ..Options::default()
        });
        let outcome = vm.run_source(source, "<test>");
        assert_eq!(outcome.exit_code, 0);
        vm
    }

    #[test]
    fn gc_stress_collects_at_safe_points_and_keeps_live_data() {
        let source = "data = []\nfor i in range(200):\n    data.append([i, str(i)])\nassert len(data) == 200 and data[199][1] == '199'\n";
        let vm = run_with(source, true);
        assert!(
            vm.rt.heap.stats.collections >= 200,
            "collections: {}",
            vm.rt.heap.stats.collections
        );
        assert!(vm.rt.heap.stats.freed > 0);
    }

    /// Runs `source` with errors captured; returns the exit code and the
    /// last error line.
    fn run_captured(source: &str, budget: u64) -> (i32, String) {
        let mut vm = Vm::new(Options::default());
        vm.interpreter.budget = budget;
        vm.captured_errors = Some(String::new());
        let outcome = vm.run_source(source, "<test>");
        let errors = vm.captured_errors.take().unwrap_or_default();
        (
            outcome.exit_code,
            errors.lines().last().unwrap_or("").to_string(),
        )
    }

    #[test]
    fn the_instruction_budget_stops_endless_programs() {
        for source in [
            "while True:\n    pass\n",
            "def f(n):\n    return f(n) + f(n)\nf(1)\n",
            "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n",
        ] {
            let (code, last) = run_captured(source, 10_000);
            assert_eq!(code, 1, "{source}");
            assert!(
                last == "RuntimeError: instruction budget exhausted"
                    || last.starts_with("RecursionError"),
                "{source}: {last}"
            );
        }
        let (code, _) = run_captured("for i in range(100):\n    pass\n", 1_000);
        assert_eq!(code, 0);
    }

    #[test]
    fn the_allocation_limit_raises_memory_error() {
        runtime::alloc::set_allocation_limit(1 << 20);
        for source in [
            "'a' * 10**7",
            "[0] * 10**7",
            "x = 'ab'\nwhile True:\n    x = x + x\n",
            "x = 3\nwhile True:\n    x = x * x\n",
            "format(1, '100000000')",
            "list(range(10**7))",
        ] {
            let (code, last) = run_captured(source, u64::MAX);
            assert_eq!((code, last.as_str()), (1, "MemoryError"), "{source}");
        }
        runtime::alloc::set_allocation_limit(usize::MAX);
    }

    #[test]
    fn a_sandboxed_runtime_refuses_to_touch_files() {
        for (source, refused) in [
            ("open('copperhead-sandbox-test.txt', 'w')\n", "open()"),
            (
                "import os\nos.mkdir('copperhead-sandbox-test')\n",
                "os.mkdir()",
            ),
            ("import os\nos.environ['X'] = '1'\n", "os.putenv()"),
        ] {
            let mut vm = Vm::new(Options::default());
            vm.rt.sandboxed = true;
            vm.captured_errors = Some(String::new());
            let outcome = vm.run_source(source, "<test>");
            let errors = vm.captured_errors.take().unwrap_or_default();
            assert_eq!(outcome.exit_code, 1, "{source}");
            assert_eq!(
                errors.lines().last().unwrap_or(""),
                format!("PermissionError: {refused} is disabled in this sandbox")
            );
        }
        assert!(!std::path::Path::new("copperhead-sandbox-test.txt").exists());
    }

    #[test]
    fn the_library_compiled_at_build_time_matches_the_frontend() {
        // Every embedded library file's serialized code decodes to what
        // compiling its source gives now.
        for (path, source, compiled) in stdlib::library_files() {
            let filename = format!("{}/{path}", stdlib::LIBRARY_ROOT);
            let fresh = frontend::compile(source, &filename).expect("library compiles");
            let decoded = bytecode::serial::from_bytes(compiled).expect("decodable");
            assert_eq!(decoded.disassemble(), fresh.disassemble(), "{path}");
            assert_eq!(
                bytecode::serial::to_bytes(&decoded),
                bytecode::serial::to_bytes(&fresh),
                "{path}"
            );
        }
        assert!(bytecode::serial::from_bytes(b"not code").is_none());
        assert!(bytecode::serial::from_bytes(&bytecode::serial::MAGIC).is_none());
    }

    #[test]
    fn captured_output_stays_in_memory() {
        runtime::stdio::capture_stdout();
        let (code, _) = run_captured("print('hello', 42)\n", u64::MAX);
        assert_eq!(code, 0);
        assert_eq!(runtime::stdio::take_captured_stdout(), b"hello 42\n");
    }

    #[test]
    fn garbage_is_reclaimed_in_normal_mode() {
        let source = "for i in range(300000):\n    s = [i, i + 1, str(i)]\n";
        let vm = run_with(source, false);
        assert!(vm.rt.heap.stats.collections >= 1);
        assert!(
            vm.rt.heap.object_count() < 100000,
            "live objects: {}",
            vm.rt.heap.object_count()
        );
    }
}
