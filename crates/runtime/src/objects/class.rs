//! User-defined classes: the data a class has beyond a built-in type
//! object (namespace, bases, MRO, version tag), class creation
//! (`type(name, bases, namespace)`, the `class` statement), CPython's C3
//! linearization, and attribute lookup along the MRO.

use std::cell::Cell;

use crate::barrier::{GcCell, GcRefCell};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::object::{Object, TypeKind, TypeObject};
use crate::objects::dict::Dict;
use crate::types::type_object;
use crate::value::Value;
use crate::{Host, PyResult, Runtime, as_str};

/// After this many modifications a class stops getting new version tags
/// (version 0: "do not specialize on me"), as in CPython.
const MAXIMUM_VERSIONS_PER_CLASS: u32 = 1000;

fn next_version() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed).max(1)
}

/// What a user-defined class has beyond a built-in type object.
pub struct ClassData {
    pub qualname: GcCell,
    pub bases: GcRefCell<Vec<Value>>,
    /// The method resolution order, the class itself first.
    pub mro: GcRefCell<Vec<Value>>,
    /// The class namespace (`__dict__`).
    pub dict: GcRefCell<Dict>,
    pub metaclass: Value,
    /// Changes whenever this class or a base is modified; 0 once the class
    /// was modified too often to be worth specializing on.
    pub version: Cell<u32>,
    versions_used: Cell<u32>,
    /// Direct subclasses (kept alive by this list, like a strong
    /// `__subclasses__()`).
    pub subclasses: GcRefCell<Vec<Value>>,
    /// Instances have a `__dict__` (no `__slots__` anywhere in the MRO).
    pub has_dict: bool,
    /// Attribute names `__slots__` allow, over the whole MRO.
    pub slot_names: Vec<Value>,
    /// For `class L(list)` and the like: the built-in type whose value each
    /// instance carries (built-in methods and operations act on it).
    pub builtin_base: Option<Value>,
    /// The version as of which instances were found to compare and hash
    /// exactly as the built-in value they carry, and the version as of
    /// which they were found not to (0: not worked out); see
    /// [`compares_as_builtin`]. Two stamps keep the hot check one compare.
    compares_as_builtin_at: Cell<u32>,
    compares_by_class_at: Cell<u32>,
    /// [`has_plain_attributes`] as of a version: the version in the low
    /// 32 bits, the answer in bit 32 (0: not worked out yet).
    plain_attributes: Cell<u64>,
    /// [`is_always_true`] as of a version, stamped the same way.
    always_true: Cell<u64>,
    /// [`compares_by_identity`] as of a version, stamped the same way.
    identity_comparisons: Cell<u64>,
}

impl ClassData {
    /// Pushes every value the class holds and makes its cells old (see
    /// [`crate::object::HeapObject::trace`]).
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
        self.qualname.trace(out);
        self.bases.trace(out);
        self.mro.trace(out);
        self.dict.trace(out);
        out.push(self.metaclass);
        self.subclasses.trace(out);
        out.extend(self.slot_names.iter().copied());
        out.extend(self.builtin_base);
    }
}

/// The class data of a user-defined class.
#[inline]
pub fn class_data(class: Value) -> Option<&'static ClassData> {
    type_object(class).and_then(|t| t.class.as_deref())
}

/// The MRO of any type: stored for user classes, the base chain for
/// built-in types.
pub fn mro(class: Value) -> Vec<Value> {
    if let Some(data) = class_data(class) {
        return data.mro.borrow().clone();
    }
    let mut chain = Vec::new();
    let mut current = Some(class);
    while let Some(t) = current {
        chain.push(t);
        current = type_object(t).and_then(|t| t.base);
    }
    chain
}

/// The version tag specializations guard on (0: do not specialize).
#[inline]
pub fn version(class: Value) -> u32 {
    class_data(class).map_or(0, |d| d.version.get())
}

/// Do instances of this class compare (`==` and ordering) and hash exactly
/// as the built-in value they carry (a namedtuple, `class Name(str):
/// pass`)? Only as far as [`refresh_compares_as_builtin`] found it for the
/// current version:
/// an unknown or changed class answers `false`, which sends comparisons
/// down the protocol path (always correct, only slower).
#[inline]
pub fn compares_as_builtin(data: &ClassData) -> bool {
    let version = data.version.get();
    version != 0 && data.compares_as_builtin_at.get() == version
}

