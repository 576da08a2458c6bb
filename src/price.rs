//! [`Engine::price`]: the five stages, coupon selection, reasons and hints.

use std::collections::{HashMap, HashSet};

use crate::engine::{CouponOff, Engine, ItemBenefit, Kind, Offer, Promo, ShopIndex, TierOff};
use crate::error::{clipped, quoted, Error};
use crate::limits;
use crate::model::{Cart, CouponSelection, Lifecycle, Stage, ThresholdBase};
use crate::money::{self, Amount, Fen};
use crate::quote::{
    Applied, Discount, GiftOut, Hint, NotApplied, Quote, QuoteLine, QuoteShop, Reason, Totals,
};
use crate::search;

type Miss = (Reason, String);

/// A coupon (or rebate) that took something: its lines, each line's share, the sum.
#[derive(Clone, Debug)]
struct Hit {
    promo: usize,
    lines: Vec<usize>,
    shares: Vec<Fen>,
    taken: Fen,
}

/// What one shop's stages 3 and 4 come to for one choice of shop coupon.
#[derive(Clone, Debug)]
struct ShopPlan {
    coupon: Option<Hit>,
    rebate: Option<Hit>,
    rebate_notes: Vec<(usize, Reason, String)>,
    /// Running amounts of the shop's lines after stage 4, in the shop's line order.
    run4: Vec<Fen>,
}

struct ShopCtx<'a> {
    name: &'a str,
    lines: Vec<usize>,
    shipping: Fen,
    index: Option<&'a ShopIndex>,
}

/// Finds a shop of the cart by name: a scan while the cart has few shops, a map after.
#[derive(Default)]
struct ShopLookup<'a> {
    map: HashMap<&'a str, usize>,
}

impl<'a> ShopLookup<'a> {
    const SCAN: usize = 16;

