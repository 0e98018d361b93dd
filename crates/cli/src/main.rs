//! The `copperhead` command, a `python3`-compatible command line:
//! `copperhead [option] ... [-c cmd | -m mod | file | -] [arg] ...`.
//!
//! The options and their help come from `vm::options` (one table); this
//! file turns a parsed command line into a run: it reads the program
//! (a file, a directory with `__main__.py`, `-c`, standard input), starts
//! the VM on a thread with a large stack, and hands over to the prompt
//! (`repl`) when there is no program on a terminal or `-i` asks for it.
//!
//! It must never know how a program runs: options are parsed by
//! `vm::options`, programs run through `vm::Vm`; this crate owns only the
//! process (arguments, files, the terminal, the exit status).

mod repl;

/// Every payload the heap does not pool (list storage, str text, dict
/// tables, big ints) comes from mimalloc's size-classed, thread-local free
/// lists: allocating and freeing one is a pop and a push, where glibc's
/// `malloc`/`free` (and their consolidation passes) took up to half of an
/// allocation-heavy program's time. See `docs/memory.md`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;

use vm::options::{Action, CommandLine, Program, help_text, parse_command_line, usage};
use vm::{Options, Vm};

/// Decodes command-line bytes as CPython does (UTF-8 with
/// `surrogateescape`), shown as CPython prints the result on stderr: every
/// undecodable byte `b` as `\udcXX`. Returns the text and the character
/// position of the first undecodable byte.
fn decode_argument(bytes: &[u8]) -> (String, Option<usize>) {
    let mut text = String::new();
    let mut first_bad = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            first_bad.get_or_insert(text.chars().count());
            text.push_str(&format!("\\udc{byte:02x}"));
        }
    }
    (text, first_bad)
}

fn lossless_text(argument: &OsString) -> String {
    decode_argument(argument.as_bytes()).0
}

fn display_path(path: &str) -> String {
    if std::path::Path::new(path).is_absolute() {
        return path.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => format!("{}/{path}", cwd.display()),
        Err(_) => path.to_string(),
    }
}

/// The version line (`-V`), with build details for `-VV`.
fn version_text(level: u8) -> String {
    let version = env!("CARGO_PKG_VERSION");
    if level > 1 {
        format!("Copperhead {version} (Python 3.11 language; tiers 0 and 1) [Rust]")
    } else {
        format!("Copperhead {version}")
    }
}

/// What runs once the VM is up.
enum Main {
    /// Source text: (text, filename for tracebacks).
    Source(String, String),
    /// A directory's `__main__.py`: (text, filename).
    Directory(String, String),
    /// `-m`.
    Module(String),
    /// Nothing: the prompt alone.
    Prompt,
}

/// A program's source that is not UTF-8: CPython's `SyntaxError`.
fn non_utf8_error(error: &std::string::FromUtf8Error, shown: &str) -> String {
    let bytes = error.as_bytes();
    let at = error.utf8_error().valid_up_to();
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    format!(
        "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {shown} on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
        bytes[at]
    )
}

/// `-x`: the first line is blanked, so line numbers stay as in the file.
fn skip_first_line(text: String) -> String {
    match text.find('\n') {
        Some(end) => text[end..].to_string(),
        None => String::new(),
    }
}

/// Tunes the allocator to give memory back promptly: by default mimalloc
/// commits whole arenas up front and keeps freed pages for a second, and a
/// program's peak RSS came out about twice CPython's (pyperformance's
/// nqueens: 28 MB, CPython 15 MB). Arenas are committed on demand here,
/// and freed pages go back after 100 ms: nqueens 13 MB. Purging at once
/// (delay 0) saves a little more memory but refaults pages all the time
/// (40 000 page faults and 10% more time on nqueens).
fn tune_allocator() {
    // SAFETY: setting documented options to documented values; mimalloc
    // reads them when it next reserves or purges memory.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100);
    }
}

