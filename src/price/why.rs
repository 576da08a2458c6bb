//! Why a promotion was not used: [`Why`], with the numbers behind it, its
//! reason code, and its words — worded here and nowhere else.
//!
//! Stages report a [`Why`]; the words are made only for what the quote lists.
//! This module imports no other part of the price: every stage may use it.

use std::borrow::Cow;

use crate::ids::{LineIx, PromoId};
use crate::model::{Cart, Lifecycle, Stage};
use crate::money::{self, Amount, Fen, Ratio};
use crate::quote::Reason;
use crate::rules::compiled::Catalog;
use crate::text::{count, ordinal};

/// Why a promotion was not used, with the numbers a person needs to see why.
#[derive(Clone, Debug)]
pub(crate) enum Why {
    StartsAt(jiff::Timestamp),
    EndedAt(jiff::Timestamp),
    /// `valid.repeat` does not hold now (contract v3).
    OffRepeat(crate::model::repeat::Miss),
    NewCustomersOnly {
        earlier: u64,
    },
    ReturningCustomersOnly,
    OrdersBelow {
        earlier: u64,
        min: u64,
    },
    OrdersAbove {
        earlier: u64,
        max: u64,
    },
    ExcludedSegment,
    MemberTier {
        need: u32,
        have: u32,
    },
    Segment,
    Lifecycle(Lifecycle),
    NoLastOrder,
    NotBirthday,
    /// 每人限用: the customer used it in `used` earlier orders, the limit is `limit`.
    UsesReached {
        used: u64,
        limit: u32,
    },
    /// 发行量: all customers used it in `used` orders, the stock is `total`.
    StockGone {
        used: u64,
        total: u32,
    },
    /// 每人限购: the customer bought `bought` units at its price, the limit is `limit`.
    UnitsReached {
        bought: u64,
        limit: u32,
    },
    NotHeld,
    OutOfScope,
    /// A bundle: the shop's lines hold `have` units of its `item`-th SKU; a set needs `need`.
    Incomplete {
        item: u32,
        have: i64,
        need: u32,
    },
    /// A bundle's first set alone would cost `price` for an original of `original`.
    SetNotCheaper {
        original: Fen,
        price: Fen,
    },
    /// A bundle's first set alone breaks a floor: `units` units for `price`, original `original`.
    SetBelowFloor {
        original: Fen,
        price: Fen,
        units: i64,
    },
    /// A bundle a valid choice could form, left out by the best choice.
    BundleOutranked,
    UnitsBelow {
        units: i64,
        lowest: i64,
    },
    BelowLowest {
        base: Fen,
        lowest: Fen,
    },
    BelowMin {
        base: Fen,
        min: Fen,
    },
    /// A 第N件X折 on a line of `units` units, fewer than its `n` (contract v3).
    FewerThanN {
        line: LineIx,
        units: i64,
        n: u32,
    },
    BelowFloor {
        line: LineIx,
        new: Fen,
    },
    NotBelowPrice {
        line: LineIx,
        new: Fen,
    },
    TierTakesNothing,
    TakesNothing {
        base: Fen,
    },
    NothingLeft,
    LessThanAFen {
        ratio: Ratio,
        base: Fen,
    },
    NoBalance,
    Declined,
    ItemOutranked,
    OfferOutranked(PromoId),
    RebateOutranked(PromoId),
    CouponOutranked(PromoId),
    NotChosen(Option<PromoId>),
}

