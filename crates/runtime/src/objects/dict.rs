//! `dict`: the storage (CPython's compact, insertion-ordered table keyed by
//! Python hash and equality, so `1`, `1.0` and `True` are the same key) and
//! the methods (`get`, `pop`, `update`, views, ...).
//!
//! Keys carry their precomputed hash; equality of keys compares built-in
//! values without calling back into Python (user objects compare by
//! identity unless their class defines `__eq__`, which makes them
//! unhashable without a `__hash__`), so the table needs no interpreter.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;

use crate::builtins::{Arguments, update_dict};
use crate::methods::*;
use crate::object::{DictViewKind, DictViewObject, Object};
use crate::ops;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

/// A key with its Python hash.
#[derive(Clone, Copy, Debug)]
pub struct DictKey {
    pub value: Value,
    pub hash: i64,
}

impl Hash for DictKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl PartialEq for DictKey {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && crate::ops::hashable_equal(self.value, other.value)
    }
}

impl Eq for DictKey {}

/// A fresh keys-version tag: every change to the key set of any dict takes
/// a new one, so a cache keyed by (keys version, entry index) stays valid
/// while values change and fails when a key is added or removed.
fn next_version() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static VERSION: AtomicU64 = AtomicU64::new(1);
    VERSION.fetch_add(1, Ordering::Relaxed)
}

/// One slot of a dict's entry array; `None` once its key is deleted (a
/// tombstone, so the indices of later entries, and so iteration positions,
/// do not move).
type DictEntry = Option<(DictKey, Value)>;

/// The smallest key table CPython allocates (`PyDict_MINSIZE`).
const MINIMUM_LOG2_SIZE: u32 = 3;

/// How many entries a key table of `1 << log2_size` slots holds before it
/// must grow (`USABLE_FRACTION`).
fn usable_fraction(log2_size: u32) -> usize {
    ((1usize << log2_size) << 1) / 3
}

/// The smallest table that holds `minimum` slots (`calculate_log2_keysize`).
fn log2_size_for(minimum: usize) -> u32 {
    let mut log2 = MINIMUM_LOG2_SIZE;
    while log2 < usize::BITS - 1 && (1usize << log2) < minimum {
        log2 += 1;
    }
    log2
}

/// The table a dict expecting `count` entries starts with
/// (`estimate_log2_keysize`).
fn estimated_log2_size(count: usize) -> u32 {
    log2_size_for(count.saturating_mul(3).saturating_add(1) / 2)
}

/// The storage behind a `dict`: CPython's compact layout
/// (`Objects/dictobject.c`). Entries sit in insertion order in one array;
/// a hash table maps keys to entry indices. Deleting leaves a tombstone,
/// and the array is compacted only when the table is rebuilt, with
/// CPython's sizes and growth rule: so a dict mutated during iteration
/// behaves (iterates on, or raises) exactly as CPython's does.
#[derive(Clone)]
pub struct Dict {
    entries: Vec<DictEntry>,
    indices: HashTable<usize>,
    /// Live entries (`ma_used`).
    used: usize,
    /// The size CPython's key table would have, as a power of two.
    log2_size: u32,
    /// New entries the table takes before it is rebuilt (`dk_usable`);
    /// deleting does not give any back.
    usable: usize,
    version: u64,
    /// Some key was ever an instance of a user class: lookups must then
    /// go through [`crate::protocol::dict_key`], which runs `__eq__`.
    has_user_keys: bool,
    /// Tier 2 relies on this dict's contents: every change is reported to
    /// [`crate::watch`].
    watched: bool,
}

impl Default for Dict {
    fn default() -> Dict {
        Dict::new()
    }
}

impl Dict {
    pub fn new() -> Dict {
        Dict {
            entries: Vec::new(),
            indices: HashTable::new(),
            used: 0,
            log2_size: MINIMUM_LOG2_SIZE,
            usable: usable_fraction(MINIMUM_LOG2_SIZE),
            version: next_version(),
            has_user_keys: false,
            watched: false,
        }
    }

