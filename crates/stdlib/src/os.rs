//! The `_os` module: the operating-system calls under `os` (working
//! directory, directory listings, `stat`, the environment, process id),
//! with CPython's `OSError` subclasses and messages. `lib/os/__init__.py`
//! builds the public `os` module on top.

use std::os::unix::fs::MetadataExt;

use runtime::{Dict, Host, PyResult, Runtime, Value, as_str};

use crate::NativeModule;
use crate::util::{native_class, positional, set_instance_attribute};

pub static MODULE: NativeModule = NativeModule {
    name: "_os",
    functions: &[
        ("getcwd", getcwd),
        ("chdir", chdir),
        ("listdir", listdir),
        ("stat", stat),
        ("lstat", lstat),
        ("mkdir", mkdir),
        ("rmdir", rmdir),
        ("remove", remove),
        ("rename", rename),
        ("getpid", getpid),
        ("cpu_count", cpu_count),
        ("putenv", putenv),
        ("unsetenv", unsetenv),
        ("realpath", realpath),
        ("access", access),
    ],
    init: Some(init),
};

fn init(rt: &mut Runtime, module: Value) -> PyResult<()> {
    let mut environment = Dict::new();
    for (key, value) in std::env::vars_os() {
        let (Some(key), Some(value)) = (key.to_str(), value.to_str()) else {
            continue;
        };
        let key = rt.new_str(key);
        let value = rt.new_str(value);
        let key = rt.key(key)?;
        environment.insert(key, value);
    }
    let environment = rt.new_dict(environment);
    runtime::objects::module::set(rt, module, "environ", environment);
    let class = native_class(rt, "os", "stat_result", &[])?;
    runtime::objects::module::set(rt, module, "stat_result", class);
    Ok(())
}

fn path_argument(rt: &mut Runtime, value: Value, function: &str) -> PyResult<String> {
    match as_str(value) {
        Some(s) => Ok(s.to_string()),
        None => {
            let message = format!(
                "{function}: path should be string, bytes or os.PathLike, not {}",
                rt.type_name(value)
            );
            Err(rt.type_error(message))
        }
    }
}

fn getcwd(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional(rt, "getcwd", args, kw, 0, 0)?;
    match std::env::current_dir() {
        Ok(path) => Ok(rt.new_string(path.to_string_lossy().into_owned())),
        Err(error) => Err(runtime::stdio::os_error(rt, &error)),
    }
}

fn chdir(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::util::refuse_in_sandbox(rt, "os.chdir()")?;
    let args = positional(rt, "chdir", args, kw, 1, 1)?;
    let path = path_argument(rt, args[0], "chdir")?;
    std::env::set_current_dir(&path)
        .map_err(|e| runtime::stdio::os_error_with_filename(rt, &e, &path))?;
    Ok(Value::NONE)
}

fn listdir(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "listdir", args, kw, 0, 1)?;
    let path = match args.first() {
        Some(v) if !v.is_none() => path_argument(rt, *v, "listdir")?,
        _ => ".".to_string(),
    };
    let entries = std::fs::read_dir(&path)
        .map_err(|e| runtime::stdio::os_error_with_filename(rt, &e, &path))?;
    let mut names = Vec::new();
    for entry in entries.flatten() {
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    let values = names.iter().map(|n| rt.new_str(n)).collect();
    Ok(rt.new_list(values))
}

fn stat_of(rt: &mut Runtime, args: &[Value], kw: &[Value], follow: bool) -> PyResult<Value> {
    let function = if follow { "stat" } else { "lstat" };
    let args = positional(rt, function, args, kw, 1, 1)?;
    let path = path_argument(rt, args[0], function)?;
    let metadata = if follow {
        std::fs::metadata(&path)
    } else {
        std::fs::symlink_metadata(&path)
    }
    .map_err(|e| runtime::stdio::os_error_with_filename(rt, &e, &path))?;
    let Some(os) = runtime::objects::module::registered(rt, "_os") else {
        return Err(rt.runtime_error("the _os module is not initialized"));
    };
    let Some(class) = runtime::objects::module::get(rt, os, "stat_result") else {
        return Err(rt.runtime_error("the _os module is not initialized"));
    };
    let result = runtime::protocol::call_class(rt, &mut runtime::NoHost, class, &[], &[])?;
    let integers = [
        ("st_mode", metadata.mode() as i64),
        ("st_ino", metadata.ino() as i64),
        ("st_dev", metadata.dev() as i64),
        ("st_nlink", metadata.nlink() as i64),
        ("st_uid", metadata.uid() as i64),
        ("st_gid", metadata.gid() as i64),
        ("st_size", metadata.size() as i64),
    ];
    for (name, value) in integers {
        let value = rt.new_int(value);
        set_instance_attribute(rt, result, name, value)?;
    }
    let times = [
        ("st_atime", metadata.atime(), metadata.atime_nsec()),
        ("st_mtime", metadata.mtime(), metadata.mtime_nsec()),
        ("st_ctime", metadata.ctime(), metadata.ctime_nsec()),
    ];
    for (name, seconds, nanoseconds) in times {
        let value = Value::float(seconds as f64 + nanoseconds as f64 * 1e-9);
        set_instance_attribute(rt, result, name, value)?;
        let ns = rt.new_int(seconds * 1_000_000_000 + nanoseconds);
        set_instance_attribute(rt, result, &format!("{name}_ns"), ns)?;
    }
    Ok(result)
}

