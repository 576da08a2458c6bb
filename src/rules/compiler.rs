//! From a parsed rules file to the [compiled form](super::compiled): every
//! rule checked once (every error collected, not only the first), then
//! numbered, grouped by shop and indexed.

use std::collections::HashMap;
use std::ops::Range;

use super::compiled::{
    Audience, Catalog, CouponOff, CouponRule, Gift, Head, ItemBenefit, ItemRule, Names, Offer,
    OfferRule, RebateRule, Scope, ShopRules, Tier, TierOff, Window,
};
use crate::check::Warning;
use crate::error::{quoted, Error};
use crate::ids::PromoId;
use crate::limits;
use crate::model::{self, Promotion, Rules, Stage};
use crate::money::{self, Amount, Fen, Ratio};

/// Checks every rule of `rules`; returns what passed, with every error and warning.
pub(crate) fn check(rules: &Rules) -> (Vec<Checked<'_>>, Vec<Error>, Vec<Warning>) {
    let mut c = Compiler::default();
    let checked = c.promotions(rules);
    (checked, c.errors, c.warnings)
}

/// Builds the compiled form from rules that passed [`check`] without an error.
pub(crate) fn build(rules: &Rules, mut checked: Vec<Checked<'_>>) -> Catalog {
    // Number the promotions in (stage, id) order: sorting by `PromoId` then
    // sorts every list of the quote as the contract orders it.
    checked.sort_unstable_by(|a, b| (a.p.kind, &a.p.id).cmp(&(b.p.kind, &b.p.id)));
    let mut cat = Catalog {
        settings: rules.settings,
        ..Catalog::default()
    };
    cat.heads.reserve_exact(checked.len());
    cat.by_id.reserve(checked.len());

    // Coupon ranks: every coupon id in byte order, for `best`'s tie-break.
    let mut coupon_ids: Vec<&str> = checked
        .iter()
        .filter(|c| matches!(c.rule, Rule::Coupon { .. }))
        .map(|c| c.p.id.as_str())
        .collect();
    coupon_ids.sort_unstable();
    let rank = |id: &str| coupon_ids.binary_search(&id).unwrap_or(0) as u32;

    // Group by shop, in order of first appearance; the platform coupons apart.
    let mut shop_of: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<ShopBuild<'_>> = Vec::new();
    let mut platform = ShopBuild::default();
    for (k, c) in checked.iter().enumerate() {
        let g = match c.p.shop.as_deref() {
            Some(shop) if c.p.kind != Stage::PlatformCoupon => {
                let next = groups.len();
                let at = *shop_of.entry(shop).or_insert(next);
                if at == next {
                    groups.push(ShopBuild {
                        name: Some(shop),
                        ..ShopBuild::default()
                    });
                }
                &mut groups[at]
            }
            _ => &mut platform,
        };
        g.members.push(k);
    }

    let mut local_scope = vec![0u32; checked.len()];
    let mut rebate_group = vec![0u32; checked.len()];
    for g in groups.iter_mut().chain(std::iter::once(&mut platform)) {
        let start = cat.scopes.len() as u32;
        let mut interned: HashMap<&model::Scope, u32> = HashMap::new();
        for &k in &g.members {
            let spec = checked[k].p.scope.as_ref().unwrap_or(EVERYTHING);
            let next = interned.len() as u32;
            let local = *interned.entry(spec).or_insert(next);
            if local == next {
                cat.scopes.push(compile_scope(spec));
            }
            local_scope[k] = local;
        }
        g.scopes = start..cat.scopes.len() as u32;
        let groups_start = cat.rebate_groups.len() as u32;
        for &k in &g.members {
            if let Rule::Rebate { .. } = checked[k].rule {
                let local = local_scope[k];
                let list = &cat.rebate_groups[groups_start as usize..];
                rebate_group[k] = match list.iter().position(|&s| s == local) {
                    Some(i) => i as u32,
                    None => {
                        let at = list.len() as u32;
                        cat.rebate_groups.push(local);
                        at
                    }
                };
            }
        }
        g.rebate_groups = groups_start..cat.rebate_groups.len() as u32;
    }

    // The typed lists: a shop's rules of one type are a contiguous range, by id.
    for g in &groups {
        let mut rules = ShopRules {
            scopes: g.scopes.clone(),
            rebate_groups: g.rebate_groups.clone(),
            ..ShopRules::default()
        };
        rules.items = span(&mut cat.items, g, &checked, |k, c| match &c.rule {
            Rule::Item { benefit, max_units } => Some(ItemRule {
                promo: PromoId::new(k),
                benefit: *benefit,
                max_units: *max_units,
            }),
            _ => None,
        });
        rules.offers = span(&mut cat.offers, g, &checked, |k, c| match &c.rule {
            Rule::Offer(o) => Some(OfferRule {
                promo: PromoId::new(k),
                offer: o.clone(),
            }),
            _ => None,
        });
        rules.coupons = span(&mut cat.shop_coupons, g, &checked, |k, c| match &c.rule {
            Rule::Coupon { min_amount, off } => Some(CouponRule {
                promo: PromoId::new(k),
                min_amount: *min_amount,
                off: *off,
                rank: rank(&c.p.id),
            }),
            _ => None,
        });
        rules.rebates = span(&mut cat.rebates, g, &checked, |k, c| match &c.rule {
            Rule::Rebate {
                max_ratio,
                min_amount,
                earn_ratio,
            } => Some(RebateRule {
                promo: PromoId::new(k),
                max_ratio: *max_ratio,
                min_amount: *min_amount,
                earn_ratio: *earn_ratio,
                group: rebate_group[k],
            }),
            _ => None,
        });
        let name = g.name.unwrap_or_default();
        cat.shop_index.insert(name.into(), cat.shops.len() as u32);
        cat.shops.push(rules);
    }
    span(
        &mut cat.platform_coupons,
        &platform,
        &checked,
        |k, c| match &c.rule {
            Rule::Coupon { min_amount, off } => Some(CouponRule {
                promo: PromoId::new(k),
                min_amount: *min_amount,
                off: *off,
                rank: rank(&c.p.id),
            }),
            _ => None,
        },
    );
    cat.platform_scopes = platform.scopes.clone();

    for (k, c) in checked.into_iter().enumerate() {
        let p = c.p;
        cat.by_id.insert(p.id.as_str().into(), PromoId::new(k));
        cat.heads.push(Head {
            id: p.id.as_str().into(),
            name: p.name.as_deref().map(Into::into),
            stage: p.kind,
            shop: if p.kind == Stage::PlatformCoupon {
                None
            } else {
                p.shop.as_deref().map(Into::into)
            },
            window: c.window,
            audience: c.audience,
            scope: local_scope[k],
        });
    }
    cat
}

