//! Python float text: `repr` (shortest round-trip, with Python's switch to
//! exponent notation), the `e`/`f`/`g` presentations, and `round`.
//!
//! Rust's float formatting is exact (correctly rounded, ties to even on the
//! binary value), which is what CPython's dtoa gives, so the digits agree.
//!
//! Also the methods of `float` objects.

use crate::methods::*;
use crate::value::Value;
use crate::{Host, PyResult, Runtime};

/// Splits `{:e}` output of a non-negative finite float into its significant
/// digits and decimal exponent: `1.25e-3` → (`"125"`, -3).
fn digits_and_exponent(formatted: &str) -> (String, i32) {
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((formatted, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    (digits, exponent.parse().unwrap_or(0))
}

fn exponent_suffix(exponent: i32) -> String {
    format!(
        "e{}{:02}",
        if exponent < 0 { '-' } else { '+' },
        exponent.abs()
    )
}

/// The shortest digits that round-trip to `f` (finite, non-negative) and
/// the decimal exponent of the first. Rust's shortest formatting is used,
/// then CPython's rule for a tie is applied: when another string of the
/// same length also round-trips, the one nearest the exact binary value
/// wins, and between two equally near ones the even last digit
/// (`1000000000000000.25` prints as `...0.2`, not `...0.3`).
fn shortest_digits(f: f64) -> (String, i32) {
    let (digits, exponent) = digits_and_exponent(&format!("{:e}", f));
    if f == 0.0 || digits.len() < 2 {
        return (digits, exponent);
    }
    let Ok(mantissa) = digits.parse::<u64>() else {
        return (digits, exponent);
    };
    // The candidates share the length: `mantissa ± 1` at the same scale.
    let scale = exponent - (digits.len() as i32 - 1);
    let round_trips = |m: u64| format!("{m}e{scale}").parse::<f64>() == Ok(f);
    let neighbours: Vec<u64> = [mantissa.wrapping_sub(1), mantissa + 1]
        .into_iter()
        .filter(|m| m.to_string().len() == digits.len() && round_trips(*m))
        .collect();
    if neighbours.is_empty() {
        return (digits, exponent);
    }
    let mut best = mantissa;
    for candidate in neighbours {
        match compare_distance(candidate, best, scale, f) {
            std::cmp::Ordering::Less => best = candidate,
            std::cmp::Ordering::Equal if candidate % 2 == 0 => best = candidate,
            _ => {}
        }
    }
    (best.to_string(), exponent)
}

/// Compares `|a·10^scale − f|` with `|b·10^scale − f|` exactly.
fn compare_distance(a: u64, b: u64, scale: i32, f: f64) -> std::cmp::Ordering {
    use num_bigint::BigInt;
    // f = significand · 2^binary_exponent exactly.
    let bits = f.to_bits();
    let raw_exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (significand, binary_exponent) = if raw_exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), raw_exponent - 1075)
    };
    // Multiply everything by 2^max(0, -binary_exponent) · 10^max(0, -scale)
    // so all three values are integers.
    let two = BigInt::from(2);
    let ten = BigInt::from(10);
    let mut exact = BigInt::from(significand);
    let mut a = BigInt::from(a);
    let mut b = BigInt::from(b);
    if binary_exponent >= 0 {
        exact *= two.pow(binary_exponent as u32);
    } else {
        let factor = two.pow((-binary_exponent) as u32);
        a *= &factor;
        b *= &factor;
    }
    if scale >= 0 {
        let factor = ten.pow(scale as u32);
        a *= &factor;
        b *= &factor;
    } else {
        exact *= ten.pow((-scale) as u32);
    }
    let distance_a = (a - &exact).magnitude().clone();
    let distance_b = (b - &exact).magnitude().clone();
    distance_a.cmp(&distance_b)
}

/// `repr(float)`.
pub fn repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let (digits, exponent) = shortest_digits(f.abs());
    let body = if !(-4..16).contains(&exponent) {
        let mut s = digits[..1].to_string();
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s + &exponent_suffix(exponent)
    } else {
        place_decimal_point(&digits, exponent, true)
    };
    format!("{sign}{body}")
}

/// Writes `digits` (significant digits, first one at 10^exponent) in fixed
/// notation. With `force_fraction`, an integral result gets `.0`.
fn place_decimal_point(digits: &str, exponent: i32, force_fraction: bool) -> String {
    let n = digits.len() as i32;
    if exponent < 0 {
        format!("0.{}{}", "0".repeat((-exponent - 1) as usize), digits)
    } else if n <= exponent + 1 {
        let whole = format!("{}{}", digits, "0".repeat((exponent + 1 - n) as usize));
        if force_fraction { whole + ".0" } else { whole }
    } else {
        let split = (exponent + 1) as usize;
        format!("{}.{}", &digits[..split], &digits[split..])
    }
}

