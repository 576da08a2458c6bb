//! From the rules that passed the [compiler](super::compiler)'s checks to the
//! [compiled form](super::compiled), one phase after another: the promotions
//! numbered, the coupons ranked, the shops interned, each shop's promotions
//! grouped, the scopes interned, the typed lists filled and the heads indexed.
//!
//! Each phase is a function that takes what it reads and returns what it
//! made, named; what a phase needs only for itself ends with it.

use std::ops::Range;

use super::compiled::{
    Audience, BundleRule, Catalog, CouponOff, CouponRule, Head, IdIndex, ItemBenefit, ItemRule,
    Offer, OfferRule, RebateRule, Scope, ShopRules, UseLimits, Window,
};
use crate::ids::PromoId;
use crate::model::{self, Promotion, PromotionType, Rules};
use crate::money::{Fen, Ratio};

/// A promotion that passed its checks: what [`build`] needs of it besides
/// the rules file's own text (`index`: its place in `rules.promotions`).
pub(crate) struct Checked {
    pub(super) index: usize,
    pub(super) window: Window,
    pub(super) audience: Audience,
    pub(super) limits: UseLimits,
    pub(super) rule: Rule,
}

/// What a promotion of each type does, checked.
#[derive(Clone, Debug)]
pub(super) enum Rule {
    Item {
        benefit: ItemBenefit,
        /// 1, or `nth.n`: every `every`-th unit of a line gets the benefit.
        every: u32,
        max_units: Option<u32>,
    },
    Bundle {
        items: Box<[(Box<str>, u32)]>,
        price: Fen,
        max_sets: Option<u32>,
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

/// Builds the compiled form from rules that passed
/// [`check`](super::compiler::check) without an error, moving their text
/// into it.
pub(crate) fn build(mut rules: Rules, checked: Vec<Checked>) -> Catalog {
    let lists = {
        let numbered = number(&rules.promotions, &checked);
        let ranks = rank_coupons(&numbered);
        let shops = intern_shops(&numbered);
        let groups = group_by_shop(&shops);
        let scopes = intern_scopes(&numbered, &groups);
        let Numbered { order, .. } = numbered;
        fill_lists(checked, &order, &ranks, &shops, &groups, scopes)
    };
    let heads = make_heads(&mut rules.promotions, lists.commons);
    let by_id = IdIndex::new(&heads);
    Catalog {
        settings: rules.settings,
        heads,
        items: lists.items,
        bundles: lists.bundles,
        offers: lists.offers,
        shop_coupons: lists.shop_coupons,
        rebates: lists.rebates,
        platform_coupons: lists.platform_coupons,
        scopes: lists.scopes,
        shops: lists.shops,
        shop_index: lists.shop_index,
        platform_scopes: lists.platform_scopes,
        by_id,
    }
}

/// The checked promotions numbered in `PromoId` order: [`PromoId`] `k` is
/// `checked[order[k]]`.
struct Numbered<'r, 'c> {
    promotions: &'r [Promotion],
    checked: &'c [Checked],
    order: Vec<usize>,
}

impl<'r, 'c> Numbered<'r, 'c> {
    fn len(&self) -> usize {
        self.order.len()
    }

    /// The rules file's promotion numbered `k`.
    fn promotion(&self, k: usize) -> &'r Promotion {
        &self.promotions[self.checked[self.order[k]].index]
    }

    /// What the checks made of the promotion numbered `k`.
    fn rule(&self, k: usize) -> &'c Rule {
        &self.checked[self.order[k]].rule
    }
}

