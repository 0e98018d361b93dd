//! Python `int` semantics over the three representations: inline small
//! ints (up to 2^47), heap [`WideInt`]s (up to 2^127, machine-word
//! arithmetic) and heap big ints (`num-bigint`, beyond): floor division,
//! modulo, power, shifts, parsing and exact conversion to float.
//!
//! Also the methods of `int` objects.

use crate::methods::*;
use crate::object::Object;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An int too large for an inline value that fits 128 bits: the range of
/// 64-bit masks, `2**61 - 1` moduli and LCG products, where arithmetic
/// stays on machine words. Stored as two halves so heap objects keep an
/// 8-byte alignment.
#[derive(Clone, Copy, Debug)]
pub struct WideInt {
    low: u64,
    high: i64,
}

impl WideInt {
    pub fn new(value: i128) -> WideInt {
        WideInt {
            low: value as u64,
            high: (value >> 64) as i64,
        }
    }
    #[inline]
    pub fn get(self) -> i128 {
        ((self.high as i128) << 64) | self.low as i128
    }

    /// The value as an [`IntRef`]: `Small` when it fits 64 bits.
    #[inline]
    pub fn as_int_ref(self) -> IntRef {
        let wide = self.get();
        i64::try_from(wide).map_or(IntRef::Wide(wide), IntRef::Small)
    }
}

/// Borrowed view of an int-like value (bools count as ints): `Small` for
/// every value that fits 64 bits (inline or wide), `Wide` for the rest of
/// the 128-bit range, `Big` beyond.
pub enum IntRef {
    Small(i64),
    Wide(i128),
    Big(&'static BigInt),
}

impl IntRef {
    pub fn to_bigint(&self) -> BigInt {
        match self {
            IntRef::Small(i) => BigInt::from(*i),
            IntRef::Wide(i) => BigInt::from(*i),
            IntRef::Big(b) => (*b).clone(),
        }
    }
    /// The value as a big int, borrowed when it is one.
    pub fn as_bigint(&self) -> std::borrow::Cow<'static, BigInt> {
        match self {
            IntRef::Big(b) => std::borrow::Cow::Borrowed(*b),
            _ => std::borrow::Cow::Owned(self.to_bigint()),
        }
    }
    pub fn to_i64(&self) -> Option<i64> {
        match self {
            IntRef::Small(i) => Some(*i),
            IntRef::Wide(_) => None,
            IntRef::Big(b) => b.to_i64(),
        }
    }
    /// The value when it fits 128 bits (always, but for big ints).
    #[inline]
    pub fn to_i128(&self) -> Option<i128> {
        match self {
            IntRef::Small(i) => Some(*i as i128),
            IntRef::Wide(i) => Some(*i),
            IntRef::Big(_) => None,
        }
    }
    pub fn is_negative(&self) -> bool {
        match self {
            IntRef::Small(i) => *i < 0,
            IntRef::Wide(i) => *i < 0,
            IntRef::Big(b) => b.is_negative(),
        }
    }
    pub fn is_zero(&self) -> bool {
        match self {
            IntRef::Small(i) => *i == 0,
            IntRef::Wide(i) => *i == 0,
            IntRef::Big(b) => b.is_zero(),
        }
    }
}

/// Views `value` as an int if it is an `int` or a `bool`.
#[inline]
pub fn as_int(value: Value) -> Option<IntRef> {
    if value.is_small_int() {
        return Some(IntRef::Small(value.as_small_int()));
    }
    match value {
        Value::TRUE => return Some(IntRef::Small(1)),
        Value::FALSE => return Some(IntRef::Small(0)),
        _ => {}
    }
    match value.object().map(|o| &o.payload) {
        Some(Object::WideInt(w)) => Some(w.as_int_ref()),
        Some(Object::BigInt(b)) => Some(IntRef::Big(b)),
        _ => None,
    }
}

/// Python's floor division on i128; `None` when `b == 0` or on overflow.
pub fn floor_div_i128(a: i128, b: i128) -> Option<i128> {
    let quotient = a.checked_div(b)?;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        quotient.checked_sub(1)
    } else {
        Some(quotient)
    }
}

/// Python's modulo on i128 (the sign of the divisor); `None` when `b == 0`.
pub fn mod_i128(a: i128, b: i128) -> Option<i128> {
    let remainder = a.checked_rem(b)?;
    if remainder != 0 && ((remainder < 0) != (b < 0)) {
        Some(remainder + b)
    } else {
        Some(remainder)
    }
}

/// Python's floor division on i64; `None` when `b == 0` or on overflow.
pub fn floor_div_i64(a: i64, b: i64) -> Option<i64> {
    if b == 0 || (a == i64::MIN && b == -1) {
        return None;
    }
    Some(Integer::div_floor(&a, &b))
}

