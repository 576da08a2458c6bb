//! Cart JSON bytes → `Cart::from_json` → print → re-parse → `price` against the
//! example rules (every stage); a priced quote obeys the conservation laws.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn engine() -> &'static youhui::Engine {
    static ENGINE: OnceLock<youhui::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = youhui::Rules::from_json(include_str!("../../examples/rules.json")).unwrap();
        youhui::Engine::new(rules).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(cart) = youhui::Cart::from_json(text) else { return };
    let printed = serde_json::to_string(&cart).expect("cart prints");
    let again = youhui::Cart::from_json(&printed).expect("printed cart parses again");
    assert_eq!(again, cart, "cart round-trip");
    if let Ok(quote) = engine().price(&cart) {
        if let Err(law) = quote.audit() {
            panic!("{law}");
        }
        let json = serde_json::to_string(&quote).unwrap();
        let twice = serde_json::to_string(&engine().price(&cart).unwrap()).unwrap();
        assert_eq!(json, twice, "pricing twice gives the same bytes");
    }
});
