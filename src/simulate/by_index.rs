//! Sums kept by a dense index (a promotion's or a shop's number in the
//! engine): counting a cart finds each of its ~15 sums by indexing a vector,
//! where a search of a tree cost ~60 instructions a sum (`youhui simulate`
//! counts every cart). It behaves as the `BTreeMap` it replaces: an entry is
//! there once made, even with sums of zero, and entries are visited in the
//! order of their index.

/// Values by index, each there or not.
#[derive(Clone, Debug)]
pub(crate) struct ByIndex<V>(Vec<Option<V>>);

impl<V> Default for ByIndex<V> {
    fn default() -> Self {
        ByIndex(Vec::new())
    }
}

impl<V> ByIndex<V> {
    /// The value at `i`, made with its default if it was not there.
    pub(crate) fn entry(&mut self, i: usize) -> &mut V
    where
        V: Default,
    {
        if self.0.len() <= i {
            self.0.resize_with(i + 1, || None);
        }
        self.0[i].get_or_insert_with(V::default)
    }

    /// Puts `v` at `i`; what was there before, if anything.
    pub(crate) fn insert(&mut self, i: usize, v: V) -> Option<V> {
        if self.0.len() <= i {
            self.0.resize_with(i + 1, || None);
        }
        self.0[i].replace(v)
    }

    /// Takes the value at `i` out, if there is one.
    pub(crate) fn remove(&mut self, i: usize) -> Option<V> {
        self.0.get_mut(i).and_then(Option::take)
    }

    /// How many values there are.
    pub(crate) fn len(&self) -> usize {
        self.0.iter().filter(|v| v.is_some()).count()
    }

    /// The values there, by increasing index.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &V)> {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i, v.as_ref()?)))
    }

    /// The values there, mutable, by increasing index.
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().filter_map(Option::as_mut)
    }
}

impl<V> IntoIterator for ByIndex<V> {
    type Item = (usize, V);
    type IntoIter = std::iter::FilterMap<
        std::iter::Enumerate<std::vec::IntoIter<Option<V>>>,
        fn((usize, Option<V>)) -> Option<(usize, V)>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        fn there<V>((i, v): (usize, Option<V>)) -> Option<(usize, V)> {
            Some((i, v?))
        }
        self.0.into_iter().enumerate().filter_map(there::<V>)
    }
}

/// Equal when the same indices hold equal values (however long the vectors).
impl<V: PartialEq> PartialEq for ByIndex<V> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<V: Eq> Eq for ByIndex<V> {}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn it_is_the_tree_it_replaces() {
        let mut dense = ByIndex::<u64>::default();
        let mut tree = BTreeMap::<usize, u64>::new();
        for (i, by) in [(7, 1), (2, 5), (7, 3), (0, 0), (40, 2)] {
            *dense.entry(i) += by;
            *tree.entry(i).or_default() += by;
        }
        // An entry made with nothing added is there, as in the tree.
        assert_eq!(
            dense.iter().map(|(i, &v)| (i, v)).collect::<Vec<_>>(),
            tree.clone().into_iter().collect::<Vec<_>>()
        );
        assert_eq!(dense.len(), 4);
        assert_eq!(dense.insert(2, 9), Some(5));
        assert_eq!(dense.insert(3, 1), None);
        assert_eq!(dense.remove(7), Some(4));
        assert_eq!(dense.remove(7), None);
        assert_eq!(dense.remove(1000), None);
        assert_eq!(
            dense.clone().into_iter().collect::<Vec<_>>(),
            [(0, 0), (2, 9), (3, 1), (40, 2)]
        );
        for v in dense.values_mut() {
            *v += 1;
        }
        assert_eq!(dense.iter().map(|(_, &v)| v).sum::<u64>(), 1 + 10 + 2 + 3);
        // Equality sees the entries, not the vectors' lengths.
        let mut a = ByIndex::<u64>::default();
        let mut b = ByIndex::<u64>::default();
        *a.entry(1) += 1;
        *b.entry(1) += 1;
        b.insert(9, 0);
        assert_ne!(a, b);
        b.remove(9);
        assert_eq!(a, b);
    }
}
