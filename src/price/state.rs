//! The state of one price: the checked cart, the index of what can apply, the
//! amounts stage by stage, and the ledger the quote is assembled from.
//!
//! Everything here is plain numbers (indices and fen) in vectors that are
//! reused from one price to the next on the same thread ([`Work::take`]), so a
//! price allocates only what its quote holds.

use std::cell::Cell;
use std::ops::Range;

use crate::ids::{LineIx, PromoId, ShopIx};
use crate::model::Cart;
use crate::money::{Fen, Rounding};
use crate::rules::compiled::{Catalog, ShopRules};

use super::explain::Why;
use super::item_discount::Offer;
use super::rebate::Contender;

/// One cart line, in fen.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineFacts {
    pub(crate) unit: Fen,
    pub(crate) qty: i64,
    pub(crate) orig: Fen,
    pub(crate) shop: ShopIx,
}

/// The four kinds of shop promotion a [`ShopFacts`] keeps looks for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Item = 0,
    Offer = 1,
    Coupon = 2,
    Rebate = 3,
    Bundle = 4,
}

/// One shop of the cart.
#[derive(Clone, Debug, Default)]
pub(crate) struct ShopFacts {
    /// A line of the shop: its `shop` is the shop's name.
    pub(crate) first: LineIx,
    /// Its lines: a range of [`Work::shop_lines`], in allocation order.
    pub(crate) lines: Range<u32>,
    /// The shipping fee the cart gives for it.
    pub(crate) fee: Fen,
    /// Its rules (an index of [`Catalog::shops`]), if the rules file has any.
    pub(crate) rules: Option<u32>,
    /// Its looks of each [`Kind`]: ranges of [`Work::looks`].
    pub(crate) looks: [Range<u32>; 5],
    /// Where its scope memo starts in [`Work::scope_memo`].
    pub(crate) memo: u32,
    /// Its rebate programs that may win (a range of [`Work::contenders`]).
    pub(crate) contenders: Range<u32>,
}

/// A promotion looked at for this cart: whether it passes its gate (window,
/// audience, and for a coupon whether the cart holds it) and the lines in its
/// scope. Computed once per price; every stage, hint and the rebate earned
/// read it.
#[derive(Clone, Debug)]
pub(crate) struct Look {
    pub(crate) promo: PromoId,
    /// Its rule: an index into the typed list of its stage.
    pub(crate) rule: u32,
    /// Why it cannot apply whatever the amounts (none: it may).
    pub(crate) gate: Option<Why>,
    /// The lines in its scope (a range of [`Work::pool`]), in allocation order.
    pub(crate) lines: Range<u32>,
}

/// What a coupon or a rebate took: its look, each scope line's share (a range
/// of [`Work::shares`], aligned with the look's lines) and the sum.
#[derive(Clone, Debug)]
pub(crate) struct Taken {
    pub(crate) look: u32,
    pub(crate) shares: Range<u32>,
    pub(crate) amount: Fen,
}

/// One way stages 3 and 4 can go for one shop: no coupon, or one held coupon.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub(crate) coupon: Option<Taken>,
    pub(crate) rebate: Option<Taken>,
    /// The shop's lines' running amounts after stage 4 (a range of
    /// [`Work::run4`], aligned with the shop's lines).
    pub(crate) run4: Range<u32>,
    /// Σ `run4`.
    pub(crate) pay: Fen,
    /// The base of each rebate scope of the shop under this plan (a range of
    /// [`Work::bases`]), for the reasons of the programs that did not win.
    pub(crate) bases: Range<u32>,
}

/// A promotion used: its shop (none for a platform coupon) and what it took.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AppliedEntry {
    pub(crate) promo: PromoId,
    pub(crate) shop: Option<ShopIx>,
    pub(crate) amount: Fen,
    /// A bundle's sets.
    pub(crate) sets: Option<u32>,
}

/// What a hint says, in numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HintFacts {
    pub(crate) shortfall: Option<Fen>,
    pub(crate) shortfall_units: Option<u64>,
    pub(crate) saving: Fen,
    /// The tier waives a fee that today's tier does not.
    pub(crate) free_shipping: bool,
    /// The tier's gifts: (offer rule, tier), when it gives any.
    pub(crate) gifts: Option<(u32, u32)>,
    /// The amount the hint names (base + shortfall); 0 for a hint by units.
    pub(crate) threshold: Fen,
}

