//! `youhui.refund`: what returned units give back, as `youhui refund --json`.

use pyo3::prelude::*;

use crate::errors::input;
use crate::json;

/// What returned units give back (退款), computed from the quote the order
/// was placed with and what was returned before, as ``youhui refund --json``
/// computes it; returns the refund as a dict (amounts are strings).
///
/// ``quote`` is the quote as ``Engine.price`` gives it (or its JSON text, as
/// ``price --json`` prints it); ``returns`` is ``{"returned_before": [...],
/// "returns": [{"line": "L1", "quantity": 1}]}``. A quote whose figures do
/// not add up, or a return the quote does not allow, raises
/// :class:`InputError`.
///
/// >>> engine = youhui.Engine({"promotions": []})
/// >>> quote = engine.price({"now": "2026-11-11T10:00:00+08:00", "lines": [
/// ...     {"id": "L1", "shop": "tea", "sku": "cup", "unit_price": "9.99", "quantity": 2}],
/// ...     "shipping": {"tea": "6.00"}})
/// >>> youhui.refund(quote, {"returns": [{"line": "L1", "quantity": 2}]})["totals"]["money"]
/// '25.98'
#[pyfunction]
pub(crate) fn refund<'py>(
    py: Python<'py>,
    quote: &Bound<'py, PyAny>,
    returns: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    json::object(py, &compute(py, quote, returns)?)
}

/// The refund's JSON text, byte for byte what ``youhui refund --json`` prints.
#[pyfunction]
pub(crate) fn refund_json(
    py: Python<'_>,
    quote: &Bound<'_, PyAny>,
    returns: &Bound<'_, PyAny>,
) -> PyResult<String> {
    json::pretty(&compute(py, quote, returns)?)
}

fn compute(
    py: Python<'_>,
    quote: &Bound<'_, PyAny>,
    returns: &Bound<'_, PyAny>,
) -> PyResult<youhui::Refund> {
    let quote = json::text(quote, "quote")?;
    let returns = json::text(returns, "returns")?;
    py.detach(|| {
        let quote = youhui::Quote::from_json(&quote).map_err(input)?;
        let returns = youhui::Returns::from_json(&returns).map_err(input)?;
        youhui::refund(&quote, &returns).map_err(input)
    })
}
