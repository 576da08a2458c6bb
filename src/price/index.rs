//! The index of one price: every promotion looked at for this cart — the
//! cart's shops' promotions and the platform coupons — with its gate (window,
//! audience, and for a coupon whether the cart holds it) and the lines in its
//! scope, computed once. Promotions with the same scope share one computation.

use std::ops::Range;

use crate::ids::{LineIx, PromoId, ShopIx};
use crate::model::PromotionType;
use crate::rules::compiled::Scope;

use super::audience;
use super::state::{span, CartIndex, Look, Pricing};
use super::why::Why;

/// The shop promotion types, in the order their looks are laid out.
const SHOP_TYPES: [PromotionType; 5] = [
    PromotionType::ItemDiscount,
    PromotionType::Bundle,
    PromotionType::Threshold,
    PromotionType::ShopCoupon,
    PromotionType::Rebate,
];

/// Fills the looks of every shop of the cart and of the platform coupons,
/// and each line's place among its shop's lines.
pub(crate) fn build(p: &Pricing<'_>, ix: &mut CartIndex) {
    let cat = p.cat;
    ix.pos.resize(ix.lines.len(), 0);
    for s in 0..ix.shops.len() {
        for (k, &i) in ix.shop_lines[span(&ix.shops[s].lines)].iter().enumerate() {
            ix.pos[i.get()] = k as u32;
        }
    }
    for s in ix.shop_ixs() {
        let Some(r) = ix.rules(cat, s) else { continue };
        ix.shops[s.get()].memo = ix.scope_memo.len() as u32;
        ix.scope_memo
            .resize(ix.scope_memo.len() + r.scopes.len(), None);
        let ranges = [&r.items, &r.bundles, &r.offers, &r.coupons, &r.rebates];
        for (t, range) in SHOP_TYPES.into_iter().zip(ranges) {
            let start = ix.looks.len() as u32;
            for rule in range.clone() {
                let promo = promo_of(p, t, rule);
                let head = cat.head(promo);
                let mut gate = audience::gate(head, p.cart, p.today, p.days);
                if gate.is_none() && t == PromotionType::ShopCoupon && !is_held(p, ix, promo) {
                    gate = Some(Why::NotHeld);
                }
                // A bundle has no scope: its items are its scope.
                let lines = if gate.is_none() && t != PromotionType::Bundle {
                    shop_scope(p, ix, s, head.scope)
                } else {
                    0..0
                };
                ix.looks.push(Look {
                    promo,
                    rule,
                    gate,
                    lines,
                });
            }
            ix.shops[s.get()].looks[t as usize] = start..ix.looks.len() as u32;
        }
    }
    ix.platform_memo = ix.scope_memo.len() as u32;
    let n = cat.platform_scopes.len();
    ix.scope_memo.resize(ix.scope_memo.len() + n, None);
    let start = ix.looks.len() as u32;
    for (rule, c) in cat.platform_coupons.iter().enumerate() {
        let head = cat.head(c.promo);
        let mut gate = audience::gate(head, p.cart, p.today, p.days);
        if gate.is_none() && !is_held(p, ix, c.promo) {
            gate = Some(Why::NotHeld);
        }
        let lines = if gate.is_none() {
            platform_scope(p, ix, head.scope)
        } else {
            0..0
        };
        ix.looks.push(Look {
            promo: c.promo,
            rule: rule as u32,
            gate,
            lines,
        });
    }
    ix.platform_looks = start..ix.looks.len() as u32;
}

/// The promotion of rule `rule` of type `t`.
fn promo_of(p: &Pricing<'_>, t: PromotionType, rule: u32) -> PromoId {
    let cat = p.cat;
    let r = rule as usize;
    match t {
        PromotionType::ItemDiscount => cat.items[r].promo,
        PromotionType::Bundle => cat.bundles[r].promo,
        PromotionType::Threshold => cat.offers[r].promo,
        PromotionType::ShopCoupon => cat.shop_coupons[r].promo,
        PromotionType::Rebate => cat.rebates[r].promo,
        PromotionType::PlatformCoupon => cat.platform_coupons[r].promo,
    }
}

fn is_held(p: &Pricing<'_>, ix: &CartIndex, promo: PromoId) -> bool {
    p.claim_all || ix.held.binary_search(&promo).is_ok()
}

/// The lines of shop `s` in its local scope `local`, computed once.
fn shop_scope(p: &Pricing<'_>, ix: &mut CartIndex, s: ShopIx, local: u32) -> Range<u32> {
    let shop = ix.shop(s);
    let slot = (shop.memo + local) as usize;
    if let Some(r) = &ix.scope_memo[slot] {
        return r.clone();
    }
    let cat = p.cat;
    let scopes = &cat.shops[shop.rules.unwrap_or_default() as usize].scopes;
    let scope = cat.scope(scopes, local);
    let lines = shop.lines.clone();
    let r = fill(p, ix, scope, lines, false);
    ix.scope_memo[slot] = Some(r.clone());
    r
}

/// The cart's lines in the platform scope `local`, computed once.
fn platform_scope(p: &Pricing<'_>, ix: &mut CartIndex, local: u32) -> Range<u32> {
    let slot = (ix.platform_memo + local) as usize;
    if let Some(r) = &ix.scope_memo[slot] {
        return r.clone();
    }
    let cat = p.cat;
    let scope = cat.scope(&cat.platform_scopes, local);
    let r = fill(p, ix, scope, 0..ix.order.len() as u32, true);
    ix.scope_memo[slot] = Some(r.clone());
    r
}

/// Appends the lines of `from` (a range of the shop lines, or of all lines in
/// allocation order) that `scope` counts to the pool.
fn fill(
    p: &Pricing<'_>,
    ix: &mut CartIndex,
    scope: &Scope,
    from: Range<u32>,
    all: bool,
) -> Range<u32> {
    let start = ix.pool.len() as u32;
    let src: &[LineIx] = if all {
        &ix.order[span(&from)]
    } else {
        &ix.shop_lines[span(&from)]
    };
    if scope.is_everything() {
        ix.pool.extend_from_slice(src);
    } else {
        let cart = p.cart;
        for &i in src {
            if scope.matches(&cart.lines[i.get()]) {
                ix.pool.push(i);
            }
        }
    }
    start..ix.pool.len() as u32
}
