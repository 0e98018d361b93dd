//! String formatting: the format-spec mini-language (`format()`,
//! f-strings, `str.format`) and printf-style `%` formatting.
//!
//! Every width and precision comes from user text, so sizes are checked
//! (CPython's "Too many decimal digits" for numbers that do not fit a
//! `Py_ssize_t`) and output buffers are reserved fallibly: a width of
//! `10**12` raises `MemoryError`, never aborts.

use num_bigint::BigInt;
use num_traits::Signed;

use crate::object::Object;
use crate::objects::int::{self, IntRef, as_int};
use crate::value::Value;
use crate::{PyResult, Runtime, as_str};

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug, Default)]
pub struct FormatSpec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    /// `z`: negative zero coerced to positive zero (floats only).
    pub coerce_negative_zero: bool,
    pub alternate: bool,
    /// The `0` flag: fill with zeros, `=` alignment for numbers.
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub kind: Option<char>,
}

/// Largest width or precision CPython accepts (`PY_SSIZE_T_MAX`).
const MAX_FORMAT_NUMBER: u128 = i64::MAX as u128;

/// Parses a run of decimal digits as a width or precision.
fn parse_format_number(rt: &mut Runtime, digits: &[char]) -> PyResult<usize> {
    let mut value: u128 = 0;
    for c in digits {
        value = value * 10 + c.to_digit(10).unwrap_or(0) as u128;
        if value > MAX_FORMAT_NUMBER {
            return Err(rt.value_error("Too many decimal digits in format string"));
        }
    }
    usize::try_from(value).map_err(|_| rt.value_error("Too many decimal digits in format string"))
}

/// Parses a format spec for a value of type `type_name` (for messages).
pub fn parse_spec(rt: &mut Runtime, spec: &str, type_name: &str) -> PyResult<FormatSpec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut result = FormatSpec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    if chars.len() >= 2 && is_align(chars[1]) {
        result.fill = Some(chars[0]);
        result.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        result.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        result.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        result.coerce_negative_zero = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        result.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' && result.fill.is_none() {
        result.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        result.width = parse_format_number(rt, &chars[start..i])?;
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        result.grouping = Some(chars[i]);
        i += 1;
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            return Err(rt.value_error("Cannot specify both ',' and '_'."));
        }
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(rt.value_error("Format specifier missing precision"));
        }
        result.precision = Some(parse_format_number(rt, &chars[start..i])?);
    }
    if i + 1 < chars.len() || (i < chars.len() && !chars[i].is_alphanumeric() && chars[i] != '%') {
        let message = format!("Invalid format specifier '{spec}' for object of type '{type_name}'");
        return Err(rt.value_error(message));
    }
    if i < chars.len() {
        result.kind = Some(chars[i]);
    }
    if let Some(separator) = result.grouping {
        let allowed = match result.kind {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'F' | 'G' | '%') => true,
            Some('b' | 'o' | 'x' | 'X') => separator == '_',
            _ => false,
        };
        if !allowed {
            let kind = result.kind.unwrap_or(' ');
            let message = format!("Cannot specify '{separator}' with '{kind}'.");
            return Err(rt.value_error(message));
        }
    }
    Ok(result)
}

use crate::alloc::string_with_capacity;

/// Pads `sign_and_prefix` + `body` to the spec's width.
fn pad(
    rt: &mut Runtime,
    spec: &FormatSpec,
    sign_and_prefix: &str,
    body: &str,
    default_align: char,
) -> PyResult<String> {
    let fill = spec.fill.unwrap_or(if spec.zero { '0' } else { ' ' });
    let align = spec.align.unwrap_or(if spec.zero && default_align == '>' {
        '='
    } else {
        default_align
    });
    // No width (the usual case) needs no character count.
    if spec.width == 0 || spec.width <= sign_and_prefix.chars().count() + body.chars().count() {
        return Ok(format!("{sign_and_prefix}{body}"));
    }
    let length = sign_and_prefix.chars().count() + body.chars().count();
    let padding = spec.width - length;
    let Some(capacity) = padding
        .checked_mul(fill.len_utf8())
        .and_then(|n| n.checked_add(sign_and_prefix.len() + body.len()))
    else {
        return Err(rt.memory_error());
    };
    let mut out = string_with_capacity(rt, capacity)?;
    let fills = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(fill, n));
    match align {
        '<' => {
            out.push_str(sign_and_prefix);
            out.push_str(body);
            fills(&mut out, padding);
        }
        '^' => {
            fills(&mut out, padding / 2);
            out.push_str(sign_and_prefix);
            out.push_str(body);
            fills(&mut out, padding - padding / 2);
        }
        '=' => {
            out.push_str(sign_and_prefix);
            fills(&mut out, padding);
            out.push_str(body);
        }
        _ => {
            fills(&mut out, padding);
            out.push_str(sign_and_prefix);
            out.push_str(body);
        }
    }
    Ok(out)
}

