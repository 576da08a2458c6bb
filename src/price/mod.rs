//! [`Engine::price`]: a cart through the five stages, in order.
//!
//! The data goes one way: [`cart`] checks the cart → [`index`] looks at every
//! promotion that can apply (its gate and scope lines, once) → stage 1
//! [`item_discount`] (with [`bundle`]) → stage 2 [`threshold`] → stages 3–5
//! by the cart's [`selection`] (stage 3 in [`coupon`], [`rebate`],
//! [`platform_coupon`], and for `best` the exact [`coupon_search`]) → the rebate
//! earned ([`rebate::earn`]) → the sixth step, [`points`] (积分) → the
//! [`hints`] → the [`quote`].
//!
//! What they share is in [`state`], split by who writes it; each step's
//! signature says which parts it reads and which it writes. [`audience`]
//! says who may use what (with [`use_limits`], how often), [`contest`] picks the best promotion of a type,
//! and [`why`] is every reason a promotion was not used, with its words.

mod audience;
mod bundle;
mod cart;
mod checked;
mod contest;
mod coupon;
mod coupon_search;
mod hints;
mod index;
mod item_discount;
mod platform_coupon;
mod points;
mod quote;
mod rebate;
mod selection;
mod state;
mod threshold;
mod use_limits;
mod why;

use crate::engine::Engine;
use crate::error::Error;
use crate::ids::PromoId;
use crate::model::{Cart, ThresholdBase};
use crate::quote::Quote;

pub use checked::CheckedCart;
use state::{CartIndex, Ledger, Pricing, Work};

impl Engine {
    /// Prices a cart: what each line pays after all five stages and the
    /// points the buyer chose to pay with, and why.
    ///
    /// Rules were checked by [`Engine::new`]; this checks only the cart. The same
    /// cart always gives the same quote, whatever the order of its held
    /// coupons. The quote borrows its ids and names from the engine and the
    /// cart ([`Quote::into_owned`] detaches it).
    ///
    /// ```
    /// let rules: youhui::Rules = serde_json::from_str(r#"{ "promotions": [
    ///     { "id": "pc50", "type": "platform_coupon", "min_amount": "500", "amount_off": "50" }
    /// ] }"#).unwrap();
    /// let engine = youhui::Engine::new(rules).unwrap();
    /// let cart: youhui::Cart = serde_json::from_str(r#"{ "now": "2026-11-11T10:00:00+08:00",
    ///     "lines": [ { "id": "L1", "shop": "a", "sku": "x", "unit_price": "300", "quantity": 1 },
    ///                { "id": "L2", "shop": "b", "sku": "y", "unit_price": "200", "quantity": 1 } ],
    ///     "coupons": ["pc50"] }"#).unwrap();
    /// let quote = engine.price(&cart).unwrap();
    /// // 50 split 300:200 → 30 and 20.
    /// assert_eq!(quote.lines[0].paid.to_string(), "270.00");
    /// assert_eq!(quote.lines[1].paid.to_string(), "180.00");
    /// ```
    pub fn price<'a>(&'a self, cart: &'a Cart) -> Result<Quote<'a>, Error> {
        self.price_traced(cart, None)
    }

    /// [`Engine::price`], also telling `trace` what the quote does not say:
    /// the tier each threshold offer applied with, and the near misses.
    pub(crate) fn price_traced<'a>(
        &'a self,
        cart: &'a Cart,
        trace: Option<&mut Trace>,
    ) -> Result<Quote<'a>, Error> {
        self.run(cart, trace, false)
    }

    /// [`Engine::price`] of `cart` holding every coupon it can look at —
    /// every shop coupon of its shops and every platform coupon — whatever
    /// `cart.coupons` lists: the cart of a 到手价 preview (reference: 到手价, before the cart).
    pub(crate) fn price_claiming<'a>(&'a self, cart: &'a Cart) -> Result<Quote<'a>, Error> {
        self.run(cart, None, true)
    }

    fn run<'a>(
        &'a self,
        cart: &'a Cart,
        trace: Option<&mut Trace>,
        claim_all: bool,
    ) -> Result<Quote<'a>, Error> {
        let p = self.pricing(cart, claim_all);
        let mut w = Work::take();
        let mut index = std::mem::take(&mut w.index);
        let mut quote = Quote::default();
        let priced = check(&p, &mut index).and_then(|()| price(&p, &index, &mut w, &mut quote));
        if let (Some(t), Ok(())) = (trace, &priced) {
            t.record(&w.ledger);
        }
        w.index = index;
        Work::give_back(w);
        priced.map(|()| quote)
    }

    /// One price's fixed inputs for `cart`.
    fn pricing<'a>(&'a self, cart: &'a Cart, claim_all: bool) -> Pricing<'a> {
        let cat = &self.catalog;
        Pricing {
            cat,
            cart,
            today: audience::today(cart.now),
            parallel: cat.settings.threshold_base == ThresholdBase::Parallel,
            rounding: cat.settings.rounding,
            days: cat.settings.lifecycle_boundaries(),
            claim_all,
        }
    }
}

