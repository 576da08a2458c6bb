//! Rules that can never do what they seem to: youhui's own warnings, where
//! the contract is silent (DESIGN.md, "Warnings of `youhui check`").

use crate::model::{Promotion, PromotionType};
use crate::money::{Amount, MAX_AMOUNT_FEN, UNIT_FLOOR};

use super::report::{Code, Warning};

/// `fixed_price_below_floor`, `item_amount_off_above_any_price`,
/// `every_max_off_below_amount_off` and `bundle_price_below_floor`.
pub(super) fn review(p: &Promotion, out: &mut Vec<Warning>) {
    let warn = |code, message: String| Warning::new(code, vec![p.id.clone()], message);
    let floor = Amount::total(UNIT_FLOOR);
    match p.kind {
        PromotionType::ItemDiscount => {
            // A unit may not end below 1.00: a lower fixed price fits no unit.
            if let Some(f) = p.fixed_price.filter(|f| f.fen() < UNIT_FLOOR) {
                out.push(warn(
                    Code::FixedPriceBelowFloor,
                    format!(
                        "fixed_price {f} is below the {floor} a unit may not end under, so the promotion applies to no line"
                    ),
                ));
            }
            // No unit price (at most 100,000,000.00) can take more than the
            // largest price less 1.00.
            if let Some(a) = p
                .amount_off
                .filter(|a| a.fen() > MAX_AMOUNT_FEN - UNIT_FLOOR)
            {
                out.push(warn(
                    Code::ItemAmountOffAboveAnyPrice,
                    format!(
                        "amount_off {a} leaves less than {floor} of any unit price a cart may hold (at most {}), so the promotion applies to no line",
                        Amount::MAX
                    ),
                ));
            }
        }
        PromotionType::Threshold => {
            if let Some(e) = &p.every {
                if let Some(cap) = e.max_off.filter(|m| *m < e.amount_off) {
                    out.push(warn(
                        Code::EveryMaxOffBelowAmountOff,
                        format!(
                            "every.max_off {cap} is below every.amount_off {}: no base ever gets {} off, so the offer is really 每满{}减{cap}",
                            e.amount_off, e.amount_off, e.amount
                        ),
                    ));
                }
            }
        }
        PromotionType::Bundle => {
            let (Some(items), Some(price)) = (&p.items, p.price) else {
                return;
            };
            let units: i64 = items.iter().map(|i| i64::from(i.quantity)).sum();
            if price.fen() < UNIT_FLOOR * units {
                out.push(warn(
                    Code::BundlePriceBelowFloor,
                    format!(
                        "price {price} is below {} ({floor} for each of the set's {units} units), so no set can be sold at it",
                        Amount::total(UNIT_FLOOR * units)
                    ),
                ));
            }
        }
        _ => {}
    }
}
