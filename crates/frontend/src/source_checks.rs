//! Checks CPython's tokenizer makes that the parser (`ruff_python_parser`)
//! does not make, or words differently: bracket mismatches, indentation
//! (`IndentationError`, `TabError`, at most 100 levels), and CPython's
//! wording for the parse errors that are about indentation; string
//! literals that spell a lone surrogate. Also the offset → line table
//! every compile error uses.

use crate::{CompileError, CompileErrorKind};

/// Line numbers for byte offsets: binary search over line starts.
pub struct LineTable {
    starts: Vec<u32>,
}

impl LineTable {
    pub fn new(source: &str) -> LineTable {
        let mut starts = vec![0u32];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i as u32 + 1);
            }
        }
        LineTable { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: u32) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }
}

/// CPython's tokenizer limit on indentation levels (`MAXINDENT`).
pub const MAX_INDENTATION_LEVELS: usize = 100;

fn indentation(kind: CompileErrorKind, message: &str, line: u32) -> CompileError {
    CompileError {
        kind,
        message: message.to_string(),
        line,
    }
}

/// Finds the first indentation error the way CPython's tokenizer does:
/// each logical line's indentation is measured twice, with tabs to the
/// next multiple of 8 and with tabs as one column; the two must order the
/// same way against the enclosing levels, or it is a `TabError`.
/// Continuation lines (inside brackets, after a backslash, inside
/// triple-quoted strings), blank lines and comment-only lines are skipped.
pub fn indentation_error(source: &str) -> Option<CompileError> {
    // (column with tabs to 8, column with tabs as 1)
    let mut levels: Vec<(usize, usize)> = vec![(0, 0)];
    let mut depth = 0usize; // bracket depth
    let mut continued = false; // after a backslash
    let mut in_string: Option<(u8, bool)> = None; // (quote, triple)
    for (index, line) in source.split('\n').enumerate() {
        let number = index as u32 + 1;
        let bytes = line.as_bytes();
        let starts_logical_line = depth == 0 && !continued && in_string.is_none();
        continued = false;
        let mut i = 0;
        if starts_logical_line {
            let (mut column, mut alternate) = (0usize, 0usize);
            while i < bytes.len() {
                match bytes[i] {
                    b' ' => {
                        column += 1;
                        alternate += 1;
                    }
                    b'\t' => {
                        column = (column / 8 + 1) * 8;
                        alternate += 1;
                    }
                    b'\x0c' => {
                        column = 0;
                        alternate = 0;
                    }
                    _ => break,
                }
                i += 1;
            }
            let rest = line[i..].trim_end_matches('\r');
            if !rest.is_empty() && !rest.starts_with('#') && !rest.starts_with('\\') {
                let &(top_column, top_alternate) = levels.last()?;
                if column == top_column {
                    if alternate != top_alternate {
                        return Some(indentation(
                            CompileErrorKind::Tab,
                            "inconsistent use of tabs and spaces in indentation",
                            number,
                        ));
                    }
                } else if column > top_column {
                    if alternate <= top_alternate {
                        return Some(indentation(
                            CompileErrorKind::Tab,
                            "inconsistent use of tabs and spaces in indentation",
                            number,
                        ));
                    }
                    if levels.len() >= MAX_INDENTATION_LEVELS {
                        return Some(indentation(
                            CompileErrorKind::Indentation,
                            "too many levels of indentation",
                            number,
                        ));
                    }
                    levels.push((column, alternate));
                } else {
                    while levels.len() > 1 && column < levels[levels.len() - 1].0 {
                        levels.pop();
                    }
                    let &(top_column, top_alternate) = levels.last()?;
                    if column != top_column {
                        return Some(indentation(
                            CompileErrorKind::Indentation,
                            "unindent does not match any outer indentation level",
                            number,
                        ));
                    }
                    if alternate != top_alternate {
                        return Some(indentation(
                            CompileErrorKind::Tab,
                            "inconsistent use of tabs and spaces in indentation",
                            number,
                        ));
                    }
                }
            }
        }
        // Track strings, comments, brackets and continuations to the end
        // of the line.
        while i < bytes.len() {
            let c = bytes[i];
            if let Some((quote, triple)) = in_string {
                if c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == quote {
                    if !triple {
                        in_string = None;
                    } else if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                        in_string = None;
                        i += 3;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            match c {
                b'#' => break,
                b'\'' | b'"' => {
                    let triple = bytes.get(i + 1) == Some(&c) && bytes.get(i + 2) == Some(&c);
                    in_string = Some((c, triple));
                    i += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'\\' if i + 1 == bytes.len() || line[i + 1..].trim() == "\r" => {
                    continued = true;
                }
                _ => {}
            }
            i += 1;
        }
        // A single-quoted string ends at the line's end (the parser reports
        // it); a backslash-newline inside one continues it.
        if let Some((_, false)) = in_string {
            if line.ends_with('\\') {
                continued = true;
            }
            in_string = None;
        }
    }
    None
}

/// A parse error in CPython's words where they differ from the parser's:
/// the indentation family becomes `IndentationError`.
pub fn parse_error(source: &str, message: String, line: u32) -> CompileError {
    if message == "missing closing quote in string literal"
        && let Some((triple, start)) = unterminated_string(source)
    {
        return if triple {
            let last = source.lines().count().max(1);
            CompileError::syntax(
                format!("unterminated triple-quoted string literal (detected at line {last})"),
                start,
            )
        } else {
            CompileError::syntax(
                format!("unterminated string literal (detected at line {start})"),
                start,
            )
        };
    }
    if message == "Unexpected indentation" {
        return indentation(CompileErrorKind::Indentation, "unexpected indent", line);
    }
    if message == "unindent does not match any outer indentation level" {
        return indentation(CompileErrorKind::Indentation, &message, line);
    }
    if let Some(clause) = message.strip_prefix("Expected an indented block after ") {
        let what = match clause {
            "function definition" => "function definition".to_string(),
            "`class` definition" => "class definition".to_string(),
            other => {
                let keyword = other.split('`').nth(1).unwrap_or(other);
                format!("'{keyword}' statement")
            }
        };
        // The header is the last line before the error that holds code.
        let before: Vec<&str> = source
            .split('\n')
            .take(line.saturating_sub(1) as usize)
            .collect();
        let header = before
            .iter()
            .rposition(|text| {
                let text = text.trim();
                !text.is_empty() && !text.starts_with('#')
            })
            .map_or(line, |i| i as u32 + 1);
        let message = format!("expected an indented block after {what} on line {header}");
        return indentation(CompileErrorKind::Indentation, &message, line);
    }
    CompileError::syntax(message, line)
}

/// What [`scan`] sees outside comments.
enum Scanned {
    /// A character outside strings, with its line.
    Code(char, u32),
    /// A whole string literal: triple-quoted or not, the line it starts
    /// on, and whether it ends (a single-quoted one cannot cross a line).
    String {
        triple: bool,
        start: u32,
        closed: bool,
    },
}

/// Walks `source` as the tokenizer sees brackets and strings: comments
/// are skipped, each string literal is reported once, every other
/// character with its line. `visit` returns false to stop.
fn scan(source: &str, mut visit: impl FnMut(Scanned) -> bool) {
    let mut line = 1;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                while chars.peek().is_some_and(|c| *c != '\n') {
                    chars.next();
                }
                continue;
            }
            '\'' | '"' => {
                let start = line;
                let triple = chars.clone().take(2).all(|n| n == c);
                if triple {
                    chars.next();
                    chars.next();
                }
                let mut run = 0;
                let mut closed = false;
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            // The escaped character goes with the backslash.
                            let escaped = chars.next();
                            line += u32::from(escaped == Some('\n'));
                        }
                        '\n' => {
                            line += 1;
                            if !triple {
                                break;
                            }
                        }
                        s if s == c => {
                            run += 1;
                            if !triple || run == 3 {
                                closed = true;
                                break;
                            }
                            continue;
                        }
                        _ => {}
                    }
                    run = 0;
                }
                if !visit(Scanned::String {
                    triple,
                    start,
                    closed,
                }) {
                    return;
                }
                continue;
            }
            _ => {}
        }
        if !visit(Scanned::Code(c, line)) {
            return;
        }
        if c == '\n' {
            line += 1;
        }
    }
}