/// Phase 1: numbers the promotions in (stage, id) order, so that sorting by
/// `PromoId` sorts every list of the quote as the contract orders it.
///
/// The first 8 bytes of an id, as a big-endian number, order ids as their
/// bytes do; only ids that share them are compared whole.
fn number<'r, 'c>(promotions: &'r [Promotion], checked: &'c [Checked]) -> Numbered<'r, 'c> {
    let promotion = |c: &Checked| &promotions[c.index];
    let prefix = |id: &str| -> u64 {
        let mut x = [0u8; 8];
        let k = id.len().min(8);
        x[..k].copy_from_slice(&id.as_bytes()[..k]);
        u64::from_be_bytes(x)
    };
    /// A promotion's sort key, cheap to compare.
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    struct Key {
        stage: u8,
        prefix: u64,
        checked: u32,
    }
    let mut keys: Vec<Key> = checked
        .iter()
        .enumerate()
        .map(|(k, c)| Key {
            stage: promotion(c).kind.stage() as u8,
            prefix: prefix(&promotion(c).id),
            checked: k as u32,
        })
        .collect();
    keys.sort_unstable();
    let mut i = 0;
    while i < keys.len() {
        let same = |k: &Key| (k.stage, k.prefix) == (keys[i].stage, keys[i].prefix);
        let j = i + keys[i..].iter().take_while(|k| same(k)).count();
        if j - i > 1 {
            keys[i..j].sort_unstable_by(|a, b| {
                let id = |k: &Key| &promotion(&checked[k.checked as usize]).id;
                id(a).cmp(id(b))
            });
        }
        i = j;
    }
    Numbered {
        promotions,
        checked,
        order: keys.iter().map(|k| k.checked as usize).collect(),
    }
}

/// Each coupon's place among every coupon id in byte order (`best`'s
/// tie-break), by `PromoId`; 0 for the other types.
struct CouponRanks {
    rank: Vec<u32>,
}

/// Phase 2: ranks the coupons. The shop coupons and the platform coupons are
/// each already in id order (two runs of the numbering): merging them ranks
/// every coupon.
fn rank_coupons(numbered: &Numbered<'_, '_>) -> CouponRanks {
    let run = |t: PromotionType| -> Vec<usize> {
        (0..numbered.len())
            .filter(|&k| numbered.promotion(k).kind == t)
            .collect()
    };
    let shop_run = run(PromotionType::ShopCoupon);
    let platform_run = run(PromotionType::PlatformCoupon);
    let id = |k: usize| &numbered.promotion(k).id;
    let mut rank = vec![0u32; numbered.len()];
    let (mut i, mut j, mut r) = (0, 0, 0u32);
    while i < shop_run.len() || j < platform_run.len() {
        let shop_first = j == platform_run.len()
            || (i < shop_run.len() && id(shop_run[i]) < id(platform_run[j]));
        let k = if shop_first {
            i += 1;
            shop_run[i - 1]
        } else {
            j += 1;
            platform_run[j - 1]
        };
        rank[k] = r;
        r += 1;
    }
    CouponRanks { rank }
}

/// The shops that have promotions, numbered in the rules file's order.
struct Shops<'a> {
    /// Shop number → name.
    names: Vec<&'a str>,
    /// `PromoId` → its shop's number; `None` for a platform coupon.
    of: Vec<Option<u32>>,
}

impl Shops<'_> {
    /// The group of the platform coupons: the one after the last shop.
    fn platform(&self) -> usize {
        self.names.len()
    }

    /// The group of the promotion numbered `k`: its shop, or the platform.
    fn group(&self, k: usize) -> usize {
        self.of[k].map_or(self.platform(), |s| s as usize)
    }
}

/// Phase 3: interns the promotions' shops, numbered in the order the rules
/// file first names them.
fn intern_shops<'r>(numbered: &Numbered<'r, '_>) -> Shops<'r> {
    let mut names: Vec<&'r str> = Vec::new();
    let mut number_of: foldhash::HashMap<&'r str, u32> = foldhash::HashMap::default();
    let mut by_checked = vec![None; numbered.checked.len()];
    for (i, c) in numbered.checked.iter().enumerate() {
        let p: &'r Promotion = &numbered.promotions[c.index];
        if let (Some(shop), false) = (p.shop.as_deref(), p.kind == PromotionType::PlatformCoupon) {
            let next = names.len() as u32;
            by_checked[i] = Some(*number_of.entry(shop).or_insert_with(|| {
                names.push(shop);
                next
            }));
        }
    }
    Shops {
        names,
        of: numbered.order.iter().map(|&i| by_checked[i]).collect(),
    }
}

/// Every shop's promotions (the platform's last), each in `PromoId` order
/// (so by stage, then id).
struct Groups {
    /// Group `g`'s members are `members[start[g]..start[g + 1]]`.
    start: Vec<u32>,
    members: Vec<u32>,
}

impl Groups {
    fn count(&self) -> usize {
        self.start.len() - 1
    }

