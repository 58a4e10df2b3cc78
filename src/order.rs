//! Large lists sorted by compact keys: the keys, small and side by side in
//! memory, are sorted, and the items moved once. Sorting the items
//! themselves moves each (hundreds of bytes) at every step of the merge;
//! sorting bare indexes reads two items far apart at every comparison.

use std::cmp::Ordering;

use rayon::prelude::*;

/// `items` sorted by `key`, ties broken by `tie`. Also returns where each
/// item was: `order[k]` is the old index of the item now at `k`.
pub(crate) fn sorted_by<T: Sync, K: Ord + Send>(
    items: Vec<T>,
    key: impl Fn(&T) -> K + Sync + Send,
    tie: impl Fn(&T, &T) -> Ordering + Sync,
) -> (Vec<T>, Vec<usize>) {
    let mut keys: Vec<(K, usize)> = items
        .par_iter()
        .enumerate()
        .map(|(i, item)| (key(item), i))
        .collect();
    keys.par_sort_by(|a, b| a.0.cmp(&b.0).then_with(|| tie(&items[a.1], &items[b.1])));
    let order: Vec<usize> = keys.into_iter().map(|(_, i)| i).collect();
    (in_order(items, &order), order)
}

/// `items` rearranged in place so item `k` is the one that was at
/// `order[k]` (`order` lists each index once): each cycle of the
/// permutation is walked once, with no second copy of a large list.
pub(crate) fn in_order<T>(mut items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let next = order[k];
            if next == start {
                break;
            }
            items.swap(k, next);
            k = next;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn in_order_puts_each_item_where_the_order_says(
            order in proptest::strategy::Strategy::prop_map(proptest::collection::vec(0usize..1000, 0..60), |keys| {
                let mut order: Vec<usize> = (0..keys.len()).collect();
                order.sort_by_key(|&i| keys[i]);
                order
            })
        ) {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            proptest::prop_assert_eq!(in_order(items, &order), want);
        }

        /// The same order as a stable sort by key, then tie.
        #[test]
        fn sorted_by_sorts_by_key_then_tie(items in proptest::collection::vec((0u8..4, 0u8..4, 0u8..255), 0..60)) {
            let mut want = items.clone();
            want.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            let (got, order) = sorted_by(items.clone(), |t| t.0, |a, b| a.1.cmp(&b.1));
            proptest::prop_assert_eq!(got.iter().map(|t| (t.0, t.1)).collect::<Vec<_>>(),
                want.iter().map(|t| (t.0, t.1)).collect::<Vec<_>>());
            for (k, &i) in order.iter().enumerate() {
                proptest::prop_assert_eq!(&got[k], &items[i]);
            }
        }
    }
}
