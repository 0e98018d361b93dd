//! The write barrier: the collector-aware cells every store into an
//! existing heap object goes through, and the remembered log a minor
//! collection reads.
//!
//! The collector is generational ([`crate::heap`]): a minor collection
//! marks only young objects, so it must know every old object that may
//! point to a young one. Every mutable part of a heap payload that can
//! hold a [`Value`] is one of the types here:
//!
//! - [`GcRefCell<T>`]: a `RefCell` (list storage, dict and set tables,
//!   iterator, generator and exception state, a class's namespace);
//! - [`GcCell`]: a `Cell<Value>` (closure cells, a function's defaults and
//!   names);
//! - [`crate::object::InstanceObject`]'s attribute values.
//!
//! Each carries a [`Generation`] byte: *young* until the object that owns
//! it survives a collection (the marker calls [`GcRefCell::trace`] and the
//! like, which make it *old*), then *old*, and *old and logged* once it has
//! been written to since the last collection. Mutating an old, unlogged
//! cell (`borrow_mut`, `set`) takes the slow path, [`remember`], which logs
//! the cell once; a minor collection traces the logged cells' contents as
//! roots and unlogs them. The fast path is one byte compare.
//!
//! The log holds cells, not objects, so a boxed payload (a dict's table)
//! needs no way back to its object header. A logged cell cannot be freed
//! before the collection that reads the log: only collections free
//! objects, a minor collection frees only young objects (whose cells are
//! never logged), and a major collection empties the log first.
//!
//! Because the payload types *are* these cells, code that stores a value
//! into a heap object without the barrier does not compile. Frames and the
//! operand stack are roots, not heap objects: stores there need nothing.
//! Compiled code that stores into an object either calls a runtime helper
//! that goes through these cells, or tests the generation byte and calls
//! [`remember`] itself.

use std::cell::{Cell, RefCell, UnsafeCell};
use std::ops::{Deref, DerefMut};

use crate::value::Value;

const YOUNG: u8 = 0;
const OLD: u8 = 1;
const OLD_AND_LOGGED: u8 = 3;

/// Where a cell is in the life of the object that owns it: young, old, or
/// old and written to since the last collection (logged).
#[derive(Default)]
pub struct Generation(Cell<u8>);

impl Generation {
    pub const fn young() -> Generation {
        Generation(Cell::new(YOUNG))
    }

    /// True when a store must log the cell: it is old and not logged yet.
    #[inline(always)]
    pub fn needs_logging(&self) -> bool {
        self.0.get() == OLD
    }

    pub fn is_old(&self) -> bool {
        self.0.get() != YOUNG
    }

    pub fn is_logged(&self) -> bool {
        self.0.get() == OLD_AND_LOGGED
    }

    /// The owning object survived a collection: the cell is old and
    /// unlogged from now on.
    #[inline]
    pub(crate) fn promote(&self) {
        self.0.set(OLD);
    }

    /// The cell is reused for a new object (a pooled payload).
    pub(crate) fn make_young(&self) {
        self.0.set(YOUNG);
    }
}

/// A cell the remembered log can hold: its generation byte and the values
/// it holds.
pub trait Remembered {
    fn generation(&self) -> &Generation;
    /// Pushes every value the cell holds.
    fn trace_contents(&self, out: &mut Vec<Value>);
}

/// Contents of a [`GcRefCell`] the collector can trace.
pub trait Traced {
    /// Pushes every value this holds.
    fn trace(&self, out: &mut Vec<Value>);
}

impl Traced for Vec<Value> {
    fn trace(&self, out: &mut Vec<Value>) {
        out.extend(self.iter().copied());
    }
}

thread_local! {
    /// Cells written to while old since the last collection.
    static REMEMBERED: RefCell<Vec<*const dyn Remembered>> = const { RefCell::new(Vec::new()) };
}