    /// The `PromoId`s of group `g`, in order.
    fn members(&self, g: usize) -> impl Iterator<Item = usize> + '_ {
        self.members[self.start[g] as usize..self.start[g + 1] as usize]
            .iter()
            .map(|&k| k as usize)
    }
}

/// Phase 4: groups the promotions by shop (a counting sort, which keeps
/// `PromoId` order within a group).
fn group_by_shop(shops: &Shops<'_>) -> Groups {
    let n = shops.of.len();
    let groups = shops.platform() + 1;
    let mut start = vec![0u32; groups + 1];
    for k in 0..n {
        start[shops.group(k) + 1] += 1;
    }
    for g in 0..groups {
        start[g + 1] += start[g];
    }
    let mut cursor = start.clone();
    let mut members = vec![0u32; n];
    for k in 0..n {
        let at = &mut cursor[shops.group(k)];
        members[*at as usize] = k as u32;
        *at += 1;
    }
    Groups { start, members }
}

/// The distinct scopes of each group, and which one each promotion has.
struct Scopes {
    /// Every group's distinct scopes, one group after another.
    list: Vec<Scope>,
    /// Group → its range of `list`.
    ranges: Vec<Range<u32>>,
    /// `PromoId` → its scope, numbered within its group's range.
    local: Vec<u32>,
    /// Group → the numbers of its distinct rebate scopes, counted over every
    /// group, one group after another.
    rebate_ranges: Vec<Range<u32>>,
    /// `PromoId` → its rebate scope, numbered within its group's range (0
    /// for a promotion that is not a rebate program).
    rebate_group: Vec<u32>,
}

/// Phase 5: interns the scopes, per group, and numbers the rebate programs'
/// scopes per shop (programs of one scope share a base).
fn intern_scopes(numbered: &Numbered<'_, '_>, groups: &Groups) -> Scopes {
    let n = numbered.len();
    let mut s = Scopes {
        list: Vec::new(),
        ranges: Vec::with_capacity(groups.count()),
        local: vec![0; n],
        rebate_ranges: Vec::with_capacity(groups.count()),
        rebate_group: vec![0; n],
    };
    let mut interned: foldhash::HashMap<&model::Scope, u32> = foldhash::HashMap::default();
    let mut numbered_rebates: foldhash::HashMap<u32, u32> = foldhash::HashMap::default();
    for g in 0..groups.count() {
        let scopes_start = s.list.len() as u32;
        interned.clear();
        for k in groups.members(g) {
            let spec = numbered.promotion(k).scope.as_ref().unwrap_or(EVERYTHING);
            let next = interned.len() as u32;
            s.local[k] = *interned.entry(spec).or_insert_with(|| {
                s.list.push(Scope::new(spec));
                next
            });
        }
        s.ranges.push(scopes_start..s.list.len() as u32);
        numbered_rebates.clear();
        for k in groups.members(g) {
            if let Rule::Rebate { .. } = numbered.rule(k) {
                let next = numbered_rebates.len() as u32;
                s.rebate_group[k] = *numbered_rebates.entry(s.local[k]).or_insert(next);
            }
        }
        let rebates_start = s.rebate_ranges.last().map_or(0, |r| r.end);
        s.rebate_ranges
            .push(rebates_start..rebates_start + numbered_rebates.len() as u32);
    }
    s
}

const EVERYTHING: &model::Scope = &model::Scope {
    skus: None,
    categories: None,
    exclude_skus: None,
    shops: None,
};

/// What a promotion's head takes from its checks, by `PromoId`.
struct Common {
    /// Its place in `rules.promotions`.
    index: usize,
    window: Window,
    audience: Audience,
    limits: UseLimits,
    /// Its scope, local to its group's scopes.
    scope: u32,
}

/// The typed lists of the compiled form, each shop's promotions of one type a
/// contiguous range of its list, by id.
struct Lists {
    items: Vec<ItemRule>,
    bundles: Vec<BundleRule>,
    offers: Vec<OfferRule>,
    shop_coupons: Vec<CouponRule>,
    rebates: Vec<RebateRule>,
    platform_coupons: Vec<CouponRule>,
    scopes: Vec<Scope>,
    shops: Vec<ShopRules>,
    shop_index: foldhash::HashMap<Box<str>, u32>,
    platform_scopes: Range<u32>,
    /// The rest of each promotion, for its head, in `PromoId` order.
    commons: Vec<Common>,
}

