//! The command line, row by row against `python3`: each row of
//! `tests/command_line/cases.json` (arguments, standard input, environment
//! variables) runs the real binary in `tests/command_line/`, and its
//! stdout, the last line of its stderr and its exit status must equal
//! what CPython did for the same row (`tests/command_line/expected.json`).
//!
//! The expectations are made by running CPython itself: `cargo xtask
//! bless` runs this test with `COPPERHEAD_BLESS_COMMAND_LINE=1`, which runs
//! every row under `python3` and writes the file. The program's path in
//! messages reads `copperhead` and the cases directory `.`, for both.
//! A row's `env` names variables without their prefix: `OPTIMIZE` is
//! `PYTHONOPTIMIZE` for CPython and `COPPERHEAD_OPTIMIZE` here.
//!
//! What is not CPython's by design (the version and help texts, `-X`
//! options) is tested at the end of this file.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn cases_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/command_line")
}

/// What one run showed.
fn observe(executable: &Path, prefix: &str, case: &Value) -> Value {
    let arguments: Vec<String> = case["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("string argument").to_string())
        .collect();
    let merge = case["merge_stderr"].as_bool().unwrap_or(false);
    let mut command = if merge {
        // One pipe for both streams: `sh` points stderr at stdout.
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg("exec \"$0\" \"$@\" 2>&1")
            .arg(executable)
            .args(&arguments);
        c
    } else {
        let mut c = Command::new(executable);
        c.args(&arguments);
        c
    };
    command.current_dir(cases_directory());
    for (name, _) in std::env::vars() {
        if name.starts_with("PYTHON") || name.starts_with("COPPERHEAD_") {
            command.env_remove(name);
        }
    }
    command.env("PYTHONDONTWRITEBYTECODE", "1");
    command.env("PYTHONHASHSEED", "0");
    if let Some(env) = case["env"].as_object() {
        for (name, value) in env {
            command.env(
                format!("{prefix}{name}"),
                value.as_str().expect("string value"),
            );
        }
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdin = case["stdin"].as_str().unwrap_or("").to_string();
    let mut pipe = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(stdin.as_bytes());
    });
    let output = child.wait_with_output().expect("wait");
    let _ = writer.join();
    // Messages name the program by its path, and paths by the working
    // directory: both are made machine-independent.
    let directory = cases_directory().canonicalize().expect("cases directory");
    let normalize = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .replace(&*executable.to_string_lossy(), "copperhead")
            .replace(&*directory.to_string_lossy(), ".")
            .replace("Try `python -h'", "Try `copperhead -h'")
    };
    let stderr = normalize(&output.stderr);
    json!({
        "stdout": normalize(&output.stdout),
        "stderr_last_line": stderr.lines().last().unwrap_or(""),
        "exit": output.status.code(),
    })
}

/// The interpreter `python3` runs (past launcher scripts such as pyenv's):
/// its messages name it by this path.
fn cpython_executable() -> PathBuf {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 runs");
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

#[test]
fn command_lines_behave_as_in_cpython() {
    let directory = cases_directory();
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(directory.join("cases.json")).unwrap())
            .expect("cases.json parses");
    let expected_path = directory.join("expected.json");
    if std::env::var_os("COPPERHEAD_BLESS_COMMAND_LINE").is_some() {
        let python = cpython_executable();
        let expected: Vec<Value> = cases
            .iter()
            .map(|case| observe(&python, "PYTHON", case))
            .collect();
        let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
        std::fs::write(&expected_path, text).expect("write expected.json");
        return;
    }
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap())
            .expect("expected.json parses (made by `cargo xtask bless`)");
    assert_eq!(
        cases.len(),
        expected.len(),
        "re-bless after editing cases.json"
    );
    let copperhead = Path::new(env!("CARGO_BIN_EXE_copperhead"));
    let mut failures = Vec::new();
    for (case, expected) in cases.iter().zip(&expected) {
        let observed = observe(copperhead, "COPPERHEAD_", case);
        if &observed != expected {
            failures.push(format!(
                "{case}\n  expected {expected}\n  observed {observed}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ from CPython:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---- what is Copperhead's own ------------------------------------------------------

fn copperhead(arguments: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_copperhead"))
        .arg0("copperhead")
        .args(arguments)
        .stdin(Stdio::null())
        .output()
        .expect("spawn copperhead")
}

#[test]
fn version_and_help_name_copperhead() {
    let output = copperhead(&["-V"]);
    let version = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        version,
        format!("Copperhead {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(copperhead(&["--version"]).stdout, output.stdout);
    let detailed = String::from_utf8_lossy(&copperhead(&["-VV"]).stdout).into_owned();
    assert!(detailed.starts_with(version.trim_end()) && detailed.len() > version.len());
    // `-h` prints at once, before a later bad option is seen.
    let help = copperhead(&["-h", "-Z"]);
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(
        help.starts_with("usage: copperhead [option] ... [-c cmd | -m mod | file | -] [arg] ...\n")
    );
    for line in [
        "-X stats",
        "-X gc_stress",
        "COPPERHEAD_PATH",
        "-m mod :",
        "-i     :",
    ] {
        assert!(help.contains(line), "{line} missing from:\n{help}");
    }
    let x_help = String::from_utf8_lossy(&copperhead(&["--help-xoptions"]).stdout).into_owned();
    assert!(x_help.contains("-X specialize") && !x_help.contains("-m mod"));
}

#[test]
fn unknown_x_options_are_refused() {
    // CPython ignores unknown `-X` options; Copperhead refuses them, so a
    // misspelt knob is never silently ignored.
    let output = copperhead(&["-X", "warp_speed", "-c", "pass"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown -X option: 'warp_speed'"),
        "{stderr}"
    );
    let output = copperhead(&["-X", "stats=xml", "-c", "pass"]);
    assert_eq!(output.status.code(), Some(2));
}
