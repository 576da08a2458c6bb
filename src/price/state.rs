//! What one price shares, split by who writes it (as regex-automata's `Cache`
//! is a set of named parts):
//!
//! - [`CartIndex`]: the checked cart and every promotion looked at for it —
//!   written by the cart check and the index, read-only after;
//! - [`Amounts`]: what is left of each line after each stage, and
//!   [`Amounts::base`], the one place that knows which of them a coupon is
//!   tested on (`parallel` or `sequential`);
//! - [`Plans`]: the ways stages 3 and 4 can go per shop, and the choice;
//! - [`ItemScratch`], [`Scratch`]: the temporaries of stage 1 and of the others;
//! - [`Ledger`]: what was taken and why the rest was not, which the quote
//!   is assembled from;
//! - [`PointsTaken`]: the sixth step's points used, their shares and the
//!   points earned.
//!
//! A stage's signature shows which of them it reads (`&`) and writes (`&mut`).
//! Everything here is plain numbers (indices and fen) in vectors that are
//! reused from one price to the next on the same thread ([`Work::take`]), so a
//! price allocates only what its quote holds.

use std::cell::Cell;
use std::ops::Range;

use crate::ids::{LineIx, PromoId, ShopIx};
use crate::model::{Cart, PromotionType, Stage};
use crate::money::{Fen, Rounding};
use crate::rules::compiled::{Catalog, ShopRules};

use super::coupon_search::{Found, Opt};
use super::why::Why;

/// One price's fixed inputs: the engine's rules, the cart and the settings.
#[derive(Clone, Copy)]
pub(crate) struct Pricing<'a> {
    pub(crate) cat: &'a Catalog,
    pub(crate) cart: &'a Cart,
    /// `now` as (month, day) in UTC+08:00.
    pub(crate) today: (i8, i8),
    pub(crate) parallel: bool,
    pub(crate) rounding: Rounding,
    /// The lifecycle boundaries in days (`settings.lifecycle_days`).
    pub(crate) days: [u32; 3],
    /// Every coupon the cart can look at counts as held (a preview, 到手价).
    pub(crate) claim_all: bool,
}

/// One cart line, in fen.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineFacts {
    pub(crate) unit: Fen,
    pub(crate) qty: i64,
    pub(crate) orig: Fen,
    pub(crate) shop: ShopIx,
}

/// One shop of the cart.
#[derive(Clone, Debug, Default)]
pub(crate) struct ShopFacts {
    /// A line of the shop: its `shop` is the shop's name.
    pub(crate) first: LineIx,
    /// Its lines: a range of [`CartIndex::shop_lines`], in allocation order.
    pub(crate) lines: Range<u32>,
    /// The shipping fee the cart gives for it.
    pub(crate) fee: Fen,
    /// Its rules (an index of [`Catalog::shops`]), if the rules file has any.
    pub(crate) rules: Option<u32>,
    /// Its looks of each [`PromotionType`] but the platform coupon: ranges of
    /// [`CartIndex::looks`].
    pub(crate) looks: [Range<u32>; 5],
    /// Where its scope memo starts in [`CartIndex::scope_memo`].
    pub(crate) memo: u32,
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
    /// The lines in its scope (a range of [`CartIndex::pool`]), in allocation order.
    pub(crate) lines: Range<u32>,
}

impl Look {
    /// Why it cannot apply whatever the amounts: its gate, or no line in its
    /// scope. `None`: it is open, and its stage decides.
    pub(crate) fn closed(&self) -> Option<Why> {
        match &self.gate {
            Some(why) => Some(why.clone()),
            None if self.lines.is_empty() => Some(Why::OutOfScope),
            None => None,
        }
    }

    /// Whether it passes its gate and has lines in scope.
    pub(crate) fn is_open(&self) -> bool {
        self.gate.is_none() && !self.lines.is_empty()
    }
}

/// The cart, checked, and every promotion looked at for it. Written by the
/// cart check and the index; read-only for the stages.
#[derive(Debug, Default)]
pub(crate) struct CartIndex {
    pub(crate) lines: Vec<LineFacts>,
    pub(crate) shops: Vec<ShopFacts>,
    /// Every shop's lines, shop after shop, each in allocation order.
    pub(crate) shop_lines: Vec<LineIx>,
    /// Per line: its place among its shop's lines.
    pub(crate) pos: Vec<u32>,
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
    /// The cart check's scratch: (hash of a line id, line).
    pub(crate) hashes: Vec<(u64, u32)>,
}

