//! Rules JSON bytes → `Rules::from_json` → print → re-parse → `Engine::new` and `check`.
//!
//! No panic; a rules file that parses prints to JSON that parses back to the same rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(rules) = youhui::Rules::from_json(text) else { return };
    let printed = serde_json::to_string(&rules).expect("rules print");
    let again = youhui::Rules::from_json(&printed).expect("printed rules parse again");
    assert_eq!(again, rules, "rules round-trip");
    let report = youhui::check(&rules);
    match youhui::Engine::new(rules) {
        Ok(_) => assert!(report.errors.is_empty(), "Engine::new accepted what check rejects"),
        Err(e) => assert_eq!(Some(&e), report.errors.first(), "Engine::new reports check's first error"),
    }
});