impl Why {
    /// The line a reason is about, if it names one.
    pub(crate) fn line(&self) -> Option<LineIx> {
        match self {
            Why::BelowFloor { line, .. }
            | Why::NotBelowPrice { line, .. }
            | Why::FewerThanN { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The reason code (reference: [The quote](crate::_documentation::reference#the-quote)).
    pub(crate) fn reason(&self) -> Reason {
        match self {
            Why::StartsAt(_) | Why::EndedAt(_) | Why::OffRepeat(_) => Reason::NotInWindow,
            Why::NewCustomersOnly { .. }
            | Why::ReturningCustomersOnly
            | Why::OrdersBelow { .. }
            | Why::OrdersAbove { .. }
            | Why::ExcludedSegment
            | Why::MemberTier { .. }
            | Why::Segment
            | Why::Lifecycle(_)
            | Why::NoLastOrder
            | Why::NotBirthday => Reason::AudienceMismatch,
            Why::UsesReached { .. } | Why::StockGone { .. } | Why::UnitsReached { .. } => {
                Reason::LimitReached
            }
            Why::NotHeld => Reason::NotHeld,
            Why::OutOfScope => Reason::OutOfScope,
            Why::Incomplete { .. } => Reason::Incomplete,
            Why::SetBelowFloor { .. } => Reason::BelowPriceFloor,
            Why::SetNotCheaper { .. } => Reason::NoReduction,
            Why::BundleOutranked => Reason::Outranked,
            Why::UnitsBelow { .. }
            | Why::BelowLowest { .. }
            | Why::BelowMin { .. }
            | Why::FewerThanN { .. } => Reason::ThresholdNotMet,
            Why::BelowFloor { .. } => Reason::BelowPriceFloor,
            Why::NotBelowPrice { .. }
            | Why::TierTakesNothing
            | Why::TakesNothing { .. }
            | Why::NothingLeft
            | Why::LessThanAFen { .. } => Reason::NoReduction,
            Why::NoBalance => Reason::NoBalance,
            Why::Declined => Reason::Declined,
            Why::ItemOutranked
            | Why::OfferOutranked(_)
            | Why::RebateOutranked(_)
            | Why::CouponOutranked(_) => Reason::Outranked,
            Why::NotChosen(_) => Reason::NotChosen,
        }
    }
}

fn lifecycle_name(l: Lifecycle) -> &'static str {
    match l {
        Lifecycle::Active => "active",
        Lifecycle::Silent => "silent",
        Lifecycle::Sleeping => "sleeping",
        Lifecycle::Lost => "lost",
    }
}

/// The words for `why`, for promotion `p`.
pub(crate) fn message<'a>(cat: &'a Catalog, cart: &'a Cart, p: PromoId, why: &Why) -> Cow<'a, str> {
    let head = cat.head(p);
    let id = |q: PromoId| &*cat.head(q).id;
    let total = Amount::total;
    Cow::Owned(match why {
        Why::StartsAt(t) => format!("starts at {}", crate::model::time::show(*t)),
        Why::EndedAt(t) => format!("ended at {}", crate::model::time::show(*t)),
        Why::OffRepeat(miss) => format!(
            "recurs {}; {miss}",
            head.window
                .repeat
                .map(|r| r.to_string())
                .unwrap_or_default()
        ),
        Why::NewCustomersOnly { earlier } => match &head.shop {
            Some(s) => format!(
                "for new customers only; the customer has {} at {s:?}",
                count(*earlier, "earlier order")
            ),
            None => format!(
                "for new customers only; the customer has {}",
                count(*earlier, "earlier order")
            ),
        },
        Why::ReturningCustomersOnly => match &head.shop {
            Some(s) => format!(
                "for returning customers only (老客); the customer has no earlier order at {s:?}"
            ),
            None => {
                return Cow::Borrowed(
                    "for returning customers only (老客); the customer has no earlier order",
                )
            }
        },
        Why::OrdersBelow { earlier, min } => format!(
            "for customers with at least {}; the customer has {earlier}",
            count(*min, "earlier order")
        ),
        Why::OrdersAbove { earlier, max } => format!(
            "for customers with at most {}; the customer has {earlier}",
            count(*max, "earlier order")
        ),
        Why::ExcludedSegment => format!(
            "not for segment {:?}, the customer's segment",
            cart.customer.segment.as_deref().unwrap_or_default()
        ),
        Why::MemberTier { need, have } => {
            format!("for member tier {need} and above; the customer's tier is {have}")
        }
        Why::Segment => match &cart.customer.segment {
            Some(s) => format!("for other segments; the customer is in segment {s:?}"),
            None => return Cow::Borrowed("for some segments; the customer has no segment"),
        },
        Why::Lifecycle(state) => {
            let wanted: Vec<&str> = head
                .audience
                .lifecycle
                .iter()
                .flat_map(|l| l.iter())
                .map(|l| lifecycle_name(*l))
                .collect();
            format!(
                "for lifecycle {}; the customer is {}",
                wanted.join(" or "),
                lifecycle_name(*state)
            )
        }
        Why::NoLastOrder => {
            return Cow::Borrowed("for a lifecycle state; the customer has no last_order_at")
        }
        Why::NotBirthday => {
            return Cow::Borrowed("for the customer's birthday, which is not today (UTC+08:00)")
        }
        Why::UsesReached { used, limit } => format!(
            "the customer used it in {}; the limit is {} per customer (每人限用)",
            count(*used, "earlier order"),
            count(u64::from(*limit), "order")
        ),
        Why::StockGone { used, total } => format!(
            "used in {} of all customers; the stock is {} (发行量)",
            count(*used, "order"),
            count(u64::from(*total), "order")
        ),
        Why::UnitsReached { bought, limit } => format!(
            "the customer bought {} at its price before; the limit is {} per customer (每人限购)",
            count(*bought, "unit"),
            count(u64::from(*limit), "unit")
        ),
        Why::NotHeld => return Cow::Borrowed("the cart does not hold this coupon"),
        Why::OutOfScope => match &head.shop {
            Some(s) => format!("no line of shop {s:?} is in its scope"),
            None => return Cow::Borrowed("no line of the cart is in its scope"),
        },
        Why::Incomplete { item, have, need } => {
            let sku = cat
                .bundles
                .iter()
                .find(|b| b.promo == p)
                .map_or("", |b| &*b.items[*item as usize].0);
            format!(
                "a set needs {} of {sku:?}; the shop's lines hold {have}",
                count(u64::from(*need), "unit"),
            )
        }
        Why::SetNotCheaper { original, price } => format!(
            "a set costs {} for items worth {}; the set price must be below their total",
            total(*price),
            total(*original)
        ),
        Why::SetBelowFloor {
            original,
            price,
            units,
        } => format!(
            "a set of {} for {} would be below the floor (1.00 a unit, and 0.1折 of the items' {})",
            count(*units as u64, "unit"),
            total(*price),
            total(*original)
        ),
        Why::BundleOutranked => return Cow::Borrowed(
            "the shop's units go further in the best choice of sets and item discounts without it",
        ),
        Why::UnitsBelow { units, lowest } => {
            format!(
                "{} in scope; the lowest tier needs {lowest}",
                count(*units as u64, "unit")
            )
        }
        Why::BelowLowest { base, lowest } => format!(
            "the base {} is below the lowest threshold {}",
            total(*base),
            total(*lowest)
        ),
        Why::BelowMin { base, min } => format!(
            "the base {} is below min_amount {}",
            total(*base),
            total(*min)
        ),
        Why::FewerThanN { line, units, n } => {
            let l = &cart.lines[line.get()];
            format!(
                "line {:?} has {}; the fold is for every {} unit",
                l.id,
                count(*units as u64, "unit"),
                ordinal(*n)
            )
        }
        Why::BelowFloor { line, new } => {
            let l = &cart.lines[line.get()];
            let unit = l.unit_price.fen();
            format!(
                "line {:?}: the new unit price {} would be below the floor ({} = max(1.00, 0.1折 of {}))",
                l.id,
                money::format_fen(*new),
                total(money::unit_floor(unit)),
                total(unit)
            )
        }
        Why::NotBelowPrice { line, new } => {
            let l = &cart.lines[line.get()];
            format!(
                "line {:?}: the new unit price {} is not below {}",
                l.id,
                total(*new),
                l.unit_price
            )
        }
        Why::TierTakesNothing => {
            return Cow::Borrowed("the tier met takes nothing off and waives no shipping")
        }
        Why::TakesNothing { base } => {
            format!("it takes nothing off a base of {}", total(*base))
        }
        Why::NothingLeft => return Cow::Borrowed("its lines have nothing left to take off"),
        Why::LessThanAFen { ratio, base } => {
            format!("{ratio} of the base {} is less than a fen", total(*base))
        }
        Why::NoBalance => format!(
            "the customer has no rebate credit at {:?}",
            head.shop.as_deref().unwrap_or_default()
        ),
        Why::Declined => return Cow::Borrowed("the cart has use_rebate: false"),
        Why::ItemOutranked => {
            return Cow::Borrowed(
                "another item discount gives each of its lines a larger reduction",
            )
        }
        Why::OfferOutranked(q) => {
            format!(
                "the threshold offer {:?} is worth more to this shop",
                id(*q)
            )
        }
        Why::RebateOutranked(q) => {
            format!("the rebate program {:?} lets the customer use more", id(*q))
        }
        Why::CouponOutranked(q) => {
            let what = if head.stage == Stage::PlatformCoupon {
                "platform coupon"
            } else {
                "shop coupon"
            };
            format!("the {what} {:?} takes more off", id(*q))
        }
        Why::NotChosen(Some(q)) => format!(
            "it applies, but the best combination uses {:?} instead",
            id(*q)
        ),
        Why::NotChosen(None) => {
            return Cow::Borrowed("it applies, but the best combination is cheaper without it")
        }
    })
}