/// What a price found that the quote does not say, for `youhui simulate`.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    /// The threshold offers applied with tiers: (offer, index of the tier met).
    pub(crate) tiers: Vec<(PromoId, u32)>,
    /// The promotions with a hint by amount whose shortfall is at most 10 % of
    /// the threshold it names (凑单 potential).
    pub(crate) near_misses: Vec<PromoId>,
    /// The quote's `applied`, by promotion index: (promotion, amount in fen).
    pub(crate) applied: Vec<(PromoId, crate::money::Fen)>,
    /// The quote's `not_applied`, by promotion index: (promotion, reason).
    pub(crate) not_applied: Vec<(PromoId, crate::quote::Reason)>,
}

impl Trace {
    /// Records `ledger` once the quote is assembled from it (in the quote's order).
    fn record(&mut self, ledger: &Ledger) {
        self.applied.clear();
        self.applied
            .extend(ledger.applied.iter().map(|a| (a.promo, a.amount)));
        self.not_applied.clear();
        self.not_applied
            .extend(ledger.notes.iter().map(|n| (n.promo, n.why.reason())));
        self.tiers.clear();
        self.tiers
            .extend(ledger.tiers.iter().map(|t| (t.promo, t.tier)));
        self.near_misses.clear();
        for h in &ledger.hints {
            // shortfall ≤ 10 % of the threshold, in whole fen: 10 × shortfall ≤ threshold.
            if h.shortfall
                .is_some_and(|s| i128::from(s) * 10 <= i128::from(h.threshold))
            {
                self.near_misses.push(h.promo);
            }
        }
    }
}

/// What depends on the cart alone: the cart checked, then every promotion
/// looked at for it (the index). Done once per [`CheckedCart`].
fn check(p: &Pricing<'_>, ix: &mut CartIndex) -> Result<(), Error> {
    cart::check(p.cat, p.cart, ix)?;
    index::build(p, ix);
    Ok(())
}

/// The spine: the five stages in order, then points, each given what it
/// reads (`&`) and what it writes (`&mut`), on a cart checked and indexed
/// ([`check`]); the quote is written into `quote`, reusing its buffers,
/// only once every stage has succeeded.
fn price<'a>(
    p: &Pricing<'a>,
    ix: &CartIndex,
    w: &mut Work,
    quote: &mut Quote<'a>,
) -> Result<(), Error> {
    let Work {
        index: _,
        amounts,
        plans,
        items,
        scratch,
        ledger,
        points: used,
    } = w;
    amounts.parallel = p.parallel;
    item_discount::stage(p, ix, amounts, items, ledger)?; // 1 单品优惠 (and 搭配套餐)
    threshold::stage(p, ix, amounts, scratch, ledger); // 2 满优惠
    selection::stages(p, ix, amounts, plans, scratch, ledger)?; // 3 店铺券, 4 返利金, 5 平台券
    rebate::earn(p, ix, amounts, ledger); // 累积返利
    points::step(p, ix, amounts, scratch, used); // 6 积分抵扣, 积分赠送
    let (sums, bases) = (&scratch.threshold_sums, &scratch.coupon_bases);
    hints::hints(p, ix, amounts, sums, bases, ledger); // 凑单
    quote::assemble(p, ix, amounts, used, ledger, scratch, quote);
    Ok(())
}
