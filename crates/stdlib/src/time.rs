//! The `_time` module under `time` (`lib/time.py`): clocks (`time`,
//! `perf_counter`, `monotonic`, `process_time`, their `_ns` forms),
//! `sleep`, and the C library's calendar conversions (`localtime`,
//! `gmtime`, `mktime`, `strftime`) on plain tuples, which `time.py` wraps
//! in `struct_time`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runtime::{Host, PyResult, Runtime, Value};

use crate::NativeModule;
use crate::util::{float_argument, positional};

pub static MODULE: NativeModule = NativeModule {
    name: "_time",
    functions: &[
        ("localtime", localtime),
        ("gmtime", gmtime),
        ("mktime", mktime),
        ("strftime", strftime),
        ("timezone_info", timezone_info),
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
    crate::util::refuse_in_sandbox(rt, "time.sleep()")?;
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

// ---- calendar conversions ---------------------------------------------------

fn seconds_argument(rt: &mut Runtime, host: &mut dyn Host, args: &[Value]) -> PyResult<i64> {
    match args.first() {
        Some(v) if !v.is_none() => {
            let seconds = float_argument(rt, host, *v)?;
            if !seconds.is_finite() || seconds.abs() > 1e17 {
                return Err(rt.overflow_error("timestamp out of range for platform time_t"));
            }
            Ok(seconds.floor() as i64)
        }
        _ => Ok(wall_ns().div_euclid(1_000_000_000)),
    }
}

/// A `struct tm` as the 11-tuple `struct_time` is made from.
fn tm_tuple(rt: &mut Runtime, tm: &libc::tm) -> Value {
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: the C library set `tm_zone` to a NUL-terminated string
        // that lives as long as the process's time zone data.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    let zone = rt.new_string(zone);
    let weekday = (tm.tm_wday + 6) % 7;
    let items = vec![
        Value::small_int(tm.tm_year as i64 + 1900),
        Value::small_int(tm.tm_mon as i64 + 1),
        Value::small_int(tm.tm_mday as i64),
        Value::small_int(tm.tm_hour as i64),
        Value::small_int(tm.tm_min as i64),
        Value::small_int(tm.tm_sec as i64),
        Value::small_int(weekday as i64),
        Value::small_int(tm.tm_yday as i64 + 1),
        Value::small_int(tm.tm_isdst as i64),
        zone,
        Value::small_int(tm.tm_gmtoff),
    ];
    rt.new_tuple(items)
}

fn convert_time(rt: &mut Runtime, seconds: i64, local: bool) -> PyResult<Value> {
    let t: libc::time_t = seconds;
    // SAFETY: `struct tm` is plain data; all zeros is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: `t` and `tm` are valid for the call, which only writes
    // `tm`; both are the reentrant forms (no shared static buffer).
    let ok = unsafe {
        if local {
            !libc::localtime_r(&t, &mut tm).is_null()
        } else {
            !libc::gmtime_r(&t, &mut tm).is_null()
        }
    };
    if !ok {
        return Err(rt.overflow_error("timestamp out of range for platform time_t"));
    }
    Ok(tm_tuple(rt, &tm))
}

fn localtime(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "localtime", args, kw, 0, 1)?;
    let seconds = seconds_argument(rt, host, args)?;
    convert_time(rt, seconds, true)
}

fn gmtime(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "gmtime", args, kw, 0, 1)?;
    let seconds = seconds_argument(rt, host, args)?;
    convert_time(rt, seconds, false)
}

