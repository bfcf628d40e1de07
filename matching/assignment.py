"""The one-to-one assignment of a cohort's newcomers to its buddies.

``propose`` keeps the pairs the coordinator pinned, then over the allowed pairs only finds the
matching that pairs as many newcomers as possible and, among those, has the highest total
score. It is a rectangular assignment problem: every allowed pair costs ``-(BIG + score)``,
with BIG larger than any difference in total score, so one more pair always outweighs any
gain in score; a forbidden pair costs 0, the same as leaving both unmatched, and is dropped
from the solver's answer. ``greedy`` (best pair first) is only there to compare against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matching.profiles import BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import (
    CONSTRAINT_LABELS,
    CONSTRAINT_ORDER,
    Weights,
    evaluate,
)

# Why a newcomer is left without a buddy, besides a hard constraint (see Constraint).
NEEDED_FOR_OTHERS = "needed_for_others"  # had allowed buddies, all paired with others
NO_BUDDIES = "no_buddies"  # there was no buddy at all
NO_ALLOWED_BUDDY = "no_allowed_buddy"  # no allowed buddy; which constraint was not given

REASON_LABELS = {
    **CONSTRAINT_LABELS,
    NEEDED_FOR_OTHERS: _("All buddies allowed for this newcomer were needed for others"),
    NO_BUDDIES: _("There is no buddy to pair with"),
    NO_ALLOWED_BUDDY: _("No buddy is allowed for this newcomer"),
}

# Below this share of allowed pairs the sparse solver (LAPJVsp) is used; measured on the
# benchmark's instances, see benchmarks/matching/README.md.
SPARSE_BELOW_DENSITY = 0.3


@dataclass(frozen=True)
class Pair:
    newcomer: int  # index into the newcomers
    buddy: int  # index into the buddies
    score: int
    pinned: bool = False


@dataclass(frozen=True)
class Unmatched:
    """A newcomer left without a buddy, and why.

    ``blocked_by``: when no buddy was allowed, for each constraint how many buddies it ruled
    out (counting the first constraint each buddy breaks), most first; ``reason`` is the first.
    """

    newcomer: int
    reason: str
    blocked_by: tuple[tuple[str, int], ...] = ()

    @property
    def label(self):
        return REASON_LABELS[self.reason]


@dataclass(frozen=True)
class Proposal:
    pairs: tuple[Pair, ...]  # by newcomer
    unmatched: tuple[Unmatched, ...]  # by newcomer
    unmatched_buddies: tuple[int, ...]

    @property
    def total_score(self) -> int:
        return sum(p.score for p in self.pairs)

    @property
    def matched(self) -> int:
        return len(self.pairs)


def propose(
    scores: np.ndarray,
    allowed: np.ndarray,
    pinned: Iterable[tuple[int, int]] = (),
    violations: np.ndarray | None = None,
    method: str = "auto",
) -> Proposal:
    """Most newcomers matched, then the highest total score, keeping the ``pinned`` pairs.

    ``scores`` and ``allowed`` are [newcomers, buddies] (``score_matrix``); ``violations``
    (``evaluate(...).violations``) lets the reasons name the constraint that stopped a newcomer.
    ``method``: "dense" (``linear_sum_assignment``), "sparse" (LAPJVsp) or "auto" (by density).
    A pinned pair that is not allowed, or two pins sharing a person, raise ValueError.
    """
    scores, allowed, pins = _check(scores, allowed, pinned, violations)
    rows, cols, sub_scores, sub_allowed = _free_part(scores, allowed, pins)
    if method == "auto":
        density = sub_allowed.mean() if sub_allowed.size else 1.0
        method = "sparse" if density < SPARSE_BELOW_DENSITY else "dense"
    solvers = {"dense": _solve_dense, "sparse": _solve_sparse}
    if method not in solvers:
        raise ValueError(f"method must be auto, dense or sparse, not {method!r}")
    solve = solvers[method]
    r, c = solve(sub_scores, sub_allowed)
    chosen = list(pins) + list(zip(rows[r].tolist(), cols[c].tolist(), strict=True))
    return _proposal(scores, allowed, violations, chosen, set(pins))


def greedy(
    scores: np.ndarray,
    allowed: np.ndarray,
    pinned: Iterable[tuple[int, int]] = (),
    violations: np.ndarray | None = None,
) -> Proposal:
    """Pair the best-scoring allowed pair first, then the best of what is left, and so on."""
    scores, allowed, pins = _check(scores, allowed, pinned, violations)
    rows, cols, sub_scores, sub_allowed = _free_part(scores, allowed, pins)
    r, c = np.nonzero(sub_allowed)
    order = np.argsort(-sub_scores[r, c], kind="stable")
    used_rows, used_cols = set(), set()
    chosen = list(pins)
    room = min(len(rows), len(cols))
    for i, j in zip(r[order].tolist(), c[order].tolist(), strict=True):
        if i not in used_rows and j not in used_cols:
            used_rows.add(i)
            used_cols.add(j)
            chosen.append((int(rows[i]), int(cols[j])))
            if len(used_rows) == room:
                break
    return _proposal(scores, allowed, violations, chosen, set(pins))


def propose_cohort(
    newcomers: Sequence[NewcomerProfile],
    buddies: Sequence[BuddyProfile],
    weights: Weights,
    settings: MatchSettings,
    pinned_ids: Iterable[tuple[int, int]] = (),
) -> Proposal:
    """``propose`` from profiles, with pins as (newcomer id, buddy id); the answer in indices."""
    evaluation = evaluate(newcomers, buddies, weights, settings)
    row = {p.id: i for i, p in enumerate(newcomers)}
    col = {b.id: j for j, b in enumerate(buddies)}
    try:
        pins = [(row[n], col[b]) for n, b in pinned_ids]
    except KeyError as missing:
        raise ValueError(f"pinned id {missing} is not in this cohort") from None
    return propose(evaluation.scores, evaluation.allowed, pins, evaluation.violations)


# --- Helpers -------------------------------------------------------------------------------------


def _check(scores, allowed, pinned, violations):
    scores = np.asarray(scores)
    allowed = np.asarray(allowed, dtype=bool)
    if scores.ndim != 2 or scores.shape != allowed.shape:
        raise ValueError("scores and allowed must be matrices of the same shape")
    if violations is not None and np.shape(violations) != scores.shape:
        raise ValueError("violations must have the shape of scores")
    if not np.issubdtype(scores.dtype, np.integer):
        raise ValueError("scores must be whole numbers")
    pins = [(int(i), int(j)) for i, j in pinned]
    n, m = scores.shape
    for i, j in pins:
        if not (0 <= i < n and 0 <= j < m):
            raise ValueError(f"pinned pair {(i, j)} is outside the matrix")
        if not allowed[i, j]:
            raise ValueError(f"pinned pair {(i, j)} breaks a hard constraint")
    if len({i for i, _j in pins}) < len(pins) or len({j for _i, j in pins}) < len(pins):
        raise ValueError("a newcomer or buddy is pinned twice")
    return scores.astype(np.int64, copy=False), allowed, pins


def _free_part(scores, allowed, pins):
    """The rows and columns not pinned that have at least one allowed pair among each other."""
    n, m = scores.shape
    free_rows = np.ones(n, dtype=bool)
    free_cols = np.ones(m, dtype=bool)
    for i, j in pins:
        free_rows[i] = free_cols[j] = False
    sub = allowed & free_rows[:, None] & free_cols[None, :]
    rows = np.flatnonzero(sub.any(axis=1))
    cols = np.flatnonzero(sub.any(axis=0))
    return rows, cols, scores[np.ix_(rows, cols)], allowed[np.ix_(rows, cols)]


def _bonus(scores: np.ndarray, allowed: np.ndarray) -> int:
    """A per-pair bonus larger than any difference in total score between two matchings.

    Matchings of k and k + 1 pairs differ in score by at most k * max - (k + 1) * min.
    """
    k = min(scores.shape)
    values = scores[allowed]
    high = max(int(values.max()), 0)
    low = min(int(values.min()), 0)
    big = 1 + k * high - (k + 1) * low
    if k * (big + high - low) >= 2**53:  # the solvers add costs in float64
        raise ValueError("scores too large to compare totals exactly")
    return big


def _solve_dense(scores: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not allowed.any():
        return np.array([], dtype=np.intp), np.array([], dtype=np.intp)
    big = _bonus(scores, allowed)
    cost = np.zeros(scores.shape, dtype=np.float64)  # whole numbers well below 2**53: exact
    np.negative(scores + big, out=cost, where=allowed, casting="unsafe")
    r, c = linear_sum_assignment(cost)
    keep = allowed[r, c]  # a forbidden pair costs as much as no pair: never a real match
    return r[keep], c[keep]


def _solve_sparse(scores: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LAPJVsp on the allowed pairs, with a private "nobody" column per row.

    Every row is matched exactly once (to a buddy or to its own nobody), so adding a constant
    to every weight changes nothing; the weights are made positive because LAPJVsp needs
    non-zero weights.
    """
    if not allowed.any():
        return np.array([], dtype=np.intp), np.array([], dtype=np.intp)
    transposed = scores.shape[0] > scores.shape[1]
    if transposed:
        scores, allowed = scores.T, allowed.T
    n, m = scores.shape
    big = _bonus(scores, allowed)
    top = big + int(scores[allowed].max()) + 1
    r, c = np.nonzero(allowed)
    weights = np.concatenate([top - (big + scores[r, c]), np.full(n, top)]).astype(np.float64)
    graph = csr_array(
        (weights, (np.concatenate([r, np.arange(n)]), np.concatenate([c, m + np.arange(n)]))),
        shape=(n, m + n),
    )
    rr, cc = min_weight_full_bipartite_matching(graph)
    real = cc < m
    rr, cc = rr[real], cc[real]
    return (cc, rr) if transposed else (rr, cc)


