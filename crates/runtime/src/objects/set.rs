//! `set` and `frozenset`: the storage (CPython's open-addressing set
//! table, so iteration order matches CPython's) and the methods (`add`,
//! `union`, `issubset`, ...).

use crate::methods::*;
use crate::object::Object;
use crate::objects::dict::DictKey;
use crate::ops;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

/// The storage behind `set` and `frozenset`: CPython's open-addressing set
/// table (`Objects/setobject.c`), reproduced so that iteration order, and
/// therefore printed output, matches CPython: linear probes within a cache
/// line, then perturbed probing; resize at 60% fill; dummies for deletions.
#[derive(Clone)]
pub struct PySet {
    table: Vec<SetSlot>,
    /// Some item was ever an instance of a user class (see
    /// [`crate::objects::dict::Dict::has_user_keys`]).
    has_user_keys: bool,
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
            has_user_keys: false,
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

    pub fn has_user_keys(&self) -> bool {
        self.has_user_keys
    }

    /// The items whose hash is `hash`.
    pub fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        self.table
            .iter()
            .filter_map(|slot| match slot {
                SetSlot::Full(k) if k.hash == hash => Some(k.value),
                _ => None,
            })
            .collect()
    }

    /// Adds `key`; false if it was already present (`set_add_entry`).
    pub fn insert(&mut self, key: DictKey) -> bool {
        if key.value.may_compare_by_python() {
            self.has_user_keys = true;
        }
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

impl crate::barrier::Traced for PySet {
    fn trace(&self, out: &mut Vec<Value>) {
        out.extend(self.iter());
    }
}

// ---- methods ------------------------------------------------------------------------

pub(crate) fn set_contents(value: Value) -> PySet {
    match value.object().map(|o| &o.payload) {
        Some(Object::Set(s)) => s.borrow().clone(),
        Some(Object::FrozenSet(s)) => (**s).clone(),
        _ => PySet::new(),
    }
}

pub(crate) fn mutable_set(args: &[Value]) -> &'static crate::barrier::GcRefCell<PySet> {
    match args.first().and_then(|v| v.object()).map(|o| &o.payload) {
        Some(Object::Set(s)) => s,
        _ => Box::leak(Box::new(crate::barrier::GcRefCell::new(PySet::new()))),
    }
}

/// An argument of a set method: another set (whose table order CPython's
/// algorithms use) or the keys of any other iterable, in iteration order.
pub(crate) enum SetOperand {
    Set(PySet),
    Keys(Vec<crate::DictKey>),
}

impl SetOperand {
    fn into_set(self) -> PySet {
        match self {
            SetOperand::Set(s) => s,
            SetOperand::Keys(keys) => {
                let mut set = PySet::new();
                for k in keys {
                    set.insert(k);
                }
                set
            }
        }
    }
}

pub(crate) fn set_operand(
    rt: &mut Runtime,
    host: &mut dyn Host,
    value: Value,
) -> PyResult<SetOperand> {
    if matches!(
        value.object().map(|o| &o.payload),
        Some(Object::Set(_) | Object::FrozenSet(_))
    ) {
        return Ok(SetOperand::Set(set_contents(value)));
    }
    let mut keys = Vec::new();
    for item in ops::iterate(rt, host, value)? {
        keys.push(crate::protocol::key(rt, host, item)?);
    }
    Ok(SetOperand::Keys(keys))
}

pub(crate) fn same_kind_set(rt: &mut Runtime, receiver: Value, set: PySet) -> Value {
    if matches!(
        receiver.object().map(|o| &o.payload),
        Some(Object::FrozenSet(_))
    ) {
        rt.new_frozenset(set)
    } else {
        rt.new_set(set)
    }
}

pub(crate) fn set_add(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "set.add", args, kw, 1, 1)?;
    let key = crate::protocol::table_key(rt, _h, mutable_set(args), args[1])?;
    mutable_set(args).borrow_mut().insert(key);
    Ok(Value::NONE)
}

pub(crate) fn set_remove(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "set.remove", args, kw, 1, 1)?;
    let key = crate::protocol::table_key(rt, _h, mutable_set(args), args[1])?;
    if mutable_set(args).borrow_mut().remove(key) {
        Ok(Value::NONE)
    } else {
        Err(rt.key_error(args[1]))
    }
}

pub(crate) fn set_discard(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "set.discard", args, kw, 1, 1)?;
    let key = crate::protocol::table_key(rt, _h, mutable_set(args), args[1])?;
    mutable_set(args).borrow_mut().remove(key);
    Ok(Value::NONE)
}

pub(crate) fn set_pop(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "pop", args, kw, 0, 0)?;
    let popped = mutable_set(args).borrow_mut().pop_first();
    match popped {
        Some(v) => Ok(v),
        None => {
            let message = rt.new_str("pop from an empty set");
            Err(crate::PyErr(
                rt.new_exception(rt.types.key_error, vec![message]),
            ))
        }
    }
}

