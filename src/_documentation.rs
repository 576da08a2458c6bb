//! Longer documentation that goes with the API.
//!
//! - [`reference`](mod@reference): the formats and the arithmetic, complete — what a rules
//!   file and a cart may hold, how each stage computes, how reductions are
//!   split over lines, what the quote says and why, what input is refused.
//! - [`design`]: why the code is shaped as it is, and every choice made where
//!   the reference leaves room, each with the test that holds it.

pub mod reference {
    #![doc = include_str!("../docs/REFERENCE.md")]
}

pub mod design {
    #![doc = include_str!("../DESIGN.md")]
}