    /// A dict sized for `n` entries, as CPython presizes a `{...}` display
    /// (`dict_new_presized`).
    pub fn with_capacity(n: usize) -> Dict {
        let mut dict = Dict::new();
        if n > usable_fraction(MINIMUM_LOG2_SIZE) {
            let log2 = estimated_log2_size(n);
            if crate::alloc::exceeds_limit(usable_fraction(log2).saturating_mul(48)) {
                return dict;
            }
            dict.log2_size = log2;
            dict.usable = usable_fraction(log2);
            dict.entries.reserve(dict.usable);
            dict.indices.reserve(dict.usable, |_| 0);
        }
        dict
    }

    /// Changes whenever a key is added or removed (not when a value is
    /// replaced): entry indices are stable while it holds.
    pub fn keys_version(&self) -> u64 {
        self.version
    }

    /// Reports every later change of this dict to [`crate::watch`] (under
    /// the address [`Dict::address`] gives).
    pub fn watch(&mut self) {
        self.watched = true;
    }

    /// The identity [`crate::watch`] reports this dict's changes under.
    pub fn address(&self) -> usize {
        self as *const Dict as usize
    }

    /// Called by every change to the entries.
    #[inline]
    fn changed(&self) {
        if self.watched {
            crate::watch::dict_changed(self.address());
        }
    }

    fn find(&self, key: DictKey) -> Option<usize> {
        let entries = &self.entries;
        self.indices
            .find(table_hash(key.hash), |&i| {
                entries[i].as_ref().is_some_and(|(k, _)| *k == key)
            })
            .copied()
    }

    /// Whether a key was ever a user object (see `has_user_keys`).
    pub fn has_user_keys(&self) -> bool {
        self.has_user_keys
    }

