//! Reachability and closed classes of the jump graph of a rate matrix.

use crate::rate_matrix::RateMatrix;

/// Cells from which some cell of `start` can be reached (including `start`):
/// a breadth-first search on the reversed jump graph.
pub(crate) fn can_reach(q: &RateMatrix, start: &[bool]) -> Vec<bool> {
    let n = q.n();
    // predecessors of i: columns j with Q_ij > 0
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for j in 0..n {
        for (i, v) in q.column(j) {
            if i != j && v > 0.0 {
                pred[i].push(j);
            }
        }
    }
    let mut seen = start.to_vec();
    let mut stack: Vec<usize> = (0..n).filter(|&i| start[i]).collect();
    while let Some(i) = stack.pop() {
        for &j in &pred[i] {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}

/// The number of closed communicating classes of the jump graph
/// (strongly connected components with no edge leaving them), computed with
/// an iterative Tarjan search.
pub(crate) fn closed_classes(q: &RateMatrix) -> usize {
    let n = q.n();
    let succ = q.successors();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut ncomp = 0;
    let mut counter = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut k)) = call.last_mut() {
            if *k < succ[v].len() {
                let w = succ[v][*k];
                *k += 1;
                if index[w] == usize::MAX {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(p, _)) = call.last() {
                    low[p] = low[p].min(low[v]);
                }
                if low[v] == index[v] {
                    loop {
                        let w = stack.pop().expect("v is on the stack");
                        on_stack[w] = false;
                        comp[w] = ncomp;
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    let mut leaves = vec![false; ncomp];
    for v in 0..n {
        if succ[v].iter().any(|&w| comp[w] != comp[v]) {
            leaves[comp[v]] = true;
        }
    }
    leaves.iter().filter(|&&l| !l).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_traps_are_two_closed_classes() {
        // 0 ⇄ 1 → 2 (trap), 3 → 4 ⇄ 5 (closed)
        let q = RateMatrix::from_triplets(
            6,
            &[
                (1, 0, 1.0),
                (0, 1, 1.0),
                (2, 1, 1.0),
                (4, 3, 1.0),
                (5, 4, 1.0),
                (4, 5, 1.0),
            ],
        )
        .unwrap();
        assert_eq!(closed_classes(&q), 2);
        let r = can_reach(&q, &[false, false, true, false, false, false]);
        assert_eq!(r, vec![true, true, true, false, false, false]);
    }
}
