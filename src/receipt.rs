//! The readable receipt that `youhui price` prints.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::{Amount, Cart, Engine, Quote, Stage};

/// Terminal cells of every line of the receipt: each is clipped to it, so no
/// text wraps on a terminal at least this wide and no text of the input can
/// start a line of its own (such as a forged `payable (应付)` row).
const WIDTH: usize = 64;
/// Cells of a promotion's id and name where the receipt names it.
const LABEL: usize = 40;
/// A text the engine writes (a reason, a hint, the coupons used) longer than
/// a line continues on lines indented this far, which no label of the
/// receipt is (they start at 0, 2 or 6 cells) ...
const CONTINUED: &str = "        ";
/// ... on at most this many lines, the last clipped.
const MAX_CONTINUED: usize = 3;

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
    // A promotion as the receipt names it: id and name, at most LABEL cells.
    let label = |id: &str| {
        let text = match engine.promotion_name(id) {
            Some(n) => format!("{} {}", shown(id), shown(n)),
            None => shown(id).into_owned(),
        };
        clip(&text, LABEL).into_owned()
    };
    for shop in &quote.shops {
        line(&mut out, &format!("[{}]", shown(&shop.shop)));
        if !engine.has_promotions_for(&shop.shop) {
            line(
                &mut out,
                "  (no promotion is this shop's: only platform coupons apply)",
            );
        }
        for (line, ql) in cart.lines.iter().zip(&quote.lines) {
            if line.shop != shop.shop {
                continue;
            }
            let left = format!(
                "  {}  {} × {} @ {}",
                shown(&line.id),
                shown(&line.sku),
                line.quantity,
                line.unit_price
            );
            row(&mut out, &left, &ql.original.to_string());
            for d in &ql.discounts {
                let Some(promotion) = d.promotion.as_deref() else {
                    // The points' share (积分抵扣) names no promotion.
                    let left = format!("      {}", stage_name(d.stage));
                    row(&mut out, &left, &format!("−{}", d.amount));
                    continue;
                };
                // A bundle (搭配套餐) shows its sets: `tea-set 龙井配茶杯套餐 × 2`.
                let sets = quote
                    .applied
                    .iter()
                    .find(|a| a.promotion == promotion)
                    .and_then(|a| a.sets);
                let left = match sets {
                    Some(k) => format!(
                        "      {} {} × {k}",
                        pad("搭配套餐 bundle", 18),
                        label(promotion)
                    ),
                    None => format!(
                        "      {} {}",
                        pad(stage_name(d.stage), 18),
                        label(promotion)
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
            line(
                &mut out,
                &format!(
                    "  rebate credit (返利金): used {}, earned on this order {}",
                    shop.rebate_used, shop.rebate_earned
                ),
            );
        }
        for g in &shop.gifts {
            line(
                &mut out,
                &format!("  gift (赠品): {} × {}", shown(&g.sku), g.quantity),
            );
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
        // A bundle's sets are stage 1 too: the total says it holds them.
        let bundles = quote.applied.iter().any(|a| a.sets.is_some());
        let name = match stage {
            Stage::ItemDiscount if bundles => "单品优惠 item, 搭配套餐 included",
            _ => stage_name(stage),
        };
        row(&mut out, name, &minus(amt));
    }
    if let Some(points) = t.points {
        row(&mut out, stage_name(Stage::Points), &minus(points));
    }
    row(&mut out, "shipping", &t.shipping.to_string());
    row(&mut out, "payable (应付)", &t.payable.to_string());
    let shipping_before: i64 = cart
        .shipping
        .iter()
        .filter(|(s, _)| quote.shops.iter().any(|q| &q.shop == *s))
        .map(|(_, a)| a.fen())
        .sum();
    // Points are the buyer's own balance spent, not a saving (共优惠).
    let points = t.points.map_or(0, Amount::fen);
    let saved = t.original.fen() + shipping_before - t.payable.fen() - points;
    row(
        &mut out,
        "saved (共优惠)",
        &Amount::total(saved).to_string(),
    );
    if let Some(p) = quote.points {
        line(
            &mut out,
            &format!(
                "points (积分): used {} (−{}), earned on this order {}",
                p.used,
                Amount::total(points),
                p.earned
            ),
        );
    }
    let _ = writeln!(out, "{}", "═".repeat(WIDTH));
    let coupons: Vec<&str> = quote
        .applied
        .iter()
        .filter(|a| matches!(a.stage, Stage::ShopCoupon | Stage::PlatformCoupon))
        .map(|a| &*a.promotion)
        .collect();
    para(
        &mut out,
        &format!(
            "coupons used ({}): {}",
            match cart.coupon_selection {
                crate::CouponSelection::Best => "best combination",
                crate::CouponSelection::AsGiven => "as given",
            },
            if coupons.is_empty() {
                "none".to_string()
            } else {
                shown(&coupons.join(", ")).into_owned()
            }
        ),
    );
    if !quote.not_applied.is_empty() {
        let _ = writeln!(out, "not applied:");
        for n in &quote.not_applied {
            para(
                &mut out,
                &format!(
                    "  {} — {}: {}",
                    label(&n.promotion),
                    n.reason.as_str(),
                    shown(&n.message)
                ),
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
            para(
                &mut out,
                &format!(
                    "  {}: {more} to save {} more",
                    label(&h.promotion),
                    h.saving
                ),
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
        Stage::Points => "积分 points",
    }
}

fn minus(a: Amount) -> String {
    if a.fen() == 0 {
        a.to_string()
    } else {
        format!("−{a}")
    }
}

/// `s` as the receipt shows it: every character a terminal would not draw
/// as [`width`] counts it is escaped as `\u{…}` — the controls and direction
/// overrides [`printable`](crate::text::printable) escapes, and every other
/// character of no width that is not a combining mark (U+00AD SOFT HYPHEN,
/// U+200B, U+2060, U+FEFF, …: unicode-width counts them 0 cells, many
/// terminals draw one).
fn shown(s: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        crate::text::forbidden(c)
            || (UnicodeWidthChar::width(c) == Some(0)
                && !unicode_normalization::char::is_combining_mark(c))
    };
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Terminal cells a string takes (an East Asian wide character takes two).
fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` padded with spaces to `cells` terminal cells.
fn pad(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(width(s))))
}

/// `s` cut to at most `cells` terminal cells, ending in `…` when cut. The
/// width is measured on the text kept (so an emoji sequence counts as the
/// terminal draws it), not summed character by character.
fn clip(s: &str, cells: usize) -> Cow<'_, str> {
    if width(s) <= cells {
        return Cow::Borrowed(s);
    }
    let mut end = 0;
    for (at, c) in s.char_indices() {
        let next = at + c.len_utf8();
        if width(&s[..next]) + 1 > cells {
            break;
        }
        end = next;
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

/// `left` and `right` on one line, `right` flush with the receipt's edge; a
/// `left` too long for the line is clipped so the amounts stay in a column.
fn row(out: &mut String, left: &str, right: &str) {
    let room = WIDTH.saturating_sub(width(right) + 2);
    let left = clip(left, room);
    let gap = WIDTH.saturating_sub(width(&left) + width(right)).max(2);
    let _ = writeln!(out, "{left}{}{right}", " ".repeat(gap));
}

/// A text on as many lines as it needs (at most 1 + [`MAX_CONTINUED`]):
/// broken at a space where one is, the lines after the first indented by
/// [`CONTINUED`], each within the receipt's width.
fn para(out: &mut String, text: &str) {
    let mut rest = text;
    let mut prefix = "";
    for k in 0..=MAX_CONTINUED {
        let room = WIDTH - width(prefix);
        if width(rest) <= room || k == MAX_CONTINUED {
            let _ = writeln!(out, "{prefix}{}", clip(rest, room));
            return;
        }
        // The longest start of `rest` that fits, cut after its last space.
        let mut fit = 0;
        for (at, c) in rest.char_indices() {
            let next = at + c.len_utf8();
            if width(&rest[..next]) > room {
                break;
            }
            fit = next;
        }
        let cut = match rest[..fit].rfind(' ') {
            Some(space) if space > 0 => space,
            _ => fit.max(rest.chars().next().map_or(0, char::len_utf8)),
        };
        let _ = writeln!(out, "{prefix}{}", rest[..cut].trim_end());
        rest = rest[cut..].trim_start();
        if rest.is_empty() {
            return;
        }
        prefix = CONTINUED;
    }
}

/// One line of text, clipped to the receipt's width.
fn line(out: &mut String, text: &str) {
    let _ = writeln!(out, "{}", clip(text, WIDTH));
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

    /// Every line of `out` fits the receipt, and only the totals start a line
    /// with `payable (应付)`.
    fn assert_safe(out: &str) {
        for l in out.lines() {
            assert!(width(l) <= WIDTH, "{} cells: {l}", width(l));
            assert!(!l.chars().any(|c| c == '\u{ad}' || c == '\u{200b}'), "{l}");
        }
        let payable = out.lines().filter(|l| l.starts_with("payable")).count();
        assert_eq!(payable, 1, "{out}");
    }

    /// Issue 19 D10: a name that would wrap into a forged total at 80
    /// columns, soft hyphens a terminal draws, long texts in every place the
    /// receipt prints one (header, lines, gifts, coupons, not applied, hints).
    #[test]
    fn no_input_can_make_a_line_wrap_or_forge_a_total() {
        let forged = format!("x{}payable (应付){}0.01", " ".repeat(70), " ".repeat(46));
        let long = "长".repeat(80);
        let pc = format!("pc-{}", "x".repeat(80));
        let rules = serde_json::json!({"promotions":[
            {"id":"sc","type":"shop_coupon","shop":"tea","min_amount":"500","amount_off":"5","name":forged},
            {"id":"mj","type":"threshold","shop":"tea","name":forged,
             "tiers":[{"min_amount":"5","amount_off":"1","gifts":[{"sku":"cup","quantity":1}]},
                      {"min_amount":"800","amount_off":"80"}]},
            {"id":pc,"type":"platform_coupon","amount_off":"1","name":long}]});
        let engine = Engine::new(serde_json::from_value(rules).unwrap()).unwrap();
        let mut cart: Cart = serde_json::from_value(serde_json::json!(
            {"now":"2026-11-11T10:00:00+08:00","coupons":["sc",pc],
             "lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"10","quantity":1}]}))
        .unwrap();
        let mut quote = engine.price(&cart).unwrap().into_owned();
        assert!(!quote.not_applied.is_empty() && !quote.hints.is_empty());
        // Past every check of the engine: texts a later version might let
        // through, or a quote read back from storage.
        let shy = format!("tea{}", "\u{ad}".repeat(100));
        quote.shops[0].shop = shy.clone().into();
        cart.lines[0].shop = shy.clone();
        cart.lines[0].sku = format!("k{}", "\u{ad}".repeat(60));
        quote.shops[0].gifts[0].sku = format!("{long}\u{200b}").into();
        quote.not_applied[0].message = format!("{}payable (应付) 0.01", " ".repeat(90)).into();
        let out = receipt(&engine, &cart, &quote);
        assert_safe(&out);
        assert!(out.contains("[tea\\u{ad}\\u{ad}"), "{out}");
        assert!(out
            .lines()
            .any(|l| l.starts_with("  gift (赠品): 长长") && l.ends_with('…')));
        // The coupons used continue on an indented line; the forged name is
        // clipped to its 40 cells before "payable" in every place it shows.
        assert!(out.lines().any(|l| l.starts_with("coupons used")));
        assert!(
            out.lines().any(|l| l.starts_with("        pc-xxxx")),
            "{out}"
        );
        // A reason longer than a line continues, indented, on the next ones:
        // "payable (应付)" shows only there and in the totals.
        let payable: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("payable (应付)"))
            .collect();
        assert_eq!(payable.len(), 2, "{out}");
        assert!(payable[0].starts_with("payable (应付)") && payable[0].ends_with("8.00"));
        assert_eq!(payable[1], "        payable (应付) 0.01");
    }

    #[test]
    fn zero_width_characters_are_shown_escaped_and_marks_kept() {
        assert_eq!(shown("a\u{ad}b"), "a\\u{ad}b");
        assert_eq!(
            shown("a\u{200b}\u{2060}\u{feff}"),
            "a\\u{200b}\\u{2060}\\u{feff}"
        );
        // A combining mark draws on the letter before it: kept.
        assert_eq!(shown("e\u{301}"), "e\u{301}");
        assert_eq!(shown("满300减30"), "满300减30");
        // Clipping measures what is kept: a wide character never half fits.
        assert_eq!(clip("单品优惠", 6), "单品…");
    }
}
