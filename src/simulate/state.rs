//! The state of a simulation: every sum its report is computed from, and
//! nothing per cart (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)). It merges by adding, and it is written
//! to bytes and read back — validated, so that bytes that no simulation could
//! have written are an error, never a panic nor a wrong report.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::buckets::Buckets;
use super::by_index::ByIndex;
use crate::error::Error;
use crate::ids::PromoId;
use crate::money::Sum;
use crate::price::Trace;
use crate::quote::{Quote, Reason};
use crate::rules::compiled::{Catalog, Offer};

/// How many bad lines a report lists (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)).
pub const LISTED_BAD_LINES: usize = 20;

/// The version of the bytes [`State::to_bytes`] writes.
const FORMAT: u32 = 1;

/// The longest bad line's message a state may hold, in bytes (the messages
/// of [`Error`] are clipped well below it).
const MAX_BAD_LINE_MESSAGE: usize = 4096;

/// One line that was not priced, and why.
///
/// ```
/// let b = youhui::simulate::BadLine { line: 18, error: "cart file: …".into() };
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"line":18,"error":"cart file: …"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BadLine {
    /// Its number, from 1.
    pub line: u64,
    /// What `price` would have said.
    pub error: String,
}

/// The sums of one shop some promotion names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ShopSums {
    pub(crate) carts: u64,
    pub(crate) original: Sum,
    pub(crate) payable: Sum,
    /// Carts by their original at this shop, in fen buckets (only when the
    /// simulation keeps histograms, for `--plot`).
    pub(crate) histogram: Buckets,
}

/// The sums of one promotion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PromotionSums {
    pub(crate) applied: u64,
    pub(crate) amount: Sum,
    pub(crate) reasons: BTreeMap<Reason, u64>,
    pub(crate) tiers: Vec<u64>,
    pub(crate) near_misses: u64,
}

/// Everything a report is computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct State {
    pub(crate) carts: u64,
    pub(crate) bad_count: u64,
    /// The first bad lines by line number, at most [`LISTED_BAD_LINES`].
    pub(crate) bad_first: Vec<BadLine>,
    pub(crate) totals: [Sum; 8],
    /// By the engine's shop number (the order shops are first named in the rules file).
    pub(crate) shops: ByIndex<ShopSums>,
    /// The carts' lines of every shop no promotion names, summed (no histogram).
    pub(crate) other: ShopSums,
    /// By the promotion's number in the engine ([`PromoId`]).
    pub(crate) promotions: ByIndex<PromotionSums>,
    /// Carts by payable.
    pub(crate) payables: Buckets,
    /// The largest payable counted (0 when none).
    pub(crate) largest: i64,
    /// Whether the shops' histograms are kept.
    pub(crate) histograms: bool,
    /// Σ of the points used (积分抵扣; also Σ `totals.points`, in fen).
    pub(crate) points_used: u128,
    /// Σ of the points earned (积分赠送).
    pub(crate) points_earned: u128,
}

fn inc(n: &mut u64, by: u64) {
    *n = n.saturating_add(by);
}

impl State {
    pub(crate) fn add_bad_line(&mut self, number: u64, error: String) {
        inc(&mut self.bad_count, 1);
        let at = self.bad_first.partition_point(|b| b.line < number);
        if at < LISTED_BAD_LINES {
            self.bad_first.insert(
                at,
                BadLine {
                    line: number,
                    error,
                },
            );
            self.bad_first.truncate(LISTED_BAD_LINES);
        }
    }

