//! What-if over past orders (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)): every cart of a month priced with
//! the rules about to go live, summed into one report.
//!
//! A [`Simulation`] takes carts one at a time (or JSON Lines with
//! [`Simulation::add_line`]) and keeps only sums, apart from one figure per
//! cart for the payable deciles. Two simulations of the same engine
//! [`merge`](Simulation::merge) into the one that would have seen both inputs,
//! so a data pipeline can split its input any way it likes, over any number of
//! threads: every sum is exact, in fen, and the [`SimulationReport`] is the
//! same, byte for byte, whatever the split.
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

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::BufRead;

use serde::Serialize;

use crate::check::{Facts, ShopFacts};
use crate::engine::Engine;
use crate::error::Error;
use crate::ids::PromoId;
use crate::limits::MAX_FILE_BYTES;
use crate::model::Cart;
use crate::money::{Amount, Sum};
use crate::price::Trace;
use crate::quote::{Quote, Reason};
use crate::rules::compiled::Offer;

/// How many bad lines a report lists (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)).
pub const LISTED_BAD_LINES: usize = 20;

/// The number of [`Reason`]s.
const REASONS: usize = 12;

/// A running what-if: the sums of every cart added so far.
///
/// See the [module documentation](self) for an example.
#[derive(Debug)]
pub struct Simulation<'e> {
    engine: &'e Engine,
    trace: Trace,
    carts: u64,
    bad_count: u64,
    /// The first bad lines by line number, at most [`LISTED_BAD_LINES`].
    bad_first: Vec<BadLine>,
    totals: [Sum; 8],
    shops: BTreeMap<Box<str>, ShopSums>,
    promotions: BTreeMap<PromoId, PromotionSums>,
    payables: Vec<i64>,
}

#[derive(Debug, Default)]
struct ShopSums {
    carts: u64,
    original: Sum,
    payable: Sum,
    /// Carts by their original at this shop, in whole yuan.
    histogram: BTreeMap<i64, u64>,
}

