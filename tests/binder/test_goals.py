"""Goals: next steps, evidence, two languages side by side, and the look back a term later."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from podium.binder.models import Artifact, DataPoint, Goal, GoalStep, Measure
from podium.privacy.models import AccessLog
from podium.roster.models import Term
from tests.cast import Cast


@pytest.fixture
def terms(cast: Cast) -> dict[str, Term]:
    """Last term and this one, around today, whatever today is."""
    today = timezone.localdate(timezone=cast.school.zone)
    return {
        "fall": Term.objects.create(
            school_year=cast.year,
            name="Fall",
            starts_on=today - dt.timedelta(days=200),
            ends_on=today - dt.timedelta(days=100),
        ),
        "spring": Term.objects.create(
            school_year=cast.year,
            name="Spring",
            starts_on=today - dt.timedelta(days=99),
            ends_on=today + dt.timedelta(days=100),
        ),
    }


def goal_of(cast: Cast, term: Term | None, title: str = "Read chapter books", **extra: Any) -> Goal:
    goal = Goal.objects.create(student=cast.student, term=term, title=title, **extra)
    GoalStep.objects.create(
        goal=goal, text="Read 20 minutes every night", due_on=dt.date(2026, 10, 1)
    )
    GoalStep.objects.create(goal=goal, text="Visit the library on Fridays")
    return goal


def steps(*rows: dict[str, str], initial: int = 0) -> dict[str, str]:
    data = {
        "steps-TOTAL_FORMS": str(max(len(rows), 3)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "10",
    }
    for index, row in enumerate(rows):
        data |= {f"steps-{index}-{key}": value for key, value in row.items()}
    return data


# The goals page.


def test_the_goals_page_separates_goals_to_look_back_on_from_active_and_reviewed(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal_of(cast, terms["fall"], "Learn my multiplication facts")
    goal_of(cast, terms["spring"], "Write a longer story")
    goal_of(
        cast,
        terms["fall"],
        "Climb two reading levels",
        status=Goal.Status.MET,
        review="I went from level 12 to 18!",
        reviewed_at=timezone.now(),
    )
    client.force_login(cast.student.ensure_user())
    response = client.get(f"/binder/students/{cast.student.pk}/goals/")
    page = response.content.decode()
    assert response.status_code == 200
    waiting = page.index("Time to look back")
    active = page.index("Working on it <span")
    reviewed = page.index("Looked back on <span")
    assert waiting < page.index("Learn my multiplication facts") < active
    assert active < page.index("Write a longer story") < reviewed
    assert reviewed < page.index("Climb two reading levels")
    assert "Set in Fall: time to look back on it." in page
    assert "I went from level 12 to 18!" in page


def test_the_goals_page_is_logged(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    client.force_login(cast.guardian.ensure_user())
    client.get(f"/binder/students/{cast.student.pk}/goals/")
    log = AccessLog.objects.get()
    assert (log.what, log.student, log.user) == ("goals", cast.student, cast.guardian.user)


def test_guardian_sees_goals_and_only_the_approved_work_linked_to_them(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(cast, terms["spring"])
    approved = Artifact.objects.create(
        student=cast.student, kind="text", title="My book report", approved_at=timezone.now()
    )
    draft = Artifact.objects.create(student=cast.student, kind="text", title="Messy draft")
    goal.artifacts.set([approved, draft])
    client.force_login(cast.guardian.ensure_user())
    page = client.get(f"/binder/students/{cast.student.pk}/goals/").content.decode()
    assert "Read chapter books" in page
    assert "My book report" in page
    assert "Messy draft" not in page
    assert f"/binder/goals/{goal.pk}/" not in page  # No change or review links.
    client.force_login(cast.student.ensure_user())
    page = client.get(f"/binder/students/{cast.student.pk}/goals/").content.decode()
    assert "Messy draft" in page


def test_goals_page_refuses_a_post(client: Client, cast: Cast) -> None:
    client.force_login(cast.student.ensure_user())
    assert client.post(f"/binder/students/{cast.student.pk}/goals/").status_code == 405


@pytest.mark.parametrize("who", ["outsider_advisor", "other_guardian", "other_school_admin"])
def test_outsiders_get_not_found_everywhere(
    client: Client, cast: Cast, terms: dict[str, Term], who: str
) -> None:
    goal = goal_of(cast, terms["fall"])
    step = goal.steps.first()
    assert step is not None
    client.force_login(getattr(cast, who).user)
    assert client.get(f"/binder/students/{cast.student.pk}/goals/").status_code == 404
    assert client.get(f"/binder/students/{cast.student.pk}/goals/new/").status_code == 404
    assert client.get(f"/binder/goals/{goal.pk}/").status_code == 404
    assert client.get(f"/binder/goals/{goal.pk}/review/").status_code == 404
    assert client.post(f"/binder/goals/{goal.pk}/steps/{step.pk}/done/").status_code == 404
    step.refresh_from_db()
    assert step.done_at is None


def test_student_text_is_escaped(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    goal_of(cast, terms["spring"], "<img src=x onerror=alert(1)>", why="a & <b>b</b>")
    client.force_login(cast.advisor.user)
    page = client.get(f"/binder/students/{cast.student.pk}/goals/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "a &amp; &lt;b&gt;b&lt;/b&gt;" in page


def test_goals_page_runs_a_fixed_number_of_queries(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    url = f"/binder/students/{cast.student.pk}/goals/"
    measure = Measure.objects.create(student=cast.student, name="Reading level")
    DataPoint.objects.create(measure=measure, on=dt.date(2026, 9, 1), value=12)
    work = Artifact.objects.create(student=cast.student, kind="text", title="Essay")
    goal = goal_of(cast, terms["spring"])
    goal.measures.add(measure)
    goal.artifacts.add(work)
    client.force_login(cast.advisor.user)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(15):
        goal = goal_of(cast, terms["fall" if index % 2 else "spring"], f"Goal {index}")
        goal.measures.add(measure)
        goal.artifacts.add(work)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Goal 14" in page
    assert len(many) == len(few)


# Setting a goal.


def test_student_sets_a_goal_with_steps_and_links_to_work_and_data(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    work = Artifact.objects.create(student=cast.student, kind="text", title="My reading log")
    measure = Measure.objects.create(student=cast.student, name="Reading level")
    client.force_login(cast.student.ensure_user())
    url = f"/binder/students/{cast.student.pk}/goals/new/"
    form = client.get(url).content.decode()
    assert "My reading log" in form
    assert 'value="es" selected' in form  # Sofía speaks Spanish at home: the likely second column.
    response = client.post(
        url,
        {
            "language": "en",
            "language_2": "",
            "title": "Read chapter books",
            "why": "So I can read Harry Potter",
            "measured_by": "My reading level reaches 20",
            "artifacts": [work.pk],
            "measures": [measure.pk],
            **steps(
                {"text": "Read 20 minutes every night", "due_on": "2026-10-01"},
                {"text": "Visit the library on Fridays", "due_on": ""},
            ),
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/binder/students/{cast.student.pk}/goals/#goal-{goal.pk}"
    assert (goal.student, goal.term, goal.status) == (cast.student, terms["spring"], "active")
    assert list(goal.steps.order_by("pk").values_list("text", "due_on")) == [
        ("Read 20 minutes every night", dt.date(2026, 10, 1)),
        ("Visit the library on Fridays", None),
    ]
    assert list(goal.artifacts.all()) == [work]
    assert list(goal.measures.all()) == [measure]
    page = client.get(f"/binder/students/{cast.student.pk}/goals/").content.decode()
    assert "So I can read Harry Potter" in page
    assert "By Oct. 1, 2026" in page
    assert f'href="/binder/work/{work.pk}/"' in page
    assert f'href="/binder/measures/{measure.pk}/"' in page


def test_a_goal_in_two_languages_is_shown_side_by_side_with_their_lang(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/students/{cast.student.pk}/goals/new/",
        {
            "language": "en",
            "language_2": "es",
            "title": "Learn my times tables",
            "title_2": "Aprender las tablas de multiplicar",
            "why": "Math gets easier",
            "why_2": "Las matemáticas son más fáciles",
            **steps({"text": "Practice with flash cards", "text_2": "Practicar con tarjetas"}),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/binder/students/{cast.student.pk}/goals/").content.decode()
    assert '<span lang="en">Learn my times tables</span>' in page
    assert '<span lang="es" class="text-2">Aprender las tablas de multiplicar</span>' in page
    assert '<div lang="es" class="text-2">Las matemáticas son más fáciles</div>' in page
    assert '<span lang="es" class="text-2">Practicar con tarjetas</span>' in page
    goal = Goal.objects.get()
    form = client.get(f"/binder/goals/{goal.pk}/").content.decode()
    assert 'name="title_2"' in form
    assert (
        'lang="es"' in form[form.index('name="title_2"') - 200 : form.index('name="title_2"') + 200]
    )


def test_the_second_column_needs_its_language(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/students/{cast.student.pk}/goals/new/",
        {"language": "en", "language_2": "", "title": "Read", "title_2": "Leer", **steps()},
    )
    assert response.status_code == 400
    assert "Which language is the second column in?" in response.content.decode()
    assert not Goal.objects.exists()


def test_a_goal_cannot_link_another_students_work(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    theirs = Artifact.objects.create(student=cast.sibling, kind="text", title="Lupe's drawing")
    client.force_login(cast.advisor.user)
    response = client.post(
        f"/binder/students/{cast.student.pk}/goals/new/",
        {"language": "en", "title": "Read", "artifacts": [theirs.pk], **steps()},
    )
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_guardian_cannot_set_a_goal(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    client.force_login(cast.guardian.ensure_user())
    url = f"/binder/students/{cast.student.pk}/goals/new/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"language": "en", "title": "Chores", **steps()}).status_code == 404
    assert not Goal.objects.exists()


def test_setting_a_goal_refuses_put(client: Client, cast: Cast) -> None:
    client.force_login(cast.student.ensure_user())
    assert client.put(f"/binder/students/{cast.student.pk}/goals/new/").status_code == 405


# Changing a goal.


def test_advisor_changes_a_goal_adds_a_step_and_removes_one(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(cast, terms["spring"])
    first, second = goal.steps.order_by("pk")
    client.force_login(cast.advisor.user)
    assert client.get(f"/binder/goals/{goal.pk}/").status_code == 200
    response = client.post(
        f"/binder/goals/{goal.pk}/",
        {
            "language": "en",
            "title": "Read longer chapter books",
            **steps(
                {"id": str(first.pk), "text": first.text, "due_on": "2026-10-01"},
                {"id": str(second.pk), "text": second.text, "DELETE": "on"},
                {"text": "Join the book club"},
                initial=2,
            ),
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Read longer chapter books"
    assert list(goal.steps.order_by("pk").values_list("text", flat=True)) == [
        "Read 20 minutes every night",
        "Join the book club",
    ]


def test_guardian_cannot_open_a_goal_to_change_it(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(cast, terms["spring"])
    client.force_login(cast.guardian.ensure_user())
    assert client.get(f"/binder/goals/{goal.pk}/").status_code == 404
    assert client.post(f"/binder/goals/{goal.pk}/", {"title": "x"}).status_code == 404


def test_changing_a_goal_refuses_delete(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    goal = goal_of(cast, terms["spring"])
    client.force_login(cast.student.ensure_user())
    assert client.delete(f"/binder/goals/{goal.pk}/").status_code == 405
    assert Goal.objects.filter(pk=goal.pk).exists()


# Next steps.


def test_student_ticks_a_step_off(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    goal = goal_of(cast, terms["spring"])
    step = goal.steps.order_by("pk").first()
    assert step is not None
    client.force_login(cast.student.ensure_user())
    response = client.post(f"/binder/goals/{goal.pk}/steps/{step.pk}/done/")
    assert response.status_code == 302
    assert response["Location"] == f"/binder/students/{cast.student.pk}/goals/#goal-{goal.pk}"
    step.refresh_from_db()
    assert step.done_at is not None
    page = client.get(f"/binder/students/{cast.student.pk}/goals/").content.decode()
    assert "Done on" in page
    assert 'aria-pressed="true"' in page


def test_ticking_a_step_with_htmx_redraws_only_that_step(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(cast, terms["spring"])
    step = goal.steps.order_by("pk").first()
    assert step is not None
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/goals/{goal.pk}/steps/{step.pk}/done/", headers={"HX-Request": "true"}
    )
    page = response.content.decode().strip()
    assert response.status_code == 200
    assert page.startswith(f'<li class="step done" id="step-{step.pk}">')
    assert page.endswith("</li>")
    assert 'name="done" value="0"' in page
    # Untick it again.
    client.post(f"/binder/goals/{goal.pk}/steps/{step.pk}/done/", {"done": "0"})
    step.refresh_from_db()
    assert step.done_at is None


def test_a_step_of_another_goal_cannot_be_ticked_through_this_one(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    mine = goal_of(cast, terms["spring"])
    theirs = Goal.objects.create(student=cast.other_student, title="Theirs")
    step = GoalStep.objects.create(goal=theirs, text="Their step")
    client.force_login(cast.student.ensure_user())
    assert client.post(f"/binder/goals/{mine.pk}/steps/{step.pk}/done/").status_code == 404
    step.refresh_from_db()
    assert step.done_at is None


def test_ticking_a_step_needs_a_post(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    goal = goal_of(cast, terms["spring"])
    step = goal.steps.first()
    assert step is not None
    client.force_login(cast.student.ensure_user())
    assert client.get(f"/binder/goals/{goal.pk}/steps/{step.pk}/done/").status_code == 405


def test_guardian_cannot_tick_a_step(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    goal = goal_of(cast, terms["spring"])
    step = goal.steps.first()
    assert step is not None
    client.force_login(cast.guardian.ensure_user())
    assert client.post(f"/binder/goals/{goal.pk}/steps/{step.pk}/done/").status_code == 404
    step.refresh_from_db()
    assert step.done_at is None


# Looking back.


def test_the_look_back_shows_what_i_said_beside_what_happened(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(
        cast,
        terms["fall"],
        "Learn my multiplication facts",
        title_2="Aprender las tablas",
        language_2="es",
        why="Division is next",
    )
    GoalStep.objects.filter(goal=goal, text__startswith="Read").update(done_at=timezone.now())
    measure = Measure.objects.create(student=cast.student, name="Facts I know", goal=100)
    DataPoint.objects.create(measure=measure, on=dt.date(2026, 9, 1), value=40)
    DataPoint.objects.create(measure=measure, on=dt.date(2026, 12, 1), value=100)
    goal.measures.add(measure)
    client.force_login(cast.student.ensure_user())
    response = client.get(f"/binder/goals/{goal.pk}/review/")
    page = response.content.decode()
    assert response.status_code == 200
    said, happened = page.index("What I said I'd do"), page.index("What happened")
    assert said < page.index("Division is next") < happened
    assert said < page.index("Aprender las tablas") < happened
    assert happened < page.index("1 of 2 steps done.")
    assert happened < page.index('class="data-chart data-chart-bar"')
    assert "Facts I know: from 40 on 2026-09-01 to 100 on 2026-12-01" in page
    assert 'name="review_2"' in page
    for value, label in Goal.Status.choices[1:]:
        assert f'type="radio" name="status" value="{value}"' in page
        assert f" {label}</label>" in page
    assert 'value="active"' not in page
    assert AccessLog.objects.filter(what="goals", student=cast.student).exists()


def test_student_looks_back_on_a_goal_they_met(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(cast, terms["fall"], language_2="es")
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/goals/{goal.pk}/review/",
        {
            "status": "met",
            "review": "I climbed two reading levels!",
            "review_2": "¡Subí dos niveles de lectura!",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == Goal.Status.MET
    assert goal.reviewed_at is not None
    assert Goal.objects.count() == 1
    page = client.get(f"/binder/students/{cast.student.pk}/goals/").content.decode()
    reviewed = page.index("Looked back on <span")
    assert reviewed < page.index('<div lang="en">I climbed two reading levels!</div>')
    assert '<div lang="es" class="text-2">¡Subí dos niveles de lectura!</div>' in page
    assert "Time to look back" not in page


def test_a_goal_carried_on_starts_again_this_term_with_the_steps_not_done(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(cast, terms["fall"], title="Learn my facts")
    measure = Measure.objects.create(student=cast.student, name="Facts I know")
    goal.measures.add(measure)
    GoalStep.objects.filter(goal=goal, text__startswith="Read").update(done_at=timezone.now())
    client.force_login(cast.advisor.user)
    response = client.post(
        f"/binder/goals/{goal.pk}/review/", {"status": "carried", "review": "Halfway there"}
    )
    assert response.status_code == 302
    new = Goal.objects.exclude(pk=goal.pk).get()
    assert (new.title, new.term, new.status) == ("Learn my facts", terms["spring"], "active")
    assert list(new.steps.values_list("text", flat=True)) == ["Visit the library on Fridays"]
    assert list(new.measures.all()) == [measure]
    # Changing the look back later does not carry it on twice.
    client.post(f"/binder/goals/{goal.pk}/review/", {"status": "carried", "review": "Still going"})
    assert Goal.objects.count() == 2


def test_a_look_back_needs_an_outcome(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    goal = goal_of(cast, terms["fall"])
    client.force_login(cast.student.ensure_user())
    for status in ("", "active"):
        response = client.post(f"/binder/goals/{goal.pk}/review/", {"status": status})
        assert response.status_code == 400
    goal.refresh_from_db()
    assert (goal.status, goal.reviewed_at) == ("active", None)


def test_guardian_cannot_look_back_for_the_student(
    client: Client, cast: Cast, terms: dict[str, Term]
) -> None:
    goal = goal_of(cast, terms["fall"])
    client.force_login(cast.guardian.ensure_user())
    assert client.get(f"/binder/goals/{goal.pk}/review/").status_code == 404
    assert client.post(f"/binder/goals/{goal.pk}/review/", {"status": "met"}).status_code == 404
    goal.refresh_from_db()
    assert goal.status == "active"


def test_the_look_back_refuses_put(client: Client, cast: Cast, terms: dict[str, Term]) -> None:
    goal = goal_of(cast, terms["fall"])
    client.force_login(cast.student.ensure_user())
    assert client.put(f"/binder/goals/{goal.pk}/review/").status_code == 405