thread_local! {
    static SPARE_INDEX: Cell<Option<CartIndex>> = const { Cell::new(None) };
}

impl CartIndex {
    /// This thread's spare index buffers (or new ones), cleared: a
    /// [`CheckedCart`](super::CheckedCart) checks into them and gives them
    /// back ([`give_back`](Self::give_back)) when it is dropped.
    pub(crate) fn take() -> CartIndex {
        let mut ix = SPARE_INDEX.with(Cell::take).unwrap_or_default();
        ix.clear();
        ix
    }

    /// Keeps the buffers for this thread's next checked cart.
    pub(crate) fn give_back(ix: CartIndex) {
        SPARE_INDEX.with(|s| s.set(Some(ix)));
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.shops.clear();
        self.shop_lines.clear();
        self.pos.clear();
        self.order.clear();
        self.held.clear();
        self.looks.clear();
        self.platform_looks = 0..0;
        self.pool.clear();
        self.scope_memo.clear();
        self.platform_memo = 0;
        self.hashes.clear();
    }

    /// Every shop of the cart, in order of first appearance.
    pub(crate) fn shop_ixs(&self) -> impl Iterator<Item = ShopIx> {
        (0..self.shops.len()).map(ShopIx::new)
    }

    /// Shop `s`.
    #[inline]
    pub(crate) fn shop(&self, s: ShopIx) -> &ShopFacts {
        &self.shops[s.get()]
    }

    /// The lines of shop `s`, in allocation order.
    #[inline]
    pub(crate) fn lines_of_shop(&self, s: ShopIx) -> &[LineIx] {
        &self.shop_lines[span(&self.shop(s).lines)]
    }

    /// The rules of shop `s`, if it has any.
    #[inline]
    pub(crate) fn rules<'c>(&self, cat: &'c Catalog, s: ShopIx) -> Option<&'c ShopRules> {
        self.shop(s).rules.map(|r| &cat.shops[r as usize])
    }

    /// The shop's name.
    #[inline]
    pub(crate) fn shop_name<'c>(&self, cart: &'c Cart, s: ShopIx) -> &'c str {
        &cart.lines[self.shop(s).first.get()].shop
    }

    /// The looks of type `t` of shop `s` (never a platform coupon: see
    /// [`platform_looks`](Self::platform_looks)).
    #[inline]
    pub(crate) fn looks_of(&self, s: ShopIx, t: PromotionType) -> Range<usize> {
        debug_assert!(t != PromotionType::PlatformCoupon);
        span(&self.shop(s).looks[t as usize])
    }

    /// The platform coupons' looks.
    #[inline]
    pub(crate) fn platform_looks(&self) -> Range<usize> {
        span(&self.platform_looks)
    }

    /// A look's scope lines.
    #[inline]
    pub(crate) fn lines_of(&self, look: usize) -> &[LineIx] {
        &self.pool[span(&self.looks[look].lines)]
    }
}

/// What is left of each line after each stage.
#[derive(Debug, Default)]
pub(crate) struct Amounts {
    /// The threshold base (`settings.threshold_base` is `parallel`).
    pub(crate) parallel: bool,
    /// Per line: what is left after stage 1 (its reference amounts; reference: [The five stages](crate::_documentation::reference#the-five-stages)).
    pub(crate) reference: Vec<Fen>,
    /// Per line: what is left after stage 2.
    pub(crate) after_threshold: Vec<Fen>,
    /// Per line: what is left after stage 4 (of the plans chosen).
    pub(crate) after_rebate: Vec<Fen>,
    /// Per line: what is left after stage 5: what the line pays.
    pub(crate) paid: Vec<Fen>,
}

impl Amounts {
    fn clear(&mut self) {
        self.reference.clear();
        self.after_threshold.clear();
        self.after_rebate.clear();
        self.paid.clear();
    }

    /// Per line, the amounts a promotion of `stage` is tested and computed
    /// on (reference: [The five stages](crate::_documentation::reference#the-five-stages)): the reference amounts under `parallel`, what the
    /// stages before it left under `sequential`. Stages 1 and 2 always use
    /// the reference amounts (stage 1 writes them).
    pub(crate) fn base(&self, stage: Stage) -> &[Fen] {
        if self.parallel {
            return &self.reference;
        }
        match stage {
            Stage::ItemDiscount | Stage::Threshold => &self.reference,
            Stage::ShopCoupon | Stage::Rebate => &self.after_threshold,
            Stage::PlatformCoupon => &self.after_rebate,
            // Points pay on what the five stages left.
            Stage::Points => &self.paid,
        }
    }
}

