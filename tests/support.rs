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

/// The worked-case files under `tests/cases/`, in name order: the one list
/// the conformance test, the schema test and the checked-cart test walk.
pub fn case_files() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}
