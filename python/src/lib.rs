//! `youhui._youhui`: the extension module of the Python package `youhui`.
//!
//! It binds the engine, the check and the what-if of the `youhui` crate, and
//! adds nothing to them: every price, message and report is the crate's own,
//! the same as the command line's. What crosses the boundary is JSON text, read
//! and written by the crate (`serde_json`) on this side and by the `json`
//! module on Python's, so that amounts stay strings and a dict is read by
//! exactly the rules that read a file (see DESIGN.md, "From Python").

#![forbid(unsafe_code)]

use pyo3::prelude::*;

mod check;
mod engine;
mod errors;
mod json;
mod refund;
mod simulation;

/// The pricing engine of youhui (优惠), from Python.
#[pymodule]
fn _youhui(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InputError", m.py().get_type::<errors::InputError>())?;
    m.add_class::<engine::Engine>()?;
    m.add_class::<simulation::Simulation>()?;
    m.add_function(wrap_pyfunction!(check::check, m)?)?;
    m.add_function(wrap_pyfunction!(refund::refund, m)?)?;
    m.add_function(wrap_pyfunction!(refund::refund_json, m)?)?;
    m.add("MAX_FILE_BYTES", youhui::limits::MAX_FILE_BYTES)?;
    Ok(())
}