    fn get(&self, shops: &[ShopCtx<'a>], name: &str) -> Option<usize> {
        if shops.len() <= Self::SCAN {
            shops.iter().position(|s| s.name == name)
        } else {
            self.map.get(name).copied()
        }
    }

    /// Call after pushing a shop.
    fn added(&mut self, shops: &[ShopCtx<'a>]) {
        if shops.len() == Self::SCAN + 1 {
            self.map
                .extend(shops.iter().enumerate().map(|(k, s)| (s.name, k)));
        } else if shops.len() > Self::SCAN + 1 {
            let k = shops.len() - 1;
            self.map.insert(shops[k].name, k);
        }
    }
}

struct Ctx<'a> {
    e: &'a Engine,
    cart: &'a Cart,
    unit: Vec<Fen>,
    qty: Vec<i64>,
    orig: Vec<Fen>,
    shops: Vec<ShopCtx<'a>>,
    held: HashSet<usize>,
    /// `now` as (month, day) in UTC+08:00.
    today: (i8, i8),
    parallel: bool,
}

/// Everything recorded while pricing, turned into the quote at the end.
#[derive(Default)]
struct Record {
    /// Per line: (stage, promotion, share).
    discounts: Vec<Vec<(Stage, usize, Fen)>>,
    /// (promotion, shop index or none, amount taken).
    applied: Vec<(usize, Option<usize>, Fen)>,
    notes: Vec<(usize, Reason, String)>,
}

impl Engine {
    /// Prices a cart: what each line pays after all five stages, and why.
    ///
    /// Rules were checked by [`Engine::new`]; this checks only the cart. The same
    /// cart always gives the same quote, whatever the order of its lines and held
    /// coupons (the output keeps the cart's order).
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
    pub fn price(&self, cart: &Cart) -> Result<Quote, Error> {
        let ctx = Ctx::new(self, cart)?;
        Ok(ctx.run())
    }
}

fn line_at(cart: &Cart, i: usize) -> String {
    format!("line {}", quoted(&cart.lines[i].id))
}

impl<'a> Ctx<'a> {
    fn new(e: &'a Engine, cart: &'a Cart) -> Result<Ctx<'a>, Error> {
        if cart.lines.len() > limits::MAX_LINES {
            return Err(Error::limit(
                "cart file, lines",
                format!(
                    "{} lines; the limit is {}",
                    cart.lines.len(),
                    limits::MAX_LINES
                ),
            ));
        }
        if cart.coupons.len() > limits::MAX_HELD_COUPONS {
            return Err(Error::limit(
                "cart file, coupons",
                format!(
                    "{} held coupons; the limit is {}",
                    cart.coupons.len(),
                    limits::MAX_HELD_COUPONS
                ),
            ));
        }
        // Every other name and map of the cart is bounded too.
        let c = &cart.customer;
        for (field, text) in [("customer.id", &c.id), ("customer.segment", &c.segment)] {
            if text.as_ref().is_some_and(|t| t.len() > limits::MAX_TEXT) {
                return Err(Error::limit(
                    format!("cart file, {field}"),
                    format!("longer than {} bytes", limits::MAX_TEXT),
                ));
            }
        }
        let maps: [(&str, Vec<&String>); 3] = [
            ("shipping", cart.shipping.keys().collect()),
            ("customer.orders", c.orders.keys().collect()),
            (
                "customer.rebate_balances",
                c.rebate_balances.keys().collect(),
            ),
        ];
        for (field, keys) in maps {
            if keys.len() > limits::MAX_LIST {
                return Err(Error::limit(
                    format!("cart file, {field}"),
                    format!("{} entries; the limit is {}", keys.len(), limits::MAX_LIST),
                ));
            }
            if let Some(k) = keys.iter().find(|k| k.len() > limits::MAX_TEXT) {
                return Err(Error::limit(
                    format!("cart file, {field}"),
                    format!(
                        "the shop name {} is longer than {} bytes",
                        quoted(k),
                        limits::MAX_TEXT
                    ),
                ));
            }
        }
        let n = cart.lines.len();
        let mut ids: Vec<(&str, usize)> = Vec::with_capacity(n);
        let mut unit = Vec::with_capacity(n);
        let mut qty = Vec::with_capacity(n);
        let mut orig = Vec::with_capacity(n);
        let mut shops: Vec<ShopCtx<'a>> = Vec::new();
        let mut shop_ix = ShopLookup::default();
        for (i, l) in cart.lines.iter().enumerate() {
            let text = |field: &str, s: &str| -> Result<(), Error> {
                if !s.is_empty() && s.len() <= limits::MAX_TEXT {
                    return Ok(());
                }
                // Only now, on the error path, is the location worth formatting.
                let at = if l.id.is_empty() || field == "id" {
                    format!("cart file, lines[{i}]")
                } else {
                    line_at(cart, i)
                };
                Err(if s.is_empty() {
                    Error::cart(at, format!("{field} is empty"))
                } else {
                    Error::limit(
                        at,
                        format!("{field} is longer than {} bytes", limits::MAX_TEXT),
                    )
                })
            };
            text("id", &l.id)?;
            text("shop", &l.shop)?;
            text("sku", &l.sku)?;
            if let Some(c) = &l.category {
                text("category", c)?;
            }
            ids.push((&l.id, i));
            if !(1..=limits::MAX_QUANTITY).contains(&l.quantity) {
                return Err(Error::cart(
                    line_at(cart, i),
                    format!(
                        "quantity {} must be from 1 to {}",
                        l.quantity,
                        limits::MAX_QUANTITY
                    ),
                ));
            }
            unit.push(l.unit_price.fen());
            qty.push(i64::from(l.quantity));
            orig.push(l.unit_price.fen() * i64::from(l.quantity));
            let s = match shop_ix.get(&shops, &l.shop) {
                Some(s) => s,
                None => {
                    shops.push(ShopCtx {
                        name: &l.shop,
                        lines: Vec::new(),
                        shipping: 0,
                        index: e.shops.get(&l.shop),
                    });
                    shop_ix.added(&shops);
                    shops.len() - 1
                }
            };
            shops[s].lines.push(i);
        }
        // Line ids are unique: sorted, a repeat sits next to its first use.
        ids.sort_unstable();
        if let Some(w) = ids.windows(2).find(|w| w[0].0 == w[1].0) {
            let (j, i) = (w[0].1, w[1].1);
            return Err(Error::cart(
                line_at(cart, i),
                format!("line id is used twice, by lines[{j}] and lines[{i}]"),
            ));
        }
        for (shop, fee) in &cart.shipping {
            match shop_ix.get(&shops, shop) {
                Some(s) => shops[s].shipping = fee.fen(),
                None => {
                    return Err(Error::cart(
                        format!("cart file, shipping.{}", clipped(shop)),
                        format!(
                            "shipping names shop {}, which has no line in the cart",
                            quoted(shop)
                        ),
                    ))
                }
            }
        }
        let mut held = HashSet::with_capacity(cart.coupons.len());
        for (k, c) in cart.coupons.iter().enumerate() {
            let at = format!("cart file, coupons[{k}]");
            match e.by_id.get(c.as_str()) {
                Some(&p)
                    if matches!(
                        e.promos[p].stage,
                        Stage::ShopCoupon | Stage::PlatformCoupon
                    ) =>
                {
                    if !held.insert(p) {
                        return Err(Error::cart(at, format!("coupon {} is listed twice", quoted(c))));
                    }
                }
                Some(&p) => {
                    return Err(Error::cart(
                        at,
                        format!(
                            "{} is a {}, not a coupon; only shop_coupon and platform_coupon ids can be held",
                            quoted(c),
                            e.promos[p].stage.as_str()
                        ),
                    ))
                }
                None => {
                    return Err(Error::cart(
                        at,
                        format!("{} names no coupon promotion of the rules file", quoted(c)),
                    ))
                }
            }
        }
        if cart.coupon_selection == CouponSelection::Best {
            // Every shop may use one of its held coupons or none, and the cart one
            // platform coupon or none: bound the combinations `best` tries.
            let mut per_shop = vec![1u64; shops.len()];
            let mut combos = 1u64;
            for &p in &held {
                match e.promos[p]
                    .shop
                    .as_deref()
                    .and_then(|s| shop_ix.get(&shops, s))
                {
                    Some(s) => per_shop[s] += 1,
                    None if e.promos[p].shop.is_none() => combos += 1,
                    None => {}
                }
            }
            let total = per_shop.iter().try_fold(combos, |a, &b| a.checked_mul(b));
            if total.is_none_or(|t| t > limits::MAX_COMBINATIONS) {
                return Err(Error::limit(
                    "cart file, coupons",
                    format!(
                        "the held coupons make more than {} combinations for \"best\" to try; hold fewer coupons or use \"as_given\"",
                        limits::MAX_COMBINATIONS
                    ),
                ));
            }
        }
        if let Some(b) = &cart.customer.birthday {
            parse_birthday(b).ok_or_else(|| {
                Error::cart(
                    "cart file, customer.birthday",
                    format!(
                        "birthday {b:?} is not a calendar day written \"MM-DD\" (like \"11-11\")"
                    ),
                )
            })?;
        }
        let z = cart
            .now
            .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)));
        Ok(Ctx {
            e,
            cart,
            unit,
            qty,
            orig,
            shops,
            held,
            today: (z.month(), z.day()),
            parallel: e.settings.threshold_base == ThresholdBase::Parallel,
        })
    }

    fn promo(&self, p: usize) -> &'a Promo {
        &self.e.promos[p]
    }

    fn rounding(&self) -> money::Rounding {
        self.e.settings.rounding
    }

    /// `not_in_window` and `audience_mismatch`: what holds whatever the cart's lines.
    fn gate(&self, p: &Promo) -> Result<(), Miss> {
        let now = self.cart.now;
        if let Some(f) = p.from {
            if now < f {
                return Err((Reason::NotInWindow, format!("starts at {}", show_time(f))));
            }
        }
        if let Some(u) = p.until {
            if now >= u {
                return Err((Reason::NotInWindow, format!("ended at {}", show_time(u))));
            }
        }
        self.audience(p).map_err(|m| (Reason::AudienceMismatch, m))
    }

    fn audience(&self, p: &Promo) -> Result<(), String> {
        let a = &p.audience;
        if a.is_everyone() {
            return Ok(());
        }
        let c = &self.cart.customer;
        if a.new_customer {
            let earlier = match &p.shop {
                Some(s) => c.orders.get(s).copied().unwrap_or(0),
                None => c.orders.values().copied().fold(0u64, u64::saturating_add),
            };
            if earlier > 0 {
                return Err(match &p.shop {
                    Some(s) => format!("for new customers only; the customer has {earlier} earlier orders at {s:?}"),
                    None => format!("for new customers only; the customer has {earlier} earlier orders"),
                });
            }
        }
        if let Some(n) = a.min_member_tier {
            let t = c.member_tier.unwrap_or(0);
            if t < n {
                return Err(format!(
                    "for member tier {n} and above; the customer's tier is {t}"
                ));
            }
        }
        if let Some(segs) = &a.segments {
            match &c.segment {
                Some(s) if segs.contains(s) => {}
                Some(s) => {
                    return Err(format!(
                        "for other segments; the customer is in segment {s:?}"
                    ))
                }
                None => return Err("for some segments; the customer has no segment".into()),
            }
        }
        if let Some(states) = &a.lifecycle {
            let Some(last) = c.last_order_at else {
                return Err("for a lifecycle state; the customer has no last_order_at".into());
            };
            let state = lifecycle(self.cart.now.duration_since(last));
            if !states.contains(&state) {
                return Err(format!(
                    "for lifecycle {}; the customer is {}",
                    states
                        .iter()
                        .map(|s| lifecycle_name(*s))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    lifecycle_name(state)
                ));
            }
        }
        if a.birthday {
            let ok = c
                .birthday
                .as_deref()
                .and_then(parse_birthday)
                .is_some_and(|md| md == self.today);
            if !ok {
                return Err("for the customer's birthday, which is not today (UTC+08:00)".into());
            }
        }
        Ok(())
    }

    /// The cart lines in a promotion's scope, in cart order.
    fn scope_lines(&self, p: &Promo, shop: Option<&ShopCtx>) -> Vec<usize> {
        match shop {
            Some(s) => s
                .lines
                .iter()
                .copied()
                .filter(|&i| p.scope.matches(&self.cart.lines[i]))
                .collect(),
            None => (0..self.cart.lines.len())
                .filter(|&i| p.scope.matches(&self.cart.lines[i]))
                .collect(),
        }
    }

    fn run(self) -> Quote {
        let n = self.cart.lines.len();
        let mut rec = Record {
            discounts: vec![Vec::new(); n],
            ..Record::default()
        };
        // Stage 1: item discounts, line by line.
        let mut running = self.orig.clone();
        self.item_stage(&mut rec, &mut running);
        let reference = running.clone();
        // Stage 2: threshold offers, shop by shop.
        let mut shipping: Vec<Fen> = self.shops.iter().map(|s| s.shipping).collect();
        let mut gifts: Vec<Vec<GiftOut>> = vec![Vec::new(); self.shops.len()];
        for s in 0..self.shops.len() {
            self.threshold_stage(
                s,
                &mut rec,
                &reference,
                &mut running,
                &mut shipping,
                &mut gifts,
            );
        }
        let run2 = running;
        // Stages 3–5: coupons and rebates, by the cart's coupon selection.
        let (plans, platform) = match self.cart.coupon_selection {
            CouponSelection::AsGiven => self.as_given(&mut rec, &reference, &run2),
            CouponSelection::Best => self.best(&mut rec, &reference, &run2),
        };
        // Apply the plans.
        let mut running = run2.clone();
        for (s, plan) in plans.iter().enumerate() {
            for hit in plan.coupon.iter().chain(plan.rebate.iter()) {
                let stage = self.promo(hit.promo).stage;
                for (&i, &sh) in hit.lines.iter().zip(&hit.shares) {
                    running[i] -= sh;
                    if sh > 0 {
                        rec.discounts[i].push((stage, hit.promo, sh));
                    }
                }
                rec.applied.push((hit.promo, Some(s), hit.taken));
            }
            rec.notes.extend(plan.rebate_notes.iter().cloned());
        }
        let run4 = running.clone();
        if let Some(hit) = &platform {
            for (&i, &sh) in hit.lines.iter().zip(&hit.shares) {
                running[i] -= sh;
                if sh > 0 {
                    rec.discounts[i].push((Stage::PlatformCoupon, hit.promo, sh));
                }
            }
            rec.applied.push((hit.promo, None, hit.taken));
        }
        let hints = self.hints(&reference, &run2, &run4);
        self.quote(rec, &running, &plans, &shipping, gifts, hints)
    }

    fn item_stage(&self, rec: &mut Record, running: &mut [Fen]) {
        for (s, shop) in self.shops.iter().enumerate() {
            let Some(ix) = shop.index else { continue };
            // Best (reduction, promotion) per line of this shop; reasons per promotion.
            let mut best: Vec<Option<(Fen, usize)>> = vec![None; shop.lines.len()];
            let mut worst: Vec<(usize, Option<Miss>)> = Vec::new();
            for &p in &ix.item {
                let promo = self.promo(p);
                if let Err(m) = self.gate(promo) {
                    rec.notes.push((p, m.0, m.1));
                    continue;
                }
                let Kind::Item { benefit, max_units } = promo.kind else {
                    continue;
                };
                let mut any = false;
                let mut miss: Option<Miss> = None;
                for (k, &i) in shop.lines.iter().enumerate() {
                    if !promo.scope.matches(&self.cart.lines[i]) {
                        continue;
                    }
                    any = true;
                    match self.item_reduction(i, benefit, max_units) {
                        Ok(r) => {
                            if best[k].is_none_or(|(b, _)| r > b) {
                                best[k] = Some((r, p));
                            }
                        }
                        Err(m) => {
                            if miss.as_ref().is_none_or(|w| m.0 < w.0) {
                                miss = Some(m);
                            }
                        }
                    }
                }
                if !any {
                    rec.notes.push((p, Reason::OutOfScope, out_of_scope(promo)));
                    continue;
                }
                worst.push((p, miss));
            }
            let mut used: HashMap<usize, Fen> = HashMap::new();
            for (k, &i) in shop.lines.iter().enumerate() {
                if let Some((r, p)) = best[k] {
                    running[i] -= r;
                    rec.discounts[i].push((Stage::ItemDiscount, p, r));
                    *used.entry(p).or_default() += r;
                }
            }
            for (p, miss) in worst {
                match used.get(&p) {
                    Some(&r) => rec.applied.push((p, Some(s), r)),
                    None => {
                        let (reason, msg) = miss.unwrap_or((
                            Reason::Outranked,
                            "another item discount gives each of its lines a larger reduction"
                                .into(),
                        ));
                        rec.notes.push((p, reason, msg));
                    }
                }
            }
        }
    }

    /// The line reduction of an item discount, or why it does not apply to the line.
    fn item_reduction(
        &self,
        i: usize,
        b: ItemBenefit,
        max_units: Option<u32>,
    ) -> Result<Fen, Miss> {
        let unit = self.unit[i];
        let new = match b {
            ItemBenefit::Fold(f) => money::fold_price(unit, f, self.rounding()),
            ItemBenefit::AmountOff(a) => unit - a,
            ItemBenefit::Fixed(p) => p,
        };
        let id = &self.cart.lines[i].id;
        if new < money::UNIT_FLOOR || money::below_tenth_fold(new, unit) {
            return Err((
                Reason::BelowPriceFloor,
                format!(
                    "line {id:?}: the new unit price {} would be below the floor ({} = max(1.00, 0.1折 of {}))",
                    show_signed(new),
                    Amount::total(money::unit_floor(unit)),
                    Amount::total(unit)
                ),
            ));
        }
        if new >= unit {
            return Err((
                Reason::NoReduction,
                format!(
                    "line {id:?}: the new unit price {} is not below {}",
                    Amount::total(new),
                    Amount::total(unit)
                ),
            ));
        }
        let units = max_units.map_or(self.qty[i], |m| self.qty[i].min(i64::from(m)));
        Ok((unit - new) * units)
    }

    fn threshold_stage(
        &self,
        s: usize,
        rec: &mut Record,
        reference: &[Fen],
        running: &mut [Fen],
        shipping: &mut [Fen],
        gifts: &mut [Vec<GiftOut>],
    ) {
        let shop = &self.shops[s];
        let Some(ix) = shop.index else { return };
        // (value, promotion, hit, tier)
        let mut best: Option<(i128, usize, Hit, Option<usize>)> = None;
        let mut losers = Vec::new();
        for &p in &ix.threshold {
            let promo = self.promo(p);
            let outcome = self.gate(promo).and_then(|()| {
                let lines = self.scope_lines(promo, Some(shop));
                if lines.is_empty() {
                    return Err((Reason::OutOfScope, out_of_scope(promo)));
                }
                self.offer(promo, p, lines, shop.shipping, reference, running)
            });
            match outcome {
                Err(m) => rec.notes.push((p, m.0, m.1)),
                Ok((value, hit, tier)) => {
                    if best.as_ref().is_none_or(|b| value > b.0) {
                        if let Some(old) = best.replace((value, p, hit, tier)) {
                            losers.push(old.1);
                        }
                    } else {
                        losers.push(p);
                    }
                }
            }
        }
        let Some((_, p, hit, tier)) = best else {
            return;
        };
        for l in losers {
            rec.notes.push((
                l,
                Reason::Outranked,
                format!(
                    "the threshold offer {:?} is worth more to this shop",
                    self.promo(p).id
                ),
            ));
        }
        for (&i, &sh) in hit.lines.iter().zip(&hit.shares) {
            running[i] -= sh;
            if sh > 0 {
                rec.discounts[i].push((Stage::Threshold, p, sh));
            }
        }
        if let (Kind::Threshold(Offer::Tiers { tiers, .. }), Some(t)) = (&self.promo(p).kind, tier)
        {
            let t = &tiers[t];
            if t.free_shipping {
                shipping[s] = 0;
            }
            gifts[s] = t.gifts.clone();
        }
        rec.applied.push((p, Some(s), hit.taken));
    }

    /// A threshold offer on its lines: (value, allocation, tier met).
    fn offer(
        &self,
        promo: &Promo,
        p: usize,
        lines: Vec<usize>,
        ship: Fen,
        reference: &[Fen],
        running: &[Fen],
    ) -> Result<(i128, Hit, Option<usize>), Miss> {
        let Kind::Threshold(offer) = &promo.kind else {
            return Err((Reason::NoReduction, String::new()));
        };
        // At stage 2 the running amounts are the reference amounts under both settings.
        let weights: Vec<Fen> = lines.iter().map(|&i| reference[i]).collect();
        let base: Fen = weights.iter().sum();
        let units: i64 = lines.iter().map(|&i| self.qty[i]).sum();
        let (red, tier) = self.offer_reduction(offer, base, units).map_err(|lowest| {
            (
                Reason::ThresholdNotMet,
                match offer {
                    Offer::Tiers { by_units: true, .. } => {
                        format!("{units} units in scope; the lowest tier needs {lowest}")
                    }
                    _ => format!(
                        "the base {} is below the lowest threshold {}",
                        Amount::total(base),
                        Amount::total(lowest)
                    ),
                },
            )
        })?;
        let (waived, gift_value, has_gifts) = match (offer, tier) {
            (Offer::Tiers { tiers, .. }, Some(t)) => (
                if tiers[t].free_shipping { ship } else { 0 },
                tiers[t].gift_value,
                !tiers[t].gifts.is_empty(),
            ),
            _ => (0, 0, false),
        };
        let mut shares = Vec::new();
        money::allocate(red, &weights, &mut shares);
        let left: Vec<Fen> = lines.iter().map(|&i| running[i]).collect();
        let taken = money::cut(&mut shares, &left);
        if taken == 0 && waived == 0 && !has_gifts {
            return Err((
                Reason::NoReduction,
                "the tier met takes nothing off and waives no shipping".into(),
            ));
        }
        let value = i128::from(taken) + i128::from(waived) + gift_value;
        Ok((
            value,
            Hit {
                promo: p,
                lines,
                shares,
                taken,
            },
            tier,
        ))
    }

    /// The reduction of an offer at `base` (and `units`), and the tier met; or the lowest condition.
    fn offer_reduction(
        &self,
        offer: &Offer,
        base: Fen,
        units: i64,
    ) -> Result<(Fen, Option<usize>), i64> {
        match offer {
            Offer::Every { x, y, max_off } => {
                let k = base / x;
                if k == 0 {
                    return Err(*x);
                }
                let r = (k * y).min(max_off.unwrap_or(Fen::MAX)).min(base);
                Ok((r, None))
            }
            Offer::Tiers { by_units, tiers } => {
                let have = if *by_units { units } else { base };
                let Some(t) = tiers.iter().rposition(|t| have >= t.min) else {
                    return Err(tiers[0].min);
                };
                let r = match tiers[t].off {
                    None => 0,
                    Some(TierOff::Amount(a)) => a.min(base),
                    Some(TierOff::Fold(f)) => money::fold_reduction(base, f, self.rounding()),
                };
                Ok((r, Some(t)))
            }
        }
    }

    /// A coupon on its lines: the base, the reduction, the allocation and the parallel cut.
    fn coupon(
        &self,
        p: usize,
        lines: Vec<usize>,
        reference: &[Fen],
        running: &[Fen],
    ) -> Result<Hit, Miss> {
        let promo = self.promo(p);
        let Kind::Coupon { min_amount, off } = promo.kind else {
            return Err((Reason::NoReduction, String::new()));
        };
        let weights: Vec<Fen> = lines
            .iter()
            .map(|&i| {
                if self.parallel {
                    reference[i]
                } else {
                    running[i]
                }
            })
            .collect();
        let base: Fen = weights.iter().sum();
        if base < min_amount {
            return Err((
                Reason::ThresholdNotMet,
                format!(
                    "the base {} is below min_amount {}",
                    Amount::total(base),
                    Amount::total(min_amount)
                ),
            ));
        }
        let red = self.coupon_reduction(off, base);
        if red == 0 {
            return Err((
                Reason::NoReduction,
                format!("it takes nothing off a base of {}", Amount::total(base)),
            ));
        }
        let mut shares = Vec::new();
        money::allocate(red, &weights, &mut shares);
        let left: Vec<Fen> = lines.iter().map(|&i| running[i]).collect();
        let taken = money::cut(&mut shares, &left);
        if taken == 0 {
            return Err((
                Reason::NoReduction,
                "its lines have nothing left to take off".into(),
            ));
        }
        Ok(Hit {
            promo: p,
            lines,
            shares,
            taken,
        })
    }

    fn coupon_reduction(&self, off: CouponOff, base: Fen) -> Fen {
        match off {
            CouponOff::Amount(a) => a.min(base),
            CouponOff::Fold(f, max) => {
                money::fold_reduction(base, f, self.rounding()).min(max.unwrap_or(Fen::MAX))
            }
        }
    }

    /// Stage 3 with `coupon` (already allocated), then stage 4, for shop `s`.
    fn plan(&self, s: usize, coupon: Option<Hit>, run2: &[Fen]) -> ShopPlan {
        let shop = &self.shops[s];
        let mut running = run2.to_vec();
        if let Some(h) = &coupon {
            for (&i, &sh) in h.lines.iter().zip(&h.shares) {
                running[i] -= sh;
            }
        }
        let (rebate, rebate_notes) = self.rebate(s, &running);
        if let Some(h) = &rebate {
            for (&i, &sh) in h.lines.iter().zip(&h.shares) {
                running[i] -= sh;
            }
        }
        ShopPlan {
            coupon,
            rebate,
            rebate_notes,
            run4: shop.lines.iter().map(|&i| running[i]).collect(),
        }
    }

    /// Stage 4 for shop `s` on the running amounts after its stage 3.
    fn rebate(&self, s: usize, running: &[Fen]) -> (Option<Hit>, Vec<(usize, Reason, String)>) {
        let shop = &self.shops[s];
        let mut notes = Vec::new();
        let Some(ix) = shop.index else {
            return (None, notes);
        };
        let balance = self
            .cart
            .customer
            .rebate_balances
            .get(shop.name)
            .map_or(0, |a| a.fen());
        let mut best: Option<(Fen, usize, Vec<usize>)> = None;
        let mut losers = Vec::new();
        for &p in &ix.rebate {
            let promo = self.promo(p);
            let Kind::Rebate {
                max_ratio,
                min_amount,
                ..
            } = promo.kind
            else {
                continue;
            };
            let outcome = self.gate(promo).and_then(|()| {
                let lines = self.scope_lines(promo, Some(shop));
                if lines.is_empty() {
                    return Err((Reason::OutOfScope, out_of_scope(promo)));
                }
                let base: Fen = lines.iter().map(|&i| running[i]).sum();
                if base < min_amount {
                    return Err((
                        Reason::ThresholdNotMet,
                        format!(
                            "the base {} is below min_amount {}",
                            Amount::total(base),
                            Amount::total(min_amount)
                        ),
                    ));
                }
                let cap = money::ratio_floor(base, max_ratio);
                if cap == 0 {
                    return Err((
                        Reason::NoReduction,
                        format!(
                            "{max_ratio} of the base {} is less than a fen",
                            Amount::total(base)
                        ),
                    ));
                }
                if balance == 0 {
                    return Err((
                        Reason::NoBalance,
                        format!("the customer has no rebate credit at {:?}", shop.name),
                    ));
                }
                if !self.cart.use_rebate {
                    return Err((Reason::Declined, "the cart has use_rebate: false".into()));
                }
                Ok((cap.min(balance), lines))
            });
            match outcome {
                Err(m) => notes.push((p, m.0, m.1)),
                Ok((used, lines)) => {
                    if best.as_ref().is_none_or(|b| used > b.0) {
                        if let Some(old) = best.replace((used, p, lines)) {
                            losers.push(old.1);
                        }
                    } else {
                        losers.push(p);
                    }
                }
            }
        }
        let Some((used, p, lines)) = best else {
            return (None, notes);
        };
        for l in losers {
            notes.push((
                l,
                Reason::Outranked,
                format!(
                    "the rebate program {:?} lets the customer use more",
                    self.promo(p).id
                ),
            ));
        }
        let weights: Vec<Fen> = lines.iter().map(|&i| running[i]).collect();
        let mut shares = Vec::new();
        money::allocate(used, &weights, &mut shares);
        (
            Some(Hit {
                promo: p,
                lines,
                shares,
                taken: used,
            }),
            notes,
        )
    }

    /// Shop coupons of shop `s` that pass the gate and have lines; notes for the others.
    fn shop_coupon_candidates(&self, s: usize, rec: &mut Record) -> Vec<(usize, Vec<usize>)> {
        let shop = &self.shops[s];
        let Some(ix) = shop.index else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &p in &ix.coupon {
            let promo = self.promo(p);
            match self.coupon_gate(promo, p, Some(shop)) {
                Ok(lines) => out.push((p, lines)),
                Err(m) => rec.notes.push((p, m.0, m.1)),
            }
        }
        out
    }

    fn coupon_gate(
        &self,
        promo: &Promo,
        p: usize,
        shop: Option<&ShopCtx>,
    ) -> Result<Vec<usize>, Miss> {
        self.gate(promo)?;
        if !self.held.contains(&p) {
            return Err((Reason::NotHeld, "the cart does not hold this coupon".into()));
        }
        let lines = self.scope_lines(promo, shop);
        if lines.is_empty() {
            return Err((Reason::OutOfScope, out_of_scope(promo)));
        }
        Ok(lines)
    }

    fn platform_candidates(&self, rec: &mut Record) -> Vec<(usize, Vec<usize>)> {
        let mut out = Vec::new();
        for &p in &self.e.platform {
            let promo = self.promo(p);
            match self.coupon_gate(promo, p, None) {
                Ok(lines) => out.push((p, lines)),
                Err(m) => rec.notes.push((p, m.0, m.1)),
            }
        }
        out
    }

    /// `"as_given"`: every held coupon that applies; of one type, the largest reduction.
    fn as_given(
        &self,
        rec: &mut Record,
        reference: &[Fen],
        run2: &[Fen],
    ) -> (Vec<ShopPlan>, Option<Hit>) {
        let mut plans = Vec::with_capacity(self.shops.len());
        for s in 0..self.shops.len() {
            let cands = self.shop_coupon_candidates(s, rec);
            let won = self.pick(cands, reference, run2, rec, "shop coupon");
            plans.push(self.plan(s, won, run2));
        }
        let run4 = assemble(&self.shops, &plans, run2);
        let cands = self.platform_candidates(rec);
        let won = self.pick(cands, reference, &run4, rec, "platform coupon");
        (plans, won)
    }

    /// Of several coupons of one type, the one that takes most (ties: smaller id, as sorted).
    fn pick(
        &self,
        cands: Vec<(usize, Vec<usize>)>,
        reference: &[Fen],
        running: &[Fen],
        rec: &mut Record,
        what: &str,
    ) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        let mut losers = Vec::new();
        for (p, lines) in cands {
            match self.coupon(p, lines, reference, running) {
                Err(m) => rec.notes.push((p, m.0, m.1)),
                Ok(h) => {
                    if best.as_ref().is_none_or(|b| h.taken > b.taken) {
                        if let Some(old) = best.replace(h) {
                            losers.push(old.promo);
                        }
                    } else {
                        losers.push(p);
                    }
                }
            }
        }
        if let Some(b) = &best {
            for l in losers {
                rec.notes.push((
                    l,
                    Reason::Outranked,
                    format!("the {what} {:?} takes more off", self.promo(b.promo).id),
                ));
            }
        }
        best
    }

    /// `"best"`: the combination of one coupon per shop and one platform coupon with
    /// the smallest payable (then less rebate, fewer coupons, smaller ids).
    ///
    /// Stages 3 and 4 of a shop depend only on that shop's coupon, so each shop's
    /// outcomes are computed once per coupon; every combination of them is then
    /// tried with every platform coupon.
    fn best(
        &self,
        rec: &mut Record,
        reference: &[Fen],
        run2: &[Fen],
    ) -> (Vec<ShopPlan>, Option<Hit>) {
        // Per shop: the plan without a coupon, then one per held coupon that applies.
        let mut options: Vec<Vec<ShopPlan>> = Vec::with_capacity(self.shops.len());
        for s in 0..self.shops.len() {
            let mut opts = vec![self.plan(s, None, run2)];
            for (p, lines) in self.shop_coupon_candidates(s, rec) {
                match self.coupon(p, lines, reference, run2) {
                    Ok(h) => opts.push(self.plan(s, Some(h), run2)),
                    Err(m) => rec.notes.push((p, m.0, m.1)),
                }
            }
            options.push(opts);
        }
        let platform = self.platform_candidates(rec);
        debug_assert!(
            options
                .iter()
                .map(|o| o.len() as u64)
                .try_fold(platform.len() as u64 + 1, |a, b| a.checked_mul(b))
                .is_some_and(|c| c <= limits::MAX_COMBINATIONS),
            "bounded in Ctx::new"
        );
        // Each shop option, summed up once.
        let summary: Vec<Vec<search::Opt>> = options
            .iter()
            .map(|opts| {
                opts.iter()
                    .enumerate()
                    .map(|(k, o)| search::Opt {
                        index: k,
                        pay: o.run4.iter().sum(),
                        rebate: o.rebate.as_ref().map_or(0, |h| h.taken),
                        id: o.coupon.as_ref().map(|h| self.promo(h.promo).id.as_str()),
                        val: 0,
                    })
                    .collect()
            })
            .collect();
        let mut best = search::without_platform(&summary);
        let n = self.cart.lines.len();
        let mut in_scope = vec![false; n];
        let mut share: Vec<Fen> = vec![0; n];
        let mut shares = Vec::new();
        for (pi, (p, lines)) in platform.iter().enumerate() {
            let promo = self.promo(*p);
            let Kind::Coupon { min_amount, off } = promo.kind else {
                continue;
            };
            in_scope.fill(false);
            for &i in lines {
                in_scope[i] = true;
            }
            let reduce = |b: Fen| self.coupon_reduction(off, b);
            let mode = if self.parallel {
                // Under parallel the reduction and its shares do not depend on the shops' choices.
                let weights: Vec<Fen> = lines.iter().map(|&i| reference[i]).collect();
                let base: Fen = weights.iter().sum();
                let red = if base < min_amount { 0 } else { reduce(base) };
                if red == 0 {
                    continue;
                }
                money::allocate(red, &weights, &mut shares);
                for (&i, &x) in lines.iter().zip(&shares) {
                    share[i] = x;
                }
                search::Platform::Parallel
            } else {
                search::Platform::Sequential {
                    min: min_amount,
                    reduce: &reduce,
                }
            };
            let with: Vec<Vec<search::Opt>> = summary
                .iter()
                .enumerate()
                .map(|(s, opts)| {
                    opts.iter()
                        .map(|o| {
                            let plan = &options[s][o.index];
                            let val = self.shops[s]
                                .lines
                                .iter()
                                .zip(&plan.run4)
                                .filter(|(i, _)| in_scope[**i])
                                .map(|(&i, &left)| {
                                    if self.parallel {
                                        share[i].min(left)
                                    } else {
                                        left
                                    }
                                })
                                .sum();
                            search::Opt { val, ..*o }
                        })
                        .collect()
                })
                .collect();
            search::with_platform(&with, pi, &promo.id, &mode, &mut best);
        }
        let choice = best.choice;
        let hit = best.platform.and_then(|pi| {
            let mut run4 = run2.to_vec();
            for (s, &c) in choice.iter().enumerate() {
                for (k, &i) in self.shops[s].lines.iter().enumerate() {
                    run4[i] = options[s][c].run4[k];
                }
            }
            let (p, lines) = &platform[pi];
            let hit = self.coupon(*p, lines.clone(), reference, &run4).ok();
            debug_assert!(
                hit.is_some(),
                "the search only chooses a platform coupon that applies"
            );
            hit
        });
        self.finish_best(rec, options, choice, hit, platform, reference, run2)
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_best(
        &self,
        rec: &mut Record,
        options: Vec<Vec<ShopPlan>>,
        choice: Vec<usize>,
        hit: Option<Hit>,
        platform: Vec<(usize, Vec<usize>)>,
        reference: &[Fen],
        run2: &[Fen],
    ) -> (Vec<ShopPlan>, Option<Hit>) {
        let mut plans = Vec::with_capacity(options.len());
        for (opts, c) in options.into_iter().zip(choice) {
            let chosen = opts[c].coupon.as_ref().map(|h| h.promo);
            for o in &opts {
                if let Some(h) = &o.coupon {
                    if Some(h.promo) != chosen {
                        rec.notes
                            .push((h.promo, Reason::NotChosen, not_chosen_msg(self, chosen)));
                    }
                }
            }
            plans.push(
                opts.into_iter()
                    .nth(c)
                    .expect("choice is an index of its options"),
            );
        }
        let run4 = assemble(&self.shops, &plans, run2);
        let chosen = hit.as_ref().map(|h| h.promo);
        for (p, lines) in platform {
            if Some(p) == chosen {
                continue;
            }
            match self.coupon(p, lines, reference, &run4) {
                Ok(_) => rec
                    .notes
                    .push((p, Reason::NotChosen, not_chosen_msg(self, chosen))),
                Err(m) => rec.notes.push((p, m.0, m.1)),
            }
        }
        (plans, hit)
    }

    fn hints(&self, reference: &[Fen], run2: &[Fen], run4: &[Fen]) -> Vec<(usize, Hint)> {
        let mut out = Vec::new();
        let sum = |lines: &[usize], v: &[Fen]| -> Fen { lines.iter().map(|&i| v[i]).sum() };
        for shop in &self.shops {
            let Some(ix) = shop.index else { continue };
            for &p in &ix.threshold {
                let promo = self.promo(p);
                if self.gate(promo).is_err() {
                    continue;
                }
                let lines = self.scope_lines(promo, Some(shop));
                if lines.is_empty() {
                    continue;
                }
                let Kind::Threshold(offer) = &promo.kind else {
                    continue;
                };
                let base = sum(&lines, reference);
                let units: i64 = lines.iter().map(|&i| self.qty[i]).sum();
                if let Some(h) = self.offer_hint(offer, base, units) {
                    out.push((p, h));
                }
            }
            for &p in &ix.coupon {
                if let Ok(lines) = self.coupon_gate(self.promo(p), p, Some(shop)) {
                    let base = sum(&lines, if self.parallel { reference } else { run2 });
                    out.extend(self.coupon_hint(p, base).map(|h| (p, h)));
                }
            }
        }
        for &p in &self.e.platform {
            if let Ok(lines) = self.coupon_gate(self.promo(p), p, None) {
                let base = sum(&lines, if self.parallel { reference } else { run4 });
                out.extend(self.coupon_hint(p, base).map(|h| (p, h)));
            }
        }
        out
    }

    fn offer_hint(&self, offer: &Offer, base: Fen, units: i64) -> Option<Hint> {
        let now = self.offer_reduction(offer, base, units).map_or(0, |r| r.0);
        let (shortfall, shortfall_units, then) = match offer {
            Offer::Every { x, y, max_off } => {
                if max_off.is_some_and(|m| now >= m) {
                    return None;
                }
                let next = (base / x + 1) * x;
                let then = ((base / x + 1) * y).min(max_off.unwrap_or(Fen::MAX));
                (Some(next - base), None, then)
            }
            Offer::Tiers { by_units, tiers } => {
                let have = if *by_units { units } else { base };
                let t = tiers.iter().find(|t| t.min > have)?;
                let at = if *by_units { base } else { t.min };
                let then = match t.off {
                    None => 0,
                    Some(TierOff::Amount(a)) => a.min(at),
                    Some(TierOff::Fold(f)) => money::fold_reduction(at, f, self.rounding()),
                };
                if *by_units {
                    (None, Some((t.min - units) as u64), then)
                } else {
                    (Some(t.min - base), None, then)
                }
            }
        };
        (then > now).then(|| Hint {
            promotion: String::new(),
            shortfall: shortfall.map(Amount::total),
            shortfall_units,
            saving: Amount::total(then - now),
        })
    }

    fn coupon_hint(&self, p: usize, base: Fen) -> Option<Hint> {
        let Kind::Coupon { min_amount, off } = self.promo(p).kind else {
            return None;
        };
        if min_amount <= base {
            return None;
        }
        let then = self.coupon_reduction(off, min_amount);
        (then > 0).then(|| Hint {
            promotion: String::new(),
            shortfall: Some(Amount::total(min_amount - base)),
            shortfall_units: None,
            saving: Amount::total(then),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn quote(
        &self,
        mut rec: Record,
        paid: &[Fen],
        plans: &[ShopPlan],
        shipping: &[Fen],
        gifts: Vec<Vec<GiftOut>>,
        hints: Vec<(usize, Hint)>,
    ) -> Quote {
        let id = |p: usize| self.promo(p).id.clone();
        let key = |p: usize| (self.promo(p).stage, self.promo(p).id.as_str());
        let mut stage_total = [0 as Fen; 5];
        let lines: Vec<QuoteLine> = self
            .cart
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let d = &mut rec.discounts[i];
                d.sort_by(|a, b| key(a.1).cmp(&key(b.1)));
                for &(stage, _, amt) in d.iter() {
                    stage_total[stage as usize] += amt;
                }
                QuoteLine {
                    id: l.id.clone(),
                    original: Amount::total(self.orig[i]),
                    paid: Amount::total(paid[i]),
                    discounts: d
                        .iter()
                        .map(|&(stage, p, amt)| Discount {
                            promotion: id(p),
                            stage,
                            amount: Amount::total(amt),
                        })
                        .collect(),
                }
            })
            .collect();
        let shops: Vec<QuoteShop> = self
            .shops
            .iter()
            .enumerate()
            .map(|(s, shop)| {
                let original: Fen = shop.lines.iter().map(|&i| self.orig[i]).sum();
                let paid_sum: Fen = shop.lines.iter().map(|&i| paid[i]).sum();
                QuoteShop {
                    shop: shop.name.to_string(),
                    original: Amount::total(original),
                    shipping: Amount::total(shipping[s]),
                    rebate_used: Amount::total(plans[s].rebate.as_ref().map_or(0, |h| h.taken)),
                    rebate_earned: Amount::total(self.earned(s, paid)),
                    gifts: gifts[s].clone(),
                    payable: Amount::total(paid_sum + shipping[s]),
                }
            })
            .collect();
        let original: Fen = self.orig.iter().sum();
        let ship: Fen = shipping.iter().sum();
        let payable: Fen = paid.iter().sum::<Fen>() + ship;
        rec.applied.sort_by(|a, b| key(a.0).cmp(&key(b.0)));
        rec.notes.sort_by(|a, b| key(a.0).cmp(&key(b.0)));
        let mut hints = hints;
        hints.sort_by(|a, b| key(a.0).cmp(&key(b.0)));
        Quote {
            currency: "CNY".into(),
            totals: Totals {
                original: Amount::total(original),
                item_discount: Amount::total(stage_total[0]),
                threshold: Amount::total(stage_total[1]),
                shop_coupon: Amount::total(stage_total[2]),
                rebate: Amount::total(stage_total[3]),
                platform_coupon: Amount::total(stage_total[4]),
                shipping: Amount::total(ship),
                payable: Amount::total(payable),
            },
            lines,
            shops,
            applied: rec
                .applied
                .iter()
                .map(|&(p, s, amt)| Applied {
                    promotion: id(p),
                    stage: self.promo(p).stage,
                    shop: s
                        .filter(|_| self.promo(p).shop.is_some())
                        .map(|s| self.shops[s].name.to_string()),
                    amount: Amount::total(amt),
                })
                .collect(),
            not_applied: rec
                .notes
                .into_iter()
                .map(|(p, reason, message)| NotApplied {
                    promotion: id(p),
                    reason,
                    message,
                })
                .collect(),
            hints: hints
                .into_iter()
                .map(|(p, mut h)| {
                    h.promotion = id(p);
                    h
                })
                .collect(),
        }
    }

    /// 累积返利: the largest `floor(P × earn_ratio)` over the shop's programs in window and audience.
    fn earned(&self, s: usize, paid: &[Fen]) -> Fen {
        let shop = &self.shops[s];
        let Some(ix) = shop.index else { return 0 };
        let mut best = 0;
        for &p in &ix.rebate {
            let promo = self.promo(p);
            let Kind::Rebate {
                earn_ratio: Some(r),
                ..
            } = promo.kind
            else {
                continue;
            };
            if self.gate(promo).is_err() {
                continue;
            }
            let pay: Fen = self
                .scope_lines(promo, Some(shop))
                .iter()
                .map(|&i| paid[i])
                .sum();
            best = best.max(money::ratio_floor(pay, r));
        }
        best
    }
}

fn assemble(shops: &[ShopCtx], plans: &[ShopPlan], run2: &[Fen]) -> Vec<Fen> {
    let mut run4 = run2.to_vec();
    for (shop, plan) in shops.iter().zip(plans) {
        for (k, &i) in shop.lines.iter().enumerate() {
            run4[i] = plan.run4[k];
        }
    }
    run4
}

fn not_chosen_msg(ctx: &Ctx, chosen: Option<usize>) -> String {
    match chosen {
        Some(p) => format!(
            "it applies, but the best combination uses {:?} instead",
            ctx.promo(p).id
        ),
        None => "it applies, but the best combination is cheaper without it".into(),
    }
}

fn out_of_scope(p: &Promo) -> String {
    match &p.shop {
        Some(s) => format!("no line of shop {s:?} is in its scope"),
        None => "no line of the cart is in its scope".into(),
    }
}

fn show_time(t: jiff::Timestamp) -> String {
    t.display_with_offset(jiff::tz::offset(8)).to_string()
}

fn show_signed(f: Fen) -> String {
    money::format_fen(f)
}

fn lifecycle(d: jiff::SignedDuration) -> Lifecycle {
    let day = |n: i64| jiff::SignedDuration::from_hours(24 * n);
    if d <= day(90) {
        Lifecycle::Active
    } else if d <= day(180) {
        Lifecycle::Silent
    } else if d <= day(270) {
        Lifecycle::Sleeping
    } else {
        Lifecycle::Lost
    }
}

fn lifecycle_name(l: Lifecycle) -> &'static str {
    match l {
        Lifecycle::Active => "active",
        Lifecycle::Silent => "silent",
        Lifecycle::Sleeping => "sleeping",
        Lifecycle::Lost => "lost",
    }
}

/// `"MM-DD"` → (month, day), for a day that exists in some year (02-29 included).
fn parse_birthday(s: &str) -> Option<(i8, i8)> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b'-' {
        return None;
    }
    let m: i8 = s.get(0..2)?.parse().ok()?;
    let d: i8 = s.get(3..5)?.parse().ok()?;
    if !s[0..2]
        .bytes()
        .chain(s[3..5].bytes())
        .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    jiff::civil::Date::new(2024, m, d).ok()?;
    Some((m, d))
}
