//! The `returns_json` target: its checks are `youhui_fuzz::returns_json` (fuzz/src/lib.rs), the
//! same function the crate's tests replay kept inputs through.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = youhui_fuzz::returns_json(data);
});
