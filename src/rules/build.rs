//! From the rules that passed the [compiler](super::compiler)'s checks to the
//! [compiled form](super::compiled), one phase after another: the promotions
//! numbered, the coupons ranked, the shops interned, each shop's promotions
//! grouped, the scopes interned, each shop's ranges of the typed lists
//! found, the heads made in `PromoId` order and the lists filled in theirs;
//! the check's index of the ids is renumbered rather than made again.
//!
//! Each phase is a function that takes what it reads and returns what it
//! made, named; what a phase needs only for itself ends with it.
//!
//! The rules file is large (100,000 promotions of 656 bytes each are 65 MB),
//! so the phases read it in its own order, once where they can, and keep
//! what later phases need in small arrays (`Key`); they fill lists of known
//! length in place rather than growing them (the profile that led here is in
//! BENCHMARKS.md, "`Engine::new` on 100,005 promotions").

use std::ops::Range;
use std::sync::Arc;

use super::compiled::{
    Audience, BundleRule, Catalog, CouponOff, CouponRule, Head, IdIndex, ItemBenefit, ItemRule,
    Offer, OfferRule, RebateRule, Scope, ShopRules, UseLimits, Window,
};
use crate::ids::PromoId;
use crate::model::{self, Promotion, PromotionType, Rules, Stage};
use crate::money::{Fen, Ratio};

