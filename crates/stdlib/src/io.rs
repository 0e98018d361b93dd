//! The `_io` module: `open()` and text file objects (`read`, `readline`,
//! iteration, `write`, `seek`, `tell`, `with`), UTF-8, with universal
//! newlines on reading and CPython's `OSError` subclasses and messages.
//! Binary modes need `bytes`, which Copperhead does not have yet: they
//! raise `NotImplementedError`.
//!
//! A file object is an instance of the native class `TextIOWrapper` whose
//! `_handle` attribute indexes this thread's table of open files. Writes
//! are buffered; [`flush_all`] writes out what is left at exit, as
//! CPython's finalization does.

use std::cell::RefCell;
use std::io::{Read, Seek, SeekFrom, Write};

use runtime::{Host, PyResult, Runtime, Value, as_str};

use crate::NativeModule;
use crate::util::{
    index_argument, instance_attribute, native_class, positional, set_instance_attribute,
};

pub static MODULE: NativeModule = NativeModule {
    name: "_io",
    functions: &[("open", open)],
    init: Some(init),
};

const CHUNK: usize = 8192;

struct OpenFile {
    file: std::fs::File,
    readable: bool,
    writable: bool,
    /// Bytes read from the file but not yet returned.
    read_ahead: Vec<u8>,
    /// Bytes written but not yet sent to the file.
    write_buffer: Vec<u8>,
}

impl OpenFile {
    fn flush(&mut self) -> std::io::Result<()> {
        if !self.write_buffer.is_empty() {
            self.file.write_all(&self.write_buffer)?;
            self.write_buffer.clear();
        }
        Ok(())
    }

    /// Drops read-ahead bytes, moving the file position back to where the
    /// reader is.
    fn forget_read_ahead(&mut self) -> std::io::Result<()> {
        if !self.read_ahead.is_empty() {
            let back = self.read_ahead.len() as i64;
            self.read_ahead.clear();
            self.file.seek(SeekFrom::Current(-back))?;
        }
        Ok(())
    }

    /// Reads more of the file into `read_ahead`; false at end of file.
    fn fill(&mut self) -> std::io::Result<bool> {
        let mut chunk = vec![0u8; CHUNK];
        let n = self.file.read(&mut chunk)?;
        self.read_ahead.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }
}

thread_local! {
    static FILES: RefCell<Vec<Option<OpenFile>>> = const { RefCell::new(Vec::new()) };
}

/// Writes out every open file's buffered output (at exit).
pub fn flush_all() {
    FILES.with(|files| {
        for file in files.borrow_mut().iter_mut().flatten() {
            let _ = file.flush();
        }
    });
}

fn init(rt: &mut Runtime, module: Value) -> PyResult<()> {
    let class = native_class(
        rt,
        "_io",
        "TextIOWrapper",
        &[
            ("read", file_read),
            ("readline", file_readline),
            ("readlines", file_readlines),
            ("write", file_write),
            ("writelines", file_writelines),
            ("seek", file_seek),
            ("tell", file_tell),
            ("flush", file_flush),
            ("close", file_close),
            ("fileno", file_fileno),
            ("readable", file_readable),
            ("writable", file_writable),
            ("seekable", file_readable),
            ("__enter__", file_enter),
            ("__exit__", file_exit),
            ("__iter__", file_enter),
            ("__next__", file_next),
            ("__repr__", file_repr),
        ],
    )?;
    runtime::objects::module::set(rt, module, "TextIOWrapper", class);
    Ok(())
}

