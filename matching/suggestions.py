"""Buddies for one newcomer, best first, each with the reasons for its score."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from matching.profiles import BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import Score, Weights, evaluate, explain


@dataclass(frozen=True)
class Suggestion:
    buddy: BuddyProfile
    score: Score


def suggest(
    newcomer: NewcomerProfile,
    buddies: Sequence[BuddyProfile],
    weights: Weights,
    settings: MatchSettings,
    limit: int = 20,
    municipality_ids: Collection[int] | None = None,
) -> list[Suggestion]:
    """The allowed buddies ranked by score (ties: in the order given), at most ``limit``.

    Only buddies in ``municipality_ids`` when given; filter on status before building the
    profiles. Every buddy is scored at once with NumPy; only the ones shown are explained.
    """
    if municipality_ids is not None:
        buddies = [b for b in buddies if b.municipality_id in municipality_ids]
    if limit <= 0 or not buddies:
        return []
    evaluation = evaluate([newcomer], buddies, weights, settings)
    candidates = np.flatnonzero(evaluation.allowed[0])
    scores = evaluation.scores[0, candidates]
    best = candidates[np.argsort(-scores, kind="stable")[:limit]]
    return [
        Suggestion(buddies[j], explain(newcomer, buddies[j], weights, settings))
        for j in best.tolist()
    ]
