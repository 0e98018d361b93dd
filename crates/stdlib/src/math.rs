//! The `math` module: C-library functions over floats with CPython's error
//! rules (`ValueError: math domain error` where a finite argument gives
//! NaN, `OverflowError: math range error` where it overflows), exact
//! integer functions (`isqrt`, `comb`, `perm`, `factorial`, `gcd`, `lcm`)
//! and the correctly rounded `fsum`.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use runtime::objects::int::{as_int, float_to_bigint, int_to_f64};
use runtime::{Host, PyResult, Runtime, Value};

use crate::NativeModule;
use crate::util::{float_argument, integer_argument, positional};

pub static MODULE: NativeModule = NativeModule {
    name: "math",
    functions: &[
        ("acos", acos),
        ("acosh", acosh),
        ("asin", asin),
        ("asinh", asinh),
        ("atan", atan),
        ("atan2", atan2),
        ("atanh", atanh),
        ("cbrt", cbrt),
        ("ceil", ceil),
        ("comb", comb),
        ("copysign", copysign),
        ("cos", cos),
        ("cosh", cosh),
        ("degrees", degrees),
        ("dist", dist),
        ("erf", erf),
        ("erfc", erfc),
        ("exp", exp),
        ("exp2", exp2),
        ("expm1", expm1),
        ("fabs", fabs),
        ("factorial", factorial),
        ("floor", floor),
        ("fmod", fmod),
        ("frexp", frexp),
        ("fsum", fsum),
        ("gamma", gamma),
        ("gcd", gcd),
        ("hypot", hypot),
        ("isclose", isclose),
        ("isfinite", isfinite),
        ("isinf", isinf),
        ("isnan", isnan),
        ("isqrt", isqrt),
        ("lcm", lcm),
        ("ldexp", ldexp),
        ("lgamma", lgamma),
        ("log", log),
        ("log10", log10),
        ("log1p", log1p),
        ("log2", log2),
        ("modf", modf),
        ("nextafter", nextafter),
        ("perm", perm),
        ("pow", pow),
        ("prod", prod),
        ("radians", radians),
        ("remainder", remainder),
        ("sin", sin),
        ("sinh", sinh),
        ("sqrt", sqrt),
        ("tan", tan),
        ("tanh", tanh),
        ("trunc", trunc),
        ("ulp", ulp),
    ],
    init: Some(init),
};

fn init(rt: &mut Runtime, module: Value) -> PyResult<()> {
    use runtime::objects::module::set;
    set(rt, module, "pi", Value::float(std::f64::consts::PI));
    set(rt, module, "e", Value::float(std::f64::consts::E));
    set(rt, module, "tau", Value::float(std::f64::consts::TAU));
    set(rt, module, "inf", Value::float(f64::INFINITY));
    set(rt, module, "nan", Value::float(f64::NAN));
    Ok(())
}

/// The C library's functions, called directly: CPython calls the same
/// ones, so results agree to the last bit (Rust's own `f64` methods are
/// not all the C library's).
mod libm {
    unsafe extern "C" {
        pub safe fn erf(x: f64) -> f64;
        pub safe fn erfc(x: f64) -> f64;
        pub safe fn nextafter(x: f64, y: f64) -> f64;
        pub safe fn remainder(x: f64, y: f64) -> f64;
        pub safe fn sin(x: f64) -> f64;
        pub safe fn cos(x: f64) -> f64;
        pub safe fn tan(x: f64) -> f64;
        pub safe fn asin(x: f64) -> f64;
        pub safe fn acos(x: f64) -> f64;
        pub safe fn atan(x: f64) -> f64;
        pub safe fn atan2(y: f64, x: f64) -> f64;
        pub safe fn sinh(x: f64) -> f64;
        pub safe fn cosh(x: f64) -> f64;
        pub safe fn tanh(x: f64) -> f64;
        pub safe fn asinh(x: f64) -> f64;
        pub safe fn acosh(x: f64) -> f64;
        pub safe fn atanh(x: f64) -> f64;
        pub safe fn exp(x: f64) -> f64;
        pub safe fn exp2(x: f64) -> f64;
        pub safe fn expm1(x: f64) -> f64;
        pub safe fn log(x: f64) -> f64;
        pub safe fn log2(x: f64) -> f64;
        pub safe fn log10(x: f64) -> f64;
        pub safe fn log1p(x: f64) -> f64;
        pub safe fn pow(x: f64, y: f64) -> f64;
        pub safe fn hypot(x: f64, y: f64) -> f64;
    }
}

