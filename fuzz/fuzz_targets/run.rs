//! Arbitrary source → run in every tier under the instruction budget and
//! the allocation limit: no panic, no abort, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        for specialize in [false, true] {
            copperhead_fuzz::run(source, specialize);
        }
    }
});