    /// The live keys whose hash is `hash`: the candidates a user `__eq__`
    /// is asked about.
    pub fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        self.indices
            .iter_hash(table_hash(hash))
            .filter_map(|&i| self.entries[i].as_ref())
            .filter(|(k, _)| k.hash == hash)
            .map(|(k, _)| k.value)
            .collect()
    }

    /// The entry index of `key`.
    pub fn index_of(&self, key: DictKey) -> Option<usize> {
        self.find(key)
    }
    pub fn len(&self) -> usize {
        self.used
    }
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }
    pub fn get(&self, key: DictKey) -> Option<Value> {
        self.find(key).and_then(|i| self.entries[i].map(|(_, v)| v))
    }
    pub fn contains(&self, key: DictKey) -> bool {
        self.find(key).is_some()
    }

    /// Rebuilds the index over a compacted entry array sized for
    /// `log2_size` (`dictresize`). Returns false when memory runs out.
    fn rebuild(&mut self, log2_size: u32) -> bool {
        let capacity = usable_fraction(log2_size);
        if crate::alloc::exceeds_limit(capacity.saturating_mul(48)) {
            return false;
        }
        let mut entries: Vec<DictEntry> = Vec::new();
        if entries.try_reserve(capacity.max(self.used)).is_err() {
            return false;
        }
        entries.extend(self.entries.iter().filter(|e| e.is_some()).copied());
        let mut indices = HashTable::new();
        if indices.try_reserve(capacity, |_| 0).is_err() {
            return false;
        }
        for (i, entry) in entries.iter().enumerate() {
            let (key, _) = entry.expect("compacted entries are live");
            indices.insert_unique(table_hash(key.hash), i, |_| 0);
        }
        self.entries = entries;
        self.indices = indices;
        self.log2_size = log2_size;
        self.usable = capacity.saturating_sub(self.used);
        true
    }

    /// Inserts or replaces; an existing key keeps its original key object
    /// and position, as in CPython.
    /// When the table cannot grow, the item is dropped and the failure
    /// noted ([`crate::signals::note_memory_exhausted`]).
    pub fn insert(&mut self, key: DictKey, value: Value) {
        if let Some(i) = self.find(key) {
            if let Some((_, slot)) = &mut self.entries[i] {
                *slot = value;
            }
            self.changed();
            return;
        }
        self.insert_new(key, value);
    }

    /// Adds `key`, which the caller knows is not in the dict (the distinct
    /// attribute names of an instance's shape): no probe for it first.
    pub fn insert_new(&mut self, key: DictKey, value: Value) {
        debug_assert!(self.find(key).is_none(), "insert_new of a present key");
        if self.usable == 0 && !self.rebuild(log2_size_for(self.used.saturating_mul(3))) {
            crate::signals::note_memory_exhausted();
            return;
        }
        if key.value.may_compare_by_python() {
            self.has_user_keys = true;
        }
        let index = self.entries.len();
        self.entries.push(Some((key, value)));
        let entries = &self.entries;
        self.indices
            .insert_unique(table_hash(key.hash), index, |&i| {
                table_hash(entries[i].map_or(0, |(k, _)| k.hash))
            });
        self.usable -= 1;
        self.used += 1;
        self.version = next_version();
        self.changed();
    }

    /// Makes room for `incoming` more entries in one step before a merge,
    /// as CPython's `dict_merge` does.
    pub fn reserve_for_merge(&mut self, incoming: usize) {
        if usable_fraction(self.log2_size) < incoming {
            let _ = self.rebuild(estimated_log2_size(self.used.saturating_add(incoming)));
        }
    }

    /// Adds every entry of `other`, replacing existing keys (`dict_merge`):
    /// an empty dict takes a freshly built `other`'s table as it is,
    /// otherwise the table grows once up front.
    pub fn merge(&mut self, other: &Dict) {
        if other.used == 0 {
            return;
        }
        if self.used == 0
            && self.entries.is_empty()
            && other.used == other.entries.len()
            && (other.log2_size == MINIMUM_LOG2_SIZE
                || usable_fraction(other.log2_size - 1) < other.used)
        {
            let (version, watched) = (self.version, self.watched);
            *self = other.clone();
            self.version = version.max(next_version());
            self.watched = watched;
            self.changed();
            return;
        }
        self.reserve_for_merge(other.used);
        for (key, value) in other.entries.iter().flatten() {
            self.insert(*key, *value);
        }
    }

    /// `dict.copy()`: the table is cloned as it is unless more than a
    /// third of it is tombstones (`PyDict_Copy`).
    pub fn copied(&self) -> Dict {
        if self.used >= self.entries.len() * 2 / 3 {
            let mut copy = self.clone();
            copy.version = next_version();
            copy.watched = false;
            copy
        } else {
            let mut copy = Dict::new();
            copy.merge(self);
            copy
        }
    }

    pub fn remove(&mut self, key: DictKey) -> Option<Value> {
        let entries = &self.entries;
        let found = self.indices.find_entry(table_hash(key.hash), |&i| {
            entries[i].as_ref().is_some_and(|(k, _)| *k == key)
        });
        let (index, _) = found.ok()?.remove();
        self.version = next_version();
        self.changed();
        self.used -= 1;
        self.entries[index].take().map(|(_, v)| v)
    }

    /// Removes the last entry (`popitem`); trailing tombstones go with it.
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        while let Some(last) = self.entries.pop() {
            if let Some((key, value)) = last {
                let index = self.entries.len();
                if let Ok(entry) = self
                    .indices
                    .find_entry(table_hash(key.hash), |&i| i == index)
                {
                    entry.remove();
                }
                self.used -= 1;
                self.version = next_version();
                self.changed();
                return Some((key.value, value));
            }
        }
        None
    }
    pub fn clear(&mut self) {
        let watched = self.watched;
        *self = Dict::new();
        self.watched = watched;
        self.changed();
    }

    /// The entry at array position `index`: `None` past the end and for a
    /// deleted entry (see [`Dict::entry_slots`]).
    pub fn entry_at(&self, index: usize) -> Option<(Value, Value)> {
        self.entries
            .get(index)
            .copied()
            .flatten()
            .map(|(k, v)| (k.value, v))
    }

    /// The length of the entry array, tombstones included: an iterator
    /// walks positions `0..entry_slots()`.
    pub fn entry_slots(&self) -> usize {
        self.entries.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.entries.iter().flatten().map(|(k, v)| (k.value, *v))
    }
    pub fn keys_with_hashes(&self) -> impl Iterator<Item = DictKey> + '_ {
        self.entries.iter().flatten().map(|(k, _)| *k)
    }
}

impl crate::barrier::Traced for Dict {
    fn trace(&self, out: &mut Vec<Value>) {
        for (k, v) in self.entries.iter().flatten() {
            out.push(k.value);
            out.push(*v);
        }
    }
}

