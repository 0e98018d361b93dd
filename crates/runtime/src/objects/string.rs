//! `str`'s methods (`split`, `find`, `format`, the case and class tests,
//! justification, ...). The string object itself is
//! [`crate::object::StrObject`]; its repr is in [`crate::repr`].

use crate::builtins::Arguments;
use crate::methods::*;
use crate::object::Object;
use crate::objects::int::as_int;
use crate::ops;
use crate::value::Value;
use crate::{Host, PyResult, Runtime, as_str};

pub(crate) fn str_join(
    rt: &mut Runtime,
    host: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "join", args, kw, 1, 1)?;
    let separator = args[0];
    // A list or tuple is read in place (no code runs while it is
    // borrowed); anything else is iterated into a vector first.
    match args[1].object().map(|o| &o.payload) {
        Some(Object::List(items)) => {
            let items = items.borrow();
            join_items(rt, separator, &items)
        }
        Some(Object::Tuple(items)) => join_items(rt, separator, items),
        _ => {
            let items = ops::iterate(rt, host, args[1])?;
            join_items(rt, separator, &items)
        }
    }
}

/// The `str` object of a `str` or of an instance of a `str` subclass.
fn str_object(value: Value) -> Option<&'static crate::object::StrObject> {
    match value.object().map(|o| &o.payload) {
        Some(Object::Str(s)) => Some(s),
        Some(Object::Instance(i)) => match crate::objects::instance::base_value(i)
            .and_then(|base| base.object())
            .map(|o| &o.payload)
        {
            Some(Object::Str(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// `separator.join(items)`: sized once, character count known, and a
/// single exact `str` item returned as itself, as CPython does.
fn join_items(rt: &mut Runtime, separator: Value, items: &[Value]) -> PyResult<Value> {
    let Some(separator) = str_object(separator) else {
        return Err(rt.type_error("descriptor 'join' requires a 'str' object"));
    };
    let gaps = items.len().saturating_sub(1);
    let (mut bytes, mut chars) = (separator.text.len() * gaps, separator.char_count * gaps);
    for (i, item) in items.iter().enumerate() {
        let Some(s) = str_object(*item) else {
            let message = format!(
                "sequence item {i}: expected str instance, {} found",
                rt.type_name(*item)
            );
            return Err(rt.type_error(message));
        };
        bytes += s.text.len();
        chars += s.char_count;
    }
    if let [item] = items
        && matches!(item.object().map(|o| &o.payload), Some(Object::Str(_)))
    {
        return Ok(*item);
    }
    let mut out = String::with_capacity(bytes);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&separator.text);
        }
        if let Some(s) = str_object(*item) {
            out.push_str(&s.text);
        }
    }
    Ok(rt.new_string_of_chars(out, chars))
}

pub(crate) fn split_arguments(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
) -> PyResult<(Option<&'static str>, i64)> {
    let a = Arguments::new(&args[1..], kw);
    a.check_keywords(rt, name, &["sep", "maxsplit"])?;
    if a.positional.len() > 2 {
        let message = format!(
            "{name}() takes at most 2 arguments ({} given)",
            a.positional.len()
        );
        return Err(rt.type_error(message));
    }
    let sep = a
        .positional
        .first()
        .copied()
        .or(a.keyword("sep"))
        .filter(|v| !v.is_none());
    let sep = match sep {
        Some(v) => Some(str_arg(rt, v, name, 1)?),
        None => None,
    };
    if sep == Some("") {
        return Err(rt.value_error("empty separator"));
    }
    let maxsplit = match a.positional.get(1).copied().or(a.keyword("maxsplit")) {
        Some(v) => as_int(v).and_then(|i| i.to_i64()).unwrap_or(-1),
        None => -1,
    };
    Ok((sep, maxsplit))
}

pub(crate) fn str_split(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let text = receiver_str(args);
    let (sep, maxsplit) = split_arguments(rt, args, kw, "split")?;
    let parts: Vec<String> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                text.split(sep).map(str::to_string).collect()
            } else {
                text.splitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            }
        }
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_start_matches(crate::unicode::is_space);
            while !rest.is_empty() {
                if maxsplit >= 0 && parts.len() as i64 == maxsplit {
                    parts.push(rest.to_string());
                    break;
                }
                let end = rest.find(crate::unicode::is_space).unwrap_or(rest.len());
                parts.push(rest[..end].to_string());
                rest = rest[end..].trim_start_matches(crate::unicode::is_space);
            }
            parts
        }
    };
    let values = parts.into_iter().map(|p| rt.new_string(p)).collect();
    Ok(rt.new_list(values))
}