#[derive(Debug, Default)]
struct PromotionSums {
    applied: u64,
    amount: Sum,
    reasons: [u64; REASONS],
    tiers: Vec<u64>,
    near_misses: u64,
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
            carts: 0,
            bad_count: 0,
            bad_first: Vec::new(),
            totals: [Sum::default(); 8],
            shops: BTreeMap::new(),
            promotions: BTreeMap::new(),
            payables: Vec::new(),
        }
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
        let priced = Cart::from_json(line).and_then(|cart| self.add(&cart));
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
        let engine = self.engine;
        let mut trace = std::mem::take(&mut self.trace);
        let priced = engine.price_traced(cart, Some(&mut trace));
        if let Ok(quote) = &priced {
            self.count(quote, &trace);
        }
        self.trace = trace;
        priced.map(|_| ())
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
        self.bad_count += 1;
        let at = self.bad_first.partition_point(|b| b.line < number);
        if at < LISTED_BAD_LINES {
            self.bad_first.insert(
                at,
                BadLine {
                    line: number,
                    error: error.into(),
                },
            );
            self.bad_first.truncate(LISTED_BAD_LINES);
        }
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
        self.bad_first.first()
    }

    /// Adds everything `other` has seen: the result is the simulation that
    /// would have seen both inputs, in any order.
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
        self.carts += other.carts;
        self.bad_count += other.bad_count;
        self.bad_first.extend(other.bad_first);
        self.bad_first.sort_by_key(|b| b.line);
        self.bad_first.truncate(LISTED_BAD_LINES);
        for (t, o) in self.totals.iter_mut().zip(other.totals) {
            t.add(o.fen());
        }
        for (name, o) in other.shops {
            let s = self.shops.entry(name).or_default();
            s.carts += o.carts;
            s.original.add(o.original.fen());
            s.payable.add(o.payable.fen());
            for (bucket, n) in o.histogram {
                *s.histogram.entry(bucket).or_default() += n;
            }
        }
        for (promo, o) in other.promotions {
            let p = self.promotions.entry(promo).or_default();
            p.applied += o.applied;
            p.amount.add(o.amount.fen());
            for (r, n) in p.reasons.iter_mut().zip(o.reasons) {
                *r += n;
            }
            if p.tiers.len() < o.tiers.len() {
                p.tiers.resize(o.tiers.len(), 0);
            }
            for (t, n) in p.tiers.iter_mut().zip(o.tiers) {
                *t += n;
            }
            p.near_misses += o.near_misses;
        }
        self.payables.extend(other.payables);
    }

    fn count(&mut self, quote: &Quote<'_>, trace: &Trace) {
        let cat = &self.engine.catalog;
        self.carts += 1;
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
        self.payables.push(t.payable.fen());
        for shop in &quote.shops {
            let s = match self.shops.get_mut(&*shop.shop) {
                Some(s) => s,
                None => self.shops.entry(shop.shop.as_ref().into()).or_default(),
            };
            s.carts += 1;
            s.original.add(shop.original.fen());
            s.payable.add(shop.payable.fen());
            *s.histogram.entry(shop.original.fen() / 100).or_default() += 1;
        }
        // Every id in a quote is a promotion of the engine's rules file.
        for a in &quote.applied {
            if let Some(p) = cat.promo(&a.promotion) {
                let sums = self.promotions.entry(p).or_default();
                sums.applied += 1;
                sums.amount.add(a.amount.fen());
            }
        }
        for n in &quote.not_applied {
            if let Some(p) = cat.promo(&n.promotion) {
                self.promotions.entry(p).or_default().reasons[n.reason as usize] += 1;
            }
        }
        for &(p, tier) in &trace.tiers {
            let tiers = &mut self.promotions.entry(p).or_default().tiers;
            let tier = tier as usize;
            if tiers.len() <= tier {
                tiers.resize(tier + 1, 0);
            }
            tiers[tier] += 1;
        }
        for &p in &trace.near_misses {
            self.promotions.entry(p).or_default().near_misses += 1;
        }
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
    pub fn finish(mut self) -> SimulationReport {
        let cat = &self.engine.catalog;
        let t = self.totals;
        let totals = SumTotals {
            original: t[0],
            item_discount: t[1],
            threshold: t[2],
            shop_coupon: t[3],
            rebate: t[4],
            platform_coupon: t[5],
            shipping: t[6],
            payable: t[7],
        };
        let mut tiered = vec![None; cat.heads.len()];
        for o in &cat.offers {
            if let Offer::Tiers { tiers, .. } = &o.offer {
                tiered[o.promo.get()] = Some(tiers.len());
            }
        }
        let mut promotions: Vec<PromotionSummary> = (0..cat.heads.len())
            .map(|k| {
                let p = PromoId::new(k);
                let sums = self.promotions.remove(&p).unwrap_or_default();
                let tiers = tiered[k].map(|n| {
                    let mut t = sums.tiers.clone();
                    t.resize(n, 0);
                    t
                });
                PromotionSummary {
                    promotion: cat.heads[k].id.to_string(),
                    applied: sums.applied,
                    amount: sums.amount,
                    reasons: Reason::ALL
                        .iter()
                        .zip(sums.reasons)
                        .filter(|&(_, n)| n > 0)
                        .map(|(&r, n)| (r, n))
                        .collect(),
                    tiers,
                    near_misses: sums.near_misses,
                }
            })
            .collect();
        promotions.sort_by(|a, b| a.promotion.cmp(&b.promotion));
        let mut shops = Vec::with_capacity(self.shops.len());
        let mut histograms = Vec::with_capacity(self.shops.len());
        for (name, s) in self.shops {
            let average_original = s.original.average(s.carts);
            shops.push(ShopSummary {
                shop: name.to_string(),
                carts: s.carts,
                original: s.original,
                payable: s.payable,
                average_original,
                average_payable: s.payable.average(s.carts),
            });
            histograms.push(Histogram {
                shop: name.to_string(),
                carts: s.histogram.into_iter().collect(),
                thresholds: thresholds(self.engine, &name),
                average_original,
            });
        }
        self.payables.sort_unstable();
        let n = self.payables.len();
        let payable_deciles = if n == 0 {
            Vec::new()
        } else {
            // Nearest rank: the ⌈k × n / 10⌉-th smallest, k = 1 … 9.
            (1..=9u128)
                .map(|k| {
                    let rank = (k * n as u128).div_ceil(10) as usize;
                    Amount::total(self.payables[rank - 1])
                })
                .collect()
        };
        SimulationReport {
            carts: self.carts,
            bad_lines: BadLines {
                count: self.bad_count,
                first: self.bad_first,
            },
            totals,
            shops,
            promotions,
            payable_deciles,
            histograms,
        }
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
    /// Per shop of the carts, by name (byte order).
    pub shops: Vec<ShopSummary>,
    /// Per promotion of the rules file, by id (byte order).
    pub promotions: Vec<PromotionSummary>,
    /// For k = 1 … 9, the smallest payable that at least k × 10 % of the
    /// priced carts pay or less (nearest rank); empty when no cart was priced.
    pub payable_deciles: Vec<Amount>,
    /// Per shop, the carts by original, for the picture (not in the JSON).
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

/// One line that was not priced, and why.
///
/// ```
/// let b = youhui::simulate::BadLine { line: 18, error: "cart file: …".into() };
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"line":18,"error":"cart file: …"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BadLine {
    /// Its number, from 1.
    pub line: u64,
    /// What `price` would have said.
    pub error: String,
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
    pub shipping: Sum,
    pub payable: Sum,
}

/// One shop of the report.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
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

/// A shop's carts by their original amount, in ¥1 buckets, with the
/// `min_amount` tiers of its offers: what `--plot` draws.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[
/// #   {"id":"mj","type":"threshold","shop":"tea","tiers":[{"min_amount":"100","amount_off":"10"}]}]}"#).unwrap()).unwrap();
/// # let mut sim = youhui::Simulation::new(&engine);
/// # sim.add_line(1, r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"k","unit_price":"10.50","quantity":1}]}"#).unwrap();
/// let h = &sim.finish().histograms[0];
/// assert_eq!(h.carts, [(10, 1)]); // one cart in [¥10, ¥11)
/// assert_eq!(h.thresholds[0].to_string(), "100.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    /// The shop.
    pub shop: String,
    /// (whole yuan, carts whose original at the shop is in `[yuan, yuan + 1)`), by yuan.
    pub carts: Vec<(i64, u64)>,
    /// The `min_amount` tiers of the shop's threshold offers, lowest first.
    pub thresholds: Vec<Amount>,
    /// The shop's average original (客单价).
    pub average_original: Sum,
}

impl SimulationReport {
    /// A `check --shop-facts` file's content: each shop's `average_order_value`
    /// is its `average_original` (shops whose average is zero, or above
    /// [`Amount::MAX`], are left out: the facts file could not hold them).
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
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
            ("shipping", t.shipping, "+"),
            ("payable", t.payable, " "),
        ] {
            let _ = writeln!(o, "  {}{sign}{:>16}", pad(label, 26), v.to_string());
        }
        if !self.shops.is_empty() {
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

/// One line of a JSON Lines input: its number and its text, or why it cannot be read.
pub type NumberedLine = (u64, Result<String, String>);

/// The lines of a JSON Lines input (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)): numbered from 1, every line
/// counted; a final `\r` dropped; empty lines skipped. A line longer than
/// [`MAX_FILE_BYTES`] is skipped without being held in memory, and is given as
/// an error, as is a line that is not UTF-8.
///
/// ```
/// let input: &[u8] = b"{\"a\":1}\r\n\n\xff\n";
/// let lines: Vec<_> = youhui::simulate::lines(input).collect::<Result<_, _>>().unwrap();
/// assert_eq!(lines[0], (1, Ok("{\"a\":1}".to_string())));
/// assert_eq!(lines[1].0, 3); // line 2 is empty
/// assert!(lines[1].1.as_ref().unwrap_err().contains("UTF-8"));
/// ```
pub fn lines<R: BufRead>(reader: R) -> Lines<R> {
    Lines {
        reader,
        number: 0,
        buf: Vec::new(),
    }
}

/// The iterator of [`lines`]; an I/O error ends it.
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    number: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<NumberedLine>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            let mut too_long = false;
            let mut any = false;
            // Read up to the newline, keeping at most MAX_FILE_BYTES + 1 bytes.
            loop {
                let chunk = match self.reader.fill_buf() {
                    Ok(c) => c,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Some(Err(e)),
                };
                if chunk.is_empty() {
                    break;
                }
                any = true;
                let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(at) => (&chunk[..at], Some(at + 1)),
                    None => (chunk, None),
                };
                if !too_long {
                    let room = (MAX_FILE_BYTES + 1).saturating_sub(self.buf.len());
                    self.buf.extend_from_slice(&part[..part.len().min(room)]);
                    too_long = self.buf.len() > MAX_FILE_BYTES;
                }
                let used = done.unwrap_or(chunk.len());
                self.reader.consume(used);
                if done.is_some() {
                    break;
                }
            }
            if !any {
                return None;
            }
            self.number += 1;
            if too_long {
                return Some(Ok((
                    self.number,
                    Err(format!(
                        "the line is longer than the limit of {MAX_FILE_BYTES} bytes"
                    )),
                )));
            }
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
            if self.buf.is_empty() {
                continue;
            }
            let bytes = std::mem::take(&mut self.buf);
            return Some(Ok((
                self.number,
                String::from_utf8(bytes).map_err(|e| {
                    format!(
                        "the line is not UTF-8 (byte {} is not)",
                        e.utf8_error().valid_up_to()
                    )
                }),
            )));
        }
    }
}
