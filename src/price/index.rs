//! The index of one price: every promotion looked at for this cart — the
//! cart's shops' promotions and the platform coupons — with its gate (window,
//! audience, and for a coupon whether the cart holds it) and the lines in its
//! scope, computed once. Promotions with the same scope share one computation.

use std::ops::Range;

use crate::ids::LineIx;
use crate::rules::compiled::Scope;

use super::audience;
use super::explain::Why;
use super::state::{Kind, Look, Pricing};

/// Fills the looks of every shop of the cart and of the platform coupons.
pub(crate) fn build(p: &mut Pricing<'_>) {
    let cat = p.cat;
    for s in 0..p.w.shops.len() {
        let Some(r) = p.rules(s) else { continue };
        p.w.shops[s].memo = p.w.scope_memo.len() as u32;
        let n = r.scopes.len();
        p.w.scope_memo.resize(p.w.scope_memo.len() + n, None);
        let kinds = [
            (Kind::Item, r.items.clone()),
            (Kind::Bundle, r.bundles.clone()),
            (Kind::Offer, r.offers.clone()),
            (Kind::Coupon, r.coupons.clone()),
            (Kind::Rebate, r.rebates.clone()),
        ];
        for (kind, range) in kinds {
            let start = p.w.looks.len() as u32;
            for rule in range {
                let promo = match kind {
                    Kind::Item => cat.items[rule as usize].promo,
                    Kind::Bundle => cat.bundles[rule as usize].promo,
                    Kind::Offer => cat.offers[rule as usize].promo,
                    Kind::Coupon => cat.shop_coupons[rule as usize].promo,
                    Kind::Rebate => cat.rebates[rule as usize].promo,
                };
                let head = cat.head(promo);
                let mut gate = audience::gate(head, p.cart, p.today, p.days);
                if gate.is_none() && matches!(kind, Kind::Coupon) && !is_held(p, promo) {
                    gate = Some(Why::NotHeld);
                }
                // A bundle has no scope: its items are its scope.
                let lines = if gate.is_none() && !matches!(kind, Kind::Bundle) {
                    shop_scope(p, s, head.scope)
                } else {
                    0..0
                };
                p.w.looks.push(Look {
                    promo,
                    rule,
                    gate,
                    lines,
                });
            }
            p.w.shops[s].looks[kind as usize] = start..p.w.looks.len() as u32;
        }
    }
    p.w.platform_memo = p.w.scope_memo.len() as u32;
    let n = cat.platform_scopes.len();
    p.w.scope_memo.resize(p.w.scope_memo.len() + n, None);
    let start = p.w.looks.len() as u32;
    for (rule, c) in cat.platform_coupons.iter().enumerate() {
        let head = cat.head(c.promo);
        let mut gate = audience::gate(head, p.cart, p.today, p.days);
        if gate.is_none() && !is_held(p, c.promo) {
            gate = Some(Why::NotHeld);
        }
        let lines = if gate.is_none() {
            platform_scope(p, head.scope)
        } else {
            0..0
        };
        p.w.looks.push(Look {
            promo: c.promo,
            rule: rule as u32,
            gate,
            lines,
        });
    }
    p.w.platform_looks = start..p.w.looks.len() as u32;
}

fn is_held(p: &Pricing<'_>, promo: crate::ids::PromoId) -> bool {
    p.w.held.binary_search(&promo).is_ok()
}

/// The lines of shop `s` in its local scope `local`, computed once.
fn shop_scope(p: &mut Pricing<'_>, s: usize, local: u32) -> Range<u32> {
    let slot = (p.w.shops[s].memo + local) as usize;
    if let Some(r) = &p.w.scope_memo[slot] {
        return r.clone();
    }
    let cat = p.cat;
    let scopes = &cat.shops[p.w.shops[s].rules.unwrap_or_default() as usize].scopes;
    let scope = cat.scope(scopes, local);
    let lines = p.w.shops[s].lines.clone();
    let r = fill(p, scope, lines, false);
    p.w.scope_memo[slot] = Some(r.clone());
    r
}

/// The cart's lines in the platform scope `local`, computed once.
fn platform_scope(p: &mut Pricing<'_>, local: u32) -> Range<u32> {
    let slot = (p.w.platform_memo + local) as usize;
    if let Some(r) = &p.w.scope_memo[slot] {
        return r.clone();
    }
    let cat = p.cat;
    let scope = cat.scope(&cat.platform_scopes, local);
    let r = fill(p, scope, 0..p.w.order.len() as u32, true);
    p.w.scope_memo[slot] = Some(r.clone());
    r
}

/// Appends the lines of `from` (a range of the shop lines, or of all lines in
/// allocation order) that `scope` counts to the pool.
fn fill(p: &mut Pricing<'_>, scope: &Scope, from: Range<u32>, all: bool) -> Range<u32> {
    let start = p.w.pool.len() as u32;
    let src: &[LineIx] = if all {
        &p.w.order[from.start as usize..from.end as usize]
    } else {
        &p.w.shop_lines[from.start as usize..from.end as usize]
    };
    if scope.is_everything() {
        p.w.pool.extend_from_slice(src);
    } else {
        let cart = p.cart;
        for &i in src {
            if scope.matches(&cart.lines[i.get()]) {
                p.w.pool.push(i);
            }
        }
    }
    start..p.w.pool.len() as u32
}
