//! Use limits (每人限用, 发行量, 每人限购; reference: [Use limits](crate::_documentation::reference#use-limits-每人限用-每人限购-发行量)): whether
//! a promotion is at its limit for this cart, by the counts the cart passes,
//! and how many units an item discount may still discount.
//!
//! The engine keeps no count: the checkout service passes them
//! (`customer.uses`, `customer.units`, `uses`) and increments them for every
//! promotion of the quote's `applied` when the order is placed.

use crate::ids::PromoId;
use crate::model::Cart;
use crate::rules::compiled::Head;

use super::state::Pricing;
use super::why::Why;

/// `limit_reached`, or `None` when the promotion's limits leave it free to
/// apply: its `per_customer` uses, its `total` uses, and for an item
/// discount its `per_customer_units` (nothing left to discount).
pub(crate) fn reached(head: &Head, cart: &Cart) -> Option<Why> {
    let l = &head.limits;
    if l.is_none() {
        return None;
    }
    let count =
        |map: &std::collections::BTreeMap<String, u64>| map.get(&*head.id).copied().unwrap_or(0);
    if let Some(limit) = l.per_customer {
        let used = count(&cart.customer.uses);
        if used >= u64::from(limit.get()) {
            return Some(Why::UsesReached {
                used,
                limit: limit.get(),
            });
        }
    }
    if let Some(total) = l.total {
        let used = count(&cart.uses);
        if used >= u64::from(total.get()) {
            return Some(Why::StockGone {
                used,
                total: total.get(),
            });
        }
    }
    if let Some(limit) = l.per_customer_units {
        let bought = count(&cart.customer.units);
        if bought >= u64::from(limit.get()) {
            return Some(Why::UnitsReached {
                bought,
                limit: limit.get(),
            });
        }
    }
    None
}

/// The units of each SKU an item discount may discount on this cart: the
/// smaller of its `max_units` and what is left of its `per_customer_units`
/// for this customer (`per_customer_units − customer.units[id]`); `None`:
/// no cap. The stage counts it per SKU across lines, in line id order
/// (reference: [`item_discount` (stage 1)](crate::_documentation::reference#item_discount-stage-1)).
pub(crate) fn unit_cap(p: &Pricing<'_>, promo: PromoId, max_units: Option<u32>) -> Option<u32> {
    let head = p.cat.head(promo);
    let left = head.limits.per_customer_units.map(|limit| {
        let bought = p.cart.customer.units.get(&*head.id).copied().unwrap_or(0);
        let left = u64::from(limit.get()).saturating_sub(bought);
        // At most `limit`, which is a u32.
        u32::try_from(left).unwrap_or(u32::MAX)
    });
    match (max_units, left) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
