//! Stages 3 to 5 by the cart's `coupon_selection` (reference: [Choosing coupons](crate::_documentation::reference#choosing-coupons)): `as_given`
//! uses every held coupon that applies; `best` chooses the combination with
//! the smallest payable ([`search`](super::search)).
//!
//! Either way each shop's stages 3 and 4 are worked out as [`Plan`]s — one per
//! coupon it may use, or none — each computed once and the chosen one applied
//! once.

use crate::error::Error;
use crate::model::CouponSelection;

use super::explain::Why;
use super::platform_coupon;
use super::rebate;
use super::search::{self, Opt};
use super::shop_coupon;
use super::state::{span, Plan, Pricing, Taken};

/// Runs stages 3, 4 and 5.
pub(crate) fn stages(p: &mut Pricing<'_>) -> Result<(), Error> {
    let w = &mut *p.w;
    w.left.clear();
    w.left.extend_from_slice(&w.after_threshold);
    w.pos.resize(w.lines.len(), 0);
    for s in &w.shops {
        for (k, &i) in w.shop_lines[span(&s.lines)].iter().enumerate() {
            w.pos[i.get()] = k as u32;
        }
    }
    w.ledger.rebate_used.resize(w.shops.len(), 0);
    for s in 0..p.w.shops.len() {
        rebate::prepare(p, s);
    }
    match p.cart.coupon_selection {
        CouponSelection::AsGiven => {
            as_given(p);
            Ok(())
        }
        CouponSelection::Best => best(p),
    }
}

/// Stages 3 and 4 of shop `s` with `coupon` (already taken): a new plan.
fn plan(p: &mut Pricing<'_>, s: usize, coupon: Option<Taken>) -> u32 {
    let w = &mut *p.w;
    let lines = span(&w.shops[s].lines);
    for &i in &w.shop_lines[lines.clone()] {
        w.left[i.get()] = w.after_threshold[i.get()];
    }
    if let Some(c) = &coupon {
        let look = &w.looks[c.look as usize];
        for (j, &i) in w.pool[span(&look.lines)].iter().enumerate() {
            w.left[i.get()] -= w.shares[c.shares.start as usize + j];
        }
    }
    let (winner, bases) = rebate::choose(p, s);
    let rebate = winner.map(|(k, used)| rebate::allocate(p, k, used));
    let w = &mut *p.w;
    let start = w.run4.len() as u32;
    let mut pay = 0;
    for &i in &w.shop_lines[lines] {
        let left = w.left[i.get()];
        w.run4.push(left);
        pay += left;
    }
    w.plans.push(Plan {
        coupon,
        rebate,
        run4: start..w.run4.len() as u32,
        pay,
        bases,
    });
    (w.plans.len() - 1) as u32
}

/// Applies each shop's chosen plan: the amounts after stage 4, the ledger,
/// and why each rebate program other than the winner was not used.
fn apply_plans(p: &mut Pricing<'_>) {
    let w = &mut *p.w;
    w.after_rebate.clear();
    w.after_rebate.extend_from_slice(&w.after_threshold);
    for s in 0..p.w.shops.len() {
        let o = p.w.chosen[s] as usize;
        let plan = p.w.plans[o].clone();
        let w = &mut *p.w;
        for (k, &i) in w.shop_lines[span(&w.shops[s].lines)].iter().enumerate() {
            w.after_rebate[i.get()] = w.run4[plan.run4.start as usize + k];
        }
        if let Some(c) = &plan.coupon {
            shop_coupon::record(p, s, c);
        }
        if let Some(r) = &plan.rebate {
            rebate::record(p, s, r);
        }
        let winner = plan.rebate.as_ref().map(|r| r.look as usize);
        rebate::explain(p, s, &plan.bases, winner);
    }
}

/// `"as_given"`: each shop's best held coupon, its rebate, then the best held
/// platform coupon.
fn as_given(p: &mut Pricing<'_>) {
    for s in 0..p.w.shops.len() {
        let coupon = shop_coupon::pick(p, s);
        let o = plan(p, s, coupon);
        p.w.chosen.push(o);
    }
    apply_plans(p);
    platform_coupon::as_given(p);
}

/// `"best"`: every shop's plans (no coupon, or each held coupon that
/// applies), then the exact search over them and the platform coupons.
fn best(p: &mut Pricing<'_>) -> Result<(), Error> {
    let cat = p.cat;
    for s in 0..p.w.shops.len() {
        let start = p.w.plans.len() as u32;
        plan(p, s, None);
        shop_coupon::each(p, s, |p, t| {
            plan(p, s, Some(t));
        });
        p.w.options.push(start..p.w.plans.len() as u32);
    }
    let mut opts: Vec<Opt> =
        p.w.plans
            .iter()
            .map(|plan| Opt {
                pay: plan.pay,
                rebate: plan.rebate.as_ref().map_or(0, |r| r.amount),
                coupon: plan.coupon.as_ref().map(|c| {
                    let look = &p.w.looks[c.look as usize];
                    cat.shop_coupons[look.rule as usize].rank
                }),
                val: 0,
            })
            .collect();
    let shops = p.w.options.clone();
    let mut found = search::without_platform(&opts, &shops);
    let cands = platform_coupon::search(p, &mut opts, &shops, &mut found).map_err(|_| {
        Error::limit(
            "cart file, coupons",
            format!(
                "choosing the best coupons took more than {} search steps; use \"as_given\", or hold fewer coupons",
                crate::limits::MAX_SEARCH_STATES
            ),
        )
    })?;
    p.w.chosen.clone_from(&found.choice);
    // Held shop coupons that applied but were left out.
    for (s, r) in shops.iter().enumerate() {
        let chosen = p.w.chosen[s] as usize;
        let used = p.w.plans[chosen]
            .coupon
            .as_ref()
            .map(|c| p.w.looks[c.look as usize].promo);
        for o in span(r) {
            if let Some(c) = &p.w.plans[o].coupon {
                let promo = p.w.looks[c.look as usize].promo;
                if Some(promo) != used {
                    p.w.ledger.note(promo, Why::NotChosen(used));
                }
            }
        }
    }
    apply_plans(p);
    platform_coupon::finish(p, &cands, found.platform);
    Ok(())
}
