//! String formatting: the format-spec mini-language (`format()`,
//! f-strings, `str.format`) and printf-style `%` formatting.

use num_bigint::BigInt;
use num_traits::Signed;

use crate::int::{self, IntRef, as_int};
use crate::object::Object;
use crate::value::Value;
use crate::{PyResult, Runtime, as_str};

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug, Default)]
pub struct FormatSpec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub alternate: bool,
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub kind: Option<char>,
}

pub fn parse_spec(rt: &mut Runtime, spec: &str) -> PyResult<FormatSpec> {
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
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        result.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        result.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        let digits: String = chars[start..i].iter().collect();
        result.width = digits.parse().unwrap_or(0);
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        result.grouping = Some(chars[i]);
        i += 1;
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
        let digits: String = chars[start..i].iter().collect();
        result.precision = Some(digits.parse().unwrap_or(0));
    }
    if i < chars.len() {
        result.kind = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(rt.value_error("Invalid format specifier"));
    }
    Ok(result)
}

/// Pads `body` (already including any sign/prefix at `sign_len`) to the
/// spec's width.
fn pad(spec: &FormatSpec, sign_and_prefix: &str, body: &str, default_align: char) -> String {
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec.align.unwrap_or(if spec.zero && default_align == '>' {
        '='
    } else {
        default_align
    });
    let length = sign_and_prefix.chars().count() + body.chars().count();
    if length >= spec.width {
        return format!("{sign_and_prefix}{body}");
    }
    let padding = spec.width - length;
    let fills = |n: usize| fill.to_string().repeat(n);
    match align {
        '<' => format!("{sign_and_prefix}{body}{}", fills(padding)),
        '^' => format!(
            "{}{sign_and_prefix}{body}{}",
            fills(padding / 2),
            fills(padding - padding / 2)
        ),
        '=' => format!("{sign_and_prefix}{}{body}", fills(padding)),
        _ => format!("{}{sign_and_prefix}{body}", fills(padding)),
    }
}

/// Inserts `separator` every `group` digits from the right of `digits`.
fn group_digits(digits: &str, separator: char, group: usize) -> String {
    let bytes: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, c) in bytes.iter().enumerate() {
        if i > 0 && (bytes.len() - i).is_multiple_of(group) {
            out.push(separator);
        }
        out.push(*c);
    }
    out
}

fn sign_text(negative: bool, sign: Option<char>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// `format(value, spec)`.
pub fn format_value(rt: &mut Runtime, value: Value, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return crate::repr::to_str(rt, value);
    }
    let spec = parse_spec(rt, spec_text)?;
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
    if spec.align == Some('=') {
        return Err(rt.value_error("'=' alignment not allowed in string format specifier"));
    }
    let body: String = match spec.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    Ok(pad(spec, "", &body, '<'))
}

fn format_int(rt: &mut Runtime, i: &IntRef, spec: &FormatSpec) -> PyResult<String> {
    if spec.precision.is_some() {
        return Err(rt.value_error("Precision not allowed in integer format specifier"));
    }
    let kind = spec.kind.unwrap_or('d');
    let negative = i.is_negative();
    let magnitude: BigInt = i.to_bigint().abs();
    let (radix, prefix) = match kind {
        'd' | 'n' => (10, ""),
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'c' => {
            let Some(c) = i
                .to_i64()
                .and_then(|c| u32::try_from(c).ok())
                .and_then(char::from_u32)
            else {
                return Err(rt.overflow_error("%c arg not in range(0x110000)"));
            };
            return Ok(pad(spec, "", &c.to_string(), '>'));
        }
        other => {
            let message = format!("Unknown format code '{other}' for object of type 'int'");
            return Err(rt.value_error(message));
        }
    };
    let mut digits = magnitude.to_str_radix(radix);
    if kind == 'X' {
        digits = digits.to_uppercase();
    }
    if let Some(separator) = spec.grouping {
        let group = if radix == 10 { 3 } else { 4 };
        digits = group_digits(&digits, separator, group);
    }
    let mut head = sign_text(negative, spec.sign).to_string();
    if spec.alternate {
        head.push_str(prefix);
    }
    Ok(pad(spec, &head, &digits, '>'))
}

