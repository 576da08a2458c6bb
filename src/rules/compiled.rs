//! The compiled rule form: what [`Engine::new`](crate::Engine::new) leaves for
//! pricing, once every rule has been checked.
//!
//! Each stage has its own typed list (`items`, `offers`, `shop_coupons`,
//! `rebates`, `platform_coupons`), so no stage ever asks a promotion what type
//! it is. A shop's rules of one type are a contiguous range of that list,
//! sorted by id, which is the order every tie of the contract is broken in.
//! What every promotion has in common (id, name, window, audience, scope) is
//! its [`Head`], indexed by [`PromoId`].

use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;

use crate::ids::PromoId;
use crate::model::{Lifecycle, Line, Settings, Stage};
use crate::money::{Fen, Fold, Ratio};

/// A checked, indexed rules file.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub(crate) settings: Settings,
    /// Every promotion's common part, indexed by [`PromoId`] ((stage, id) order).
    pub(crate) heads: Vec<Head>,
    /// Stage 1, grouped by shop, by id within a shop.
    pub(crate) items: Vec<ItemRule>,
    /// Stage 1's bundles, grouped by shop, by id within a shop.
    pub(crate) bundles: Vec<BundleRule>,
    /// Stage 2, grouped by shop, by id within a shop.
    pub(crate) offers: Vec<OfferRule>,
    /// Stage 3, grouped by shop, by id within a shop.
    pub(crate) shop_coupons: Vec<CouponRule>,
    /// Stage 4, grouped by shop, by id within a shop.
    pub(crate) rebates: Vec<RebateRule>,
    /// Stage 5, by id.
    pub(crate) platform_coupons: Vec<CouponRule>,
    /// Every distinct scope, interned per shop: a shop's scopes are a range.
    pub(crate) scopes: Vec<Scope>,
    /// The promotions of each shop that has any.
    pub(crate) shops: Vec<ShopRules>,
    /// Shop name → index into `shops`; the names are the heads' `shop`.
    pub(crate) shop_index: foldhash::HashMap<Arc<str>, u32>,
    /// The platform coupons' scopes: a range of `scopes`.
    pub(crate) platform_scopes: Range<u32>,
    /// Promotion id → [`PromoId`], hashing the ids the heads hold (not a copy).
    pub(crate) by_id: IdIndex,
}

/// Finds a promotion by id through the ids its head holds, so that each id
/// is stored once.
///
/// It is made while the rules are checked (the check's duplicate-id table,
/// [`compiler`](super::compiler)), holding each promotion's place in the
/// rules file, then [`renumbered`](IdIndex::renumber) to [`PromoId`]s once
/// the promotions are numbered: the ids are hashed once, and hash the same
/// after they move into the heads.
#[derive(Default)]
pub(crate) struct IdIndex {
    /// A [`PromoId`] (its place in the rules file before [`IdIndex::renumber`]).
    pub(crate) table: hashbrown::HashTable<u32>,
    pub(crate) state: foldhash::fast::RandomState,
}

impl IdIndex {
    /// An empty index with room for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> IdIndex {
        IdIndex {
            table: hashbrown::HashTable::with_capacity(n),
            state: Default::default(),
        }
    }

    /// Each entry `x` becomes `to[x]`: places in the rules file become
    /// [`PromoId`]s. The ids hash as before, so nothing is hashed again.
    pub(crate) fn renumber(&mut self, to: &[u32]) {
        for x in self.table.iter_mut() {
            *x = to[*x as usize];
        }
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

impl Catalog {
    /// The common part of a promotion.
    #[inline]
    pub(crate) fn head(&self, p: PromoId) -> &Head {
        &self.heads[p.get()]
    }

    /// The promotion with this id.
    #[inline]
    pub(crate) fn promo(&self, id: &str) -> Option<PromoId> {
        let hash = self.by_id.state.hash_one(id);
        self.by_id
            .table
            .find(hash, |&p| &*self.heads[p as usize].id == id)
            .map(|&p| PromoId::new(p as usize))
    }

    /// The item discount rule of promotion `p`, if it is an item discount
    /// (not a bundle, nor another type): a binary search of its shop's items,
    /// which are in `PromoId` order.
    pub(crate) fn item_rule(&self, p: PromoId) -> Option<&ItemRule> {
        let shop = self.shop(self.head(p).shop.as_deref()?)?;
        let r = &self.shops[shop as usize].items;
        let items = &self.items[r.start as usize..r.end as usize];
        let k = items.binary_search_by_key(&p, |i| i.promo).ok()?;
        Some(&items[k])
    }

    /// The shop's rules, if the rules file has any for it.
    #[inline]
    pub(crate) fn shop(&self, name: &str) -> Option<u32> {
        self.shop_index.get(name).copied()
    }

    /// The scope a promotion's head names, given the range of its shop's scopes.
    #[inline]
    pub(crate) fn scope(&self, scopes: &Range<u32>, local: u32) -> &Scope {
        &self.scopes[(scopes.start + local) as usize]
    }
}

/// Where one shop's promotions sit in the typed lists.
#[derive(Clone, Debug, Default)]
pub(crate) struct ShopRules {
    pub(crate) items: Range<u32>,
    pub(crate) bundles: Range<u32>,
    pub(crate) offers: Range<u32>,
    pub(crate) coupons: Range<u32>,
    pub(crate) rebates: Range<u32>,
    /// The shop's distinct scopes (a range of `Catalog::scopes`).
    pub(crate) scopes: Range<u32>,
    /// Its rebate programs' distinct scopes, numbered one shop after another
    /// (a program's `group` is its place in the range): pricing keeps one
    /// base per number.
    pub(crate) rebate_groups: Range<u32>,
}

/// What every promotion has, whatever its type.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) id: Box<str>,
    pub(crate) name: Option<Box<str>>,
    pub(crate) stage: Stage,
    /// `None` for a platform coupon. One name per shop, shared by its
    /// promotions and [`Catalog::shop_index`] (a rules file of 100,000
    /// promotions over 10,000 shops holds 10,000 names, not 110,000).
    pub(crate) shop: Option<Arc<str>>,
    pub(crate) window: Window,
    pub(crate) audience: Audience,
    /// The promotion's scope: a number local to its shop's scopes (or the platform's).
    pub(crate) scope: u32,
    /// Its use limits (contract v3; none: unlimited).
    pub(crate) limits: UseLimits,
}