fn stat(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_of(rt, args, kw, true)
}

fn lstat(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_of(rt, args, kw, false)
}

fn one_path_call(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    function: &str,
    call: fn(&str) -> std::io::Result<()>,
) -> PyResult<Value> {
    let args = positional(rt, function, args, kw, 1, 2)?;
    let path = path_argument(rt, args[0], function)?;
    call(&path).map_err(|e| runtime::stdio::os_error_with_filename(rt, &e, &path))?;
    Ok(Value::NONE)
}

fn mkdir(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::util::refuse_in_sandbox(rt, "os.mkdir()")?;
    one_path_call(rt, args, kw, "mkdir", |p| std::fs::create_dir(p))
}

fn rmdir(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::util::refuse_in_sandbox(rt, "os.rmdir()")?;
    one_path_call(rt, args, kw, "rmdir", |p| std::fs::remove_dir(p))
}

fn remove(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::util::refuse_in_sandbox(rt, "os.remove()")?;
    one_path_call(rt, args, kw, "remove", |p| std::fs::remove_file(p))
}

fn rename(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::util::refuse_in_sandbox(rt, "os.rename()")?;
    let args = positional(rt, "rename", args, kw, 2, 2)?;
    let from = path_argument(rt, args[0], "rename")?;
    let to = path_argument(rt, args[1], "rename")?;
    std::fs::rename(&from, &to)
        .map_err(|e| runtime::stdio::os_error_with_filename(rt, &e, &from))?;
    Ok(Value::NONE)
}

fn getpid(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional(rt, "getpid", args, kw, 0, 0)?;
    Ok(rt.new_int(std::process::id() as i64))
}

fn cpu_count(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional(rt, "cpu_count", args, kw, 0, 0)?;
    Ok(match std::thread::available_parallelism() {
        Ok(n) => rt.new_int(n.get() as i64),
        Err(_) => Value::NONE,
    })
}

fn putenv(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::util::refuse_in_sandbox(rt, "os.putenv()")?;
    let args = positional(rt, "putenv", args, kw, 2, 2)?;
    let (Some(key), Some(value)) = (as_str(args[0]), as_str(args[1])) else {
        return Err(rt.type_error("str expected"));
    };
    if key.is_empty() || key.contains('=') || key.contains('\0') || value.contains('\0') {
        return Err(rt.value_error("illegal environment variable name"));
    }
    // SAFETY: Copperhead runs Python code on one thread; no other thread
    // reads the environment concurrently.
    unsafe { std::env::set_var(key, value) };
    Ok(Value::NONE)
}

fn unsetenv(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::util::refuse_in_sandbox(rt, "os.unsetenv()")?;
    let args = positional(rt, "unsetenv", args, kw, 1, 1)?;
    let Some(key) = as_str(args[0]) else {
        return Err(rt.type_error("str expected"));
    };
    if key.is_empty() || key.contains('=') || key.contains('\0') {
        return Err(rt.value_error("illegal environment variable name"));
    }
    // SAFETY: as for `putenv`.
    unsafe { std::env::remove_var(key) };
    Ok(Value::NONE)
}

/// The canonical path, following every symbolic link (the path itself
/// when it does not exist, as `os.path.realpath` with `strict=False`
/// does for the missing part).
fn realpath(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "realpath", args, kw, 1, 1)?;
    let path = path_argument(rt, args[0], "realpath")?;
    Ok(match std::fs::canonicalize(&path) {
        Ok(real) => rt.new_string(real.to_string_lossy().into_owned()),
        Err(_) => Value::NONE,
    })
}

fn access(rt: &mut Runtime, _h: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "access", args, kw, 2, 2)?;
    let path = path_argument(rt, args[0], "access")?;
    Ok(Value::bool(std::path::Path::new(&path).exists()))
}
