//! One integration test binary (like regex's `tests/lib.rs`).
//!
//! - `conformance`: the worked cases kept as data under `tests/cases/`, each
//!   with its arithmetic written out by hand, checked field by field and against
//!   the conservation laws.
//! - `properties`: invariants over generated rules and carts (proptest).
//! - `hostile`: sizes above every bound, and the largest legal input.
//! - `hostile_bundles`: bundles at the edge of the promise (a lone bundle of
//!   50,000,000 sets; the D2 cart, ignored: a timing).
//! - `checked`: a cart checked once and priced many times, into a reused
//!   quote: the same quote as `Engine::price`, only by the engine that checked it.
//! - `regressions`: inputs kept from fuzzing, replayed with the fuzz targets' checks.
//! - `refund`: refunds of returned units, and the quote lines they read.
//! - `cli`: the command line.
//! - `schema`: the JSON Schemas under `schema/` against the examples and the cases.
//! - `docs`: every link of the documentation resolves; the minimum Rust
//!   versions the README states are what `Cargo.lock` needs (run by CI with
//!   `--ignored`).
//! - `simulate`: the what-if report over many carts (`orders`: the README's month of orders).
//! - `preview`: 到手价, the price of one item per quantity before the cart.
//! - `use_limits`: use limits (contract v3) in a preview and in a cart built in Rust.
//! - `points`: points (积分) in what the worked cases do not show: a quote
//!   without a scheme, the receipt, `simulate`'s sums and state, a stored
//!   quote's points read back by `refund`.

mod check;
mod checked;
mod cli;
mod conformance;
mod docs;
mod fixtures;
mod hostile;
mod hostile_bundles;
mod orders;
mod points;
mod preview;
mod properties;
mod refund;
mod regressions;
mod schema;
mod simulate;
mod support;
mod use_limits;
