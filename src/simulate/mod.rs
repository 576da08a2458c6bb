//! What-if over past orders (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)): every cart of a month priced with
//! the rules about to go live, summed into one report.
//!
//! A [`Simulation`] takes carts one at a time (or JSON Lines with
//! [`Simulation::add_line`]) and keeps only sums and counts: nothing per cart
//! (the payable deciles are read from counts by bucket) and nothing per shop
//! the rules do not name. Two simulations of the same engine
//! [`merge`](Simulation::merge) into the one that would have seen both inputs,
//! and a simulation's state goes to bytes and back
//! ([`to_bytes`](Simulation::to_bytes), [`from_bytes`](Simulation::from_bytes)),
//! so a data pipeline can split its input any way it likes, over any number of
//! threads, processes or machines: every sum is exact, in fen, and the
//! [`SimulationReport`] is the same, byte for byte, whatever the split.
//!
//! ```
//! use youhui::{Engine, Simulation};
//! let engine = Engine::new(serde_json::from_str(r#"{"promotions":[
//!     {"id":"mj","type":"threshold","shop":"tea","tiers":[{"min_amount":"100","amount_off":"10"}]}]}"#).unwrap()).unwrap();
//! let mut sim = Simulation::new(&engine);
//! for (n, amount) in ["120", "95", "60"].iter().enumerate() {
//!     let line = format!(r#"{{"now":"2026-11-11T10:00:00+08:00","lines":[
//!         {{"id":"L1","shop":"tea","sku":"cha","unit_price":"{amount}","quantity":1}}]}}"#);
//!     sim.add_line(n as u64 + 1, &line).unwrap();
//! }
//! let report = sim.finish();
//! assert_eq!(report.carts, 3);
//! assert_eq!(report.totals.payable.to_string(), "265.00"); // 110 + 95 + 60
//! let mj = &report.promotions[0];
//! assert_eq!((mj.applied, mj.amount.to_string()), (1, "10.00".to_string()));
//! assert_eq!(mj.near_misses, 1); // 95 is 5 short of 100: within 10 %
//! assert_eq!(report.shops[0].average_original.to_string(), "91.67"); // 275 / 3
//! ```

mod buckets;
mod by_index;
mod state;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::check::{Facts, ShopFacts};
use crate::engine::Engine;
use crate::error::Error;
use crate::ids::PromoId;
use crate::model::Cart;
use crate::money::{Amount, Sum};
use crate::price::Trace;
use crate::quote::{Quote, QuoteLine, Reason};
use crate::rules::compiled::Offer;
use state::State;
pub use state::{BadLine, LISTED_BAD_LINES};

/// The most threads `youhui simulate --threads` starts: more cannot make
/// pricing faster on any machine it runs on, and each costs a stack.
pub const MAX_THREADS: usize = 1024;

/// A running what-if: the sums of every cart added so far.
///
/// Its state is bounded: sums, counts of payables by bucket (exact below
/// ¥100, four significant digits above), one entry per shop some promotion
/// names and per promotion, the first [`LISTED_BAD_LINES`] bad lines — nothing
/// per cart, nothing per shop the rules do not name. It is written to bytes
/// with [`to_bytes`](Simulation::to_bytes) and read back with
/// [`from_bytes`](Simulation::from_bytes), so that simulations run in other
/// processes or machines [`merge`](Simulation::merge).
///
/// See the [module documentation](self) for an example.
#[derive(Debug)]
pub struct Simulation<'e> {
    engine: &'e Engine,
    trace: Trace,
    state: State,
    /// The cart of the last line read, whose buffers the next line reuses.
    cart: Cart,
    /// The quote of the last cart priced, emptied: its vectors are the next one's.
    quote: Quote<'static>,
}