fn domain_error(rt: &mut Runtime) -> runtime::PyErr {
    rt.value_error("math domain error")
}

fn range_error(rt: &mut Runtime) -> runtime::PyErr {
    rt.overflow_error("math range error")
}

/// CPython's `math_1`: applies `f`, turning a NaN from a non-NaN argument
/// into a domain error and an infinity from a finite one into a range
/// error (`can_overflow`) or a domain error.
fn math_1(
    rt: &mut Runtime,
    host: &mut dyn Host,
    name: &str,
    args: &[Value],
    keyword_names: &[Value],
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    let args = positional(rt, name, args, keyword_names, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(rt));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error(rt)
        } else {
            domain_error(rt)
        });
    }
    Ok(Value::float(r))
}

macro_rules! one_argument_functions {
    ($($name:ident => $f:expr, $overflow:expr;)*) => {
        $(
            fn $name(
                rt: &mut Runtime,
                host: &mut dyn Host,
                args: &[Value],
                keyword_names: &[Value],
            ) -> PyResult<Value> {
                math_1(rt, host, stringify!($name), args, keyword_names, $f, $overflow)
            }
        )*
    };
}

one_argument_functions! {
    acos => |x| libm::acos(x), false;
    acosh => |x| libm::acosh(x), false;
    asin => |x| libm::asin(x), false;
    asinh => |x| libm::asinh(x), false;
    atan => |x| libm::atan(x), false;
    atanh => atanh_checked, false;
    cbrt => system_cbrt, false;
    cos => |x| libm::cos(x), false;
    cosh => |x| libm::cosh(x), true;
    erf => |x| libm::erf(x), false;
    erfc => |x| libm::erfc(x), false;
    exp => |x| libm::exp(x), true;
    exp2 => |x| libm::exp2(x), true;
    expm1 => |x| libm::expm1(x), true;
    fabs => f64::abs, false;
    log1p => log1p_checked, false;
    sin => |x| libm::sin(x), false;
    sinh => |x| libm::sinh(x), true;
    sqrt => f64::sqrt, false;
    tan => |x| libm::tan(x), false;
    tanh => |x| libm::tanh(x), false;
}

/// The C library's `cbrt`. Rust's own runtime also defines a `cbrt`
/// symbol, which the linker prefers to the shared C library's, and the two
/// differ in the last bit for some arguments; CPython uses the C
/// library's, so it is looked up there.
fn system_cbrt(x: f64) -> f64 {
    use std::sync::OnceLock;
    type Cbrt = unsafe extern "C" fn(f64) -> f64;
    static FUNCTION: OnceLock<Option<Cbrt>> = OnceLock::new();
    let function = FUNCTION.get_or_init(|| {
        // SAFETY: dlopen/dlsym with NUL-terminated names; the library is
        // never closed, so the function pointer stays valid.
        unsafe {
            let library = libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW);
            if library.is_null() {
                return None;
            }
            let symbol = libc::dlsym(library, c"cbrt".as_ptr());
            (!symbol.is_null()).then(|| std::mem::transmute::<*mut libc::c_void, Cbrt>(symbol))
        }
    });
    match function {
        // SAFETY: `cbrt` is a pure function of one double.
        Some(f) => unsafe { f(x) },
        None => x.cbrt(),
    }
}

/// `atanh(±1)` is a domain error in CPython, not an infinity.
fn atanh_checked(x: f64) -> f64 {
    if x.abs() >= 1.0 {
        f64::NAN
    } else {
        libm::atanh(x)
    }
}

/// `log1p(-1)` is a domain error in CPython.
fn log1p_checked(x: f64) -> f64 {
    if x <= -1.0 { f64::NAN } else { libm::log1p(x) }
}