/// Works out [`compares_as_builtin`] for `class` at its current version:
/// it has an immutable built-in base (tuple, str, int, float, frozenset)
/// and no user class in its MRO defines `__hash__` or a rich comparison.
pub fn refresh_compares_as_builtin(rt: &mut Runtime, class: Value) -> bool {
    let Some(data) = class_data(class) else {
        return false;
    };
    if compares_as_builtin(data) {
        return true;
    }
    let version = data.version.get();
    if version != 0 && data.compares_by_class_at.get() == version {
        return false;
    }
    let types = &rt.types;
    let immutable_base = data.builtin_base.is_some_and(|base| {
        [
            types.tuple,
            types.str,
            types.int,
            types.float,
            types.frozenset,
        ]
        .contains(&base)
    });
    if version == 0 || !immutable_base {
        return false;
    }
    let overridden = [
        "__eq__", "__ne__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__",
    ]
    .into_iter()
    .any(|name| {
        let name = rt.intern_static(name);
        lookup_user(rt, class, name).is_some()
    });
    let stamp = if overridden {
        &data.compares_by_class_at
    } else {
        &data.compares_as_builtin_at
    };
    stamp.set(version);
    !overridden
}

/// Is attribute access on instances of `class` plain? No user class in
/// its MRO defines `__getattribute__`, `__setattr__`, `__delattr__` or a
/// possible data descriptor (a property, an instance of a user class), and
/// instances have a `__dict__`. An instance's shape alone then says where
/// each of its attributes lives, whatever its class, so the specialized
/// instance-attribute forms accept any plain class with the shape they
/// cached: a base class method reached through several subclasses stays
/// specialized. Worked out once per class version.
#[inline(never)]
pub fn has_plain_attributes(class: Value) -> bool {
    let Some(data) = class_data(class) else {
        return false;
    };
    per_version(data, &data.plain_attributes, || {
        data.has_dict
            && data.mro.borrow().iter().all(|entry| {
                class_data(*entry).is_none_or(|entry| {
                    entry.dict.borrow().iter().all(|(name, value)| {
                        let hook = matches!(
                            as_str(name),
                            Some("__getattribute__" | "__setattr__" | "__delattr__")
                        );
                        let descriptor = matches!(
                            value.object().map(|o| &o.payload),
                            Some(Object::Property(_) | Object::Instance(_))
                        );
                        !hook && !descriptor
                    })
                })
            })
    })
}

/// A yes/no fact about a class worked out once per class version: `cell`
/// holds the version it was worked out at in its low 32 bits and the
/// answer in bit 32 (0: not yet). An unversioned class answers no.
fn per_version(data: &ClassData, cell: &Cell<u64>, work_out: impl FnOnce() -> bool) -> bool {
    let version = data.version.get();
    if version == 0 {
        return false;
    }
    let cached = cell.get();
    if cached as u32 == version {
        return cached >> 32 == 1;
    }
    let answer = work_out();
    cell.set(version as u64 | (answer as u64) << 32);
    answer
}

/// Are the instances of `class` true whatever they hold: no `__bool__`
/// or `__len__` in its user MRO and no built-in base (whose value would
/// decide)? `if obj:` on such instances then needs no method lookup.
/// Worked out once per class version.
pub fn is_always_true(rt: &mut Runtime, class: Value) -> bool {
    let Some(data) = class_data(class) else {
        return false;
    };
    per_version(data, &data.always_true, || {
        let (bool_name, len_name) = (rt.intern_static("__bool__"), rt.intern_static("__len__"));
        data.builtin_base.is_none()
            && lookup_user(rt, class, bool_name).is_none()
            && lookup_user(rt, class, len_name).is_none()
    })
}

/// Do the instances of `class` compare by identity alone: no comparison
/// method (`__eq__`, `__ne__`, `__lt__`, `__le__`, `__gt__`, `__ge__`) in
/// its user MRO and no built-in base? `a == b` between such instances (or
/// with a built-in value) is `a is b` then, with no method lookup. Worked
/// out once per class version.
pub fn compares_by_identity(rt: &mut Runtime, class: Value) -> bool {
    let Some(data) = class_data(class) else {
        return false;
    };
    per_version(data, &data.identity_comparisons, || {
        data.builtin_base.is_none()
            && ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]
                .into_iter()
                .all(|name| {
                    let name = rt.intern_static(name);
                    lookup_user(rt, class, name).is_none()
                })
    })
}