pub(crate) fn str_rsplit(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let text = receiver_str(args);
    let (sep, maxsplit) = split_arguments(rt, args, kw, "rsplit")?;
    let mut parts: Vec<String> = match sep {
        Some(sep) => {
            if maxsplit < 0 {
                text.rsplit(sep).map(str::to_string).collect()
            } else {
                text.rsplitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            }
        }
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_end_matches(crate::unicode::is_space);
            while !rest.is_empty() {
                if maxsplit >= 0 && parts.len() as i64 == maxsplit {
                    parts.push(rest.to_string());
                    break;
                }
                let start = rest.rfind(crate::unicode::is_space).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                parts.push(rest[start..].to_string());
                rest = rest[..start].trim_end_matches(crate::unicode::is_space);
            }
            parts
        }
    };
    parts.reverse();
    let values = parts.into_iter().map(|p| rt.new_string(p)).collect();
    Ok(rt.new_list(values))
}

pub(crate) fn strip_with(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 1)?;
    let text = receiver_str(args);
    let chars = match args.get(1).filter(|v| !v.is_none()) {
        Some(v) => Some(str_arg(rt, *v, name, 1)?),
        None => None,
    };
    let matches = |c: char| match chars {
        Some(set) => set.contains(c),
        None => crate::unicode::is_space(c),
    };
    let mut result = text;
    if left {
        result = result.trim_start_matches(matches);
    }
    if right {
        result = result.trim_end_matches(matches);
    }
    if result.len() == text.len() {
        return Ok(args[0]);
    }
    Ok(rt.new_str(result))
}

pub(crate) fn str_strip(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    strip_with(rt, args, kw, "strip", true, true)
}
pub(crate) fn str_lstrip(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    strip_with(rt, args, kw, "lstrip", true, false)
}
pub(crate) fn str_rstrip(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    strip_with(rt, args, kw, "rstrip", false, true)
}

pub(crate) fn str_replace(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "replace", args, kw, 2, 3)?;
    let text = receiver_str(args);
    let old = str_arg(rt, args[1], "replace", 1)?;
    let new = str_arg(rt, args[2], "replace", 2)?;
    let count = args
        .get(3)
        .and_then(|v| as_int(*v))
        .and_then(|i| i.to_i64())
        .unwrap_or(-1);
    let result = if count < 0 {
        text.replace(old, new)
    } else {
        text.replacen(old, new, count as usize)
    };
    Ok(rt.new_string(result))
}