/// `open(file, mode='r', buffering=-1, encoding=None, ...)`.
fn open(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::util::arguments(args, kw);
    a.check_keywords(
        rt,
        "open",
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
    )?;
    a.check_count(rt, "open", 0, 8)?;
    let argument = |i: usize, name: &str| a.positional.get(i).copied().or_else(|| a.keyword(name));
    let Some(file) = argument(0, "file") else {
        return Err(rt.type_error("open() missing required argument 'file' (pos 1)"));
    };
    let Some(path) = as_str(file).map(str::to_string) else {
        let message = format!(
            "expected str, bytes or os.PathLike object, not {}",
            rt.type_name(file)
        );
        return Err(rt.type_error(message));
    };
    let mode_value = argument(1, "mode");
    let mode = match mode_value {
        Some(m) => match as_str(m) {
            Some(s) => s.to_string(),
            None => {
                let message = format!(
                    "open() argument 'mode' must be str, not {}",
                    rt.type_name(m)
                );
                return Err(rt.type_error(message));
            }
        },
        None => "r".to_string(),
    };
    if let Some(encoding) = argument(3, "encoding").filter(|e| !e.is_none()) {
        let name = as_str(encoding)
            .unwrap_or("")
            .to_ascii_lowercase()
            .replace('_', "-");
        if !matches!(name.as_str(), "utf-8" | "utf8" | "ascii" | "us-ascii") {
            let message = format!("encoding '{name}' is not supported yet (only UTF-8)");
            return Err(rt.not_implemented(message));
        }
    }
    let _ = host;
    crate::util::refuse_in_sandbox(rt, "open()")?;
    let mut reading = false;
    let mut writing = false;
    let mut appending = false;
    let mut creating = false;
    let mut plus = false;
    let mut binary = false;
    for c in mode.chars() {
        let repeated = match c {
            'r' => std::mem::replace(&mut reading, true),
            'w' => std::mem::replace(&mut writing, true),
            'a' => std::mem::replace(&mut appending, true),
            'x' => std::mem::replace(&mut creating, true),
            '+' => std::mem::replace(&mut plus, true),
            'b' => std::mem::replace(&mut binary, true),
            't' => false,
            _ => return Err(rt.value_error(format!("invalid mode: '{mode}'"))),
        };
        if repeated {
            return Err(rt.value_error(format!("invalid mode: '{mode}'")));
        }
    }
    let kinds = [reading, writing, appending, creating]
        .iter()
        .filter(|k| **k)
        .count();
    if kinds != 1 {
        return Err(rt.value_error("must have exactly one of create/read/write/append mode"));
    }
    if binary {
        return Err(
            rt.not_implemented("binary files (mode 'b') need bytes, which are not supported yet")
        );
    }
    let mut options = std::fs::OpenOptions::new();
    options
        .read(reading || plus)
        .write(writing || appending || creating || plus)
        .append(appending)
        .truncate(writing)
        .create(writing || appending)
        .create_new(creating);
    let handle = match options.open(&path) {
        Ok(f) => f,
        Err(error) => return Err(runtime::stdio::os_error_with_filename(rt, &error, &path)),
    };
    if handle.metadata().is_ok_and(|m| m.is_dir()) {
        let error = std::io::Error::from_raw_os_error(21);
        return Err(runtime::stdio::os_error_with_filename(rt, &error, &path));
    }
    let entry = OpenFile {
        file: handle,
        readable: reading || plus,
        writable: writing || appending || creating || plus,
        read_ahead: Vec::new(),
        write_buffer: Vec::new(),
    };
    let index = FILES.with(|files| {
        let mut files = files.borrow_mut();
        match files.iter().position(Option::is_none) {
            Some(free) => {
                files[free] = Some(entry);
                free
            }
            None => {
                files.push(Some(entry));
                files.len() - 1
            }
        }
    });
    let Some(sys_class) = runtime::objects::module::registered(rt, "_io")
        .and_then(|m| runtime::objects::module::get(rt, m, "TextIOWrapper"))
    else {
        return Err(rt.runtime_error("the _io module is not initialized"));
    };
    let object = runtime::protocol::call_class(rt, &mut runtime::NoHost, sys_class, &[], &[])?;
    set_instance_attribute(rt, object, "_handle", Value::small_int(index as i64))?;
    set_instance_attribute(rt, object, "name", file)?;
    let mode_text = rt.new_str(&mode);
    set_instance_attribute(rt, object, "mode", mode_text)?;
    let encoding = rt.new_str("UTF-8");
    set_instance_attribute(rt, object, "encoding", encoding)?;
    set_instance_attribute(rt, object, "closed", Value::FALSE)?;
    Ok(object)
}

/// Runs `f` on the open file behind `object`.
fn with_file<T>(
    rt: &mut Runtime,
    object: Value,
    f: impl FnOnce(&mut OpenFile) -> std::io::Result<T>,
) -> PyResult<T> {
    let handle = instance_attribute(rt, object, "_handle")
        .filter(|v| v.is_small_int())
        .map(|v| v.as_small_int() as usize);
    let result = FILES.with(|files| {
        let mut files = files.borrow_mut();
        handle
            .and_then(|h| files.get_mut(h))
            .and_then(Option::as_mut)
            .map(f)
    });
    match result {
        Some(Ok(value)) => Ok(value),
        Some(Err(error)) => Err(runtime::stdio::os_error(rt, &error)),
        None => Err(rt.value_error("I/O operation on closed file.")),
    }
}

