//! JSON text across the boundary, both ways.
//!
//! Python objects come in as JSON text, written by the `json` module (a `str`
//! is taken as the text itself), and are read by the crate exactly as a file
//! is: the same checks, the same messages. What goes out is the crate's JSON,
//! read back by `json.loads`: amounts stay the strings of the quote (`"167.60"`,
//! never a `float`), and a dict keeps the order of the fields.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyDict, PyString};
use serde::Serialize;

use crate::errors::{input, other};

/// The JSON text of `obj`: a `str` as it is, `bytes` as UTF-8, anything
/// else (a dict) as `json.dumps` writes it. `what` names it in messages
/// ("rules", "cart").
pub(crate) fn text(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        // A str holding a lone surrogate has no UTF-8 form.
        return s
            .extract::<String>()
            .map_err(|e| input(format!("{what}: not valid text: {e}")));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec()).map_err(|e| {
            input(format!(
                "{what}: not UTF-8 (byte {} is not)",
                e.utf8_error().valid_up_to()
            ))
        });
    }
    let py = obj.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("ensure_ascii", false)?;
    // NaN and infinities are not JSON.
    kwargs.set_item("allow_nan", false)?;
    kwargs.set_item("separators", (",", ":"))?;
    let dumped = py
        .import("json")?
        .getattr("dumps")?
        .call((obj,), Some(&kwargs));
    match dumped {
        Ok(t) => t
            .extract::<String>()
            .map_err(|e| input(format!("{what}: not valid text: {e}"))),
        // What json.dumps cannot write (a Decimal, a float NaN, a set) is bad
        // input, not a bug of the caller's program alone.
        Err(e) if e.is_instance_of::<PyTypeError>(py) || e.is_instance_of::<PyValueError>(py) => {
            Err(input(format!(
                "{what}: cannot be written as JSON: {}",
                e.value(py)
            )))
        }
        Err(e) => Err(e),
    }
}

/// `value` as the compact JSON the crate writes, read back by `json.loads`.
pub(crate) fn object<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text =
        serde_json::to_string(value).map_err(|e| other(format!("cannot write JSON: {e}")))?;
    loads(py, &text)
}

/// `text` read by `json.loads`.
pub(crate) fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((text,))
}

/// `value` as the command line prints it with `--json`: pretty, and a final newline.
pub(crate) fn pretty(value: &impl Serialize) -> PyResult<String> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| other(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// A line of input from Python: text, or bytes read as a file's are.
#[derive(FromPyObject)]
pub(crate) enum Line {
    Text(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl Line {
    /// The line's bytes, as a file would hold them.
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Line::Text(s) => s.as_bytes(),
            Line::Bytes(b) => b,
        }
    }
}
