//! `youhui.Engine`: a rules file checked and compiled once, shared by every price.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors::{input, other};
use crate::json;

/// The pricing engine: a rules file, checked and indexed once.
///
/// ``rules`` is the rules file's JSON text (``str`` or ``bytes``) or the same
/// as a dict. A rule youhui refuses raises :class:`InputError` with the
/// message ``youhui check`` gives first.
///
/// >>> engine = youhui.Engine({"promotions": [
/// ...     {"id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5"}]})
/// >>> quote = engine.price({"now": "2026-11-11T10:00:00+08:00", "lines": [
/// ...     {"id": "L1", "shop": "tea", "sku": "cha", "unit_price": "128.00", "quantity": 2}]})
/// >>> quote["totals"]["payable"]
/// '217.60'
///
/// An engine is immutable and safe to share between threads; pricing releases
/// the GIL. It pickles as its rules text (to ship it to Spark's executors).
#[pyclass(frozen, module = "youhui")]
pub(crate) struct Engine {
    pub(crate) engine: Arc<youhui::Engine>,
    /// The rules file's text, as read.
    pub(crate) rules: Arc<str>,
}

impl Engine {
    /// The engine of the rules file `text`, or the first error in it.
    pub(crate) fn build(py: Python<'_>, text: String) -> PyResult<Engine> {
        let engine = py
            .detach(|| youhui::Rules::from_json(&text).and_then(youhui::Engine::new))
            .map_err(input)?;
        Ok(Engine {
            engine: Arc::new(engine),
            rules: text.into(),
        })
    }

    /// The quote of the cart `text` as JSON: compact, or as `price --json` prints it.
    fn quote(&self, py: Python<'_>, text: &str, pretty: bool) -> PyResult<String> {
        py.detach(|| {
            let cart = youhui::Cart::from_json(text).map_err(input)?;
            let quote = self.engine.price(&cart).map_err(input)?;
            if pretty {
                json::pretty(&quote)
            } else {
                serde_json::to_string(&quote)
                    .map_err(|e| other(format!("cannot write the quote: {e}")))
            }
        })
    }
}

#[pymethods]
impl Engine {
    #[new]
    fn new(py: Python<'_>, rules: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let text = json::text(rules, "rules")?;
        Engine::build(py, text)
    }

    /// Prices ``cart`` (its JSON text or a dict) and returns the quote as a dict.
    ///
    /// Amounts are strings (``"217.60"``), exactly as in the quote's JSON.
    /// A cart youhui refuses raises :class:`InputError`.
    fn price<'py>(&self, py: Python<'py>, cart: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let text = json::text(cart, "cart")?;
        let quote = self.quote(py, &text, false)?;
        json::loads(py, &quote)
    }

    /// Prices ``cart`` and returns the quote's JSON text, byte for byte what
    /// ``youhui price --json`` prints.
    fn price_json(&self, py: Python<'_>, cart: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = json::text(cart, "cart")?;
        self.quote(py, &text, true)
    }

    /// Checks the engine's rules against what is known of the shops, as
    /// ``youhui check --json`` does; returns the report as a dict
    /// (``{"errors": [...], "warnings": [...]}``).
    ///
    /// ``facts`` is a ``--shop-facts`` file (text or dict); its mistakes are
    /// errors of the report, as on the command line.
    #[pyo3(signature = (facts=None))]
    fn check<'py>(
        &self,
        py: Python<'py>,
        facts: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::check::report(py, &self.rules, facts)
    }

    /// The rules file's JSON text, as the engine read it.
    #[getter]
    fn rules(&self) -> &str {
        &self.rules
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let rules: &str = &slf.get().rules;
        (slf.get_type(), (rules,)).into_pyobject(slf.py())
    }

    fn __repr__(&self) -> String {
        format!("youhui.Engine(<{} bytes of rules>)", self.rules.len())
    }
}
