//! Amounts in fen counted by bucket (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)): exact below ¥100,
//! four significant digits from ¥100 up. The payable deciles and the plot's
//! histograms are read from such counts, so that a simulation keeps no figure
//! per cart, and two counts merge by adding.

use std::collections::BTreeMap;

/// Below this many fen (¥100) every amount is its own bucket.
const EXACT_BELOW: i64 = 10_000;

/// The bucket of `fen`: its start and its width. Below 10,000 fen each amount
/// is its own bucket (width 1); from 10,000 up, with `d` digits, the width is
/// `10^(d−4)` and the start `⌊fen / width⌋ × width`.
pub(crate) fn bucket(fen: i64) -> (i64, i64) {
    if fen < EXACT_BELOW {
        return (fen, 1);
    }
    // fen ≥ 10^4 has d ≥ 5 digits; width = 10^(d−4) ≤ 10^14 for an i64.
    let digits = fen.ilog10() + 1;
    let width = 10i64.pow(digits - 4);
    (fen / width * width, width)
}

/// Counts by bucket start, sparse: at most 10,000 + 9,000 × 15 buckets exist
/// for the amounts an `i64` holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Buckets(pub(crate) BTreeMap<i64, u64>);

impl Buckets {
    /// Counts one amount.
    pub(crate) fn add(&mut self, fen: i64) {
        let n = self.0.entry(bucket(fen).0).or_default();
        *n = n.saturating_add(1);
    }

    /// Adds every count of `other`.
    pub(crate) fn merge(&mut self, other: Buckets) {
        for (start, n) in other.0 {
            let m = self.0.entry(start).or_default();
            *m = m.saturating_add(n);
        }
    }

    /// The number of amounts counted.
    pub(crate) fn total(&self) -> u64 {
        self.0.values().fold(0u64, |a, &n| a.saturating_add(n))
    }

    /// For k = 1 … 9, the smallest bucket whose cumulative count reaches the
    /// nearest rank ⌈k × total / 10⌉, reported as
    /// `min(start + width − 1, largest)`; empty when nothing was counted.
    pub(crate) fn deciles(&self, largest: i64) -> Vec<i64> {
        let total = u128::from(self.total());
        if total == 0 {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(9);
        let mut seen = 0u128;
        let mut it = self.0.iter();
        let mut current: Option<(i64, u64)> = None;
        for k in 1..=9u128 {
            let rank = (k * total).div_ceil(10);
            while seen < rank {
                match it.next() {
                    Some((&start, &n)) => {
                        seen += u128::from(n);
                        current = Some((start, n));
                    }
                    None => break,
                }
            }
            if let Some((start, _)) = current {
                let (_, width) = bucket(start);
                out.push(start.saturating_add(width - 1).min(largest));
            }
        }
        out
    }

    /// Why these counts could not have been made by [`add`](Buckets::add):
    /// a start that is not a bucket's, or an empty bucket.
    pub(crate) fn invalid(&self) -> Option<String> {
        self.0.iter().find_map(|(&start, &n)| {
            if n == 0 {
                Some(format!("bucket {start} counts 0"))
            } else if start < 0 || bucket(start).0 != start {
                Some(format!("{start} is not the start of a bucket"))
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_exact_below_100_yuan_and_four_digits_above() {
        assert_eq!(bucket(0), (0, 1));
        assert_eq!(bucket(9_999), (9_999, 1));
        assert_eq!(bucket(10_000), (10_000, 10));
        assert_eq!(bucket(12_345), (12_340, 10));
        assert_eq!(bucket(99_999), (99_990, 10));
        assert_eq!(bucket(123_456), (123_400, 100));
        assert_eq!(
            bucket(i64::MAX),
            (9_223_000_000_000_000_000, 1_000_000_000_000_000)
        );
    }

    #[test]
    fn deciles_walk_the_cumulative_counts() {
        let mut b = Buckets::default();
        for v in [500, 12_345, 12_349, 20_000] {
            b.add(v);
        }
        // 4 amounts: ranks ⌈4k/10⌉ = 1,1,2,2,2,3,3,4,4. Rank 1: 500 (exact);
        // ranks 2–3: bucket 12,340 (width 10) → 12,349; rank 4: bucket 20,000
        // → min(20,009, largest 20,000) = 20,000.
        assert_eq!(
            b.deciles(20_000),
            [500, 500, 12_349, 12_349, 12_349, 12_349, 12_349, 20_000, 20_000]
        );
        assert!(Buckets::default().deciles(0).is_empty());
    }

    #[test]
    fn counts_not_made_by_add_are_named() {
        let mut b = Buckets::default();
        b.0.insert(12_345, 1);
        assert!(b.invalid().unwrap().contains("12345"));
        let mut b = Buckets::default();
        b.0.insert(5, 0);
        assert!(b.invalid().is_some());
        let mut b = Buckets::default();
        b.add(12_345);
        assert_eq!(b.invalid(), None);
    }
}