/// Gives `class` and every subclass a new version tag: their attributes
/// (or a base's) changed.
pub fn invalidate(class: Value) {
    let Some(data) = class_data(class) else {
        return;
    };
    if data.builtin_base.is_some() {
        // Its instances may hash differently now (a namedtuple's class
        // that gains `__hash__`): tuple hashes kept so far are stale.
        crate::objects::tuple::new_hash_epoch();
    }
    let used = data.versions_used.get() + 1;
    data.versions_used.set(used);
    data.version.set(if used >= MAXIMUM_VERSIONS_PER_CLASS {
        0
    } else {
        next_version()
    });
    let subclasses = data.subclasses.borrow().clone();
    for subclass in subclasses {
        invalidate(subclass);
    }
}

/// CPython's type attribute cache: results of MRO lookups keyed by
/// (class version, name). Version tags are never reused, so a changed
/// class (new version) can never hit a stale entry. The entries are not
/// GC roots: one is only read for a live class whose version still
/// matches, and then the value is still in that class's namespace (or a
/// built-in method table), so it is alive.
pub struct AttributeCache {
    entries: Box<[Cell<CacheEntry>]>,
}

#[derive(Clone, Copy)]
struct CacheEntry {
    version: u32,
    name: u64,
    /// What the lookup found (NULL: nothing).
    found: Value,
    /// Found in a user-defined class (not a built-in base).
    in_user_class: bool,
}

const CACHE_SIZE: usize = 4096;

impl AttributeCache {
    pub fn new() -> AttributeCache {
        AttributeCache {
            entries: (0..CACHE_SIZE)
                .map(|_| {
                    Cell::new(CacheEntry {
                        version: 0,
                        name: 0,
                        found: Value::NULL,
                        in_user_class: false,
                    })
                })
                .collect(),
        }
    }

    fn slot(&self, version: u32, name: Value) -> &Cell<CacheEntry> {
        let mixed = (name.bits() >> 3) ^ (version as u64).wrapping_mul(0x9E37_79B9);
        &self.entries[(mixed as usize) & (CACHE_SIZE - 1)]
    }
}

impl Default for AttributeCache {
    fn default() -> AttributeCache {
        AttributeCache::new()
    }
}

/// `name` along the MRO of a user class: the value and whether a user
/// class (rather than a built-in base) holds it. Cached by version.
fn lookup_with_origin(rt: &Runtime, data: &ClassData, name: Value) -> Option<(Value, bool)> {
    let version = data.version.get();
    if version != 0 {
        let entry = rt.attribute_cache.slot(version, name).get();
        if entry.version == version && entry.name == name.bits() {
            return (!entry.found.is_null()).then_some((entry.found, entry.in_user_class));
        }
    }
    let key = rt.key_of_str(name)?;
    let mut result = None;
    for entry in data.mro.borrow().iter() {
        if let Some(found) = lookup_own(rt, *entry, name, key) {
            result = Some((found, class_data(*entry).is_some()));
            break;
        }
    }
    if version != 0 {
        let (found, in_user_class) = result.unwrap_or((Value::NULL, false));
        rt.attribute_cache.slot(version, name).set(CacheEntry {
            version,
            name: name.bits(),
            found,
            in_user_class,
        });
    }
    result
}

/// Finds `name` (an interned string) along the MRO of `class`: in user
/// classes' namespaces and built-in types' method tables.
pub fn lookup(rt: &Runtime, class: Value, name: Value) -> Option<Value> {
    if let Some(data) = class_data(class) {
        return lookup_with_origin(rt, data, name).map(|(found, _)| found);
    }
    let key = rt.key_of_str(name)?;
    let mut current = Some(class);
    while let Some(t) = current {
        if let Some(found) = lookup_own(rt, t, name, key) {
            return Some(found);
        }
        current = type_object(t).and_then(|t| t.base);
    }
    None
}

/// Like [`lookup`], but only in user-defined classes: the user's override
/// of a special method, if any (built-in behaviour applies otherwise).
pub fn lookup_user(rt: &Runtime, class: Value, name: Value) -> Option<Value> {
    let data = class_data(class)?;
    match lookup_with_origin(rt, data, name) {
        Some((found, true)) => Some(found),
        _ => None,
    }
}

