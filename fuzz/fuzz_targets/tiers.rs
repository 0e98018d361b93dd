//! Programs from the `testgen` grammar (the one the proptest tier tests
//! use), chosen by the fuzzer's bytes: tier 0 and tier 1 must print the
//! same bytes and end the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = arbitrary::Unstructured::new(data);
    let source = testgen::program(&mut copperhead_fuzz::FuzzChoices(&mut input));
    let reference = copperhead_fuzz::run(&source, false);
    let specialized = copperhead_fuzz::run(&source, true);
    assert_eq!(reference, specialized, "tiers disagree on:\n{source}");
});
