//! The import system: `import a.b.c`, `from m import x`, relative imports,
//! packages, `sys.modules` caching and circular imports, with CPython's
//! `__import__` semantics and error messages.
//!
//! A module is found, in order, among the native modules (`stdlib`'s
//! Rust modules, like CPython's built-in importer), then along `sys.path`:
//! the script's directory, `COPPERHEAD_PATH` entries, then the built-in
//! library (the `<stdlib>` entry, whose files are embedded in the binary).
//! A directory entry holds `name.py` or a package `name/__init__.py`.
//!
//! A module is registered in `sys.modules` before its code runs, so a
//! circular import sees the partially initialized module, as in CPython;
//! a module whose code fails is removed again.

use std::rc::Rc;

use runtime::objects::module;
use runtime::{NoHost, Object, PyErr, PyResult, Runtime, Value, as_str};

use crate::Interpreter;

/// Where a module's code comes from.
enum Location {
    Native(&'static stdlib::NativeModule),
    Source {
        /// `__file__`.
        path: String,
        text: Rc<str>,
        /// For a package, its directory (`__path__[0]`).
        package_directory: Option<String>,
        /// Code compiled at build time (library files).
        compiled: Option<&'static [u8]>,
    },
}

/// Remembers `text` as the source of `filename` (for tracebacks).
pub fn remember_source(filename: &str, text: &str) {
    runtime::sources::remember(filename, text);
}

/// The source text of a file run earlier, if any.
pub fn source_of(filename: &str) -> Option<Rc<str>> {
    runtime::sources::text_of(filename)
}

/// The strings of a tuple or list value (the `fromlist`, `__all__`).
fn string_items(rt: &mut Runtime, value: Value, what: &str) -> PyResult<Vec<String>> {
    let items: Vec<Value> = match value.object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => items.to_vec(),
        Some(Object::List(items)) => items.borrow().clone(),
        _ if value.is_none() || value.is_null() => Vec::new(),
        _ => runtime::ops::iterate(rt, &mut NoHost, value)?,
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match as_str(item) {
            Some(s) => out.push(s.to_string()),
            None => {
                let message = format!("Item in {what} must be str, not {}", rt.type_name(item));
                return Err(rt.type_error(message));
            }
        }
    }
    Ok(out)
}

/// An exception of the built-in type named `type_name` with `message`
/// and the given attributes (`name`, `path`).
fn import_error(
    rt: &mut Runtime,
    type_name: &str,
    message: String,
    attributes: &[(&str, Value)],
) -> PyErr {
    let exception_type = rt
        .types
        .exception_named(type_name)
        .unwrap_or(rt.types.import_error);
    let error = rt.error(exception_type, message);
    for (name, value) in attributes {
        let key = rt.intern(name);
        let _ = runtime::protocol::set_attribute(rt, &mut NoHost, error.0, key, Some(*value));
    }
    error
}

/// `ModuleNotFoundError: No module named 'x'`, with a note when `x` is a
/// standard module Copperhead does not have yet.
fn module_not_found(rt: &mut Runtime, name: &str) -> PyErr {
    let top = name.split('.').next().unwrap_or(name);
    let message = if stdlib::is_cpython_module(top) {
        format!(
            "No module named '{name}' (this standard library module is not supported by Copperhead yet)"
        )
    } else {
        format!("No module named '{name}'")
    };
    let name_value = rt.new_str(name);
    import_error(rt, "ModuleNotFoundError", message, &[("name", name_value)])
}

