"""The booking rush: a thousand families booking through the real pages at once.

    python -m bench.rush                       # SQLite; PostgreSQL when DATABASE_URL names it
    python -m bench.rush --families 300 --clients 16

Podium runs under gunicorn on 127.0.0.1 (tests/conferences/live.py) on a
database of its own: a temporary SQLite file, or a throwaway database on the
PostgreSQL server DATABASE_URL names. The developer's database is never used.

The school: advisors with two conference days of 20-minute times, a thousand
families, about 30% of them with two children (with different advisors),
each with a sign-in link. Every family signs in first (open the link, press
the button), untimed. Then the rush, timed: `--clients` families at a time,
each opens their child's booking page, chooses a time and presses "book";
a second child is booked next, back to back with the first when a time
allows. A fifth of the families arrive in groups of five who all want the
same popular time (the evening's first after work); the ones who lose are
told it was just taken and book one of the nearest free times offered, as a
family does.

Measured in the same run, on the same server: the floor, a minimal view
behind the same middleware that does one INSERT (bench/rush_urls.py),
posted by the same signed-in families.

Afterwards the database is checked: no seat is booked twice, and every
successful answer has its booking and its confirmation in the outbox.
Printed, and written to bench/results/rush.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tests.conferences.live import (
    Browser,
    Database,
    Page,
    Server,
    in_parallel,
    input_value,
    radio_values,
    remove_tree,
)

RESULTS = Path(__file__).parent / "results" / "rush.json"
SETTINGS = "bench.rush_site"

TARGET_P95_MS = 150
TARGET_RATIO = 0.4

ADVISORS = 44
SIBLING_SHARE = 0.3
# Families who arrive together wanting the same popular time.
GROUP = 5
COMPETING_SHARE = 0.2
SEED = 20261123
# A family gives up after this many "just taken" answers for one child.
ATTEMPTS = 6


# --- the school, made in the benchmark's database by a subprocess ----------------------------


def school(*, families: int, advisors: int, sibling_share: float, seed: int) -> dict[str, Any]:
    """The school, its cycle, and every family with a sign-in link. Runs with Django set up."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from podium.accounts.models import SignInLink, User
    from podium.conferences.actions import set_availability
    from podium.conferences.models import ConferenceDay, Cycle, Room, Slot
    from podium.roster.models import (
        Advisory,
        AdvisoryMembership,
        Guardian,
        School,
        SchoolYear,
        Staff,
        Student,
        StudentGuardian,
    )

    rng = random.Random(seed)
    with transaction.atomic():
        found = School.objects.create(name="Rush K-12", timezone="America/Los_Angeles")
        year = SchoolYear.objects.create(
            school=found,
            name="2026-27",
            starts_on=dt.date(2026, 8, 20),
            ends_on=dt.date(2027, 6, 10),
            is_current=True,
        )
        now = timezone.now()
        today = timezone.localdate(now, found.zone)
        cycle = Cycle.objects.create(
            school=found,
            school_year=year,
            name="Fall conferences",
            booking_opens_at=now - dt.timedelta(hours=1),
            booking_closes_at=now + dt.timedelta(days=9),
            changes_until=now + dt.timedelta(days=9),
        )
        days = [
            ConferenceDay.objects.create(
                cycle=cycle,
                on=today + dt.timedelta(days=10),
                starts=dt.time(12, 30),
                ends=dt.time(18, 30),
                label="Minimum day",
            ),
            ConferenceDay.objects.create(
                cycle=cycle,
                on=today + dt.timedelta(days=12),
                starts=dt.time(15),
                ends=dt.time(21),
                label="Evening",
            ),
        ]
        unusable = make_password(None)
        staff_users = User.objects.bulk_create(
            User(username=f"advisor{n}", password=unusable) for n in range(advisors)
        )
        staff = Staff.objects.bulk_create(
            Staff(user=u, school=found, first_name=f"Advisor{n}", last_name="Rush", title="Ms.")
            for n, u in enumerate(staff_users)
        )
        advisories = Advisory.objects.bulk_create(
            Advisory(school_year=year, advisor=s, name=f"A{n}", room=str(n))
            for n, s in enumerate(staff)
        )
        for n, advisor in enumerate(staff):
            room = Room.objects.create(school=found, name=str(n))
            for day in days:
                set_availability(advisor=advisor, day=day, windows=[(day.starts, day.ends, room)])

        sizes = [2 if rng.random() < sibling_share else 1 for _ in range(families)]
        students = Student.objects.bulk_create(
            Student(
                school=found,
                first_name=f"Child{f}-{c}",
                last_name="Rush",
                grade=rng.randrange(13),
                sis_id=f"{f:05}{c}",
            )
            for f, size in enumerate(sizes)
            for c in range(size)
        )
        guardian_users = User.objects.bulk_create(
            User(username=f"family{f}", password=unusable) for f in range(families)
        )
        guardians = Guardian.objects.bulk_create(
            Guardian(user=u, first_name=f"Parent{f}", last_name="Rush", email=f"f{f}@example.com")
            for f, u in enumerate(guardian_users)
        )
        # Children of one family have different advisors; advisories fill evenly.
        made: list[dict[str, Any]] = []
        memberships, links = [], []
        next_child, turn = 0, 0
        for f, size in enumerate(sizes):
            children = []
            for c in range(size):
                student = students[next_child]
                next_child += 1
                advisory = advisories[(turn + c) % advisors]
                memberships.append(
                    AdvisoryMembership(advisory=advisory, student=student, school_year=year)
                )
                links.append(StudentGuardian(student=student, guardian=guardians[f]))
                children.append({"student": student.pk, "advisor": advisory.advisor_id})
            turn += size
            made.append({"children": children})
        AdvisoryMembership.objects.bulk_create(memberships)
        StudentGuardian.objects.bulk_create(links)
    for family, user in zip(made, guardian_users, strict=True):
        family["token"] = SignInLink.issue(user)

    slots = {
        slot.pk: [slot.advisor_id, slot.starts_at.timestamp(), slot.ends_at.timestamp()]
        for slot in Slot.objects.filter(day__cycle=cycle)
    }
    # The popular time: the evening's first after work, 18:00.
    popular = {
        slot.advisor_id: slot.pk
        for slot in Slot.objects.filter(day=days[1], starts_at=days[1].at(dt.time(18)))
    }
    return {"cycle": cycle.pk, "families": made, "slots": slots, "popular": popular}