    /// Adds everything `other` counted. Histograms are kept only when both kept them.
    pub(crate) fn merge(&mut self, other: State) {
        inc(&mut self.carts, other.carts);
        inc(&mut self.bad_count, other.bad_count);
        self.bad_first.extend(other.bad_first);
        self.bad_first.sort_by_key(|b| b.line);
        self.bad_first.truncate(LISTED_BAD_LINES);
        for (t, o) in self.totals.iter_mut().zip(other.totals) {
            t.add(o.fen());
        }
        let histograms = self.histograms && other.histograms;
        for (shop, o) in other.shops {
            self.shops.entry(shop).merge(o);
        }
        self.other.merge(other.other);
        if !histograms {
            for s in self.shops.values_mut() {
                s.histogram = Buckets::default();
            }
        }
        self.histograms = histograms;
        for (promo, o) in other.promotions {
            let p = self.promotions.entry(promo);
            inc(&mut p.applied, o.applied);
            p.amount.add(o.amount.fen());
            for (r, n) in o.reasons {
                inc(p.reasons.entry(r).or_default(), n);
            }
            if p.tiers.len() < o.tiers.len() {
                p.tiers.resize(o.tiers.len(), 0);
            }
            for (t, n) in p.tiers.iter_mut().zip(o.tiers) {
                inc(t, n);
            }
            inc(&mut p.near_misses, o.near_misses);
        }
        self.payables.merge(other.payables);
        self.largest = self.largest.max(other.largest);
        self.points_used = self.points_used.saturating_add(other.points_used);
        self.points_earned = self.points_earned.saturating_add(other.points_earned);
    }

    /// Counts one priced cart.
    pub(crate) fn count(
        &mut self,
        quote: &Quote<'_>,
        trace: &Trace,
        shop_rules: impl ExactSizeIterator<Item = Option<u32>>,
    ) {
        inc(&mut self.carts, 1);
        let t = &quote.totals;
        let fields = [
            t.original,
            t.item_discount,
            t.threshold,
            t.shop_coupon,
            t.rebate,
            t.platform_coupon,
            t.shipping,
            t.payable,
        ];
        for (sum, a) in self.totals.iter_mut().zip(fields) {
            sum.add(a.fen());
        }
        self.payables.add(t.payable.fen());
        self.largest = self.largest.max(t.payable.fen());
        if let Some(p) = quote.points {
            self.points_used = self.points_used.saturating_add(p.used.into());
            self.points_earned = self.points_earned.saturating_add(p.earned.into());
        }
        let mut other = false;
        // The quote's shops are the cart's, in the same order: each with
        // its index in the rules' shops, found when the cart was checked.
        debug_assert_eq!(quote.shops.len(), shop_rules.len());
        for (shop, rules) in quote.shops.iter().zip(shop_rules) {
            let s = match rules {
                Some(g) => {
                    let s = self.shops.entry(g as usize);
                    inc(&mut s.carts, 1);
                    if self.histograms {
                        s.histogram.add(shop.original.fen());
                    }
                    s
                }
                None => {
                    other = true;
                    &mut self.other
                }
            };
            s.original.add(shop.original.fen());
            s.payable.add(shop.payable.fen());
        }
        // A cart counts once in `other_shops`, however many of its shops no promotion names.
        if other {
            inc(&mut self.other.carts, 1);
        }
        // The quote's applied and not-applied promotions, by their index
        // (the trace has them as the quote does, without looking ids up).
        for &(p, amount) in &trace.applied {
            let sums = self.promotions.entry(p.get());
            inc(&mut sums.applied, 1);
            sums.amount.add(amount);
        }
        for &(p, reason) in &trace.not_applied {
            let sums = self.promotions.entry(p.get());
            inc(sums.reasons.entry(reason).or_default(), 1);
        }
        for &(p, tier) in &trace.tiers {
            let tiers = &mut self.promotions.entry(p.get()).tiers;
            let tier = tier as usize;
            if tiers.len() <= tier {
                tiers.resize(tier + 1, 0);
            }
            inc(&mut tiers[tier], 1);
        }
        for &p in &trace.near_misses {
            inc(&mut self.promotions.entry(p.get()).near_misses, 1);
        }
    }

    /// The state as bytes: a versioned JSON document naming shops and
    /// promotions by their names and ids in `cat`'s rules file.
    pub(crate) fn to_bytes(&self, cat: &Catalog) -> Vec<u8> {
        let names = shop_names(cat);
        let wire = Wire {
            youhui_simulation: FORMAT,
            carts: self.carts,
            bad_lines: WireBad {
                count: self.bad_count,
                first: self.bad_first.clone(),
            },
            totals: self.totals.map(Sum::fen),
            shops: self
                .shops
                .iter()
                .map(|(g, s)| WireShop {
                    shop: names[g].to_string(),
                    carts: s.carts,
                    original: s.original.fen(),
                    payable: s.payable.fen(),
                    histogram: s.histogram.0.iter().map(|(&a, &n)| (a, n)).collect(),
                })
                .collect(),
            other_shops: WireSums::of(&self.other),
            promotions: self
                .promotions
                .iter()
                .map(|(p, s)| WirePromotion {
                    promotion: cat.head(PromoId::new(p)).id.to_string(),
                    applied: s.applied,
                    amount: s.amount.fen(),
                    reasons: s.reasons.clone(),
                    tiers: s.tiers.clone(),
                    near_misses: s.near_misses,
                })
                .collect(),
            payables: self.payables.0.iter().map(|(&a, &n)| (a, n)).collect(),
            largest_payable: self.largest,
            histograms: self.histograms,
            points_used: self.points_used,
            points_earned: self.points_earned,
        };
        // A tree of plain numbers, strings and maps keyed by strings always serializes.
        serde_json::to_vec(&wire).unwrap_or_default()
    }