impl<'e> Simulation<'e> {
    /// An empty simulation of the rules `engine` holds.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let report = youhui::Simulation::new(&engine).finish();
    /// assert_eq!(report.carts, 0);
    /// assert!(report.payable_deciles.is_empty());
    /// ```
    pub fn new(engine: &'e Engine) -> Simulation<'e> {
        Simulation {
            engine,
            trace: Trace::default(),
            state: State::default(),
            cart: crate::model::cart_into::empty_cart(),
            quote: Quote::default(),
        }
    }

    /// An empty simulation that also keeps, per shop some promotion names, its
    /// carts by original in the buckets of the deciles: the
    /// [`histograms`](SimulationReport::histograms) `--plot` draws. They grow
    /// with those shops (at most 145,000 buckets each), so they are kept only
    /// when asked for.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[
    /// #   {"id":"sc","type":"shop_coupon","shop":"tea","amount_off":"5"}]}"#).unwrap()).unwrap();
    /// let line = r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"10","quantity":1}]}"#;
    /// let mut plain = youhui::Simulation::new(&engine);
    /// let mut drawn = youhui::Simulation::with_histograms(&engine);
    /// plain.add_line(1, line).unwrap();
    /// drawn.add_line(1, line).unwrap();
    /// assert!(plain.finish().histograms.is_empty());
    /// assert_eq!(drawn.finish().histograms[0].carts, [(1000, 1)]);
    /// ```
    pub fn with_histograms(engine: &'e Engine) -> Simulation<'e> {
        let mut sim = Simulation::new(engine);
        sim.state.histograms = true;
        sim
    }

    /// The state as bytes (versioned; shops and promotions named by their
    /// names and ids), to be read back by [`from_bytes`](Simulation::from_bytes)
    /// with an engine of the same rules file.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let mut a = youhui::Simulation::new(&engine);
    /// a.add_bad_line(3, "not a cart");
    /// let bytes = a.to_bytes();
    /// let b = youhui::Simulation::from_bytes(&engine, &bytes).unwrap();
    /// assert_eq!(b.to_bytes(), bytes);
    /// assert_eq!(b.finish().bad_lines.count, 1);
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        self.state.to_bytes(&self.engine.catalog)
    }

    /// Reads a state [`to_bytes`](Simulation::to_bytes) wrote, for the rules
    /// `engine` holds. Bytes no simulation of these rules could have written
    /// (corrupt, truncated, of another format version, naming a shop or a
    /// promotion the rules do not have, counts that do not add up) are an
    /// error located at `simulation state`.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let err = youhui::Simulation::from_bytes(&engine, b"\x00garbage").unwrap_err();
    /// assert_eq!(err.location(), "simulation state");
    /// ```
    pub fn from_bytes(engine: &'e Engine, bytes: &[u8]) -> Result<Simulation<'e>, Error> {
        Ok(Simulation {
            engine,
            trace: Trace::default(),
            state: State::from_bytes(&engine.catalog, bytes)?,
            cart: crate::model::cart_into::empty_cart(),
            quote: Quote::default(),
        })
    }

    /// Prices the cart written on line `number` of a JSON Lines input and adds
    /// it; a line that is not a valid cart, or that `price` refuses, is counted
    /// as a bad line (and its error returned, for `--strict`).
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let mut sim = youhui::Simulation::new(&engine);
    /// assert!(sim.add_line(7, "{not json").is_err());
    /// let report = sim.finish();
    /// assert_eq!((report.carts, report.bad_lines.count), (0, 1));
    /// assert_eq!(report.bad_lines.first[0].line, 7);
    /// ```
    pub fn add_line(&mut self, number: u64, line: &str) -> Result<(), Error> {
        // The cart, the trace and the quote are used in place, each its own
        // field: moving a cart or a quote out and back costs two copies of it.
        let cart = &mut self.cart;
        let priced = cart.read_json(line).and_then(|()| {
            add_to(
                self.engine,
                &mut self.state,
                &mut self.trace,
                &mut self.quote,
                cart,
            )
        });
        if let Err(e) = &priced {
            self.add_bad_line(number, e.to_string());
        }
        priced
    }

    /// Prices `cart` as [`Engine::price`] does and adds it; a cart `price`
    /// refuses is left out (and not counted as a bad line).
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let cart: youhui::Cart = serde_json::from_str(r#"{"now":"2026-11-11T10:00:00+08:00",
    ///     "lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"9.90","quantity":2}]}"#).unwrap();
    /// let mut sim = youhui::Simulation::new(&engine);
    /// sim.add(&cart).unwrap();
    /// assert_eq!(sim.finish().totals.original.to_string(), "19.80");
    /// ```
    pub fn add(&mut self, cart: &Cart) -> Result<(), Error> {
        add_to(
            self.engine,
            &mut self.state,
            &mut self.trace,
            &mut self.quote,
            cart,
        )
    }

    /// Counts a bad line that never reached [`add_line`](Simulation::add_line)
    /// (too long to read, not UTF-8).
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let mut sim = youhui::Simulation::new(&engine);
    /// sim.add_bad_line(3, "not UTF-8");
    /// assert_eq!(sim.finish().bad_lines.first[0].error, "not UTF-8");
    /// ```
    pub fn add_bad_line(&mut self, number: u64, error: impl Into<String>) {
        self.state.add_bad_line(number, error.into());
    }

    /// The bad line of the smallest number seen so far (for `--strict`).
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let mut sim = youhui::Simulation::new(&engine);
    /// assert!(sim.first_bad_line().is_none());
    /// sim.add_bad_line(4, "x");
    /// assert_eq!(sim.first_bad_line().unwrap().line, 4);
    /// ```
    pub fn first_bad_line(&self) -> Option<&BadLine> {
        self.state.bad_first.first()
    }

    /// Adds everything `other` has seen: the result is the simulation that
    /// would have seen both inputs, in any order. The shops' histograms are
    /// kept when both kept them.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let (mut a, mut b) = (youhui::Simulation::new(&engine), youhui::Simulation::new(&engine));
    /// a.add_bad_line(9, "x");
    /// b.add_bad_line(2, "y");
    /// a.merge(b);
    /// let report = a.finish();
    /// assert_eq!(report.bad_lines.first.iter().map(|b| b.line).collect::<Vec<_>>(), [2, 9]);
    /// ```
    pub fn merge(&mut self, other: Simulation<'_>) {
        self.state.merge(other.state);
    }

    /// The report of every cart added.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let mut sim = youhui::Simulation::new(&engine);
    /// for (n, p) in ["10", "20", "30", "40"].iter().enumerate() {
    ///     sim.add_line(n as u64 + 1, &format!(r#"{{"now":"2026-11-11T10:00:00+08:00",
    ///         "lines":[{{"id":"L1","shop":"s","sku":"k","unit_price":"{p}","quantity":1}}]}}"#)).unwrap();
    /// }
    /// let report = sim.finish();
    /// // Nearest rank over 4 carts: the k-th decile is the ⌈4k/10⌉-th smallest payable.
    /// let d: Vec<String> = report.payable_deciles.iter().map(|a| a.to_string()).collect();
    /// assert_eq!(d, ["10.00", "10.00", "20.00", "20.00", "20.00", "30.00", "30.00", "40.00", "40.00"]);
    /// ```
    pub fn finish(self) -> SimulationReport {
        let cat = &self.engine.catalog;
        let mut state = self.state;
        let t = state.totals;
        // With a points scheme the report sums the quotes' points.
        let scheme = cat.settings.points.is_some();
        let totals = SumTotals {
            original: t[0],
            item_discount: t[1],
            threshold: t[2],
            shop_coupon: t[3],
            rebate: t[4],
            platform_coupon: t[5],
            points: scheme.then(|| Sum::of_fen(wide(state.points_used))),
            shipping: t[6],
            payable: t[7],
        };
        let points = scheme.then_some(PointsSums {
            used: state.points_used,
            earned: state.points_earned,
        });
        let mut tiered = vec![None; cat.heads.len()];
        for o in &cat.offers {
            if let Offer::Tiers { tiers, .. } = &o.offer {
                tiered[o.promo.get()] = Some(tiers.len());
            }
        }
        let mut promotions: Vec<PromotionSummary> = (0..cat.heads.len())
            .map(|k| {
                let p = PromoId::new(k);
                let sums = state.promotions.remove(p.get()).unwrap_or_default();
                let tiers = tiered[k].map(|n| {
                    let mut t = sums.tiers.clone();
                    t.resize(n, 0);
                    t
                });
                PromotionSummary {
                    promotion: cat.heads[k].id.to_string(),
                    applied: sums.applied,
                    amount: sums.amount,
                    reasons: sums.reasons.into_iter().filter(|&(_, n)| n > 0).collect(),
                    tiers,
                    near_misses: sums.near_misses,
                }
            })
            .collect();
        promotions.sort_by(|a, b| a.promotion.cmp(&b.promotion));
        // The shops in the order the rules file first names them.
        let names = state::shop_names(cat);
        let mut shops = Vec::with_capacity(state.shops.len());
        let mut histograms = Vec::new();
        for (g, s) in state.shops {
            let name = names[g];
            let average_original = s.original.average(s.carts);
            shops.push(ShopSummary {
                shop: name.to_string(),
                carts: s.carts,
                original: s.original,
                payable: s.payable,
                average_original,
                average_payable: s.payable.average(s.carts),
            });
            if state.histograms {
                histograms.push(Histogram {
                    shop: name.to_string(),
                    carts: s.histogram.0.into_iter().collect(),
                    thresholds: thresholds(self.engine, name),
                    average_original,
                });
            }
        }
        let other_shops = (state.other.carts > 0).then_some(OtherShops {
            carts: state.other.carts,
            original: state.other.original,
            payable: state.other.payable,
        });
        let payable_deciles = state
            .payables
            .deciles(state.largest)
            .into_iter()
            .map(Amount::total)
            .collect();
        SimulationReport {
            carts: state.carts,
            bad_lines: BadLines {
                count: state.bad_count,
                first: state.bad_first,
            },
            totals,
            points,
            shops,
            other_shops,
            promotions,
            payable_deciles,
            histograms,
        }
    }
}

/// A copy of what a simulation has seen: to report on it while it goes on
/// (the Python binding's `report()`), or to merge it and keep it.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
/// let mut sim = youhui::Simulation::new(&engine);
/// sim.add_bad_line(3, "x");
/// let so_far = sim.clone().finish();
/// sim.add_bad_line(5, "y");
/// assert_eq!((so_far.bad_lines.count, sim.finish().bad_lines.count), (1, 2));
/// ```
impl Clone for Simulation<'_> {
    fn clone(&self) -> Self {
        Simulation {
            engine: self.engine,
            // Scratch space of the next price: nothing of what was seen.
            trace: Trace::default(),
            state: self.state.clone(),
            cart: crate::model::cart_into::empty_cart(),
            quote: Quote::default(),
        }
    }
}

/// Prices `cart` into the quote `kept` holds the vectors of, with `trace`,
/// and counts it in `state` ([`Simulation::add`]).
fn add_to(
    engine: &Engine,
    state: &mut State,
    trace: &mut Trace,
    kept: &mut Quote<'static>,
    cart: &Cart,
) -> Result<(), Error> {
    // The quote as `price` gives it, written into the last cart's vectors.
    let mut quote: Quote<'_> = std::mem::take(kept);
    let priced = engine.check_cart(cart).and_then(|checked| {
        engine.price_into_traced(&checked, &mut quote, Some(&mut *trace))?;
        state.count(&quote, trace, checked.shop_rules());
        Ok(())
    });
    *kept = emptied(quote);
    priced
}

/// `quote` without what it borrowed from its cart, its vectors kept (the
/// lines' too) for the next price: each is emptied and collected in place,
/// into the same allocation.
fn emptied(quote: Quote<'_>) -> Quote<'static> {
    fn empty<T, U>(v: Vec<T>) -> Vec<U> {
        v.into_iter().filter_map(|_| None).collect()
    }
    Quote {
        lines: quote
            .lines
            .into_iter()
            .map(|l| QuoteLine {
                id: Cow::Borrowed(""),
                shop: Cow::Borrowed(""),
                sku: Cow::Borrowed(""),
                quantity: l.quantity,
                original: l.original,
                paid: l.paid,
                discounts: empty(l.discounts),
            })
            .collect(),
        shops: empty(quote.shops),
        applied: empty(quote.applied),
        not_applied: empty(quote.not_applied),
        hints: empty(quote.hints),
        ..Quote::default()
    }
}

/// The `min_amount` tiers of a shop's threshold offers, lowest first, once each.
fn thresholds(engine: &Engine, shop: &str) -> Vec<Amount> {
    let cat = &engine.catalog;
    let Some(s) = cat.shop(shop) else {
        return Vec::new();
    };
    let r = &cat.shops[s as usize].offers;
    let mut out: Vec<Amount> = cat.offers[r.start as usize..r.end as usize]
        .iter()
        .filter_map(|o| match &o.offer {
            Offer::Tiers {
                by_units: false,
                tiers,
            } => Some(tiers.iter().map(|t| Amount::total(t.min))),
            _ => None,
        })
        .flatten()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The report of `youhui simulate` (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)); serializes to its JSON.
///
/// See the [module documentation](self) for an example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SimulationReport {
    /// The carts priced.
    pub carts: u64,
    /// The lines that were not priced.
    pub bad_lines: BadLines,
    /// The sums over every priced cart of each field of a quote's `totals`.
    pub totals: SumTotals,
    /// Σ of the quotes' points used and earned, when the rules have a points
    /// scheme (`settings.points`); `None` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<PointsSums>,
    /// Per shop of the carts that some promotion names, in the order the
    /// rules file first names them.
    pub shops: Vec<ShopSummary>,
    /// The carts' lines of every other shop, summed; `None` when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_shops: Option<OtherShops>,
    /// Per promotion of the rules file, by id (byte order).
    pub promotions: Vec<PromotionSummary>,
    /// For k = 1 … 9, the payable that at least k × 10 % of the priced carts
    /// pay or less (nearest rank), read from the counts by bucket: exact below
    /// ¥100, within 0.1 % above and never below the exact decile; empty when
    /// no cart was priced.
    pub payable_deciles: Vec<Amount>,
    /// Per shop of [`shops`](SimulationReport::shops), the carts by original,
    /// for the picture (not in the JSON); empty unless the simulation was made
    /// [`with_histograms`](Simulation::with_histograms).
    #[serde(skip)]
    pub histograms: Vec<Histogram>,
}

/// The lines of the input that were not priced.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
/// let mut sim = youhui::Simulation::new(&engine);
/// for n in (1..=30).rev() { sim.add_bad_line(n, "bad"); }
/// let bad = sim.finish().bad_lines;
/// assert_eq!((bad.count, bad.first.len(), bad.first[0].line), (30, 20, 1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BadLines {
    /// How many.
    pub count: u64,
    /// The first twenty, by line number.
    pub first: Vec<BadLine>,
}

/// The sums of a quote's totals over many carts.
///
/// ```
/// let t = youhui::simulate::SumTotals::default();
/// assert_eq!(t.payable.to_string(), "0.00");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[allow(missing_docs)] // the fields of `Totals`, summed
pub struct SumTotals {
    pub original: Sum,
    pub item_discount: Sum,
    pub threshold: Sum,
    pub shop_coupon: Sum,
    pub rebate: Sum,
    pub platform_coupon: Sum,
    /// Σ `totals.points`, when the rules have a points scheme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Sum>,
    pub shipping: Sum,
    pub payable: Sum,
}

/// The points of every priced cart, summed (积分).
///
/// ```
/// let p = youhui::simulate::PointsSums { used: 1200, earned: 54 };
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"used":1200,"earned":54}"#);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PointsSums {
    /// Σ of the quotes' `points.used`.
    pub used: u128,
    /// Σ of the quotes' `points.earned`.
    pub earned: u128,
}