/// A promotion that passed its checks: what [`build`] needs of it besides
/// the rules file's own text (`index`: its place in `rules.promotions`).
pub(crate) struct Checked {
    pub(super) index: usize,
    pub(super) window: Window,
    pub(super) audience: Audience,
    pub(super) limits: UseLimits,
    /// Always given by the check; taken when the rule moves to its list.
    pub(super) rule: Option<Rule>,
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
/// into it; `ids` is the check's index of the ids
/// ([`Checks::ids`](super::compiler::Checks::ids)).
pub(crate) fn build(rules: Rules, checked: Vec<Checked>, ids: IdIndex) -> (Catalog, Freeing) {
    let passed = checked.iter().map(|c| c.index).collect();
    let plan = plan(&rules.promotions, passed);
    finish(rules, checked, plan, ids)
}

/// Where every promotion goes (phases 1 to 6), made from the rules file's
/// promotions alone and which of them passed: every phase but the last,
/// which moves the checked rules into place.
pub(crate) struct Plan {
    /// `rules.promotions[passed[k]]` is the `k`-th checked promotion.
    passed: Vec<usize>,
    keys: Vec<Key>,
    ranks: CouponRanks,
    places: Places,
}

/// Phases 1 to 6 for the promotions `rules.promotions[passed[k]]`, in that
/// order: what [`build`] makes before it moves the checked rules.
///
/// It reads nothing [`check`](super::compiler::check) makes, and it makes
/// no assumption of the promotions that the check would refuse (any list
/// the file gives is read as it is, none is trusted to be short or
/// distinct), so [`Engine::new`](crate::Engine::new) can make the plan of
/// every promotion while the check runs and use it if every promotion
/// passed.
pub(crate) fn plan(promotions: &[Promotion], passed: Vec<usize>) -> Plan {
    let (keys, ranks, places) = {
        let numbered = number(promotions, &passed);
        let ranks = rank_coupons(&numbered);
        let shops = intern_shops(&numbered);
        let groups = group_by_shop(&shops);
        let scopes = intern_scopes(&numbered, &groups);
        let places = place(&numbered, shops, groups, scopes);
        (numbered.keys, ranks, places)
    };
    Plan {
        passed,
        keys,
        ranks,
        places,
    }
}

impl Plan {
    /// Whether this is the plan of these checked promotions.
    pub(crate) fn is_for(&self, checked: &[Checked]) -> bool {
        self.passed.len() == checked.len()
            && self.passed.iter().zip(checked).all(|(&i, c)| i == c.index)
    }
}

/// The last phase of [`build`] with the `plan` of `checked` (see
/// [`Plan::is_for`]) and the check's index of the ids (every promotion
/// passed, so it holds every id).
///
/// For a large file the heads are made on a thread of their own while this
/// one fills the typed lists (the two read different parts of each checked
/// promotion: the rules are taken out of `checked` first); that thread then
/// frees what is left of the rules file.
pub(crate) fn finish(
    rules: Rules,
    checked: Vec<Checked>,
    plan: Plan,
    ids: IdIndex,
) -> (Catalog, Freeing) {
    finish_apart_from(rules, checked, plan, ids, FREE_APART_FROM)
}

/// [`finish`], the heads made apart from `apart_from` promotions on (the
/// tests make a large file's heads here too, to compare both ways).
pub(crate) fn finish_apart_from(
    mut rules: Rules,
    mut checked: Vec<Checked>,
    plan: Plan,
    mut ids: IdIndex,
    apart_from: usize,
) -> (Catalog, Freeing) {
    debug_assert!(plan.is_for(&checked));
    let Plan {
        passed,
        keys,
        ranks,
        mut places,
    } = plan;
    drop(passed);
    let keys = Arc::new(keys);
    let mut rule_of: Vec<Option<Rule>> = checked.iter_mut().map(|c| c.rule.take()).collect();
    let of_heads = HeadPlaces {
        shop_of: std::mem::take(&mut places.shop_of),
        names: std::mem::take(&mut places.names),
        local: std::mem::take(&mut places.scopes.local),
    };
    let work = HeadWork {
        checked,
        promotions: std::mem::take(&mut rules.promotions),
        keys: Arc::clone(&keys),
        places: of_heads,
    };
    let (heads, promo_of, freeing, lists) = if work.promotions.len() < apart_from {
        let (heads, promo_of) = work.heads();
        let lists = lists(&mut rule_of, &keys, &ranks, places);
        (heads, promo_of, Freeing(None), lists)
    } else {
        apart(work, || lists(&mut rule_of, &keys, &ranks, places))
    };
    debug_assert_eq!(ids.table.len(), heads.len());
    ids.renumber(&promo_of);
    drop((rule_of, keys, ranks, promo_of));
    let catalog = Catalog {
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
        by_id: ids,
    };
    (catalog, freeing)
}

/// The heads made on a thread of their own (which then frees what is left
/// of the rules file, each promotion emptied of its id and name: for
/// 100,000 promotions ~30 M instructions, nearly all frees) while this one
/// runs `meanwhile`; here if no thread can be started.
fn apart<T>(work: HeadWork, meanwhile: impl FnOnce() -> T) -> (Vec<Head>, Vec<u32>, Freeing, T) {
    use std::sync::mpsc::sync_channel;
    let (give, inbox) = sync_channel::<HeadWork>(1);
    let (send, made) = sync_channel(1);
    let thread = std::thread::Builder::new()
        .name("youhui-free".into())
        .spawn(move || {
            if let Ok(work) = inbox.recv() {
                let rest = work.heads_and_rest();
                // The heads go back before the rest is freed; if this
                // thread's owner is gone, they are freed here too.
                let _ = send.send(rest.0);
                drop(rest.1);
            }
        });
    let Ok(thread) = thread else {
        let (heads, promo_of) = work.heads();
        let t = meanwhile();
        return (heads, promo_of, Freeing(None), t);
    };
    // The thread waits for this: it cannot be gone.
    give.send(work).ok();
    let t = meanwhile();
    match made.recv() {
        Ok((heads, promo_of)) => (heads, promo_of, Freeing(Some(thread)), t),
        // The thread panicked before it sent the heads: its panic is this one's.
        Err(_) => match thread.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the thread sends the heads before it ends"),
        },
    }
}

/// What is left of a large rules file, freed on a thread of its own;
/// [`Engine`](crate::Engine) waits for it when it is dropped
/// ([`Freeing::wait`]), so nothing of the file outlives the engine.
#[derive(Debug, Default)]
pub(crate) struct Freeing(Option<std::thread::JoinHandle<()>>);

