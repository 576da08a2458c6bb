//! What [`Engine::price`](crate::Engine::price) refuses in a cart (its shape
//! and its texts aside: [`input`](super::input)).

use super::{ErrorKind, Mistake};
use crate::limits::MAX_QUANTITY;
use crate::text::quoted;

/// A cart that cannot be priced.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CartError {
    /// A line's quantity outside 1..=100000 (above it, a limit), whether the
    /// JSON reader or the engine finds it.
    #[error("quantity {quantity} must be from 1 to {MAX_QUANTITY}")]
    Quantity { quantity: i128 },
    /// A preview's `max_quantity` outside `1..=bound` (above it, a limit).
    #[error("max_quantity {max} must be from 1 to {bound}")]
    MaxQuantity { max: u32, bound: u32 },
    #[error("the cart has no line; a cart holds at least one line")]
    NoLine,
    #[error("birthday {0:?} is not a calendar day written \"MM-DD\" (like \"11-11\")")]
    Birthday(String),
    #[error("line id is used twice, by lines[{first}] and lines[{second}]")]
    LineIdTwice { first: usize, second: usize },
    #[error("shipping names shop {}, which has no line in the cart", quoted(.0))]
    ShippingShop(String),
    #[error("coupon {} is listed twice", quoted(.0))]
    CouponTwice(String),
    /// `stage`: the promotion's stage with its article (`a threshold`).
    #[error("{} is {stage}, not a coupon; only shop_coupon and platform_coupon ids can be held", quoted(.id))]
    NotACoupon { id: String, stage: &'static str },
    #[error("{} names no coupon promotion of the rules file", quoted(.0))]
    UnknownCoupon(String),
}

impl Mistake for CartError {
    fn kind(&self) -> ErrorKind {
        match self {
            CartError::Quantity { quantity } if *quantity > i128::from(MAX_QUANTITY) => {
                ErrorKind::Limit
            }
            CartError::MaxQuantity { max, bound } if max > bound => ErrorKind::Limit,
            CartError::Quantity { .. } | CartError::MaxQuantity { .. } | CartError::Birthday(_) => {
                ErrorKind::InvalidValue
            }
            CartError::NoLine => ErrorKind::Empty,
            CartError::LineIdTwice { .. } | CartError::CouponTwice(_) => ErrorKind::Repeated,
            CartError::ShippingShop(_)
            | CartError::NotACoupon { .. }
            | CartError::UnknownCoupon(_) => ErrorKind::NotFound,
        }
    }
}