/// Spreads a Python hash (small ints hash to themselves) over the bits
/// the index table uses.
fn table_hash(hash: i64) -> u64 {
    (hash as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(26)
}

// ---- methods ------------------------------------------------------------------------

pub(crate) fn dict_of(args: &[Value]) -> &'static crate::barrier::GcRefCell<Dict> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::Dict(d)) => d,
        _ => Box::leak(Box::new(crate::barrier::GcRefCell::new(Dict::new()))),
    }
}

/// `dict.fromkeys(iterable, value=None)`.
pub(crate) fn dict_fromkeys(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(args, kw);
    a.check_count(rt, "fromkeys", 1, 2)?;
    let value = a.positional.get(1).copied().unwrap_or(Value::NONE);
    // A dict or set source presizes the table, as CPython does.
    let source_len = match a.positional[0].object().map(|o| &o.payload) {
        Some(Object::Dict(d)) => d.borrow().len(),
        Some(Object::Set(s)) => s.borrow().len(),
        Some(Object::FrozenSet(s)) => s.len(),
        _ => 0,
    };
    let mut dict = Dict::with_capacity(source_len);
    for key in ops::iterate(rt, host, a.positional[0])? {
        let key = crate::protocol::table_key(rt, host, &dict, key)?;
        dict.insert(key, value);
    }
    Ok(rt.new_dict(dict))
}

pub(crate) fn dict_get(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "get", args, kw, 1, 2)?;
    let dict = dict_of(args);
    let key = crate::protocol::table_key(rt, _h, dict, args[1])?;
    let found = dict.borrow().get(key);
    Ok(found.unwrap_or_else(|| args.get(2).copied().unwrap_or(Value::NONE)))
}

pub(crate) fn dict_view(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    kind: DictViewKind,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 0)?;
    Ok(rt.allocate(Object::DictView(DictViewObject {
        dict: args[0],
        kind,
    })))
}

pub(crate) fn dict_keys(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    dict_view(rt, args, kw, "keys", DictViewKind::Keys)
}
pub(crate) fn dict_values(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    dict_view(rt, args, kw, "values", DictViewKind::Values)
}
pub(crate) fn dict_items(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    dict_view(rt, args, kw, "items", DictViewKind::Items)
}

pub(crate) fn dict_pop(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "pop", args, kw, 1, 2)?;
    let key = crate::protocol::table_key(rt, _h, dict_of(args), args[1])?;
    let removed = dict_of(args).borrow_mut().remove(key);
    match (removed, args.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(*default),
        (None, None) => Err(rt.key_error(args[1])),
    }
}

pub(crate) fn dict_popitem(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "popitem", args, kw, 0, 0)?;
    let popped = dict_of(args).borrow_mut().pop_last();
    match popped {
        Some((k, v)) => Ok(rt.new_tuple_from_slice(&[k, v])),
        None => {
            let message = rt.new_str("popitem(): dictionary is empty");
            Err(crate::PyErr(
                rt.new_exception(rt.types.key_error, vec![message]),
            ))
        }
    }
}

pub(crate) fn dict_setdefault(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "setdefault", args, kw, 1, 2)?;
    let dict = dict_of(args);
    let key = crate::protocol::table_key(rt, _h, dict, args[1])?;
    let existing = dict.borrow().get(key);
    match existing {
        Some(v) => Ok(v),
        None => {
            let default = args.get(2).copied().unwrap_or(Value::NONE);
            dict.borrow_mut().insert(key, default);
            Ok(default)
        }
    }
}

pub(crate) fn dict_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let a = Arguments::new(&args[1..], kw);
    a.check_count(rt, "update", 0, 1)?;
    let mut staged = Dict::new();
    if let Some(source) = a.positional.first() {
        update_dict(rt, host, &mut staged, *source)?;
    }
    for (k, v) in a.keyword_names.iter().zip(a.keyword_values.iter()) {
        let key = rt.key(*k)?;
        staged.insert(key, *v);
    }
    dict_of(args).borrow_mut().merge(&staged);
    Ok(Value::NONE)
}

pub(crate) fn dict_clear(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "clear", args, kw, 0, 0)?;
    dict_of(args).borrow_mut().clear();
    Ok(Value::NONE)
}

pub(crate) fn dict_copy(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "copy", args, kw, 0, 0)?;
    let copy = dict_of(args).borrow().copied();
    Ok(rt.new_dict(copy))
}