fn two_floats(
    rt: &mut Runtime,
    host: &mut dyn Host,
    name: &str,
    args: &[Value],
    keyword_names: &[Value],
) -> PyResult<(f64, f64)> {
    let args = positional(rt, name, args, keyword_names, 2, 2)?;
    let x = float_argument(rt, host, args[0])?;
    let y = float_argument(rt, host, args[1])?;
    Ok((x, y))
}

fn atan2(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (y, x) = two_floats(rt, host, "atan2", args, kw)?;
    Ok(Value::float(libm::atan2(y, x)))
}

fn copysign(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let (x, y) = two_floats(rt, host, "copysign", args, kw)?;
    Ok(Value::float(x.copysign(y)))
}

fn fmod(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (x, y) = two_floats(rt, host, "fmod", args, kw)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(rt));
    }
    Ok(Value::float(r))
}

fn remainder(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let (x, y) = two_floats(rt, host, "remainder", args, kw)?;
    if x.is_nan() || y.is_nan() {
        return Ok(Value::float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain_error(rt));
    }
    if y.is_infinite() {
        return Ok(Value::float(x));
    }
    Ok(Value::float(libm::remainder(x, y)))
}

fn nextafter(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let (x, y) = two_floats(rt, host, "nextafter", args, kw)?;
    Ok(Value::float(libm::nextafter(x, y)))
}

fn pow(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (x, y) = two_floats(rt, host, "pow", args, kw)?;
    // CPython's special cases before calling the C library.
    let r = if !x.is_finite() || !y.is_finite() {
        if x.is_nan() {
            if y == 0.0 { 1.0 } else { f64::NAN }
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { f64::NAN }
        } else {
            libm::pow(x, y)
        }
    } else {
        if x == 0.0 && y < 0.0 {
            return Err(domain_error(rt));
        }
        let r = libm::pow(x, y);
        if r.is_nan() {
            return Err(domain_error(rt));
        }
        if r.is_infinite() {
            return Err(range_error(rt));
        }
        r
    };
    Ok(Value::float(r))
}

fn degrees(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "degrees", args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    Ok(Value::float(x * (180.0 / std::f64::consts::PI)))
}

fn radians(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "radians", args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    Ok(Value::float(x * (std::f64::consts::PI / 180.0)))
}

fn predicate(
    rt: &mut Runtime,
    host: &mut dyn Host,
    name: &str,
    args: &[Value],
    kw: &[Value],
    test: fn(f64) -> bool,
) -> PyResult<Value> {
    let args = positional(rt, name, args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    Ok(Value::bool(test(x)))
}

fn isfinite(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    predicate(rt, host, "isfinite", args, kw, f64::is_finite)
}

fn isinf(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    predicate(rt, host, "isinf", args, kw, f64::is_infinite)
}

fn isnan(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    predicate(rt, host, "isnan", args, kw, f64::is_nan)
}

fn isclose(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::util::arguments(args, kw);
    a.check_keywords(rt, "isclose", &["rel_tol", "abs_tol", "a", "b"])?;
    let get = |a: &runtime::builtins::Arguments, i: usize, name: &str| {
        a.positional.get(i).copied().or_else(|| a.keyword(name))
    };
    if a.positional.len() > 2 {
        let message = format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            a.positional.len()
        );
        return Err(rt.type_error(message));
    }
    let (Some(x), Some(y)) = (get(&a, 0, "a"), get(&a, 1, "b")) else {
        let missing = if get(&a, 0, "a").is_none() { "a" } else { "b" };
        let position = if missing == "a" { 1 } else { 2 };
        let message = format!("isclose() missing required argument '{missing}' (pos {position})");
        return Err(rt.type_error(message));
    };
    let x = float_argument(rt, host, x)?;
    let y = float_argument(rt, host, y)?;
    let rel_tol = match a.keyword("rel_tol") {
        Some(v) => float_argument(rt, host, v)?,
        None => 1e-9,
    };
    let abs_tol = match a.keyword("abs_tol") {
        Some(v) => float_argument(rt, host, v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(rt.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::TRUE);
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::FALSE);
    }
    let diff = (y - x).abs();
    let close = (diff <= (rel_tol * y).abs()) || (diff <= (rel_tol * x).abs()) || diff <= abs_tol;
    Ok(Value::bool(close))
}

