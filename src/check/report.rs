//! What `youhui check` finds, as data: the errors, and the warnings with
//! their stable codes. The report is the JSON of `youhui check --json`.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Every error and warning of a rules file (and of a facts file), as
/// `youhui check --json` prints it: errors in file order (the rules file's,
/// then the facts file's), warnings sorted by code, then promotions.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[{"id":"mj","type":"threshold","shop":"tea",
///   "tiers":[{"min_amount":"100","amount_off":"20"},{"min_amount":"200","amount_off":"20"}]}]}"#).unwrap();
/// let report = youhui::check(&rules, None);
/// let json = serde_json::to_string(&report).unwrap();
/// assert!(json.starts_with(r#"{"errors":[],"warnings":[{"code":"tier_not_larger","promotions":["mj"]"#));
/// let back: youhui::Report = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, report);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Mistakes: [`Engine::new`](crate::Engine::new) refuses a rules file
    /// while it has one.
    pub errors: Vec<CheckError>,
    /// Rules of thumb and tool limits the file breaks, and rules that can
    /// never do what they seem to (never an error).
    pub warnings: Vec<Warning>,
}

impl Report {
    /// No error (warnings allowed): the rules file can go live.
    ///
    /// ```
    /// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[]}"#).unwrap();
    /// assert!(youhui::check(&rules, None).is_ok());
    /// ```
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// One error of a report: where, and what is wrong there.
///
/// ```
/// let report = youhui::check_json(r#"{"promotions":[{"id":"a","type":"rebate","shop":"tea"}]}"#, None);
/// assert_eq!(report.errors[0].location, "promotion \"a\"");
/// assert!(report.errors[0].message.contains("max_ratio"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckError {
    /// `promotion "mj"`, `rules file, promotions[2].fold`, `facts file, shops.tea.min_fold`, ….
    pub location: String,
    /// What is wrong there.
    pub message: String,
}

impl From<&Error> for CheckError {
    fn from(e: &Error) -> CheckError {
        CheckError {
            location: e.location().to_string(),
            message: e.message().to_string(),
        }
    }
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// A warning: a stable [`Code`], the promotions it concerns (sorted), a
/// message for people, and for the monthly 限时折扣 limits the shop and the
/// month.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[{"id":"yikou","type":"item_discount",
///   "shop":"tea","fixed_price":"0"}]}"#).unwrap();
/// let w = &youhui::check(&rules, None).warnings[0];
/// assert_eq!(w.code, youhui::Code::FixedPriceBelowFloor);
/// assert_eq!(w.promotions, ["yikou"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// What kind of problem: stable, for a back-office to act on.
    pub code: Code,
    /// The promotions concerned (their ids).
    pub promotions: Vec<String>,
    /// What to reconsider, in words.
    pub message: String,
    /// The shop, for a monthly limit of its 限时折扣 activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    /// The month (`"2026-11"`, UTC+08:00), for a monthly limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    /// For the last warning of a code found more often than a review lists
    /// ([`MAX_LISTED_PER_CODE`](crate::MAX_LISTED_PER_CODE), 1,000): how many more were found and
    /// left out. Its `promotions` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<u64>,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self
            .promotions
            .iter()
            .map(|p| crate::text::quoted(p))
            .collect();
        write!(f, "[{}]: ", self.code.as_str())?;
        if let (Some(shop), Some(month)) = (&self.shop, &self.month) {
            write!(f, "shop {}, {month}, ", crate::text::quoted(shop))?;
        }
        match names.len() {
            0 => {}
            1 => write!(f, "promotion {}: ", names[0])?,
            _ => write!(f, "promotions {}: ", names.join(", "))?,
        }
        f.write_str(&self.message)
    }
}