fn format_float(rt: &mut Runtime, f: f64, spec: &FormatSpec) -> PyResult<String> {
    let kind = spec.kind;
    let upper = matches!(kind, Some('E' | 'F' | 'G'));
    let negative = f.is_sign_negative() && !f.is_nan();
    let magnitude = f.abs();
    let mut body = if !magnitude.is_finite() {
        let text = if magnitude.is_nan() { "nan" } else { "inf" };
        if upper {
            text.to_uppercase()
        } else {
            text.to_string()
        }
    } else {
        match kind {
            Some('f' | 'F') => crate::float::format_fixed(magnitude, spec.precision.unwrap_or(6)),
            Some('e' | 'E') => {
                crate::float::format_exponent(magnitude, spec.precision.unwrap_or(6), upper)
            }
            Some('g' | 'G' | 'n') => crate::float::format_general(
                magnitude,
                spec.precision.unwrap_or(6),
                spec.alternate,
                upper,
                false,
            ),
            Some('%') => {
                crate::float::format_fixed(magnitude * 100.0, spec.precision.unwrap_or(6)) + "%"
            }
            None => match spec.precision {
                None => crate::float::repr(magnitude),
                Some(p) => crate::float::format_general(magnitude, p, spec.alternate, false, true),
            },
            Some(other) => {
                let message = format!("Unknown format code '{other}' for object of type 'float'");
                return Err(rt.value_error(message));
            }
        }
    };
    if spec.alternate
        && magnitude.is_finite()
        && !body.contains('.')
        && matches!(kind, Some('f' | 'F' | 'e' | 'E' | '%'))
    {
        let at = body.find(['e', 'E', '%']).unwrap_or(body.len());
        body.insert(at, '.');
    }
    if let Some(separator) = spec.grouping {
        let end = body.find(['.', 'e', 'E', '%']).unwrap_or(body.len());
        let grouped = group_digits(&body[..end], separator, 3);
        body = grouped + &body[end..];
    }
    Ok(pad(spec, sign_text(negative, spec.sign), &body, '>'))
}

// ---- str.format ------------------------------------------------------------------

