//! The `carts_jsonl` target (`youhui simulate`'s input): its checks are
//! `youhui_fuzz::carts_jsonl` (fuzz/src/lib.rs), the same function the crate's
//! tests replay kept inputs through.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = youhui_fuzz::carts_jsonl(data);
});