pub(crate) fn affix_test(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    prefix: bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 3)?;
    let text = receiver_str(args);
    let range = receiver_search_range(rt, args)?;
    let candidates: Vec<Value> = match args[1].object().map(|o| &o.payload) {
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => vec![args[1]],
    };
    for candidate in candidates {
        let Some(affix) = as_str(candidate) else {
            let message = format!(
                "{name} first arg must be str or a tuple of str, not {}",
                rt.type_name(candidate)
            );
            return Err(rt.type_error(message));
        };
        let Some((s, e)) = range else {
            continue;
        };
        let region = &text[s..e];
        let hit = if prefix {
            region.starts_with(affix)
        } else {
            region.ends_with(affix)
        };
        if hit {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

pub(crate) fn str_startswith(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    affix_test(rt, args, kw, "startswith", true)
}
pub(crate) fn str_endswith(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    affix_test(rt, args, kw, "endswith", false)
}

/// Character index of `needle` in `text[start..end]`, searching from the
/// left or the right.
pub(crate) fn find_in(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    from_right: bool,
) -> PyResult<Option<usize>> {
    arity(rt, name, args, kw, 1, 3)?;
    let text = receiver_str(args);
    let needle = str_arg(rt, args[1], name, 1)?;
    let Some((s, e)) = receiver_search_range(rt, args)? else {
        return Ok(None);
    };
    let region = &text[s..e];
    let found = if from_right {
        region.rfind(needle)
    } else {
        region.find(needle)
    };
    let ascii = receiver_is_ascii(args);
    Ok(found.map(|b| {
        if ascii {
            s + b
        } else {
            byte_to_char_offset(text, s + b)
        }
    }))
}

pub(crate) fn str_find(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let found = find_in(rt, args, kw, "find", false)?;
    Ok(rt.new_int(found.map_or(-1, |i| i as i64)))
}
pub(crate) fn str_rfind(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let found = find_in(rt, args, kw, "rfind", true)?;
    Ok(rt.new_int(found.map_or(-1, |i| i as i64)))
}
pub(crate) fn str_index(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    match find_in(rt, args, kw, "index", false)? {
        Some(i) => Ok(rt.new_int(i as i64)),
        None => Err(rt.value_error("substring not found")),
    }
}
pub(crate) fn str_rindex(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    match find_in(rt, args, kw, "rindex", true)? {
        Some(i) => Ok(rt.new_int(i as i64)),
        None => Err(rt.value_error("substring not found")),
    }
}

pub(crate) fn str_count(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "count", args, kw, 1, 3)?;
    let text = receiver_str(args);
    let needle = str_arg(rt, args[1], "count", 1)?;
    let Some((s, e)) = receiver_search_range(rt, args)? else {
        return Ok(Value::small_int(0));
    };
    let region = &text[s..e];
    let n = if needle.is_empty() {
        region.chars().count() + 1
    } else {
        region.matches(needle).count()
    };
    Ok(rt.new_int(n as i64))
}

pub(crate) fn map_text(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    f: fn(&str) -> String,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 0)?;
    let result = f(receiver_str(args));
    Ok(rt.new_string(result))
}

pub(crate) fn str_upper(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "upper", crate::unicode::upper)
}
pub(crate) fn str_lower(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "lower", crate::unicode::lower)
}

pub(crate) fn str_capitalize(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "capitalize", |s| {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        for i in 0..chars.len() {
            if i == 0 {
                crate::unicode::push_title(&mut out, chars[0]);
            } else {
                crate::unicode::push_lower_in_context(&mut out, &chars, i);
            }
        }
        out
    })
}
pub(crate) fn str_title(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "title", |s| {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut previous_cased = false;
        for (i, &c) in chars.iter().enumerate() {
            if previous_cased {
                crate::unicode::push_lower_in_context(&mut out, &chars, i);
            } else {
                crate::unicode::push_title(&mut out, c);
            }
            previous_cased = crate::unicode::is_cased(c);
        }
        out
    })
}
pub(crate) fn str_swapcase(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "swapcase", crate::unicode::swapcase)
}

pub(crate) fn test_text(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    f: fn(&str) -> bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 0, 0)?;
    Ok(Value::bool(f(receiver_str(args))))
}

/// Every character of a non-empty string satisfies `class`.
pub(crate) fn all_chars(s: &str, class: fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(class)
}