fn frexp(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "frexp", args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    let (m, e) = frexp_parts(x);
    let e = Value::small_int(e as i64);
    Ok(rt.new_tuple(vec![Value::float(m), e]))
}

/// `frexp`: `x == m * 2**e` with `0.5 <= |m| < 1` (or `m == x` for zero,
/// infinities and NaN).
fn frexp_parts(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp_parts(x * 2f64.powi(54));
        return (m, e - 54);
    }
    let e = exponent - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

fn ldexp(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "ldexp", args, kw, 2, 2)?;
    let x = float_argument(rt, host, args[0])?;
    if args[1].is_float() || as_int(args[1]).is_none() {
        let message = "Expected an int as second argument to ldexp.";
        if as_int(args[1]).is_none() || args[1].is_float() {
            return Err(rt.type_error(message));
        }
    }
    let exponent = integer_argument(rt, host, args[1])?;
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::float(x));
    }
    let e = exponent.to_i64().unwrap_or(if exponent.is_negative() {
        i64::MIN
    } else {
        i64::MAX
    });
    let e = e.clamp(-10_000, 10_000) as i32;
    // Multiply in steps so intermediate powers of two stay finite.
    let mut r = x;
    let mut remaining = e;
    while remaining != 0 {
        let step = remaining.clamp(-1000, 1000);
        r *= 2f64.powi(step);
        remaining -= step;
        if r == 0.0 || r.is_infinite() {
            break;
        }
    }
    if r.is_infinite() {
        return Err(range_error(rt));
    }
    Ok(Value::float(r))
}

fn modf(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "modf", args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    let (fraction, whole) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        (x.fract(), x.trunc())
    };
    Ok(rt.new_tuple(vec![Value::float(fraction), Value::float(whole)]))
}

fn ulp(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "ulp", args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?.abs();
    if x.is_nan() || x.is_infinite() {
        return Ok(Value::float(x));
    }
    let next = libm::nextafter(x, f64::INFINITY);
    if next.is_infinite() {
        let previous = libm::nextafter(x, 0.0);
        return Ok(Value::float(x - previous));
    }
    Ok(Value::float(next - x))
}

// ---- rounding to integers ---------------------------------------------------

fn float_to_int(rt: &mut Runtime, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(rt.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(rt.overflow_error("cannot convert float infinity to integer"));
    }
    // Most results fit a small int: no big integer on the way.
    if f.abs() < 1e15 {
        return Ok(rt.new_int(f as i64));
    }
    match float_to_bigint(f) {
        Some(i) => Ok(rt.new_bigint(i)),
        None => Err(rt.overflow_error("cannot convert float infinity to integer")),
    }
}

/// `floor`/`ceil`/`trunc`: ints unchanged, a user object's special method
/// (`__floor__`...), otherwise the float's rounding.
fn round_to_int(
    rt: &mut Runtime,
    host: &mut dyn Host,
    name: &str,
    special: &'static str,
    args: &[Value],
    kw: &[Value],
    round: fn(f64) -> f64,
) -> PyResult<Value> {
    let args = positional(rt, name, args, kw, 1, 1)?;
    let x = args[0];
    if !x.is_float()
        && let Some(i) = as_int(x)
    {
        return Ok(rt.new_bigint(i.to_bigint()));
    }
    if x.is_float() {
        return float_to_int(rt, round(x.as_float()));
    }
    if let Some(method) = runtime::protocol::special(rt, x, special) {
        return runtime::protocol::call_special(rt, host, method, x, &[]);
    }
    if special == "__trunc__" {
        let message = format!("type {} doesn't define __trunc__ method", rt.type_name(x));
        return Err(rt.type_error(message));
    }
    let f = float_argument(rt, host, x)?;
    float_to_int(rt, round(f))
}

fn floor(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    round_to_int(rt, host, "floor", "__floor__", args, kw, f64::floor)
}

fn ceil(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    round_to_int(rt, host, "ceil", "__ceil__", args, kw, f64::ceil)
}

fn trunc(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    round_to_int(rt, host, "trunc", "__trunc__", args, kw, f64::trunc)
}

