//! What [`Engine::price`](crate::Engine::price) refuses in a cart (its shape
//! and its texts aside: [`input`](super::input)).

use super::{ErrorKind, Mistake};
use crate::limits::{MAX_COUNT, MAX_POINTS, MAX_QUANTITY};
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
    /// A use count (`customer.uses`, `customer.units`, `uses`) for an id that
    /// names no promotion: a misspelt id must not leave a limit unchecked.
    #[error("{} names no promotion of the rules file{}", quoted(.id), match .suggestion { Some(s) => format!("; did you mean {}?", quoted(s)), None => String::new() })]
    UnknownPromotion {
        id: String,
        suggestion: Option<String>,
    },
    /// `customer.units` for a promotion that is not an item discount.
    #[error("{} is {stage}; customer.units counts the units bought at an item_discount's price (每人限购)", quoted(.id))]
    UnitsNotItem { id: String, stage: &'static str },
    #[error("count {count} must be from 0 to {MAX_COUNT}")]
    Count { count: u64 },
    #[error("customer.points {points} is above {MAX_POINTS}, the most a points balance may hold")]
    PointsBalance { points: u64 },
    #[error("use_points is true, but the rules file has no settings.points: there is no points scheme to pay with")]
    PointsWithoutScheme,
    /// A [`CheckedCart`](crate::CheckedCart) given to an engine other than
    /// the one that checked it.
    #[error("it was checked by another engine; check the cart with this one (Engine::check_cart) before pricing it")]
    CheckedByAnotherEngine,
}

impl Mistake for CartError {
    fn kind(&self) -> ErrorKind {
        match self {
            CartError::Quantity { quantity } if *quantity > i128::from(MAX_QUANTITY) => {
                ErrorKind::Limit
            }
            CartError::MaxQuantity { max, bound } if max > bound => ErrorKind::Limit,
            CartError::Quantity { .. }
            | CartError::MaxQuantity { .. }
            | CartError::Birthday(_)
            | CartError::Count { .. } => ErrorKind::InvalidValue,
            CartError::NoLine => ErrorKind::Empty,
            CartError::PointsBalance { .. } => ErrorKind::Limit,
            CartError::PointsWithoutScheme | CartError::CheckedByAnotherEngine => {
                ErrorKind::Conflict
            }
            CartError::LineIdTwice { .. } | CartError::CouponTwice(_) => ErrorKind::Repeated,
            CartError::ShippingShop(_)
            | CartError::NotACoupon { .. }
            | CartError::UnknownCoupon(_)
            | CartError::UnknownPromotion { .. }
            | CartError::UnitsNotItem { .. } => ErrorKind::NotFound,
        }
    }
}
