//! What a shop facts file ([`Facts`](crate::Facts)) may not say, beyond its shape.

use super::{ErrorKind, Mistake};

/// A value of a shop facts file that cannot be right.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FactsError {
    #[error("must be above zero")]
    NotPositive,
}

impl Mistake for FactsError {
    fn kind(&self) -> ErrorKind {
        match self {
            FactsError::NotPositive => ErrorKind::InvalidValue,
        }
    }
}