    /// Reads what [`to_bytes`](State::to_bytes) wrote, for the rules of `cat`.
    pub(crate) fn from_bytes(cat: &Catalog, bytes: &[u8]) -> Result<State, Error> {
        let bad =
            |m: String| Error::cart("simulation state", crate::error::SimulationError::State(m));
        let wire: Wire = serde_json::from_slice(bytes).map_err(|e| {
            bad(format!(
                "not the state of a youhui simulation (format {FORMAT}): {e}"
            ))
        })?;
        if wire.youhui_simulation != FORMAT {
            return Err(bad(format!(
                "written in format {}; this youhui reads format {FORMAT}",
                wire.youhui_simulation
            )));
        }
        let carts = wire.carts;
        let at_most_carts = |what: &str, n: u64| {
            if n > carts {
                Err(bad(format!("{what} counts {n} carts of {carts}")))
            } else {
                Ok(())
            }
        };
        let mut state = State {
            carts,
            bad_count: wire.bad_lines.count,
            histograms: wire.histograms,
            largest: wire.largest_payable,
            points_used: wire.points_used,
            points_earned: wire.points_earned,
            ..State::default()
        };
        // Bad lines: the first ones, by strictly increasing number.
        let first = wire.bad_lines.first;
        let listed_ok = first.len() as u64 <= state.bad_count
            && first.len() <= LISTED_BAD_LINES
            && (first.len() == LISTED_BAD_LINES || first.len() as u64 == state.bad_count)
            && first.windows(2).all(|w| w[0].line < w[1].line)
            && first.iter().all(|b| b.line >= 1)
            && first.iter().all(|b| b.error.len() <= MAX_BAD_LINE_MESSAGE);
        if !listed_ok {
            return Err(bad(format!(
                "its {} listed bad lines do not fit a count of {}",
                first.len(),
                state.bad_count
            )));
        }
        state.bad_first = first;
        for (t, fen) in state.totals.iter_mut().zip(wire.totals) {
            if fen < 0 {
                return Err(bad(format!("a total of {fen} fen is negative")));
            }
            *t = Sum::of_fen(fen);
        }
        // Payables: one per cart, the largest in the last bucket.
        let payables = Buckets(wire.payables.into_iter().collect());
        if let Some(why) = payables.invalid() {
            return Err(bad(format!("payables: {why}")));
        }
        if payables.total() != carts {
            return Err(bad(format!(
                "payables count {} carts of {carts}",
                payables.total()
            )));
        }
        let last = payables.0.keys().next_back().copied();
        let largest_ok = match last {
            None => state.largest == 0,
            Some(start) => super::buckets::bucket(state.largest).0 == start,
        };
        if !largest_ok {
            return Err(bad(format!(
                "the largest payable {} is not in the last bucket",
                state.largest
            )));
        }
        state.payables = payables;
        // Shops: each a shop of these rules, once.
        for shop in wire.shops {
            let Some(g) = cat.shop(&shop.shop) else {
                return Err(bad(format!(
                    "shop {:?} is named by no promotion of these rules",
                    crate::text::printable(&shop.shop)
                )));
            };
            let sums = WireSums {
                carts: shop.carts,
                original: shop.original,
                payable: shop.payable,
            }
            .read(&bad)?;
            at_most_carts("a shop", sums.carts)?;
            let histogram = Buckets(shop.histogram.into_iter().collect());
            if let Some(why) = histogram.invalid() {
                return Err(bad(format!("the histogram of a shop: {why}")));
            }
            let expected = if state.histograms { sums.carts } else { 0 };
            if histogram.total() != expected {
                return Err(bad(format!(
                    "the histogram of a shop counts {} carts, not {expected}",
                    histogram.total()
                )));
            }
            let entry = ShopSums { histogram, ..sums };
            if state.shops.insert(g as usize, entry).is_some() {
                return Err(bad("a shop is listed twice".into()));
            }
        }
        state.other = wire.other_shops.read(&bad)?;
        at_most_carts("other_shops", state.other.carts)?;
        // Promotions: each a promotion of these rules, once, counting at most every cart.
        let mut tier_count = vec![0usize; cat.heads.len()];
        for o in &cat.offers {
            if let Offer::Tiers { tiers, .. } = &o.offer {
                tier_count[o.promo.get()] = tiers.len();
            }
        }
        for p in wire.promotions {
            let Some(id) = cat.promo(&p.promotion) else {
                return Err(bad(format!(
                    "promotion {:?} is not in these rules",
                    crate::text::printable(&p.promotion)
                )));
            };
            at_most_carts("a promotion's applied", p.applied)?;
            at_most_carts("a promotion's near_misses", p.near_misses)?;
            for &n in p.reasons.values() {
                at_most_carts("a promotion's reason", n)?;
            }
            let tiers_met = p.tiers.iter().fold(0u64, |a, &n| a.saturating_add(n));
            if p.tiers.len() > tier_count[id.get()] || tiers_met > p.applied {
                return Err(bad(format!(
                    "promotion {:?} counts {} tiers",
                    crate::text::printable(&p.promotion),
                    p.tiers.len()
                )));
            }
            if p.amount < 0 {
                return Err(bad(format!("an amount of {} fen is negative", p.amount)));
            }
            let sums = PromotionSums {
                applied: p.applied,
                amount: Sum::of_fen(p.amount),
                reasons: p.reasons.into_iter().filter(|&(_, n)| n > 0).collect(),
                tiers: p.tiers,
                near_misses: p.near_misses,
            };
            if state.promotions.insert(id.get(), sums).is_some() {
                return Err(bad("a promotion is listed twice".into()));
            }
        }
        Ok(state)
    }
}

