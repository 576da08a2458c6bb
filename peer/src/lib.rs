//! Nothing but a home for `benches/peer_cart.rs`: youhui, the Rust peer
//! stateset-core 1.40.0 and a hand-written integer floor price the same cart
//! in one process (BENCHMARKS.md, "Beside a peer").
//!
//! `cargo bench -p youhui-peer` (full run); `cargo bench -p youhui-peer --
//! --test` (each once, checking the three payables agree).