def audit(*, cycle: int, answered: list[int]) -> dict[str, Any]:
    """After the rush: seats booked twice; successful answers without booking or confirmation."""
    from django.db.models import Count, F

    from podium.conferences.models import Booking
    from podium.outreach.models import Message

    active = Booking.objects.active().filter(cycle_id=cycle)
    per_seat = active.values("slot_id", "seat").annotate(n=Count("id")).filter(n__gt=1)
    beyond = active.filter(seat__gt=F("slot__seats")).count()
    booked = set(active.filter(pk__in=answered).values_list("pk", flat=True))
    confirmed = set(
        Message.objects.filter(
            kind=Message.Kind.CONFIRMATION, topic__in=[f"booking-{pk}" for pk in answered]
        ).values_list("topic", flat=True)
    )
    lost = [pk for pk in answered if pk not in booked or f"booking-{pk}" not in confirmed]
    return {
        "double_bookings": sum(row["n"] - 1 for row in per_seat) + beyond,
        "lost_confirmations": len(lost),
        "active_bookings": active.count(),
        "children_booked": active.values("student_id").distinct().count(),
    }


# --- the families ------------------------------------------------------------------------------


@dataclass
class Family:
    browser: Browser
    children: list[dict[str, int]]
    wants_popular: bool
    rng: random.Random
    # When the family is already at a conference: (starts, ends) as timestamps.
    busy: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Tally:
    """What the families saw, gathered from every client thread."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    posts: list[float] = field(default_factory=list)
    pages: list[float] = field(default_factory=list)
    page_answers: Counter[int] = field(default_factory=Counter)
    answers: Counter[int] = field(default_factory=Counter)
    booked: list[int] = field(default_factory=list)
    gave_up: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def page(self, page: Page) -> None:
        with self.lock:
            self.pages.append(page.seconds)
            self.page_answers[page.status] += 1

    def post(self, answer: Page) -> None:
        with self.lock:
            self.posts.append(answer.seconds)
            self.answers[answer.status] += 1

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


class Rush:
    def __init__(self, world: dict[str, Any], tally: Tally) -> None:
        self.cycle = world["cycle"]
        self.slots: dict[int, list[float]] = {int(k): v for k, v in world["slots"].items()}
        self.popular: dict[int, int] = {int(k): v for k, v in world["popular"].items()}
        self.tally = tally

    def fits(self, family: Family, slot: int) -> bool:
        _advisor, starts, ends = self.slots[slot]
        return all(ends <= b_starts or starts >= b_ends for b_starts, b_ends in family.busy)

    def nearest(self, family: Family, free: list[int], at: float) -> int | None:
        fitting = [s for s in free if self.fits(family, s)]
        if not fitting:
            return None
        return min(fitting, key=lambda s: (abs(self.slots[s][1] - at), self.slots[s][1]))

    def first_choice(self, family: Family, child: dict[str, int], free: list[int]) -> int | None:
        if family.busy:
            # Back to back with the conference the family already has, if a time allows.
            return self.nearest(family, free, family.busy[-1][1])
        if family.wants_popular:
            popular = self.popular[child["advisor"]]
            return self.nearest(family, free, self.slots[popular][1])
        fitting = [s for s in free if self.fits(family, s)]
        return family.rng.choice(fitting) if fitting else None

    def book(self, family: Family) -> None:
        for child in family.children:
            self.book_child(family, child)

    def book_child(self, family: Family, child: dict[str, int]) -> None:
        path = f"/conferences/{self.cycle}/student/{child['student']}/"
        page = family.browser.get(path)
        self.tally.page(page)
        if page.status >= 500:
            # Reload, as a family does.
            self.tally.error(f"page {page.status}, reloaded")
            page = family.browser.get(path)
            self.tally.page(page)
        if page.status != 200:
            self.tally.error(f"page {page.status}")
            return
        prefix = f"c{child['student']}"
        key = input_value(page.body, f"{prefix}-request_key")
        free = [int(v) for v in radio_values(page.body, f"{prefix}-slot")]
        slot = self.first_choice(family, child, free)
        wanted = self.slots[slot][1] if slot is not None else 0.0
        for _attempt in range(ATTEMPTS):
            if slot is None:
                self.tally.error("no free time that fits")
                return
            answer = family.browser.post(
                path,
                {
                    "csrfmiddlewaretoken": page.csrf_token(),
                    f"{prefix}-slot": str(slot),
                    f"{prefix}-mode": "in_person",
                    f"{prefix}-request_key": key,
                },
            )
            self.tally.post(answer)
            if answer.status == 302:
                booking = int(answer.location.rstrip("/").rsplit("/", 1)[1])
                with self.tally.lock:
                    self.tally.booked.append(booking)
                family.busy.append((self.slots[slot][1], self.slots[slot][2]))
                return
            if answer.status >= 500:
                # A family whose page failed presses again: the same form, the same key.
                self.tally.error(f"booking {answer.status}, pressed again")
                continue
            if answer.status != 409:
                self.tally.error(f"booking {answer.status}")
                return
            # Just taken: choose the nearest of the times the page now offers.
            page = answer
            free = [int(v) for v in radio_values(answer.body, f"{prefix}-slot") if int(v) != slot]
            slot = self.nearest(family, free, wanted)
        with self.tally.lock:
            self.tally.gave_up += 1


def run_clients(clients: int, work: Sequence[Callable[[], object]]) -> float:
    """`clients` threads take the next piece of work until none is left; the wall time."""
    lock = threading.Lock()
    pending = iter(work)
    start = threading.Barrier(clients + 1)
    failures: list[BaseException] = []

    def client() -> None:
        start.wait()
        while True:
            with lock:
                item = next(pending, None)
            if item is None:
                return
            try:
                item()
            except Exception as error:
                failures.append(error)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return time.perf_counter() - began


def arrival_order(world: dict[str, Any], rng: random.Random) -> list[tuple[int, bool]]:
    """Families in the order they arrive, each with whether they want the popular time.

    A fifth arrive in groups of five whose first child has the same advisor,
    one right after another, all after that advisor's popular time.
    """
    families = world["families"]
    by_advisor: dict[int, list[int]] = {}
    for n, family in enumerate(families):
        by_advisor.setdefault(family["children"][0]["advisor"], []).append(n)
    groups: list[list[int]] = []
    wanted = int(len(families) * COMPETING_SHARE) // GROUP
    for members in by_advisor.values():
        if len(groups) < wanted and len(members) >= GROUP:
            groups.append(rng.sample(members, GROUP))
    grouped = {n for group in groups for n in group}
    blocks: list[list[tuple[int, bool]]] = [
        [(n, False)] for n in range(len(families)) if n not in grouped
    ]
    blocks += [[(n, True) for n in group] for group in groups]
    rng.shuffle(blocks)
    return [item for block in blocks for item in block]


def error_kinds(log: str) -> dict[str, int]:
    """The exceptions behind the server's 500 answers, from its log, by their last line."""
    kinds: Counter[str] = Counter()
    for block in log.split("Internal Server Error: ")[1:]:
        lines = [
            line for line in block.splitlines() if re.match(r"^[\w.]+(Error|Exception)\b", line)
        ]
        if lines:
            kinds[lines[-1][:200]] += 1
    return dict(kinds)


