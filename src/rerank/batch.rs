//! Batches packed under a token budget: rows sorted by length so that padding is small,
//! and rows × padded length ≤ budget (text-embeddings-inference's `max_batch_tokens`).

/// Groups of row indices, each a batch. `lens[i]` is the token length of row i.
pub fn plan(lens: &[usize], budget: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lens.len()).collect();
    order.sort_by_key(|&i| (lens[i], i));
    let mut batches = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for i in order {
        // Sorted ascending, so row i sets the padded length of the batch it joins.
        let padded = lens[i] * (current.len() + 1);
        if !current.is_empty() && padded > budget {
            batches.push(std::mem::take(&mut current));
        }
        current.push(i);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// Padding cost of a plan, in tokens: what the budget packing saves.
#[cfg(test)]
fn padded_tokens(lens: &[usize], batches: &[Vec<usize>]) -> usize {
    batches
        .iter()
        .map(|b| b.iter().map(|&i| lens[i]).max().unwrap_or(0) * b.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_the_budget_and_cover_every_row_once() {
        let lens = [500, 20, 30, 480, 25, 1000, 40];
        let batches = plan(&lens, 1000);
        let mut all: Vec<usize> = batches.concat();
        all.sort();
        assert_eq!(all, (0..lens.len()).collect::<Vec<_>>());
        for b in &batches {
            let max = b.iter().map(|&i| lens[i]).max().unwrap();
            assert!(b.len() == 1 || max * b.len() <= 1000, "{b:?}");
        }
        // Short rows travel together, long ones apart.
        assert_eq!(batches[0], vec![1, 4, 2, 6]);
        assert!(padded_tokens(&lens, &batches) < 1000 * lens.len());
    }

    #[test]
    fn a_row_longer_than_the_budget_gets_a_batch_of_its_own() {
        assert_eq!(plan(&[5000, 10], 1000), vec![vec![1], vec![0]]);
    }
}
