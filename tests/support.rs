//! Helpers shared by the integration tests.

use serde_json::Value;
use youhui::Quote;

/// Checks that every field given in `expect` is in `actual` with the same value.
/// Objects may leave keys out; arrays must have the same length.
pub fn subset(expect: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let p = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => subset(v, av, &p)?,
                    None => return Err(format!("{p}: missing (expected {v})")),
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} entries, got {}: {}",
                    e.len(),
                    a.len(),
                    serde_json::to_string(a).unwrap()
                ));
            }
            for (k, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{k}]"))?;
            }
            Ok(())
        }
        _ if expect == actual => Ok(()),
        _ => Err(format!("{path}: expected {expect}, got {actual}")),
    }
}

/// The laws every quote obeys, whatever the promotions (see `Quote::audit`).
pub fn conservation(q: &Quote) -> Result<(), String> {
    q.audit()
}