/// `template.format(*args, **kwargs)`.
pub fn str_format(
    rt: &mut Runtime,
    template: &str,
    args: &[Value],
    kwargs: &[(Value, Value)],
) -> PyResult<String> {
    let mut out = String::new();
    let mut auto_index = 0usize;
    let mut manual = false;
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
            let value = resolve_field(rt, &name, args, kwargs, &mut auto_index, &mut manual)?;
            let value = match conversion.as_deref() {
                None => value,
                Some("r") | Some("a") => {
                    let text = crate::repr::repr(rt, value)?;
                    rt.new_string(text)
                }
                Some("s") => {
                    let text = crate::repr::to_str(rt, value)?;
                    rt.new_string(text)
                }
                Some(other) => {
                    let message = format!("Unknown conversion specifier {other}");
                    return Err(rt.value_error(message));
                }
            };
            let spec = if spec.contains('{') {
                str_format(rt, &spec, args, kwargs)?
            } else {
                spec
            };
            out.push_str(&format_value(rt, value, &spec)?);
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

/// `template % values`.
pub fn percent_format(rt: &mut Runtime, template_value: Value, values: Value) -> PyResult<Value> {
    let template = as_str(template_value).unwrap_or("");
    let (items, mapping): (Vec<Value>, Option<Value>) = match values.object().map(|o| &o.payload) {
        Some(Object::Tuple(t)) => (t.to_vec(), None),
        Some(Object::Dict(_)) => (vec![values], Some(values)),
        _ => (vec![values], None),
    };
    let mut next = 0usize;
    let mut out = String::new();
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
        let mut take_number = |i: &mut usize, rt: &mut Runtime| -> PyResult<Option<usize>> {
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                let v = items.get(next).copied();
                next += 1;
                return match v.and_then(as_int).and_then(|n| n.to_i64()) {
                    Some(n) => Ok(Some(n.max(0) as usize)),
                    None => Err(rt.type_error("* wants int")),
                };
            }
            let start = *i;
            while chars.get(*i).is_some_and(|c| c.is_ascii_digit()) {
                *i += 1;
            }
            if *i > start {
                let digits: String = chars[start..*i].iter().collect();
                Ok(digits.parse().ok())
            } else {
                Ok(None)
            }
        };
        spec.width = take_number(&mut i, rt)?.unwrap_or(0);
        if chars.get(i) == Some(&'.') {
            i += 1;
            spec.precision = Some(take_number(&mut i, rt)?.unwrap_or(0));
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
        if spec.zero && spec.align.is_none() && !matches!(kind, 's' | 'r' | 'a' | 'c') {
            spec.fill = Some('0');
            spec.align = Some('=');
        }
        let piece = match kind {
            's' | 'r' | 'a' => {
                let text = if kind == 's' {
                    crate::repr::to_str(rt, value)?
                } else {
                    crate::repr::repr(rt, value)?
                };
                let text: String = match spec.precision {
                    Some(p) => text.chars().take(p).collect(),
                    None => text,
                };
                pad(
                    &FormatSpec {
                        align: Some(spec.align.unwrap_or('>')),
                        ..spec.clone()
                    },
                    "",
                    &text,
                    '>',
                )
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let int_value = if value.is_float() {
                    match int::float_to_bigint(value.as_float()) {
                        Some(b) => rt.new_bigint(b),
                        None => {
                            return Err(
                                rt.overflow_error("cannot convert float infinity to integer")
                            );
                        }
                    }
                } else {
                    value
                };
                let Some(n) = as_int(int_value) else {
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
                let mut s = FormatSpec {
                    kind: Some(if matches!(kind, 'i' | 'u') { 'd' } else { kind }),
                    ..spec.clone()
                };
                s.precision = None;
                let mut text = format_int(rt, &n, &s)?;
                if let Some(p) = spec.precision {
                    // Precision is a minimum digit count.
                    let negative = n.is_negative();
                    let raw = format_int(
                        rt,
                        &n,
                        &FormatSpec {
                            kind: s.kind,
                            ..FormatSpec::default()
                        },
                    )?;
                    let raw = raw.trim_start_matches('-');
                    if raw.len() < p {
                        let body = format!("{}{}", "0".repeat(p - raw.len()), raw);
                        text = pad(&s, sign_text(negative, s.sign), &body, '>');
                    }
                }
                text
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
                    pad(&spec, "", text, '>')
                } else if let Some(n) = as_int(value) {
                    format_int(
                        rt,
                        &n,
                        &FormatSpec {
                            kind: Some('c'),
                            ..spec.clone()
                        },
                    )?
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

    #[test]
    fn grouping_inserts_separators() {
        assert_eq!(group_digits("1234567", ',', 3), "1,234,567");
        assert_eq!(group_digits("123", ',', 3), "123");
        assert_eq!(group_digits("11111111", '_', 4), "1111_1111");
    }

    #[test]
    fn padding_aligns() {
        let spec = FormatSpec {
            width: 6,
            align: Some('^'),
            fill: Some('*'),
            ..Default::default()
        };
        assert_eq!(pad(&spec, "", "ab", '<'), "**ab**");
        let spec = FormatSpec {
            width: 6,
            zero: true,
            ..Default::default()
        };
        assert_eq!(pad(&spec, "-", "42", '>'), "-00042");
    }
}