def _proposal(scores, allowed, violations, chosen, pins) -> Proposal:
    n, m = scores.shape
    if not all(allowed[i, j] for i, j in chosen):  # cannot happen; never let it through
        raise RuntimeError("the solver chose a pair that breaks a hard constraint")
    pairs = tuple(
        sorted(
            (Pair(i, j, int(scores[i, j]), (i, j) in pins) for i, j in chosen),
            key=lambda p: p.newcomer,
        )
    )
    matched_rows = {p.newcomer for p in pairs}
    matched_cols = {p.buddy for p in pairs}
    unmatched = tuple(
        _why_unmatched(i, allowed, violations) for i in range(n) if i not in matched_rows
    )
    return Proposal(
        pairs=pairs,
        unmatched=unmatched,
        unmatched_buddies=tuple(j for j in range(m) if j not in matched_cols),
    )


def _why_unmatched(i: int, allowed: np.ndarray, violations: np.ndarray | None) -> Unmatched:
    if allowed.shape[1] == 0:
        return Unmatched(i, NO_BUDDIES)
    if allowed[i].any():
        return Unmatched(i, NEEDED_FOR_OTHERS)
    if violations is None:
        return Unmatched(i, NO_ALLOWED_BUDDY)
    counts = np.bincount(violations[i], minlength=len(CONSTRAINT_ORDER) + 1)[1:]
    order = sorted(range(len(CONSTRAINT_ORDER)), key=lambda k: -counts[k])  # stable: ties in order
    blocked_by = tuple((CONSTRAINT_ORDER[k], int(counts[k])) for k in order if counts[k])
    return Unmatched(i, blocked_by[0][0], blocked_by)


def review(
    scores: np.ndarray,
    allowed: np.ndarray,
    chosen: Iterable[tuple[int, int]],
    pinned: Iterable[tuple[int, int]] = (),
    violations: np.ndarray | None = None,
) -> Proposal:
    """Given pairs (a proposal the coordinator changed) as a ``Proposal``: each pair's score,
    and for every newcomer left over the reason, as ``propose`` gives them. The pairs must be
    allowed and share no one (ValueError otherwise); ``pinned`` marks some of them."""
    scores, allowed, pairs = _check(scores, allowed, chosen, violations)
    return _proposal(scores, allowed, violations, pairs, {(int(i), int(j)) for i, j in pinned})