/// A promotion's `limits` (每人限用, 发行量, 每人限购), checked: each within
/// its range, so above zero. Twelve bytes, whether given or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct UseLimits {
    pub(crate) per_customer: Option<std::num::NonZeroU32>,
    pub(crate) total: Option<std::num::NonZeroU32>,
    /// `item_discount` only.
    pub(crate) per_customer_units: Option<std::num::NonZeroU32>,
}

impl UseLimits {
    /// True when no limit is given.
    #[inline]
    pub(crate) fn is_none(&self) -> bool {
        *self == UseLimits::default()
    }
}

/// `from <= now < until`, either end open, and the repeat, if any, holds.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Window {
    pub(crate) from: Option<jiff::Timestamp>,
    pub(crate) until: Option<jiff::Timestamp>,
    /// `valid.repeat`, compiled: days, weekdays and hours as bit sets and seconds.
    pub(crate) repeat: Option<crate::model::repeat::RepeatCheck>,
}

/// A set of names: a short list is scanned (faster than hashing a few
/// entries), a long one hashed.
#[derive(Debug)]
pub(crate) enum Names {
    Few(Box<[Box<str>]>),
    Many(foldhash::HashSet<Box<str>>),
}

impl Names {
    pub(crate) fn new(list: &[String]) -> Names {
        if list.len() <= 8 {
            Names::Few(list.iter().map(|s| s.as_str().into()).collect())
        } else {
            Names::Many(list.iter().map(|s| s.as_str().into()).collect())
        }
    }

    #[inline]
    pub(crate) fn contains(&self, name: &str) -> bool {
        match self {
            Names::Few(v) => v.iter().any(|n| &**n == name),
            Names::Many(h) => h.contains(name),
        }
    }
}

/// Which lines a promotion counts (reference: [The rules file](crate::_documentation::reference#the-rules-file)).
#[derive(Debug, Default)]
pub(crate) struct Scope {
    pub(crate) skus: Option<Names>,
    pub(crate) categories: Option<Names>,
    pub(crate) exclude: Option<Names>,
    /// Platform coupons only.
    pub(crate) shops: Option<Names>,
}

impl Scope {
    /// A rules file's scope, compiled.
    pub(crate) fn new(s: &crate::model::Scope) -> Scope {
        let names = |l: &Option<Vec<String>>| l.as_deref().map(Names::new);
        Scope {
            skus: names(&s.skus),
            categories: names(&s.categories),
            exclude: names(&s.exclude_skus),
            shops: names(&s.shops),
        }
    }

    /// True when every line of the shop (of the cart) counts.
    #[inline]
    pub(crate) fn is_everything(&self) -> bool {
        self.skus.is_none()
            && self.categories.is_none()
            && self.exclude.is_none()
            && self.shops.is_none()
    }

