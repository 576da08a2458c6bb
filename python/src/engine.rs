//! `youhui.Engine`: a rules file checked and compiled once, shared by every price.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors::{input, other};
use crate::json::{self, Line};

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

    /// 到手价: what a buyer would pay for ``item`` (its JSON text or a dict,
    /// one line of ``youhui preview --items``), for each quantity from 1 to
    /// its ``max_quantity``, with every coupon they could claim. Returns the
    /// preview as a dict, the line ``youhui preview --json`` prints.
    ///
    /// >>> engine = youhui.Engine({"promotions": [
    /// ...     {"id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5"}]})
    /// >>> p = engine.preview({"now": "2026-11-11T10:00:00+08:00", "shop": "tea",
    /// ...     "sku": "cha", "unit_price": "128.00", "max_quantity": 2})
    /// >>> p["best"], [x["each"] for x in p["prices"]]
    /// ({'quantity': 1, 'each': '108.80'}, ['108.80', '108.80'])
    ///
    /// An item youhui refuses raises :class:`InputError` with the message of
    /// the command line's bad line.
    fn preview<'py>(
        &self,
        py: Python<'py>,
        item: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = self.preview_json(py, item)?;
        json::loads(py, &text)
    }

    /// The preview of ``item`` as JSON text, byte for byte the line
    /// ``youhui preview --json`` prints for it (without its newline).
    fn preview_json(&self, py: Python<'_>, item: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = json::text(item, "item")?;
        py.detach(|| {
            self.engine
                .preview_json_line(1, Ok(&text))
                .map_err(|bad| input(bad.error))
        })
    }

    /// The lines ``youhui preview --json`` prints for lines that each come
    /// with their number, as a Spark partition holds them: ``numbers[i]`` is
    /// the number of ``lines[i]`` (``str`` or ``bytes``, read as one line of
    /// a JSON Lines file; ``None`` is a bad line). Returns ``(number, text)``
    /// for every line that is not empty, in the order given: the item's
    /// preview, or ``{"line": N, "error": "..."}`` in its place.
    ///
    /// >>> engine = youhui.Engine({"promotions": []})
    /// >>> engine.preview_lines([1, 2, 3], ['{"shop": "tea"}', "", None])[1]
    /// (3, '{"line":3,"error":"the line is null: there is no item"}')
    fn preview_lines(
        &self,
        py: Python<'_>,
        numbers: Vec<u64>,
        lines: Vec<Option<Line>>,
    ) -> PyResult<Vec<(u64, String)>> {
        if numbers.len() != lines.len() {
            return Err(input(format!(
                "preview_lines: {} numbers for {} lines",
                numbers.len(),
                lines.len()
            )));
        }
        Ok(py.detach(|| {
            numbers
                .into_iter()
                .zip(&lines)
                .filter_map(|(number, line)| {
                    let text = match line {
                        Some(line) => youhui::jsonl::line(number, line.bytes())?,
                        None => Err("the line is null: there is no item".to_string()),
                    };
                    let out = self
                        .engine
                        .preview_json_line(number, text.as_deref().map_err(String::as_str))
                        .or_else(|bad| {
                            serde_json::to_string(&youhui::preview::PreviewLine::Bad(bad))
                                .map_err(|e| e.to_string())
                        })
                        .unwrap_or_else(|e| e);
                    Some((number, out))
                })
                .collect()
        }))
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
