//! A rules file after [`Engine::new`](crate::Engine::new): the compiled form
//! ([`compiled`]) apart from the compiler that checks the rules
//! ([`compiler`]) and the phases that build the compiled form from what
//! passed ([`build`]), as regex-automata keeps `nfa.rs` apart from
//! `compiler.rs`. The compiled form's own parts know how to make themselves
//! (`Names::new`, `Scope::new`, `IdIndex::renumber`); `build` decides where each
//! rule goes.

pub(crate) mod build;
pub(crate) mod compiled;
pub(crate) mod compiler;