impl ShopSums {
    fn merge(&mut self, o: ShopSums) {
        inc(&mut self.carts, o.carts);
        self.original.add(o.original.fen());
        self.payable.add(o.payable.fen());
        self.histogram.merge(o.histogram);
    }
}

/// The name of each shop of `cat`, by its number.
pub(crate) fn shop_names(cat: &Catalog) -> Vec<&str> {
    let mut names = vec![""; cat.shops.len()];
    for (name, &g) in &cat.shop_index {
        names[g as usize] = name;
    }
    names
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    youhui_simulation: u32,
    carts: u64,
    bad_lines: WireBad,
    totals: [i128; 8],
    shops: Vec<WireShop>,
    other_shops: WireSums,
    promotions: Vec<WirePromotion>,
    payables: Vec<(i64, u64)>,
    largest_payable: i64,
    histograms: bool,
    /// Σ points used and earned (contract v3; a state written before points
    /// existed has none, so reads as zero).
    #[serde(default)]
    points_used: u128,
    #[serde(default)]
    points_earned: u128,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireBad {
    count: u64,
    first: Vec<BadLine>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireShop {
    shop: String,
    carts: u64,
    original: i128,
    payable: i128,
    histogram: Vec<(i64, u64)>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireSums {
    carts: u64,
    original: i128,
    payable: i128,
}

impl WireSums {
    fn of(s: &ShopSums) -> WireSums {
        WireSums {
            carts: s.carts,
            original: s.original.fen(),
            payable: s.payable.fen(),
        }
    }

    fn read(self, bad: &dyn Fn(String) -> Error) -> Result<ShopSums, Error> {
        if self.original < 0 || self.payable < 0 {
            return Err(bad("a shop's sum is negative".into()));
        }
        Ok(ShopSums {
            carts: self.carts,
            original: Sum::of_fen(self.original),
            payable: Sum::of_fen(self.payable),
            histogram: Buckets::default(),
        })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WirePromotion {
    promotion: String,
    applied: u64,
    amount: i128,
    reasons: BTreeMap<Reason, u64>,
    tiers: Vec<u64>,
    near_misses: u64,
}