/// The write barrier's slow path: logs `cell`, an old cell about to be
/// written to, so the next minor collection traces what it holds. Runs
/// once per cell per collection cycle.
#[cold]
#[inline(never)]
pub fn remember(cell: &(dyn Remembered + 'static)) {
    cell.generation().0.set(OLD_AND_LOGGED);
    REMEMBERED.with_borrow_mut(|log| log.push(cell as *const dyn Remembered));
}

/// Empties the log into `roots`: every logged cell's contents, for a minor
/// collection. The cells are unlogged.
pub(crate) fn drain_remembered(roots: &mut Vec<Value>) {
    // Tracing a cell only reads it, so nothing is logged meanwhile.
    REMEMBERED.with_borrow_mut(|log| {
        for cell in log.drain(..) {
            // SAFETY: a logged cell is alive until the next collection (see
            // the module docs), and this is that collection, before its
            // sweep.
            let cell = unsafe { &*cell };
            cell.generation().promote();
            cell.trace_contents(roots);
        }
    });
}

/// Empties the log without reading it: a major collection marks every
/// reachable cell again (and [`Generation::promote`] unlogs it), and the
/// heap being dropped frees the cells.
pub(crate) fn forget_remembered() {
    REMEMBERED.with_borrow_mut(Vec::clear);
}

/// How many cells are logged now.
pub fn remembered_count() -> usize {
    REMEMBERED.with_borrow(Vec::len)
}

/// A `RefCell` whose mutable borrows are write barriers: the cell type of
/// every mutable payload that holds values.
pub struct GcRefCell<T> {
    /// 0: free; n > 0: n shared borrows; -1: borrowed mutably.
    borrow: Cell<i32>,
    generation: Generation,
    value: UnsafeCell<T>,
}

/// A shared borrow of a [`GcRefCell`].
pub struct Ref<'a, T> {
    cell: &'a GcRefCell<T>,
}

/// A mutable borrow of a [`GcRefCell`].
pub struct RefMut<'a, T> {
    cell: &'a GcRefCell<T>,
}

/// `try_borrow` or `try_borrow_mut` found the cell borrowed.
#[derive(Debug)]
pub struct BorrowError;

#[cold]
#[inline(never)]
fn already_borrowed() -> ! {
    panic!("GcRefCell already borrowed")
}

impl<T: Traced + 'static> GcRefCell<T> {
    pub const fn new(value: T) -> GcRefCell<T> {
        GcRefCell {
            borrow: Cell::new(0),
            generation: Generation::young(),
            value: UnsafeCell::new(value),
        }
    }

    #[inline]
    pub fn borrow(&self) -> Ref<'_, T> {
        self.try_borrow().unwrap_or_else(|_| already_borrowed())
    }

    #[inline]
    pub fn try_borrow(&self) -> Result<Ref<'_, T>, BorrowError> {
        let count = self.borrow.get();
        if count < 0 {
            return Err(BorrowError);
        }
        self.borrow.set(count + 1);
        Ok(Ref { cell: self })
    }

    /// Runs `read` on the value without counting a shared borrow: for a
    /// short look at plain data on the hottest paths (a dict's keys version
    /// and one entry in a global load), where the count's store and restore
    /// show. Panics like [`Self::borrow`] while the cell is borrowed mutably.
    ///
    /// # Safety
    /// `read` must not borrow this cell mutably, nor run code that could.
    #[inline]
    pub unsafe fn read_unguarded<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        if self.borrow.get() < 0 {
            already_borrowed();
        }
        // SAFETY: the cell is not borrowed mutably now, and the caller
        // promises that `read` does not borrow it mutably meanwhile.
        read(unsafe { &*self.value.get() })
    }

    /// Borrows mutably, logging the cell first if it is old (the write
    /// barrier).
    #[inline]
    pub fn borrow_mut(&self) -> RefMut<'_, T> {
        self.try_borrow_mut().unwrap_or_else(|_| already_borrowed())
    }

    #[inline]
    pub fn try_borrow_mut(&self) -> Result<RefMut<'_, T>, BorrowError> {
        if self.borrow.get() != 0 {
            return Err(BorrowError);
        }
        if self.generation.needs_logging() {
            remember(self);
        }
        self.borrow.set(-1);
        Ok(RefMut { cell: self })
    }

    /// Replaces the contents, returning the old ones.
    pub fn replace(&self, value: T) -> T {
        std::mem::replace(&mut *self.borrow_mut(), value)
    }

    /// Takes the contents, leaving the default.
    pub fn take(&self) -> T
    where
        T: Default,
    {
        self.replace(T::default())
    }

    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// The contents of a cell owned exclusively (not yet, or no longer, in
    /// a heap object's payload).
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }

    /// Pushes the contents for the marker and makes the cell old: only
    /// called for objects that survive the collection.
    #[inline]
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
        self.generation.promote();
        self.trace_contents(out);
    }

    /// A pooled cell is reused for a new (young) object.
    pub(crate) fn make_young(&self) {
        self.generation.make_young();
    }

    pub fn generation(&self) -> &Generation {
        &self.generation
    }
}