/// What a coupon or a rebate took: its look, each scope line's share (a range
/// of [`Plans::shares`], aligned with the look's lines) and the sum.
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
    /// [`Plans::run4`], aligned with the shop's lines).
    pub(crate) run4: Range<u32>,
    /// Σ `run4`.
    pub(crate) pay: Fen,
    /// The base of each rebate scope of the shop under this plan (a range of
    /// [`Plans::bases`]), for the reasons of the programs that did not win.
    pub(crate) bases: Range<u32>,
}

/// A rebate program that may win for this cart: in its window and audience,
/// with lines in scope, and not beaten at every base by another program of
/// the same scope.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Contender {
    pub(crate) look: u32,
    pub(crate) min: Fen,
    pub(crate) ratio: u32,
    pub(crate) group: u32,
}

/// Stages 3 to 5: the plans of every shop and the choice among them.
#[derive(Debug, Default)]
pub(crate) struct Plans {
    /// Per line: what is left while a plan of stages 3 and 4 is worked out.
    pub(crate) left: Vec<Fen>,
    /// Shares of coupons and rebates (ranges named by [`Taken`]).
    pub(crate) shares: Vec<Fen>,
    /// Running amounts after stage 4 of every plan.
    pub(crate) run4: Vec<Fen>,
    /// Rebate scope bases of every plan.
    pub(crate) bases: Vec<Fen>,
    pub(crate) plans: Vec<Plan>,
    /// Per shop: its plans (a range of `plans`).
    pub(crate) options: Vec<Range<u32>>,
    /// Per shop: the plan chosen.
    pub(crate) chosen: Vec<u32>,
    /// Per platform coupon `best` searched with: per plan, its `val` (see `search`).
    pub(crate) vals: Vec<Fen>,
    /// The rebate programs that may win, shop after shop.
    pub(crate) contenders: Vec<Contender>,
    /// Per shop: its contenders (a range of `contenders`).
    pub(crate) contenders_of: Vec<Range<u32>>,
    /// `best`'s options, one a plan (kept for the next price's).
    pub(crate) opts: Vec<Opt>,
    /// `best`'s combination found, and a spare one a platform coupon's
    /// search writes into (their vectors kept for the next price's).
    pub(crate) found: Found,
    pub(crate) spare: Found,
    /// The held platform coupons `best` searched with.
    pub(crate) cands: Vec<Candidate>,
}

/// A held platform coupon that `best` searched with: its look, its row of
/// `val`s (one per plan, in [`Plans::vals`]), and under `parallel` its shares.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub(crate) look: usize,
    pub(crate) row: usize,
    pub(crate) shares: Range<u32>,
}

impl Plans {
    fn clear(&mut self) {
        self.left.clear();
        self.shares.clear();
        self.run4.clear();
        self.bases.clear();
        self.plans.clear();
        self.options.clear();
        self.chosen.clear();
        self.vals.clear();
        self.contenders.clear();
        self.contenders_of.clear();
        self.opts.clear();
    }

    /// The shares of `t`, aligned with its look's lines.
    #[inline]
    pub(crate) fn shares_of(&self, t: &Taken) -> &[Fen] {
        &self.shares[span(&t.shares)]
    }
}

/// An item discount that may apply to a line: the line, its look, what it
/// takes off a unit, its `max_units`, and which of the line's units it
/// discounts (every one, or every n-th of 第N件X折).
#[derive(Clone, Copy, Debug)]
pub(crate) struct UnitDiscount {
    pub(crate) line: LineIx,
    pub(crate) look: u32,
    pub(crate) promo: PromoId,
    pub(crate) per_unit: Fen,
    pub(crate) limit: Option<u32>,
    /// 1, or `nth.n`: of `q` units left on the line, `⌊q / every⌋` are discounted.
    pub(crate) every: u32,
}

impl UnitDiscount {
    /// The units it discounts of `units` left on its line, before any limit.
    #[inline]
    pub(crate) fn units_of(&self, units: i64) -> i64 {
        units / i64::from(self.every)
    }
}

/// The item discounts that may apply to each line of one shop.
#[derive(Debug, Default)]
pub(crate) struct LineDiscounts {
    /// Each line's together, in promotion order.
    pub(crate) all: Vec<UnitDiscount>,
    /// Per line: its item discounts (a range of `all`).
    pub(crate) at: Vec<Range<u32>>,
}

impl LineDiscounts {
    /// The item discounts that may apply to line `i`.
    #[inline]
    pub(crate) fn of(&self, i: LineIx) -> &[UnitDiscount] {
        &self.all[span(&self.at[i.get()])]
    }
}