/// `name` in the namespace of `class` itself (not its bases).
fn lookup_own(rt: &Runtime, class: Value, name: Value, key: crate::DictKey) -> Option<Value> {
    match class_data(class) {
        Some(data) => data.dict.borrow().get(key),
        None => {
            let kind = type_object(class)?.kind;
            rt.methods.get(&(kind, name)).copied()
        }
    }
}

/// CPython's C3 linearization of `class` with `bases`.
pub fn linearize(class: Value, bases: &[Value]) -> Result<Vec<Value>, Vec<Value>> {
    let mut sequences: Vec<Vec<Value>> = bases.iter().map(|b| mro(*b)).collect();
    sequences.push(bases.to_vec());
    let mut result = vec![class];
    loop {
        sequences.retain(|s| !s.is_empty());
        if sequences.is_empty() {
            return Ok(result);
        }
        let candidate = sequences
            .iter()
            .map(|s| s[0])
            .find(|head| sequences.iter().all(|s| !s[1..].contains(head)));
        let Some(next) = candidate else {
            // The heads that could not be placed, for the error message.
            let mut blocked = Vec::new();
            for s in &sequences {
                if !blocked.contains(&s[0]) {
                    blocked.push(s[0]);
                }
            }
            return Err(blocked);
        };
        result.push(next);
        for s in sequences.iter_mut() {
            if s[0] == next {
                s.remove(0);
            }
        }
    }
}

/// Built-in types a class may derive from: its instances carry a value of
/// that type (see [`ClassData::builtin_base`]).
fn is_subclassable_builtin(kind: TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::List
            | TypeKind::Dict
            | TypeKind::Set
            | TypeKind::FrozenSet
            | TypeKind::Tuple
            | TypeKind::Int
            | TypeKind::Float
            | TypeKind::Str
    )
}

/// The built-in type (other than `object` and exceptions) instances of a
/// class with these bases carry a value of, if any.
fn builtin_base_of(rt: &mut Runtime, bases: &[Value]) -> PyResult<Option<Value>> {
    let mut found: Option<Value> = None;
    for base in bases {
        let candidate = match class_data(*base) {
            Some(data) => data.builtin_base,
            None => type_object(*base)
                .filter(|t| is_subclassable_builtin(t.kind))
                .map(|_| *base),
        };
        if let Some(c) = candidate {
            match found {
                Some(f) if f != c && !rt.is_subtype(f, c) && !rt.is_subtype(c, f) => {
                    return Err(rt.type_error("multiple bases have instance lay-out conflict"));
                }
                Some(f) if rt.is_subtype(c, f) => found = Some(c),
                None => found = Some(c),
                _ => {}
            }
        }
    }
    Ok(found)
}

/// The layout instances of a class with these bases have.
fn instance_kind(rt: &mut Runtime, bases: &[Value]) -> PyResult<TypeKind> {
    let mut kind = TypeKind::Instance;
    for base in bases {
        let Some(t) = type_object(*base) else {
            continue;
        };
        let base_kind = match t.kind {
            TypeKind::Object | TypeKind::Instance => TypeKind::Instance,
            kind if is_subclassable_builtin(kind) => TypeKind::Instance,
            TypeKind::Exception => TypeKind::Exception,
            // A metaclass: its instances are classes.
            TypeKind::Type => TypeKind::Type,
            _ => {
                let message = format!(
                    "subclassing built-in type '{}' is not supported yet",
                    t.name
                );
                return Err(rt.not_implemented(message));
            }
        };
        if base_kind != TypeKind::Instance {
            if kind != TypeKind::Instance && kind != base_kind {
                return Err(rt.type_error("multiple bases have instance lay-out conflict"));
            }
            kind = base_kind;
        }
    }
    Ok(kind)
}

