//! `dict` and `set` storage: insertion-ordered tables keyed by Python hash
//! and equality, so `1`, `1.0` and `True` are the same key.
//!
//! Keys carry their precomputed hash; equality of hashable built-in values
//! never calls back into Python (there are no user classes yet), so these
//! tables need no interpreter access.

use std::hash::{BuildHasher, Hash, Hasher};

use indexmap::{IndexMap, IndexSet};

use crate::value::Value;

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

/// Passes the Python hash through, mixed so that small-int hashes spread
/// over the table's control bits.
#[derive(Clone, Copy, Default)]
pub struct PythonHashBuilder;

pub struct PythonHasher(u64);

impl BuildHasher for PythonHashBuilder {
    type Hasher = PythonHasher;
    fn build_hasher(&self) -> PythonHasher {
        PythonHasher(0)
    }
}

impl Hasher for PythonHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ *b as u64;
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.0 = i as u64;
    }
}

/// The storage behind a `dict`.
#[derive(Default, Clone)]
pub struct Dict {
    map: IndexMap<DictKey, Value, PythonHashBuilder>,
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }
    pub fn with_capacity(n: usize) -> Dict {
        Dict {
            map: IndexMap::with_capacity_and_hasher(n, PythonHashBuilder),
        }
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn get(&self, key: DictKey) -> Option<Value> {
        self.map.get(&key).copied()
    }
    pub fn contains(&self, key: DictKey) -> bool {
        self.map.contains_key(&key)
    }
    /// Inserts or replaces; an existing key keeps its original key object
    /// and position, as in CPython.
    pub fn insert(&mut self, key: DictKey, value: Value) {
        if let Some(slot) = self.map.get_mut(&key) {
            *slot = value;
        } else {
            self.map.insert(key, value);
        }
    }
    pub fn remove(&mut self, key: DictKey) -> Option<Value> {
        self.map.shift_remove(&key)
    }
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        self.map.pop().map(|(k, v)| (k.value, v))
    }
    pub fn clear(&mut self) {
        self.map.clear();
    }
    pub fn entry_at(&self, index: usize) -> Option<(Value, Value)> {
        self.map.get_index(index).map(|(k, v)| (k.value, *v))
    }
    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.map.iter().map(|(k, v)| (k.value, *v))
    }
    pub fn keys_with_hashes(&self) -> impl Iterator<Item = DictKey> + '_ {
        self.map.keys().copied()
    }
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
        for (k, v) in &self.map {
            out.push(k.value);
            out.push(*v);
        }
    }
}

/// The storage behind `set` and `frozenset`.
#[derive(Default, Clone)]
pub struct PySet {
    items: IndexSet<DictKey, PythonHashBuilder>,
}

impl PySet {
    pub fn new() -> PySet {
        PySet::default()
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn contains(&self, key: DictKey) -> bool {
        self.items.contains(&key)
    }
    pub fn insert(&mut self, key: DictKey) -> bool {
        self.items.insert(key)
    }
    pub fn remove(&mut self, key: DictKey) -> bool {
        self.items.shift_remove(&key)
    }
    pub fn pop_first(&mut self) -> Option<Value> {
        self.items.shift_remove_index(0).map(|k| k.value)
    }
    pub fn clear(&mut self) {
        self.items.clear();
    }
    pub fn iter(&self) -> impl Iterator<Item = Value> + '_ {
        self.items.iter().map(|k| k.value)
    }
    pub fn keys(&self) -> impl Iterator<Item = DictKey> + '_ {
        self.items.iter().copied()
    }
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
        out.extend(self.iter());
    }
}
