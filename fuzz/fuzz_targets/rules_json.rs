//! The `rules_json` target: its checks are `youhui_fuzz::rules_json` (fuzz/src/lib.rs), the
//! same function the crate's tests replay kept inputs through.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = youhui_fuzz::rules_json(data);
});