/// A sum of points as fen, saturating (no simulation reaches it).
fn wide(n: u128) -> i128 {
    i128::try_from(n).unwrap_or(i128::MAX)
}

/// One shop of the report.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[{"id":"sc","type":"shop_coupon","shop":"tea","amount_off":"5"}]}"#).unwrap()).unwrap();
/// # let mut sim = youhui::Simulation::new(&engine);
/// # sim.add_line(1, r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"10","quantity":1}]}"#).unwrap();
/// let tea = &sim.finish().shops[0];
/// assert_eq!((tea.shop.as_str(), tea.carts), ("tea", 1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShopSummary {
    /// The shop.
    pub shop: String,
    /// The carts holding a line of it.
    pub carts: u64,
    /// Σ of its `shops[].original` over those carts.
    pub original: Sum,
    /// Σ of its `shops[].payable` (shipping included) over those carts.
    pub payable: Sum,
    /// `original / carts`, rounded half up to the fen: its 客单价 before the rules.
    pub average_original: Sum,
    /// `payable / carts`, rounded half up to the fen: its 客单价 after them.
    pub average_payable: Sum,
}

/// The carts' lines of the shops no promotion of the rules file names, summed
/// (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)): a simulation keeps nothing per such shop.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
/// # let mut sim = youhui::Simulation::new(&engine);
/// # sim.add_line(1, r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"a","sku":"k","unit_price":"10","quantity":1},{"id":"L2","shop":"b","sku":"k","unit_price":"5","quantity":1}]}"#).unwrap();
/// let report = sim.finish();
/// assert!(report.shops.is_empty());
/// let other = report.other_shops.unwrap();
/// assert_eq!((other.carts, other.original.to_string()), (1, "15.00".to_string()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OtherShops {
    /// The carts holding a line of such a shop (each counted once).
    pub carts: u64,
    /// Σ of those shops' `shops[].original` over those carts.
    pub original: Sum,
    /// Σ of those shops' `shops[].payable` (shipping included) over those carts.
    pub payable: Sum,
}

