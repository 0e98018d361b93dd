//! Standard output as Python sees it: a buffer in front of file
//! descriptor 1 whose write errors become Python exceptions.
//!
//! CPython's rules, which this module follows: output to a pipe or file is
//! block-buffered, to a terminal or other character device line-buffered;
//! a failed write (`EPIPE` after the reader went away, `ENOSPC` on a full
//! disk) raises `BrokenPipeError`/`OSError` from the `print` that caused
//! it, and the unwritten bytes are dropped so that the final flush at exit
//! does not fail a second time; a flush failure at exit is reported, never
//! swallowed (the caller prints it and exits with status 120).

use std::cell::RefCell;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;

use crate::{PyErr, Runtime};

/// Bytes held before a block-buffered stream writes them out.
const BUFFER_SIZE: usize = 1 << 16;

struct StandardOutput {
    buffer: Vec<u8>,
    /// Terminals and character devices: write out at every newline.
    line_buffered: Option<bool>,
    /// Kept in memory instead of written (see [`capture_stdout`]).
    captured: Option<Vec<u8>>,
    /// `-u`: every write goes out at once.
    unbuffered: bool,
}

thread_local! {
    static STDOUT: RefCell<StandardOutput> = const {
        RefCell::new(StandardOutput {
            buffer: Vec::new(),
            line_buffered: None,
            captured: None,
            unbuffered: false,
        })
    };
}

/// `-u`: from now on every write to standard output goes out at once.
pub fn set_unbuffered(unbuffered: bool) {
    STDOUT.with(|out| out.borrow_mut().unbuffered = unbuffered);
}

/// From now on this thread's output is kept in memory (for hosts that
/// compare runs, such as the fuzz harness), until [`take_captured_stdout`].
pub fn capture_stdout() {
    STDOUT.with(|out| out.borrow_mut().captured = Some(Vec::new()));
}

/// The output captured since [`capture_stdout`]; capture goes on.
pub fn take_captured_stdout() -> Vec<u8> {
    STDOUT.with(|out| {
        let mut out = out.borrow_mut();
        let pending = std::mem::take(&mut out.buffer);
        match out.captured.as_mut() {
            Some(captured) => {
                captured.extend_from_slice(&pending);
                std::mem::take(captured)
            }
            None => pending,
        }
    })
}

/// File descriptor 1 as a `File` that is never closed.
fn descriptor_1() -> ManuallyDrop<std::fs::File> {
    // SAFETY: descriptor 1 stays open for the life of the process (nothing
    // here closes it), and `ManuallyDrop` keeps this `File` from closing it.
    ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) })
}

fn is_line_buffered() -> bool {
    use std::io::IsTerminal;
    use std::os::unix::fs::FileTypeExt;
    let file = descriptor_1();
    file.is_terminal()
        || file
            .metadata()
            .is_ok_and(|m| m.file_type().is_char_device())
}

impl StandardOutput {
    fn write_out(&mut self) -> std::io::Result<()> {
        if let Some(captured) = self.captured.as_mut() {
            captured.extend_from_slice(&self.buffer);
            self.buffer.clear();
            return Ok(());
        }
        let result = descriptor_1().write_all(&self.buffer);
        // On failure the bytes are dropped, as CPython's buffered writer
        // does after reporting the error once.
        self.buffer.clear();
        result
    }
}

/// Writes `text` to standard output (buffered).
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    STDOUT.with(|out| {
        let mut out = out.borrow_mut();
        let line_buffered = *out.line_buffered.get_or_insert_with(is_line_buffered);
        out.buffer.extend_from_slice(text.as_bytes());
        if out.unbuffered
            || out.buffer.len() >= BUFFER_SIZE
            || (line_buffered && text.contains('\n'))
        {
            out.write_out()
        } else {
            Ok(())
        }
    })
}

/// Writes `text` to standard error (unbuffered: each write goes out).
pub fn write_stderr(text: &str) -> std::io::Result<()> {
    std::io::stderr().write_all(text.as_bytes())
}

/// Writes out everything buffered.
pub fn flush_stdout() -> std::io::Result<()> {
    STDOUT.with(|out| {
        let mut out = out.borrow_mut();
        if out.buffer.is_empty() {
            Ok(())
        } else {
            out.write_out()
        }
    })
}

/// The text CPython gives an `errno` (`strerror`), without Rust's
/// ` (os error N)` suffix.
pub fn strerror(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The Python exception for an operating-system error: the `OSError`
/// subclass CPython picks for its `errno`, with `(errno, strerror)` args.
pub fn os_error(rt: &mut Runtime, error: &std::io::Error) -> PyErr {
    let Some(errno) = error.raw_os_error() else {
        return rt.error(rt.types.os_error, error.to_string());
    };
    let type_name = match errno {
        libc::EPIPE | libc::ESHUTDOWN => "BrokenPipeError",
        libc::ENOENT => "FileNotFoundError",
        libc::EEXIST => "FileExistsError",
        libc::EACCES | libc::EPERM => "PermissionError",
        libc::EISDIR => "IsADirectoryError",
        libc::ENOTDIR => "NotADirectoryError",
        libc::EINTR => "InterruptedError",
        libc::ETIMEDOUT => "TimeoutError",
        libc::ECONNRESET => "ConnectionResetError",
        libc::ECONNREFUSED => "ConnectionRefusedError",
        libc::ECONNABORTED => "ConnectionAbortedError",
        _ => "OSError",
    };
    let exception_type = rt
        .types
        .exception_named(type_name)
        .unwrap_or(rt.types.os_error);
    let text = rt.new_string(strerror(error));
    PyErr(rt.new_exception(
        exception_type,
        vec![crate::Value::small_int(errno as i64), text],
    ))
}

/// [`os_error`] naming the file it is about (`filename`), printed as
/// `[Errno 2] No such file or directory: 'x'`.
pub fn os_error_with_filename(rt: &mut Runtime, error: &std::io::Error, filename: &str) -> PyErr {
    let exception = os_error(rt, error);
    let name = rt.new_str(filename);
    let key = rt.intern("filename");
    let _ = crate::protocol::set_attribute(rt, &mut crate::NoHost, exception.0, key, Some(name));
    exception
}
