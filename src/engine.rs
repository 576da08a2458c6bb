//! The [`Engine`]: a rules file checked and compiled once, shared by every price.

use crate::error::Error;
use crate::model::{Rules, Settings};
use crate::rules::compiled::Catalog;
use crate::rules::{build, compiler};

/// The pricing engine: a checked, indexed rules file.
///
/// Build it once per rules file; it is `Send + Sync`, and
/// [`price`](Engine::price) takes `&self`, so one engine serves every thread.
///
/// ```
/// let rules = youhui::Rules::from_json(r#"{ "promotions": [
///     { "id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5" },
///     { "id": "mj", "type": "threshold", "shop": "tea",
///       "tiers": [ { "min_amount": "200", "amount_off": "20" } ] }
/// ] }"#).unwrap();
/// let engine = youhui::Engine::new(rules).unwrap();
/// let cart = youhui::Cart::from_json(r#"{ "now": "2026-11-11T10:00:00+08:00",
///     "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing", "unit_price": "128.00", "quantity": 2 } ] }"#).unwrap();
/// let quote = engine.price(&cart).unwrap();
/// // 128.00 × 8.5折 = 108.80 a unit, 217.60 for two; 满200减20 → 197.60.
/// assert_eq!(quote.totals.payable.to_string(), "197.60");
/// ```
#[derive(Debug)]
pub struct Engine {
    pub(crate) catalog: Catalog,
}

impl Engine {
    /// Checks every rule and indexes the promotions by shop, once.
    ///
    /// Returns the first error [`check`](crate::check) would report.
    ///
    /// ```
    /// let rules = youhui::Rules::from_json(
    ///     r#"{"promotions":[{"id":"x","type":"item_discount","shop":"tea"}]}"#).unwrap();
    /// let err = youhui::Engine::new(rules).unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "promotion \"x\": an item_discount needs exactly one of fold, amount_off, fixed_price, nth; it has none");
    /// ```
    pub fn new(rules: Rules) -> Result<Engine, Error> {
        let (checked, errors, _) = compiler::check(&rules, None);
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        Ok(Engine {
            catalog: build::build(rules, checked),
        })
    }

    /// The settings of the rules file.
    ///
    /// ```
    /// let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// assert_eq!(engine.settings().threshold_base, youhui::ThresholdBase::Parallel);
    /// ```
    pub fn settings(&self) -> Settings {
        self.catalog.settings
    }

    /// The display name of a promotion, if it has one.
    ///
    /// ```
    /// let engine = youhui::Engine::new(serde_json::from_str(
    ///     r#"{"promotions":[{"id":"f","type":"item_discount","shop":"s","fold":"9","name":"限时折扣"}]}"#).unwrap()).unwrap();
    /// assert_eq!(engine.promotion_name("f"), Some("限时折扣"));
    /// ```
    pub fn promotion_name(&self, id: &str) -> Option<&str> {
        let p = self.catalog.promo(id)?;
        self.catalog.head(p).name.as_deref()
    }

    /// Whether any promotion of the rules file belongs to `shop` (names it as
    /// its `shop`). A cart line of a shop with none is priced silently at its
    /// unit price, less only what a platform coupon takes: often a misspelt
    /// shop, which [`receipt`](crate::receipt) points out.
    ///
    /// ```
    /// let engine = youhui::Engine::new(youhui::Rules::from_json(
    ///     r#"{"promotions":[{"id":"f","type":"item_discount","shop":"tea","fold":"9"}]}"#).unwrap()).unwrap();
    /// assert!(engine.has_promotions_for("tea"));
    /// assert!(!engine.has_promotions_for("teaa"));
    /// ```
    pub fn has_promotions_for(&self, shop: &str) -> bool {
        self.catalog.shop(shop).is_some()
    }
}

#[cfg(test)]
mod tests {
    /// One engine is shared by reference across threads.
    #[test]
    fn engine_is_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<super::Engine>();
        shared::<crate::Error>();
    }
}
