//! `youhui.InputError`: bad input, with the message the command line prints.

use std::fmt::Display;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::PyErr;

pyo3::create_exception!(
    youhui,
    InputError,
    PyValueError,
    "Bad input: a rules file, cart, facts file or state that youhui refuses.\n\n\
     The message is the one `youhui` prints on the command line (without the\n\
     file name the command line puts before it); nothing was priced."
);

/// Bad input: raised as [`InputError`], with the crate's message as it is.
pub(crate) fn input(e: impl Display) -> PyErr {
    InputError::new_err(e.to_string())
}

/// Something that is not the input's fault (the command line's exit 1).
pub(crate) fn other(e: impl Display) -> PyErr {
    PyRuntimeError::new_err(e.to_string())
}
