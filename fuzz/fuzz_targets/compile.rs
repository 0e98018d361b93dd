//! Arbitrary bytes → the frontend (parse, scope analysis, code
//! generation): an error is fine, a panic is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let _ = frontend::compile(source, "<fuzz>");
    }
});