/// The absolute name a relative import refers to, from the importing
/// module's `__package__` (or `__name__`), as CPython's
/// `_calc___package__` and `_resolve_name` do.
fn resolve_name(rt: &mut Runtime, name: &str, globals: Value, level: u32) -> PyResult<String> {
    let package = match module::dict_get(rt, globals, "__package__") {
        Some(p) if !p.is_none() => match as_str(p) {
            Some(s) => s.to_string(),
            None => return Err(rt.type_error("package must be a string")),
        },
        _ => {
            let module_name = module::dict_get(rt, globals, "__name__")
                .and_then(as_str)
                .unwrap_or("")
                .to_string();
            if module::dict_get(rt, globals, "__path__").is_some() {
                module_name
            } else {
                module_name
                    .rsplit_once('.')
                    .map_or(String::new(), |(parent, _)| parent.to_string())
            }
        }
    };
    if package.is_empty() {
        return Err(import_error(
            rt,
            "ImportError",
            "attempted relative import with no known parent package".into(),
            &[],
        ));
    }
    let parts: Vec<&str> = package.rsplitn(level as usize, '.').collect();
    if parts.len() < level as usize {
        return Err(import_error(
            rt,
            "ImportError",
            "attempted relative import beyond top-level package".into(),
            &[],
        ));
    }
    let base = parts[parts.len() - 1];
    Ok(if name.is_empty() {
        base.to_string()
    } else {
        format!("{base}.{name}")
    })
}

/// Looks for module `child` in each directory of `search` (a `sys.path`
/// or a package's `__path__`).
fn find_in(search: &[String], child: &str) -> Option<Location> {
    for entry in search {
        if let Some(rest) = entry.strip_prefix(stdlib::LIBRARY_ROOT) {
            let relative = rest.trim_start_matches('/');
            let prefix = if relative.is_empty() {
                String::new()
            } else {
                format!("{relative}/")
            };
            let package = format!("{prefix}{child}/__init__.py");
            if let Some(file) = stdlib::library_file(&package) {
                return Some(Location::Source {
                    path: format!("{}/{package}", stdlib::LIBRARY_ROOT),
                    text: file.source.into(),
                    package_directory: Some(format!("{}/{prefix}{child}", stdlib::LIBRARY_ROOT)),
                    compiled: Some(file.compiled),
                });
            }
            let plain = format!("{prefix}{child}.py");
            if let Some(file) = stdlib::library_file(&plain) {
                return Some(Location::Source {
                    path: format!("{}/{plain}", stdlib::LIBRARY_ROOT),
                    text: file.source.into(),
                    package_directory: None,
                    compiled: Some(file.compiled),
                });
            }
            continue;
        }
        let directory = if entry.is_empty() {
            match std::env::current_dir() {
                Ok(cwd) => cwd.to_string_lossy().into_owned(),
                Err(_) => continue,
            }
        } else {
            entry.clone()
        };
        let package_directory = format!("{directory}/{child}");
        let init = format!("{package_directory}/__init__.py");
        if std::path::Path::new(&init).is_file()
            && let Ok(text) = std::fs::read_to_string(&init)
        {
            return Some(Location::Source {
                path: init,
                text: text.into(),
                package_directory: Some(package_directory),
                compiled: None,
            });
        }
        let plain = format!("{directory}/{child}.py");
        if std::path::Path::new(&plain).is_file()
            && let Ok(text) = std::fs::read_to_string(&plain)
        {
            return Some(Location::Source {
                path: plain,
                text: text.into(),
                package_directory: None,
                compiled: None,
            });
        }
    }
    None
}

/// How the process compiles modules (`-O`, `-OO`).
pub fn compile_options(rt: &Runtime) -> frontend::CompileOptions {
    frontend::CompileOptions {
        optimize: rt.flags.optimize,
        interactive: false,
    }
}

/// A module found for `-m`: its file, source and package.
pub struct MainModule {
    pub path: String,
    pub text: Rc<str>,
    /// `__package__`: the parent package's name (`''` at the top level).
    pub package: String,
}

/// The exception's `Type: message`, as `-m` shows an import failure.
fn describe(rt: &mut Runtime, error: PyErr) -> String {
    let class = rt.type_of(error.0);
    let type_name = runtime::repr::class_path(rt, class);
    let message = runtime::protocol::to_str(rt, &mut NoHost, error.0).unwrap_or_default();
    format!("{type_name}: {message}")
}

/// The Python exception for a compile error in an imported file.
pub fn compile_error_exception(rt: &mut Runtime, error: &frontend::CompileError) -> PyErr {
    let type_name = error.exception_name();
    let exception_type = rt
        .types
        .exception_named(type_name)
        .unwrap_or(rt.types.syntax_error);
    rt.error(exception_type, &error.message)
}

