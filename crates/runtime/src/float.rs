//! Python float text: `repr` (shortest round-trip, with Python's switch to
//! exponent notation), the `e`/`f`/`g` presentations, and `round`.
//!
//! Rust's float formatting is exact (correctly rounded, ties to even on the
//! binary value), which is what CPython's dtoa gives, so the digits agree.

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

/// `repr(float)`.
pub fn repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let (digits, exponent) = digits_and_exponent(&format!("{:e}", f.abs()));
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

/// `format(f, ".{precision}f")` for a finite float, without sign handling
/// beyond Rust's (`-0.00` stays negative, as in Python).
pub fn format_fixed(f: f64, precision: usize) -> String {
    format!("{:.*}", precision, f)
}

/// `format(f, ".{precision}e")` for a finite float.
pub fn format_exponent(f: f64, precision: usize, upper: bool) -> String {
    let formatted = format!("{:.*e}", precision, f);
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
    let rounded = format!("{:.*e}", precision - 1, f);
    let (_, exponent) = rounded.split_once('e').unwrap_or((&rounded, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut s = if exponent >= -4 && exponent < precision as i32 {
        format_fixed(f, (precision as i32 - 1 - exponent).max(0) as usize)
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

/// `round(f, ndigits)` with CPython's correctly rounded result.
pub fn round_to_digits(f: f64, ndigits: i64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    if ndigits > 330 {
        return f;
    }
    if ndigits < -330 {
        return 0.0 * f;
    }
    if ndigits >= 0 {
        let text = format!("{:.*}", ndigits as usize, f);
        text.parse().unwrap_or(f)
    } else {
        let scale = 10f64.powi((-ndigits) as i32);
        let y = f / scale;
        let mut z = y.round();
        if (y - z).abs() == 0.5 {
            z = 2.0 * (y / 2.0).round();
        }
        let result = z * scale;
        if result.is_finite() { result } else { 0.0 * f }
    }
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
        assert_eq!(round_to_digits(2.675, 2), 2.67);
        assert_eq!(round_to_digits(1250.0, -2), 1200.0);
        assert_eq!(round_to_digits(1350.0, -2), 1400.0);
    }
}