impl Freeing {
    /// Frees `rest` on a thread of its own if it holds [`FREE_APART_FROM`]
    /// values or more (here if not, or if no thread can be started).
    pub(crate) fn apart<T: Send + 'static>(rest: Vec<T>) -> Freeing {
        if rest.len() < FREE_APART_FROM {
            return Freeing(None);
        }
        // If no thread can be started, the closure, and the rest with it, is
        // dropped here.
        let thread = std::thread::Builder::new()
            .name("youhui-free".into())
            .spawn(move || drop(rest));
        Freeing(thread.ok())
    }

    /// Waits until the rules file is freed.
    pub(crate) fn wait(&mut self) {
        if let Some(thread) = self.0.take() {
            // Dropping promotions does not panic; if it did, the panic
            // would be the thread's alone.
            let _ = thread.join();
        }
    }
}

/// From this many promotions on, what is left of the rules file is freed on
/// a thread of its own while [`finish`] fills the lists and the engine is
/// used (a thread takes ~20 µs to start).
const FREE_APART_FROM: usize = 4096;

/// What the numbering sorts a promotion by, with what later phases read of
/// it without going back to the rules file.
#[derive(Clone, Copy)]
struct Key {
    stage: u8,
    /// The first 8 bytes of its id (see [`prefix`]).
    prefix: u64,
    /// Its place among the checked promotions (`passed`).
    checked: u32,
    kind: PromotionType,
}

/// The checked promotions numbered in `PromoId` order: [`PromoId`] `k` is
/// `promotions[passed[keys[k].checked]]`.
struct Numbered<'r, 'c> {
    promotions: &'r [Promotion],
    passed: &'c [usize],
    keys: Vec<Key>,
}

impl<'r> Numbered<'r, '_> {
    fn len(&self) -> usize {
        self.keys.len()
    }

    /// The rules file's promotion numbered `k`.
    fn promotion(&self, k: usize) -> &'r Promotion {
        &self.promotions[self.passed[self.keys[k].checked as usize]]
    }

    /// The `PromoId`s of the promotions of `stage`: a run of the numbering.
    fn run(&self, stage: Stage) -> Range<usize> {
        let s = stage as u8;
        self.keys.partition_point(|k| k.stage < s)..self.keys.partition_point(|k| k.stage <= s)
    }
}

/// Phase 1: numbers the promotions in (stage, id) order, so that sorting by
/// `PromoId` sorts every list of the quote as the contract orders it; only
/// ids that share their first 8 bytes are compared whole.
///
/// The promotions are first put in stage order by counting (keeping the
/// file's order within a stage), then each stage is sorted by a stable sort,
/// which takes one pass over a stage whose promotions the file lists in id
/// order, as a generated rules file often does.
fn number<'r, 'c>(promotions: &'r [Promotion], passed: &'c [usize]) -> Numbered<'r, 'c> {
    let promotion = |&i: &usize| &promotions[i];
    const STAGES: usize = Stage::Points as usize + 1;
    let mut start = [0usize; STAGES + 1];
    for c in passed {
        start[promotion(c).kind.stage() as usize + 1] += 1;
    }
    for s in 0..STAGES {
        start[s + 1] += start[s];
    }
    // Every place is written once below (the counts above are the places'
    // starts): the first value is only a filler.
    let filler = Key {
        stage: 0,
        prefix: 0,
        checked: 0,
        kind: PromotionType::ItemDiscount,
    };
    let mut keys = vec![filler; passed.len()];
    let mut cursor = start;
    for (k, c) in passed.iter().enumerate() {
        let p = promotion(c);
        let stage = p.kind.stage() as usize;
        keys[cursor[stage]] = Key {
            stage: stage as u8,
            prefix: prefix(&p.id),
            checked: k as u32,
            kind: p.kind,
        };
        cursor[stage] += 1;
    }
    for s in 0..STAGES {
        sort_nearly_in_order(&mut keys[start[s]..start[s + 1]]);
    }
    let mut i = 0;
    while i < keys.len() {
        let same = |k: &Key| (k.stage, k.prefix) == (keys[i].stage, keys[i].prefix);
        let j = i + keys[i..].iter().take_while(|k| same(k)).count();
        if j - i > 1 {
            keys[i..j].sort_unstable_by(|a, b| {
                let id = |k: &Key| &promotion(&passed[k.checked as usize]).id;
                id(a).cmp(id(b))
            });
        }
        i = j;
    }
    Numbered {
        promotions,
        passed,
        keys,
    }
}

