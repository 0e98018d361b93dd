//! The interactive prompt in a real pseudo-terminal (`rexpect` drives the
//! binary as a user at a terminal would): multi-line blocks, `_`,
//! tracebacks after which the prompt goes on, Ctrl-C at the prompt and
//! during a running loop, Ctrl-D and `exit()`.

use std::process::Command;

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

/// The prompt in a fresh pseudo-terminal, with its history file in a
/// temporary home directory.
fn prompt(arguments: &[&str]) -> (PtySession, tempdir::Home) {
    let home = tempdir::Home::new();
    let mut command = Command::new(env!("CARGO_BIN_EXE_copperhead"));
    command
        .args(arguments)
        .env("HOME", &home.0)
        .env("TERM", "xterm");
    for (name, _) in std::env::vars() {
        if name.starts_with("COPPERHEAD_") {
            command.env_remove(name);
        }
    }
    // The line editor's escape sequences stay in the output: expectations
    // are pieces of text between them.
    let options = Options {
        timeout_ms: Some(20_000),
        strip_ansi_escape_codes: false,
    };
    let session = spawn_with_options(command, options).expect("spawn copperhead in a pty");
    (session, home)
}

mod tempdir {
    /// A directory removed when dropped.
    pub struct Home(pub std::path::PathBuf);

    impl Home {
        pub fn new() -> Home {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "copperhead-prompt-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&path).expect("temporary home");
            Home(path)
        }
    }

    impl Drop for Home {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn exit_status(session: &mut PtySession) -> Option<i32> {
    match session.process.wait() {
        Ok(rexpect::process::wait::WaitStatus::Exited(_, code)) => Some(code),
        _ => None,
    }
}

#[test]
fn banner_blocks_underscore_and_ctrl_d() {
    let (mut p, home) = prompt(&[]);
    p.exp_string(&format!("Copperhead {}", env!("CARGO_PKG_VERSION")))
        .unwrap();
    p.exp_string("tiers 0 (interpreter) and 1 (specializing)")
        .unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("def triple(a):").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("    return a * 3").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("triple(14)").unwrap();
    p.exp_string("42\r\n").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("_ + 1").unwrap();
    p.exp_string("43\r\n").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("None").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("_").unwrap();
    p.exp_string("43\r\n").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_status(&mut p), Some(0));
    // History is kept between sessions.
    let history = std::fs::read_to_string(home.0.join(".copperhead_history")).unwrap();
    assert!(history.contains("triple(14)"), "{history}");
}

#[test]
fn tracebacks_then_the_prompt_goes_on() {
    let (mut p, _home) = prompt(&["-q"]);
    p.exp_string(">>> ").unwrap();
    p.send_line("1 / 0").unwrap();
    p.exp_string("Traceback (most recent call last):").unwrap();
    p.exp_string("ZeroDivisionError: division by zero").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("print('still here')").unwrap();
    p.exp_string("still here\r\n").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("x = (").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line(")").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("def broken(:").unwrap();
    p.exp_string("SyntaxError").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("exit(3)").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_status(&mut p), Some(3));
}

#[test]
fn ctrl_c_at_the_prompt_and_in_a_running_loop() {
    let (mut p, _home) = prompt(&["-q"]);
    p.exp_string(">>> ").unwrap();
    p.send("half a line").unwrap();
    p.flush().unwrap();
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("while True: pass").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("print('back')").unwrap();
    p.exp_string("back\r\n").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("quit()").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_status(&mut p), Some(0));
}

#[test]
fn inspect_after_a_program() {
    let (mut p, _home) = prompt(&["-i", "-c", "answer = 6 * 7\n1 / 0"]);
    p.exp_string("ZeroDivisionError: division by zero").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("answer").unwrap();
    p.exp_string("42\r\n").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_status(&mut p), Some(0));
}