/// Appends the group's rules that `f` keeps to `list`; returns their range.
fn span<T>(
    list: &mut Vec<T>,
    g: &ShopBuild<'_>,
    checked: &[Checked<'_>],
    f: impl Fn(usize, &Checked<'_>) -> Option<T>,
) -> Range<u32> {
    let start = list.len() as u32;
    list.extend(g.members.iter().filter_map(|&k| f(k, &checked[k])));
    start..list.len() as u32
}

const EVERYTHING: &model::Scope = &model::Scope {
    skus: None,
    categories: None,
    exclude_skus: None,
    shops: None,
};

fn compile_scope(s: &model::Scope) -> Scope {
    let names = |l: &Option<Vec<String>>| l.as_deref().map(Names::new);
    Scope {
        skus: names(&s.skus),
        categories: names(&s.categories),
        exclude: names(&s.exclude_skus),
        shops: names(&s.shops),
    }
}

/// One shop's promotions while building (indices into the sorted `checked`).
#[derive(Default)]
struct ShopBuild<'r> {
    name: Option<&'r str>,
    members: Vec<usize>,
    scopes: Range<u32>,
    rebate_groups: Range<u32>,
}

/// A promotion that passed its checks.
pub(crate) struct Checked<'r> {
    p: &'r Promotion,
    window: Window,
    audience: Audience,
    rule: Rule,
}

#[derive(Clone, Debug)]
enum Rule {
    Item {
        benefit: ItemBenefit,
        max_units: Option<u32>,
    },
    Offer(Offer),
    Coupon {
        min_amount: Fen,
        off: CouponOff,
    },
    Rebate {
        max_ratio: Ratio,
        min_amount: Fen,
        earn_ratio: Option<Ratio>,
    },
}

#[derive(Default)]
struct Compiler {
    errors: Vec<Error>,
    warnings: Vec<Warning>,
}