pub(crate) fn set_clear(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "clear", args, kw, 0, 0)?;
    mutable_set(args).borrow_mut().clear();
    Ok(Value::NONE)
}

/// `union`/`update`: merge sets, add other iterables' keys in order.
pub(crate) fn add_operand(target: &mut PySet, operand: SetOperand) {
    match operand {
        SetOperand::Set(s) => target.merge(&s),
        SetOperand::Keys(keys) => {
            for k in keys {
                target.insert(k);
            }
        }
    }
}

/// `intersection`: with a set, iterate the smaller; with an iterable,
/// keep its keys that `target` holds, in its order.
pub(crate) fn intersect_operand(target: &PySet, operand: SetOperand) -> PySet {
    match operand {
        SetOperand::Set(s) => target.intersection(&s),
        SetOperand::Keys(keys) => {
            let mut result = PySet::new();
            for k in keys {
                if target.contains(k) {
                    result.insert(k);
                }
            }
            result
        }
    }
}

pub(crate) fn remove_operand(target: &mut PySet, operand: SetOperand) {
    match operand {
        SetOperand::Set(s) => {
            for k in s.keys() {
                target.remove(k);
            }
        }
        SetOperand::Keys(keys) => {
            for k in keys {
                target.remove(k);
            }
        }
    }
}

pub(crate) fn set_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "update", args, kw, 0, usize::MAX)?;
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        add_operand(&mut mutable_set(args).borrow_mut(), operand);
    }
    Ok(Value::NONE)
}

pub(crate) fn set_intersection_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "intersection_update", args, kw, 0, usize::MAX)?;
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        let target = mutable_set(args);
        let result = intersect_operand(&target.borrow(), operand);
        *target.borrow_mut() = result;
    }
    Ok(Value::NONE)
}

pub(crate) fn set_difference_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "difference_update", args, kw, 0, usize::MAX)?;
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        remove_operand(&mut mutable_set(args).borrow_mut(), operand);
    }
    Ok(Value::NONE)
}

pub(crate) fn set_copy(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "copy", args, kw, 0, 0)?;
    let contents = set_contents(args[0]).copied();
    Ok(same_kind_set(rt, args[0], contents))
}

pub(crate) fn set_union(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "union", args, kw, 0, usize::MAX)?;
    let mut result = set_contents(args[0]).copied();
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        add_operand(&mut result, operand);
    }
    Ok(same_kind_set(rt, args[0], result))
}

pub(crate) fn set_intersection(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "intersection", args, kw, 0, usize::MAX)?;
    let mut result = set_contents(args[0]).copied();
    for other in &args[1..] {
        let operand = set_operand(rt, host, *other)?;
        result = intersect_operand(&result, operand);
    }
    Ok(same_kind_set(rt, args[0], result))
}

pub(crate) fn set_difference(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "difference", args, kw, 0, usize::MAX)?;
    let receiver = set_contents(args[0]);
    let mut result = match args.get(1) {
        None => receiver.copied(),
        Some(first) => match set_operand(rt, host, *first)? {
            SetOperand::Set(s) => receiver.difference(&s),
            keys => {
                let mut copy = receiver.copied();
                remove_operand(&mut copy, keys);
                copy
            }
        },
    };
    for other in args.iter().skip(2) {
        let operand = set_operand(rt, host, *other)?;
        remove_operand(&mut result, operand);
    }
    Ok(same_kind_set(rt, args[0], result))
}

pub(crate) fn set_symmetric_difference(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "symmetric_difference", args, kw, 1, 1)?;
    let other = set_operand(rt, host, args[1])?.into_set();
    let result = set_contents(args[0]).symmetric_difference(&other);
    Ok(same_kind_set(rt, args[0], result))
}

pub(crate) fn set_symmetric_difference_update(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "symmetric_difference_update", args, kw, 1, 1)?;
    let other = set_operand(rt, host, args[1])?.into_set();
    mutable_set(args)
        .borrow_mut()
        .symmetric_difference_update(&other);
    Ok(Value::NONE)
}

pub(crate) fn set_relation(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
    name: &str,
    test: fn(&PySet, &PySet) -> bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 1)?;
    let other = set_operand(rt, host, args[1])?.into_set();
    Ok(Value::bool(test(&set_contents(args[0]), &other)))
}

pub(crate) fn set_issubset(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    set_relation(rt, host, args, kw, "issubset", |a, b| {
        a.keys().all(|k| b.contains(k))
    })
}
pub(crate) fn set_issuperset(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    set_relation(rt, host, args, kw, "issuperset", |a, b| {
        b.keys().all(|k| a.contains(k))
    })
}
pub(crate) fn set_isdisjoint(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    set_relation(rt, host, args, kw, "isdisjoint", |a, b| {
        !a.keys().any(|k| b.contains(k))
    })
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