/// A `struct tm` from the first nine items of a time tuple.
fn tm_from(rt: &mut Runtime, host: &mut dyn Host, value: Value) -> PyResult<libc::tm> {
    let items = runtime::ops::iterate(rt, host, value)?;
    if items.len() < 9 {
        return Err(rt.type_error("time tuple must have at least 9 elements"));
    }
    let mut fields = [0i64; 9];
    for (slot, item) in fields.iter_mut().zip(items.iter()) {
        *slot = crate::util::index_argument(rt, host, *item)?;
    }
    // SAFETY: zeroed plain data, filled field by field below.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = (fields[0] - 1900) as i32;
    tm.tm_mon = (fields[1] - 1) as i32;
    tm.tm_mday = fields[2] as i32;
    tm.tm_hour = fields[3] as i32;
    tm.tm_min = fields[4] as i32;
    tm.tm_sec = fields[5] as i32;
    tm.tm_wday = ((fields[6] + 1) % 7) as i32;
    tm.tm_yday = (fields[7] - 1) as i32;
    tm.tm_isdst = fields[8] as i32;
    Ok(tm)
}

fn mktime(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "mktime", args, kw, 1, 1)?;
    let mut tm = tm_from(rt, host, args[0])?;
    // SAFETY: `tm` is a valid struct the call may normalize.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(rt.overflow_error("mktime argument out of range"));
    }
    Ok(Value::float(t as f64))
}

/// `strftime(format, time_tuple)` through the C library.
fn strftime(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "strftime", args, kw, 2, 2)?;
    let Some(format) = runtime::as_str(args[0]) else {
        return Err(rt.type_error("strftime() argument 1 must be str"));
    };
    let mut tm = tm_from(rt, host, args[1])?;
    let zone_and_offset = runtime::ops::iterate(rt, host, args[1])?;
    let zone_text = zone_and_offset
        .get(9)
        .and_then(|v| runtime::as_str(*v))
        .unwrap_or("");
    let zone = std::ffi::CString::new(zone_text).unwrap_or_default();
    if let Some(offset) = zone_and_offset.get(10).filter(|v| v.is_small_int()) {
        tm.tm_gmtoff = offset.as_small_int();
    }
    tm.tm_zone = zone.as_ptr();
    let Ok(c_format) = std::ffi::CString::new(format) else {
        return Err(rt.value_error("embedded null character"));
    };
    let mut buffer = vec![0u8; 256 + format.len() * 16];
    // SAFETY: the buffer is writable for its length; the format and `tm`
    // (with its zone string) outlive the call.
    let n = unsafe {
        libc::strftime(
            buffer.as_mut_ptr() as *mut libc::c_char,
            buffer.len(),
            c_format.as_ptr(),
            &tm,
        )
    };
    buffer.truncate(n);
    Ok(rt.new_string(String::from_utf8_lossy(&buffer).into_owned()))
}

/// (timezone, altzone, daylight, (std name, dst name)) of the local zone.
fn timezone_info(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    positional(rt, "timezone_info", args, kw, 0, 0)?;
    // SAFETY: tzset only reads TZ and sets the C library's globals.
    unsafe { tzset() };
    let january = convert_time(rt, 1_704_067_200, true)?; // 2024-01-01
    let july = convert_time(rt, 1_719_792_000, true)?; // 2024-07-01
    let field = |tuple: Value, i: usize| match tuple.object().map(|o| &o.payload) {
        Some(runtime::Object::Tuple(items)) => items[i],
        _ => Value::NONE,
    };
    let (winter_offset, summer_offset) = (field(january, 10), field(july, 10));
    let offset = |v: Value| {
        if v.is_small_int() {
            v.as_small_int()
        } else {
            0
        }
    };
    let (standard, daylight) = if offset(winter_offset) <= offset(summer_offset) {
        (january, july)
    } else {
        (july, january)
    };
    let timezone = rt.new_int(-offset(field(standard, 10)));
    let altzone = rt.new_int(-offset(field(daylight, 10)));
    let has_daylight = Value::small_int((offset(winter_offset) != offset(summer_offset)) as i64);
    let names = rt.new_tuple(vec![field(standard, 9), field(daylight, 9)]);
    Ok(rt.new_tuple(vec![timezone, altzone, has_daylight, names]))
}

unsafe extern "C" {
    fn tzset();
}
