//! [`CheckedCart`]: a cart checked and indexed once by one engine, then
//! priced as often as wanted ([`Engine::price_checked`], and
//! [`Engine::price_into`] reusing a quote's buffers).
//!
//! What a price does that depends on the cart alone — the cart's checks (its
//! texts, sizes, ids, coupons, counts) and the index of every promotion that
//! can apply to it (gates and scope lines) — is done here once; the stages
//! run on every price.

use crate::engine::Engine;
use crate::error::{CartError, Error};
use crate::model::Cart;
use crate::quote::Quote;

use super::state::{CartIndex, Pricing, Work};

/// A cart checked by one [`Engine`]: the checks and the index of the
/// promotions that can apply to it, done once ([`Engine::check_cart`]), for
/// pricing it many times — a checkout re-pricing the same cart, a simulation,
/// a benchmark.
///
/// It borrows the engine and the cart, so neither can change or go while it
/// lives; it belongs to the engine that checked it: [`Engine::price_checked`]
/// and [`Engine::price_into`] of another engine refuse it (an error of kind
/// [`Conflict`](crate::ErrorKind::Conflict)), as its index means nothing to
/// another rules file.
///
/// ```
/// let engine = youhui::Engine::new(youhui::Rules::from_json(r#"{ "promotions": [
///     { "id": "mj", "type": "threshold", "shop": "tea",
///       "tiers": [ { "min_amount": "200", "amount_off": "20" } ] } ] }"#).unwrap()).unwrap();
/// let cart = youhui::Cart::from_json(r#"{ "now": "2026-11-11T10:00:00+08:00",
///     "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing", "unit_price": "128.00", "quantity": 2 } ] }"#).unwrap();
/// let checked = engine.check_cart(&cart).unwrap();
/// for _ in 0..3 {
///     // 256.00 ≥ 200: 满200减20 → 236.00, every time, as engine.price(&cart) says.
///     let quote = engine.price_checked(&checked).unwrap();
///     assert_eq!(quote, engine.price(&cart).unwrap());
///     assert_eq!(quote.totals.payable.to_string(), "236.00");
/// }
/// ```
pub struct CheckedCart<'a> {
    /// The engine that checked it: the only one that may price it.
    engine: &'a Engine,
    pricing: Pricing<'a>,
    index: CartIndex,
}

impl<'a> CheckedCart<'a> {
    /// The cart it checked.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(youhui::Rules::from_json(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let cart = youhui::Cart::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
    ///     "lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"9.90","quantity":1}]}"#).unwrap();
    /// let checked = engine.check_cart(&cart).unwrap();
    /// assert_eq!(checked.cart().lines[0].id, "L1");
    /// ```
    pub fn cart(&self) -> &'a Cart {
        self.pricing.cart
    }

    /// Each shop of the cart, in order of first appearance (the quote's
    /// `shops`): its index in the rules' shops, if the rules name it
    /// (`youhui simulate` counts a quote's shops by it, without a lookup by name).
    pub(crate) fn shop_rules(&self) -> impl ExactSizeIterator<Item = Option<u32>> + '_ {
        self.index.shops.iter().map(|s| s.rules)
    }
}

/// Its index's buffers go back to the thread, for the next cart it checks:
/// a loop checking cart after cart allocates them once.
impl Drop for CheckedCart<'_> {
    fn drop(&mut self) {
        CartIndex::give_back(std::mem::take(&mut self.index));
    }
}

