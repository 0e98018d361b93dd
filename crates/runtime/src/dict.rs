//! `dict` and `set` storage: insertion-ordered tables keyed by Python hash
//! and equality, so `1`, `1.0` and `True` are the same key.
//!
//! Keys carry their precomputed hash; equality of hashable built-in values
//! never calls back into Python (there are no user classes yet), so these
//! tables need no interpreter access.

use std::hash::{BuildHasher, Hash, Hasher};

use indexmap::IndexMap;

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

/// A fresh keys-version tag: every change to the key set of any dict takes
/// a new one, so a cache keyed by (keys version, entry index) stays valid
/// while values change and fails when a key is added or removed.
fn next_version() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static VERSION: AtomicU64 = AtomicU64::new(1);
    VERSION.fetch_add(1, Ordering::Relaxed)
}

/// The storage behind a `dict`.
#[derive(Default, Clone)]
pub struct Dict {
    map: IndexMap<DictKey, Value, PythonHashBuilder>,
    version: u64,
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }
    pub fn with_capacity(n: usize) -> Dict {
        Dict {
            map: IndexMap::with_capacity_and_hasher(n, PythonHashBuilder),
            version: next_version(),
        }
    }

    /// Changes whenever a key is added or removed (not when a value is
    /// replaced): entry indices are stable while it holds.
    pub fn keys_version(&self) -> u64 {
        self.version
    }

    /// The entry index of `key`.
    pub fn index_of(&self, key: DictKey) -> Option<usize> {
        self.map.get_index_of(&key)
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
    /// When the table cannot grow, the item is dropped and the failure
    /// noted ([`crate::signals::note_memory_exhausted`]).
    pub fn insert(&mut self, key: DictKey, value: Value) {
        if let Some(slot) = self.map.get_mut(&key) {
            *slot = value;
        } else {
            if self.map.len() == self.map.capacity()
                && (crate::alloc::exceeds_limit(self.map.capacity().saturating_mul(64))
                    || self.map.try_reserve(1).is_err())
            {
                crate::signals::note_memory_exhausted();
                return;
            }
            self.version = next_version();
            self.map.insert(key, value);
        }
    }
    pub fn remove(&mut self, key: DictKey) -> Option<Value> {
        self.version = next_version();
        self.map.shift_remove(&key)
    }
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        self.version = next_version();
        self.map.pop().map(|(k, v)| (k.value, v))
    }
    pub fn clear(&mut self) {
        self.version = next_version();
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

/// The storage behind `set` and `frozenset`: CPython's open-addressing set
/// table (`Objects/setobject.c`), reproduced so that iteration order, and
/// therefore printed output, matches CPython: linear probes within a cache
/// line, then perturbed probing; resize at 60% fill; dummies for deletions.
#[derive(Clone)]
pub struct PySet {
    table: Vec<SetSlot>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots.
    used: usize,
    /// Where `pop` resumes its search.
    finger: usize,
}

#[derive(Clone, Copy)]
enum SetSlot {
    Empty,
    Dummy,
    Full(DictKey),
}

const SET_MINIMUM_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

impl Default for PySet {
    fn default() -> Self {
        PySet::new()
    }
}

impl PySet {
    pub fn new() -> PySet {
        PySet {
            table: vec![SetSlot::Empty; SET_MINIMUM_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
        }
    }
    pub fn len(&self) -> usize {
        self.used
    }
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }
    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// The slot holding `key`, if present (`set_lookkey`).
    fn find(&self, key: DictKey) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = key.hash as u64;
        let mut i = key.hash as u64 as usize & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in 0..=probes {
                match self.table[i + j] {
                    SetSlot::Empty => return None,
                    SetSlot::Full(k) if k == key => return Some(i + j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    pub fn contains(&self, key: DictKey) -> bool {
        self.find(key).is_some()
    }

    /// Adds `key`; false if it was already present (`set_add_entry`).
    pub fn insert(&mut self, key: DictKey) -> bool {
        if self.fill + 1 >= self.table.len() {
            // Only after a resize failed for lack of memory: never fill the
            // last slot (probing needs an empty one). MemoryError follows.
            crate::signals::note_memory_exhausted();
            return false;
        }
        let mask = self.mask();
        let mut perturb = key.hash as u64;
        let mut i = key.hash as u64 as usize & mask;
        let mut free_slot = None;
        let unused = loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut found = None;
            for j in 0..=probes {
                match self.table[i + j] {
                    SetSlot::Empty => {
                        found = Some(i + j);
                        break;
                    }
                    SetSlot::Full(k) if k == key => return false,
                    SetSlot::Dummy if free_slot.is_none() => free_slot = Some(i + j),
                    _ => {}
                }
            }
            if let Some(slot) = found {
                break slot;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        };
        if let Some(slot) = free_slot {
            self.table[slot] = SetSlot::Full(key);
            self.used += 1;
            return true;
        }
        self.table[unused] = SetSlot::Full(key);
        self.fill += 1;
        self.used += 1;
        if self.fill * 5 >= mask * 3 {
            let minimum = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(minimum);
        }
        true
    }

    /// Inserts into a table known to hold no dummies and not `key`.
    fn insert_clean(table: &mut [SetSlot], key: DictKey) {
        let mask = table.len() - 1;
        let mut perturb = key.hash as u64;
        let mut i = key.hash as u64 as usize & mask;
        loop {
            if matches!(table[i], SetSlot::Empty) {
                table[i] = SetSlot::Full(key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if matches!(table[i + j], SetSlot::Empty) {
                        table[i + j] = SetSlot::Full(key);
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// `set_table_resize`.
    fn resize(&mut self, minimum_used: usize) {
        let mut size = SET_MINIMUM_SIZE;
        while size <= minimum_used {
            size <<= 1;
        }
        let mut table = Vec::new();
        if crate::alloc::exceeds_limit(size.saturating_mul(std::mem::size_of::<SetSlot>()))
            || table.try_reserve_exact(size).is_err()
        {
            // The item being added is dropped; MemoryError follows.
            crate::signals::note_memory_exhausted();
            return;
        }
        table.resize(size, SetSlot::Empty);
        let old = std::mem::replace(&mut self.table, table);
        for slot in old {
            if let SetSlot::Full(k) = slot {
                Self::insert_clean(&mut self.table, k);
            }
        }
        self.fill = self.used;
    }

    /// Removes `key`; false if absent (`set_discard_entry`).
    pub fn remove(&mut self, key: DictKey) -> bool {
        match self.find(key) {
            Some(slot) => {
                self.table[slot] = SetSlot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// The first item at table position `position` or later, with the
    /// position after it: how a set iterator walks the live table.
    pub fn next_from(&self, position: usize) -> Option<(Value, usize)> {
        self.table
            .iter()
            .enumerate()
            .skip(position)
            .find_map(|(i, slot)| match slot {
                SetSlot::Full(k) => Some((k.value, i + 1)),
                _ => None,
            })
    }

    /// `set.pop()`: removes an arbitrary item the way CPython chooses it.
    pub fn pop_first(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mut i = self.finger & self.mask();
        loop {
            if let SetSlot::Full(k) = self.table[i] {
                self.table[i] = SetSlot::Dummy;
                self.used -= 1;
                self.finger = i + 1;
                return Some(k.value);
            }
            i = (i + 1) & self.mask();
        }
    }

    pub fn clear(&mut self) {
        *self = PySet::new();
    }

    /// Adds every key of `other` (`set_merge`, including its fast paths).
    pub fn merge(&mut self, other: &PySet) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table.clone_from(&other.table);
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            for k in other.keys() {
                Self::insert_clean(&mut self.table, k);
            }
            self.fill = other.used;
            self.used = other.used;
            return;
        }
        for k in other.keys() {
            self.insert(k);
        }
    }

    /// The same table, slot for slot (a clone).
    pub fn copied_exact(&self) -> PySet {
        self.clone()
    }

    /// A new set with the same keys (`set_copy`).
    pub fn copied(&self) -> PySet {
        let mut result = PySet::new();
        result.merge(self);
        result
    }

    pub fn iter(&self) -> impl Iterator<Item = Value> + '_ {
        self.keys().map(|k| k.value)
    }
    pub fn keys(&self) -> impl Iterator<Item = DictKey> + '_ {
        self.table.iter().filter_map(|s| match s {
            SetSlot::Full(k) => Some(*k),
            _ => None,
        })
    }
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
        out.extend(self.iter());
    }

    /// `a | b`.
    pub fn union(&self, other: &PySet) -> PySet {
        let mut result = self.copied();
        result.merge(other);
        result
    }

    /// `a & b`: iterate the smaller set, keep what the larger holds.
    pub fn intersection(&self, other: &PySet) -> PySet {
        let (large, small) = if other.len() > self.len() {
            (other, self)
        } else {
            (self, other)
        };
        let mut result = PySet::new();
        for k in small.keys() {
            if large.contains(k) {
                result.insert(k);
            }
        }
        result
    }

    /// `a - b`.
    pub fn difference(&self, other: &PySet) -> PySet {
        if (self.len() >> 2) > other.len() {
            let mut result = self.copied();
            for k in other.keys() {
                result.remove(k);
            }
            return result;
        }
        let mut result = PySet::new();
        for k in self.keys() {
            if !other.contains(k) {
                result.insert(k);
            }
        }
        result
    }

    /// In-place `^=` with another set's keys.
    pub fn symmetric_difference_update(&mut self, other: &PySet) {
        for k in other.keys() {
            if !self.remove(k) {
                self.insert(k);
            }
        }
    }

    /// `a ^ b`: copy `b`, then toggle every key of `a`.
    pub fn symmetric_difference(&self, other: &PySet) -> PySet {
        let mut result = other.copied();
        result.symmetric_difference_update(self);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: i64) -> DictKey {
        DictKey {
            value: Value::small_int(i),
            hash: i,
        }
    }

    fn items(set: &PySet) -> Vec<i64> {
        set.iter().map(|v| v.as_small_int()).collect()
    }

    #[test]
    fn small_int_sets_iterate_in_cpython_order() {
        let mut s = PySet::new();
        for i in [3, 1, 2] {
            s.insert(key(i));
        }
        assert_eq!(items(&s), vec![1, 2, 3]);
        let mut t = PySet::new();
        for i in [100, 5, 33, 8, 64, 1] {
            t.insert(key(i));
        }
        // CPython 3.11: print({100, 5, 33, 8, 64, 1}) -> {64, 33, 1, 100, 5, 8}
        assert_eq!(items(&t), vec![64, 33, 1, 100, 5, 8]);
    }

    #[test]
    fn removal_leaves_dummies_and_pop_uses_the_finger() {
        let mut s = PySet::new();
        for i in 0..5 {
            s.insert(key(i));
        }
        assert!(s.remove(key(2)));
        assert!(!s.contains(key(2)));
        assert_eq!(s.len(), 4);
        assert_eq!(s.pop_first().map(|v| v.as_small_int()), Some(0));
        assert_eq!(s.pop_first().map(|v| v.as_small_int()), Some(1));
        assert_eq!(s.pop_first().map(|v| v.as_small_int()), Some(3));
    }
}