# --- figures -------------------------------------------------------------------------------------


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    if len(seconds) < 2:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {
        "p50": round(cuts[49] * 1000, 1),
        "p95": round(cuts[94] * 1000, 1),
        "p99": round(cuts[98] * 1000, 1),
        "max": round(max(seconds) * 1000, 1),
    }


def floor_phase(
    server: Server, browsers: list[Browser], *, clients: int, requests: int
) -> dict[str, Any]:
    """Signed-in families post to the floor view: one INSERT behind the same middleware."""
    seconds: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def post(browser: Browser) -> None:
        answer = browser.post(
            "/bench/floor/", {"csrfmiddlewaretoken": browser.cookies["csrftoken"]}
        )
        with lock:
            seconds.append(answer.seconds)
            statuses[answer.status] += 1

    work = [partial(post, browsers[n % len(browsers)]) for n in range(requests)]
    wall = run_clients(clients, work)
    return {
        "requests": requests,
        "answers": dict(statuses),
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(requests / wall, 1),
        "latency_ms": percentiles_ms(seconds),
    }


def rush(args: argparse.Namespace) -> dict[str, Any]:
    import tempfile

    workdir = Path(tempfile.mkdtemp(prefix="podium-rush-"))
    database = Database.create(like=os.environ.get("DATABASE_URL"), workdir=workdir)
    try:
        print(f"Preparing a {database.vendor} database with {args.families} families …")
        database.migrate()
        database.execute(
            "CREATE TABLE bench_floor (id BIGSERIAL PRIMARY KEY, user_id BIGINT, at TIMESTAMPTZ)"
            if database.is_postgresql
            else "CREATE TABLE bench_floor (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " user_id INTEGER, at TEXT)"
        )
        world = database.run(
            "bench.rush:school",
            families=args.families,
            advisors=args.advisors,
            sibling_share=SIBLING_SHARE,
            seed=SEED,
        )
        env = {"DB_CONN_MAX_AGE": str(args.conn_max_age)}
        with Server(
            database, workers=args.workers, threads=args.threads, settings=SETTINGS, env=env
        ) as server:
            return measure(args, database, server, world)
    finally:
        database.drop()
        remove_tree(workdir)