/// One promotion of the report.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[
/// #   {"id":"sc","type":"shop_coupon","shop":"tea","amount_off":"5"}]}"#).unwrap()).unwrap();
/// # let mut sim = youhui::Simulation::new(&engine);
/// # sim.add_line(1, r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"10","quantity":1}]}"#).unwrap();
/// let sc = &sim.finish().promotions[0];
/// assert_eq!(sc.reasons[&youhui::Reason::NotHeld], 1);
/// assert!(sc.tiers.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PromotionSummary {
    /// The promotion's id.
    pub promotion: String,
    /// The carts where it applied.
    pub applied: u64,
    /// Σ of its `applied[].amount`.
    pub amount: Sum,
    /// Per reason it was not applied (in the order of precedence), the carts
    /// that gave it; reasons no cart gave are left out.
    pub reasons: BTreeMap<Reason, u64>,
    /// For a threshold offer with tiers: per tier, in the order of the rules
    /// file, the carts where it applied with that tier as the highest met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<u64>>,
    /// The carts with a hint for it whose shortfall is at most 10 % of the
    /// threshold the hint names (凑单 potential; hints by units not counted).
    pub near_misses: u64,
}

/// A shop's carts by their original amount, in the buckets of the payable
/// deciles (a fen each below ¥100, four significant digits above), with the
/// `min_amount` tiers of its offers: what `--plot` draws.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[
/// #   {"id":"mj","type":"threshold","shop":"tea","tiers":[{"min_amount":"100","amount_off":"10"}]}]}"#).unwrap()).unwrap();
/// # let mut sim = youhui::Simulation::with_histograms(&engine);
/// # sim.add_line(1, r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"123.45","quantity":1}]}"#).unwrap();
/// let h = &sim.finish().histograms[0];
/// assert_eq!(h.carts, [(12_340, 1)]); // 12,345 fen: the bucket [12,340, 12,350)
/// assert_eq!(h.thresholds[0].to_string(), "100.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    /// The shop.
    pub shop: String,
    /// (a bucket's start in fen, the carts whose original at the shop is in
    /// that bucket), by start.
    pub carts: Vec<(i64, u64)>,
    /// The `min_amount` tiers of the shop's threshold offers, lowest first.
    pub thresholds: Vec<Amount>,
    /// The shop's average original (客单价).
    pub average_original: Sum,
}