/// Sorts `keys` by prefix, stably. A generated rules file lists most of a
/// stage's promotions in id order, with a few out of place (two shops listed
/// first, a shop's `-sc` before its `-c0`): an insertion sort moves those
/// past the keys they jump, one pass and a few moves each, where the
/// library's stable sort (which finds no long run in such a stage) sorts it
/// whole. A stage further from order than `8` moves a key on average is
/// left to the library's sort, so no file costs more than that pass and
/// those moves besides.
fn sort_nearly_in_order(keys: &mut [Key]) {
    let mut moves = keys.len().saturating_mul(8);
    for i in 1..keys.len() {
        let x = keys[i].prefix;
        let mut j = i;
        while j > 0 && keys[j - 1].prefix > x {
            if moves == 0 {
                keys.sort_by_key(|k| k.prefix);
                return;
            }
            moves -= 1;
            j -= 1;
        }
        if j < i {
            keys[j..=i].rotate_right(1);
        }
    }
}

/// The first 8 bytes of an id as a big-endian number (zeros after a shorter
/// id, which holds no NUL): ids whose prefixes differ are ordered by them.
fn prefix(id: &str) -> u64 {
    let mut x = [0u8; 8];
    let k = id.len().min(8);
    x[..k].copy_from_slice(&id.as_bytes()[..k]);
    u64::from_be_bytes(x)
}

/// Each coupon's place among every coupon id in byte order (`best`'s
/// tie-break), by `PromoId`; 0 for the other types.
struct CouponRanks {
    rank: Vec<u32>,
}