def measure(
    args: argparse.Namespace, database: Database, server: Server, world: dict[str, Any]
) -> dict[str, Any]:
    rng = random.Random(SEED)
    families = world["families"]

    def signed_in(family: dict[str, Any]) -> Browser:
        browser = Browser(server.address)
        browser.sign_in(family["token"])
        home = browser.get("/")
        if home.status != 200:
            raise RuntimeError(f"home answered {home.status}")
        return browser

    print(f"Signing in {len(families)} families …")
    started = time.perf_counter()
    browsers = in_parallel([partial(signed_in, f) for f in families], threads=args.clients)
    signin_seconds = time.perf_counter() - started

    print(f"The floor: {args.floor_requests} one-INSERT requests from {args.clients} clients …")
    floor = floor_phase(server, browsers, clients=args.clients, requests=args.floor_requests)

    print(f"The rush: {len(families)} families booking, {args.clients} at a time …")
    tally = Tally()
    booking = Rush(world, tally)
    order = arrival_order(world, rng)
    work: list[Callable[[], None]] = []
    for n, popular in order:
        family = Family(
            browser=browsers[n],
            children=families[n]["children"],
            wants_popular=popular,
            rng=random.Random(SEED + n),
        )
        work.append(partial(booking.book, family))
    wall = run_clients(args.clients, work)
    bookings = len(tally.booked)

    found = database.run("bench.rush:audit", cycle=world["cycle"], answered=tally.booked)
    children = sum(len(f["children"]) for f in families)
    result = {
        "database": database.vendor,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "server": {
            "gunicorn_workers": args.workers,
            "threads_per_worker": args.threads,
            "worker_class": "gthread",
            "db_conn_max_age": args.conn_max_age,
        },
        "school": {
            "families": len(families),
            "children": children,
            "families_with_two_children": sum(1 for f in families if len(f["children"]) > 1),
            "families_wanting_a_popular_time": sum(1 for _n, p in order if p),
            "advisors": args.advisors,
            "times": len(world["slots"]),
        },
        "clients": args.clients,
        "signin_seconds": round(signin_seconds, 1),
        "booking": {
            "bookings": bookings,
            "wall_seconds": round(wall, 2),
            "bookings_per_second": round(bookings / wall, 1),
            "booking_requests": len(tally.posts),
            "booking_requests_per_second": round(len(tally.posts) / wall, 1),
            "answers": {str(k): v for k, v in sorted(tally.answers.items())},
            "page_answers": {str(k): v for k, v in sorted(tally.page_answers.items())},
            "latency_ms": percentiles_ms(tally.posts),
            "page_latency_ms": percentiles_ms(tally.pages),
            "gave_up_after_taken": tally.gave_up,
            "other_outcomes": dict(tally.errors),
        },
        "floor": floor,
        "ratio_to_floor": round(bookings / wall / floor["requests_per_second"], 3),
        "booking_requests_ratio_to_floor": round(
            len(tally.posts) / wall / floor["requests_per_second"], 3
        ),
        "checked": {
            "double_bookings": found["double_bookings"],
            "lost_confirmations": found["lost_confirmations"],
            "active_bookings": found["active_bookings"],
            "successful_answers": bookings,
            "bookings_without_a_successful_answer": found["active_bookings"] - bookings,
            "server_errors": sum(
                v for k, v in (tally.answers + tally.page_answers).items() if k >= 500
            ),
            "server_error_kinds": error_kinds(server.log_tail(chars=10**7)),
        },
    }
    result["targets"] = {
        "p95_ms": TARGET_P95_MS,
        "ratio_to_floor": TARGET_RATIO,
        "p95_met": result["booking"]["latency_ms"]["p95"] < TARGET_P95_MS,
        "ratio_met": result["ratio_to_floor"] >= TARGET_RATIO,
    }
    return result


