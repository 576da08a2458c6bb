//! Helpers shared by the integration tests.

use serde_json::Value;
use youhui::{Quote, Stage};

/// Checks that every field given in `expect` is in `actual` with the same value.
/// Objects may leave keys out; arrays must have the same length.
pub fn subset(expect: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let p = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => subset(v, av, &p)?,
                    None => return Err(format!("{p}: missing (expected {v})")),
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} entries, got {}: {}",
                    e.len(),
                    a.len(),
                    serde_json::to_string(a).unwrap()
                ));
            }
            for (k, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{k}]"))?;
            }
            Ok(())
        }
        _ if expect == actual => Ok(()),
        _ => Err(format!("{path}: expected {expect}, got {actual}")),
    }
}

/// The laws every quote obeys, whatever the promotions.
pub fn conservation(q: &Quote) -> Result<(), String> {
    let t = &q.totals;
    let stage_totals = [
        t.item_discount.fen(),
        t.threshold.fen(),
        t.shop_coupon.fen(),
        t.rebate.fen(),
        t.platform_coupon.fen(),
    ];
    let lhs = t.original.fen() - stage_totals.iter().sum::<i64>() + t.shipping.fen();
    if lhs != t.payable.fen() {
        return Err(format!(
            "original − stages + shipping = {lhs} ≠ payable {}",
            t.payable.fen()
        ));
    }
    let paid: i64 = q.lines.iter().map(|l| l.paid.fen()).sum();
    if paid + t.shipping.fen() != t.payable.fen() {
        return Err(format!(
            "Σ paid {paid} + shipping ≠ payable {}",
            t.payable.fen()
        ));
    }
    let mut by_stage = [0i64; 5];
    let mut by_promo = std::collections::BTreeMap::<String, i64>::new();
    for l in &q.lines {
        if l.paid.fen() < 0 {
            return Err(format!("line {} paid {} is below zero", l.id, l.paid));
        }
        let d: i64 = l.discounts.iter().map(|d| d.amount.fen()).sum();
        if l.original.fen() - d != l.paid.fen() {
            return Err(format!("line {}: original − discounts ≠ paid", l.id));
        }
        for d in &l.discounts {
            if d.amount.fen() <= 0 {
                return Err(format!("line {}: a zero or negative share is listed", l.id));
            }
            by_stage[Stage::ALL.iter().position(|s| *s == d.stage).unwrap()] += d.amount.fen();
            *by_promo.entry(d.promotion.clone()).or_default() += d.amount.fen();
        }
    }
    if by_stage != stage_totals {
        return Err(format!(
            "shares per stage {by_stage:?} ≠ stage totals {stage_totals:?}"
        ));
    }
    for a in &q.applied {
        let shares = by_promo.get(&a.promotion).copied().unwrap_or(0);
        if shares != a.amount.fen() {
            return Err(format!(
                "{}: shares {shares} ≠ applied {}",
                a.promotion, a.amount
            ));
        }
    }
    let shipping: i64 = q.shops.iter().map(|s| s.shipping.fen()).sum();
    if shipping != t.shipping.fen() {
        return Err("Σ shop shipping ≠ totals.shipping".into());
    }
    let shop_pay: i64 = q.shops.iter().map(|s| s.payable.fen()).sum();
    if shop_pay != t.payable.fen() {
        return Err("Σ shop payable ≠ totals.payable".into());
    }
    let rebate: i64 = q.shops.iter().map(|s| s.rebate_used.fen()).sum();
    if rebate != t.rebate.fen() {
        return Err("Σ rebate_used ≠ totals.rebate".into());
    }
    Ok(())
}