/// Python's modulo on i64 (sign of the divisor).
pub fn mod_i64(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(0);
    }
    Some(Integer::mod_floor(&a, &b))
}

pub fn floor_div_big(a: &BigInt, b: &BigInt) -> BigInt {
    match divide_with_small_quotient(a, b) {
        Some((quotient, _)) => BigInt::from(quotient),
        None => a.div_floor(b),
    }
}

pub fn mod_big(a: &BigInt, b: &BigInt) -> BigInt {
    match divide_with_small_quotient(a, b) {
        Some((_, remainder)) => remainder,
        None => a.mod_floor(b),
    }
}

/// Quotient and remainder of `a // b` for a non-negative `a` and a
/// positive multi-word `b` whose quotient fits a machine word: the case of
/// digit extraction (`pidigits`) and of reducing a number a little larger
/// than its modulus. The general division shifts both operands into new
/// buffers and runs a digit loop; here the quotient is estimated from the
/// top 128 bits and settled with one product and one subtraction.
/// `None` for the other cases.
fn divide_with_small_quotient(a: &BigInt, b: &BigInt) -> Option<(u64, BigInt)> {
    use num_bigint::Sign;
    if a.sign() == Sign::Minus || b.sign() != Sign::Plus {
        return None;
    }
    let (a_bits, b_bits) = (a.bits(), b.bits());
    if b_bits <= 64 || a_bits >= b_bits + 63 {
        return None;
    }
    if a_bits < b_bits {
        return Some((0, a.clone()));
    }
    // b's top 64 bits (the leading one included) and a's bits above the
    // same position: 127 bits at most.
    let shift = b_bits - 64;
    let a_top = (a.magnitude() >> shift).to_u128()?;
    let b_top = (b.magnitude() >> shift).to_u64()?;
    // a_top / b_top is within a couple of the true quotient: the dropped
    // low bits make b_top at most 1 too small and a_top at most 1 too
    // small, against a divisor of at least 2^63.
    let mut quotient = u64::try_from(a_top / b_top as u128).ok()?;
    let mut product = b.magnitude() * quotient;
    while &product > a.magnitude() {
        quotient -= 1;
        product -= b.magnitude();
    }
    let mut remainder = a.magnitude() - product;
    while &remainder >= b.magnitude() {
        quotient += 1;
        remainder -= b.magnitude();
    }
    Some((quotient, BigInt::from(remainder)))
}

/// `a ** b` for a non-negative exponent.
pub fn pow_big(base: &BigInt, exponent: u64) -> BigInt {
    let mut result = BigInt::one();
    let mut base = base.clone();
    let mut e = exponent;
    while e > 0 {
        if e & 1 == 1 {
            result *= &base;
        }
        e >>= 1;
        if e > 0 {
            base = &base * &base;
        }
    }
    result
}

/// Exact int → float conversion; `None` when the int is too large.
pub fn int_to_f64(i: &IntRef) -> Option<f64> {
    match i {
        IntRef::Small(i) => Some(*i as f64),
        // Rust rounds integer-to-float casts to nearest, ties to even.
        IntRef::Wide(i) => Some(*i as f64),
        IntRef::Big(b) => {
            let f = b.to_f64()?;
            if f.is_finite() { Some(f) } else { None }
        }
    }
}

/// Compares an int with a float exactly (no rounding of the int).
/// Returns `None` when the float is NaN.
pub fn compare_int_float(i: &IntRef, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let IntRef::Small(s) = i
        && s.unsigned_abs() < (1u64 << 53)
    {
        return (*s as f64).partial_cmp(&f);
    }
    // Compare against the float's integer part exactly, then the fraction.
    let floor = f.floor();
    let floor_int = float_to_bigint(floor)?;
    let value = i.to_bigint();
    match value.cmp(&floor_int) {
        Ordering::Equal => {
            if f > floor {
                Some(Ordering::Less)
            } else {
                Some(Ordering::Equal)
            }
        }
        other => Some(other),
    }
}

/// The exact integer value of a finite, integral float.
pub fn float_to_bigint(f: f64) -> Option<BigInt> {
    if !f.is_finite() {
        return None;
    }
    let f = f.trunc();
    if f.abs() < 9.0e15 {
        return Some(BigInt::from(f as i64));
    }
    let bits = f.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let mut result = BigInt::from(mantissa);
    if exponent > 0 {
        result <<= exponent as usize;
    } else {
        result >>= (-exponent) as usize;
    }
    if f < 0.0 {
        result = -result;
    }
    Some(result)
}