/// The fields a promotion may carry beyond the common ones, by type.
fn allowed(stage: Stage) -> &'static [&'static str] {
    match stage {
        Stage::ItemDiscount => &["fold", "amount_off", "fixed_price", "max_units"],
        Stage::Threshold => &["tiers", "every"],
        Stage::ShopCoupon | Stage::PlatformCoupon => {
            &["min_amount", "amount_off", "fold", "max_off"]
        }
        Stage::Rebate => &["max_ratio", "min_amount", "earn_ratio"],
    }
}

fn present(p: &Promotion) -> Vec<&'static str> {
    let mut v = Vec::new();
    let mut add = |b: bool, n| {
        if b {
            v.push(n)
        }
    };
    add(p.fold.is_some(), "fold");
    add(p.amount_off.is_some(), "amount_off");
    add(p.fixed_price.is_some(), "fixed_price");
    add(p.max_units.is_some(), "max_units");
    add(p.tiers.is_some(), "tiers");
    add(p.every.is_some(), "every");
    add(p.min_amount.is_some(), "min_amount");
    add(p.max_off.is_some(), "max_off");
    add(p.max_ratio.is_some(), "max_ratio");
    add(p.earn_ratio.is_some(), "earn_ratio");
    v
}

impl Compiler {
    fn promotions<'r>(&mut self, rules: &'r Rules) -> Vec<Checked<'r>> {
        if rules.promotions.len() > limits::MAX_PROMOTIONS {
            self.errors.push(Error::limit(
                "rules file, promotions",
                format!(
                    "{} promotions; the limit is {}",
                    rules.promotions.len(),
                    limits::MAX_PROMOTIONS
                ),
            ));
            return Vec::new();
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rules.promotions.len());
        let mut out = Vec::with_capacity(rules.promotions.len());
        for (i, p) in rules.promotions.iter().enumerate() {
            let at = if p.id.is_empty() {
                format!("rules file, promotions[{i}]")
            } else {
                format!("promotion {}", quoted(&p.id))
            };
            let before = self.errors.len();
            if p.id.is_empty() {
                self.err(&at, "id is empty; every promotion needs a unique id");
            } else if p.id.len() > limits::MAX_TEXT {
                self.limit(&at, format!("id is longer than {} bytes", limits::MAX_TEXT));
            } else if let Some(j) = seen.insert(&p.id, i) {
                self.err(
                    &at,
                    format!("id is used twice, by promotions[{j}] and promotions[{i}]"),
                );
            }
            if let Some(checked) = self.promotion(p, &at) {
                if self.errors.len() == before {
                    out.push(checked);
                }
            }
        }
        out
    }

    fn err(&mut self, at: &str, msg: impl Into<String>) {
        self.errors.push(Error::rules(at, msg));
    }

    fn limit(&mut self, at: &str, msg: impl Into<String>) {
        self.errors.push(Error::limit(at, msg));
    }

    fn warn(&mut self, p: &Promotion, msg: impl Into<String>) {
        self.warnings.push(Warning {
            promotion: p.id.clone(),
            message: msg.into(),
        });
    }

    fn text(&mut self, at: &str, field: &str, s: &str) {
        if s.is_empty() {
            self.err(at, format!("{field} is empty"));
        } else if s.len() > limits::MAX_TEXT {
            self.limit(
                at,
                format!("{field} is longer than {} bytes", limits::MAX_TEXT),
            );
        }
    }

    fn list(&mut self, at: &str, field: &str, l: &Option<Vec<String>>) {
        let Some(l) = l.as_ref() else { return };
        if l.is_empty() {
            self.err(
                at,
                format!("{field} is an empty list, which matches nothing; leave it out to match everything"),
            );
        }
        if l.len() > limits::MAX_LIST {
            self.limit(
                at,
                format!(
                    "{field} has {} entries; the limit is {}",
                    l.len(),
                    limits::MAX_LIST
                ),
            );
        }
        for (k, s) in l.iter().enumerate() {
            self.text(at, &format!("{field}[{k}]"), s);
        }
    }

    fn positive(&mut self, at: &str, field: &str, a: Option<Amount>) -> Option<Fen> {
        let a = a?;
        if a.fen() == 0 {
            self.err(at, format!("{field} must be above zero"));
        }
        Some(a.fen())
    }

    fn promotion<'r>(&mut self, p: &'r Promotion, at: &str) -> Option<Checked<'r>> {
        // Shop: required, except on a platform coupon, where it is forbidden.
        match (p.kind, &p.shop) {
            (Stage::PlatformCoupon, Some(_)) => self.err(
                at,
                "shop is not allowed on a platform_coupon (use scope.shops to limit it to some shops)",
            ),
            (Stage::PlatformCoupon, None) => {}
            (k, None) => self.err(at, format!("shop is required for a {}", k.as_str())),
            (_, Some(s)) => self.text(at, "shop", s),
        }
        if let Some(n) = &p.name {
            if n.len() > limits::MAX_TEXT {
                self.limit(
                    at,
                    format!("name is longer than {} bytes", limits::MAX_TEXT),
                );
            }
        }
        // Fields that do not belong to this type.
        let ok = allowed(p.kind);
        for f in present(p) {
            if !ok.contains(&f) {
                self.err(
                    at,
                    format!(
                        "field {f} does not belong to a {} (its fields are: {})",
                        p.kind.as_str(),
                        ok.join(", ")
                    ),
                );
            }
        }
        let window = match p.valid {
            Some(v) => {
                if let (Some(f), Some(u)) = (v.from, v.until) {
                    if f >= u {
                        let show = |t: jiff::Timestamp| {
                            t.display_with_offset(jiff::tz::offset(8)).to_string()
                        };
                        self.err(
                            at,
                            format!(
                                "valid.from {} must be before valid.until {}",
                                show(f),
                                show(u)
                            ),
                        );
                    }
                }
                Window {
                    from: v.from,
                    until: v.until,
                }
            }
            None => Window::default(),
        };
        self.scope(p, at);
        let audience = self.audience(at, p.audience.as_ref());
        let rule = match p.kind {
            Stage::ItemDiscount => self.item(p, at),
            Stage::Threshold => self.threshold(p, at),
            Stage::ShopCoupon | Stage::PlatformCoupon => self.coupon(p, at),
            Stage::Rebate => self.rebate(p, at),
        }?;
        Some(Checked {
            p,
            window,
            audience,
            rule,
        })
    }

    fn scope(&mut self, p: &Promotion, at: &str) {
        let Some(s) = &p.scope else { return };
        if s.shops.is_some() && p.kind != Stage::PlatformCoupon {
            self.err(at, "scope.shops is only for a platform_coupon");
        }
        self.list(at, "scope.skus", &s.skus);
        self.list(at, "scope.categories", &s.categories);
        self.list(at, "scope.exclude_skus", &s.exclude_skus);
        self.list(at, "scope.shops", &s.shops);
    }

    fn audience(&mut self, at: &str, a: Option<&model::Audience>) -> Audience {
        let Some(a) = a else {
            return Audience::default();
        };
        let lifecycle = a.lifecycle.as_ref().map(|l| {
            if l.is_empty() {
                self.err(
                    at,
                    "audience.lifecycle is an empty list, which matches nobody",
                );
            }
            l.clone().into_boxed_slice()
        });
        self.list(at, "audience.segments", &a.segments);
        Audience {
            new_customer: a.new_customer == Some(true),
            min_member_tier: a.min_member_tier,
            segments: a.segments.as_deref().map(Names::new),
            lifecycle,
            birthday: a.birthday == Some(true),
        }
    }

    fn item(&mut self, p: &Promotion, at: &str) -> Option<Rule> {
        let given = [
            p.fold.map(ItemBenefit::Fold),
            p.amount_off.map(|a| ItemBenefit::AmountOff(a.fen())),
            p.fixed_price.map(|a| ItemBenefit::Fixed(a.fen())),
        ];
        let n = given.iter().flatten().count();
        if n != 1 {
            self.err(
                at,
                format!(
                    "an item_discount needs exactly one of fold, amount_off, fixed_price; it has {}",
                    if n == 0 { "none".to_string() } else { n.to_string() }
                ),
            );
            return None;
        }
        self.positive(at, "amount_off", p.amount_off);
        if let Some(m) = p.max_units {
            if !(1..=limits::MAX_QUANTITY).contains(&m) {
                self.err(
                    at,
                    format!("max_units {m} must be from 1 to {}", limits::MAX_QUANTITY),
                );
            }
        }
        Some(Rule::Item {
            benefit: given.into_iter().flatten().next()?,
            max_units: p.max_units,
        })
    }

    fn threshold(&mut self, p: &Promotion, at: &str) -> Option<Rule> {
        match (&p.tiers, &p.every) {
            (Some(_), Some(_)) => {
                self.err(at, "a threshold has either tiers or every, not both");
                None
            }
            (None, None) => {
                self.err(at, "a threshold needs tiers or every");
                None
            }
            (None, Some(e)) => {
                let x = e.amount.fen();
                let y = e.amount_off.fen();
                if x == 0 {
                    self.err(at, "every.amount must be above zero");
                }
                if y == 0 {
                    self.err(at, "every.amount_off must be above zero");
                } else if y >= x {
                    self.err(
                        at,
                        format!(
                            "every.amount_off {} must be below every.amount {} (每满X减Y needs Y < X)",
                            e.amount_off, e.amount
                        ),
                    );
                }
                let max_off = self.positive(at, "every.max_off", e.max_off);
                Some(Rule::Offer(Offer::Every { x, y, max_off }))
            }
            (Some(tiers), None) => self.tiers(p, at, tiers),
        }
    }

    fn tiers(&mut self, p: &Promotion, at: &str, tiers: &[model::Tier]) -> Option<Rule> {
        if tiers.is_empty() {
            self.err(at, "tiers is an empty list; give at least one tier");
            return None;
        }
        if tiers.len() > limits::MAX_TIERS {
            self.limit(
                at,
                format!("{} tiers; the limit is {}", tiers.len(), limits::MAX_TIERS),
            );
            return None;
        }
        let by_units = tiers[0].min_quantity.is_some() && tiers[0].min_amount.is_none();
        let mut out: Vec<Tier> = Vec::with_capacity(tiers.len());
        for (k, t) in tiers.iter().enumerate() {
            let f = format!("tiers[{k}]");
            let min = match (t.min_amount, t.min_quantity) {
                (Some(_), Some(_)) | (None, None) => {
                    self.err(
                        at,
                        format!("{f} needs exactly one condition: min_amount or min_quantity"),
                    );
                    continue;
                }
                (Some(a), None) => {
                    if by_units {
                        self.err(at, format!("{f} uses min_amount but tiers[0] uses min_quantity; every tier must use the same kind"));
                        continue;
                    }
                    a.fen()
                }
                (None, Some(q)) => {
                    if !by_units {
                        self.err(at, format!("{f} uses min_quantity but tiers[0] uses min_amount; every tier must use the same kind"));
                        continue;
                    }
                    if !(1..=limits::MAX_QUANTITY).contains(&q) {
                        self.err(
                            at,
                            format!(
                                "{f}.min_quantity {q} must be from 1 to {}",
                                limits::MAX_QUANTITY
                            ),
                        );
                    }
                    i64::from(q)
                }
            };
            if let Some(prev) = out.last() {
                if min <= prev.min {
                    let show = |m: i64| {
                        if by_units {
                            m.to_string()
                        } else {
                            Amount::total(m).to_string()
                        }
                    };
                    self.err(
                        at,
                        format!(
                            "{f} condition {} must be above the tier before it ({}); tiers must strictly increase",
                            show(min),
                            show(prev.min)
                        ),
                    );
                }
            }
            let off = match (t.amount_off, t.fold) {
                (Some(_), Some(_)) => {
                    self.err(at, format!("{f} has both amount_off and fold; give one"));
                    None
                }
                (Some(a), None) => {
                    if a.fen() == 0 {
                        self.err(at, format!("{f}.amount_off must be above zero"));
                    } else if !by_units && min > 0 && a.fen() >= min {
                        self.err(
                            at,
                            format!(
                                "{f}.amount_off {a} must be below its min_amount {}",
                                Amount::total(min)
                            ),
                        );
                    }
                    Some(TierOff::Amount(a.fen()))
                }
                (None, Some(fo)) => Some(TierOff::Fold(fo)),
                (None, None) => None,
            };
            let mut gifts = Vec::new();
            let mut gift_value: i128 = 0;
            if let Some(g) = &t.gifts {
                if g.is_empty() {
                    self.err(
                        at,
                        format!("{f}.gifts is an empty list; leave it out or list a gift"),
                    );
                }
                if g.len() > limits::MAX_GIFTS {
                    self.limit(
                        at,
                        format!(
                            "{f}.gifts has {} gifts; the limit is {}",
                            g.len(),
                            limits::MAX_GIFTS
                        ),
                    );
                }
                for (j, gift) in g.iter().enumerate() {
                    self.text(at, &format!("{f}.gifts[{j}].sku"), &gift.sku);
                    if !(1..=limits::MAX_QUANTITY).contains(&gift.quantity) {
                        self.err(
                            at,
                            format!(
                                "{f}.gifts[{j}].quantity {} must be from 1 to {}",
                                gift.quantity,
                                limits::MAX_QUANTITY
                            ),
                        );
                    }
                    gift_value += i128::from(gift.value.unwrap_or_default().fen())
                        * i128::from(gift.quantity);
                    gifts.push(Gift {
                        sku: gift.sku.as_str().into(),
                        quantity: gift.quantity,
                    });
                }
            }
            let free_shipping = t.free_shipping == Some(true);
            if off.is_none() && !free_shipping && gifts.is_empty() {
                self.err(
                    at,
                    format!("{f} has no benefit: give amount_off or fold, free_shipping: true, or gifts"),
                );
            }
            out.push(Tier {
                min,
                off,
                free_shipping,
                gifts: gifts.into_boxed_slice(),
                gift_value,
            });
        }
        if out.len() != tiers.len() {
            return None;
        }
        // Rules of thumb (warnings).
        if out.len() > 3 {
            self.warn(
                p,
                format!(
                    "{} tiers: offers with more than 3 tiers confuse buyers",
                    out.len()
                ),
            );
        }
        for k in 1..out.len() {
            if !tier_is_larger(&out[k], &out[k - 1], by_units) {
                self.warn(
                    p,
                    format!("tiers[{k}] gives no more than tiers[{}] below it", k - 1),
                );
            }
        }
        Some(Rule::Offer(Offer::Tiers {
            by_units,
            tiers: out.into_boxed_slice(),
        }))
    }

    fn coupon(&mut self, p: &Promotion, at: &str) -> Option<Rule> {
        let min_amount = p.min_amount.map_or(0, Amount::fen);
        let off = match (p.amount_off, p.fold) {
            (Some(_), Some(_)) => {
                self.err(
                    at,
                    format!("a {} has amount_off or fold, not both", p.kind.as_str()),
                );
                return None;
            }
            (None, None) => {
                self.err(
                    at,
                    format!("a {} needs amount_off or fold", p.kind.as_str()),
                );
                return None;
            }
            (Some(a), None) => {
                if p.max_off.is_some() {
                    self.err(at, "max_off goes with fold, not with amount_off");
                }
                if a.fen() == 0 {
                    self.err(at, "amount_off must be above zero");
                } else if min_amount > 0 && a.fen() >= min_amount {
                    self.err(
                        at,
                        format!(
                            "amount_off {a} must be below min_amount {} (or leave min_amount out for a coupon with no threshold)",
                            Amount::total(min_amount)
                        ),
                    );
                }
                CouponOff::Amount(a.fen())
            }
            (None, Some(f)) => CouponOff::Fold(f, self.positive(at, "max_off", p.max_off)),
        };
        Some(Rule::Coupon { min_amount, off })
    }

    fn rebate(&mut self, p: &Promotion, at: &str) -> Option<Rule> {
        let Some(max_ratio) = p.max_ratio else {
            self.err(
                at,
                "a rebate needs max_ratio (the share of the order the credit may pay)",
            );
            return None;
        };
        Some(Rule::Rebate {
            max_ratio,
            min_amount: p.min_amount.map_or(0, Amount::fen),
            earn_ratio: p.earn_ratio,
        })
    }
}