/// Creates a class: `type(name, bases, namespace)` and the end of a
/// `class` statement. `namespace` is the dict the body filled.
pub fn new_class(
    rt: &mut Runtime,
    host: &mut dyn Host,
    metaclass: Value,
    name: Value,
    bases: &[Value],
    namespace: Value,
    keywords: &[(Value, Value)],
) -> PyResult<Value> {
    let Some(name_text) = as_str(name) else {
        return Err(rt.type_error("type.__new__() argument 1 must be str"));
    };
    for base in bases {
        match type_object(*base) {
            None => {
                let message = format!("bases must be types, not '{}'", rt.type_name(*base));
                return Err(rt.type_error(message));
            }
            Some(t)
                if matches!(
                    t.kind,
                    TypeKind::Bool
                        | TypeKind::Slice
                        | TypeKind::Range
                        | TypeKind::Function
                        | TypeKind::Generator
                        | TypeKind::NoneType
                ) =>
            {
                let message = format!("type '{}' is not an acceptable base type", t.name);
                return Err(rt.type_error(message));
            }
            _ => {}
        }
        if bases.iter().filter(|b| *b == base).count() > 1 {
            let message = format!(
                "duplicate base class {}",
                type_object(*base).map_or("?", |t| t.name)
            );
            return Err(rt.type_error(message));
        }
    }
    let bases: Vec<Value> = if bases.is_empty() {
        vec![rt.types.object]
    } else {
        bases.to_vec()
    };
    let kind = instance_kind(rt, &bases)?;
    let builtin_base = builtin_base_of(rt, &bases)?;
    if builtin_base.is_some() && kind == TypeKind::Exception {
        return Err(rt.type_error("multiple bases have instance lay-out conflict"));
    }
    let Some(Object::Dict(source)) = namespace.object().map(|o| &o.payload) else {
        return Err(rt.type_error("type.__new__() argument 3 must be dict"));
    };
    let mut dict = source.borrow().copied();

    let qualname_key = rt.key(rt.names.dunder_qualname)?;
    let qualname = match dict.remove(qualname_key) {
        Some(q) if as_str(q).is_some() => q,
        Some(q) => {
            let message = format!("type __qualname__ must be a str, not {}", rt.type_name(q));
            return Err(rt.type_error(message));
        }
        None => name,
    };
    let doc_key = rt.key(rt.names.dunder_doc)?;
    if dict.get(doc_key).is_none() {
        dict.insert(doc_key, Value::NONE);
    }
    // `__new__` is a static method, `__init_subclass__` and
    // `__class_getitem__` class methods, without decorators.
    for (special, wrap) in [
        ("__new__", false),
        ("__init_subclass__", true),
        ("__class_getitem__", true),
    ] {
        let key_name = rt.intern(special);
        let key = rt.key(key_name)?;
        if let Some(f) = dict.get(key)
            && matches!(f.object().map(|o| &o.payload), Some(Object::Function(_)))
        {
            let wrapped = if wrap {
                rt.allocate(Object::ClassMethod(f))
            } else {
                rt.allocate(Object::StaticMethod(f))
            };
            dict.insert(key, wrapped);
        }
    }
    // Defining `__eq__` without `__hash__` makes instances unhashable.
    let eq_name = rt.intern_static("__eq__");
    let hash_name = rt.intern_static("__hash__");
    let (eq_key, hash_key) = (rt.key(eq_name)?, rt.key(hash_name)?);
    if dict.get(eq_key).is_some() && dict.get(hash_key).is_none() {
        dict.insert(hash_key, Value::NONE);
    }
    let classcell_key = rt.key(rt.names.dunder_classcell)?;
    let classcell = dict.remove(classcell_key);

    // `__slots__`.
    let slots_name = rt.intern_static("__slots__");
    let slots_key = rt.key(slots_name)?;
    let own_slots: Option<Vec<Value>> = match dict.get(slots_key) {
        None => None,
        Some(v) => {
            let items = if as_str(v).is_some() {
                vec![v]
            } else {
                crate::ops::iterate(rt, host, v)?
            };
            let mut names = Vec::new();
            for item in items {
                let Some(text) = as_str(item) else {
                    let message = format!(
                        "__slots__ items must be strings, not '{}'",
                        rt.type_name(item)
                    );
                    return Err(rt.type_error(message));
                };
                names.push(rt.intern(text));
            }
            Some(names)
        }
    };
    let mro = match linearize(Value::NULL, &bases) {
        Ok(order) => order,
        Err(blocked) => {
            let names: Vec<&str> = blocked
                .iter()
                .map(|b| type_object(*b).map_or("?", |t| t.name))
                .collect();
            let message = format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            );
            return Err(rt.type_error(message));
        }
    };
    let mut has_dict = own_slots.is_none();
    let mut slot_names = own_slots.clone().unwrap_or_default();
    for base in &mro[1..] {
        if let Some(data) = class_data(*base) {
            has_dict |= data.has_dict;
            slot_names.extend(data.slot_names.iter().copied());
        } else if *base != rt.types.object {
            // Built-in bases other than `object` (exceptions) carry a dict.
            has_dict = true;
        }
    }
    if own_slots.is_some() && slot_names.iter().any(|s| as_str(*s) == Some("__dict__")) {
        has_dict = true;
    }
    let leaked_name: &'static str = rt.static_name(name_text);
    let class = rt.allocate(Object::Type(Box::new(TypeObject {
        name: leaked_name,
        base: Some(bases[0]),
        kind,
        class: Some(Box::new(ClassData {
            qualname: GcCell::new(qualname),
            bases: GcRefCell::new(bases.clone()),
            mro: GcRefCell::new(Vec::new()),
            dict: GcRefCell::new(dict),
            metaclass,
            version: Cell::new(next_version()),
            versions_used: Cell::new(0),
            subclasses: GcRefCell::new(Vec::new()),
            has_dict,
            slot_names,
            builtin_base,
            compares_as_builtin_at: Cell::new(0),
            compares_by_class_at: Cell::new(0),
            plain_attributes: Cell::new(0),
            always_true: Cell::new(0),
            identity_comparisons: Cell::new(0),
        })),
    })));
    let data = class_data(class).expect("just created");
    let mut order = mro;
    order[0] = class;
    *data.mro.borrow_mut() = order;
    for base in &bases {
        match class_data(*base) {
            Some(base_data) => base_data.subclasses.borrow_mut().push(class),
            // `object.__subclasses__()` is not tracked: every class would
            // be kept alive by it.
            None if *base == rt.types.object => {}
            None => {
                let mut user_classes = rt.user_classes.borrow_mut();
                if !user_classes.contains(&class) {
                    user_classes.push(class);
                }
            }
        }
    }
    if let Some(cell) = classcell {
        match cell.object().map(|o| &o.payload) {
            Some(Object::Cell(c)) => c.set(class),
            _ => {
                let message = format!(
                    "__classcell__ must be a nonlocal cell, not {}",
                    rt.type_name(cell)
                );
                return Err(rt.type_error(message));
            }
        }
    }
    // `__set_name__` on every attribute that defines it.
    let entries: Vec<(Value, Value)> = data.dict.borrow().iter().collect();
    for (attribute_name, value) in entries {
        if let Some(Object::Property(p)) = value.object().map(|o| &o.payload) {
            if p.name.get().is_null() {
                p.name.set(attribute_name);
            }
            continue;
        }
        let set_name = rt.intern_static("__set_name__");
        let value_type = rt.type_of(value);
        if let Some(method) = lookup_user(rt, value_type, set_name) {
            rt.call(host, method, &[value, class, attribute_name], &[])?;
        }
    }
    // The parent's `__init_subclass__`, with the class keywords.
    let init_subclass = rt.intern_static("__init_subclass__");
    if let Some(parent) = mro_parent_lookup(rt, class, init_subclass) {
        let mut args = vec![class];
        let mut names = Vec::new();
        for (k, v) in keywords {
            args.push(*v);
            names.push(*k);
        }
        let callable = crate::protocol::bind_descriptor(rt, host, parent, Value::NULL, class)?;
        let full_args = &args[1..];
        rt.call(host, callable, full_args, &names)?;
    } else if !keywords.is_empty() {
        let message = format!("{name_text}.__init_subclass__() takes no keyword arguments");
        return Err(rt.type_error(message));
    }
    Ok(class)
}