def report(result: dict[str, Any]) -> str:
    b, f, c = result["booking"], result["floor"], result["checked"]
    rows = [
        ("database", result["database"]),
        (
            "server",
            f"gunicorn {result['server']['gunicorn_workers']} workers x "
            f"{result['server']['threads_per_worker']} threads",
        ),
        ("families / children", f"{result['school']['families']} / {result['school']['children']}"),
        ("concurrent families", result["clients"]),
        ("bookings", f"{b['bookings']} in {b['wall_seconds']} s"),
        ("bookings per second", b["bookings_per_second"]),
        ("booking requests per second", b["booking_requests_per_second"]),
        (
            "booking request p50 / p95 / p99",
            f"{b['latency_ms']['p50']} / {b['latency_ms']['p95']} / {b['latency_ms']['p99']} ms",
        ),
        (
            "booking page p50 / p95",
            f"{b['page_latency_ms']['p50']} / {b['page_latency_ms']['p95']} ms",
        ),
        ("answers to booking", ", ".join(f"{k}: {v}" for k, v in b["answers"].items())),
        ("floor requests per second", f["requests_per_second"]),
        (
            "floor p50 / p95 / p99",
            f"{f['latency_ms']['p50']} / {f['latency_ms']['p95']} / {f['latency_ms']['p99']} ms",
        ),
        ("bookings/s over floor", result["ratio_to_floor"]),
        ("double bookings", c["double_bookings"]),
        ("lost confirmations", c["lost_confirmations"]),
        ("server errors", c["server_errors"]),
        (
            "targets (p95 < 150 ms, ratio >= 0.4)",
            f"p95 {'met' if result['targets']['p95_met'] else 'missed'}, "
            f"ratio {'met' if result['targets']['ratio_met'] else 'missed'}",
        ),
    ]
    width = max(len(name) for name, _value in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--advisors", type=int, default=ADVISORS)
    parser.add_argument("--clients", type=int, default=32, help="families at a time")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per process")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE")
    parser.add_argument("--floor-requests", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = rush(args)
    print()
    print(report(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWritten to {args.out}")
    return result


if __name__ == "__main__":
    main()
