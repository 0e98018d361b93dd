//! `dict` and `set` storage: insertion-ordered tables keyed by Python hash
//! and equality, so `1`, `1.0` and `True` are the same key.
//!
//! Keys carry their precomputed hash; equality of hashable built-in values
//! never calls back into Python (there are no user classes yet), so these
//! tables need no interpreter access.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;

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

    fn find(&self, key: DictKey) -> Option<usize> {
        let entries = &self.entries;
        self.indices
            .find(table_hash(key.hash), |&i| {
                entries[i].as_ref().is_some_and(|(k, _)| *k == key)
            })
            .copied()
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
            return;
        }
        if self.usable == 0 && !self.rebuild(log2_size_for(self.used.saturating_mul(3))) {
            crate::signals::note_memory_exhausted();
            return;
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
            let version = self.version;
            *self = other.clone();
            self.version = version.max(next_version());
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
                return Some((key.value, value));
            }
        }
        None
    }
    pub fn clear(&mut self) {
        *self = Dict::new();
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
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
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