/// An item discount taken on a line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemTake {
    pub(crate) discount: UnitDiscount,
    pub(crate) reduction: Fen,
}

/// Stage 1's temporaries.
#[derive(Debug, Default)]
pub(crate) struct ItemScratch {
    /// Per line, the units left out of the bundles' sets.
    pub(crate) free: Vec<i64>,
    pub(crate) discounts: LineDiscounts,
    /// A shop's lines in id order.
    pub(crate) sorted: Vec<LineIx>,
    /// The item discounts taken.
    pub(crate) takes: Vec<ItemTake>,
    /// Per look of the shop: why it applies to none of its lines, if it does not.
    pub(crate) misses: Vec<Option<Why>>,
    /// Per look of the shop: the reduction it took.
    pub(crate) used: Vec<Fen>,
    /// Per line: its best item discount without `max_units` (every unit).
    pub(crate) unlimited: Vec<Option<UnitDiscount>>,
    /// Per line: its 第N件X折 without `max_units` that no other of them beats
    /// on every number of units (at most one per `n`).
    pub(crate) unlimited_nth: Vec<Vec<UnitDiscount>>,
    /// The last shop's choice of bundle sets: the next reuses its buffers.
    pub(crate) bundles: super::bundle::Choice,
}

impl ItemScratch {
    fn clear(&mut self) {
        self.free.clear();
        self.discounts.all.clear();
        self.sorted.clear();
        self.takes.clear();
        self.misses.clear();
        self.used.clear();
        // `discounts.at`, `unlimited` and `unlimited_nth` are per line:
        // stage 1 sizes them to the cart and each shop's `gather` writes
        // its lines' before they are read.
    }
}

/// The temporaries of stages 2 to 5 and of quote assembly.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Weights of an allocation.
    pub(crate) weights: Vec<Fen>,
    /// Shares of an allocation.
    pub(crate) split: Vec<Fen>,
    /// The looks a contest's winner outranked.
    pub(crate) outranked: Vec<u32>,
    /// Quote assembly: the ledger's shares grouped by line.
    pub(crate) counts: Vec<u32>,
    pub(crate) by_line: Vec<Share>,
    /// Stage 2's base and units of each open threshold look, in the order
    /// it looked at them (shop after shop), which the hints look at them in.
    pub(crate) threshold_sums: Vec<LookSums>,
    /// The base of each coupon look taken (`units` unused), in the order
    /// taken: shop after shop, then the platform's; the hints read them.
    pub(crate) coupon_bases: Vec<LookSums>,
}

/// The base and the units a threshold look is tested on (its lines'
/// reference amounts and quantities, summed).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LookSums {
    pub(crate) look: u32,
    pub(crate) base: Fen,
    pub(crate) units: i64,
}

impl Scratch {
    fn clear(&mut self) {
        self.weights.clear();
        self.split.clear();
        self.outranked.clear();
        self.counts.clear();
        self.by_line.clear();
        self.threshold_sums.clear();
        self.coupon_bases.clear();
    }
}

/// A promotion's share of a line.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Share {
    pub(crate) line: LineIx,
    pub(crate) promo: PromoId,
    pub(crate) amount: Fen,
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

/// A promotion not used, and why.
#[derive(Clone, Debug)]
pub(crate) struct Note {
    pub(crate) promo: PromoId,
    pub(crate) why: Why,
}

/// A tier of a threshold offer rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TierRef {
    /// The offer rule (an index of [`Catalog::offers`]).
    pub(crate) rule: u32,
    /// The tier's index.
    pub(crate) tier: u32,
}

/// A threshold offer applied with a tier: the offer and the tier met.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TierMet {
    pub(crate) promo: PromoId,
    pub(crate) tier: u32,
}

/// What a hint says, in numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HintFacts {
    pub(crate) promo: PromoId,
    pub(crate) shortfall: Option<Fen>,
    pub(crate) shortfall_units: Option<u64>,
    pub(crate) saving: Fen,
    /// The tier waives a fee that today's tier does not.
    pub(crate) free_shipping: bool,
    /// The tier's gifts, when it gives any.
    pub(crate) gifts: Option<TierRef>,
    /// The amount the hint names (base + shortfall); 0 for a hint by units.
    pub(crate) threshold: Fen,
}

