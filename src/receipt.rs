//! The readable receipt that `youhui price` prints.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::text::printable;
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
        Some(n) => format!("{} {}", printable(id), printable(n)),
        None => printable(id).into_owned(),
    };
    for shop in &quote.shops {
        let _ = writeln!(out, "[{}]", printable(&shop.shop));
        for (line, ql) in cart.lines.iter().zip(&quote.lines) {
            if line.shop != shop.shop {
                continue;
            }
            let left = format!(
                "  {}  {} × {} @ {}",
                printable(&line.id),
                printable(&line.sku),
                line.quantity,
                line.unit_price
            );
            row(&mut out, &left, &ql.original.to_string());
            for d in &ql.discounts {
                // A bundle (搭配套餐) shows its sets: `tea-set 龙井配茶杯套餐 × 2`.
                let sets = quote
                    .applied
                    .iter()
                    .find(|a| a.promotion == d.promotion)
                    .and_then(|a| a.sets);
                let left = match sets {
                    Some(k) => format!(
                        "      {} {} × {k}",
                        pad("搭配套餐 bundle", 18),
                        label(&d.promotion)
                    ),
                    None => format!(
                        "      {} {}",
                        pad(stage_name(d.stage), 18),
                        label(&d.promotion)
                    ),
                };
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
            let _ = writeln!(out, "  gift (赠品): {} × {}", printable(&g.sku), g.quantity);
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
            printable(&coupons.join(", ")).into_owned()
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
                printable(&n.message)
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

/// Terminal cells a string takes (an East Asian wide character takes two).
fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` padded with spaces to `cells` terminal cells.
fn pad(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(width(s))))
}

/// `s` cut to at most `cells` terminal cells, ending in `…` when cut.
fn clip(s: &str, cells: usize) -> Cow<'_, str> {
    if width(s) <= cells {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > cells {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `left` and `right` on one line, `right` flush with the receipt's edge; a
/// `left` too long for the line is clipped so the amounts stay in a column.
fn row(out: &mut String, left: &str, right: &str) {
    let room = WIDTH.saturating_sub(width(right) + 2);
    let left = clip(left, room);
    let gap = WIDTH.saturating_sub(width(&left) + width(right)).max(2);
    let _ = writeln!(out, "{left}{}{right}", " ".repeat(gap));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_cells() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("单品"), 4);
        assert_eq!(width("−1.00"), 5);
        assert_eq!(width("满300减30，送杯垫"), 17);
    }

    #[test]
    fn a_long_left_side_is_clipped_and_the_amount_stays_in_its_column() {
        let mut out = String::new();
        let name =
            "店铺券 tea-sc20 双11狂欢节全店满减叠加跨店满减再叠加店铺优惠券终极大促活动专用券";
        row(&mut out, name, "−16.51");
        row(&mut out, "paid", "235.25");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(width(lines[0]), WIDTH);
        assert_eq!(width(lines[1]), WIDTH);
        assert!(
            lines[0].contains('…') && lines[0].ends_with("  −16.51"),
            "{}",
            lines[0]
        );
        assert_eq!(clip("单品优惠", 5), "单品…");
        assert_eq!(clip("单品优惠", 8), "单品优惠");
    }

    #[test]
    fn the_receipt_never_prints_a_control_character() {
        // A quote and a cart changed by hand, past every check of the engine.
        let engine = Engine::new(
            serde_json::from_str(r#"{"promotions":[{"id":"sc","type":"shop_coupon","shop":"tea","amount_off":"5"}]}"#)
                .unwrap(),
        )
        .unwrap();
        let mut cart: Cart = serde_json::from_str(
            r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"10","quantity":1}]}"#,
        )
        .unwrap();
        let mut quote = engine.price(&cart).unwrap().into_owned();
        cart.lines[0].sku = "k\u{7}\u{1b}[2J".into();
        cart.lines[0].id = "L1\r\npayable (应付) 0.01".into();
        quote.shops[0].shop = "tea\u{202e}".into();
        cart.lines[0].shop = "tea\u{202e}".into();
        quote.not_applied[0].message = "x\n\u{1b}[8m".into();
        let out = receipt(&engine, &cart, &quote);
        let raw: Vec<char> = out
            .chars()
            .filter(|&c| c != '\n' && crate::text::forbidden(c))
            .collect();
        assert!(raw.is_empty(), "{raw:?} in\n{out}");
        assert!(out.contains("L1\\u{d}\\u{a}payable"), "{out}");
    }
}