// ---- logarithms -------------------------------------------------------------

/// A logarithm of a number: ints too large for a float are split as
/// `m * 2**e` first, as CPython's `loghelper` does.
fn log_of(rt: &mut Runtime, host: &mut dyn Host, x: Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if !x.is_float()
        && let Some(i) = as_int(x)
    {
        let big = i.to_bigint();
        if big.sign() != Sign::Plus {
            return Err(domain_error(rt));
        }
        return Ok(match int_to_f64(&i) {
            Some(v) if v.is_finite() => f(v),
            _ => {
                let bits = big.bits() as i64;
                let shift = bits - 64;
                let top = (&big >> shift as usize).to_f64().unwrap_or(0.0);
                let (m, e) = frexp_parts(top);
                f(m) + f(2.0) * (e as f64 + shift as f64)
            }
        });
    }
    let v = float_argument(rt, host, x)?;
    if v.is_nan() {
        return Ok(v);
    }
    if v <= 0.0 {
        return Err(domain_error(rt));
    }
    Ok(f(v))
}

fn log(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "log", args, kw, 1, 2)?;
    let numerator = log_of(rt, host, args[0], |x| libm::log(x))?;
    if args.len() == 1 {
        return Ok(Value::float(numerator));
    }
    let denominator = log_of(rt, host, args[1], |x| libm::log(x))?;
    if denominator == 0.0 {
        return Err(rt.zero_division("float division by zero"));
    }
    Ok(Value::float(numerator / denominator))
}

fn log2(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "log2", args, kw, 1, 1)?;
    log_of(rt, host, args[0], |x| libm::log2(x)).map(Value::float)
}

fn log10(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "log10", args, kw, 1, 1)?;
    log_of(rt, host, args[0], |x| libm::log10(x)).map(Value::float)
}

// ---- gamma ------------------------------------------------------------------
//
// CPython computes gamma and lgamma itself (not with the C library), by
// the Lanczos approximation with g = 6.024680040776729583740234375 and
// 13 terms (the coefficients published by Godfrey and used by Boost);
// the same steps here give the same results.

// The constants are written as published; each literal rounds to the
// nearest double, which is what CPython's C source gets too.
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUMERATOR: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DENOMINATOR: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];

/// The Lanczos sum (a rational function of x), evaluated in x below 5
/// and in 1/x above, for accuracy.
fn lanczos_sum(x: f64) -> f64 {
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    if x < 5.0 {
        for i in (0..13).rev() {
            numerator = numerator * x + LANCZOS_NUMERATOR[i];
            denominator = denominator * x + LANCZOS_DENOMINATOR[i];
        }
    } else {
        for i in 0..13 {
            numerator = numerator / x + LANCZOS_NUMERATOR[i];
            denominator = denominator / x + LANCZOS_DENOMINATOR[i];
        }
    }
    numerator / denominator
}

/// sin(pi * x), accurate for large x.
fn sin_pi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let pi = std::f64::consts::PI;
    let r = match n {
        0 => libm::sin(pi * y),
        1 => libm::cos(pi * (y - 0.5)),
        2 => libm::sin(pi * (1.0 - y)),
        3 => -libm::cos(pi * (y - 1.5)),
        _ => libm::sin(pi * (y - 2.0)),
    };
    1.0f64.copysign(x) * r
}

enum GammaError {
    Domain,
    Range,
}

