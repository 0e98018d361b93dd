//! Events the interpreter must notice at its next safe point: `SIGINT`
//! (raised as `KeyboardInterrupt`) and an allocation that failed where no
//! Python exception could be raised on the spot (raised as `MemoryError`).
//!
//! The signal handler only sets a bit in [`PENDING`]. Every tier checks
//! that word where it already stops to look at the world: the interpreter
//! at its safe points (backward jumps, the same places it may collect
//! garbage), and compiled traces must test it at their loop heads (one
//! relaxed load). A pending interrupt raises `KeyboardInterrupt` there, so
//! `except KeyboardInterrupt` and `finally` blocks run. An uncaught one
//! ends the process the way CPython does: traceback, then death by
//! `SIGINT` itself (status 130 in a shell).

use std::sync::atomic::{AtomicU32, Ordering};

use crate::{PyErr, Runtime};

/// Pending events, one bit each; zero on the fast path.
pub static PENDING: AtomicU32 = AtomicU32::new(0);

/// `SIGINT` arrived.
const INTERRUPT: u32 = 1;
/// A container could not grow (see [`note_memory_exhausted`]).
const MEMORY_EXHAUSTED: u32 = 2;

extern "C" fn on_interrupt(_signal: libc::c_int) {
    PENDING.fetch_or(INTERRUPT, Ordering::Relaxed);
}

/// Records that a container could not grow: an insertion deep inside a
/// table (a dict or set resize) has no way to raise, so it drops the item,
/// and `MemoryError` is raised at the next check (the end of the native
/// call, or the interpreter's next safe point).
pub fn note_memory_exhausted() {
    PENDING.fetch_or(MEMORY_EXHAUSTED, Ordering::Relaxed);
}

/// Installs the `SIGINT` handler (the command-line program does this;
/// an embedding host decides for itself).
pub fn install_interrupt_handler() {
    // SAFETY: `on_interrupt` is async-signal-safe (one atomic store), and
    // the `sigaction` structure is fully initialized before the call.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_interrupt as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
    }
}

/// True when an event waits to be raised.
#[inline(always)]
pub fn event_pending() -> bool {
    PENDING.load(Ordering::Relaxed) != 0
}

/// Clears the pending events and returns the exception to raise for them
/// (`MemoryError` before `KeyboardInterrupt`; a remaining interrupt stays
/// pending for the next check).
pub fn take_event(rt: &mut Runtime) -> PyErr {
    let pending = PENDING.fetch_and(!MEMORY_EXHAUSTED, Ordering::Relaxed);
    if pending & MEMORY_EXHAUSTED != 0 {
        return rt.memory_error();
    }
    PENDING.fetch_and(!INTERRUPT, Ordering::Relaxed);
    PyErr(rt.new_exception(rt.types.keyboard_interrupt, vec![]))
}

/// After a native call: `MemoryError` if a container failed to grow
/// during it.
#[inline]
pub fn check_memory(rt: &mut Runtime) -> crate::PyResult<()> {
    if PENDING.load(Ordering::Relaxed) & MEMORY_EXHAUSTED != 0 {
        PENDING.fetch_and(!MEMORY_EXHAUSTED, Ordering::Relaxed);
        return Err(rt.memory_error());
    }
    Ok(())
}

/// Ends the process by `SIGINT` with the default action, as CPython does
/// after printing an uncaught `KeyboardInterrupt`.
pub fn exit_by_interrupt() -> ! {
    // SAFETY: restoring the default disposition and raising the signal
    // are plain system calls with valid arguments.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::raise(libc::SIGINT);
    }
    std::process::exit(130)
}
