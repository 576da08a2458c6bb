//! # youhui (优惠)
//!
//! Prices shopping carts under stacked promotions the way Chinese marketplaces
//! do (Taobao, Tmall, 1688, JD): exact to the fen, with every line's share of
//! every discount and the reason each promotion was used or left out.
//!
//! ```
//! let rules = youhui::Rules::from_json(r#"{ "promotions": [
//!     { "id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5" },
//!     { "id": "mj", "type": "threshold", "shop": "tea",
//!       "tiers": [ { "min_amount": "300", "amount_off": "30" } ] },
//!     { "id": "pc50", "type": "platform_coupon", "min_amount": "200", "amount_off": "50" }
//! ] }"#)?;
//! let engine = youhui::Engine::new(rules)?;        // checks every rule and indexes them, once
//! let cart = youhui::Cart::from_json(r#"{
//!     "now": "2026-11-11T10:00:00+08:00",
//!     "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing", "unit_price": "128.00", "quantity": 2 } ],
//!     "coupons": ["pc50"]
//! }"#)?;
//! let quote = engine.price(&cart)?;
//! // 2 × 128.00 at 8.5折 = 217.60; 满300减30 is not reached; the platform coupon takes 50.
//! assert_eq!(quote.totals.payable.to_string(), "167.60");
//! assert_eq!(quote.hints[0].promotion, "mj"); // 再买 82.40 可减 30
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The five stages
//!
//! Five discount types stack, deducted in this order, each on what the earlier
//! stages left: [`Stage::ItemDiscount`] (单品优惠) per line, [`Stage::Threshold`]
//! (满优惠), [`Stage::ShopCoupon`] (店铺券) and [`Stage::Rebate`] (返利金) per
//! shop, [`Stage::PlatformCoupon`] (平台券) across the cart. Of one type only the
//! best counts. Every shop- or cart-level reduction is split back onto its lines
//! by largest remainder, so the shares sum exactly to the reduction.
//!
//! The formats and the arithmetic — everything a rules file and a cart may
//! hold, how each stage computes, how reductions are split over lines, what
//! the quote says — are described completely in the
//! [reference](_documentation::reference); why the code is shaped as it is,
//! and every choice made where the reference leaves room, in the
//! [design notes](_documentation::design).
//!
//! ## Money
//!
//! Amounts are [`Amount`]s, an exact count of fen; [`rust_decimal::Decimal`] is
//! accepted and returned at the edge. No floating point touches money.
//!
//! ## Features
//!
//! - `cli` (default): the `youhui` command-line binary. Embed the library with
//!   `default-features = false` to leave out its dependencies.
//! - `proptest`: `youhui::strategy`, proptest strategies of valid rules and carts
//!   for your own property tests. Only a build with it documents the module:
//!   `cargo doc --all-features` (as docs.rs does, and CI checks).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod _documentation;
mod check;
mod engine;
mod error;
mod ids;
pub mod jsonl;
pub mod limits;
mod model;
mod money;
pub mod preview;
mod price;
mod quote;
mod receipt;
mod refund;
mod rules;
#[cfg(feature = "schema")]
pub mod schema;
pub mod simulate;
#[cfg(feature = "proptest")]
pub mod strategy;
mod text;

pub use check::{
    check, check_json, CheckError, Code, Facts, Report, ShopFacts, ShopStage, Warning,
    MAX_LISTED_PER_CODE,
};
pub use engine::Engine;
pub use error::{Error, ErrorKind};
pub use model::{
    Audience, BundleItem, Cart, CouponSelection, Customer, Every, Gift, Hours, Lifecycle, Limits,
    Line, Nth, PointsSettings, Promotion, PromotionType, Repeat, Rules, Scope, Settings, Stage,
    ThresholdBase, Tier, Valid,
};
pub use money::{Amount, EarnRate, Fold, Ratio, Rounding, Sum};
pub use preview::{Item, Preview};
pub use price::CheckedCart;
pub use quote::{
    Applied, Discount, GiftOut, Hint, NotApplied, Quote, QuoteLine, QuotePoints, QuoteShop, Reason,
    Totals,
};
pub use receipt::receipt;
pub use refund::{refund, Refund, RefundLine, RefundTotals, Return, Returns, ShippingRefund};
pub use simulate::{Simulation, SimulationReport};

/// The README's Rust blocks, compiled and run as doc tests by `cargo test`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