/// Everything the quote is assembled from.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Every share above zero.
    pub(crate) shares: Vec<Share>,
    pub(crate) applied: Vec<AppliedEntry>,
    pub(crate) notes: Vec<Note>,
    pub(crate) hints: Vec<HintFacts>,
    /// Per shop: the fee still charged.
    pub(crate) shipping: Vec<Fen>,
    /// Per shop: the threshold tier whose gifts come with the order.
    pub(crate) gifts: Vec<Option<TierRef>>,
    /// Per shop: the rebate credit used.
    pub(crate) rebate_used: Vec<Fen>,
    /// Per shop: the rebate credit earned.
    pub(crate) rebate_earned: Vec<Fen>,
    /// The threshold offers applied with tiers.
    pub(crate) tiers: Vec<TierMet>,
    /// Stage 1 went by its lists in some shop (bundles, `max_units`, 第N件):
    /// only then can a line have two shares of stage 1, whose order the
    /// quote must mend. Without it every line has at most one.
    pub(crate) item_lists: bool,
}

impl Ledger {
    fn clear(&mut self) {
        self.item_lists = false;
        self.shares.clear();
        self.applied.clear();
        self.notes.clear();
        self.hints.clear();
        self.shipping.clear();
        self.gifts.clear();
        self.rebate_used.clear();
        self.rebate_earned.clear();
        self.tiers.clear();
    }

    /// Records a promotion's share of a line.
    #[inline]
    pub(crate) fn share(&mut self, line: LineIx, promo: PromoId, amount: Fen) {
        if amount > 0 {
            self.shares.push(Share {
                line,
                promo,
                amount,
            });
        }
    }

    /// Records why a promotion was not used.
    pub(crate) fn note(&mut self, promo: PromoId, why: Why) {
        self.notes.push(Note { promo, why });
    }

    /// Records a promotion used.
    pub(crate) fn applied(&mut self, promo: PromoId, shop: Option<ShopIx>, amount: Fen) {
        self.applied.push(AppliedEntry {
            promo,
            shop,
            amount,
            sets: None,
        });
    }

    /// Records what a coupon or a rebate took (`shares` aligned with `lines`):
    /// each line's share, and the promotion used.
    pub(crate) fn taken(
        &mut self,
        promo: PromoId,
        shop: Option<ShopIx>,
        lines: &[LineIx],
        shares: &[Fen],
        amount: Fen,
    ) {
        for (&i, &share) in lines.iter().zip(shares) {
            self.share(i, promo, share);
        }
        self.applied(promo, shop, amount);
    }
}

/// The sixth step's (积分): the points used, each line's share of them and
/// the points earned. Written by [`points`](super::points) from what the
/// five stages left ([`Amounts::paid`]), which it leaves as it is: the
/// rebate earned is computed on it.
#[derive(Debug, Default)]
pub(crate) struct PointsTaken {
    /// The rules have a points scheme: the quote reports points.
    pub(crate) scheme: bool,
    /// Per line: its share of the points used (one point pays one fen).
    pub(crate) shares: Vec<Fen>,
    /// The points used, `N`.
    pub(crate) used: Fen,
    /// The points earned, `E`.
    pub(crate) earned: u64,
}

impl PointsTaken {
    fn clear(&mut self) {
        self.scheme = false;
        self.shares.clear();
        self.used = 0;
        self.earned = 0;
    }

    /// Line `i`'s share of the points used (zero without a scheme).
    #[inline]
    pub(crate) fn share(&self, i: usize) -> Fen {
        self.shares.get(i).copied().unwrap_or(0)
    }
}

/// Every buffer a price uses, by who writes it; reused from one price to the next.
#[derive(Debug, Default)]
pub(crate) struct Work {
    pub(crate) index: CartIndex,
    pub(crate) amounts: Amounts,
    pub(crate) plans: Plans,
    pub(crate) items: ItemScratch,
    pub(crate) scratch: Scratch,
    pub(crate) ledger: Ledger,
    pub(crate) points: PointsTaken,
}

thread_local! {
    static SPARE: Cell<Option<Box<Work>>> = const { Cell::new(None) };
}

impl Work {
    /// This thread's buffers (or new ones), cleared.
    pub(crate) fn take() -> Box<Work> {
        let mut w = SPARE.with(Cell::take).unwrap_or_default();
        w.index.clear();
        w.amounts.clear();
        w.plans.clear();
        w.items.clear();
        w.scratch.clear();
        w.ledger.clear();
        w.points.clear();
        w
    }

    /// Keeps the buffers for this thread's next price.
    pub(crate) fn give_back(w: Box<Work>) {
        SPARE.with(|s| s.set(Some(w)));
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