/// Phase 2: ranks the coupons. The shop coupons and the platform coupons are
/// each a run of the numbering, in id order: merging the two runs ranks every
/// coupon.
fn rank_coupons(numbered: &Numbered<'_, '_>) -> CouponRanks {
    let shop_run = numbered.run(Stage::ShopCoupon);
    let platform_run = numbered.run(Stage::PlatformCoupon);
    let before = |a: usize, b: usize| {
        let (x, y) = (&numbered.keys[a], &numbered.keys[b]);
        x.prefix < y.prefix
            || (x.prefix == y.prefix && numbered.promotion(a).id < numbered.promotion(b).id)
    };
    let mut rank = vec![0u32; numbered.len()];
    let (mut i, mut j, mut r) = (shop_run.start, platform_run.start, 0u32);
    while i < shop_run.end || j < platform_run.end {
        let shop_first = j == platform_run.end || (i < shop_run.end && before(i, j));
        let k = if shop_first {
            i += 1;
            i - 1
        } else {
            j += 1;
            j - 1
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
/// file first names them. A rules file lists a shop's promotions together,
/// mostly: a promotion of the previous promotion's shop is not hashed.
fn intern_shops<'r>(numbered: &Numbered<'r, '_>) -> Shops<'r> {
    let mut names: Vec<&'r str> = Vec::new();
    let mut number_of: foldhash::HashMap<&'r str, u32> = foldhash::HashMap::default();
    let mut last: Option<(&'r str, u32)> = None;
    let mut by_checked = Vec::with_capacity(numbered.passed.len());
    for &i in numbered.passed {
        let p: &'r Promotion = &numbered.promotions[i];
        let shop = match (p.shop.as_deref(), p.kind) {
            (_, PromotionType::PlatformCoupon) | (None, _) => None,
            (Some(shop), _) => Some(match last {
                Some((name, n)) if name == shop => n,
                _ => {
                    let next = names.len() as u32;
                    let n = *number_of.entry(shop).or_insert_with(|| {
                        names.push(shop);
                        next
                    });
                    last = Some((shop, n));
                    n
                }
            }),
        };
        by_checked.push(shop);
    }
    Shops {
        names,
        of: numbered
            .keys
            .iter()
            .map(|k| by_checked[k.checked as usize])
            .collect(),
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
/// scopes per shop (programs of one scope share a base). A promotion without
/// a scope (most) takes its group's "everything" without hashing.
fn intern_scopes(numbered: &Numbered<'_, '_>, groups: &Groups) -> Scopes {
    let n = numbered.len();
    // Read in the rules file's order (where the promotions are), used by `PromoId`.
    let by_checked: Vec<Option<&model::Scope>> = numbered
        .passed
        .iter()
        .map(|&i| numbered.promotions[i].scope.as_ref())
        .collect();
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
        let mut everything: Option<u32> = None;
        for k in groups.members(g) {
            let next = (s.list.len() as u32) - scopes_start;
            s.local[k] = match by_checked[numbered.keys[k].checked as usize] {
                None => *everything.get_or_insert_with(|| {
                    s.list.push(Scope::default());
                    next
                }),
                Some(spec) => *interned.entry(spec).or_insert_with(|| {
                    s.list.push(Scope::new(spec));
                    next
                }),
            };
        }
        s.ranges.push(scopes_start..s.list.len() as u32);
        numbered_rebates.clear();
        for k in groups.members(g) {
            if numbered.keys[k].kind == PromotionType::Rebate {
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

/// Which typed list a promotion goes to.
#[derive(Clone, Copy)]
enum List {
    Items,
    Bundles,
    Offers,
    ShopCoupons,
    Rebates,
    PlatformCoupons,
}

impl List {
    fn of(kind: PromotionType) -> List {
        match kind {
            PromotionType::ItemDiscount => List::Items,
            PromotionType::Bundle => List::Bundles,
            PromotionType::Threshold => List::Offers,
            PromotionType::ShopCoupon => List::ShopCoupons,
            PromotionType::Rebate => List::Rebates,
            PromotionType::PlatformCoupon => List::PlatformCoupons,
        }
    }
}

/// Where each promotion goes: each shop's ranges of the typed lists, which a
/// walk of the groups in order fills.
struct Places {
    /// The length of each typed list, by [`List`].
    lens: [u32; 6],
    shops: Vec<ShopRules>,
    /// Shop name → its number.
    shop_index: foldhash::HashMap<Arc<str>, u32>,
    /// Shop number → its name (the same as `shop_index`'s).
    names: Vec<Arc<str>>,
    /// `PromoId` → its shop's number; `None` for a platform coupon.
    shop_of: Vec<Option<u32>>,
    groups: Groups,
    platform_scopes: Range<u32>,
    scopes: Scopes,
}

/// Phase 6: counts every promotion in its typed list, group after group (a
/// group's members are in stage order, so each type is a contiguous range of
/// its list, by id), and notes where each shop's ranges are.
fn place(numbered: &Numbered<'_, '_>, shops: Shops<'_>, groups: Groups, scopes: Scopes) -> Places {
    let platform = shops.platform();
    let mut p = Places {
        lens: [0; 6],
        shops: Vec::with_capacity(platform),
        shop_index: foldhash::HashMap::default(),
        names: Vec::with_capacity(platform),
        shop_of: Vec::new(),
        groups,
        platform_scopes: 0..0,
        scopes,
    };
    p.shop_index.reserve(platform);
    for g in 0..p.groups.count() {
        let before = p.lens;
        for k in p.groups.members(g) {
            p.lens[List::of(numbered.keys[k].kind) as usize] += 1;
        }
        if g == platform {
            p.platform_scopes = p.scopes.ranges[g].clone();
            continue;
        }
        let range = |l: List| before[l as usize]..p.lens[l as usize];
        let name: Arc<str> = shops.names[g].into();
        p.shop_index.insert(name.clone(), g as u32);
        p.names.push(name);
        p.shops.push(ShopRules {
            items: range(List::Items),
            bundles: range(List::Bundles),
            offers: range(List::Offers),
            coupons: range(List::ShopCoupons),
            rebates: range(List::Rebates),
            scopes: p.scopes.ranges[g].clone(),
            rebate_groups: p.scopes.rebate_ranges[g].clone(),
        });
    }
    p.shop_of = shops.of;
    p
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
    shop_index: foldhash::HashMap<Arc<str>, u32>,
    platform_scopes: Range<u32>,
}

/// What phase 7 reads of the places.
struct HeadPlaces {
    /// `PromoId` → its shop's number; `None` for a platform coupon.
    shop_of: Vec<Option<u32>>,
    /// Shop number → its name.
    names: Vec<Arc<str>>,
    /// `PromoId` → its scope, numbered within its group's range.
    local: Vec<u32>,
}

/// Everything phase 7 reads, owned, so that it can run on a thread of its own.
struct HeadWork {
    checked: Vec<Checked>,
    promotions: Vec<Promotion>,
    keys: Arc<Vec<Key>>,
    places: HeadPlaces,
}

/// The heads and each promotion's `PromoId` by its place in the rules file;
/// what is left of the rules file and of the checked promotions.
type HeadsAndRest = ((Vec<Head>, Vec<u32>), (Vec<Promotion>, Vec<Checked>));

impl HeadWork {
    /// Phase 7, what is left freed here.
    fn heads(self) -> (Vec<Head>, Vec<u32>) {
        self.heads_and_rest().0
    }

    /// Phase 7: every promotion's head, in `PromoId` order, its text moved
    /// out of the rules file; with each promotion's `PromoId` by its place in
    /// the rules file (`rules.promotions`).
    fn heads_and_rest(self) -> HeadsAndRest {
        let HeadWork {
            mut checked,
            mut promotions,
            keys,
            places,
        } = self;
        let mut heads = Vec::with_capacity(keys.len());
        let mut promo_of = vec![0u32; promotions.len()];
        for (k, key) in keys.iter().enumerate() {
            let c = &mut checked[key.checked as usize];
            let p = &mut promotions[c.index];
            promo_of[c.index] = k as u32;
            heads.push(Head {
                id: std::mem::take(&mut p.id).into_boxed_str(),
                name: p.name.take().map(String::into_boxed_str),
                stage: key.kind.stage(),
                shop: places.shop_of[k].map(|s| places.names[s as usize].clone()),
                window: c.window,
                audience: std::mem::take(&mut c.audience),
                scope: places.local[k],
                limits: c.limits,
            });
        }
        ((heads, promo_of), (promotions, checked))
    }
}

/// Phase 8: moves each checked rule to its typed list, group after group, in
/// the lists' own order.
fn lists(rule_of: &mut [Option<Rule>], keys: &[Key], ranks: &CouponRanks, places: Places) -> Lists {
    let lens = |l: List| places.lens[l as usize] as usize;
    let mut items = Vec::with_capacity(lens(List::Items));
    let mut bundles = Vec::with_capacity(lens(List::Bundles));
    let mut offers = Vec::with_capacity(lens(List::Offers));
    let mut shop_coupons = Vec::with_capacity(lens(List::ShopCoupons));
    let mut rebates = Vec::with_capacity(lens(List::Rebates));
    let mut platform_coupons = Vec::with_capacity(lens(List::PlatformCoupons));
    let groups = &places.groups;
    let scopes = &places.scopes;
    for g in 0..groups.count() {
        for k in groups.members(g) {
            let key = &keys[k];
            let promo = PromoId::new(k);
            let rule = rule_of[key.checked as usize].take();
            match rule.expect("each checked rule is placed once") {
                Rule::Item {
                    benefit,
                    every,
                    max_units,
                } => items.push(ItemRule {
                    promo,
                    benefit,
                    every,
                    max_units,
                }),
                Rule::Bundle {
                    items: skus,
                    price,
                    max_sets,
                } => bundles.push(BundleRule {
                    promo,
                    items: skus,
                    price,
                    max_sets,
                }),
                Rule::Offer(offer) => offers.push(OfferRule { promo, offer }),
                Rule::Coupon { min_amount, off } => {
                    let coupon = CouponRule {
                        promo,
                        min_amount,
                        off,
                        rank: ranks.rank[k],
                    };
                    if key.kind == PromotionType::PlatformCoupon {
                        platform_coupons.push(coupon);
                    } else {
                        shop_coupons.push(coupon);
                    }
                }
                Rule::Rebate {
                    max_ratio,
                    min_amount,
                    earn_ratio,
                } => rebates.push(RebateRule {
                    promo,
                    max_ratio,
                    min_amount,
                    earn_ratio,
                    group: scopes.rebate_group[k],
                }),
            }
        }
    }
    Lists {
        items,
        bundles,
        offers,
        shop_coupons,
        rebates,
        platform_coupons,
        scopes: places.scopes.list,
        shops: places.shops,
        shop_index: places.shop_index,
        platform_scopes: places.platform_scopes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of these prefixes, each numbered by its place (`checked`).
    fn keys_of(prefixes: impl IntoIterator<Item = u64>) -> Vec<Key> {
        prefixes
            .into_iter()
            .enumerate()
            .map(|(k, prefix)| Key {
                stage: 0,
                prefix,
                checked: k as u32,
                kind: PromotionType::Threshold,
            })
            .collect()
    }

    fn shown(keys: &[Key]) -> Vec<(u64, u32)> {
        keys.iter().map(|k| (k.prefix, k.checked)).collect()
    }

    /// Nearly in order (two keys first that belong last, each group of six
    /// with its first key after the other five, equal prefixes) or far from
    /// it (reversed, which the insertion sort gives up on), the keys end
    /// sorted by prefix, equal prefixes in their first order.
    #[test]
    fn keys_are_sorted_stably_near_order_or_not() {
        // 900, 800, then groups g: 10g + 5, 10g, 10g, 10g + 1, ..., 10g + 3.
        let mut near = vec![900, 800];
        for g in 0..50 {
            near.extend([
                10 * g + 5,
                10 * g,
                10 * g,
                10 * g + 1,
                10 * g + 2,
                10 * g + 3,
            ]);
        }
        let mut keys = keys_of(near);
        sort_nearly_in_order(&mut keys);
        let mut want = Vec::new();
        for g in 0..50u32 {
            let at = 2 + 6 * g;
            let p = u64::from(10 * g);
            want.extend([(p, at + 1), (p, at + 2), (p + 1, at + 3), (p + 2, at + 4)]);
            want.extend([(p + 3, at + 5), (p + 5, at)]);
        }
        want.extend([(800, 1), (900, 0)]);
        assert_eq!(shown(&keys), want);

        // 199, 198, ..., 0, each prefix twice in a row: 40,000 moves by
        // insertion, more than 8 a key.
        let mut keys = keys_of((0..400).map(|k| 199 - k / 2));
        sort_nearly_in_order(&mut keys);
        let want: Vec<(u64, u32)> = (0..400)
            .map(|k| (k / 2, 398 - 2 * (k as u32 / 2) + k as u32 % 2))
            .collect();
        assert_eq!(shown(&keys), want);
    }

    /// Promotions are numbered in (stage, id) order, byte by byte, whatever
    /// the file's order, however many bytes the ids share, and whatever the
    /// type within a stage (an item discount and a bundle are one stage).
    #[test]
    fn promotions_are_numbered_by_stage_then_id() {
        let ids = [
            "promotion-b",
            "a",
            "promotion-a",
            "promotion",
            "promotio",
            "zz",
            "promotion-aa",
            "b\u{e9}",
            "b",
            "0",
            "promotion-a0",
            "x-12345678",
            "x-1234567",
        ];
        let kinds = PromotionType::ALL;
        let promotions: Vec<Promotion> = (0..ids.len() * 3)
            .map(|k| {
                let kind = kinds[(k * 5) % kinds.len()];
                let json = format!(
                    r#"{{"id":"{}-{}","type":"{}"}}"#,
                    ids[k % ids.len()],
                    k / ids.len(),
                    kind.as_str()
                );
                serde_json::from_str(&json).unwrap()
            })
            .collect();
        let passed: Vec<usize> = (0..promotions.len()).rev().collect();
        let numbered = number(&promotions, &passed);
        let got: Vec<(Stage, &str)> = (0..numbered.len())
            .map(|k| {
                let p = numbered.promotion(k);
                assert_eq!(numbered.keys[k].kind, p.kind);
                (p.kind.stage(), p.id.as_str())
            })
            .collect();
        let mut want: Vec<(Stage, &str)> = promotions
            .iter()
            .map(|p| (p.kind.stage(), p.id.as_str()))
            .collect();
        want.sort();
        assert_eq!(got, want);
    }
}
