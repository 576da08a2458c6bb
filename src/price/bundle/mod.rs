//! 搭配套餐 (reference: [`bundle` (搭配套餐)](crate::_documentation::reference#bundle-搭配套餐-stage-1)): how many sets of each bundle a shop's lines form —
//! one exact choice with the item discounts on the units the sets leave.
//!
//! A set takes `quantity` units of each item SKU from the shop's lines with
//! that SKU, the line with the smallest id first; bundles take their units in
//! id order. So for a choice of set counts, each SKU's units are consumed from
//! the front of its lines (in id order), and what the choice is worth is
//!
//! > Σ over sets (set original − price) + Σ over SKUs (item discounts on the
//! > units left),
//!
//! which depends, SKU by SKU, only on how many of its units the sets took.
//! Bundles that share no SKU (directly or through others) do not interact:
//! each group is searched on its own, in three steps:
//!
//! 1. **Start and bound.** Two valid choices to start from (no set; a greedy
//!    one), and a Lagrangian bound of what any choice can reach, tightened by
//!    a few subgradient steps; the choice the relaxation points to is tried
//!    too. When the bound meets the best choice known, that choice's score is
//!    the best score, proven.
//! 2. **The best score.** Otherwise a search over the bundles in id order,
//!    most promising counts first, that cuts a branch whose bound cannot beat
//!    the best child found, drops sets that cannot be part of a choice as
//!    good as the best known (reduced-cost fixing), and keeps what each state
//!    (the units taken of the SKUs still open) is worth, so that no state is
//!    searched twice. A search still going after a few thousand steps
//!    builds a second bound, SKU by SKU (each SKU's sets take its units in
//!    order, each item paying a share of its set's price), and cuts with
//!    the lower of the two. That bound's tables are built with shares
//!    chosen at the root, and per depth at the state the best choice known
//!    reaches there; a search still going stops three times more to build
//!    tables with shares chosen at states it sampled (the deeper half),
//!    each kept when it proves its state cannot beat the best choice. A
//!    state's bound tries its depth's tables (one flat vector) from the
//!    one that last cut a state, and stops at the first low enough.
//!    Within the promise, a search that reaches the pause first climbs
//!    from the best choice known (one or two bundles' counts moved at a
//!    time), then searches for more than a score an eighth of the way to
//!    the bound (cutting far more); finding nothing there, it searches
//!    again for more than the best known.
//! 3. **The contract's tie.** A walk in decreasing order of the count lists
//!    that stops at the first choice with the best score: the one with the
//!    fewest sets (part of the score) and the smallest sorted list of bundle
//!    ids.
//!
//! A shop in which at most 8 bundles can form a set, each at most 10 times,
//! is always searched to the end; beyond that the search may take at most
//! [`MAX_BUNDLE_STEPS`](crate::limits::MAX_BUNDLE_STEPS) steps, and a cart
//! that needs more is refused with a limit error.

mod bound;
mod by_sku;
mod choice;
mod exists;
mod lone;
#[cfg(test)]
mod nth_tests;
mod problem;
mod search;
#[cfg(test)]
mod tests;

pub(crate) use choice::{choose, record, Choice};
