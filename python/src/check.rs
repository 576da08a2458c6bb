//! `youhui.check`: every error and warning of a rules file, as `youhui check --json`.

use pyo3::prelude::*;

use crate::json;

/// Checks a rules file (its JSON text or a dict), as ``youhui check --json``
/// does, and returns the report as a dict: ``{"errors": [{"location",
/// "message"}], "warnings": [{"code", "promotions", "message", ...}]}``.
///
/// Unlike :class:`Engine`, which refuses the first error, the report lists
/// every error it can find; it raises only when ``rules`` or ``facts`` cannot
/// be had as JSON text at all.
///
/// >>> report = youhui.check({"promotions": [
/// ...     {"id": "x", "type": "item_discount", "shop": "tea"}]})
/// >>> report["errors"][0]["location"]
/// 'promotion "x"'
#[pyfunction]
#[pyo3(signature = (rules, facts=None))]
pub(crate) fn check<'py>(
    py: Python<'py>,
    rules: &Bound<'py, PyAny>,
    facts: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = json::text(rules, "rules")?;
    report(py, &text, facts)
}

/// The report of `youhui check --json` for the rules `text` and `facts`.
pub(crate) fn report<'py>(
    py: Python<'py>,
    text: &str,
    facts: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let facts = facts.map(|f| json::text(f, "facts")).transpose()?;
    let report = py.detach(|| {
        // As the command line: the facts' mistakes follow the rules'.
        let mut facts_errors = Vec::new();
        let facts = match facts.as_deref().map(youhui::Facts::read_all) {
            None => None,
            Some(Ok(f)) => Some(f),
            Some(Err(errors)) => {
                facts_errors.extend(errors.iter().map(youhui::CheckError::from));
                None
            }
        };
        let mut report = youhui::check_json(text, facts.as_ref());
        report.errors.extend(facts_errors);
        report
    });
    json::object(py, &report)
}
