//! What [`refund`](crate::refund) refuses in the stored quote and the returns
//! it is given (their shape and texts aside: [`input`](super::input)).

use super::{ErrorKind, Mistake};
use crate::limits::MAX_QUANTITY;
use crate::text::{count, quoted};

/// A stored quote or a returns file that a refund cannot be computed from.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RefundError {
    #[error("the quote has no line")]
    QuoteNoLine,
    #[error("{shops} shops for {lines} lines; every shop of a quote has a line")]
    ShopsForLines { shops: usize, lines: usize },
    #[error("the shop {} is listed twice", quoted(.0))]
    ShopTwice(String),
    #[error("the line id appears twice in the quote")]
    LineTwice,
    #[error("quantity {0} is outside 1 to {MAX_QUANTITY}")]
    Quantity(u32),
    #[error("its shop {} is not among the quote's shops", quoted(.0))]
    ShopNotListed(String),
    #[error("the shop {} has no line in the quote", quoted(.0))]
    ShopWithoutLine(String),
    /// The quote's audit, in its words.
    #[error("the quote's figures do not add up ({0}): a stored quote was edited or truncated")]
    Figures(String),
    #[error("the line {} is not a line of the quote", quoted(.0))]
    NotInQuote(String),
    #[error("the line {} is named twice in {field} (also at {field}[{first}]); name a line once with all its units", quoted(.line))]
    NamedTwice {
        line: String,
        field: &'static str,
        first: usize,
    },
    #[error("the line {} has quantity 0; a return is of at least 1 unit", quoted(.0))]
    ZeroUnits(String),
    #[error("nothing is returned; list at least one line")]
    NothingReturned,
    #[error("the line {} has {}; {before} cannot have been returned before", quoted(.line), count(u64::from(*.units), "unit"))]
    TooManyBefore {
        line: String,
        units: u32,
        before: u32,
    },
    #[error("the line {} has {}; {before} returned before and {now} now is more", quoted(.line), count(u64::from(*.units), "unit"))]
    TooMany {
        line: String,
        units: u32,
        before: u32,
        now: u32,
    },
}

impl Mistake for RefundError {
    fn kind(&self) -> ErrorKind {
        use RefundError as R;
        match self {
            R::QuoteNoLine | R::NothingReturned => ErrorKind::Empty,
            R::ShopTwice(_) | R::LineTwice | R::NamedTwice { .. } => ErrorKind::Repeated,
            R::Quantity(q) if *q > MAX_QUANTITY => ErrorKind::Limit,
            R::Quantity(_) | R::ZeroUnits(_) => ErrorKind::InvalidValue,
            R::ShopNotListed(_) | R::NotInQuote(_) => ErrorKind::NotFound,
            R::ShopsForLines { .. }
            | R::ShopWithoutLine(_)
            | R::Figures(_)
            | R::TooManyBefore { .. }
            | R::TooMany { .. } => ErrorKind::Conflict,
        }
    }
}