/// `name` looked up in the MRO of `class` after `class` itself, in user
/// classes only.
fn mro_parent_lookup(rt: &Runtime, class: Value, name: Value) -> Option<Value> {
    let key = rt.key_of_str(name)?;
    let data = class_data(class)?;
    for entry in data.mro.borrow().iter().skip(1) {
        match class_data(*entry) {
            Some(d) => {
                if let Some(found) = d.dict.borrow().get(key) {
                    return Some(found);
                }
            }
            None => return None,
        }
    }
    None
}

/// Stores `value` as attribute `name` of a user class, or reports why
/// the type cannot take it.
pub fn set_class_attribute(
    rt: &mut Runtime,
    class: Value,
    name: Value,
    value: Option<Value>,
) -> PyResult<()> {
    let Some(data) = class_data(class) else {
        let type_name = type_object(class).map_or("?", |t| t.name);
        let message = format!(
            "cannot set '{}' attribute of immutable type '{type_name}'",
            as_str(name).unwrap_or("?")
        );
        return Err(rt.type_error(message));
    };
    let key = rt.key(name)?;
    match value {
        Some(v) => data.dict.borrow_mut().insert(key, v),
        None => {
            if data.dict.borrow_mut().remove(key).is_none() {
                let message = format!(
                    "type object '{}' has no attribute '{}'",
                    type_object(class).map_or("?", |t| t.name),
                    as_str(name).unwrap_or("?")
                );
                return Err(rt.attribute_error(message));
            }
        }
    }
    invalidate(class);
    Ok(())
}

