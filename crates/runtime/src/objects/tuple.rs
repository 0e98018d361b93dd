//! The storage of `tuple` objects: the items, and the tuple's hash once
//! it has been worked out (its methods live with `list`'s in
//! [`crate::objects::list`]).
//!
//! A tuple's items never change, so the hash of a tuple made of plain
//! keys (ints, floats, strs, tuples, namedtuples; see
//! [`crate::ops::hash_plain_key`]) is computed once and kept, as CPython
//! does from 3.14 (3.11 walks the whole nesting at every dict lookup,
//! which dominates state-space searches keyed by nested namedtuples).
//!
//! What could change such a hash is a class: a namedtuple's class that
//! later defines `__hash__` or `__eq__` stops hashing as its tuple. So a
//! kept hash carries the [`hash_epoch`] it was computed in, and any change
//! to a class with a built-in base ([`crate::objects::class::invalidate`])
//! starts a new epoch, which makes every kept hash stale.

use std::cell::Cell;

use crate::value::Value;

/// A tuple's items and its kept hash.
pub struct TupleObject {
    items: Box<[Value]>,
    /// The hash, valid while `hash_epoch` equals [`hash_epoch`].
    hash: Cell<i64>,
    /// 0: no hash kept.
    hash_epoch: Cell<u32>,
}

thread_local! {
    // Per thread, as the heap is: objects and classes belong to the
    // thread that runs the interpreter.
    static HASH_EPOCH: Cell<u32> = const { Cell::new(1) };
}

/// The current epoch of kept tuple hashes.
#[inline]
pub fn hash_epoch() -> u32 {
    HASH_EPOCH.with(Cell::get)
}

/// Makes every kept tuple hash stale: a class with a built-in base
/// changed, so a namedtuple's hash may no longer be its tuple's.
pub fn new_hash_epoch() {
    // Skips 0 (the "nothing kept" mark) when the counter wraps.
    HASH_EPOCH.with(|epoch| epoch.set(epoch.get().wrapping_add(1).max(1)));
}

impl TupleObject {
    pub fn new(items: Box<[Value]>) -> TupleObject {
        TupleObject {
            items,
            hash: Cell::new(0),
            hash_epoch: Cell::new(0),
        }
    }

    /// The hash kept by [`TupleObject::keep_hash`] in this epoch.
    #[inline]
    pub fn kept_hash(&self) -> Option<i64> {
        (self.hash_epoch.get() == hash_epoch()).then(|| self.hash.get())
    }

    /// Keeps `hash`, the tuple's plain-key hash, for this epoch.
    #[inline]
    pub fn keep_hash(&self, hash: i64) {
        self.hash.set(hash);
        self.hash_epoch.set(hash_epoch());
    }

    /// Takes the item buffer out (for the heap's buffer pools), leaving
    /// an empty tuple.
    pub(crate) fn take_items(&mut self) -> Box<[Value]> {
        self.hash_epoch.set(0);
        std::mem::take(&mut self.items)
    }
}

impl std::ops::Deref for TupleObject {
    type Target = [Value];
    #[inline]
    fn deref(&self) -> &[Value] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_hash_lasts_until_the_next_epoch() {
        let tuple = TupleObject::new(vec![Value::small_int(1)].into_boxed_slice());
        assert_eq!(tuple.kept_hash(), None);
        tuple.keep_hash(42);
        assert_eq!(tuple.kept_hash(), Some(42));
        new_hash_epoch();
        assert_eq!(tuple.kept_hash(), None);
        assert_eq!(&tuple[..], &[Value::small_int(1)]);
    }
}
