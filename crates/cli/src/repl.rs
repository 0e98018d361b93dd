//! The interactive prompt: `>>>`/`...` prompts, line editing and history
//! (`rustyline`) on a terminal, plain lines with prompts on stderr
//! otherwise (`-i` with a pipe), as CPython's prompt behaves.
//!
//! An input runs when it is a whole statement: `frontend::input_status`
//! says when an open bracket, string, backslash or block header needs more
//! lines, and a compound statement (a block) ends at an empty line. Each
//! input runs in `__main__` through [`Vm::execute_interactive`], which
//! echoes expression values through `sys.displayhook` (binding `_`) and
//! prints tracebacks; the prompt goes on until end of input, `exit()`, or
//! another `SystemExit`.

use std::io::{BufRead, Write};

use rustyline::error::ReadlineError;
use vm::{Outcome, Vm};

const PRIMARY: &str = ">>> ";
const SECONDARY: &str = "... ";

/// The keywords that start a compound statement.
const COMPOUND_KEYWORDS: &[&str] = &["if", "for", "while", "def", "class", "with", "try", "async"];

/// Where input lines come from.
enum Input {
    Terminal(Box<rustyline::DefaultEditor>),
    Lines(std::io::StdinLock<'static>),
}

/// What reading one line gave.
enum Line {
    Text(String),
    /// Ctrl-C at the prompt.
    Interrupted,
    /// Ctrl-D or the end of the input.
    End,
}

impl Input {
    fn open() -> Input {
        if std::io::IsTerminal::is_terminal(&std::io::stdin())
            && let Ok(mut editor) = rustyline::DefaultEditor::new()
        {
            if let Some(path) = history_path() {
                let _ = editor.load_history(&path);
            }
            // The editor took `SIGINT` for itself; while it reads, the
            // terminal is in raw mode and Ctrl-C arrives as a key, so the
            // signal is ours again: Ctrl-C in running code raises
            // `KeyboardInterrupt`.
            runtime::signals::install_interrupt_handler();
            return Input::Terminal(Box::new(editor));
        }
        Input::Lines(std::io::stdin().lock())
    }

    fn read(&mut self, prompt: &str) -> Line {
        match self {
            Input::Terminal(editor) => match editor.readline(prompt) {
                Ok(line) => Line::Text(line),
                Err(ReadlineError::Interrupted) => Line::Interrupted,
                Err(_) => Line::End,
            },
            Input::Lines(lines) => {
                // CPython writes the prompt to stderr when stdin is not a
                // terminal.
                eprint!("{prompt}");
                let _ = std::io::stderr().flush();
                let mut line = String::new();
                match lines.read_line(&mut line) {
                    Ok(0) | Err(_) => Line::End,
                    Ok(_) => {
                        if line.ends_with('\n') {
                            line.pop();
                        }
                        Line::Text(line)
                    }
                }
            }
        }
    }

    fn remember(&mut self, entry: &str) {
        if let Input::Terminal(editor) = self {
            let _ = editor.add_history_entry(entry);
        }
    }

    fn close(&mut self) {
        if let Input::Terminal(editor) = self
            && let Some(path) = history_path()
        {
            let _ = editor.save_history(&path);
        }
    }
}

/// `~/.copperhead_history`, as CPython keeps `~/.python_history`.
fn history_path() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(std::path::Path::new(&home).join(".copperhead_history"))
}

/// The banner: Copperhead, its version and the tiers that will run.
fn banner(vm: &Vm) -> String {
    let tiers = if vm.options.specialize {
        "tiers 0 (interpreter) and 1 (specializing)"
    } else {
        "tier 0 (interpreter) only"
    };
    format!(
        "Copperhead {} (Python 3.11 language) on linux, {tiers}\nType exit() or Ctrl-D to leave.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// True while `buffer` needs more lines before it runs: the compiler says
/// a construct is still open, or a block has not ended with an empty line.
fn needs_more(buffer: &str, last_line: &str) -> bool {
    match frontend::input_status(buffer) {
        frontend::InputStatus::Incomplete => return true,
        frontend::InputStatus::Invalid => return false,
        frontend::InputStatus::Complete => {}
    }
    // A compound statement (even on one line, `for x in y: f(x)`) starts
    // with its keyword or a decorator.
    let first = buffer.lines().next().unwrap_or("").trim();
    let keyword = first
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    let block =
        first.ends_with(':') || first.starts_with('@') || COMPOUND_KEYWORDS.contains(&keyword);
    block && !last_line.trim().is_empty()
}

/// Runs the prompt until its input ends; returns how the process ends.
pub fn run(vm: &mut Vm, quiet: bool) -> Outcome {
    let _ = runtime::stdio::flush_stdout();
    if !quiet {
        eprint!("{}", banner(vm));
    }
    let mut input = Input::open();
    let mut buffer = String::new();
    let outcome = loop {
        let prompt = if buffer.is_empty() {
            PRIMARY
        } else {
            SECONDARY
        };
        let line = match input.read(prompt) {
            Line::Text(line) => line,
            Line::Interrupted => {
                eprintln!("\nKeyboardInterrupt");
                buffer.clear();
                continue;
            }
            Line::End => {
                eprintln!();
                break Outcome {
                    exit_code: 0,
                    interrupted: false,
                    system_exit: false,
                };
            }
        };
        if buffer.is_empty() && line.trim().is_empty() {
            continue;
        }
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(&line);
        if needs_more(&buffer, &line) {
            continue;
        }
        let source = std::mem::take(&mut buffer);
        input.remember(&source);
        let outcome = vm.execute_interactive(&format!("{source}\n"));
        if outcome.system_exit {
            break outcome;
        }
    };
    input.close();
    outcome
}

#[cfg(test)]
mod tests {
    use super::needs_more;

    #[test]
    fn blocks_end_at_an_empty_line() {
        assert!(needs_more("if x:", "if x:"));
        assert!(needs_more("if x:\n    y()", "    y()"));
        assert!(!needs_more("if x:\n    y()\n", ""));
        assert!(!needs_more("x = 1", "x = 1"));
        assert!(!needs_more("x = (1,\n 2)", " 2)"));
        assert!(needs_more("x = (1,", "x = (1,"));
        assert!(needs_more("for i in x: f(i)", "for i in x: f(i)"));
        assert!(!needs_more("format = 1", "format = 1"));
        // A block whose statement is unfinished still waits for its end;
        // one with an error inside runs at once, to report it.
        assert!(needs_more("try:\n    pass", "    pass"));
        assert!(!needs_more("def f(:", "def f(:"));
    }
}
