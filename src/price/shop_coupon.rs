//! Stage 3: 店铺优惠券 (reference: [`shop_coupon` and `platform_coupon`](crate::_documentation::reference#shop_coupon-stage-3-and-platform_coupon-stage-5)) — per shop, one held shop coupon.

use crate::ids::ShopIx;

use super::coupon;
use super::explain::Why;
use super::state::{span, Kind, Pricing, Taken};

/// Takes the shop coupon of look `k` on what stage 2 left; appends its shares.
pub(crate) fn take(p: &mut Pricing<'_>, k: usize) -> Result<Taken, Why> {
    let cat = p.cat;
    let w = &mut *p.w;
    let look = &w.looks[k];
    let rule = &cat.shop_coupons[look.rule as usize];
    let base = if p.parallel {
        &w.reference
    } else {
        &w.after_threshold
    };
    let start = w.shares.len() as u32;
    let amount = coupon::take(
        rule,
        p.cart,
        &w.pool[span(&look.lines)],
        base,
        &w.after_threshold,
        p.rounding,
        &mut w.weights,
        &mut w.shares,
    )?;
    Ok(Taken {
        look: k as u32,
        shares: start..w.shares.len() as u32,
        amount,
    })
}

/// Every held shop coupon of shop `s` that applies on its own, each taken
/// once (`f` is called with it); the others are noted with their reason.
pub(crate) fn each(p: &mut Pricing<'_>, s: usize, mut f: impl FnMut(&mut Pricing<'_>, Taken)) {
    for k in p.looks(s, Kind::Coupon) {
        let look = &p.w.looks[k];
        let promo = look.promo;
        if let Some(why) = &look.gate {
            let why = why.clone();
            p.w.ledger.note(promo, why);
            continue;
        }
        if look.lines.is_empty() {
            p.w.ledger.note(promo, Why::OutOfScope);
            continue;
        }
        match take(p, k) {
            Ok(t) => f(p, t),
            Err(why) => p.w.ledger.note(promo, why),
        }
    }
}

/// `"as_given"`: of the shop's held coupons that apply, the one that takes
/// most (ties: the smaller id); the others are outranked.
pub(crate) fn pick(p: &mut Pricing<'_>, s: usize) -> Option<Taken> {
    let mut best: Option<Taken> = None;
    p.w.losers.clear();
    each(p, s, |p, t| match &best {
        Some(b) if t.amount <= b.amount => p.w.losers.push(t.look),
        _ => {
            if let Some(old) = best.replace(t) {
                p.w.losers.push(old.look);
            }
        }
    });
    if let Some(b) = &best {
        let winner = p.w.looks[b.look as usize].promo;
        for j in 0..p.w.losers.len() {
            let l = p.w.looks[p.w.losers[j] as usize].promo;
            p.w.ledger.note(l, Why::CouponOutranked(winner));
        }
    }
    best
}

/// Records a plan's shop coupon in the ledger.
pub(crate) fn record(p: &mut Pricing<'_>, s: usize, t: &Taken) {
    let w = &mut *p.w;
    let look = &w.looks[t.look as usize];
    for (j, &i) in w.pool[span(&look.lines)].iter().enumerate() {
        w.ledger
            .share(i, look.promo, w.shares[t.shares.start as usize + j]);
    }
    w.ledger.applied(look.promo, Some(ShopIx::new(s)), t.amount);
}