/// The first string literal that never ends: whether it is
/// triple-quoted, and its line.
pub fn unterminated_string(source: &str) -> Option<(bool, u32)> {
    let mut found = None;
    scan(source, |scanned| match scanned {
        Scanned::String {
            triple,
            start,
            closed: false,
        } => {
            found = Some((triple, start));
            false
        }
        _ => true,
    });
    found
}

/// Finds an unmatched or mismatched bracket the way CPython's tokenizer
/// reports it, skipping strings and comments.
pub fn bracket_error(source: &str) -> Option<CompileError> {
    let mut stack: Vec<(char, u32)> = Vec::new();
    let mut error = None;
    scan(source, |scanned| {
        let Scanned::Code(c, line) = scanned else {
            return true;
        };
        match c {
            '(' | '[' | '{' => stack.push((c, line)),
            ')' | ']' | '}' => {
                let opening = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    None => {
                        error = Some(CompileError::syntax(format!("unmatched '{c}'"), line));
                        return false;
                    }
                    Some((open, _)) if open != opening => {
                        error = Some(CompileError::syntax(
                            format!(
                                "closing parenthesis '{c}' does not match opening parenthesis '{open}'"
                            ),
                            line,
                        ));
                        return false;
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        true
    });
    error.or_else(|| {
        stack
            .first()
            .map(|(open, line)| CompileError::syntax(format!("'{open}' was never closed"), *line))
    })
}

/// The first string literal that spells a lone surrogate (`'\ud800'`,
/// `'\U0000dc80'`). Strings are UTF-8, which cannot hold one; the parser
/// would turn it into U+FFFD silently, so the program is refused with a
/// clear `NotImplementedError` instead.
pub fn lone_surrogate(
    source: &str,
    tokens: &ruff_python_ast::token::Tokens,
) -> Option<CompileError> {
    use ruff_python_ast::StringFlags;
    use ruff_python_ast::str_prefix::AnyStringPrefix;
    use ruff_python_ast::token::TokenKind;
    use ruff_text_size::Ranged;
    for token in tokens.iter() {
        if !matches!(token.kind(), TokenKind::String | TokenKind::FStringMiddle) {
            continue;
        }
        let Some(flags) = token.string_flags() else {
            continue;
        };
        if flags.is_raw_string() || matches!(flags.prefix(), AnyStringPrefix::Bytes(_)) {
            continue;
        }
        let range = token.range();
        let text = &source[range.start().to_usize()..range.end().to_usize()];
        if let Some(at) = surrogate_escape_offset(text) {
            let line = LineTable::new(source).line_of(range.start().to_u32() + at as u32);
            return Some(CompileError::not_implemented(
                "lone surrogates in string literals are not supported yet",
                line,
            ));
        }
    }
    None
}

/// The byte offset of a `\uXXXX` or `\UXXXXXXXX` escape naming a code
/// point in U+D800..U+DFFF, skipping escaped backslashes.
fn surrogate_escape_offset(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let digits = match bytes.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => {
                i += 2;
                continue;
            }
        };
        let hex = text.get(i + 2..i + 2 + digits);
        if let Some(code) = hex.and_then(|h| u32::from_str_radix(h, 16).ok())
            && (0xD800..=0xDFFF).contains(&code)
        {
            return Some(i);
        }
        i += 2;
    }
    None
}

#[cfg(test)]
mod surrogate_tests {
    use super::surrogate_escape_offset;

    #[test]
    fn finds_surrogate_escapes_only() {
        assert_eq!(surrogate_escape_offset(r"'a\ud800'"), Some(2));
        assert_eq!(surrogate_escape_offset(r"'\U0000DFFF'"), Some(1));
        assert_eq!(surrogate_escape_offset(r"'\\ud800'"), None);
        assert_eq!(surrogate_escape_offset(r"'\ue000 \ud7ff'"), None);
        assert_eq!(surrogate_escape_offset(r"'\u12'"), None);
    }
}