/// Everything the quote is assembled from.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// (line, promotion, share), every share above zero.
    pub(crate) discounts: Vec<(LineIx, PromoId, Fen)>,
    pub(crate) applied: Vec<AppliedEntry>,
    pub(crate) notes: Vec<(PromoId, Why)>,
    pub(crate) hints: Vec<(PromoId, HintFacts)>,
    /// Per shop: the fee still charged.
    pub(crate) shipping: Vec<Fen>,
    /// Per shop: the threshold tier whose gifts come with the order (offer rule, tier).
    pub(crate) gifts: Vec<Option<(u32, u32)>>,
    /// Per shop: the rebate credit used.
    pub(crate) rebate_used: Vec<Fen>,
    /// The threshold offers applied with tiers: (offer, index of the tier met).
    pub(crate) tiers: Vec<(PromoId, u32)>,
}

impl Ledger {
    fn clear(&mut self) {
        self.discounts.clear();
        self.applied.clear();
        self.notes.clear();
        self.hints.clear();
        self.shipping.clear();
        self.gifts.clear();
        self.rebate_used.clear();
        self.tiers.clear();
    }

    /// Records a promotion's share of a line.
    #[inline]
    pub(crate) fn share(&mut self, line: LineIx, promo: PromoId, amount: Fen) {
        if amount > 0 {
            self.discounts.push((line, promo, amount));
        }
    }

    pub(crate) fn note(&mut self, promo: PromoId, why: Why) {
        self.notes.push((promo, why));
    }

    pub(crate) fn applied(&mut self, promo: PromoId, shop: Option<ShopIx>, amount: Fen) {
        self.applied.push(AppliedEntry {
            promo,
            shop,
            amount,
            sets: None,
        });
    }
}

/// Every buffer a price uses, reused from one price to the next.
#[derive(Debug, Default)]
pub(crate) struct Work {
    pub(crate) lines: Vec<LineFacts>,
    pub(crate) shops: Vec<ShopFacts>,
    /// Every shop's lines, shop after shop, each in allocation order.
    pub(crate) shop_lines: Vec<LineIx>,
    /// Every line in allocation order (the platform coupons' order).
    pub(crate) order: Vec<LineIx>,
    /// The coupons the cart holds, sorted.
    pub(crate) held: Vec<PromoId>,
    pub(crate) looks: Vec<Look>,
    /// The platform coupons' looks: a range of `looks`.
    pub(crate) platform_looks: Range<u32>,
    /// Scope lines of every look.
    pub(crate) pool: Vec<LineIx>,
    /// Per (shop, local scope): its lines in `pool`, once computed.
    pub(crate) scope_memo: Vec<Option<Range<u32>>>,
    /// Where the platform's scope memo starts.
    pub(crate) platform_memo: u32,
    /// Per line: what is left after stage 1 (its reference amounts; reference: [The five stages](crate::_documentation::reference#the-five-stages)).
    pub(crate) reference: Vec<Fen>,
    /// Per line: what is left after stage 2.
    pub(crate) after_threshold: Vec<Fen>,
    /// Per line: what is left after stage 4 (of the plans chosen).
    pub(crate) after_rebate: Vec<Fen>,
    /// Per line: what is left after stage 5: what the line pays.
    pub(crate) paid: Vec<Fen>,
    /// Per line: what is left while a plan of stages 3 and 4 is worked out.
    pub(crate) left: Vec<Fen>,
    /// Per line: its place among its shop's lines.
    pub(crate) pos: Vec<u32>,
    /// Shares of coupons and rebates (ranges named by [`Taken`]).
    pub(crate) shares: Vec<Fen>,
    /// Running amounts after stage 4 of every plan.
    pub(crate) run4: Vec<Fen>,
    /// Rebate scope bases of every plan.
    pub(crate) bases: Vec<Fen>,
    pub(crate) plans: Vec<Plan>,
    /// Per shop under `best`: its plans (a range of `plans`).
    pub(crate) options: Vec<Range<u32>>,
    /// Per shop: the plan chosen.
    pub(crate) chosen: Vec<u32>,
    /// Per platform coupon `best` searched with: per plan, its `val` (see `search`).
    pub(crate) vals: Vec<Fen>,
    pub(crate) ledger: Ledger,
    /// Small temporaries.
    pub(crate) weights: Vec<Fen>,
    pub(crate) tmp: Vec<Fen>,
    pub(crate) best: Vec<(Fen, u32)>,
    pub(crate) misses: Vec<Option<Why>>,
    pub(crate) losers: Vec<u32>,
    pub(crate) contenders: Vec<Contender>,
    /// Per shop: the rebate credit earned.
    pub(crate) earned: Vec<Fen>,
    /// Quote assembly: the ledger's shares grouped by line.
    pub(crate) counts: Vec<u32>,
    pub(crate) by_line: Vec<(u32, PromoId, Fen)>,
    /// Cart checks: (hash of a line id, line).
    pub(crate) hashes: Vec<(u64, u32)>,
    /// Stage 1: per line, the units left out of the bundles' sets.
    pub(crate) free: Vec<i64>,
    /// Stage 1: the item discounts that may apply to the lines of one shop.
    pub(crate) offers: Vec<(LineIx, Offer)>,
    /// Stage 1: per line, its offers (a range of `offers`).
    pub(crate) offer_at: Vec<Range<u32>>,
    /// Stage 1: a shop's lines in id order.
    pub(crate) sorted: Vec<LineIx>,
    /// Stage 1: the item discounts taken (line, offer, reduction).
    pub(crate) takes: Vec<(LineIx, Offer, Fen)>,
}