/// Digits after the point beyond which every finite f64 is exact (the
/// smallest subnormal has 1074 fractional digits); also above the
/// significant-digit count of any f64 (767). Rust's formatter refuses
/// precisions above 65535, so larger ones format at this precision and
/// append zeros, which is exact.
const EXACT_DIGITS: usize = 1100;

/// `format(f, ".{precision}f")` for a finite float, without sign handling
/// beyond Rust's (`-0.00` stays negative, as in Python).
pub fn format_fixed(f: f64, precision: usize) -> String {
    if precision <= EXACT_DIGITS {
        return format!("{:.*}", precision, f);
    }
    let mut text = format!("{:.*}", EXACT_DIGITS, f);
    text.extend(std::iter::repeat_n('0', precision - EXACT_DIGITS));
    text
}

/// `format(f, ".{precision}e")` for a finite float.
pub fn format_exponent(f: f64, precision: usize, upper: bool) -> String {
    let formatted = if precision <= EXACT_DIGITS {
        format!("{:.*e}", precision, f)
    } else {
        let text = format!("{:.*e}", EXACT_DIGITS, f);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let zeros = "0".repeat(precision - EXACT_DIGITS);
        format!("{mantissa}{zeros}e{exponent}")
    };
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let e = exponent_suffix(exponent);
    let s = format!("{mantissa}{e}");
    if upper { s.to_uppercase() } else { s }
}