/// `type.__setattr__(cls, name, value)`: sets a class attribute (what a
/// metaclass's own `__setattr__` reaches through `super()`).
pub fn type_setattr(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let [class, name, value] = args else {
        return Err(rt.type_error("expected 2 arguments"));
    };
    if as_str(*name).is_none() {
        let message = format!(
            "attribute name must be string, not '{}'",
            rt.type_name(*name)
        );
        return Err(rt.type_error(message));
    }
    set_class_attribute(rt, *class, *name, Some(*value))?;
    Ok(Value::NONE)
}

/// `type.__delattr__(cls, name)`.
pub fn type_delattr(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let [class, name] = args else {
        return Err(rt.type_error("expected 1 argument"));
    };
    set_class_attribute(rt, *class, *name, None)?;
    Ok(Value::NONE)
}

/// `type.mro(cls)`: the MRO as a list.
pub fn type_mro(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let class = args.first().copied().unwrap_or(Value::NONE);
    Ok(rt.new_list(mro(class)))
}

/// `type.__subclasses__(cls)`: the direct subclasses, oldest first.
pub fn type_subclasses(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    let class = args.first().copied().unwrap_or(Value::NONE);
    let subclasses = match class_data(class) {
        Some(data) => data.subclasses.borrow().clone(),
        None => rt.builtin_subclasses(class),
    };
    Ok(rt.new_list(subclasses))
}