fn gamma_value(x: f64) -> Result<f64, GammaError> {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return Ok(x);
        }
        return Err(GammaError::Domain);
    }
    if x == 0.0 {
        return Err(GammaError::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(GammaError::Domain);
        }
        if x <= 23.0 {
            let mut factorial = 1.0;
            for i in 2..(x as u32) {
                factorial *= i as f64;
            }
            return Ok(factorial);
        }
    }
    let absolute = x.abs();
    if absolute < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() {
            Err(GammaError::Range)
        } else {
            Ok(r)
        };
    }
    if absolute > 200.0 {
        if x < 0.0 {
            return Ok(0.0 / sin_pi(x));
        }
        return Err(GammaError::Range);
    }
    let y = absolute + LANCZOS_G_MINUS_HALF;
    let z = if absolute > LANCZOS_G_MINUS_HALF {
        let q = y - absolute;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absolute
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -std::f64::consts::PI / sin_pi(absolute) / absolute * libm::exp(y)
            / lanczos_sum(absolute);
        r -= z * r;
        if absolute < 140.0 {
            r /= libm::pow(y, absolute - 0.5);
        } else {
            let half = libm::pow(y, absolute / 2.0 - 0.25);
            r /= half;
            r /= half;
        }
    } else {
        r = lanczos_sum(absolute) / libm::exp(y);
        r += z * r;
        if absolute < 140.0 {
            r *= libm::pow(y, absolute - 0.5);
        } else {
            let half = libm::pow(y, absolute / 2.0 - 0.25);
            r *= half;
            r *= half;
        }
    }
    if r.is_infinite() {
        return Err(GammaError::Range);
    }
    Ok(r)
}

fn log_gamma_value(x: f64) -> Result<f64, GammaError> {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            return Err(GammaError::Domain);
        }
        return Ok(0.0);
    }
    let absolute = x.abs();
    if absolute < 1e-20 {
        return Ok(-libm::log(absolute));
    }
    let mut r = libm::log(lanczos_sum(absolute)) - LANCZOS_G;
    r += (absolute - 0.5) * (libm::log(absolute + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        r = libm::log(std::f64::consts::PI)
            - libm::log(sin_pi(absolute).abs())
            - libm::log(absolute)
            - r;
    }
    if r.is_infinite() {
        return Err(GammaError::Range);
    }
    Ok(r)
}

fn gamma_result(rt: &mut Runtime, result: Result<f64, GammaError>) -> PyResult<Value> {
    match result {
        Ok(r) => Ok(Value::float(r)),
        Err(GammaError::Domain) => Err(domain_error(rt)),
        Err(GammaError::Range) => Err(range_error(rt)),
    }
}

fn gamma(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "gamma", args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    gamma_result(rt, gamma_value(x))
}

fn lgamma(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "lgamma", args, kw, 1, 1)?;
    let x = float_argument(rt, host, args[0])?;
    gamma_result(rt, log_gamma_value(x))
}

// ---- sums and norms -----------------------------------------------------------

fn fsum(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "fsum", args, kw, 1, 1)?;
    let items = runtime::ops::iterate(rt, host, args[0])?;
    let mut values = Vec::with_capacity(items.len());
    for item in items {
        values.push(float_argument(rt, host, item)?);
    }
    match exact_sum(&values) {
        Ok(sum) => Ok(Value::float(sum)),
        Err(SumError::Overflow) => Err(rt.overflow_error("intermediate overflow in fsum")),
        Err(SumError::Domain) => Err(rt.value_error("-inf + inf in fsum")),
    }
}

enum SumError {
    Overflow,
    Domain,
}

/// Shewchuk's exact summation: keeps non-overlapping partial sums, then
/// rounds their total once (half to even, with the correction for the
/// last partials).
fn exact_sum(values: &[f64]) -> Result<f64, SumError> {
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    for &x0 in values {
        let mut x = x0;
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special_sum += x;
            continue;
        }
        let mut kept = 0;
        for i in 0..partials.len() {
            let mut y = partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let high = x + y;
            let low = y - (high - x);
            if low != 0.0 {
                partials[kept] = low;
                kept += 1;
            }
            x = high;
        }
        partials.truncate(kept);
        if x != 0.0 {
            if !x.is_finite() {
                // Intermediate overflow: the sum of finite values went
                // infinite.
                return Err(SumError::Overflow);
            }
            partials.push(x);
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(SumError::Domain);
        }
        return Ok(special_sum);
    }
    let mut high = 0.0f64;
    if let Some(&last) = partials.last() {
        let mut n = partials.len() - 1;
        high = last;
        let mut low = 0.0;
        while n > 0 {
            let x = high;
            n -= 1;
            let y = partials[n];
            high = x + y;
            let y_rounded = high - x;
            low = y - y_rounded;
            if low != 0.0 {
                break;
            }
        }
        // Round half to even using the next partial's sign.
        if n > 0 && ((low < 0.0 && partials[n - 1] < 0.0) || (low > 0.0 && partials[n - 1] > 0.0)) {
            let y = low * 2.0;
            let x = high + y;
            let y_rounded = x - high;
            if y == y_rounded {
                high = x;
            }
        }
    }
    Ok(high)
}

