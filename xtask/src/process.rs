//! Running a benchmark process: its exit status, stderr, wall time and
//! peak resident set size (from `wait4`'s resource usage, so no external
//! `time` tool is needed), with a time limit.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How one run of a process went.
pub struct Run {
    pub success: bool,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident set size in KiB (0 if unknown).
    pub peak_rss_kib: u64,
    pub timed_out: bool,
}

/// Runs `command` with stdin and stdout discarded and stderr captured,
/// killing it after `timeout`.
pub fn run(mut command: Command, timeout: Duration) -> Result<Run, String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    let start = Instant::now();
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = std::io::Read::read_to_string(s, &mut text);
        }
        text
    });
    let pid = child.id() as libc::pid_t;
    let mut timed_out = false;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero `rusage` is a valid value of the plain C
        // struct, which `wait4` overwrites.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own unwaited child; `status` and `usage`
        // are valid for writes for the duration of the call.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            let elapsed = start.elapsed();
            let stderr = reader.join().unwrap_or_default();
            return Ok(Run {
                success: !timed_out && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
                stderr,
                elapsed,
                peak_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
                timed_out,
            });
        }
        if reaped < 0 {
            let _ = reader.join();
            return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
        }
        if !timed_out && start.elapsed() > timeout {
            let _ = child.kill();
            timed_out = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_stderr_and_memory_are_reported() {
        let mut ok = Command::new("sh");
        ok.args(["-c", "echo oops >&2"]);
        let run = run(ok, Duration::from_secs(30)).unwrap();
        assert!(run.success);
        assert_eq!(run.stderr, "oops\n");
        assert!(run.peak_rss_kib > 0);
        let mut failing = Command::new("sh");
        failing.args(["-c", "exit 3"]);
        assert!(
            !super::run(failing, Duration::from_secs(30))
                .unwrap()
                .success
        );
        let mut slow = Command::new("sleep");
        slow.arg("10");
        let run = super::run(slow, Duration::from_millis(100)).unwrap();
        assert!(run.timed_out && !run.success);
    }
}