fn check_readable(rt: &mut Runtime, object: Value) -> PyResult<()> {
    if !with_file(rt, object, |f| Ok(f.readable))? {
        return Err(crate::util::unsupported_operation(rt, "not readable"));
    }
    Ok(())
}

/// Decodes UTF-8 with universal newlines (`\r\n` and `\r` read as `\n`).
fn decode(rt: &mut Runtime, bytes: Vec<u8>) -> PyResult<String> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(error) => {
            let position = error.utf8_error().valid_up_to();
            let byte = error.as_bytes()[position];
            let message = format!(
                "'utf-8' codec can't decode byte 0x{byte:02x} in position {position}: invalid start byte"
            );
            let exception_type = rt
                .types
                .exception_named("UnicodeDecodeError")
                .unwrap_or(rt.types.value_error);
            return Err(rt.error(exception_type, message));
        }
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

fn file_read(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "read", args, kw, 1, 2)?;
    check_readable(rt, args[0])?;
    let limit = match args.get(1) {
        Some(v) if !v.is_none() => index_argument(rt, host, *v)?,
        _ => -1,
    };
    let bytes = with_file(rt, args[0], |f| {
        f.flush()?;
        if limit < 0 {
            let mut all = std::mem::take(&mut f.read_ahead);
            f.file.read_to_end(&mut all)?;
            return Ok(all);
        }
        // Read whole characters: at least `limit` bytes, extended to a
        // character boundary.
        let wanted = limit as usize;
        loop {
            let text = String::from_utf8_lossy(&f.read_ahead);
            if text.chars().count() >= wanted {
                break;
            }
            if !f.fill()? {
                break;
            }
        }
        let boundary = std::str::from_utf8(&f.read_ahead)
            .map(|t| t.char_indices().nth(wanted).map_or(t.len(), |(i, _)| i))
            .unwrap_or(f.read_ahead.len().min(wanted));
        let rest = f.read_ahead.split_off(boundary);
        Ok(std::mem::replace(&mut f.read_ahead, rest))
    })?;
    let text = decode(rt, bytes)?;
    Ok(rt.new_string(text))
}

/// The next line (with its newline), or "" at the end.
fn next_line(rt: &mut Runtime, object: Value) -> PyResult<String> {
    check_readable(rt, object)?;
    let bytes = with_file(rt, object, |f| {
        f.flush()?;
        loop {
            if let Some(end) = f.read_ahead.iter().position(|b| *b == b'\n' || *b == b'\r') {
                // A `\r` at the end of the buffer may start `\r\n`.
                if f.read_ahead[end] == b'\r' && end + 1 == f.read_ahead.len() && f.fill()? {
                    continue;
                }
                let mut stop = end + 1;
                if f.read_ahead[end] == b'\r' && f.read_ahead.get(end + 1) == Some(&b'\n') {
                    stop += 1;
                }
                let rest = f.read_ahead.split_off(stop);
                return Ok(std::mem::replace(&mut f.read_ahead, rest));
            }
            if !f.fill()? {
                return Ok(std::mem::take(&mut f.read_ahead));
            }
        }
    })?;
    decode(rt, bytes)
}

fn file_readline(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "readline", args, kw, 1, 2)?;
    let line = next_line(rt, args[0])?;
    Ok(rt.new_string(line))
}

fn file_readlines(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "readlines", args, kw, 1, 2)?;
    let mut lines = Vec::new();
    loop {
        let line = next_line(rt, args[0])?;
        if line.is_empty() {
            break;
        }
        lines.push(rt.new_string(line));
    }
    Ok(rt.new_list(lines))
}

fn file_next(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "__next__", args, kw, 1, 1)?;
    let line = next_line(rt, args[0])?;
    if line.is_empty() {
        return Err(rt.stop_iteration());
    }
    Ok(rt.new_string(line))
}

fn write_text(rt: &mut Runtime, object: Value, text: &str) -> PyResult<()> {
    if !with_file(rt, object, |f| Ok(f.writable))? {
        return Err(crate::util::unsupported_operation(rt, "not writable"));
    }
    with_file(rt, object, |f| {
        f.forget_read_ahead()?;
        f.write_buffer.extend_from_slice(text.as_bytes());
        if f.write_buffer.len() >= CHUNK {
            f.flush()?;
        }
        Ok(())
    })
}

