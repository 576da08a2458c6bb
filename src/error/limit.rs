//! Every input above a documented bound ([`limits`](crate::limits)): the
//! kind [`Limit`](ErrorKind::Limit), in whichever file it is; and the carts
//! whose exact search would pass its bound ([`SearchLimit`](ErrorKind::SearchLimit)).

use super::{ErrorKind, File, Mistake};
use crate::limits::{
    MAX_BUNDLES_PER_SHOP, MAX_BUNDLE_STEPS, MAX_FILE_BYTES, MAX_GIFTS, MAX_HELD_COUPONS, MAX_LINES,
    MAX_LIST, MAX_PROMOTIONS, MAX_SEARCH_STATES, MAX_TIERS,
};
use crate::text::quoted;

/// An input above a documented bound.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LimitError {
    #[error("the {file} file is {bytes} bytes; the limit is {MAX_FILE_BYTES} bytes")]
    FileBytes { file: File, bytes: usize },
    #[error("{count} promotions; the limit is {MAX_PROMOTIONS}")]
    Promotions { count: usize },
    #[error("{count} lines; the limit is {MAX_LINES}")]
    Lines { count: usize },
    #[error("{count} held coupons; the limit is {MAX_HELD_COUPONS}")]
    HeldCoupons { count: usize },
    /// Entries of a map (`shipping`, `customer.orders`, a facts file's `list_prices`).
    #[error("{count} entries; the limit is {MAX_LIST}")]
    Entries { count: usize },
    /// Entries of a list of `scope` or `audience` (`field` names it).
    #[error("{field} has {count} entries; the limit is {MAX_LIST}")]
    ListEntries { field: String, count: usize },
    /// Entries of a list of the returns (`returns`, `returned_before`).
    #[error("{count} entries; the limit is {MAX_LINES}")]
    ReturnEntries { count: usize },
    #[error("{count} tiers; the limit is {MAX_TIERS}")]
    Tiers { count: usize },
    #[error("tiers[{tier}].gifts has {count} gifts; the limit is {MAX_GIFTS}")]
    Gifts { tier: usize, count: usize },
    #[error("shop {} already has {MAX_BUNDLES_PER_SHOP} bundles, the most a shop may have (最多可设置50个搭配套餐); this is its bundle number {number}", quoted(.shop))]
    BundlesPerShop { shop: String, number: usize },
    #[error("choosing the best coupons took more than {MAX_SEARCH_STATES} search steps; use \"as_given\", or hold fewer coupons")]
    SearchStates,
    #[error("the shop's bundles can form too many combinations of sets to choose the best exactly (more than {MAX_BUNDLE_STEPS} search steps); fewer units of the bundles' SKUs, or max_sets, bring it within")]
    BundleSteps,
}

impl Mistake for LimitError {
    fn kind(&self) -> ErrorKind {
        match self {
            LimitError::SearchStates | LimitError::BundleSteps => ErrorKind::SearchLimit,
            _ => ErrorKind::Limit,
        }
    }
}