/// An integer argument that must fit a `Py_ssize_t` (CPython's `n`
/// argument format): `TypeError` for a non-int, `OverflowError` when too
/// large.
pub fn ssize_argument(rt: &mut crate::Runtime, value: crate::Value) -> crate::PyResult<i64> {
    let Some(i) = as_int(value).filter(|_| !value.is_float()) else {
        let message = format!(
            "'{}' object cannot be interpreted as an integer",
            rt.type_name(value)
        );
        return Err(rt.type_error(message));
    };
    i.to_i64()
        .ok_or_else(|| rt.overflow_error("Python int too large to convert to C ssize_t"))
}

/// An integer argument that must fit a C `int` (CPython's `i` format).
pub fn c_int_argument(rt: &mut crate::Runtime, value: crate::Value) -> crate::PyResult<i32> {
    let Some(i) = as_int(value).filter(|_| !value.is_float()) else {
        let message = format!(
            "'{}' object cannot be interpreted as an integer",
            rt.type_name(value)
        );
        return Err(rt.type_error(message));
    };
    i.to_i64()
        .and_then(|i| i32::try_from(i).ok())
        .ok_or_else(|| rt.overflow_error("Python int too large to convert to C int"))
}

/// The decimal digits of `i`, or CPython's `ValueError` when it has more
/// than `sys.get_int_max_str_digits()` digits.
pub fn decimal_string_checked(rt: &mut crate::Runtime, i: &BigInt) -> crate::PyResult<String> {
    let limit = crate::builtins::int_max_str_digits();
    // An int of `bits` bits has at most `bits * log10(2) + 1` digits:
    // below the limit, no check.
    let may_exceed =
        limit != 0 && (i.bits() as f64) * std::f64::consts::LOG10_2 + 1.0 > limit as f64;
    let text = i.to_string();
    if may_exceed {
        let digits = text.trim_start_matches('-').len();
        if digits > limit {
            let message = format!(
                "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
            );
            return Err(rt.value_error(message));
        }
    }
    Ok(text)
}

/// Formats an int in `radix` (2, 8, 10 or 16) without prefix.
pub fn to_string_radix(i: &IntRef, radix: u32) -> String {
    match i {
        IntRef::Small(v) if radix == 10 => v.to_string(),
        IntRef::Small(v) => {
            let magnitude = v.unsigned_abs();
            let digits = match radix {
                2 => format!("{magnitude:b}"),
                8 => format!("{magnitude:o}"),
                _ => format!("{magnitude:x}"),
            };
            if *v < 0 { format!("-{digits}") } else { digits }
        }
        IntRef::Wide(v) if radix == 10 => v.to_string(),
        IntRef::Wide(_) | IntRef::Big(_) => i.to_bigint().to_str_radix(radix),
    }
}

/// Parses a Python int literal as `int(text, base)` does. `None` on a
/// malformed literal.
pub fn parse_int(text: &str, base: u32) -> Option<BigInt> {
    let trimmed = text.trim_matches(crate::unicode::is_ascii_space);
    let (negative, rest) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let lower = rest.to_ascii_lowercase();
    let (mut base, mut digits) = (base, lower.as_str());
    let prefix = |d: &str, p: &str| d.len() > 2 && d.starts_with(p);
    let mut had_prefix = true;
    if (base == 16 || base == 0) && prefix(digits, "0x") {
        base = 16;
        digits = &digits[2..];
    } else if (base == 8 || base == 0) && prefix(digits, "0o") {
        base = 8;
        digits = &digits[2..];
    } else if (base == 2 || base == 0) && prefix(digits, "0b") {
        base = 2;
        digits = &digits[2..];
    } else {
        had_prefix = false;
        if base == 0 {
            // Base 0 forbids leading zeros on non-zero decimal literals.
            if digits.len() > 1
                && digits.starts_with('0')
                && digits.chars().any(|c| c != '0' && c != '_')
            {
                return None;
            }
            base = 10;
        }
    }
    // A prefix may be followed by one underscore (`0x_ff`).
    if had_prefix {
        digits = digits.strip_prefix('_').unwrap_or(digits);
    }
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let cleaned: String = digits.chars().filter(|c| *c != '_').collect();
    if !cleaned.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let value = BigInt::parse_bytes(cleaned.as_bytes(), base)?;
    Some(if negative { -value } else { value })
}

// ---- methods ------------------------------------------------------------------------

