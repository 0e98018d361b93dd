//! Fallible allocation for sizes that come from user input.
//!
//! Rust's ordinary allocation aborts the process when memory cannot be
//! had. Wherever a size is computed from a Python value (`'a' * n`,
//! `s.center(n)`, a format width, `list(range(n))`) the buffer is reserved
//! through these helpers first, so a size that cannot be satisfied raises
//! `MemoryError` (or CPython's `OverflowError` where the size does not even
//! fit a `Py_ssize_t`) instead of aborting.

use std::cell::Cell;

use crate::{PyResult, Runtime};

/// The largest size CPython accepts for any object (`PY_SSIZE_T_MAX`).
pub const MAX_SIZE: usize = isize::MAX as usize;

thread_local! {
    /// The most bytes one user-sized buffer may take on this thread
    /// (unlimited by default). An embedding host or the fuzz harness
    /// lowers it so that hostile code meets `MemoryError` long before the
    /// machine runs out.
    static ALLOCATION_LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Limits every user-sized buffer (strings, lists, dict and set tables,
/// big ints) made on this thread to `bytes`.
pub fn set_allocation_limit(bytes: usize) {
    ALLOCATION_LIMIT.with(|limit| limit.set(bytes));
}

/// True when a buffer of `bytes` would pass the allocation limit.
#[inline]
pub fn exceeds_limit(bytes: usize) -> bool {
    ALLOCATION_LIMIT.with(|limit| bytes > limit.get())
}

/// An empty `String` with room for `bytes` bytes, or `MemoryError`.
pub fn string_with_capacity(rt: &mut Runtime, bytes: usize) -> PyResult<String> {
    let mut out = String::new();
    if exceeds_limit(bytes) || out.try_reserve_exact(bytes).is_err() {
        return Err(rt.memory_error());
    }
    Ok(out)
}

/// An empty `Vec` with room for `items` items, or `MemoryError`.
pub fn vec_with_capacity<T>(rt: &mut Runtime, items: usize) -> PyResult<Vec<T>> {
    let mut out = Vec::new();
    if exceeds_limit(items.saturating_mul(std::mem::size_of::<T>()))
        || out.try_reserve_exact(items).is_err()
    {
        return Err(rt.memory_error());
    }
    Ok(out)
}

/// Makes room for `additional` more items in `items`, or `MemoryError`.
pub fn reserve<T>(rt: &mut Runtime, items: &mut Vec<T>, additional: usize) -> PyResult<()> {
    let wanted = (items.len().saturating_add(additional)).saturating_mul(std::mem::size_of::<T>());
    if exceeds_limit(wanted) || items.try_reserve(additional).is_err() {
        return Err(rt.memory_error());
    }
    Ok(())
}

/// `count * size` when the product fits a `Py_ssize_t`.
pub fn checked_size(count: usize, size: usize) -> Option<usize> {
    count.checked_mul(size).filter(|n| *n <= MAX_SIZE)
}

/// `text` repeated `count` times, or `MemoryError`/`OverflowError`.
pub fn repeat_str(rt: &mut Runtime, text: &str, count: usize) -> PyResult<String> {
    let Some(bytes) = checked_size(text.len(), count) else {
        return Err(rt.overflow_error("repeated string is too long"));
    };
    let mut out = string_with_capacity(rt, bytes)?;
    for _ in 0..count {
        out.push_str(text);
    }
    Ok(out)
}

/// `items` repeated `count` times, or `MemoryError`.
pub fn repeat_items<T: Copy>(rt: &mut Runtime, items: &[T], count: usize) -> PyResult<Vec<T>> {
    let Some(total) = checked_size(items.len(), count).filter(|n| {
        n.checked_mul(std::mem::size_of::<T>())
            .is_some_and(|b| b <= MAX_SIZE)
    }) else {
        return Err(rt.memory_error());
    };
    let mut out = vec_with_capacity(rt, total)?;
    for _ in 0..count {
        out.extend_from_slice(items);
    }
    Ok(out)
}

/// `fill` repeated `count` times, or `MemoryError`.
pub fn fill_str(rt: &mut Runtime, fill: char, count: usize) -> PyResult<String> {
    let Some(bytes) = checked_size(fill.len_utf8(), count) else {
        return Err(rt.memory_error());
    };
    let mut out = string_with_capacity(rt, bytes)?;
    out.extend(std::iter::repeat_n(fill, count));
    Ok(out)
}