/// Inserts `separator` every `group` digits from the right of `digits`,
/// then (zero padding) keeps adding leading zeros, and separators where
/// they fall, until the result is at least `min_width` characters; it never
/// starts with a separator (CPython's `_PyUnicode_InsertThousandsGrouping`).
fn group_digits(
    rt: &mut Runtime,
    digits: &str,
    separator: Option<char>,
    group: usize,
    min_width: usize,
) -> PyResult<String> {
    let digits: Vec<char> = digits.chars().collect();
    if min_width > digits.len() && min_width.checked_mul(2).is_none() {
        return Err(rt.memory_error());
    }
    // `char`s take 4 bytes each, the string as many again.
    let mut reversed: Vec<char> =
        crate::alloc::vec_with_capacity(rt, min_width.max(digits.len() * 2))?;
    if crate::alloc::exceeds_limit(min_width.saturating_mul(8)) {
        return Err(rt.memory_error());
    }
    let mut count = 0;
    let mut push_digit = |out: &mut Vec<char>, d: char| {
        if let Some(separator) = separator
            && count > 0
            && count % group == 0
        {
            out.push(separator);
        }
        out.push(d);
        count += 1;
    };
    for d in digits.iter().rev() {
        push_digit(&mut reversed, *d);
    }
    while reversed.len() < min_width {
        push_digit(&mut reversed, '0');
    }
    Ok(reversed.iter().rev().collect())
}

fn sign_text(negative: bool, sign: Option<char>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// The minimum digit-area width when zero padding applies (the `0` flag or
/// an explicit `0=` fill), after `leading` sign/prefix characters.
fn zero_pad_width(spec: &FormatSpec, leading: usize) -> usize {
    let zero_fill = spec.fill.unwrap_or(if spec.zero { '0' } else { ' ' }) == '0';
    let align = spec.align.unwrap_or(if spec.zero { '=' } else { '>' });
    if zero_fill && align == '=' {
        spec.width.saturating_sub(leading)
    } else {
        0
    }
}

/// `format(value, spec)`.
pub fn format_value(rt: &mut Runtime, value: Value, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return crate::repr::to_str(rt, value);
    }
    let type_name = rt.type_name(value);
    let spec = parse_spec(rt, spec_text, type_name)?;
    if let Some(text) = as_str(value) {
        return format_str(rt, text, &spec);
    }
    if value.is_float() {
        return format_float(rt, value.as_float(), &spec);
    }
    if let Some(i) = as_int(value) {
        if matches!(spec.kind, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
            let Some(f) = int::int_to_f64(&i) else {
                return Err(rt.overflow_error("int too large to convert to float"));
            };
            return format_float(rt, f, &spec);
        }
        return format_int(rt, &i, &spec);
    }
    let message = format!(
        "unsupported format string passed to {}.__format__",
        rt.type_name(value)
    );
    Err(rt.type_error(message))
}