/// mimalloc's `mi_option_arena_eager_commit` and `mi_option_purge_delay`
/// (positions in its `mi_option_t` enum, which the Rust binding does not
/// name; `allocator_options_are_the_intended_ones` checks them).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Runs [`tune_allocator`] as the process loads, before the first
/// allocation reserves mimalloc's first arena (from `main` it is too late:
/// the Rust runtime has allocated by then).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR_AT_LOAD: extern "C" fn() = {
    extern "C" fn at_load() {
        tune_allocator();
    }
    at_load
};

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    tune_allocator();
    let mut words = std::env::args_os();
    let program_name = words
        .next()
        .map_or_else(|| "copperhead".to_string(), |p| lossless_text(&p));
    let arguments: Vec<OsString> = words.collect();
    let CommandLine { options, action } =
        match parse_command_line(&arguments, |name| std::env::var(name).ok()) {
            Ok(line) => line,
            Err(error) if error.shows_usage() => {
                // CPython's words, its usage line and a pointer to `-h`.
                eprintln!("{error}\n{}", usage(&program_name));
                eprintln!("Try `copperhead -h' for more information.");
                return ExitCode::from(2);
            }
            Err(error) => {
                eprintln!("{program_name}: {error}");
                return ExitCode::from(2);
            }
        };
    let (program, rest) = match action {
        Action::Help(topic) => {
            print!("{}", help_text(&program_name, topic));
            return ExitCode::SUCCESS;
        }
        Action::Version(level) => {
            println!("{}", version_text(level));
            return ExitCode::SUCCESS;
        }
        Action::Run { program, arguments } => (program, arguments),
    };
    let rest: Vec<String> = rest.iter().map(lossless_text).collect();
    let stdin_is_terminal = std::io::IsTerminal::is_terminal(&std::io::stdin());
    // The prompt follows the program under `-i`; `COPPERHEAD_INSPECT`
    // alone asks for it only when standard input is a terminal.
    let mut inspect = options.flags.inspect && (options.flags.interactive || stdin_is_terminal);
    // `sys.argv[0]` for a program from standard input: `-` when named.
    let stdin_argv0 = if matches!(program, Some(Program::Stdin)) {
        "-"
    } else {
        ""
    };
    // No program: standard input, read as a program unless it is a
    // terminal (then the prompt), as python3 does.
    let program = match program {
        None if stdin_is_terminal => {
            inspect = true;
            None
        }
        None => Some(Program::Stdin),
        Some(Program::Stdin) if stdin_is_terminal => {
            inspect = true;
            None
        }
        other => other,
    };
    let (main, argv0) = match program {
        None => (Main::Prompt, String::new()),
        Some(Program::Stdin) if inspect => (Main::Prompt, stdin_argv0.to_string()),
        Some(Program::Stdin) => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
                eprintln!("{program_name}: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
            match String::from_utf8(bytes) {
                Ok(text) => (
                    Main::Source(text, "<stdin>".into()),
                    stdin_argv0.to_string(),
                ),
                Err(error) => {
                    eprintln!("{}", non_utf8_error(&error, "<stdin>"));
                    return ExitCode::from(1);
                }
            }
        }
        Some(Program::Command(code)) => match decode_argument(code.as_bytes()) {
            (text, None) => (Main::Source(text, "<string>".into()), "-c".to_string()),
            (text, Some(position)) => {
                let character = &text[text.char_indices().nth(position).map_or(0, |(i, _)| i)..];
                let shown: String = character.chars().take(6).collect();
                eprintln!("Unable to decode the command from the command line:");
                eprintln!(
                    "UnicodeEncodeError: 'utf-8' codec can't encode character '{shown}' in position {position}: surrogates not allowed"
                );
                return ExitCode::from(1);
            }
        },
        Some(Program::Module(name)) => (Main::Module(name), "-m".to_string()),
        Some(Program::File(os_path)) => {
            let path = lossless_text(&os_path);
            // A directory runs its `__main__.py` (sys.argv[0] stays the
            // directory, as in CPython).
            let is_directory = std::path::Path::new(&os_path).is_dir();
            let (file, shown) = if is_directory {
                let main = std::path::Path::new(&os_path).join("__main__.py");
                if !main.is_file() {
                    let shown = display_path(&path);
                    eprintln!("{program_name}: can't find '__main__' module in '{shown}'");
                    return ExitCode::from(1);
                }
                (main.into_os_string(), format!("{path}/__main__.py"))
            } else {
                (os_path.clone(), display_path(&path))
            };
            match std::fs::read(&file) {
                // Like CPython, tracebacks name the script by the working
                // directory joined with the path as given (not normalized).
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) if is_directory => (Main::Directory(text, shown), path),
                    Ok(text) => (Main::Source(text, shown), path),
                    Err(error) => {
                        eprintln!("{}", non_utf8_error(&error, &shown));
                        return ExitCode::from(1);
                    }
                },
                Err(e) => {
                    let code = e.raw_os_error().unwrap_or(2);
                    let reason = runtime::stdio::strerror(&e);
                    eprintln!("{program_name}: can't open file '{shown}': [Errno {code}] {reason}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let main = match main {
        Main::Source(text, filename) if options.skip_first_line => {
            Main::Source(skip_first_line(text), filename)
        }
        Main::Directory(text, filename) if options.skip_first_line => {
            Main::Directory(skip_first_line(text), filename)
        }
        other => other,
    };
    runtime::signals::install_interrupt_handler();
    let argv = std::iter::once(argv0).chain(rest).collect();
    // Run on a thread with a large stack: deep native recursion (repr of
    // nested lists, comparisons) must not overflow before Python's own
    // recursion limit is reached.
    let handle = std::thread::Builder::new()
        .name("copperhead-main".into())
        .stack_size(256 << 20)
        .spawn(move || run(options, argv, main, inspect, program_name));
    match handle.map(|h| h.join()) {
        Ok(Ok(outcome)) if outcome.interrupted => runtime::signals::exit_by_interrupt(),
        Ok(Ok(outcome)) => ExitCode::from(outcome.exit_code as u8),
        _ => {
            eprintln!("copperhead: internal error");
            ExitCode::from(70)
        }
    }
}

/// Runs the program, then the prompt if asked for, then finishes.
fn run(
    options: Options,
    argv: Vec<String>,
    main: Main,
    inspect: bool,
    program_name: String,
) -> vm::Outcome {
    let quiet = options.flags.quiet;
    let mut vm = Vm::new(options);
    vm.rt.argv = argv;
    let mut module_failed = false;
    let outcome = match main {
        Main::Source(text, filename) => Some(vm.execute_source(&text, &filename)),
        Main::Directory(text, filename) => Some(vm.execute_directory_main(&text, &filename)),
        Main::Module(name) => match vm.execute_module(&name) {
            Ok(outcome) => Some(outcome),
            Err(message) => {
                eprintln!("{program_name}: {message}");
                module_failed = true;
                Some(vm::Outcome {
                    exit_code: 1,
                    interrupted: false,
                    system_exit: false,
                })
            }
        },
        Main::Prompt => None,
    };
    let outcome = match outcome {
        // Under `-i` even the program's `SystemExit` goes on to the
        // prompt, as in CPython (a failed `-m` lookup does not).
        Some(outcome) if !inspect || module_failed => outcome,
        Some(_) => repl::run(&mut vm, true),
        None => repl::run(&mut vm, quiet),
    };
    let outcome = vm.finish(outcome);
    // The process ends now: freeing every object one by one would only
    // cost time (output and files are already flushed).
    std::mem::forget(vm);
    outcome
}

#[cfg(test)]
mod allocator_tests {
    use super::*;

    #[test]
    fn allocator_options_are_the_intended_ones() {
        // SAFETY: reading options has no preconditions.
        let (eager, delay) = unsafe {
            (
                libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY),
            )
        };
        // mimalloc's documented defaults identify the two options (unless
        // the process already tuned them).
        assert!(eager == 2 || eager == 0, "arena_eager_commit = {eager}");
        assert!(delay == 1000 || delay == 100, "purge_delay = {delay}");
        tune_allocator();
        // SAFETY: as above.
        let tuned = unsafe {
            (
                libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY),
            )
        };
        assert_eq!(tuned, (0, 100));
    }
}
