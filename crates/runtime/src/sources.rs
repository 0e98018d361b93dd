//! The source text of every file the process compiled, by filename, so
//! tracebacks, `warnings` and `linecache` can show source lines of the
//! script and of imported modules (including the embedded library, which
//! has no file on disk).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

thread_local! {
    static SOURCES: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::new());
}

/// Remembers `text` as the source of `filename`.
pub fn remember(filename: &str, text: &str) {
    SOURCES.with(|s| {
        s.borrow_mut().insert(filename.to_string(), text.into());
    });
}

/// The source text of a file compiled earlier, if any.
pub fn text_of(filename: &str) -> Option<Rc<str>> {
    SOURCES.with(|s| s.borrow().get(filename).cloned())
}

/// Line `line` (1-based) of `filename`'s source, without its newline.
pub fn line_of(filename: &str, line: u32) -> Option<String> {
    let text = text_of(filename)?;
    text.lines()
        .nth(line.checked_sub(1)? as usize)
        .map(str::to_string)
}
