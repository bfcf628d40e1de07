"""Certificates: time per certificate (warm) and a cohort of 40 as one PDF (time and size).

    DJANGO_ENV=test .venv/bin/python benchmarks/reporting/bench_certificates.py [--check]
        [--repeat N] [--without-harfbuzz]

"Warm" means after a first render in the same process, as in a Celery worker that has rendered
before: fonts located and loaded, stylesheets parsed. With --check, exits 1 when a target is
missed (per certificate < 100 ms, 40 in one PDF < 1.5 s and < 1 MB; times: the best run).
Names are invented (vvsite.demo_names), in Latin, Arabic, Ethiopic and Cyrillic script.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvsite.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django

django.setup()

from django.utils import translation  # noqa: E402

from cohorts.certificates import CertificateData, render_certificates  # noqa: E402
from vvsite.demo_names import DUTCH_FAMILY, DUTCH_FEMALE, ORIGINS  # noqa: E402
from vvsite.documents.pdf import harfbuzz_subset_available  # noqa: E402

TARGET_PER_CERTIFICATE = 0.100
TARGET_COHORT_SECONDS = 1.5
TARGET_COHORT_BYTES = 1_000_000

NOTES = {
    "language": "Spreekt nu met meer vertrouwen Nederlands, bij de huisarts en op school, en "
    "haalde het examen op A2-niveau.",
    "culture": "Ging samen met het maatje naar de markt, het museum en een voorstelling en "
    "vierde Koningsdag mee in de wijk.",
    "social_contacts": "Heeft een vaste groep vrienden uit de coachgroep en doet mee met de "
    "buurtvereniging.",
    "health": "Wandelt elke week mee met de wandelgroep en voelt zich fitter en rustiger.",
    "work": "Loopt stage bij een kinderdagverblijf en wil de opleiding tot pedagogisch "
    "medewerker volgen.",
}


def cohort(size: int, rng: random.Random) -> list[CertificateData]:
    """Half newcomers with a name in their own script, half Dutch buddies."""
    origins = ["SY", "ER", "AF", "UA"]
    items = []
    for n in range(size):
        if n % 2 == 0:
            male, female, family = ORIGINS[origins[(n // 2) % len(origins)]]
            first, last = rng.choice(male + female), rng.choice(family)
            latin, native = f"{first[0]} {last[0]}", f"{first[1]} {last[1]}".strip()
            role = "newcomer"
        else:
            latin, native, role = (
                f"{rng.choice(DUTCH_FEMALE)} {rng.choice(DUTCH_FAMILY)}",
                "",
                "buddy",
            )
        items.append(
            CertificateData(
                full_name_latin=latin,
                full_name_native=native,
                role=role,
                cohort_number=14,
                cohort_name="Voorjaar 2025",
                programme="Maatjesprogramma 18 maanden",
                start=date(2024, 3, 1),
                end=date(2025, 8, 31),
                growth_notes=NOTES,
                coordinator_name="Coördinator Voorbeeld",
                organisation_name="Stichting Voorbeeld Maatjes",
            )
        )
    return items


class Timing:
    """Wall-clock times (best and median) and CPU time (median) of repeated runs. On a shared
    machine the best wall time and the CPU time say what the code costs; the median wall time
    adds what the neighbours cost."""

    def __init__(self, fn, repeat: int):
        self.wall, self.cpu, self.result = [], [], None
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            self.result = fn()
            self.wall.append(time.perf_counter() - wall)
            self.cpu.append(time.process_time() - cpu)

    @property
    def best(self) -> float:
        return min(self.wall)

    def describe(self, scale: float = 1000, unit: str = "ms") -> str:
        fmt = "{:.0f}" if unit == "ms" else "{:.2f}"
        values = (self.best, statistics.median(self.wall), statistics.median(self.cpu))
        best, median, cpu = (fmt.format(value * scale) for value in values)
        return f"{best} {unit} (median {median}, CPU {cpu})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--without-harfbuzz",
        action="store_true",
        help="subset with fontTools, as WeasyPrint does when libharfbuzz-subset0 is missing",
    )
    args = parser.parse_args()
    for noisy in ("weasyprint.progress", "fontTools"):  # INFO lines per document and font
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.without_harfbuzz:
        logging.getLogger("weasyprint").setLevel(logging.ERROR)  # "Using fontTools instead"
        import weasyprint.pdf.fonts

        weasyprint.pdf.fonts.harfbuzz_subset = None

    rng = random.Random(14)
    one, forty = cohort(1, rng), cohort(40, rng)
    with translation.override("nl"):
        cold = Timing(lambda: render_certificates(one), 1)
        single = Timing(lambda: render_certificates(one), args.repeat * 4)
        batch = Timing(lambda: render_certificates(forty), args.repeat)
    single_pdf, batch_pdf = single.result, batch.result

    missing = single_pdf.missing_glyphs | batch_pdf.missing_glyphs
    rows = [
        ("HarfBuzz subsetting", "off" if args.without_harfbuzz else "yes", "yes"),
        ("first certificate in a process (cold)", cold.describe(), "–"),
        ("one certificate, warm", single.describe(), "< 100 ms"),
        ("  its PDF", f"{len(single_pdf.content) / 1000:.0f} kB", "–"),
        ("40 certificates as one PDF, warm", batch.describe(1, "s"), "< 1.5 s"),
        ("  per certificate", f"{batch.best / 40 * 1000:.0f} ms", "–"),
        ("  PDF size", f"{len(batch_pdf.content) / 1000:.0f} kB", "< 1000 kB"),
        ("  pages", str(batch_pdf.pages), "40"),
        ("characters without a glyph", ", ".join(sorted(missing)) or "none", "none"),
    ]
    width = max(len(row[0]) for row in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<34}  {target}")

    met = (
        harfbuzz_subset_available()
        and not args.without_harfbuzz
        and single.best < TARGET_PER_CERTIFICATE
        and batch.best < TARGET_COHORT_SECONDS
        and len(batch_pdf.content) < TARGET_COHORT_BYTES
        and batch_pdf.pages == 40
        and not missing
    )
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
