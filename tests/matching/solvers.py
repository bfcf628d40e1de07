"""Independent ways to find the best matching, to check ``propose`` against.

Each returns (newcomers matched, total score) of a best matching: the most pairs over allowed
pairs, then the highest total score, with the pinned pairs included.
"""

from functools import cache
from itertools import permutations

import networkx as nx
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array


@cache
def _injections(k: int, m: int) -> np.ndarray:
    """Every injective map of k rows into m columns, one per line."""
    return np.array(list(permutations(range(m), k)), dtype=np.intp).reshape(-1, k)


def brute_force(scores, allowed, pinned=()) -> tuple[int, int]:
    """Try every injective assignment of the smaller side; a forbidden pair counts as unpaired."""
    scores, allowed = np.asarray(scores), np.asarray(allowed, dtype=bool)
    pinned = list(pinned)
    if scores.shape[0] > scores.shape[1]:
        scores, allowed, pinned = scores.T, allowed.T, [(j, i) for i, j in pinned]
    k, m = scores.shape
    if k == 0:
        return 0, 0
    maps = _injections(k, m)
    for i, j in pinned:
        maps = maps[maps[:, i] == j]
    rows = np.arange(k)
    used = allowed[rows, maps]
    cardinality = used.sum(axis=1)
    total = np.where(used, scores[rows, maps], 0).sum(axis=1)
    best = cardinality.max()
    return int(best), int(total[cardinality == best].max())


def networkx_solver(scores, allowed, pinned=()) -> tuple[int, int]:
    """Edmonds' blossom algorithm (pure Python) for the maximum-weight maximum-cardinality
    matching of the graph of allowed pairs, after taking out the pinned people."""
    scores, allowed = np.asarray(scores), np.asarray(allowed, dtype=bool).copy()
    pinned = list(pinned)
    for i, j in pinned:
        allowed[i, :] = False
        allowed[:, j] = False
    graph = nx.Graph()
    rows, cols = np.nonzero(allowed)
    lowest = int(scores[rows, cols].min()) if len(rows) else 0
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        # Every maximum-cardinality matching has as many edges, so a constant shift that makes
        # the weights positive does not change which one is best.
        graph.add_edge(("n", i), ("b", j), weight=int(scores[i, j]) - lowest + 1)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    pairs = [(a[1], b[1]) if a[0] == "n" else (b[1], a[1]) for a, b in matching]
    pairs += pinned
    return len(pairs), sum(int(scores[i, j]) for i, j in pairs)


def milp_solver(scores, allowed, pinned=()) -> tuple[int, int]:
    """HiGHS mixed-integer programs: first the most pairs, then the best score with that many.

    Pins are variables fixed to 1."""
    scores, allowed = np.asarray(scores), np.asarray(allowed, dtype=bool)
    n, m = scores.shape
    rows, cols = np.nonzero(allowed)
    k = len(rows)
    if k == 0:
        return 0, 0
    edge = {(i, j): e for e, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True))}
    lower = np.zeros(k)
    for pin in pinned:
        lower[edge[pin]] = 1
    per_row = coo_array((np.ones(k), (rows, np.arange(k))), shape=(n, k))
    per_col = coo_array((np.ones(k), (cols, np.arange(k))), shape=(m, k))
    constraints = [LinearConstraint(per_row, 0, 1), LinearConstraint(per_col, 0, 1)]
    options = {"integrality": np.ones(k), "bounds": Bounds(lower, 1)}
    first = milp(-np.ones(k), constraints=constraints, **options)
    cardinality = round(-first.fun)
    constraints.append(LinearConstraint(np.ones((1, k)), cardinality, cardinality))
    second = milp(-scores[rows, cols].astype(float), constraints=constraints, **options)
    return cardinality, round(-second.fun)
