//! The readable receipt.

/// Renders a quote as a receipt for a terminal (what `youhui price` prints).
pub fn receipt(_engine: &crate::Engine, _cart: &crate::Cart, _quote: &crate::Quote) -> String {
    String::new()
}