impl std::fmt::Debug for CheckedCart<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedCart")
            .field("cart", &self.pricing.cart)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Checks `cart` against this engine's rules once, for
    /// [`price_checked`](Engine::price_checked) or
    /// [`price_into`](Engine::price_into) to price it as often as wanted
    /// without checking it again.
    ///
    /// Refuses what [`price`](Engine::price) refuses in the cart, with the
    /// same error (`price` is this check and then the stages).
    ///
    /// ```
    /// # let engine = youhui::Engine::new(youhui::Rules::from_json(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let cart = youhui::Cart::from_json(r#"{"now":"2026-11-11T10:00:00+08:00", "coupons": ["nope"],
    ///     "lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"9.90","quantity":1}]}"#).unwrap();
    /// let err = engine.check_cart(&cart).unwrap_err();
    /// assert_eq!(err.to_string(), engine.price(&cart).unwrap_err().to_string());
    /// assert!(err.to_string().contains("\"nope\" names no coupon promotion"));
    /// ```
    pub fn check_cart<'a>(&'a self, cart: &'a Cart) -> Result<CheckedCart<'a>, Error> {
        let pricing = self.pricing(cart, false);
        let mut index = CartIndex::take();
        if let Err(e) = super::check(&pricing, &mut index) {
            CartIndex::give_back(index);
            return Err(e);
        }
        Ok(CheckedCart {
            engine: self,
            pricing,
            index,
        })
    }

    /// Prices a cart checked by this engine: the same quote as
    /// [`price`](Engine::price) of its cart, without checking it again.
    ///
    /// Refuses a cart checked by another engine (an error of kind
    /// [`Conflict`](crate::ErrorKind::Conflict)); otherwise fails only as
    /// `price` fails after its checks (a search above its bound).
    ///
    /// ```
    /// let engine = youhui::Engine::new(youhui::Rules::from_json(r#"{ "promotions": [
    ///     { "id": "flash", "type": "item_discount", "shop": "tea", "fold": "9" } ] }"#).unwrap()).unwrap();
    /// let cart = youhui::Cart::from_json(r#"{ "now": "2026-11-11T10:00:00+08:00",
    ///     "lines": [ { "id": "L1", "shop": "tea", "sku": "k", "unit_price": "10.00", "quantity": 3 } ] }"#).unwrap();
    /// let checked = engine.check_cart(&cart).unwrap();
    /// // 10.00 × 9折 = 9.00 a unit, 27.00 for three.
    /// assert_eq!(engine.price_checked(&checked).unwrap().totals.payable.to_string(), "27.00");
    ///
    /// let other = youhui::Engine::new(youhui::Rules::from_json(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let err = other.price_checked(&checked).unwrap_err();
    /// assert_eq!(err.kind(), youhui::ErrorKind::Conflict);
    /// ```
    pub fn price_checked<'a>(&'a self, checked: &CheckedCart<'a>) -> Result<Quote<'a>, Error> {
        let mut quote = Quote::default();
        self.price_into(checked, &mut quote)?;
        Ok(quote)
    }

    /// [`price_checked`](Engine::price_checked), writing the quote into
    /// `quote` and reusing its vectors (lines, their discounts, shops,
    /// applied, not applied, hints): a loop that prices cart after cart into
    /// one quote allocates almost nothing once the quote has grown to the
    /// largest of them. Whatever `quote` held is replaced; on an error it is
    /// left as it was.
    ///
    /// ```
    /// let engine = youhui::Engine::new(youhui::Rules::from_json(r#"{ "promotions": [
    ///     { "id": "flash", "type": "item_discount", "shop": "tea", "fold": "9" } ] }"#).unwrap()).unwrap();
    /// let big = youhui::Cart::from_json(r#"{ "now": "2026-11-11T10:00:00+08:00", "lines": [
    ///     { "id": "L1", "shop": "tea", "sku": "k", "unit_price": "10.00", "quantity": 3 },
    ///     { "id": "L2", "shop": "cup", "sku": "c", "unit_price": "5.00", "quantity": 1 } ] }"#).unwrap();
    /// let small = youhui::Cart::from_json(r#"{ "now": "2026-11-11T10:00:00+08:00",
    ///     "lines": [ { "id": "L1", "shop": "tea", "sku": "k", "unit_price": "20.00", "quantity": 1 } ] }"#).unwrap();
    /// let mut quote = youhui::Quote::default();
    /// for cart in [&big, &small] {
    ///     let checked = engine.check_cart(cart).unwrap();
    ///     engine.price_into(&checked, &mut quote).unwrap();
    ///     assert_eq!(quote, engine.price(cart).unwrap());
    /// }
    /// // The small cart's quote: 20.00 × 9折 = 18.00, one line.
    /// assert_eq!(quote.lines.len(), 1);
    /// assert_eq!(quote.totals.payable.to_string(), "18.00");
    /// ```
    pub fn price_into<'a>(
        &'a self,
        checked: &CheckedCart<'a>,
        quote: &mut Quote<'a>,
    ) -> Result<(), Error> {
        self.price_into_traced(checked, quote, None)
    }

    /// [`price_into`](Engine::price_into), also telling `trace` what the
    /// quote does not say (for `youhui simulate`).
    pub(crate) fn price_into_traced<'a>(
        &'a self,
        checked: &CheckedCart<'a>,
        quote: &mut Quote<'a>,
        trace: Option<&mut super::Trace>,
    ) -> Result<(), Error> {
        if !std::ptr::eq(self, checked.engine) {
            return Err(Error::cart(
                "checked cart",
                CartError::CheckedByAnotherEngine,
            ));
        }
        let mut w = Work::take();
        let priced = super::price(&checked.pricing, &checked.index, &mut w, quote);
        if let (Some(t), Ok(())) = (trace, &priced) {
            t.record(&w.ledger);
        }
        Work::give_back(w);
        priced
    }
}