thread_local! {
    static SPARE: Cell<Option<Box<Work>>> = const { Cell::new(None) };
}

impl Work {
    /// This thread's buffers (or new ones), cleared.
    pub(crate) fn take() -> Box<Work> {
        let mut w = SPARE.with(Cell::take).unwrap_or_default();
        w.clear();
        w
    }

    /// Keeps the buffers for this thread's next price.
    pub(crate) fn give_back(w: Box<Work>) {
        SPARE.with(|s| s.set(Some(w)));
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.shops.clear();
        self.shop_lines.clear();
        self.order.clear();
        self.held.clear();
        self.looks.clear();
        self.platform_looks = 0..0;
        self.pool.clear();
        self.scope_memo.clear();
        self.platform_memo = 0;
        self.reference.clear();
        self.after_threshold.clear();
        self.after_rebate.clear();
        self.paid.clear();
        self.left.clear();
        self.pos.clear();
        self.shares.clear();
        self.run4.clear();
        self.bases.clear();
        self.plans.clear();
        self.options.clear();
        self.chosen.clear();
        self.vals.clear();
        self.ledger.clear();
        self.weights.clear();
        self.tmp.clear();
        self.best.clear();
        self.misses.clear();
        self.losers.clear();
        self.contenders.clear();
        self.earned.clear();
        self.counts.clear();
        self.by_line.clear();
        self.hashes.clear();
        self.free.clear();
        self.offers.clear();
        self.offer_at.clear();
        self.sorted.clear();
        self.takes.clear();
    }
}

/// One price in progress: the engine's rules, the cart, and the work.
pub(crate) struct Pricing<'a> {
    pub(crate) cat: &'a Catalog,
    pub(crate) cart: &'a Cart,
    pub(crate) w: Box<Work>,
    /// `now` as (month, day) in UTC+08:00.
    pub(crate) today: (i8, i8),
    pub(crate) parallel: bool,
    pub(crate) rounding: Rounding,
    /// The lifecycle boundaries in days (`settings.lifecycle_days`).
    pub(crate) days: [u32; 3],
}

impl<'a> Pricing<'a> {
    /// The rules of shop `s`, if it has any.
    #[inline]
    pub(crate) fn rules(&self, s: usize) -> Option<&'a ShopRules> {
        let cat = self.cat;
        self.w.shops[s].rules.map(|r| &cat.shops[r as usize])
    }

    /// The shop's name.
    #[inline]
    pub(crate) fn shop_name(&self, s: usize) -> &'a str {
        let cart = self.cart;
        &cart.lines[self.w.shops[s].first.get()].shop
    }

    /// The looks of kind `k` of shop `s`.
    #[inline]
    pub(crate) fn looks(&self, s: usize, k: Kind) -> Range<usize> {
        let r = &self.w.shops[s].looks[k as usize];
        r.start as usize..r.end as usize
    }

    /// A look's scope lines.
    #[inline]
    pub(crate) fn lines_of(&self, look: usize) -> &[LineIx] {
        let r = &self.w.looks[look].lines;
        &self.w.pool[r.start as usize..r.end as usize]
    }
}

/// The tie order of allocation (reference: [Allocation](crate::_documentation::reference#allocation-优惠分摊)): of the `lines` at positions
/// `a` and `b`, whether `a`'s line id comes first in byte order.
pub(crate) fn id_order<'c>(
    cart: &'c Cart,
    lines: &'c [LineIx],
) -> impl Fn(usize, usize) -> bool + 'c {
    move |a, b| cart.lines[lines[a].get()].id < cart.lines[lines[b].get()].id
}

/// A range of a pool, as a `usize` range.
#[inline]
pub(crate) fn span(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}
