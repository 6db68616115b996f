"""Summary PDFs: every held conference of the demo school rendered in one batch.

    python -m bench.pdf                 # the database `make run` uses (seeded by seed_demo)
    python -m bench.pdf --school "Riverside"

Each held conference's summary is drawn as a PDF with WeasyPrint in its
family's language, one after the other in one process, exactly as the
outbox does when it sends the summary e-mails. The first PDF also pays for
finding and loading the fonts, so it is reported on its own and left out of
the figures. Prints the rate (summaries per second) and the mean, p95 and
maximum milliseconds per PDF, and writes them to bench/results/pdf.json.
Fails with a clear message when the database holds no held conference.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "pdf.json"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def run(*, school: str = "") -> dict[str, Any] | None:
    """Render every held conference's summary once; None when there is none."""
    from weasyprint import __version__ as weasyprint_version

    from podium.conferences.models import Conference
    from podium.conferences.pdf import summary_pdf
    from podium.conferences.summary import family_languages

    held = Conference.objects.filter(outcome=Conference.Outcome.HELD).select_related(
        "booking__student", "booking__slot__advisor", "booking__cycle__school"
    )
    if school:
        held = held.filter(booking__cycle__school__name__icontains=school)
    conferences = list(held.order_by("pk"))
    if not conferences:
        return None
    jobs = [
        (conference, (family_languages(conference.booking.student) or ["en"])[0])
        for conference in conferences
    ]
    timings: list[float] = []
    sizes: list[int] = []
    languages: dict[str, int] = {}
    first_ms = 0.0
    started = time.perf_counter()
    for index, (conference, language) in enumerate(jobs):
        began = time.perf_counter()
        pdf = summary_pdf(conference, language=language)
        elapsed = (time.perf_counter() - began) * 1000
        if index == 0:
            first_ms = elapsed
        timings.append(elapsed)
        sizes.append(len(pdf))
        languages[language] = languages.get(language, 0) + 1
    wall = time.perf_counter() - started
    warm = timings[1:] or timings
    return {
        "benchmark": "pdf",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "weasyprint": weasyprint_version,
        "summaries": len(timings),
        "languages": dict(sorted(languages.items())),
        "wall_seconds": round(wall, 2),
        "summaries_per_second": round(len(timings) / wall, 1),
        "first_pdf_ms": round(first_ms, 1),
        "ms_per_pdf": {
            "mean": round(statistics.fmean(warm), 1),
            "p95": round(percentile(warm, 0.95), 1),
            "max": round(max(warm), 1),
        },
        "mean_pdf_kib": round(statistics.fmean(sizes) / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf", description=__doc__.split("\n")[0])
    parser.add_argument("--school", default="", help="only this school (part of its name)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    setup_django()
    report = run(school=args.school)
    if report is None:
        print(
            "bench-pdf: no held conference to render. Seed the demo school first "
            "(`make run`, or `python manage.py seed_demo`) once it records held conferences.",
            file=sys.stderr,
        )
        return 1
    ms = report["ms_per_pdf"]
    print(
        f"{report['summaries']} summaries in {report['wall_seconds']} s: "
        f"{report['summaries_per_second']} per second; per PDF mean {ms['mean']} ms, "
        f"p95 {ms['p95']} ms, max {ms['max']} ms (first, loading the fonts: "
        f"{report['first_pdf_ms']} ms); languages {report['languages']}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
