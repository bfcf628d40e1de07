"""Cohort proposal against best-pair-first pairing, and suggestions among many buddies.

    .venv/bin/python benchmarks/matching/bench_matching.py [--quick]

Prints Markdown tables (see README.md beside this file). Times include scoring: building the
score matrix from profiles, then pairing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.matching.instances import cohort
from matching.assignment import greedy, propose
from matching.scoring import Weights, evaluate
from matching.suggestions import suggest

WEIGHTS = Weights()


def timed(work, repeat: int):
    """(median seconds, result of the last run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def pairing(size: int, instances: int, repeat: int) -> str:
    rows = []
    for seed in range(instances):
        newcomers, buddies, settings = cohort(seed, size, size)

        def with_proposal(newcomers=newcomers, buddies=buddies, settings=settings):
            evaluation = evaluate(newcomers, buddies, WEIGHTS, settings)
            return propose(evaluation.scores, evaluation.allowed, (), evaluation.violations)

        def with_greedy(newcomers=newcomers, buddies=buddies, settings=settings):
            evaluation = evaluate(newcomers, buddies, WEIGHTS, settings)
            return greedy(evaluation.scores, evaluation.allowed, (), evaluation.violations)

        def scoring_only(newcomers=newcomers, buddies=buddies, settings=settings):
            return evaluate(newcomers, buddies, WEIGHTS, settings)

        score_time, evaluation = timed(scoring_only, 3)
        proposal_time, proposal = timed(with_proposal, repeat)
        greedy_time, best_first = timed(with_greedy, repeat)
        rows.append(
            {
                "density": evaluation.allowed.mean(),
                "matched": proposal.matched,
                "greedy_matched": best_first.matched,
                "ratio": best_first.total_score / proposal.total_score,
                "score_time": score_time,
                "proposal_time": proposal_time,
                "greedy_time": greedy_time,
            }
        )

    def mean(key):
        return statistics.mean(r[key] for r in rows)

    def ms(key):
        return f"{1000 * statistics.median(r[key] for r in rows):.1f}"

    fewer = sum(r["greedy_matched"] < r["matched"] for r in rows)
    worst = max(r["matched"] - r["greedy_matched"] for r in rows)
    return (
        f"| {size}x{size} | {instances} | {mean('density'):.2f} | {mean('matched'):.1f} | "
        f"{mean('greedy_matched'):.1f} | {fewer}/{instances} (up to {worst}) | "
        f"{mean('ratio'):.3f} (min {min(r['ratio'] for r in rows):.3f}) | {ms('score_time')} | "
        f"{ms('proposal_time')} (max {1000 * max(r['proposal_time'] for r in rows):.1f}) | "
        f"{ms('greedy_time')} |"
    )


def suggestions(buddies: int, newcomers: int, repeat: int) -> str:
    people, volunteers, settings = cohort(99, newcomers, buddies)
    times = []
    for person in people:
        elapsed, shown = timed(lambda p=person: suggest(p, volunteers, WEIGHTS, settings), repeat)
        times.append(elapsed)
    return (
        f"| 1 among {buddies:,} | {newcomers} | {len(shown)} | "
        f"{1000 * statistics.median(times):.1f} | {1000 * max(times):.1f} |"
    )


def solvers(size: int, repeat: int) -> list[str]:
    """Dense (linear_sum_assignment) against sparse (LAPJVsp) at falling densities."""
    lines = []
    rng = np.random.default_rng(5)
    for max_km in (15.0, 5.0):
        newcomers, buddies, settings = cohort(1, size, size, max_distance_km=max_km)
        evaluation = evaluate(newcomers, buddies, WEIGHTS, settings)
        lines.append(_solver_row(f"realistic, {max_km:g} km", evaluation, repeat))
    scores = rng.integers(0, 130, size=(size, size))
    for density in (0.35, 0.25, 0.15, 0.10, 0.05, 0.02, 0.01):
        allowed = rng.random((size, size)) < density
        lines.append(_solver_row(f"random {density:.0%}", (scores, allowed), repeat))
    return lines


def _solver_row(label: str, instance, repeat: int) -> str:
    if isinstance(instance, tuple):
        scores, allowed = instance
    else:
        scores, allowed = instance.scores, instance.allowed
    dense, a = timed(lambda: propose(scores, allowed, method="dense"), repeat)
    sparse, b = timed(lambda: propose(scores, allowed, method="sparse"), repeat)
    assert (a.matched, a.total_score) == (b.matched, b.total_score)
    n = scores.shape[0]
    return f"| {n}x{n} {label} | {allowed.mean():.3f} | {1000 * dense:.1f} | {1000 * sparse:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer instances and repeats")
    quick = parser.parse_args().quick

    cohort(0, 5, 5)  # warm up imports
    print("| cohort | instances | allowed pairs | matched: proposal | matched: greedy |", end="")
    print(" greedy matched fewer | score greedy / proposal | scoring ms | proposal ms |", end="")
    print(" greedy ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, instances, repeat in ((15, 100, 7), (40, 30, 7), (200, 10, 5), (1000, 5, 3)):
        if quick:
            instances, repeat = max(2, instances // 5), 3
        print(pairing(size, instances, repeat), flush=True)

    print()
    print("| suggestions | newcomers | shown | median ms | max ms |")
    print("|---|---|---|---|---|")
    print(suggestions(5000, 5 if quick else 20, 3 if quick else 5), flush=True)

    print()
    print("| solver, pairing only | allowed pairs | dense ms | sparse ms |")
    print("|---|---|---|---|")
    for line in solvers(1000, 3 if quick else 7):
        print(line, flush=True)


if __name__ == "__main__":
    main()