fn format_str(rt: &mut Runtime, text: &str, spec: &FormatSpec) -> PyResult<String> {
    if let Some(kind) = spec.kind
        && kind != 's'
    {
        let message = format!("Unknown format code '{kind}' for object of type 'str'");
        return Err(rt.value_error(message));
    }
    if spec.sign.is_some() {
        return Err(rt.value_error("Sign not allowed in string format specifier"));
    }
    if let Some(separator) = spec.grouping {
        let message = format!("Cannot specify '{separator}' with 's'.");
        return Err(rt.value_error(message));
    }
    if spec.alternate {
        return Err(rt.value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if spec.coerce_negative_zero {
        return Err(
            rt.value_error("Negative zero coercion (z) not allowed in string format specifier")
        );
    }
    if spec.align == Some('=') {
        return Err(rt.value_error("'=' alignment not allowed in string format specifier"));
    }
    let body: String = match spec.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    pad(rt, spec, "", &body, '<')
}

fn format_int(rt: &mut Runtime, i: &IntRef, spec: &FormatSpec) -> PyResult<String> {
    let kind = spec.kind.unwrap_or('d');
    if !matches!(kind, 'd' | 'n' | 'b' | 'o' | 'x' | 'X' | 'c') {
        let message = format!("Unknown format code '{kind}' for object of type 'int'");
        return Err(rt.value_error(message));
    }
    if spec.precision.is_some() {
        return Err(rt.value_error("Precision not allowed in integer format specifier"));
    }
    if spec.coerce_negative_zero {
        return Err(
            rt.value_error("Negative zero coercion (z) not allowed in integer format specifier")
        );
    }
    let negative = i.is_negative();
    let (radix, prefix) = match kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'c' => {
            if spec.sign.is_some() {
                return Err(rt.value_error("Sign not allowed with integer format specifier 'c'"));
            }
            if spec.alternate {
                return Err(rt.value_error(
                    "Alternate form (#) not allowed with integer format specifier 'c'",
                ));
            }
            let Some(c) = i
                .to_i64()
                .and_then(|c| u32::try_from(c).ok())
                .and_then(char::from_u32)
            else {
                return Err(rt.overflow_error("%c arg not in range(0x110000)"));
            };
            return pad(rt, spec, "", &c.to_string(), '>');
        }
        _ => (10, ""),
    };
    let magnitude: BigInt = i.to_bigint().abs();
    let mut digits = if radix == 10 {
        int::decimal_string_checked(rt, &magnitude)?
    } else {
        magnitude.to_str_radix(radix)
    };
    if kind == 'X' {
        digits = digits.to_uppercase();
    }
    let mut head = sign_text(negative, spec.sign).to_string();
    if spec.alternate {
        head.push_str(prefix);
    }
    let group = if radix == 10 { 3 } else { 4 };
    let min_width = zero_pad_width(spec, head.chars().count());
    let digits = group_digits(rt, &digits, spec.grouping, group, min_width)?;
    pad(rt, spec, &head, &digits, '>')
}

fn format_float(rt: &mut Runtime, f: f64, spec: &FormatSpec) -> PyResult<String> {
    let kind = spec.kind;
    if !matches!(
        kind,
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')
    ) {
        let other = kind.unwrap_or(' ');
        let message = format!("Unknown format code '{other}' for object of type 'float'");
        return Err(rt.value_error(message));
    }
    let upper = matches!(kind, Some('E' | 'F' | 'G'));
    let mut negative = f.is_sign_negative() && !f.is_nan();
    let magnitude = f.abs();
    let precision = spec.precision.unwrap_or(6);
    if precision > 1000 {
        // The text holds about `precision` characters: fail cleanly when
        // they cannot be had.
        string_with_capacity(rt, precision.saturating_add(400))?;
    }
    let mut body = if !magnitude.is_finite() {
        let text = if magnitude.is_nan() { "nan" } else { "inf" };
        let text = if upper {
            text.to_uppercase()
        } else {
            text.to_string()
        };
        if kind == Some('%') { text + "%" } else { text }
    } else {
        match kind {
            Some('f' | 'F') => crate::objects::float::format_fixed(magnitude, precision),
            Some('e' | 'E') => crate::objects::float::format_exponent(magnitude, precision, upper),
            Some('g' | 'G' | 'n') => crate::objects::float::format_general(
                magnitude,
                precision,
                spec.alternate,
                upper,
                false,
            ),
            Some('%') => crate::objects::float::format_fixed(magnitude * 100.0, precision) + "%",
            _ => match spec.precision {
                None => crate::objects::float::repr(magnitude),
                Some(p) => {
                    crate::objects::float::format_general(magnitude, p, spec.alternate, false, true)
                }
            },
        }
    };
    if spec.coerce_negative_zero
        && negative
        && body.bytes().all(|b| !b.is_ascii_digit() || b == b'0')
    {
        negative = false;
    }
    if spec.alternate
        && magnitude.is_finite()
        && !body.contains('.')
        && matches!(kind, Some('f' | 'F' | 'e' | 'E' | '%'))
    {
        let at = body.find(['e', 'E', '%']).unwrap_or(body.len());
        body.insert(at, '.');
    }
    let head = sign_text(negative, spec.sign);
    if magnitude.is_finite() {
        let end = body.find(['.', 'e', 'E', '%']).unwrap_or(body.len());
        let tail_width = body[end..].chars().count();
        let min_width = zero_pad_width(spec, head.len()).saturating_sub(tail_width);
        let whole = group_digits(rt, &body[..end], spec.grouping, 3, min_width)?;
        body = whole + &body[end..];
    }
    pad(rt, spec, head, &body, '>')
}

// ---- str.format ------------------------------------------------------------------

/// `template.format(*args, **kwargs)`.
pub fn str_format(
    rt: &mut Runtime,
    host: &mut dyn crate::Host,
    template: &str,
    args: &[Value],
    kwargs: &[(Value, Value)],
) -> PyResult<String> {
    let mut numbering = (0usize, false);
    str_format_fields(rt, host, template, args, kwargs, &mut numbering, 0)
}

/// Formats `template`; `numbering` (next automatic index, manual numbering
/// used) is shared with nested fields in specs (`'{:{}}'`), which may nest
/// once more, as in CPython.
fn str_format_fields(
    rt: &mut Runtime,
    host: &mut dyn crate::Host,
    template: &str,
    args: &[Value],
    kwargs: &[(Value, Value)],
    numbering: &mut (usize, bool),
    depth_used: u32,
) -> PyResult<String> {
    if depth_used > 1 {
        return Err(rt.value_error("Max string recursion exceeded"));
    }
    let mut out = String::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            // Find the matching close brace, allowing one nesting level in the spec.
            let mut depth = 1;
            let mut j = i + 1;
            while j < chars.len() && depth > 0 {
                match chars[j] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth != 0 {
                return Err(rt.value_error("expected '}' before end of string"));
            }
            let field: String = chars[i + 1..j - 1].iter().collect();
            let (name_part, spec) = split_field(&field);
            let (name, conversion) = match name_part.split_once('!') {
                Some((n, c)) => (n.to_string(), Some(c.to_string())),
                None => (name_part.to_string(), None),
            };
            let value = resolve_field(rt, &name, args, kwargs, &mut numbering.0, &mut numbering.1)?;
            let value = match conversion.as_deref() {
                None => value,
                Some("r") => {
                    let text = crate::protocol::repr(rt, host, value)?;
                    rt.new_string(text)
                }
                Some("a") => {
                    let text = crate::repr::ascii_with(rt, host, value)?;
                    rt.new_string(text)
                }
                Some("s") => {
                    let text = crate::protocol::to_str(rt, host, value)?;
                    rt.new_string(text)
                }
                Some(other) => {
                    let message = format!("Unknown conversion specifier {other}");
                    return Err(rt.value_error(message));
                }
            };
            let spec = if spec.contains('{') {
                str_format_fields(rt, host, &spec, args, kwargs, numbering, depth_used + 1)?
            } else {
                spec
            };
            out.push_str(&crate::protocol::format(rt, host, value, &spec)?);
            i = j;
        } else if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(rt.value_error("Single '}' encountered in format string"));
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(out)
}

/// Splits `name!conv:spec` at the first `:` outside brackets.
fn split_field(field: &str) -> (String, String) {
    let mut depth = 0;
    for (i, c) in field.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ':' if depth == 0 => return (field[..i].to_string(), field[i + 1..].to_string()),
            _ => {}
        }
    }
    (field.to_string(), String::new())
}