/// The Euclidean norm of `values` (already absolute), as `hypot`/`dist`.
fn norm(values: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut found_nan = false;
    for &v in values {
        if v.is_nan() {
            found_nan = true;
        }
        if v > max {
            max = v;
        }
    }
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || values.len() <= 1 {
        return max;
    }
    if values.len() == 2 {
        return libm::hypot(values[0], values[1]);
    }
    // Scale by the largest power of two so squares cannot overflow or
    // underflow, then sum the squares exactly.
    let (_, exponent) = frexp_parts(max);
    let scale = 2f64.powi(-exponent);
    let squares: Vec<f64> = values
        .iter()
        .flat_map(|v| {
            let x = v * scale;
            let square = x * x;
            // The rounding error of the square, exactly (by fma).
            [square, x.mul_add(x, -square)]
        })
        .collect();
    let sum = exact_sum(&squares).unwrap_or(f64::NAN);
    sum.sqrt() / scale
}

fn hypot(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "hypot", args, kw, 0, usize::MAX)?;
    let mut values = Vec::with_capacity(args.len());
    for a in args {
        values.push(float_argument(rt, host, *a)?.abs());
    }
    Ok(Value::float(norm(&values)))
}

fn dist(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "dist", args, kw, 2, 2)?;
    let mut coordinates = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if !matches!(
            a.object().map(|o| &o.payload),
            Some(runtime::Object::Tuple(_)) | Some(runtime::Object::List(_))
        ) {
            let message = format!(
                "dist(): argument {} must be tuple, not {}",
                i + 1,
                rt.type_name(*a)
            );
            return Err(rt.type_error(message));
        }
        coordinates.push(runtime::ops::iterate(rt, host, *a)?);
    }
    if coordinates[0].len() != coordinates[1].len() {
        return Err(rt.value_error("both points must have the same number of dimensions"));
    }
    let mut values = Vec::with_capacity(coordinates[0].len());
    for (p, q) in coordinates[0].iter().zip(coordinates[1].iter()) {
        let p = float_argument(rt, host, *p)?;
        let q = float_argument(rt, host, *q)?;
        values.push((p - q).abs());
    }
    Ok(Value::float(norm(&values)))
}

fn prod(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::util::arguments(args, kw);
    a.check_keywords(rt, "prod", &["start"])?;
    a.check_count(rt, "prod", 1, 1)?;
    let mut product = a.keyword("start").unwrap_or(Value::small_int(1));
    let items = runtime::ops::iterate(rt, host, a.positional[0])?;
    for item in items {
        product =
            runtime::protocol::binary(rt, host, bytecode::BinaryOperator::Multiply, product, item)?;
    }
    Ok(product)
}

// ---- integer functions ------------------------------------------------------

fn nonnegative(rt: &mut Runtime, value: &BigInt, message: &str) -> PyResult<()> {
    if value.is_negative() {
        return Err(rt.value_error(message));
    }
    Ok(())
}

fn isqrt(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "isqrt", args, kw, 1, 1)?;
    let n = integer_argument(rt, host, args[0])?;
    nonnegative(rt, &n, "isqrt() argument must be nonnegative")?;
    Ok(rt.new_bigint(n.sqrt()))
}

fn factorial(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let args = positional(rt, "factorial", args, kw, 1, 1)?;
    let n = integer_argument(rt, host, args[0])?;
    nonnegative(rt, &n, "factorial() not defined for negative values")?;
    let Some(n) = n.to_u64().filter(|n| *n <= 1_000_000) else {
        return Err(rt.overflow_error("factorial() argument should not exceed 9223372036854775807"));
    };
    Ok(rt.new_bigint(product_range(1, n)))
}

