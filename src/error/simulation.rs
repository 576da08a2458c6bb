//! What `youhui simulate` refuses in a saved simulation state.

use super::{ErrorKind, Mistake};

/// A saved simulation state that cannot be read back (its reason in words,
/// written by `simulate/state.rs`, which alone knows the state's format).
#[derive(Debug, thiserror::Error)]
pub(crate) enum SimulationError {
    #[error("{0}")]
    State(String),
}

impl Mistake for SimulationError {
    fn kind(&self) -> ErrorKind {
        match self {
            SimulationError::State(_) => ErrorKind::InvalidValue,
        }
    }
}