pub(crate) fn str_isdigit(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isdigit", |s| {
        all_chars(s, crate::unicode::is_digit)
    })
}
pub(crate) fn str_isdecimal(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isdecimal", |s| {
        all_chars(s, crate::unicode::is_decimal)
    })
}
pub(crate) fn str_isnumeric(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isnumeric", |s| {
        all_chars(s, crate::unicode::is_numeric)
    })
}
pub(crate) fn str_isalpha(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isalpha", |s| {
        all_chars(s, crate::unicode::is_alpha)
    })
}
pub(crate) fn str_isalnum(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isalnum", |s| {
        all_chars(s, crate::unicode::is_alnum)
    })
}
pub(crate) fn str_isspace(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isspace", |s| {
        all_chars(s, crate::unicode::is_space)
    })
}
pub(crate) fn str_isprintable(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isprintable", |s| {
        s.chars().all(crate::unicode::is_printable)
    })
}
pub(crate) fn str_isascii(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isascii", str::is_ascii)
}
pub(crate) fn str_isupper(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isupper", |s| {
        s.chars().any(crate::unicode::is_uppercase)
            && !s
                .chars()
                .any(|c| crate::unicode::is_lowercase(c) || is_titlecase(c))
    })
}
pub(crate) fn str_islower(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "islower", |s| {
        s.chars().any(crate::unicode::is_lowercase)
            && !s
                .chars()
                .any(|c| crate::unicode::is_uppercase(c) || is_titlecase(c))
    })
}

/// Titlecase letters (`ǅ`): cased, but neither upper- nor lowercase.
pub(crate) fn is_titlecase(c: char) -> bool {
    crate::unicode::is_cased(c)
        && !crate::unicode::is_lowercase(c)
        && !crate::unicode::is_uppercase(c)
}

pub(crate) fn str_isidentifier(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "isidentifier", |s| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(crate::unicode::is_identifier_start)
            && chars.all(crate::unicode::is_identifier_continue)
    })
}

pub(crate) fn str_casefold(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    map_text(rt, args, kw, "casefold", crate::unicode::casefold)
}

pub(crate) fn str_istitle(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    test_text(rt, args, kw, "istitle", |s| {
        let mut cased = false;
        let mut previous_cased = false;
        for c in s.chars() {
            if crate::unicode::is_uppercase(c) || is_titlecase(c) {
                if previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else if crate::unicode::is_lowercase(c) {
                if !previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else {
                previous_cased = false;
            }
        }
        cased
    })
}

pub(crate) fn str_format(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let template = receiver_str(args);
    let a = Arguments::new(&args[1..], kw);
    let kwargs: Vec<(Value, Value)> = a
        .keyword_names
        .iter()
        .copied()
        .zip(a.keyword_values.iter().copied())
        .collect();
    let text = crate::format::str_format(rt, _h, template, a.positional, &kwargs)?;
    Ok(rt.new_string(text))
}

pub(crate) fn justify(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    align: char,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 2)?;
    let text = receiver_str(args);
    let width = crate::objects::int::ssize_argument(rt, args[1])?;
    let fill = match args.get(2) {
        Some(v) => match as_str(*v).filter(|s| s.chars().count() == 1) {
            Some(s) => s.chars().next().unwrap_or(' '),
            None => {
                return Err(rt.type_error("The fill character must be exactly one character long"));
            }
        },
        None => ' ',
    };
    let length = text.chars().count() as i64;
    if width <= length {
        return Ok(args[0]);
    }
    let padding = (width - length) as usize;
    let result = match align {
        '<' => text.to_string() + &crate::alloc::fill_str(rt, fill, padding)?,
        '>' => crate::alloc::fill_str(rt, fill, padding)? + text,
        _ => {
            // CPython's centering puts the odd extra space on the left when
            // the width is odd.
            let left = padding / 2 + (padding & width as usize & 1);
            crate::alloc::fill_str(rt, fill, left)?
                + text
                + &crate::alloc::fill_str(rt, fill, padding - left)?
        }
    };
    Ok(rt.new_string(result))
}

pub(crate) fn str_center(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    justify(rt, args, kw, "center", '^')
}
pub(crate) fn str_ljust(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    justify(rt, args, kw, "ljust", '<')
}
pub(crate) fn str_rjust(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    justify(rt, args, kw, "rjust", '>')
}

pub(crate) fn str_zfill(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "zfill", args, kw, 1, 1)?;
    let text = receiver_str(args);
    let width = crate::objects::int::ssize_argument(rt, args[1])?;
    let length = text.chars().count() as i64;
    if width <= length {
        return Ok(args[0]);
    }
    let zeros = crate::alloc::fill_str(rt, '0', (width - length) as usize)?;
    let result = match text.chars().next() {
        Some(sign @ ('+' | '-')) => format!("{sign}{zeros}{}", &text[1..]),
        _ => format!("{zeros}{text}"),
    };
    Ok(rt.new_string(result))
}