/// What `dir(object)` lists for `object` itself (CPython 3.11).
const OBJECT_ATTRIBUTES: &[&str] = &[
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

/// What `BaseException` adds to `object`'s attributes.
const EXCEPTION_ATTRIBUTES: &[&str] = &[
    "__cause__",
    "__context__",
    "__setstate__",
    "__suppress_context__",
    "__traceback__",
    "add_note",
    "args",
    "with_traceback",
];

/// The sorted names `dir()` shows for an instance of a user class or a
/// user class; `None` for other values.
pub fn dir_names(rt: &Runtime, value: Value) -> Option<Vec<String>> {
    let (class, instance) = if class_data(value).is_some() {
        (value, None)
    } else {
        let class = rt.type_of(value);
        class_data(class)?;
        (class, Some(value))
    };
    let mut names: std::collections::BTreeSet<String> =
        OBJECT_ATTRIBUTES.iter().map(|n| n.to_string()).collect();
    let data = class_data(class)?;
    if type_object(class).is_some_and(|t| t.kind == TypeKind::Exception) {
        names.extend(EXCEPTION_ATTRIBUTES.iter().map(|n| n.to_string()));
    }
    if data.has_dict {
        names.insert("__dict__".to_string());
        names.insert("__weakref__".to_string());
    }
    names.extend(
        data.slot_names
            .iter()
            .filter_map(|s| as_str(*s))
            .map(str::to_string),
    );
    for entry in data.mro.borrow().iter() {
        if let Some(d) = class_data(*entry) {
            for (key, _) in d.dict.borrow().iter() {
                if let Some(name) = as_str(key) {
                    names.insert(name.to_string());
                }
            }
        }
    }
    if let Some(Object::Instance(i)) = instance.and_then(|v| v.object()).map(|o| &o.payload) {
        for (key, _) in crate::objects::instance::items(rt, i) {
            if let Some(name) = as_str(key) {
                names.insert(name.to_string());
            }
        }
    }
    Some(names.into_iter().collect())
}

/// `int.__new__(cls, ...)`, `list.__new__(cls, ...)` and the other
/// subclassable built-ins' `__new__` (a static method): the built-in value
/// itself for the built-in type, an instance carrying one for a subclass.
pub fn builtin_type_new(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let Some(&class) = args.first() else {
        return Err(rt.type_error("__new__(): not enough arguments"));
    };
    let rest = &args[1..];
    match class_data(class) {
        Some(data) => {
            let Some(base_type) = data.builtin_base else {
                let message = format!(
                    "{}.__new__() is not safe for this class",
                    type_object(class).map_or("?", |t| t.name)
                );
                return Err(rt.type_error(message));
            };
            let has_user_init = lookup_user(rt, class, rt.names.dunder_init).is_some();
            crate::protocol::new_builtin_subclass_instance(
                rt,
                host,
                class,
                base_type,
                rest,
                kw,
                has_user_init,
            )
        }
        None if type_object(class).is_some_and(|t| is_subclassable_builtin(t.kind)) => {
            rt.call(host, class, rest, kw)
        }
        None => {
            let message = format!(
                "__new__(X): X is not a type object ({})",
                rt.type_name(class)
            );
            Err(rt.type_error(message))
        }
    }
}

/// `list.__init__(self, iterable=())`, `dict.__init__(self, ...)`,
/// `set.__init__(self, iterable=())`: refill the (carried) built-in value.
pub fn builtin_type_init(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let Some(&this) = args.first() else {
        return Err(rt.type_error("__init__(): not enough arguments"));
    };
    let fresh = rt.call(host, rt.type_of(this), &args[1..], kw)?;
    match (
        this.object().map(|o| &o.payload),
        fresh.object().map(|o| &o.payload),
    ) {
        (Some(Object::List(target)), Some(Object::List(source))) => {
            let items = source.borrow().clone();
            *target.borrow_mut() = items;
        }
        (Some(Object::Dict(target)), Some(Object::Dict(source))) => {
            let source = source.borrow();
            target.borrow_mut().merge(&source);
        }
        (Some(Object::Set(target)), Some(Object::Set(source))) => {
            let source = source.borrow().clone();
            *target.borrow_mut() = source;
        }
        _ => {}
    }
    Ok(Value::NONE)
}

/// `M(name, bases, namespace, **keywords)` for a metaclass `M` without its
/// own `__new__` (and `type.__new__(M, ...)`): a new class whose type is
/// `M`.
pub fn type_new_from_arguments(
    rt: &mut Runtime,
    host: &mut dyn Host,
    metaclass: Value,
    args: &[Value],
    keyword_names: &[Value],
) -> PyResult<Value> {
    let positional = &args[..args.len() - keyword_names.len()];
    if positional.len() == 1 && keyword_names.is_empty() {
        return Ok(rt.type_of(positional[0]));
    }
    if positional.len() != 3 {
        return Err(rt.type_error("type() takes 1 or 3 arguments"));
    }
    let bases = match positional[1].object().map(|o| &o.payload) {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => {
            let message = format!(
                "type.__new__() argument 2 must be tuple, not {}",
                rt.type_name(positional[1])
            );
            return Err(rt.type_error(message));
        }
    };
    let keywords: Vec<(Value, Value)> = keyword_names
        .iter()
        .copied()
        .zip(args[positional.len()..].iter().copied())
        .collect();
    new_class(
        rt,
        host,
        metaclass,
        positional[0],
        &bases,
        positional[2],
        &keywords,
    )
}

/// `type.__new__(metaclass, name, bases, namespace, **keywords)` (a static
/// method, reached through `super().__new__` in a metaclass).
pub fn type_new(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let Some(&metaclass) = args.first() else {
        return Err(rt.type_error("type.__new__(): not enough arguments"));
    };
    if !type_object(metaclass).is_some_and(|t| t.kind == TypeKind::Type) {
        let message = format!(
            "type.__new__(X): X is not a type object ({})",
            rt.type_name(metaclass)
        );
        return Err(rt.type_error(message));
    }
    type_new_from_arguments(rt, host, metaclass, &args[1..], kw)
}

/// `type.__init__(cls, ...)`: nothing to do.
pub fn type_init(
    _rt: &mut Runtime,
    _h: &mut dyn Host,
    _args: &[Value],
    _kw: &[Value],
) -> PyResult<Value> {
    Ok(Value::NONE)
}

/// `type.__call__(cls, ...)`: what calling a class does by default.
pub fn type_call(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let Some(&class) = args.first() else {
        return Err(rt.type_error("type.__call__(): not enough arguments"));
    };
    if class_data(class).is_some() {
        crate::protocol::call_class_default(rt, host, class, &args[1..], kw)
    } else {
        rt.call(host, class, &args[1..], kw)
    }
}