/// The product `low * (low+1) * ... * high` (1 when empty), by halves so
/// big multiplications stay balanced.
fn product_range(low: u64, high: u64) -> BigInt {
    if low > high {
        return BigInt::one();
    }
    if high - low < 16 {
        let mut p = BigInt::one();
        for i in low..=high {
            p *= i;
        }
        return p;
    }
    let middle = low + (high - low) / 2;
    product_range(low, middle) * product_range(middle + 1, high)
}

fn comb(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "comb", args, kw, 2, 2)?;
    let n = integer_argument(rt, host, args[0])?;
    let k = integer_argument(rt, host, args[1])?;
    nonnegative(rt, &n, "n must be a non-negative integer")?;
    nonnegative(rt, &k, "k must be a non-negative integer")?;
    if k > n {
        return Ok(Value::small_int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_u64() else {
        return Err(rt.overflow_error("min(n - k, k) must not exceed 9223372036854775807"));
    };
    let mut result = BigInt::one();
    for i in 0..k {
        result = result * (&n - i) / (i + 1);
    }
    Ok(rt.new_bigint(result))
}

fn perm(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "perm", args, kw, 1, 2)?;
    let n = integer_argument(rt, host, args[0])?;
    nonnegative(rt, &n, "n must be a non-negative integer")?;
    let k = match args.get(1) {
        Some(k) if !k.is_none() => integer_argument(rt, host, *k)?,
        _ => n.clone(),
    };
    nonnegative(rt, &k, "k must be a non-negative integer")?;
    if k > n {
        return Ok(Value::small_int(0));
    }
    let Some(k) = k.to_u64() else {
        return Err(rt.overflow_error("k must not exceed 9223372036854775807"));
    };
    let mut result = BigInt::one();
    for i in 0..k {
        result *= &n - i;
    }
    Ok(rt.new_bigint(result))
}

fn gcd(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "gcd", args, kw, 0, usize::MAX)?;
    // Machine-word ints (Fraction arithmetic's usual case) skip the bignum.
    let words: Option<Vec<u128>> = args
        .iter()
        .map(|a| as_int(*a).and_then(|i| i.to_i128()).map(i128::unsigned_abs))
        .collect();
    if let Some(words) = words {
        let result = words.into_iter().fold(0, word_gcd);
        if let Ok(result) = i128::try_from(result) {
            return Ok(rt.new_int128(result));
        }
    }
    let mut result = BigInt::zero();
    for a in args {
        let v = integer_argument(rt, host, *a)?;
        result = result.gcd(&v);
    }
    Ok(rt.new_bigint(result))
}

/// Binary (Stein's) GCD of two machine words.
fn word_gcd(a: u128, b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    let (mut a, mut b) = (a >> a.trailing_zeros(), b);
    while b != 0 {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
    }
    a << shift
}

fn lcm(rt: &mut Runtime, host: &mut dyn Host, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let args = positional(rt, "lcm", args, kw, 0, usize::MAX)?;
    let mut result = BigInt::one();
    for a in args {
        let v = integer_argument(rt, host, *a)?;
        if v.is_zero() {
            result = BigInt::zero();
            continue;
        }
        result = result.lcm(&v).abs();
    }
    Ok(rt.new_bigint(result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_gcd_matches_the_bignum_gcd() {
        let samples = [
            0u128,
            1,
            2,
            6,
            35,
            64,
            130,
            1 << 40,
            (1 << 61) - 1,
            u128::MAX / 3,
        ];
        for a in samples {
            for b in samples {
                let expected = BigInt::from(a).gcd(&BigInt::from(b));
                assert_eq!(BigInt::from(word_gcd(a, b)), expected, "gcd({a}, {b})");
            }
        }
    }

    #[test]
    fn exact_sum_is_correctly_rounded() {
        assert_eq!(exact_sum(&[0.1; 10]).ok(), Some(1.0));
        assert_eq!(
            exact_sum(&[1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]).ok(),
            Some(1e-100)
        );
        assert_eq!(exact_sum(&[]).ok(), Some(0.0));
    }

    #[test]
    fn frexp_splits_mantissa_and_exponent() {
        assert_eq!(frexp_parts(8.0), (0.5, 4));
        assert_eq!(frexp_parts(-3.0), (-0.75, 2));
        assert_eq!(frexp_parts(5e-324), (0.5, -1073));
    }
}
