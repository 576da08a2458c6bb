//! A rules file after [`Engine::new`](crate::Engine::new): the compiled form
//! ([`compiled`]) apart from the compiler that checks and builds it
//! ([`compiler`]), as regex-automata keeps `nfa.rs` apart from `compiler.rs`.

pub(crate) mod compiled;
pub(crate) mod compiler;
