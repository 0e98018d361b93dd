//! Frames and the value stack they live on, and the binding of call
//! arguments to a function's parameters.
//!
//! The value stack is one contiguous, never-moving buffer. A frame's
//! `localsplus` (locals, then cells, then free variables) starts at
//! `base`; its operand stack follows at `stack_base`. A Python-to-Python
//! call places the callee's locals where the caller pushed the arguments,
//! so exact-arity calls copy nothing.

use runtime::object::{CodeValue, FunctionObject, Object};
use runtime::{PyResult, Runtime, Value, as_str};

/// One activation record. Frame headers live in a `Vec` beside the value
/// stack; their slots live in the value stack.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct Frame {
    pub code: *const CodeValue,
    pub code_value: Value,
    pub function: Value,
    pub globals: Value,
    /// The namespace dict of a class body (`LOAD_NAME`/`STORE_NAME`), or
    /// NULL.
    pub locals: Value,
    /// Index of `localsplus[0]` in the value stack.
    pub base: usize,
    /// Index of the first operand-stack slot.
    pub stack_base: usize,
    /// Saved operand-stack top (index), valid while the frame is suspended.
    pub sp: usize,
    /// Saved index of the next instruction.
    pub ip: usize,
    /// Returning from this frame returns from the current `run` call.
    pub is_entry: bool,
    /// The generator this frame runs for, or NULL.
    pub generator: Value,
    /// For an `__init__` frame entered by a class call: the new instance,
    /// which the call returns instead of `__init__`'s `None`; else NULL.
    pub init_instance: Value,
}

impl Frame {
    /// The frame of a call of `callable` (a Python function running
    /// `code`), its localsplus at `base` and its operand stack from
    /// `stack_base`, about to run its first instruction.
    pub fn for_call(
        callable: Value,
        function: &FunctionObject,
        code: &CodeValue,
        base: usize,
        stack_base: usize,
        is_entry: bool,
    ) -> Frame {
        Frame {
            code: code as *const CodeValue,
            code_value: function.code,
            function: callable,
            globals: function.globals,
            locals: Value::NULL,
            base,
            stack_base,
            sp: stack_base,
            ip: 0,
            is_entry,
            generator: Value::NULL,
            init_instance: Value::NULL,
        }
    }

    pub fn code(&self) -> &CodeValue {
        // SAFETY: `code` points into the `Box<CodeValue>` of `code_value`,
        // a heap object this frame keeps alive (frames are GC roots), and
        // boxes never move.
        unsafe { &*self.code }
    }

    /// One past the last slot this frame may use.
    pub fn limit(&self) -> usize {
        self.stack_base + self.code().code.stack_size as usize
    }
}

/// The value stack: a fixed buffer reserved once (untouched pages cost
/// nothing), never reallocated, so raw pointers into it stay valid.
pub struct ValueStack {
    pub base: *mut Value,
    pub capacity: usize,
}

impl ValueStack {
    pub fn new(capacity: usize) -> ValueStack {
        let layout = std::alloc::Layout::array::<Value>(capacity)
            .unwrap_or(std::alloc::Layout::new::<Value>());
        // SAFETY: the layout has non-zero size. Zeroed memory is a valid
        // `Value` (the float 0.0) and holds no heap pointers.
        let base = unsafe { std::alloc::alloc_zeroed(layout) } as *mut Value;
        if base.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        ValueStack { base, capacity }
    }

    #[inline(always)]
    pub fn slot(&self, index: usize) -> *mut Value {
        debug_assert!(index <= self.capacity);
        // SAFETY: callers stay within the reserved buffer (frames are
        // checked against `capacity` when pushed).
        unsafe { self.base.add(index) }
    }

    pub fn get(&self, index: usize) -> Value {
        // SAFETY: `index` is below `capacity` (checked by the caller's frame bounds).
        unsafe { *self.slot(index) }
    }

    pub fn set(&self, index: usize, value: Value) {
        // SAFETY: as for `get`.
        unsafe { *self.slot(index) = value }
    }
}

impl Drop for ValueStack {
    fn drop(&mut self) {
        let layout = std::alloc::Layout::array::<Value>(self.capacity)
            .unwrap_or(std::alloc::Layout::new::<Value>());
        // SAFETY: `base` was allocated in `new` with this same layout.
        unsafe { std::alloc::dealloc(self.base as *mut u8, layout) }
    }
}

/// The function object behind a value.
pub fn function_object(value: Value) -> Option<&'static FunctionObject> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Function(f)) => Some(f),
        _ => None,
    }
}

pub fn generator_object(
    value: Value,
) -> Option<&'static runtime::barrier::GcRefCell<runtime::object::GeneratorObject>> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Generator(g)) => Some(g),
        _ => None,
    }
}

pub fn code_value(value: Value) -> Option<&'static CodeValue> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Code(c)) => Some(c),
        _ => None,
    }
}

pub(crate) fn tuple_items(value: Value) -> &'static [Value] {
    match value.object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => items,
        _ => &[],
    }
}

fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Binds `args` (positional values then keyword values named by
/// `keyword_names`) to the parameters of `function`, writing the parameter
/// slots into `slots` (length ≥ number of parameter slots).
pub fn bind_arguments(
    rt: &mut Runtime,
    function: &FunctionObject,
    args: &[Value],
    keyword_names: &[Value],
    slots: &mut [Value],
) -> PyResult<()> {
    let Some(code_value) = code_value(function.code) else {
        return Err(rt.type_error("function has no code"));
    };
    let code = &code_value.code;
    let name = &code.qualname;
    let positional_count = code.arg_count as usize;
    let keyword_only = code.keyword_only_count as usize;
    let positional_given = args.len() - keyword_names.len();
    let mut next_slot = positional_count + keyword_only;
    let varargs_slot = if code.has_varargs() {
        next_slot += 1;
        Some(next_slot - 1)
    } else {
        None
    };
    let varkeywords_slot = if code.has_varkeywords() {
        Some(next_slot)
    } else {
        None
    };
    for slot in slots
        .iter_mut()
        .take(next_slot + varkeywords_slot.is_some() as usize)
    {
        *slot = Value::NULL;
    }

    // Positional arguments.
    let direct = positional_given.min(positional_count);
    slots[..direct].copy_from_slice(&args[..direct]);
    if positional_given > positional_count {
        match varargs_slot {
            Some(slot) => {
                slots[slot] = rt.new_tuple(args[positional_count..positional_given].to_vec())
            }
            None => {
                let defaults = tuple_items(function.defaults.get()).len();
                let takes = if defaults > 0 {
                    format!(
                        "from {} to {}",
                        positional_count - defaults,
                        positional_count
                    )
                } else {
                    positional_count.to_string()
                };
                let keyword_given = keyword_names.len();
                let given = if keyword_given > 0 {
                    format!(
                        "{positional_given} positional argument{} (and {keyword_given} keyword-only argument{})",
                        if positional_given == 1 { "" } else { "s" },
                        if keyword_given == 1 { "" } else { "s" }
                    )
                } else {
                    positional_given.to_string()
                };
                let message = format!(
                    "{name}() takes {takes} positional argument{} but {given} {} given",
                    if positional_count == 1 && defaults == 0 {
                        ""
                    } else {
                        "s"
                    },
                    if positional_given == 1 && keyword_given == 0 {
                        "was"
                    } else {
                        "were"
                    }
                );
                return Err(rt.type_error(message));
            }
        }
    } else if let Some(slot) = varargs_slot {
        slots[slot] = rt.new_tuple(Vec::new());
    }

    // Keyword arguments.
    let mut extra_keywords = runtime::Dict::new();
    let mut positional_only_passed: Vec<&str> = Vec::new();
    for (k, key) in keyword_names.iter().enumerate() {
        let value = args[positional_given + k];
        let key_text = as_str(*key).unwrap_or("");
        let position = code.varnames[..positional_count + keyword_only]
            .iter()
            .position(|v| &**v == key_text);
        match position {
            Some(i) if i >= code.positional_only_count as usize => {
                if !slots[i].is_null() {
                    let message = format!("{name}() got multiple values for argument '{key_text}'");
                    return Err(rt.type_error(message));
                }
                slots[i] = value;
            }
            other => {
                if varkeywords_slot.is_some() {
                    let dict_key = rt.key(*key)?;
                    extra_keywords.insert(dict_key, value);
                } else if other.is_some() {
                    positional_only_passed.push(key_text);
                } else {
                    let message =
                        format!("{name}() got an unexpected keyword argument '{key_text}'");
                    return Err(rt.type_error(message));
                }
            }
        }
    }
    if !positional_only_passed.is_empty() {
        let names: Vec<String> = positional_only_passed
            .iter()
            .map(|n| format!("'{n}'"))
            .collect();
        let message = format!(
            "{name}() got some positional-only arguments passed as keyword arguments: {}",
            names.join(", ")
        );
        return Err(rt.type_error(message));
    }
    if let Some(slot) = varkeywords_slot {
        slots[slot] = rt.new_dict(extra_keywords);
    }

    // Defaults for missing positionals.
    let defaults = tuple_items(function.defaults.get());
    let first_default = positional_count - defaults.len();
    let mut missing: Vec<&str> = Vec::new();
    for i in 0..positional_count {
        if slots[i].is_null() {
            if i >= first_default {
                slots[i] = defaults[i - first_default];
            } else {
                missing.push(&code.varnames[i]);
            }
        }
    }
    if !missing.is_empty() {
        let message = format!(
            "{name}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            list_names(&missing)
        );
        return Err(rt.type_error(message));
    }
    // Keyword-only defaults.
    let mut missing: Vec<&str> = Vec::new();
    let keyword_names_and_slots = code.varnames[positional_count..positional_count + keyword_only]
        .iter()
        .zip(slots[positional_count..positional_count + keyword_only].iter_mut());
    for (name, slot) in keyword_names_and_slots {
        if slot.is_null() {
            let default = match function.keyword_defaults.get().object().map(|o| &o.payload) {
                Some(Object::Dict(d)) => {
                    let key = rt.intern(name);
                    let key = rt.key(key)?;
                    d.borrow().get(key)
                }
                _ => None,
            };
            match default {
                Some(v) => *slot = v,
                None => missing.push(name),
            }
        }
    }
    if !missing.is_empty() {
        let message = format!(
            "{name}() missing {} required keyword-only argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            list_names(&missing)
        );
        return Err(rt.type_error(message));
    }
    Ok(())
}