impl<T: Traced + 'static> Remembered for GcRefCell<T> {
    fn generation(&self) -> &Generation {
        &self.generation
    }
    fn trace_contents(&self, out: &mut Vec<Value>) {
        self.borrow().trace(out);
    }
}

impl<T: Default + Traced + 'static> Default for GcRefCell<T> {
    fn default() -> Self {
        GcRefCell::new(T::default())
    }
}

impl<T> Deref for Ref<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: a shared borrow is registered (count > 0), so no mutable
        // reference to the contents exists while this one does.
        unsafe { &*self.cell.value.get() }
    }
}

impl<T> Drop for Ref<'_, T> {
    #[inline]
    fn drop(&mut self) {
        self.cell.borrow.set(self.cell.borrow.get() - 1);
    }
}

impl<T> Deref for RefMut<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: this is the only borrow of the contents (count -1).
        unsafe { &*self.cell.value.get() }
    }
}

impl<T> DerefMut for RefMut<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`: the borrow is exclusive.
        unsafe { &mut *self.cell.value.get() }
    }
}

impl<T> Drop for RefMut<'_, T> {
    #[inline]
    fn drop(&mut self) {
        self.cell.borrow.set(0);
    }
}

/// A `Cell<Value>` whose stores are write barriers: closure cells and the
/// assignable fields of functions, properties and classes.
pub struct GcCell {
    value: Cell<Value>,
    generation: Generation,
}

impl GcCell {
    pub const fn new(value: Value) -> GcCell {
        GcCell {
            value: Cell::new(value),
            generation: Generation::young(),
        }
    }

    #[inline]
    pub fn get(&self) -> Value {
        self.value.get()
    }

    /// Stores `value`, logging the cell first if it is old and `value` is
    /// a heap object (the write barrier).
    #[inline]
    pub fn set(&self, value: Value) {
        if self.generation.needs_logging() && value.is_object() {
            remember(self);
        }
        self.value.set(value);
    }

    pub fn replace(&self, value: Value) -> Value {
        let old = self.get();
        self.set(value);
        old
    }

    /// Pushes the value for the marker and makes the cell old (see
    /// [`GcRefCell::trace`]).
    #[inline]
    pub(crate) fn trace(&self, out: &mut Vec<Value>) {
        self.generation.promote();
        self.trace_contents(out);
    }
}

impl Remembered for GcCell {
    fn generation(&self) -> &Generation {
        &self.generation
    }
    fn trace_contents(&self, out: &mut Vec<Value>) {
        out.push(self.value.get());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn young_cells_are_not_logged() {
        forget_remembered();
        let cell = GcRefCell::new(vec![Value::NONE]);
        cell.borrow_mut().push(Value::NONE);
        assert_eq!(remembered_count(), 0);
    }

    #[test]
    fn an_old_cell_is_logged_once_per_cycle() {
        forget_remembered();
        let cell = GcRefCell::new(vec![Value::small_int(1)]);
        cell.trace(&mut Vec::new());
        assert!(cell.generation().is_old());
        cell.borrow_mut().push(Value::small_int(2));
        cell.borrow_mut().push(Value::small_int(3));
        assert_eq!(remembered_count(), 1);
        assert!(cell.generation().is_logged());
        let mut roots = Vec::new();
        drain_remembered(&mut roots);
        assert_eq!(roots.len(), 3);
        assert!(!cell.generation().is_logged());
        assert_eq!(remembered_count(), 0);
    }

    #[test]
    fn value_cells_log_only_heap_pointers() {
        forget_remembered();
        let cell = GcCell::new(Value::NONE);
        cell.trace(&mut Vec::new());
        cell.set(Value::small_int(5));
        assert_eq!(remembered_count(), 0);
        forget_remembered();
    }

    #[test]
    fn borrows_exclude_each_other() {
        let cell = GcRefCell::new(Vec::<Value>::new());
        let shared = cell.borrow();
        assert!(cell.try_borrow_mut().is_err());
        assert!(cell.try_borrow().is_ok());
        drop(shared);
        let exclusive = cell.borrow_mut();
        assert!(cell.try_borrow().is_err());
        drop(exclusive);
        assert!(cell.try_borrow_mut().is_ok());
    }
}
