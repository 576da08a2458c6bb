//! The kinds of index, one newtype each, so that two kinds cannot be swapped
//! silently (as `PatternID` and `StateID` in regex-automata).
//!
//! Every count they index is bounded by [`limits`](crate::limits) far below
//! `u32::MAX`, so they are 4 bytes and convert from `usize` without checks at
//! run time.

macro_rules! index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) struct $name(u32);

        impl $name {
            /// The index of position `i`; `i` is bounded by the input limits.
            #[inline]
            pub(crate) fn new(i: usize) -> $name {
                debug_assert!(i < u32::MAX as usize);
                $name(i as u32)
            }

            /// The position this index names.
            #[inline]
            pub(crate) fn get(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index!(
    /// A line of the cart: its position in `cart.lines`.
    LineIx
);
index!(
    /// A shop of the cart: its position in order of first appearance.
    ShopIx
);
index!(
    /// A promotion of the engine. Promotions are numbered in (stage, id)
    /// order when the engine is built, so sorting by `PromoId` sorts the
    /// quote's lists exactly as the contract orders them.
    PromoId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_names_its_position() {
        assert_eq!(LineIx::new(7).get(), 7);
        assert!(PromoId::new(1) < PromoId::new(2));
        assert_eq!(ShopIx::default().get(), 0);
    }
}
