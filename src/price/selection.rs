//! Stages 3 to 5 by the cart's `coupon_selection` (reference: [Choosing coupons](crate::_documentation::reference#choosing-coupons)): `as_given`
//! uses every held coupon that applies; `best` chooses the combination with
//! the smallest payable ([`search`](super::search)).
//!
//! Either way each shop's stages 3 and 4 are worked out as [`Plan`]s — one per
//! coupon it may use, or none — each computed once and the chosen one applied
//! once.

use crate::error::Error;
use crate::ids::ShopIx;
use crate::model::{CouponSelection, PromotionType, Stage};

use super::contest;
use super::coupon;
use super::coupon_search::{self, Opt};
use super::platform_coupon;
use super::rebate;
use super::state::{span, Amounts, CartIndex, Ledger, Plan, Plans, Pricing, Scratch, Taken};
use super::why::Why;

/// Runs stages 3, 4 and 5.
pub(crate) fn stages(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    plans: &mut Plans,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
) -> Result<(), Error> {
    scratch.coupon_bases.clear();
    plans.left.clear();
    plans.left.extend_from_slice(&amounts.after_threshold);
    ledger.rebate_used.resize(ix.shops.len(), 0);
    for s in ix.shop_ixs() {
        rebate::prepare(p, ix, plans, s);
    }
    match p.cart.coupon_selection {
        CouponSelection::AsGiven => {
            as_given(p, ix, amounts, plans, scratch, ledger);
            Ok(())
        }
        CouponSelection::Best => best(p, ix, amounts, plans, scratch, ledger),
    }
}

/// Stages 3 and 4 of shop `s` with `coupon` (already taken): a new plan.
fn plan(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &Amounts,
    plans: &mut Plans,
    weights: &mut Vec<crate::money::Fen>,
    s: ShopIx,
    coupon: Option<Taken>,
) -> u32 {
    let lines = ix.lines_of_shop(s);
    for &i in lines {
        plans.left[i.get()] = amounts.after_threshold[i.get()];
    }
    if let Some(c) = &coupon {
        let shares = &plans.shares[span(&c.shares)];
        for (&i, &share) in ix.lines_of(c.look as usize).iter().zip(shares) {
            plans.left[i.get()] -= share;
        }
    }
    let (winner, bases) = rebate::choose(p, ix, plans, s);
    let rebate = winner.map(|w| rebate::allocate(p, ix, plans, weights, &w));
    let start = plans.run4.len() as u32;
    let mut pay = 0;
    for &i in lines {
        let left = plans.left[i.get()];
        plans.run4.push(left);
        pay += left;
    }
    plans.plans.push(Plan {
        coupon,
        rebate,
        run4: start..plans.run4.len() as u32,
        pay,
        bases,
    });
    (plans.plans.len() - 1) as u32
}

/// Applies each shop's chosen plan: the amounts after stage 4, the ledger,
/// and why each rebate program other than the winner was not used.
fn apply_plans(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    plans: &Plans,
    ledger: &mut Ledger,
) {
    amounts.after_rebate.clear();
    amounts
        .after_rebate
        .extend_from_slice(&amounts.after_threshold);
    for s in ix.shop_ixs() {
        let plan = &plans.plans[plans.chosen[s.get()] as usize];
        let run4 = &plans.run4[span(&plan.run4)];
        for (&i, &left) in ix.lines_of_shop(s).iter().zip(run4) {
            amounts.after_rebate[i.get()] = left;
        }
        // `as_given` records its shops as this does (one function for both
        // was out of line: +117 instructions a price of `typical-best`,
        // callgrind).
        for t in plan.coupon.iter().chain(&plan.rebate) {
            let look = &ix.looks[t.look as usize];
            let lines = ix.lines_of(t.look as usize);
            ledger.taken(look.promo, Some(s), lines, plans.shares_of(t), t.amount);
        }
        if let Some(r) = &plan.rebate {
            ledger.rebate_used[s.get()] = r.amount;
        }
        let winner = plan.rebate.as_ref().map(|r| r.look as usize);
        let bases = &plans.bases[span(&plan.bases)];
        rebate::explain(p, ix, bases, ledger, s, winner);
    }
}