/// Whether tier `hi` gives more than tier `lo` in some way: a larger reduction
/// (measured at `hi`'s own threshold), more gift value, or free shipping that `lo` lacks.
fn tier_is_larger(hi: &Tier, lo: &Tier, by_units: bool) -> bool {
    if hi.gift_value > lo.gift_value || (hi.free_shipping && !lo.free_shipping) {
        return true;
    }
    if hi.gifts.len() > lo.gifts.len() {
        return true;
    }
    let at = |t: &Tier| -> Option<i128> {
        match t.off {
            None => Some(0),
            Some(TierOff::Amount(a)) => Some(i128::from(a)),
            // By units, a fold is compared by how much of the price it takes.
            Some(TierOff::Fold(f)) if by_units => Some(1000 - i128::from(f.hundredths())),
            // By amount, both reductions are measured at `hi`'s own threshold.
            Some(TierOff::Fold(f)) => Some(i128::from(money::fold_reduction(
                hi.min,
                f,
                money::Rounding::HalfUp,
            ))),
        }
    };
    match (hi.off, lo.off) {
        // By units, an amount and a fold cannot be compared without a price: say larger.
        (Some(TierOff::Amount(_)), Some(TierOff::Fold(_)))
        | (Some(TierOff::Fold(_)), Some(TierOff::Amount(_)))
            if by_units =>
        {
            true
        }
        _ => at(hi) > at(lo),
    }
}