impl Lists {
    /// The lengths of the lists that hold a shop's ranges.
    fn lens(&self) -> [u32; 5] {
        [
            self.items.len() as u32,
            self.offers.len() as u32,
            self.shop_coupons.len() as u32,
            self.rebates.len() as u32,
            self.bundles.len() as u32,
        ]
    }
}

/// Phase 6: moves each checked rule into its type's list, group after group
/// (a group's members are in stage order, so each type is a contiguous range
/// of its list, by id), and notes where each shop's ranges are.
fn fill_lists(
    checked: Vec<Checked>,
    order: &[usize],
    ranks: &CouponRanks,
    shops: &Shops<'_>,
    groups: &Groups,
    scopes: Scopes,
) -> Lists {
    let n = order.len();
    let platform = shops.platform();
    let mut slots: Vec<Option<Checked>> = checked.into_iter().map(Some).collect();
    let mut commons: Vec<Option<Common>> = Vec::with_capacity(n);
    commons.resize_with(n, || None);
    let mut l = Lists {
        items: Vec::new(),
        bundles: Vec::new(),
        offers: Vec::new(),
        shop_coupons: Vec::new(),
        rebates: Vec::new(),
        platform_coupons: Vec::new(),
        scopes: scopes.list,
        shops: Vec::with_capacity(platform),
        shop_index: foldhash::HashMap::default(),
        platform_scopes: 0..0,
        commons: Vec::new(),
    };
    for g in 0..groups.count() {
        let before = l.lens();
        for k in groups.members(g) {
            let Some(c) = slots[order[k]].take() else {
                continue;
            };
            commons[k] = Some(Common {
                index: c.index,
                window: c.window,
                audience: c.audience,
                limits: c.limits,
                scope: scopes.local[k],
            });
            let promo = PromoId::new(k);
            match c.rule {
                Rule::Item {
                    benefit,
                    every,
                    max_units,
                } => l.items.push(ItemRule {
                    promo,
                    benefit,
                    every,
                    max_units,
                }),
                Rule::Bundle {
                    items,
                    price,
                    max_sets,
                } => l.bundles.push(BundleRule {
                    promo,
                    items,
                    price,
                    max_sets,
                }),
                Rule::Offer(offer) => l.offers.push(OfferRule { promo, offer }),
                Rule::Coupon { min_amount, off } => {
                    let c = CouponRule {
                        promo,
                        min_amount,
                        off,
                        rank: ranks.rank[k],
                    };
                    if g == platform {
                        l.platform_coupons.push(c);
                    } else {
                        l.shop_coupons.push(c);
                    }
                }
                Rule::Rebate {
                    max_ratio,
                    min_amount,
                    earn_ratio,
                } => l.rebates.push(RebateRule {
                    promo,
                    max_ratio,
                    min_amount,
                    earn_ratio,
                    group: scopes.rebate_group[k],
                }),
            }
        }
        if g == platform {
            l.platform_scopes = scopes.ranges[g].clone();
            continue;
        }
        let after = l.lens();
        let range = |t: usize| before[t]..after[t];
        l.shop_index.insert(shops.names[g].into(), g as u32);
        l.shops.push(ShopRules {
            items: range(0),
            offers: range(1),
            coupons: range(2),
            rebates: range(3),
            bundles: range(4),
            scopes: scopes.ranges[g].clone(),
            rebate_groups: scopes.rebate_ranges[g].clone(),
        });
    }
    l.commons = commons.into_iter().flatten().collect();
    l
}

/// Phase 7: each promotion's head, in `PromoId` order, with its text moved
/// out of the rules file.
fn make_heads(promotions: &mut [Promotion], commons: Vec<Common>) -> Vec<Head> {
    commons
        .into_iter()
        .map(|c| {
            let p = &mut promotions[c.index];
            Head {
                id: std::mem::take(&mut p.id).into_boxed_str(),
                name: p.name.take().map(String::into_boxed_str),
                stage: p.kind.stage(),
                shop: if p.kind == PromotionType::PlatformCoupon {
                    None
                } else {
                    p.shop.take().map(String::into_boxed_str)
                },
                window: c.window,
                audience: c.audience,
                scope: c.scope,
                limits: c.limits,
            }
        })
        .collect()
}
