//! Every size the engine accepts, in one place.
//!
//! An input above a limit is rejected with an error for which
//! [`Error::is_limit`](crate::Error::is_limit) is true; nothing is priced. With
//! these limits every sum of money fits an `i64` count of fen, and the cost of
//! pricing one cart is bounded (see `DESIGN.md`).
//!
//! ```
//! assert_eq!(youhui::limits::MAX_QUANTITY, 100_000);
//! ```

/// Bytes in one rules or cart file read by [`Rules::from_json`](crate::Rules::from_json),
/// [`Cart::from_json`](crate::Cart::from_json) or the command line.
pub const MAX_FILE_BYTES: usize = 64 << 20;
/// Promotions in one rules file.
pub const MAX_PROMOTIONS: usize = 1_000_000;
/// Tiers in one threshold offer.
pub const MAX_TIERS: usize = 100;
/// Gifts in one tier.
pub const MAX_GIFTS: usize = 100;
/// Entries in one `scope` or `audience` list.
pub const MAX_LIST: usize = 10_000;
/// Bytes in one id, shop, SKU, category, segment or name.
pub const MAX_TEXT: usize = 256;
/// Lines in one cart.
pub const MAX_LINES: usize = 1_000;
/// Coupons one cart may hold.
pub const MAX_HELD_COUPONS: usize = 100;
/// SKUs in one bundle's set (最多搭配5个商品).
pub const MAX_BUNDLE_ITEMS: usize = 5;
/// Units of one SKU in one bundle's set.
pub const MAX_SET_UNITS: u32 = 100;
/// The largest `nth.n` of 第N件X折 (the smallest is 2).
pub const MAX_NTH_N: u32 = 100;
/// Bundles of one shop (最多可设置50个搭配套餐).
pub const MAX_BUNDLES_PER_SHOP: usize = 50;
/// Steps the search for a shop's best choice of bundle sets may take when
/// more than 8 of its bundles can form a set, or one can form more than 10
/// (within that, the search always ends); above it the cart is refused.
pub const MAX_BUNDLE_STEPS: u64 = 1 << 16;
/// A use count the cart passes (`customer.uses`, `customer.units`, `uses`),
/// and a promotion's `limits.total` (发行量).
pub const MAX_COUNT: u64 = 100_000_000;
/// Units on one line, and in one gift or `min_quantity`.
pub const MAX_QUANTITY: u32 = 100_000;
/// States the exact search of `"best"` may create for one cart under
/// `threshold_base: "sequential"` with a held platform coupon (under
/// `"parallel"` the search decomposes shop by shop and has no such bound).
///
/// The search keeps only combinations that are not dominated, so carts of
/// repeated or round coupon values stay far below it; above it the cart is
/// refused with a limit error that points to `"as_given"`.
pub const MAX_SEARCH_STATES: u64 = 1 << 18;

/// Steps `youhui check` may take for the monthly and pairwise 限时折扣
/// checks (a month an activity touches, a pair of an activity and a member
/// price); beyond it those checks stop with a `review_cut_short` warning.
pub const MAX_CHECK_WORK: u64 = 1 << 22;

/// Points in a customer's balance (`customer.points`, 10^12: 10^10 yuan).
pub const MAX_POINTS: u64 = 1_000_000_000_000;