pub(crate) fn str_splitlines(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "splitlines", args, kw, 0, 1)?;
    let keep = args.get(1).is_some_and(|v| ops::is_truthy(*v));
    let text = receiver_str(args);
    // One pass over the characters, making each line as it ends (no
    // table of the text's characters: a multi-megabyte log would need
    // sixteen bytes per character for it).
    let mut values = Vec::new();
    let mut start = 0;
    let mut characters = text.char_indices().peekable();
    while let Some((offset, c)) = characters.next() {
        if matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            let mut end = offset + c.len_utf8();
            if c == '\r' && characters.peek().map(|&(_, next)| next) == Some('\n') {
                characters.next();
                end += 1;
            }
            let line = if keep {
                &text[start..end]
            } else {
                &text[start..offset]
            };
            values.push(rt.new_str(line));
            start = end;
        }
    }
    if start < text.len() {
        values.push(rt.new_str(&text[start..]));
    }
    Ok(rt.new_list(values))
}

pub(crate) fn partition(
    rt: &mut Runtime,
    args: &[Value],
    kw: &[Value],
    name: &str,
    from_right: bool,
) -> PyResult<Value> {
    arity(rt, name, args, kw, 1, 1)?;
    let text = receiver_str(args);
    let sep = str_arg(rt, args[1], name, 1)?;
    if sep.is_empty() {
        return Err(rt.value_error("empty separator"));
    }
    let found = if from_right {
        text.rfind(sep)
    } else {
        text.find(sep)
    };
    let parts = match found {
        Some(i) => [&text[..i], sep, &text[i + sep.len()..]],
        None if from_right => ["", "", text],
        None => [text, "", ""],
    };
    let values = parts.iter().map(|p| rt.new_str(p)).collect();
    Ok(rt.new_tuple(values))
}

pub(crate) fn str_partition(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    partition(rt, args, kw, "partition", false)
}
pub(crate) fn str_rpartition(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    partition(rt, args, kw, "rpartition", true)
}

pub(crate) fn str_removeprefix(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "removeprefix", args, kw, 1, 1)?;
    let text = receiver_str(args);
    let prefix = str_arg(rt, args[1], "removeprefix", 1)?;
    match text.strip_prefix(prefix) {
        Some(rest) => Ok(rt.new_str(rest)),
        None => Ok(args[0]),
    }
}
pub(crate) fn str_removesuffix(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "removesuffix", args, kw, 1, 1)?;
    let text = receiver_str(args);
    let suffix = str_arg(rt, args[1], "removesuffix", 1)?;
    match text.strip_suffix(suffix) {
        Some(rest) => Ok(rt.new_str(rest)),
        None => Ok(args[0]),
    }
}

pub(crate) fn str_expandtabs(
    rt: &mut Runtime,
    _h: &mut dyn Host,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    arity(rt, "expandtabs", args, kw, 0, 1)?;
    let size = match args.get(1) {
        Some(v) => crate::objects::int::c_int_argument(rt, *v)?.max(0) as usize,
        None => 8,
    };
    let mut out = String::new();
    let mut column = 0;
    for c in receiver_str(args).chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let pad = size - column % size;
                    if crate::alloc::exceeds_limit(out.len().saturating_add(pad))
                        || out.try_reserve(pad).is_err()
                    {
                        return Err(rt.memory_error());
                    }
                    out.extend(std::iter::repeat_n(' ', pad));
                    column += pad;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(rt.new_string(out))
}
