//! The standard library: native modules written in Rust (one file per
//! module) and modules written in Python (`lib/`, embedded in the binary at
//! build time, so a fresh build needs no install path).
//!
//! This crate owns *what* each library module contains. Finding a module
//! by name, running its code and caching it in `sys.modules` is the import
//! system's job (`vm::import`), which asks this crate through
//! [`native_module`] and [`library_file`].
//!
//! It must never know about frames or the dispatch loop: library code
//! calls back into Python only through `runtime::Host`.

pub mod array;
pub mod copperhead;
pub mod gc;
pub mod io;
pub mod json;
pub mod math;
pub mod os;
pub mod random;
pub mod regex;
pub mod sys;
pub mod time;
mod util;

use runtime::object::NativeFn;
use runtime::{PyResult, Runtime, Value};

/// A module implemented in Rust: its functions, plus an initializer for
/// its other attributes (constants, objects).
pub struct NativeModule {
    pub name: &'static str,
    pub functions: &'static [(&'static str, NativeFn)],
    /// Sets the module's remaining attributes (given the module value).
    pub init: Option<fn(&mut Runtime, Value) -> PyResult<()>>,
}

/// Every native module, by import name (the one table of them).
pub static NATIVE_MODULES: &[&NativeModule] = &[
    &array::MODULE,
    &copperhead::MODULE,
    &gc::MODULE,
    &io::MODULE,
    &json::MODULE,
    &math::MODULE,
    &os::MODULE,
    &random::MODULE,
    &regex::MODULE,
    &sys::MODULE,
    &time::MODULE,
];

/// The native module importable as `name`.
pub fn native_module(name: &str) -> Option<&'static NativeModule> {
    NATIVE_MODULES.iter().copied().find(|m| m.name == name)
}

/// Creates the module object of a native module: its functions, then its
/// initializer. The caller registers it in `sys.modules`.
pub fn instantiate(rt: &mut Runtime, definition: &NativeModule) -> PyResult<Value> {
    let module = runtime::objects::module::new_module(rt, definition.name);
    for (name, function) in definition.functions {
        let value = rt.new_native(name, *function);
        runtime::objects::module::set(rt, module, name, value);
    }
    if let Some(init) = definition.init {
        init(rt, module)?;
    }
    Ok(module)
}

/// Makes the built-ins that live in library modules available without an
/// import (`open`, from `_io`), registering those modules in `sys.modules`.
pub fn install_builtins(rt: &mut Runtime) -> PyResult<()> {
    let io = instantiate(rt, &io::MODULE)?;
    runtime::objects::module::register(rt, io::MODULE.name, io);
    if let Some(open) = runtime::objects::module::get(rt, io, "open") {
        let builtins = rt.builtins;
        runtime::objects::module::dict_set(rt, builtins, "open", open);
    }
    Ok(())
}

/// Work left for the end of the process: buffered file output.
pub fn at_exit() {
    io::flush_all();
}

/// The prefix of library paths: `sys.path` holds it as the last entry, and
/// library modules' `__file__` start with it (`<stdlib>/random.py`).
pub const LIBRARY_ROOT: &str = "<stdlib>";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/library.rs"));
}

/// A library file: its source, and its code compiled at build time
/// (`bytecode::serial` format).
#[derive(Clone, Copy)]
pub struct LibraryFile {
    pub source: &'static str,
    pub compiled: &'static [u8],
}

/// The library file at `path` (relative to `lib/`, such as
/// `collections/__init__.py`).
pub fn library_file(path: &str) -> Option<LibraryFile> {
    embedded::FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, source, compiled)| LibraryFile { source, compiled })
}

/// Every library file: (path relative to `lib/`, source, compiled code).
pub fn library_files() -> &'static [(&'static str, &'static str, &'static [u8])] {
    embedded::FILES
}

/// The top-level module names of CPython 3.11's standard library
/// (`sys.stdlib_module_names`): importing one that Copperhead lacks says it
/// is not supported yet rather than only "No module named".
pub static CPYTHON_MODULE_NAMES: &[&str] = &[
    "__future__",
    "_abc",
    "_aix_support",
    "_ast",
    "_asyncio",
    "_bisect",
    "_blake2",
    "_bootsubprocess",
    "_bz2",
    "_codecs",
    "_codecs_cn",
    "_codecs_hk",
    "_codecs_iso2022",
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "_collections",
    "_collections_abc",
    "_compat_pickle",
    "_compression",
    "_contextvars",
    "_crypt",
    "_csv",
    "_ctypes",
    "_curses",
    "_curses_panel",
    "_datetime",
    "_dbm",
    "_decimal",
    "_elementtree",
    "_frozen_importlib",
    "_frozen_importlib_external",
    "_functools",
    "_gdbm",
    "_hashlib",
    "_heapq",
    "_imp",
    "_io",
    "_json",
    "_locale",
    "_lsprof",
    "_lzma",
    "_markupbase",
    "_md5",
    "_msi",
    "_multibytecodec",
    "_multiprocessing",
    "_opcode",
    "_operator",
    "_osx_support",
    "_overlapped",
    "_pickle",
    "_posixshmem",
    "_posixsubprocess",
    "_py_abc",
    "_pydecimal",
    "_pyio",
    "_queue",
    "_random",
    "_scproxy",
    "_sha1",
    "_sha256",
    "_sha3",
    "_sha512",
    "_signal",
    "_sitebuiltins",
    "_socket",
    "_sqlite3",
    "_sre",
    "_ssl",
    "_stat",
    "_statistics",
    "_string",
    "_strptime",
    "_struct",
    "_symtable",
    "_thread",
    "_threading_local",
    "_tkinter",
    "_tokenize",
    "_tracemalloc",
    "_typing",
    "_uuid",
    "_warnings",
    "_weakref",
    "_weakrefset",
    "_winapi",
    "_zoneinfo",
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

/// Whether `name` is a standard module in CPython 3.11.
pub fn is_cpython_module(name: &str) -> bool {
    CPYTHON_MODULE_NAMES.binary_search(&name).is_ok()
}