/// `int.bit_count()`: ones in the binary form of `abs(self)`.
pub(crate) fn int_bit_count(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "bit_count", args, kw, 0, 0)?;
    let ones = match as_int(args[0]) {
        Some(i) => i
            .to_bigint()
            .magnitude()
            .iter_u64_digits()
            .map(|d| u64::from(d.count_ones()))
            .sum(),
        None => 0,
    };
    Ok(rt.new_int(ones as i64))
}

/// `int.conjugate()` / `float.conjugate()`: the number itself (a bool
/// becomes the int it is).
pub(crate) fn number_conjugate(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "conjugate", args, kw, 0, 0)?;
    Ok(match args[0] {
        Value::TRUE => Value::small_int(1),
        Value::FALSE => Value::small_int(0),
        other => other,
    })
}

pub(crate) fn int_bit_length(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "bit_length", args, kw, 0, 0)?;
    let bits = match as_int(args[0]) {
        Some(i) => i.to_bigint().bits(),
        None => 0,
    };
    Ok(rt.new_int(bits as i64))
}

pub(crate) fn int_as_integer_ratio(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "as_integer_ratio", args, kw, 0, 0)?;
    let value = as_int(args[0]).map_or(Value::small_int(0), |i| {
        // A bool's ratio is made of plain ints.
        match i.to_i64() {
            Some(small) => Value::small_int(small),
            None => args[0],
        }
    });
    Ok(rt.new_tuple(vec![value, Value::small_int(1)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_semantics_match_python() {
        assert_eq!(floor_div_i64(-7, 2), Some(-4));
        assert_eq!(mod_i64(-7, 2), Some(1));
        assert_eq!(mod_i64(7, -2), Some(-1));
        assert_eq!(floor_div_i64(1, 0), None);
    }

    #[test]
    fn small_quotient_division_agrees_with_the_general_one() {
        // Divisors just past one word up to several words, dividends from
        // below the divisor to 2^62 times it, with low words that push
        // the top-bits estimate off by one either way.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut checked = 0;
        for round in 0..4000 {
            let words = 2 + round % 5;
            let mut b = BigInt::from(next() | 1 << 63);
            for _ in 1..words {
                b = (b << 64) + BigInt::from(if round % 3 == 0 { u64::MAX } else { next() });
            }
            let factor = BigInt::from(next() >> (2 + round % 62));
            let low = match round % 4 {
                0 => BigInt::from(0),
                1 => &b - 1,
                2 => BigInt::from(next()) % &b,
                _ => (&b - 1) >> 1,
            };
            let a = &b * &factor + low;
            let (quotient, remainder) =
                divide_with_small_quotient(&a, &b).expect("quotient fits a word");
            assert_eq!(BigInt::from(quotient), a.div_floor(&b), "{a} // {b}");
            assert_eq!(remainder, a.mod_floor(&b), "{a} % {b}");
            assert_eq!(floor_div_big(&a, &b), a.div_floor(&b));
            checked += 1;
        }
        assert_eq!(checked, 4000);
        // Outside its case it declines and the general division answers.
        let b = BigInt::from(u64::MAX) << 64;
        assert!(divide_with_small_quotient(&-&b, &b).is_none());
        assert!(divide_with_small_quotient(&(&b << 70), &b).is_none());
        let past_minus_b: BigInt = -(&b + BigInt::one());
        assert_eq!(floor_div_big(&past_minus_b, &b), BigInt::from(-2));
        assert_eq!(mod_big(&past_minus_b, &b), &b - BigInt::one());
    }

    #[test]
    fn parses_python_literals() {
        assert_eq!(parse_int(" 42 ", 10), Some(BigInt::from(42)));
        assert_eq!(parse_int("-0x1f", 0), Some(BigInt::from(-31)));
        assert_eq!(parse_int("ff", 16), Some(BigInt::from(255)));
        assert_eq!(parse_int("1_000", 10), Some(BigInt::from(1000)));
        assert_eq!(parse_int("012", 0), None);
        assert_eq!(parse_int("12a", 10), None);
        assert_eq!(parse_int("", 10), None);
        assert_eq!(parse_int("0x_ff", 16), Some(BigInt::from(255)));
        assert_eq!(parse_int("_ff", 16), None);
        assert_eq!(parse_int("0b_", 0), None);
    }

    #[test]
    fn compares_ints_and_floats_exactly() {
        use std::cmp::Ordering;
        let big = BigInt::from(2u64.pow(53) + 1);
        let big = Box::leak(Box::new(big));
        assert_eq!(
            compare_int_float(&IntRef::Big(big), 9007199254740992.0),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare_int_float(&IntRef::Small(1), 1.5),
            Some(Ordering::Less)
        );
        assert_eq!(
            compare_int_float(&IntRef::Small(-2), -2.0),
            Some(Ordering::Equal)
        );
    }
}