    /// Whether the line counts (its shop is the promotion's, or is checked by `shops`).
    pub(crate) fn matches(&self, line: &Line) -> bool {
        if self.exclude.as_ref().is_some_and(|x| x.contains(&line.sku)) {
            return false;
        }
        if self.shops.as_ref().is_some_and(|s| !s.contains(&line.shop)) {
            return false;
        }
        if self.skus.is_none() && self.categories.is_none() {
            return true;
        }
        self.skus.as_ref().is_some_and(|s| s.contains(&line.sku))
            || match (&self.categories, &line.category) {
                (Some(c), Some(cat)) => c.contains(cat),
                _ => false,
            }
    }
}

/// Who may use a promotion (reference: [Audience](crate::_documentation::reference#audience)).
#[derive(Debug, Default)]
pub(crate) struct Audience {
    /// `Some(true)`: no earlier order; `Some(false)`: at least one.
    pub(crate) new_customer: Option<bool>,
    pub(crate) min_orders: Option<u64>,
    pub(crate) max_orders: Option<u64>,
    pub(crate) min_member_tier: Option<u32>,
    /// Boxed, as `exclude_segments`: few promotions name segments, and every
    /// head carries an audience.
    pub(crate) segments: Option<Box<Names>>,
    pub(crate) exclude_segments: Option<Box<Names>>,
    pub(crate) lifecycle: Option<Box<[Lifecycle]>>,
    pub(crate) birthday: bool,
}

impl Audience {
    #[inline]
    pub(crate) fn is_everyone(&self) -> bool {
        self.new_customer.is_none()
            && self.min_orders.is_none()
            && self.max_orders.is_none()
            && self.min_member_tier.is_none()
            && self.segments.is_none()
            && self.exclude_segments.is_none()
            && self.lifecycle.is_none()
            && !self.birthday
    }

    /// Whether the rule asks about the customer's earlier orders.
    #[inline]
    pub(crate) fn counts_orders(&self) -> bool {
        self.new_customer.is_some() || self.min_orders.is_some() || self.max_orders.is_some()
    }
}

/// Stage 1: 单品优惠.
#[derive(Debug)]
pub(crate) struct ItemRule {
    pub(crate) promo: PromoId,
    pub(crate) benefit: ItemBenefit,
    /// 1, or `nth.n` of 第N件X折: of a line's `q` units, `⌊q / every⌋` get the benefit.
    pub(crate) every: u32,
    pub(crate) max_units: Option<u32>,
}

/// How an item discount sets the new unit price.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ItemBenefit {
    Fold(Fold),
    AmountOff(Fen),
    Fixed(Fen),
}

/// Stage 1: 搭配套餐, a set of SKUs sold for one price.
#[derive(Clone, Debug)]
pub(crate) struct BundleRule {
    pub(crate) promo: PromoId,
    /// (SKU, units in one set), SKUs distinct.
    pub(crate) items: Box<[(Box<str>, u32)]>,
    /// The price of one set.
    pub(crate) price: Fen,
    pub(crate) max_sets: Option<u32>,
}

/// Stage 2: 满优惠.
#[derive(Debug)]
pub(crate) struct OfferRule {
    pub(crate) promo: PromoId,
    pub(crate) offer: Offer,
}

#[derive(Clone, Debug)]
pub(crate) enum Offer {
    /// The highest tier met applies, alone.
    Tiers { by_units: bool, tiers: Box<[Tier]> },
    /// 每满减: `⌊base / x⌋ × y`, at most `max_off`.
    Every {
        x: Fen,
        y: Fen,
        max_off: Option<Fen>,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Tier {
    /// `min_amount` in fen, or `min_quantity` in units.
    pub(crate) min: i64,
    pub(crate) off: Option<TierOff>,
    pub(crate) free_shipping: bool,
    pub(crate) gifts: Box<[Gift]>,
    /// Σ value × quantity of the gifts.
    pub(crate) gift_value: i128,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum TierOff {
    Amount(Fen),
    Fold(Fold),
}

#[derive(Clone, Debug)]
pub(crate) struct Gift {
    pub(crate) sku: Box<str>,
    pub(crate) quantity: u32,
}

/// Stages 3 and 5: a shop or a platform coupon.
#[derive(Debug)]
pub(crate) struct CouponRule {
    pub(crate) promo: PromoId,
    pub(crate) min_amount: Fen,
    pub(crate) off: CouponOff,
    /// The coupon's place among all coupon ids in byte order (for `best`'s tie-break).
    pub(crate) rank: u32,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum CouponOff {
    Amount(Fen),
    Fold(Fold, Option<Fen>),
}

/// Stage 4: 店铺返利金.
#[derive(Debug)]
pub(crate) struct RebateRule {
    pub(crate) promo: PromoId,
    pub(crate) max_ratio: Ratio,
    pub(crate) min_amount: Fen,
    pub(crate) earn_ratio: Option<Ratio>,
    /// Its scope among the shop's rebate scopes (programs with one scope share a base).
    pub(crate) group: u32,
}