impl SimulationReport {
    /// A `check --shop-facts` file's content: each shop of
    /// [`shops`](SimulationReport::shops)' `average_order_value` is its
    /// `average_original` (shops whose average is zero, or above
    /// [`Amount::MAX`], are left out: the facts file could not hold them).
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[{"id":"sc","type":"shop_coupon","shop":"tea","amount_off":"5"}]}"#).unwrap()).unwrap();
    /// # let mut sim = youhui::Simulation::new(&engine);
    /// # sim.add_line(1, r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"150","quantity":1}]}"#).unwrap();
    /// let facts = sim.finish().facts();
    /// assert_eq!(facts.shops["tea"].average_order_value.unwrap().to_string(), "150.00");
    /// ```
    pub fn facts(&self) -> Facts {
        let mut facts = Facts::default();
        for s in &self.shops {
            let aov = i64::try_from(s.average_original.fen())
                .ok()
                .and_then(Amount::from_fen)
                .filter(|a| a.fen() > 0);
            if let Some(aov) = aov {
                facts.shops.insert(
                    s.shop.clone(),
                    ShopFacts {
                        average_order_value: Some(aov),
                        ..ShopFacts::default()
                    },
                );
            }
        }
        facts
    }

    /// The report for a person: totals, shops, promotions (with their names
    /// from `engine`), deciles.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let text = youhui::Simulation::new(&engine).finish().text(&engine);
    /// assert!(text.starts_with("0 carts priced"));
    /// ```
    pub fn text(&self, engine: &Engine) -> String {
        let mut o = String::new();
        let carts = |n: u64| crate::text::count(n, "cart");
        let _ = writeln!(
            o,
            "{} priced, {}",
            carts(self.carts),
            crate::text::count(self.bad_lines.count, "bad line")
        );
        for b in &self.bad_lines.first {
            let _ = writeln!(o, "  line {}: {}", b.line, b.error);
        }
        if self.bad_lines.count > self.bad_lines.first.len() as u64 {
            let _ = writeln!(
                o,
                "  … and {} more",
                self.bad_lines.count - self.bad_lines.first.len() as u64
            );
        }
        let t = &self.totals;
        let _ = writeln!(o, "\nTotals");
        for (label, v, sign) in [
            ("original", t.original, " "),
            ("单品优惠 item discount", t.item_discount, "−"),
            ("满优惠 threshold", t.threshold, "−"),
            ("店铺券 shop coupon", t.shop_coupon, "−"),
            ("返利金 rebate", t.rebate, "−"),
            ("平台券 platform coupon", t.platform_coupon, "−"),
        ] {
            let _ = writeln!(o, "  {}{sign}{:>16}", pad(label, 26), v.to_string());
        }
        if let Some(v) = t.points {
            let _ = writeln!(o, "  {}−{:>16}", pad("积分 points", 26), v.to_string());
        }
        for (label, v, sign) in [("shipping", t.shipping, "+"), ("payable", t.payable, " ")] {
            let _ = writeln!(o, "  {}{sign}{:>16}", pad(label, 26), v.to_string());
        }
        if let Some(p) = self.points {
            let _ = writeln!(o, "  points (积分): used {}, earned {}", p.used, p.earned);
        }
        if !self.shops.is_empty() || self.other_shops.is_some() {
            let _ = writeln!(o, "\nShops (客单价 before → after)");
            let names: Vec<_> = self
                .shops
                .iter()
                .map(|s| crate::text::printable(&s.shop))
                .collect();
            let width = names
                .iter()
                .map(|n| unicode_width::UnicodeWidthStr::width(&**n))
                .max()
                .unwrap_or(0);
            for (s, name) in self.shops.iter().zip(&names) {
                let _ = writeln!(
                    o,
                    "  {}  {} · original {} · payable {} · average {} → {}",
                    pad(name, width),
                    carts(s.carts),
                    s.original,
                    s.payable,
                    s.average_original,
                    s.average_payable
                );
            }
        }
        if let Some(other) = &self.other_shops {
            let _ = writeln!(
                o,
                "  other shops (named by no promotion): {} · original {} · payable {}",
                carts(other.carts),
                other.original,
                other.payable
            );
        }
        if !self.promotions.is_empty() {
            let _ = writeln!(o, "\nPromotions");
        }
        for p in &self.promotions {
            let name = engine
                .promotion_name(&p.promotion)
                .map(|n| format!(" {}", crate::text::printable(n)))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "  {}{name}: applied in {}, {} in all",
                crate::text::printable(&p.promotion),
                carts(p.applied),
                p.amount,
            );
            if p.near_misses > 0 {
                let _ = writeln!(
                    o,
                    "    near misses (凑单): {} within 10 % of a threshold",
                    carts(p.near_misses)
                );
            }
            if let Some(tiers) = &p.tiers {
                let list: Vec<String> = tiers
                    .iter()
                    .enumerate()
                    .map(|(k, n)| format!("tier {}: {n}", k + 1))
                    .collect();
                let _ = writeln!(o, "    tiers met: {}", list.join(", "));
            }
            if !p.reasons.is_empty() {
                let list: Vec<String> = p
                    .reasons
                    .iter()
                    .map(|(r, n)| format!("{} {n}", r.as_str()))
                    .collect();
                let _ = writeln!(o, "    not applied: {}", list.join(", "));
            }
        }
        if !self.payable_deciles.is_empty() {
            let list: Vec<String> = self
                .payable_deciles
                .iter()
                .enumerate()
                .map(|(k, a)| format!("{}% ≤ {a}", (k + 1) * 10))
                .collect();
            let _ = writeln!(o, "\nPayable deciles: {}", list.join(", "));
        }
        o
    }
}

/// Pads `s` with spaces to `width` display columns (a CJK character takes two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub use crate::jsonl::{lines, Lines, NumberedLine};