/// `"as_given"`: each shop's best held coupon, its rebate, then the best held
/// platform coupon.
///
/// Each shop has one way through stages 3 and 4, so none is kept as a
/// [`Plan`]: the coupon's and the rebate's shares are taken off
/// `plans.left` (every line's amount after stage 2, from [`stages`]; a
/// shop's stages touch only its own lines), which is then the amounts after
/// stage 4. A plan made and applied was four more passes over the lines
/// (~400 instructions a price of the peer cart, callgrind).
fn as_given(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    plans: &mut Plans,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
) {
    for s in ix.shop_ixs() {
        let looks = ix.looks_of(s, PromotionType::ShopCoupon);
        let coupon = coupon::pick(
            p,
            ix,
            amounts,
            Stage::ShopCoupon,
            looks,
            &amounts.after_threshold,
            &mut plans.shares,
            scratch,
            ledger,
        );
        if let Some(c) = &coupon {
            let shares = &plans.shares[span(&c.shares)];
            for (&i, &share) in ix.lines_of(c.look as usize).iter().zip(shares) {
                plans.left[i.get()] -= share;
            }
        }
        let (winner, bases) = rebate::choose(p, ix, plans, s);
        let rebate = winner.map(|w| rebate::allocate(p, ix, plans, &mut scratch.weights, &w));
        for t in coupon.iter().chain(&rebate) {
            let look = &ix.looks[t.look as usize];
            let lines = ix.lines_of(t.look as usize);
            ledger.taken(look.promo, Some(s), lines, plans.shares_of(t), t.amount);
        }
        if let Some(r) = &rebate {
            ledger.rebate_used[s.get()] = r.amount;
        }
        let winner = rebate.as_ref().map(|r| r.look as usize);
        let bases = &plans.bases[span(&bases)];
        rebate::explain(p, ix, bases, ledger, s, winner);
    }
    amounts.after_rebate.clear();
    amounts.after_rebate.extend_from_slice(&plans.left);
    platform_coupon::as_given(p, ix, amounts, plans, scratch, ledger);
}

/// `"best"`: every shop's plans (no coupon, or each held coupon that
/// applies), then the exact search over them and the platform coupons.
fn best(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    plans: &mut Plans,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
) -> Result<(), Error> {
    let cat = p.cat;
    for s in ix.shop_ixs() {
        let start = plans.plans.len() as u32;
        plan(p, ix, amounts, plans, &mut scratch.weights, s, None);
        // Every held shop coupon that applies on its own, taken once.
        for k in ix.looks_of(s, PromotionType::ShopCoupon) {
            let look = &ix.looks[k];
            if !contest::open(look, ledger) {
                continue;
            }
            let left = &amounts.after_threshold;
            let w = &mut scratch.weights;
            match coupon::take_look(
                p,
                ix,
                amounts,
                Stage::ShopCoupon,
                k,
                left,
                w,
                &mut plans.shares,
                &mut scratch.coupon_bases,
            ) {
                Ok(t) => {
                    plan(p, ix, amounts, plans, &mut scratch.weights, s, Some(t));
                }
                Err(why) => ledger.note(look.promo, why),
            }
        }
        plans.options.push(start..plans.plans.len() as u32);
    }
    // The options' buffer is the last price's (a vector collected afresh was
    // an allocation and a free on every price).
    let mut opts = std::mem::take(&mut plans.opts);
    opts.clear();
    opts.extend(plans.plans.iter().map(|plan| Opt {
        pay: plan.pay,
        rebate: plan.rebate.as_ref().map_or(0, |r| r.amount),
        coupon: plan.coupon.as_ref().map(|c| {
            let look = &ix.looks[c.look as usize];
            cat.shop_coupons[look.rule as usize].rank
        }),
        val: 0,
    }));
    let mut found = std::mem::take(&mut plans.found);
    coupon_search::without_platform(&opts, &plans.options, &mut found);
    // The buffers of the last price's search: none is allocated afresh.
    let mut cands = std::mem::take(&mut plans.cands);
    platform_coupon::search(
        p, ix, amounts, plans, scratch, ledger, &mut opts, &mut found, &mut cands,
    )
    .map_err(|_| Error::cart("cart file, coupons", crate::error::LimitError::SearchStates))?;
    plans.opts = opts;
    plans.chosen.clone_from(&found.choice);
    // Held shop coupons that applied but were left out.
    for (s, r) in plans.options.iter().enumerate() {
        let promo_of = |t: &Taken| ix.looks[t.look as usize].promo;
        let used = plans.plans[plans.chosen[s] as usize]
            .coupon
            .as_ref()
            .map(promo_of);
        for plan in &plans.plans[span(r)] {
            if let Some(promo) = plan.coupon.as_ref().map(promo_of) {
                if Some(promo) != used {
                    ledger.note(promo, Why::NotChosen(used));
                }
            }
        }
    }
    apply_plans(p, ix, amounts, plans, ledger);
    platform_coupon::finish(
        p,
        ix,
        amounts,
        plans,
        scratch,
        ledger,
        &cands,
        found.platform,
    );
    plans.found = found;
    plans.cands = cands;
    Ok(())
}