/// The kinds of warning: those of the [reference](crate::_documentation::reference#reviewing-rules-youhui-check), and youhui's own for rules
/// that can never do what they seem to.
///
/// ```
/// assert_eq!(youhui::Code::FlashTooShort.as_str(), "flash_too_short");
/// let c: youhui::Code = serde_json::from_str("\"threshold_vs_aov\"").unwrap();
/// assert_eq!(c, youhui::Code::ThresholdVsAov);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// A bundle whose price is below ¥1.00 a unit of its set: no set of it
    /// can ever be sold (youhui's own).
    BundlePriceBelowFloor,
    /// A bundle not cheaper than its items at their list prices (facts).
    BundleNotCheaper,
    /// A 每满减 whose `max_off` is below its `amount_off`: it never takes
    /// its `amount_off` even once (youhui's own).
    EveryMaxOffBelowAmountOff,
    /// An item discount whose `fixed_price` is below ¥1.00: it applies to no
    /// unit (youhui's own).
    FixedPriceBelowFloor,
    /// A 限时折扣 activity shorter than 1 hour.
    FlashTooShort,
    /// A shop's 限时折扣 activities over 480 hours in one month.
    FlashHoursPerMonth,
    /// More than 50 of a shop's 限时折扣 activities in one month.
    FlashActivitiesPerMonth,
    /// A 限时折扣 activity over more than 20 SKUs (or a whole shop or category).
    FlashTooManySkus,
    /// A 限时折扣 not deeper than a member price on the same SKU.
    FlashNotDeeperThanMember,
    /// A fold below the shop's `min_fold` (facts).
    FoldBelowShopMinimum,
    /// An item `amount_off` larger than any price can take and stay at
    /// ¥1.00: it applies to no unit (youhui's own).
    ItemAmountOffAboveAnyPrice,
    /// A plain fold that takes at least as much off `n` units as a
    /// 第N件X折 of the same shop takes off the n-th, on a SKU both cover:
    /// the 第N件 never wins on a line of fewer than `2n` units (contract v3).
    NthNotCheaperThanFold,
    /// A `valid.repeat.monthly_days` entry of 29, 30 or 31: some months have
    /// no such day, and the 会员日 silently skips them (contract v3).
    RepeatDayMissing,
    /// The review stopped early: the file is too large for the monthly and
    /// pairwise 限时折扣 checks to finish (youhui's own).
    ReviewCutShort,
    /// A threshold's lowest tier outside 10 %–30 % above the 客单价 (facts).
    ThresholdVsAov,
    /// A tier that gives less than the tier below it.
    TierNotLarger,
    /// More than 3 tiers in one offer.
    TooManyTiers,
}

impl Code {
    /// The code as JSON writes it.
    ///
    /// ```
    /// assert_eq!(youhui::Code::TierNotLarger.as_str(), "tier_not_larger");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BundlePriceBelowFloor => "bundle_price_below_floor",
            Code::BundleNotCheaper => "bundle_not_cheaper",
            Code::EveryMaxOffBelowAmountOff => "every_max_off_below_amount_off",
            Code::FixedPriceBelowFloor => "fixed_price_below_floor",
            Code::FlashTooShort => "flash_too_short",
            Code::FlashHoursPerMonth => "flash_hours_per_month",
            Code::FlashActivitiesPerMonth => "flash_activities_per_month",
            Code::FlashTooManySkus => "flash_too_many_skus",
            Code::FlashNotDeeperThanMember => "flash_not_deeper_than_member",
            Code::FoldBelowShopMinimum => "fold_below_shop_minimum",
            Code::ItemAmountOffAboveAnyPrice => "item_amount_off_above_any_price",
            Code::NthNotCheaperThanFold => "nth_not_cheaper_than_fold",
            Code::RepeatDayMissing => "repeat_day_missing",
            Code::ReviewCutShort => "review_cut_short",
            Code::ThresholdVsAov => "threshold_vs_aov",
            Code::TierNotLarger => "tier_not_larger",
            Code::TooManyTiers => "too_many_tiers",
        }
    }
}

impl Warning {
    pub(crate) fn new(code: Code, promotions: Vec<String>, message: String) -> Warning {
        Warning {
            code,
            promotions,
            message,
            shop: None,
            month: None,
            more: None,
        }
    }
}