impl Interpreter {
    /// `__import__(name, globals, None, fromlist, level)`.
    pub fn import_module(
        &mut self,
        rt: &mut Runtime,
        name: &str,
        globals: Value,
        fromlist: Value,
        level: u32,
    ) -> PyResult<Value> {
        // Everything needed after module code runs is copied out first:
        // the collector may run meanwhile, and only rooted values survive.
        let fromlist = string_items(rt, fromlist, "``from list''")?;
        let absolute = if level > 0 {
            resolve_name(rt, name, globals, level)?
        } else {
            name.to_string()
        };
        if absolute.is_empty() {
            return Err(rt.value_error("Empty module name"));
        }
        let module = self.import_absolute(rt, &absolute)?;
        if fromlist.is_empty() {
            if level == 0 || !name.is_empty() {
                // `import a.b.c` binds the top-level package `a`.
                let first = name.split('.').next().unwrap_or(name);
                let cut = name.len() - first.len();
                let top = &absolute[..absolute.len() - cut];
                return Ok(module::registered(rt, top).unwrap_or(module));
            }
            return Ok(module);
        }
        if module::get(rt, module, "__path__").is_some() {
            self.import_fromlist(rt, module, &absolute, &fromlist, false)?;
        }
        Ok(module)
    }

    /// Imports the submodules a `from package import a, b` names that are
    /// not attributes of the package yet.
    fn import_fromlist(
        &mut self,
        rt: &mut Runtime,
        module: Value,
        absolute: &str,
        fromlist: &[String],
        from_all: bool,
    ) -> PyResult<()> {
        for item in fromlist {
            if item == "*" {
                if !from_all && let Some(all) = module::get(rt, module, "__all__") {
                    let what = format!("{absolute}.__all__");
                    let names = string_items(rt, all, &what)?;
                    self.import_fromlist(rt, module, absolute, &names, true)?;
                }
                continue;
            }
            if module::get(rt, module, item).is_some() {
                continue;
            }
            let submodule = format!("{absolute}.{item}");
            if let Err(error) = self.import_absolute(rt, &submodule) {
                let not_found = rt.error_matches(error, rt.types.module_not_found_error);
                let name_key = rt.intern("name");
                let missing_name =
                    runtime::protocol::get_attribute(rt, &mut NoHost, error.0, name_key)
                        .ok()
                        .and_then(as_str);
                if !(not_found && missing_name == Some(submodule.as_str())) {
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    /// Finds the module `-m name` runs, as CPython's `runpy` does: its
    /// parent packages are imported (their code runs), a package runs its
    /// `__main__` submodule, the module itself is not imported. The error
    /// is CPython's message, to be printed after the program's name.
    pub fn find_main_module(&mut self, rt: &mut Runtime, name: &str) -> Result<MainModule, String> {
        let mut name = name.to_string();
        let mut package_of = None;
        loop {
            if name.is_empty() || name.starts_with('.') {
                return Err("Relative module names not supported".to_string());
            }
            let (parent, child) = match name.rsplit_once('.') {
                Some((parent, child)) => (Some(parent.to_string()), child.to_string()),
                None => (None, name.clone()),
            };
            let search: Vec<String> = match &parent {
                Some(parent) => {
                    let parent_module = self.import_absolute(rt, parent).map_err(|error| {
                        let what = describe(rt, error);
                        format!("Error while finding module specification for '{name}' ({what})")
                    })?;
                    match module::get(rt, parent_module, "__path__") {
                        Some(path) => {
                            string_items(rt, path, "__path__").map_err(|e| describe(rt, e))?
                        }
                        None => {
                            return Err(format!(
                                "Error while finding module specification for '{name}' (ModuleNotFoundError: __path__ attribute not found on '{parent}' while trying to find '{name}')"
                            ));
                        }
                    }
                }
                None => {
                    if stdlib::native_module(&name).is_some() {
                        return Err(format!("No code object available for {name}"));
                    }
                    string_items(rt, rt.module_path, "sys.path").map_err(|e| describe(rt, e))?
                }
            };
            let Some(location) = find_in(&search, &child) else {
                return Err(match package_of {
                    Some(package) => format!(
                        "No module named {name}; '{package}' is a package and cannot be directly executed"
                    ),
                    None => format!("No module named {name}"),
                });
            };
            match location {
                Location::Source {
                    package_directory: Some(_),
                    ..
                } => {
                    if package_of.is_some() {
                        return Err("Cannot use package as __main__ module".to_string());
                    }
                    self.import_absolute(rt, &name).map_err(|error| {
                        let what = describe(rt, error);
                        format!("Error while finding module specification for '{name}.__main__' ({what})")
                    })?;
                    package_of = Some(name.clone());
                    name = format!("{name}.__main__");
                }
                Location::Source { path, text, .. } => {
                    return Ok(MainModule {
                        path,
                        text,
                        package: parent.unwrap_or_default(),
                    });
                }
                Location::Native(_) => return Err(format!("No code object available for {name}")),
            }
        }
    }

    /// Imports a module by its absolute dotted name (and its parents).
    pub fn import_absolute(&mut self, rt: &mut Runtime, name: &str) -> PyResult<Value> {
        if let Some(found) = module::registered(rt, name) {
            if found.is_none() {
                let message = format!("import of {name} halted; None in sys.modules");
                let name_value = rt.new_str(name);
                return Err(import_error(
                    rt,
                    "ModuleNotFoundError",
                    message,
                    &[("name", name_value)],
                ));
            }
            return Ok(found);
        }
        let (parent, child) = match name.rsplit_once('.') {
            Some((parent, child)) => (Some(parent), child),
            None => (None, name),
        };
        let search: Vec<String> = match parent {
            Some(parent) => {
                let parent_module = self.import_absolute(rt, parent)?;
                // The parent's code may have imported this module.
                if let Some(found) = module::registered(rt, name) {
                    return Ok(found);
                }
                match module::get(rt, parent_module, "__path__") {
                    Some(path) => string_items(rt, path, "__path__")?,
                    None => {
                        let message =
                            format!("No module named '{name}'; '{parent}' is not a package");
                        let name_value = rt.new_str(name);
                        return Err(import_error(
                            rt,
                            "ModuleNotFoundError",
                            message,
                            &[("name", name_value)],
                        ));
                    }
                }
            }
            None => {
                if let Some(native) = stdlib::native_module(name) {
                    return self.load(rt, name, Location::Native(native));
                }
                string_items(rt, rt.module_path, "sys.path")?
            }
        };
        let Some(location) = find_in(&search, child) else {
            return Err(module_not_found(rt, name));
        };
        let loaded = self.load(rt, name, location)?;
        if let Some(parent) = parent
            && let Some(parent_module) = module::registered(rt, parent)
        {
            module::set(rt, parent_module, child, loaded);
        }
        Ok(loaded)
    }

    /// Creates, registers and runs a module found at `location`.
    fn load(&mut self, rt: &mut Runtime, name: &str, location: Location) -> PyResult<Value> {
        let (path, text, package_directory, compiled) = match location {
            Location::Native(definition) => {
                let module = stdlib::instantiate(rt, definition)?;
                module::register(rt, name, module);
                return Ok(module);
            }
            Location::Source {
                path,
                text,
                package_directory,
                compiled,
            } => (path, text, package_directory, compiled),
        };
        let module = module::new_module(rt, name);
        let file = rt.new_str(&path);
        module::set(rt, module, "__file__", file);
        let package = match &package_directory {
            Some(_) => name.to_string(),
            None => name
                .rsplit_once('.')
                .map_or(String::new(), |(parent, _)| parent.to_string()),
        };
        let package = rt.new_str(&package);
        module::set(rt, module, "__package__", package);
        if let Some(directory) = &package_directory {
            let entry = rt.new_str(directory);
            let path_list = rt.new_list(vec![entry]);
            module::set(rt, module, "__path__", path_list);
        }
        module::register(rt, name, module);
        // Library files come compiled; anything else (or a compiled form
        // this build cannot read, or the library under `-O`, which was
        // compiled without it) is compiled from source now.
        let precompiled = compiled
            .filter(|_| rt.flags.optimize == 0)
            .and_then(bytecode::serial::from_bytes);
        let code = match precompiled {
            Some(code) => code,
            None => match frontend::compile_with_options(&text, &path, compile_options(rt)) {
                Ok(code) => code,
                Err(error) => {
                    module::unregister(rt, name);
                    return Err(compile_error_exception(rt, &error));
                }
            },
        };
        remember_source(&path, &text);
        let code = crate::load_code(rt, Rc::new(code));
        let Some(globals) = module::module_dict(module) else {
            return Err(rt.type_error("not a module"));
        };
        rt.initializing_modules.push(module);
        let result = self.run_module(rt, code, globals);
        rt.initializing_modules.retain(|m| *m != module);
        if let Err(error) = result {
            module::unregister(rt, name);
            return Err(error);
        }
        // A module may replace itself in `sys.modules`.
        Ok(module::registered(rt, name).unwrap_or(module))
    }

    /// `from module import name` (`IMPORT_FROM`): the attribute, else the
    /// submodule `module.name` from `sys.modules`, else CPython's
    /// `ImportError`.
    pub fn import_from(&mut self, rt: &mut Runtime, module: Value, name: Value) -> PyResult<Value> {
        match runtime::protocol::get_attribute(rt, self, module, name) {
            Ok(value) => return Ok(value),
            Err(error) if !rt.error_matches(error, rt.types.attribute_error) => {
                return Err(error);
            }
            Err(_) => {}
        }
        let attribute = as_str(name).unwrap_or("?").to_string();
        let module_name = module::get(rt, module, "__name__")
            .and_then(as_str)
            .map(str::to_string);
        if let Some(module_name) = &module_name
            && let Some(found) = module::registered(rt, &format!("{module_name}.{attribute}"))
        {
            return Ok(found);
        }
        let module_name = module_name.unwrap_or_else(|| "<unknown module name>".to_string());
        let file = module::get(rt, module, "__file__");
        let location = file
            .and_then(as_str)
            .unwrap_or("unknown location")
            .to_string();
        let message = if rt.initializing_modules.contains(&module) {
            format!(
                "cannot import name '{attribute}' from partially initialized module '{module_name}' (most likely due to a circular import) ({location})"
            )
        } else {
            format!("cannot import name '{attribute}' from '{module_name}' ({location})")
        };
        let name_value = rt.new_str(&module_name);
        let path_value = file.unwrap_or(Value::NONE);
        Err(import_error(
            rt,
            "ImportError",
            message,
            &[("name", name_value), ("path", path_value)],
        ))
    }

    /// `from module import *` into `namespace`: the names in `__all__`,
    /// or every name not starting with an underscore.
    pub fn import_star(
        &mut self,
        rt: &mut Runtime,
        module: Value,
        namespace: Value,
    ) -> PyResult<()> {
        let module_name = module::module_name(module).unwrap_or("?").to_string();
        let (names, from_all) = match module::get(rt, module, "__all__") {
            Some(all) => {
                let what = format!("{module_name}.__all__");
                (string_items(rt, all, &what)?, true)
            }
            None => {
                let dict = module::module_dict(module).unwrap_or(Value::NONE);
                let keys: Vec<Value> = match dict.object().map(|o| &o.payload) {
                    Some(Object::Dict(d)) => d.borrow().iter().map(|(k, _)| k).collect(),
                    _ => Vec::new(),
                };
                let names = keys
                    .into_iter()
                    .filter_map(as_str)
                    .filter(|k| !k.starts_with('_'))
                    .map(str::to_string)
                    .collect();
                (names, false)
            }
        };
        for name in names {
            let key = rt.intern(&name);
            let value = if from_all {
                runtime::protocol::get_attribute(rt, self, module, key)?
            } else {
                match module::get(rt, module, &name) {
                    Some(v) => v,
                    None => continue,
                }
            };
            module::dict_set(rt, namespace, &name, value);
        }
        Ok(())
    }
}
