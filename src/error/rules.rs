//! What [`Engine::new`](crate::Engine::new) refuses in a rules file (its
//! shape and its texts aside: [`input`](super::input)).

use super::{ErrorKind, Mistake};

/// A promotion (or the settings) that cannot be compiled.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RuleError {
    #[error("{days:?} must be three strictly increasing whole numbers of days from 1 to 3650 (the boundaries of active, silent, sleeping and lost)")]
    LifecycleDays { days: [u32; 3] },
    #[error("id is empty; every promotion needs a unique id")]
    IdEmpty,
    #[error("id is used twice, by promotions[{first}] and promotions[{second}]")]
    IdTwice { first: usize, second: usize },
    /// An entry given twice in one list: `entry` and `first` name the two
    /// places, `value` the entry.
    #[error("{entry} {value} repeats {first}; list each entry once")]
    ListEntryTwice {
        entry: String,
        value: String,
        first: String,
    },
    #[error("{field} is an empty list, which excludes nobody; leave it out")]
    EmptyExclusion { field: String },
    #[error("{field} is an empty list, which matches nothing; leave it out to match everything")]
    EmptyList { field: String },
    #[error("{field} must be above zero")]
    NotPositive { field: String },
    /// A whole number outside `min..=max` (above `max`, a limit).
    #[error("{field} {value} must be from {min} to {max}")]
    Range {
        field: String,
        value: u64,
        min: u64,
        max: u64,
    },
    #[error(
        "shop is not allowed on a platform_coupon (use scope.shops to limit it to some shops)"
    )]
    ShopOnPlatformCoupon,
    /// The promotion type with its article: `a shop_coupon`.
    #[error("shop is required for {0}")]
    ShopRequired(&'static str),
    #[error("field {field} does not belong to {kind} (its fields are: {})", .allowed.join(", "))]
    ForeignField {
        field: &'static str,
        kind: &'static str,
        allowed: &'static [&'static str],
    },
    /// A field no promotion of its type has (`of`: the type with its
    /// article), with the closest of its type's `fields`; `position` is
    /// serde's ` at line L column C`.
    #[error("unknown field `{field}`; {}{} {} {} {}{position}",
        .suggestion.map_or(String::new(), |s| format!("did you mean `{s}`? ")),
        if .suggestion.is_some() { "The fields of" } else { "the fields of" },
        .of, "are", .fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "))]
    UnknownField {
        field: String,
        of: &'static str,
        suggestion: Option<&'static str>,
        fields: Vec<&'static str>,
        position: String,
    },
    #[error("valid.from {from} must be before valid.until {until}")]
    ValidOrder { from: String, until: String },
    #[error(
        "scope is empty, which would silently match everything; leave it out to match every line"
    )]
    EmptyScope,
    #[error("a bundle has no scope: its items are its scope")]
    BundleScope,
    #[error("scope.shops is only for a platform_coupon")]
    ScopeShops,
    #[error("audience is empty, which would silently mean everyone; leave it out for everyone")]
    EmptyAudience,
    #[error("audience.birthday is false; leave it out for no birthday condition (only true is a condition)")]
    BirthdayFalse,
    #[error("limits is empty, which would silently limit nothing; give per_customer, total or per_customer_units, or leave limits out")]
    EmptyLimits,
    /// `limits.per_customer_units` on a promotion that is not an item discount.
    #[error("limits.per_customer_units (每人限购, units bought at a price) is for an item_discount only; {0} may limit per_customer or total (orders)")]
    UnitsLimitNotItem(&'static str),
    #[error("audience.lifecycle is an empty list, which matches nobody")]
    EmptyLifecycle,
    #[error("audience.min_orders {min} is above audience.max_orders {max}, which matches nobody")]
    OrdersOrder { min: u64, max: u64 },
    #[error("an item_discount needs exactly one of fold, amount_off, fixed_price, nth; it has {}", if .given.is_empty() { "none".to_string() } else { format!("{} ({})", .given.len(), .given.join(", ")) })]
    ItemBenefits { given: Vec<&'static str> },
    #[error("a bundle needs items: the SKUs of one set and how many of each")]
    BundleItems,
    #[error("items has {}; a bundle sets 2 to {} SKUs together (最多搭配5个商品)", crate::text::count(*.count as u64, "SKU"), crate::limits::MAX_BUNDLE_ITEMS)]
    BundleSkus { count: usize },
    #[error("a bundle needs price: the price of one set")]
    BundlePrice,
    #[error("a threshold has either tiers or every, not both")]
    TiersAndEvery,
    #[error("a threshold needs tiers or every")]
    TiersOrEvery,
    #[error("every.amount_off {off} must be below every.amount {amount} (每满X减Y needs Y < X)")]
    EveryOff { off: String, amount: String },
    #[error("tiers is an empty list; give at least one tier")]
    EmptyTiers,
    /// A tier with both conditions (`both`) or none.
    #[error("tiers[{tier}] needs exactly one condition: min_amount or min_quantity")]
    TierCondition { tier: usize, both: bool },
    #[error(
        "tiers[{tier}] uses {uses} but tiers[0] uses {first}; every tier must use the same kind"
    )]
    TierKinds {
        tier: usize,
        uses: &'static str,
        first: &'static str,
    },
    #[error("tiers[{tier}] condition {min} must be above the tier before it ({before}); tiers must strictly increase")]
    TierOrder {
        tier: usize,
        min: String,
        before: String,
    },
    #[error("tiers[{tier}] has both amount_off and fold; give one")]
    TierBenefits { tier: usize },
    #[error("tiers[{tier}].amount_off {off} must be below its min_amount {min}")]
    TierOff {
        tier: usize,
        off: String,
        min: String,
    },
    #[error("tiers[{tier}].gifts is an empty list; leave it out or list a gift")]
    EmptyGifts { tier: usize },
    #[error(
        "tiers[{tier}] has no benefit: give amount_off or fold, free_shipping: true, or gifts"
    )]
    TierBenefit { tier: usize },
    #[error("{0} has amount_off or fold, not both")]
    CouponBenefits(&'static str),
    #[error("{0} needs amount_off or fold")]
    CouponBenefit(&'static str),
    #[error("max_off goes with fold, not with amount_off")]
    MaxOff,
    #[error("amount_off {off} must be below min_amount {min} (or leave min_amount out for a coupon with no threshold)")]
    CouponOff { off: String, min: String },
    #[error("a rebate needs max_ratio (the share of the order the credit may pay)")]
    RebateRatio,
}

impl Mistake for RuleError {
    fn kind(&self) -> ErrorKind {
        use RuleError as R;
        match self {
            R::LifecycleDays { .. } | R::NotPositive { .. } | R::BirthdayFalse => {
                ErrorKind::InvalidValue
            }
            R::Range { value, max, .. } if value > max => ErrorKind::Limit,
            R::Range { .. } => ErrorKind::InvalidValue,
            R::BundleSkus { count } if *count > crate::limits::MAX_BUNDLE_ITEMS => ErrorKind::Limit,
            R::BundleSkus { count: 0 } => ErrorKind::Empty,
            R::BundleSkus { .. } => ErrorKind::InvalidValue,
            R::IdEmpty => ErrorKind::Text,
            R::IdTwice { .. } | R::ListEntryTwice { .. } => ErrorKind::Repeated,
            R::EmptyExclusion { .. }
            | R::EmptyList { .. }
            | R::EmptyScope
            | R::EmptyAudience
            | R::EmptyLimits
            | R::EmptyLifecycle
            | R::EmptyTiers
            | R::EmptyGifts { .. } => ErrorKind::Empty,
            R::ShopOnPlatformCoupon
            | R::ForeignField { .. }
            | R::UnknownField { .. }
            | R::BundleScope
            | R::UnitsLimitNotItem(_)
            | R::ScopeShops => ErrorKind::UnknownField,
            R::ItemBenefits { given } if given.is_empty() => ErrorKind::MissingField,
            R::TierCondition { both: false, .. }
            | R::ShopRequired(_)
            | R::BundleItems
            | R::BundlePrice
            | R::TiersOrEvery
            | R::TierBenefit { .. }
            | R::CouponBenefit(_)
            | R::RebateRatio => ErrorKind::MissingField,
            R::ItemBenefits { .. }
            | R::TierCondition { .. }
            | R::ValidOrder { .. }
            | R::OrdersOrder { .. }
            | R::TiersAndEvery
            | R::EveryOff { .. }
            | R::TierKinds { .. }
            | R::TierOrder { .. }
            | R::TierBenefits { .. }
            | R::TierOff { .. }
            | R::CouponBenefits(_)
            | R::MaxOff
            | R::CouponOff { .. } => ErrorKind::Conflict,
        }
    }
}