fn file_write(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "write", args, kw, 2, 2)?;
    let Some(text) = as_str(args[1]) else {
        let message = format!(
            "write() argument must be str, not {}",
            rt.type_name(args[1])
        );
        return Err(rt.type_error(message));
    };
    write_text(rt, args[0], text)?;
    Ok(rt.new_int(text.chars().count() as i64))
}

fn file_writelines(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "writelines", args, kw, 2, 2)?;
    for line in runtime::ops::iterate(rt, host, args[1])? {
        let Some(text) = as_str(line) else {
            let message = format!("write() argument must be str, not {}", rt.type_name(line));
            return Err(rt.type_error(message));
        };
        write_text(rt, args[0], text)?;
    }
    Ok(Value::NONE)
}

fn file_seek(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "seek", args, kw, 2, 3)?;
    let offset = index_argument(rt, host, args[1])?;
    let whence = match args.get(2) {
        Some(v) => index_argument(rt, host, *v)?,
        None => 0,
    };
    let target = match (whence, offset) {
        (0, o) if o >= 0 => SeekFrom::Start(o as u64),
        (0, o) => return Err(rt.value_error(format!("negative seek position {o}"))),
        (1, 0) => SeekFrom::Current(0),
        (2, 0) => SeekFrom::End(0),
        (1 | 2, _) => {
            return Err(crate::util::unsupported_operation(
                rt,
                "can't do nonzero cur-relative seeks",
            ));
        }
        _ => return Err(rt.value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))),
    };
    let position = with_file(rt, args[0], |f| {
        f.flush()?;
        f.forget_read_ahead()?;
        f.file.seek(target)
    })?;
    Ok(rt.new_int(position as i64))
}

fn file_tell(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "tell", args, kw, 1, 1)?;
    let position = with_file(rt, args[0], |f| {
        f.flush()?;
        let now = f.file.stream_position()?;
        Ok(now - f.read_ahead.len() as u64)
    })?;
    Ok(rt.new_int(position as i64))
}

fn file_flush(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "flush", args, kw, 1, 1)?;
    with_file(rt, args[0], |f| f.flush())?;
    Ok(Value::NONE)
}

fn file_close(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "close", args, kw, 1, 1)?;
    let handle = instance_attribute(rt, args[0], "_handle")
        .filter(|v| v.is_small_int())
        .map(|v| v.as_small_int() as usize);
    let closed = FILES.with(|files| {
        let mut files = files.borrow_mut();
        handle.and_then(|h| files.get_mut(h)).and_then(Option::take)
    });
    if let Some(mut file) = closed
        && let Err(error) = file.flush()
    {
        return Err(runtime::stdio::os_error(rt, &error));
    }
    set_instance_attribute(rt, args[0], "_handle", Value::NONE)?;
    set_instance_attribute(rt, args[0], "closed", Value::TRUE)?;
    Ok(Value::NONE)
}

fn file_fileno(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    use std::os::fd::AsRawFd;
    let args = positional(rt, "fileno", args, kw, 1, 1)?;
    let fd = with_file(rt, args[0], |f| Ok(f.file.as_raw_fd()))?;
    Ok(rt.new_int(fd as i64))
}

fn file_readable(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "readable", args, kw, 1, 1)?;
    let readable = with_file(rt, args[0], |f| Ok(f.readable))?;
    Ok(Value::bool(readable))
}

fn file_writable(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "writable", args, kw, 1, 1)?;
    let writable = with_file(rt, args[0], |f| Ok(f.writable))?;
    Ok(Value::bool(writable))
}

fn file_enter(
    rt: &mut Runtime,
    _host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "__enter__", args, kw, 1, 1)?;
    with_file(rt, args[0], |_| Ok(()))?;
    Ok(args[0])
}

fn file_exit(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let receiver = args.first().copied().unwrap_or(Value::NONE);
    file_close(rt, host, &[receiver], kw)?;
    Ok(Value::FALSE)
}

fn file_repr(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "__repr__", args, kw, 1, 1)?;
    let name = instance_attribute(rt, args[0], "name").unwrap_or(Value::NONE);
    let name = runtime::protocol::repr(rt, host, name)?;
    let mode = instance_attribute(rt, args[0], "mode")
        .and_then(as_str)
        .unwrap_or("r")
        .to_string();
    Ok(rt.new_string(format!(
        "<_io.TextIOWrapper name={name} mode='{mode}' encoding='UTF-8'>"
    )))
}
