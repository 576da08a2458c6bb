//! The readable receipt that `youhui price` prints.

use std::fmt::Write;

use crate::{Amount, Cart, Engine, Quote, Stage};

const WIDTH: usize = 64;

/// Renders a quote as a receipt for a terminal: every line with each stage's
/// deduction, every shop's shipping, rebate and gifts, the totals, the coupons
/// used, why each other promotion did not apply, and the 凑单 hints.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[
///     {"id":"sc20","type":"shop_coupon","shop":"tea","min_amount":"200","amount_off":"20","name":"满200减20券"}]}"#).unwrap();
/// let engine = youhui::Engine::new(rules).unwrap();
/// let cart: youhui::Cart = serde_json::from_str(r#"{"now":"2026-11-11T10:00:00+08:00","coupons":["sc20"],
///     "lines":[{"id":"L1","shop":"tea","sku":"longjing","unit_price":"128.00","quantity":2}]}"#).unwrap();
/// let quote = engine.price(&cart).unwrap();
/// let text = youhui::receipt(&engine, &cart, &quote);
/// assert!(text.contains("满200减20券"));
/// assert!(text.contains("236.00"));
/// ```
pub fn receipt(engine: &Engine, cart: &Cart, quote: &Quote) -> String {
    let mut out = String::new();
    let now = cart.now.display_with_offset(jiff::tz::offset(8));
    let _ = writeln!(out, "youhui receipt · {now} · {}", quote.currency);
    let _ = writeln!(out, "{}", "═".repeat(WIDTH));
    let label = |id: &str| match engine.promotion_name(id) {
        Some(n) => format!("{id} {n}"),
        None => id.to_string(),
    };
    for shop in &quote.shops {
        let _ = writeln!(out, "[{}]", shop.shop);
        for (line, ql) in cart.lines.iter().zip(&quote.lines) {
            if line.shop != shop.shop {
                continue;
            }
            let left = format!(
                "  {}  {} × {} @ {}",
                line.id, line.sku, line.quantity, line.unit_price
            );
            row(&mut out, &left, &ql.original.to_string());
            for d in &ql.discounts {
                let left = format!(
                    "      {} {}",
                    pad(stage_name(d.stage), 18),
                    label(&d.promotion)
                );
                row(&mut out, &left, &format!("−{}", d.amount));
            }
            row(&mut out, "      paid", &ql.paid.to_string());
        }
        let charged = cart.shipping.get(&*shop.shop).copied().unwrap_or_default();
        if charged.fen() > 0 && shop.shipping.fen() == 0 {
            row(
                &mut out,
                "  shipping (waived, 包邮)",
                &format!("0.00 (was {charged})"),
            );
        } else {
            row(&mut out, "  shipping", &shop.shipping.to_string());
        }
        if shop.rebate_used.fen() > 0 || shop.rebate_earned.fen() > 0 {
            let _ = writeln!(
                out,
                "  rebate credit (返利金): used {}, earned on this order {}",
                shop.rebate_used, shop.rebate_earned
            );
        }
        for g in &shop.gifts {
            let _ = writeln!(out, "  gift (赠品): {} × {}", g.sku, g.quantity);
        }
        row(&mut out, "  shop total", &shop.payable.to_string());
        let _ = writeln!(out);
    }
    let t = &quote.totals;
    let _ = writeln!(out, "{}", "─".repeat(WIDTH));
    row(&mut out, "original", &t.original.to_string());
    for (stage, amt) in [
        (Stage::ItemDiscount, t.item_discount),
        (Stage::Threshold, t.threshold),
        (Stage::ShopCoupon, t.shop_coupon),
        (Stage::Rebate, t.rebate),
        (Stage::PlatformCoupon, t.platform_coupon),
    ] {
        row(&mut out, stage_name(stage), &minus(amt));
    }
    row(&mut out, "shipping", &t.shipping.to_string());
    row(&mut out, "payable (应付)", &t.payable.to_string());
    let shipping_before: i64 = cart
        .shipping
        .iter()
        .filter(|(s, _)| quote.shops.iter().any(|q| &q.shop == *s))
        .map(|(_, a)| a.fen())
        .sum();
    let saved = t.original.fen() + shipping_before - t.payable.fen();
    row(
        &mut out,
        "saved (共优惠)",
        &Amount::total(saved).to_string(),
    );
    let _ = writeln!(out, "{}", "═".repeat(WIDTH));
    let coupons: Vec<&str> = quote
        .applied
        .iter()
        .filter(|a| matches!(a.stage, Stage::ShopCoupon | Stage::PlatformCoupon))
        .map(|a| &*a.promotion)
        .collect();
    let _ = writeln!(
        out,
        "coupons used ({}): {}",
        match cart.coupon_selection {
            crate::CouponSelection::Best => "best combination",
            crate::CouponSelection::AsGiven => "as given",
        },
        if coupons.is_empty() {
            "none".to_string()
        } else {
            coupons.join(", ")
        }
    );
    if !quote.not_applied.is_empty() {
        let _ = writeln!(out, "not applied:");
        for n in &quote.not_applied {
            let _ = writeln!(
                out,
                "  {} — {}: {}",
                label(&n.promotion),
                n.reason.as_str(),
                n.message
            );
        }
    }
    if !quote.hints.is_empty() {
        let _ = writeln!(out, "凑单 hints:");
        for h in &quote.hints {
            let more = match (h.shortfall, h.shortfall_units) {
                (Some(a), _) => format!("add {a}"),
                (None, Some(u)) => format!("add {u} more unit{}", if u == 1 { "" } else { "s" }),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}: {more} to save {} more",
                label(&h.promotion),
                h.saving
            );
        }
    }
    out
}

fn stage_name(s: Stage) -> &'static str {
    match s {
        Stage::ItemDiscount => "单品优惠 item",
        Stage::Threshold => "满优惠 threshold",
        Stage::ShopCoupon => "店铺券 shop coupon",
        Stage::Rebate => "返利金 rebate",
        Stage::PlatformCoupon => "平台券 platform",
    }
}

fn minus(a: Amount) -> String {
    if a.fen() == 0 {
        a.to_string()
    } else {
        format!("−{a}")
    }
}

/// Terminal cells a string takes: East Asian wide characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = matches!(c,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
            1 + usize::from(wide)
        })
        .sum()
}

/// `s` padded with spaces to `cells` terminal cells.
fn pad(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(width(s))))
}

/// `left` and `right` on one line, `right` flush with the receipt's edge.
fn row(out: &mut String, left: &str, right: &str) {
    let used = width(left) + width(right);
    let pad = WIDTH.saturating_sub(used).max(2);
    let _ = writeln!(out, "{left}{}{right}", " ".repeat(pad));
}

#[cfg(test)]
mod tests {
    #[test]
    fn wide_characters_take_two_cells() {
        assert_eq!(super::width("ab"), 2);
        assert_eq!(super::width("单品"), 4);
        assert_eq!(super::width("−1.00"), 5);
    }
}
