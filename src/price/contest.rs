//! Choosing the best promotion of one type, as stages 2, 3 and 5 do: a look
//! that is closed (its gate, or no line in scope) is noted with why; an open
//! one that applies enters with its score; the highest score wins, a tie
//! going to the look entered first (looks come in id order: the smaller
//! id); every other entrant is noted as outranked by the winner.

use crate::ids::PromoId;

use super::state::{Ledger, Look};
use super::why::Why;

/// Whether `look` is open; if not, notes why in the ledger.
pub(crate) fn open(look: &Look, ledger: &mut Ledger) -> bool {
    match look.closed() {
        Some(why) => {
            ledger.note(look.promo, why);
            false
        }
        None => true,
    }
}

/// The best entrant so far and the looks it and its predecessors outranked.
pub(crate) struct Contest<'s, K, T> {
    best: Option<(K, u32, T)>,
    outranked: &'s mut Vec<u32>,
}

impl<'s, K: PartialOrd, T> Contest<'s, K, T> {
    /// A contest keeping the outranked looks in `outranked` (cleared).
    pub(crate) fn new(outranked: &'s mut Vec<u32>) -> Self {
        outranked.clear();
        Contest {
            best: None,
            outranked,
        }
    }

    /// Look `look` applies with `score`: it leads if it scores more than
    /// every look before it.
    pub(crate) fn enter(&mut self, look: u32, score: K, entry: T) {
        match &self.best {
            Some((best, _, _)) if score <= *best => self.outranked.push(look),
            _ => {
                if let Some((_, old, _)) = self.best.replace((score, look, entry)) {
                    self.outranked.push(old);
                }
            }
        }
    }

    /// The winner, if any entered; each other entrant noted with
    /// `why(winner's promotion)`.
    pub(crate) fn finish(
        self,
        looks: &[Look],
        ledger: &mut Ledger,
        why: impl Fn(PromoId) -> Why,
    ) -> Option<T> {
        let (_, k, entry) = self.best?;
        let winner = looks[k as usize].promo;
        for &l in self.outranked.iter() {
            ledger.note(looks[l as usize].promo, why(winner));
        }
        Some(entry)
    }
}
