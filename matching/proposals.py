"""A cohort's proposal while the coordinator works on it: pairs, pins and swaps, kept as a draft
in the coordinator's session until confirmed.

The draft holds only keys ((newcomer id, buddy id) pairs and which are pinned). Every page view
rebuilds the cohort's profiles and scores from the database, drops what no longer fits (someone
left, an exclusion was added) and shows the draft with its scores and the reasons for whoever is
left over. Nothing here writes to the database; ``services.match_confirm_many`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from matching import selectors
from matching.assignment import Proposal, propose, review
from matching.scoring import Evaluation, Score, Weights, constraint_for_code, evaluate, explain
from participants.models import Buddy, Newcomer

SESSION_KEY = "matching_drafts"

Pair = tuple[int, int]  # (newcomer id, buddy id)


@dataclass
class Draft:
    pairs: list[Pair] = field(default_factory=list)
    pinned: set[Pair] = field(default_factory=set)
    changed: set[Pair] = field(default_factory=set)  # made by the last swap or pin: highlighted

    def as_json(self) -> dict:
        return {
            "pairs": [list(p) for p in self.pairs],
            "pinned": sorted(list(p) for p in self.pinned),
            "changed": sorted(list(p) for p in self.changed),
        }

    @classmethod
    def from_json(cls, data: dict) -> Draft:
        def pairs(key):
            return [(int(n), int(b)) for n, b in data.get(key, [])]

        return cls(pairs("pairs"), set(pairs("pinned")), set(pairs("changed")))


def draft_load(session, cohort: Cohort) -> Draft | None:
    data = session.get(SESSION_KEY, {}).get(str(cohort.pk))
    return Draft.from_json(data) if data else None


def draft_save(session, cohort: Cohort, draft: Draft) -> None:
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts[str(cohort.pk)] = draft.as_json()
    session[SESSION_KEY] = drafts


def draft_clear(session, cohort: Cohort) -> None:
    drafts = dict(session.get(SESSION_KEY, {}))
    if drafts.pop(str(cohort.pk), None) is not None:
        session[SESSION_KEY] = drafts


@dataclass
class Row:
    newcomer: Newcomer
    buddy: Buddy
    score: Score
    pinned: bool
    changed: bool


@dataclass
class Leftover:
    newcomer: Newcomer
    label: str
    blocked_by: list[tuple[str, int]]  # (constraint label, buddies it ruled out)


@dataclass
class Review:
    """What the proposal page shows."""

    draft: Draft
    rows: list[Row]
    unmatched: list[Leftover]
    free_buddies: list[Buddy]
    total: int
    best_matched: int  # what a fresh proposal with the same pins matches, and its total
    best_total: int
    weights: Weights
    dropped: int  # pairs of the stored draft that no longer fit

    @property
    def to_match(self) -> int:
        return len(self.rows) + len(self.unmatched)


class CohortProposal:
    """A cohort's people, scores and hard constraints, for proposing and changing pairs."""

    def __init__(self, cohort: Cohort):
        self.cohort = cohort
        self.people = selectors.cohort_people(cohort)
        newcomer_ids = [p.id for p in self.people.newcomers]
        buddy_ids = [p.id for p in self.people.buddies]
        self.weights, self.settings = selectors.scoring_for(newcomer_ids, buddy_ids)
        self.evaluation: Evaluation = evaluate(
            self.people.newcomers, self.people.buddies, self.weights, self.settings
        )
        self.row = {pid: i for i, pid in enumerate(newcomer_ids)}
        self.col = {pid: j for j, pid in enumerate(buddy_ids)}

    # --- Keys and indices ---

    def _indices(self, pairs: Iterable[Pair]) -> list[tuple[int, int]]:
        return [(self.row[n], self.col[b]) for n, b in pairs]

    def _keys(self, proposal: Proposal) -> list[Pair]:
        return [
            (self.people.newcomers[p.newcomer].id, self.people.buddies[p.buddy].id)
            for p in proposal.pairs
        ]

    def allowed(self, pair: Pair) -> bool:
        n, b = pair
        if n not in self.row or b not in self.col:
            return False
        return bool(self.evaluation.allowed[self.row[n], self.col[b]])

    def check(self, pair: Pair) -> None:
        """Refuse a pair that breaks a hard constraint, naming both people and the rule."""
        if self.allowed(pair):
            return
        n, b = pair
        names = self._names([n], [b])
        known = n in self.row and b in self.col
        code = int(self.evaluation.violations[self.row[n], self.col[b]]) if known else 0
        constraint = constraint_for_code(code)
        rule = constraint.label if constraint else _("one of them can no longer be matched here")
        raise ValidationError(
            _("%(newcomer)s and %(buddy)s cannot be paired: %(rule)s")
            % {"newcomer": names[0].get(n, n), "buddy": names[1].get(b, b), "rule": rule}
        )

    def _names(self, newcomer_ids, buddy_ids):
        newcomers = Newcomer.objects.select_related("person").in_bulk(list(newcomer_ids))
        buddies = Buddy.objects.select_related("person").in_bulk(list(buddy_ids))
        return (
            {pk: n.person.display_name for pk, n in newcomers.items()},
            {pk: b.person.display_name for pk, b in buddies.items()},
        )

    def total(self, draft: Draft) -> int:
        scores = self.evaluation.scores
        return int(sum(scores[i, j] for i, j in self._indices(self.sanitize(draft).pairs)))

    # --- Drafts ---

    def propose(self, pinned: Iterable[Pair] = ()) -> Draft:
        """The best proposal now, keeping the ``pinned`` pairs that still fit."""
        pins = self.sanitize(Draft(pairs=list(pinned), pinned=set(pinned))).pairs
        proposal = propose(
            self.evaluation.scores,
            self.evaluation.allowed,
            self._indices(pins),
            self.evaluation.violations,
        )
        return Draft(pairs=self._keys(proposal), pinned=set(pins))

    def sanitize(self, draft: Draft) -> Draft:
        """The draft without pairs that no longer fit or that share a person with an earlier one."""
        seen_n, seen_b, pairs = set(), set(), []
        for n, b in draft.pairs:
            if n in seen_n or b in seen_b or not self.allowed((n, b)):
                continue
            seen_n.add(n)
            seen_b.add(b)
            pairs.append((n, b))
        kept = set(pairs)
        return Draft(pairs, draft.pinned & kept, draft.changed & kept)

    def swap(self, draft: Draft, first: Pair, second: Pair) -> Draft:
        """Exchange the buddies of two selected lines. A line is a pair, a newcomer without a
        buddy (buddy 0) or a buddy without a newcomer (newcomer 0): a pair and a free buddy
        give the newcomer that buddy, a free newcomer and a free buddy make a new pair."""
        (n1, b1), (n2, b2) = first, second
        made = [(n, b) for n, b in ((n1, b2), (n2, b1)) if n and b]
        if not made:
            raise ValidationError(
                _(
                    "Choose two lines that make a new pair together: two pairs, or a pair or a "
                    "newcomer with a free buddy."
                )
            )
        for pair in made:
            self.check(pair)
        gone = {first, second}
        pairs = [p for p in draft.pairs if p not in gone] + made
        order = {n: i for i, (n, _b) in enumerate(draft.pairs)}
        pairs.sort(key=lambda p: order.get(p[0], len(order)))
        pinned = (draft.pinned - gone) | set(made)
        return Draft(pairs, pinned, set(made))

    def pin(self, draft: Draft, pair: Pair) -> Draft:
        """Keep this pair, whatever is proposed around it; the rest is proposed again."""
        self.check(pair)
        n, b = pair
        pins = {p for p in draft.pinned if p[0] != n and p[1] != b} | {pair}
        fresh = self.propose(pins)
        fresh.changed = {pair}
        return fresh

    def toggle_pin(self, draft: Draft, newcomer_id: int) -> Draft:
        pair = next((p for p in draft.pairs if p[0] == newcomer_id), None)
        if pair is None:
            return draft
        pinned = draft.pinned ^ {pair}
        return Draft(draft.pairs, pinned, set())

    # --- What the page shows ---

    def review(self, draft: Draft | None) -> Review:
        stored = draft
        draft = self.sanitize(draft) if draft is not None else self.propose()
        dropped = len(stored.pairs) - len(draft.pairs) if stored is not None else 0
        proposal = review(
            self.evaluation.scores,
            self.evaluation.allowed,
            self._indices(draft.pairs),
            self._indices(draft.pinned),
            self.evaluation.violations,
        )
        best = propose(
            self.evaluation.scores,
            self.evaluation.allowed,
            self._indices(draft.pinned),
            self.evaluation.violations,
        )
        newcomers = selectors.newcomers_for_page(self.row)
        buddies = selectors.buddies_for_page(self.col)
        profiles_n, profiles_b = self.people.newcomers, self.people.buddies
        rows = []
        for p in proposal.pairs:
            n, b = profiles_n[p.newcomer], profiles_b[p.buddy]
            key = (n.id, b.id)
            rows.append(
                Row(
                    newcomer=newcomers[n.id],
                    buddy=buddies[b.id],
                    score=explain(n, b, self.weights, self.settings),
                    pinned=key in draft.pinned,
                    changed=key in draft.changed,
                )
            )
        unmatched = [
            Leftover(
                newcomer=newcomers[profiles_n[u.newcomer].id],
                label=str(u.label),
                blocked_by=[(str(c.label), count) for c, count in u.blocked_by],
            )
            for u in proposal.unmatched
        ]
        return Review(
            draft=draft,
            rows=rows,
            unmatched=unmatched,
            free_buddies=[
                buddies[profiles_b[j].id]
                for j in proposal.unmatched_buddies
                if profiles_b[j].capacity_left > 0
            ],
            total=proposal.total_score,
            best_matched=best.matched,
            best_total=best.total_score,
            weights=self.weights,
            dropped=dropped,
        )
