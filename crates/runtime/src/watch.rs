//! Dict watchers: how tier 2 learns that a dict its traces rely on
//! changed.
//!
//! A trace that folds a global's value into a constant, or drops a guard
//! on the globals' keys version, depends on the dict staying as it was.
//! The executor marks such a dict watched ([`crate::objects::dict::Dict::watch`]);
//! every later change to it (a key added, replaced or removed) bumps the
//! [`epoch`] and notes the dict's address. Tier 2 compares the epoch at
//! each trace entry and back edge (one load) and, when it moved,
//! invalidates exactly the traces registered on the noted dicts.
//!
//! The state is per thread, as the interpreter is.

use std::cell::{Cell, RefCell};

thread_local! {
    static EPOCH: Cell<u64> = const { Cell::new(0) };
    static CHANGED: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Moves whenever a watched dict changes.
#[inline]
pub fn epoch() -> u64 {
    EPOCH.with(Cell::get)
}

/// A watched dict at `address` changed.
#[cold]
pub fn dict_changed(address: usize) {
    EPOCH.with(|e| e.set(e.get() + 1));
    CHANGED.with(|c| c.borrow_mut().push(address));
}

/// The watched dicts that changed since the last call.
pub fn take_changed() -> Vec<usize> {
    CHANGED.with(|c| std::mem::take(&mut *c.borrow_mut()))
}
