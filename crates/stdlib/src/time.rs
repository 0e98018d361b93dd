//! The `time` module: clocks (`time`, `perf_counter`, `monotonic`,
//! `process_time`, their `_ns` forms) and `sleep`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runtime::{Host, PyResult, Runtime, Value};

use crate::NativeModule;
use crate::util::{float_argument, positional};

pub static MODULE: NativeModule = NativeModule {
    name: "time",
    functions: &[
        ("time", time),
        ("time_ns", time_ns),
        ("perf_counter", perf_counter),
        ("perf_counter_ns", perf_counter_ns),
        ("monotonic", monotonic),
        ("monotonic_ns", monotonic_ns),
        ("process_time", process_time),
        ("process_time_ns", process_time_ns),
        ("thread_time", process_time),
        ("thread_time_ns", process_time_ns),
        ("sleep", sleep),
    ],
    init: None,
};

/// Nanoseconds on a POSIX clock.
fn clock_ns(clock: libc_clock::ClockId) -> i64 {
    libc_clock::now_ns(clock)
}

mod libc_clock {
    pub type ClockId = i32;
    pub const MONOTONIC: ClockId = 1;
    pub const PROCESS_CPUTIME: ClockId = 2;

    #[repr(C)]
    struct Timespec {
        seconds: i64,
        nanoseconds: i64,
    }

    unsafe extern "C" {
        fn clock_gettime(clock: ClockId, out: *mut Timespec) -> i32;
    }

    pub fn now_ns(clock: ClockId) -> i64 {
        let mut out = Timespec {
            seconds: 0,
            nanoseconds: 0,
        };
        // SAFETY: `out` is a valid, writable timespec for the call.
        let status = unsafe { clock_gettime(clock, &mut out) };
        if status != 0 {
            return 0;
        }
        out.seconds * 1_000_000_000 + out.nanoseconds
    }
}

fn wall_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

macro_rules! clocks {
    ($($name:ident, $name_ns:ident => $source:expr;)*) => {
        $(
            fn $name(rt: &mut Runtime, _host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
                positional(rt, stringify!($name), args, kw, 0, 0)?;
                Ok(Value::float($source as f64 / 1e9))
            }
            fn $name_ns(rt: &mut Runtime, _host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
                positional(rt, stringify!($name_ns), args, kw, 0, 0)?;
                Ok(rt.new_int($source))
            }
        )*
    };
}

clocks! {
    time, time_ns => wall_ns();
    perf_counter, perf_counter_ns => clock_ns(libc_clock::MONOTONIC);
    monotonic, monotonic_ns => clock_ns(libc_clock::MONOTONIC);
    process_time, process_time_ns => clock_ns(libc_clock::PROCESS_CPUTIME);
}

fn sleep(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "sleep", args, kw, 1, 1)?;
    let seconds = float_argument(rt, host, args[0])?;
    if seconds.is_nan() {
        return Err(rt.value_error("Invalid value NaN (not a number)"));
    }
    if seconds < 0.0 {
        return Err(rt.value_error("sleep length must be non-negative"));
    }
    if !seconds.is_finite() || seconds > 1e9 {
        return Err(rt.overflow_error("sleep length is too large"));
    }
    let _ = runtime::stdio::flush_stdout();
    std::thread::sleep(Duration::from_secs_f64(seconds));
    if runtime::signals::event_pending() {
        return Err(runtime::signals::take_event(rt));
    }
    Ok(Value::NONE)
}
