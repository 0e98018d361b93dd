//! The `copperhead` command: `copperhead [-X opt] script.py [args...]`,
//! `copperhead -c CODE`, `copperhead --version`.

use std::process::ExitCode;

use vm::{Options, Vm};

const USAGE: &str = "usage: copperhead [-X option] (-c cmd | file) [arg] ...";

enum Program {
    File(String),
    Command(String),
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut x_options = Vec::new();
    let mut program = None;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        match arg.as_str() {
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
                x_options.push(value.clone());
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
            x if x.starts_with("-X") => x_options.push(x[2..].to_string()),
            x if x.starts_with('-') && x.len() > 1 => {
                eprintln!("Unknown option: {x}\n{USAGE}");
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
    let (source, filename, argv0) = match program {
        None => {
            eprintln!(
                "copperhead: no program given (interactive mode is not supported yet)\n{USAGE}"
            );
            return ExitCode::from(2);
        }
        Some(Program::Command(code)) => (code, "<string>".to_string(), "-c".to_string()),
        Some(Program::File(path)) => match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                // Like CPython, tracebacks name the script by the working
                // directory joined with the path as given (not normalized).
                Ok(text) => (text, display_path(&path), path),
                Err(_) => {
                    eprintln!("SyntaxError: Non-UTF-8 code in file {path}");
                    return ExitCode::from(1);
                }
            },
            Err(e) => {
                let code = e.raw_os_error().unwrap_or(2);
                let reason = match e.kind() {
                    std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
                    std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
                    _ => e.to_string(),
                };
                let program = std::env::args()
                    .next()
                    .unwrap_or_else(|| "copperhead".into());
                eprintln!("{program}: can't open file '{path}': [Errno {code}] {reason}");
                return ExitCode::from(2);
            }
        },
    };
    // Run on a thread with a large stack: deep native recursion (repr of
    // nested lists, comparisons) must not overflow before Python's own
    // recursion limit is reached.
    let handle = std::thread::Builder::new()
        .name("copperhead-main".into())
        .stack_size(256 << 20)
        .spawn(move || {
            let mut vm = Vm::new(options);
            vm.rt.argv = std::iter::once(argv0).chain(rest).collect();
            vm.run_source(&source, &filename).exit_code
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(code)) => ExitCode::from(code as u8),
        _ => {
            eprintln!("copperhead: internal error");
            ExitCode::from(70)
        }
    }
}
