//! The `copperhead` command: `copperhead [-X opt] script.py [args...]`,
//! `copperhead -c CODE`, `copperhead - [args...]` or a program piped to
//! standard input, `copperhead --version`.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;

use vm::{Options, Vm};

const USAGE: &str = "usage: copperhead [-X option] (-c cmd | file) [arg] ...";

enum Program {
    File(OsString),
    Command(OsString),
    /// The program is read from standard input (`-`, or no program with
    /// stdin not a terminal); the text is `sys.argv[0]`.
    Stdin(&'static str),
}

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

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let mut x_options = Vec::new();
    let mut program = None;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let text = lossless_text(arg);
        match text.as_str() {
            "--version" | "-V" => {
                println!("Copperhead {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "-X" => {
                let Some(value) = args.get(i + 1) else {
                    eprintln!("Argument expected for the -X option\n{USAGE}");
                    return ExitCode::from(2);
                };
                x_options.push(lossless_text(value));
                i += 1;
            }
            "-c" => {
                let Some(code) = args.get(i + 1) else {
                    eprintln!("Argument expected for the -c option\n{USAGE}");
                    return ExitCode::from(2);
                };
                program = Some(Program::Command(code.clone()));
                rest = args[i + 2..].to_vec();
                break;
            }
            "-" => {
                program = Some(Program::Stdin("-"));
                rest = args[i + 1..].to_vec();
                break;
            }
            x if x.starts_with("-X") => x_options.push(x[2..].to_string()),
            x if x.starts_with('-') && x.len() > 1 => {
                // CPython's words: `unknown option --long`, `Unknown
                // option: -s`, then the usage and a pointer to `-h`.
                if x.starts_with("--") {
                    eprintln!("unknown option {x}");
                } else {
                    eprintln!("Unknown option: {x}");
                }
                eprintln!("{USAGE}\nTry `copperhead -h' for more information.");
                return ExitCode::from(2);
            }
            _ => {
                program = Some(Program::File(arg.clone()));
                rest = args[i + 1..].to_vec();
                break;
            }
        }
        i += 1;
    }
    let options = match Options::from_sources(&x_options, |name| std::env::var(name).ok()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("copperhead: {e}");
            return ExitCode::from(2);
        }
    };
    let rest: Vec<String> = rest.iter().map(lossless_text).collect();
    // No program and a pipe or file on stdin: run what it holds, as
    // python3 does.
    let program = match program {
        None if !std::io::IsTerminal::is_terminal(&std::io::stdin()) => Some(Program::Stdin("")),
        other => other,
    };
    let (source, filename, argv0) = match program {
        None => {
            eprintln!(
                "copperhead: no program given (interactive mode is not supported yet)\n{USAGE}"
            );
            return ExitCode::from(2);
        }
        Some(Program::Stdin(argv0)) => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
                eprintln!("copperhead: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
            match String::from_utf8(bytes) {
                Ok(text) => (text, "<stdin>".to_string(), argv0.to_string()),
                Err(error) => {
                    let bytes = error.as_bytes();
                    let at = error.utf8_error().valid_up_to();
                    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
                    eprintln!(
                        "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file <stdin> on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                        bytes[at]
                    );
                    return ExitCode::from(1);
                }
            }
        }
        Some(Program::Command(code)) => match decode_argument(code.as_bytes()) {
            (text, None) => (text, "<string>".to_string(), "-c".to_string()),
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
        Some(Program::File(os_path)) => {
            let path = lossless_text(&os_path);
            let program_name = std::env::args_os()
                .next()
                .map_or_else(|| "copperhead".to_string(), |p| lossless_text(&p));
            if std::path::Path::new(&os_path).is_dir() {
                eprintln!("{program_name}: can't find '__main__' module in '{path}'");
                return ExitCode::from(1);
            }
            match std::fs::read(&os_path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    // Like CPython, tracebacks name the script by the working
                    // directory joined with the path as given (not normalized).
                    Ok(text) => (text, display_path(&path), path),
                    Err(error) => {
                        let bytes = error.as_bytes();
                        let at = error.utf8_error().valid_up_to();
                        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
                        eprintln!(
                            "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {} on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                            bytes[at],
                            display_path(&path)
                        );
                        return ExitCode::from(1);
                    }
                },
                Err(e) => {
                    let code = e.raw_os_error().unwrap_or(2);
                    let reason = runtime::stdio::strerror(&e);
                    // The path made absolute as CPython shows it (joined
                    // to the working directory, not normalized).
                    let shown = display_path(&path);
                    eprintln!("{program_name}: can't open file '{shown}': [Errno {code}] {reason}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    runtime::signals::install_interrupt_handler();
    // Run on a thread with a large stack: deep native recursion (repr of
    // nested lists, comparisons) must not overflow before Python's own
    // recursion limit is reached.
    let handle = std::thread::Builder::new()
        .name("copperhead-main".into())
        .stack_size(256 << 20)
        .spawn(move || {
            let mut vm = Vm::new(options);
            vm.rt.argv = std::iter::once(argv0).chain(rest).collect();
            let outcome = vm.run_source(&source, &filename);
            // The process ends now: freeing every object one by one would
            // only cost time (output and files are already flushed).
            std::mem::forget(vm);
            outcome
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(outcome)) if outcome.interrupted => runtime::signals::exit_by_interrupt(),
        Ok(Ok(outcome)) => ExitCode::from(outcome.exit_code as u8),
        _ => {
            eprintln!("copperhead: internal error");
            ExitCode::from(70)
        }
    }
}