/// `format(f, ".{precision}g")`, or the empty presentation type when
/// `empty_type` (which keeps at least one fractional digit in fixed form).
pub fn format_general(
    f: f64,
    precision: usize,
    alternate: bool,
    upper: bool,
    empty_type: bool,
) -> String {
    let precision = precision.max(1);
    if f == 0.0 {
        let sign = if f.is_sign_negative() { "-" } else { "" };
        return if alternate {
            format!("{sign}0.{}", "0".repeat(precision - 1))
        } else if empty_type {
            format!("{sign}0.0")
        } else {
            format!("{sign}0")
        };
    }
    // Digits past the 767th significant one are zeros: the exponent of the
    // rounded value is the same at any larger precision.
    let rounded = format!("{:.*e}", (precision - 1).min(EXACT_DIGITS), f);
    let (_, exponent) = rounded.split_once('e').unwrap_or((&rounded, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    // The empty presentation type switches to exponent notation one digit
    // earlier (CPython's `Py_DTSF_ADD_DOT_0` with 'g').
    let threshold = if empty_type {
        precision as i64 - 1
    } else {
        precision as i64
    };
    let mut s = if exponent >= -4 && (exponent as i64) < threshold {
        format_fixed(f, (precision as i64 - 1 - exponent as i64).max(0) as usize)
    } else {
        format_exponent(f, precision - 1, upper)
    };
    if !alternate {
        // Strip trailing zeros of the fractional part.
        let (number, suffix) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let mut number = number;
        if number.contains('.') {
            while number.ends_with('0') {
                number.pop();
            }
            if number.ends_with('.') {
                number.pop();
            }
        }
        if empty_type && suffix.is_empty() && !number.contains('.') {
            number.push_str(".0");
        }
        s = number + &suffix;
    } else if !s.contains('.') {
        match s.find(['e', 'E']) {
            Some(i) => s.insert(i, '.'),
            None => s.push('.'),
        }
    }
    s
}

/// `round(f, ndigits)` with CPython's correctly rounded result; `None`
/// when the rounded value overflows (CPython's `OverflowError`).
pub fn round_to_digits(f: f64, ndigits: i64) -> Option<f64> {
    if !f.is_finite() || f == 0.0 {
        return Some(f);
    }
    if ndigits > 330 {
        return Some(f);
    }
    if ndigits < -330 {
        return Some(0.0 * f);
    }
    if ndigits >= 0 {
        let text = format!("{:.*}", ndigits as usize, f);
        return Some(text.parse().unwrap_or(f));
    }
    // Round the exact decimal value at 10**(-ndigits), half to even, then
    // parse the digits back (what CPython's dtoa mode 3 + strtod do).
    let places = (-ndigits) as usize;
    let exact = format!("{:.1100}", f.abs());
    let (whole, fraction) = exact.split_once('.').unwrap_or((&exact, ""));
    if whole.len() < places {
        return Some(0.0 * f);
    }
    let split = whole.len() - places;
    let (kept, dropped) = (&whole[..split], &whole[split..]);
    let rest: String = dropped.chars().chain(fraction.chars()).collect();
    let rest = rest.trim_end_matches('0');
    let half = std::cmp::Ordering::Equal;
    let comparison = match rest.as_bytes().first() {
        None => std::cmp::Ordering::Less,
        Some(b) if *b > b'5' => std::cmp::Ordering::Greater,
        Some(b) if *b < b'5' => std::cmp::Ordering::Less,
        Some(_) => {
            if rest.len() > 1 {
                std::cmp::Ordering::Greater
            } else {
                half
            }
        }
    };
    let last_odd = kept.as_bytes().last().is_some_and(|d| (d - b'0') % 2 == 1);
    let round_up = comparison == std::cmp::Ordering::Greater || (comparison == half && last_odd);
    let mut digits: Vec<u8> = if kept.is_empty() {
        vec![b'0']
    } else {
        kept.as_bytes().to_vec()
    };
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let text = format!("{}e{}", String::from_utf8_lossy(&digits), places);
    let magnitude: f64 = text.parse().unwrap_or(0.0);
    let result = if f < 0.0 { -magnitude } else { magnitude };
    result.is_finite().then_some(result)
}

// ---- methods ------------------------------------------------------------------------

pub(crate) fn float_is_integer(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "is_integer", args, kw, 0, 0)?;
    let f = args[0].as_float();
    Ok(Value::bool(f.is_finite() && f.fract() == 0.0))
}

/// `float.as_integer_ratio()`: the exact value as a fraction in lowest
/// terms with a positive denominator.
pub(crate) fn float_as_integer_ratio(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    use num_bigint::BigInt;
    arity(rt, "as_integer_ratio", args, kw, 0, 0)?;
    let f = args[0].as_float();
    if f.is_infinite() {
        return Err(rt.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if f.is_nan() {
        return Err(rt.value_error("cannot convert NaN to integer ratio"));
    }
    let bits = f.to_bits();
    let raw_exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mut significand, mut exponent) = if raw_exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), raw_exponent - 1075)
    };
    if significand == 0 {
        exponent = 0;
    }
    // Lowest terms: strip common factors of two.
    while significand != 0 && significand & 1 == 0 && exponent < 0 {
        significand >>= 1;
        exponent += 1;
    }
    let mut numerator = BigInt::from(significand);
    let mut denominator = BigInt::from(1);
    if exponent >= 0 {
        numerator <<= exponent as usize;
    } else {
        denominator <<= (-exponent) as usize;
    }
    if f < 0.0 {
        numerator = -numerator;
    }
    let numerator = rt.new_bigint(numerator);
    let denominator = rt.new_bigint(denominator);
    Ok(rt.new_tuple(vec![numerator, denominator]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python() {
        let cases = [
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.5, "1.5"),
            (123456789.125, "123456789.125"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (100.0, "100.0"),
        ];
        for (value, expected) in cases {
            assert_eq!(repr(value), expected);
        }
    }

    #[test]
    fn general_format_matches_python() {
        assert_eq!(format_general(1234.5, 2, false, false, true), "1.2e+03");
        assert_eq!(format_general(10.0, 3, false, false, true), "10.0");
        assert_eq!(
            format_general(0.0001234, 6, false, false, false),
            "0.0001234"
        );
        assert_eq!(
            format_general(123456789.0, 6, false, false, false),
            "1.23457e+08"
        );
        assert_eq!(format_general(2.5, 6, true, false, false), "2.50000");
    }

    #[test]
    fn exponent_and_rounding() {
        assert_eq!(format_exponent(12345.678, 2, false), "1.23e+04");
        assert_eq!(round_to_digits(2.675, 2), Some(2.67));
        assert_eq!(round_to_digits(1250.0, -2), Some(1200.0));
        assert_eq!(round_to_digits(1350.0, -2), Some(1400.0));
        assert_eq!(round_to_digits(1250.5, -2), Some(1300.0));
        assert_eq!(round_to_digits(1e300, -300), Some(1e300));
        assert_eq!(round_to_digits(-1550.0, -2), Some(-1600.0));
        assert_eq!(round_to_digits(49.0, -2), Some(0.0));
        assert_eq!(round_to_digits(f64::MAX, -308), None);
    }
}
