//! The `items_jsonl` target (`youhui preview`'s input): its checks are
//! `youhui_fuzz::items_jsonl` (fuzz/src/lib.rs), the same function the crate's
//! tests replay kept inputs through.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = youhui_fuzz::items_jsonl(data);
});