fn resolve_field(
    rt: &mut Runtime,
    name: &str,
    args: &[Value],
    kwargs: &[(Value, Value)],
    auto_index: &mut usize,
    manual: &mut bool,
) -> PyResult<Value> {
    let end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = (&name[..end], &name[end..]);
    let mut value = if first.is_empty() {
        if *manual {
            return Err(rt.value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        let index = *auto_index;
        *auto_index += 1;
        match args.get(index) {
            Some(v) => *v,
            None => {
                let message =
                    format!("Replacement index {index} out of range for positional args tuple");
                return Err(rt.index_error(message));
            }
        }
    } else if let Ok(index) = first.parse::<usize>() {
        if *auto_index > 0 {
            return Err(rt.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        *manual = true;
        match args.get(index) {
            Some(v) => *v,
            None => {
                let message =
                    format!("Replacement index {index} out of range for positional args tuple");
                return Err(rt.index_error(message));
            }
        }
    } else {
        match kwargs.iter().find(|(k, _)| as_str(*k) == Some(first)) {
            Some((_, v)) => *v,
            None => {
                let key = rt.new_str(first);
                return Err(rt.key_error(key));
            }
        }
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').unwrap_or(after.len());
            let key_text = &after[..close];
            let key = match key_text.parse::<i64>() {
                Ok(i) => rt.new_int(i),
                Err(_) => rt.new_str(key_text),
            };
            value = crate::ops::get_item(rt, value, key)?;
            rest = after.get(close + 1..).unwrap_or("");
        } else {
            let after = &rest[1..];
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let attribute = rt.intern(&after[..end]);
            value = crate::methods::get_attribute(rt, value, attribute)?;
            rest = &after[end..];
        }
    }
    Ok(value)
}

// ---- printf-style formatting ---------------------------------------------------

/// `%d`, `%x`, `%o` of an int: the precision is a minimum digit count, the
/// `#` prefix goes before those digits, and the `0` flag pads after the
/// sign and prefix.
fn percent_format_int(
    rt: &mut Runtime,
    n: &IntRef,
    kind: char,
    spec: &FormatSpec,
) -> PyResult<String> {
    let magnitude: BigInt = n.to_bigint().abs();
    let (mut digits, prefix) = match kind {
        'x' => (magnitude.to_str_radix(16), "0x"),
        'X' => (magnitude.to_str_radix(16).to_uppercase(), "0X"),
        'o' => (magnitude.to_str_radix(8), "0o"),
        _ => (int::decimal_string_checked(rt, &magnitude)?, ""),
    };
    if let Some(precision) = spec.precision
        && precision > digits.len()
    {
        let mut padded = string_with_capacity(rt, precision)?;
        padded.extend(std::iter::repeat_n('0', precision - digits.len()));
        padded.push_str(&digits);
        digits = padded;
    }
    let mut head = sign_text(n.is_negative(), spec.sign).to_string();
    if spec.alternate {
        head.push_str(prefix);
    }
    let spec = FormatSpec {
        align: spec.align.or(Some(if spec.zero { '=' } else { '>' })),
        precision: None,
        ..spec.clone()
    };
    pad(rt, &spec, &head, &digits, '>')
}

/// `template % values` when every conversion is a bare `%s` (or `%%`)
/// and every argument a `str` or an inline int: the text is written in
/// one pass over the template's bytes, with whether every argument was
/// ASCII. `None` for anything else (flags, other conversions, mappings,
/// other argument types, a count mismatch), which the general formatter
/// then handles, errors included; nothing has happened by then.
fn plain_percent_format(template: &str, values: Value) -> Option<(String, bool)> {
    let single = [values];
    let items: &[Value] = match values.object().map(|o| &o.payload) {
        Some(Object::Tuple(t)) => t,
        Some(Object::Dict(_) | Object::List(_) | Object::Range(_)) => return None,
        _ => &single,
    };
    let bytes = template.as_bytes();
    let mut out = String::with_capacity(template.len() + 16 * items.len());
    let mut next = 0;
    let mut ascii = true;
    let mut literal_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        out.push_str(&template[literal_start..i]);
        match bytes.get(i + 1) {
            Some(b'%') => out.push('%'),
            Some(b's') => {
                let item = *items.get(next)?;
                next += 1;
                match item.object().map(|o| &o.payload) {
                    None if item.is_small_int() => {
                        use std::fmt::Write;
                        let _ = write!(out, "{}", item.as_small_int());
                    }
                    Some(Object::Str(s)) => {
                        ascii &= s.is_ascii();
                        out.push_str(&s.text);
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
        i += 2;
        literal_start = i;
    }
    out.push_str(&template[literal_start..]);
    (next == items.len()).then_some((out, ascii))
}

pub fn percent_format(
    rt: &mut Runtime,
    host: &mut dyn crate::Host,
    template_value: Value,
    values: Value,
) -> PyResult<Value> {
    let template = as_str(template_value).unwrap_or("");
    if let Some((text, ascii)) = plain_percent_format(template, values) {
        // An ASCII template filled with ASCII pieces needs no count.
        let template_ascii = matches!(
            template_value.object().map(|o| &o.payload),
            Some(Object::Str(s)) if s.is_ascii()
        );
        return Ok(if ascii && template_ascii {
            let chars = text.len();
            rt.new_string_of_chars(text, chars)
        } else {
            rt.new_string(text)
        });
    }
    // As CPython: a tuple supplies the arguments; any other subscriptable
    // value (dict, list, range) is also the mapping for `%(key)s`, and
    // then unused arguments are not an error.
    let (items, mapping): (Vec<Value>, Option<Value>) = match values.object().map(|o| &o.payload) {
        Some(Object::Tuple(t)) => (t.to_vec(), None),
        Some(Object::Dict(_) | Object::List(_) | Object::Range(_)) => (vec![values], Some(values)),
        _ => (vec![values], None),
    };
    let mut next = 0usize;
    let mut out = String::with_capacity(template.len());
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    let mut used_mapping = false;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut key_value = None;
        if chars.get(i) == Some(&'(') {
            let close = chars[i..].iter().position(|c| *c == ')').map(|p| p + i);
            let Some(close) = close else {
                return Err(rt.value_error("incomplete format key"));
            };
            let key: String = chars[i + 1..close].iter().collect();
            let Some(mapping) = mapping else {
                return Err(rt.type_error("format requires a mapping"));
            };
            let key = rt.new_string(key);
            key_value = Some(crate::ops::get_item(rt, mapping, key)?);
            used_mapping = true;
            i = close + 1;
        }
        let mut spec = FormatSpec::default();
        while let Some(c) = chars.get(i) {
            match c {
                '-' => spec.align = Some('<'),
                '+' => spec.sign = Some('+'),
                ' ' => {
                    if spec.sign.is_none() {
                        spec.sign = Some(' ')
                    }
                }
                '#' => spec.alternate = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        // A width or precision: digits, or `*` taking the next argument
        // (a negative `*` width left-aligns; a negative precision is 0).
        let mut take_number = |i: &mut usize,
                               rt: &mut Runtime,
                               what: &str|
         -> PyResult<Option<i64>> {
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                let v = items.get(next).copied();
                next += 1;
                let Some(n) = v.filter(|v| !v.is_float()).and_then(as_int) else {
                    return Err(rt.type_error("* wants int"));
                };
                return match n.to_i64() {
                    Some(n) => Ok(Some(n)),
                    None => Err(rt.overflow_error("Python int too large to convert to C ssize_t")),
                };
            }
            let start = *i;
            let mut value: i64 = 0;
            while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
                value = match value.checked_mul(10).and_then(|v| v.checked_add(d as i64)) {
                    Some(v) => v,
                    None => return Err(rt.value_error(format!("{what} too big"))),
                };
                *i += 1;
            }
            Ok((*i > start).then_some(value))
        };
        if let Some(width) = take_number(&mut i, rt, "width")? {
            if width < 0 {
                spec.align = Some('<');
            }
            spec.width = usize::try_from(width.unsigned_abs()).unwrap_or(usize::MAX);
        }
        if chars.get(i) == Some(&'.') {
            i += 1;
            let precision = take_number(&mut i, rt, "precision")?.unwrap_or(0);
            spec.precision = Some(usize::try_from(precision.max(0)).unwrap_or(usize::MAX));
        }
        let Some(&kind) = chars.get(i) else {
            return Err(rt.value_error("incomplete format"));
        };
        i += 1;
        if kind == '%' {
            out.push('%');
            continue;
        }
        let value = match key_value {
            Some(v) => v,
            None => {
                let Some(v) = items.get(next).copied() else {
                    return Err(rt.type_error("not enough arguments for format string"));
                };
                next += 1;
                v
            }
        };
        // `-` wins over `0`; strings and characters never zero-pad.
        if spec.align == Some('<') || matches!(kind, 's' | 'r' | 'a' | 'c') {
            spec.zero = false;
        }
        let piece = match kind {
            's' | 'r' | 'a' => {
                let text = match kind {
                    's' => crate::protocol::to_str(rt, host, value)?,
                    'r' => crate::protocol::repr(rt, host, value)?,
                    _ => crate::repr::ascii_with(rt, host, value)?,
                };
                let text: String = match spec.precision {
                    Some(p) => text.chars().take(p).collect(),
                    None => text,
                };
                if spec.width == 0 {
                    // Plain `%s`: straight into the result.
                    out.push_str(&text);
                    continue;
                }
                pad(rt, &spec, "", &text, '>')?
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let int_value = if value.is_float() && matches!(kind, 'd' | 'i' | 'u') {
                    match int::float_to_bigint(value.as_float().trunc()) {
                        Some(b) => rt.new_bigint(b),
                        None => {
                            let message = if value.as_float().is_nan() {
                                "cannot convert float NaN to integer"
                            } else {
                                "cannot convert float infinity to integer"
                            };
                            return Err(rt.overflow_error(message));
                        }
                    }
                } else {
                    value
                };
                let Some(n) = as_int(int_value).filter(|_| !int_value.is_float()) else {
                    let message = if matches!(kind, 'x' | 'X' | 'o') {
                        format!(
                            "%{kind} format: an integer is required, not {}",
                            rt.type_name(value)
                        )
                    } else {
                        format!(
                            "%{kind} format: a real number is required, not {}",
                            rt.type_name(value)
                        )
                    };
                    return Err(rt.type_error(message));
                };
                percent_format_int(rt, &n, kind, &spec)?
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = if value.is_float() {
                    value.as_float()
                } else if let Some(n) = as_int(value) {
                    match int::int_to_f64(&n) {
                        Some(f) => f,
                        None => return Err(rt.overflow_error("int too large to convert to float")),
                    }
                } else {
                    let message = format!("must be real number, not {}", rt.type_name(value));
                    return Err(rt.type_error(message));
                };
                let s = FormatSpec {
                    kind: Some(kind),
                    precision: Some(spec.precision.unwrap_or(6)),
                    ..spec.clone()
                };
                format_float(rt, f, &s)?
            }
            'c' => {
                if let Some(text) = as_str(value).filter(|t| t.chars().count() == 1) {
                    pad(rt, &spec, "", text, '>')?
                } else if let Some(n) = as_int(value).filter(|_| !value.is_float()) {
                    let Some(c) = n
                        .to_i64()
                        .and_then(|c| u32::try_from(c).ok())
                        .and_then(char::from_u32)
                    else {
                        return Err(rt.overflow_error("%c arg not in range(0x110000)"));
                    };
                    pad(rt, &spec, "", &c.to_string(), '>')?
                } else {
                    return Err(rt.type_error("%c requires int or char"));
                }
            }
            other => {
                let message = format!(
                    "unsupported format character '{other}' (0x{:x}) at index {}",
                    other as u32,
                    i - 1
                );
                return Err(rt.value_error(message));
            }
        };
        out.push_str(&piece);
    }
    if next < items.len() && !used_mapping && mapping.is_none() {
        return Err(rt.type_error("not all arguments converted during string formatting"));
    }
    Ok(rt.new_string(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `run` fuzz target: a zero-padded width of a billion
    /// built the padding before consulting the allocation limit.
    #[test]
    fn huge_zero_padding_respects_the_allocation_limit() {
        let mut rt = Runtime::new(false);
        crate::alloc::set_allocation_limit(16 << 20);
        let result = format_value(&mut rt, Value::small_int(0), "0001000000000");
        crate::alloc::set_allocation_limit(usize::MAX);
        let error = result.expect_err("a billion digits must not be built");
        assert!(rt.error_matches(error, rt.types.memory_error));
    }

    #[test]
    fn grouping_inserts_separators_and_zero_pads() {
        let mut rt = Runtime::new(false);
        let rt = &mut rt;
        assert_eq!(
            group_digits(rt, "1234567", Some(','), 3, 0).unwrap(),
            "1,234,567"
        );
        assert_eq!(group_digits(rt, "123", Some(','), 3, 0).unwrap(), "123");
        assert_eq!(
            group_digits(rt, "11111111", Some('_'), 4, 0).unwrap(),
            "1111_1111"
        );
        // Never starts with a separator: width 4 gives five characters.
        assert_eq!(group_digits(rt, "1", Some(','), 3, 4).unwrap(), "0,001");
        assert_eq!(group_digits(rt, "42", None, 3, 5).unwrap(), "00042");
    }

    #[test]
    fn padding_aligns() {
        let mut rt = Runtime::new(false);
        let spec = FormatSpec {
            width: 6,
            align: Some('^'),
            fill: Some('*'),
            ..Default::default()
        };
        assert_eq!(pad(&mut rt, &spec, "", "ab", '<').unwrap(), "**ab**");
        let spec = FormatSpec {
            width: 6,
            zero: true,
            ..Default::default()
        };
        assert_eq!(pad(&mut rt, &spec, "-", "42", '>').unwrap(), "-00042");
    }
}
