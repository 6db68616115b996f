"""The student's data: measures, values over time, and their charts on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from podium.binder.models import DataPoint, Measure
from podium.privacy.models import AccessLog
from tests.cast import Cast


def today(cast: Cast) -> dt.date:
    return timezone.localdate(timezone=cast.school.zone)


def make_measure(
    cast: Cast, name: str = "Reading level", points: int = 2, **extra: object
) -> Measure:
    measure = Measure.objects.create(student=cast.student, name=name, unit="level", **extra)
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, on=dt.date(2026, 9, 1) + dt.timedelta(days=7 * i), value=10 + i)
        for i in range(points)
    )
    return measure


# The data page.


def test_advisor_sees_each_measure_with_its_chart_and_a_quick_entry(
    client: Client, cast: Cast
) -> None:
    make_measure(cast, goal=Decimal(20))
    client.force_login(cast.advisor.user)
    response = client.get(f"/binder/students/{cast.student.pk}/data/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reading level" in page
    assert 'class="data-chart data-chart-bar"' in page  # Mateo is in grade 4: bars.
    assert "Goal: 20" in page
    assert 'name="action" value="point"' in page
    assert AccessLog.objects.filter(
        student=cast.student, what="data", user=cast.advisor.user
    ).exists()


def test_a_seventh_grader_sees_lines(client: Client, cast: Cast) -> None:
    Measure.objects.create(student=cast.other_student, name="Words per minute")
    client.force_login(cast.outsider_advisor.user)
    page = client.get(f"/binder/students/{cast.other_student.pk}/data/").content.decode()
    assert 'class="data-chart data-chart-line"' in page


def test_guardian_sees_the_data_but_no_entry_form(client: Client, cast: Cast) -> None:
    make_measure(cast)
    client.force_login(cast.guardian.ensure_user())
    response = client.get(f"/binder/students/{cast.student.pk}/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reading level" in page
    assert 'name="action"' not in page
    assert f"/binder/students/{cast.student.pk}/data/new/" not in page


def test_data_page_refuses_a_post(client: Client, cast: Cast) -> None:
    client.force_login(cast.student.ensure_user())
    assert client.post(f"/binder/students/{cast.student.pk}/data/").status_code == 405


@pytest.mark.parametrize("who", ["outsider_advisor", "other_guardian", "other_school_admin"])
def test_outsiders_cannot_see_the_data(client: Client, cast: Cast, who: str) -> None:
    measure = make_measure(cast)
    person = getattr(cast, who)
    client.force_login(person.user)
    assert client.get(f"/binder/students/{cast.student.pk}/data/").status_code == 404
    assert client.get(f"/binder/measures/{measure.pk}/").status_code == 404
    assert client.get(f"/binder/students/{cast.student.pk}/data/new/").status_code == 404


def test_student_text_is_escaped_on_the_data_page(client: Client, cast: Cast) -> None:
    make_measure(cast, name="<script>alert(1)</script>")
    client.force_login(cast.student.ensure_user())
    page = client.get(f"/binder/students/{cast.student.pk}/data/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_data_page_runs_a_fixed_number_of_queries(client: Client, cast: Cast) -> None:
    make_measure(cast, "Reading level")
    client.force_login(cast.advisor.user)
    url = f"/binder/students/{cast.student.pk}/data/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(12):
        make_measure(cast, f"Measure {index}", points=15)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('class="data-chart data-chart-bar"') == 13
    assert len(many) == len(few)


# Adding a measure.


def test_student_starts_tracking_a_measure_in_two_languages(client: Client, cast: Cast) -> None:
    client.force_login(cast.student.ensure_user())
    url = f"/binder/students/{cast.student.pk}/data/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Reading level",
            "language": "en",
            "name_2": "Nivel de lectura",
            "language_2": "es",
            "unit": "level",
            "goal": "20",
        },
    )
    measure = Measure.objects.get(student=cast.student)
    assert response.status_code == 302
    assert response["Location"] == f"/binder/measures/{measure.pk}/"
    assert (measure.name_2, measure.language_2, measure.goal) == ("Nivel de lectura", "es", 20)
    page = client.get(f"/binder/measures/{measure.pk}/").content.decode()
    assert '<span lang="en">Reading level</span>' in page
    assert '<span lang="es">Nivel de lectura</span>' in page


def test_a_second_name_needs_its_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/students/{cast.student.pk}/data/new/",
        {"name": "Reading level", "language": "en", "name_2": "Nivel de lectura"},
    )
    assert response.status_code == 400
    assert "Which language is the second column in?" in response.content.decode()
    assert not Measure.objects.exists()


def test_guardian_cannot_add_a_measure(client: Client, cast: Cast) -> None:
    client.force_login(cast.guardian.ensure_user())
    url = f"/binder/students/{cast.student.pk}/data/new/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Chores", "language": "en"}).status_code == 404
    assert not Measure.objects.exists()


def test_adding_a_measure_refuses_put(client: Client, cast: Cast) -> None:
    client.force_login(cast.student.ensure_user())
    assert client.put(f"/binder/students/{cast.student.pk}/data/new/").status_code == 405


# Values.


def test_student_enters_a_value_and_sees_it_in_the_chart(client: Client, cast: Cast) -> None:
    measure = make_measure(cast, points=0)
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/measures/{measure.pk}/",
        {"action": "point", f"m{measure.pk}-on": "2026-10-01", f"m{measure.pk}-value": "14.5"},
    )
    assert response.status_code == 302
    point = DataPoint.objects.get(measure=measure)
    assert (point.on, point.value, point.entered_by) == (
        dt.date(2026, 10, 1),
        Decimal("14.5"),
        cast.student.user,
    )
    page = client.get(f"/binder/measures/{measure.pk}/").content.decode()
    assert "Reading level: 14.5 level on 2026-10-01." in page


def test_a_second_value_for_the_same_day_replaces_the_first(client: Client, cast: Cast) -> None:
    measure = make_measure(cast, points=0)
    client.force_login(cast.advisor.user)
    for value in ("12", "13"):
        client.post(
            f"/binder/measures/{measure.pk}/",
            {"action": "point", f"m{measure.pk}-on": "2026-10-01", f"m{measure.pk}-value": value},
        )
    assert list(DataPoint.objects.values_list("value", "entered_by")) == [
        (Decimal(13), cast.advisor.user.pk)
    ]


def test_a_value_for_a_day_still_to_come_is_refused(client: Client, cast: Cast) -> None:
    measure = make_measure(cast, points=0)
    client.force_login(cast.student.ensure_user())
    tomorrow = today(cast) + dt.timedelta(days=1)
    response = client.post(
        f"/binder/measures/{measure.pk}/",
        {"action": "point", f"m{measure.pk}-on": tomorrow.isoformat(), f"m{measure.pk}-value": "3"},
    )
    assert response.status_code == 400
    assert "That day has not come yet." in response.content.decode()
    assert not DataPoint.objects.exists()


def test_quick_entry_from_the_data_page_returns_to_it(client: Client, cast: Cast) -> None:
    measure = make_measure(cast, points=0)
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/measures/{measure.pk}/",
        {
            "action": "point",
            "back": "list",
            f"m{measure.pk}-on": "2026-10-01",
            f"m{measure.pk}-value": "9",
        },
    )
    assert response["Location"] == f"/binder/students/{cast.student.pk}/data/#measure-{measure.pk}"


def test_quick_entry_with_htmx_redraws_only_that_measure(client: Client, cast: Cast) -> None:
    measure = make_measure(cast, points=1)
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/measures/{measure.pk}/",
        {"action": "point", f"m{measure.pk}-on": "2026-10-20", f"m{measure.pk}-value": "17"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.strip().startswith(f'<article class="card measure" id="measure-{measure.pk}"')
    assert "Latest: <strong>17</strong>" in page
    assert "Saved." in page
    assert DataPoint.objects.filter(measure=measure).count() == 2


def test_quick_entry_with_htmx_shows_the_mistake_in_place(client: Client, cast: Cast) -> None:
    measure = make_measure(cast, points=0)
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/measures/{measure.pk}/",
        {"action": "point", f"m{measure.pk}-on": "2026-10-20", f"m{measure.pk}-value": "lots"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert not DataPoint.objects.exists()


def test_a_value_entered_by_mistake_can_be_removed(client: Client, cast: Cast) -> None:
    measure = make_measure(cast, points=2)
    point = measure.points.first()
    assert point is not None
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/measures/{measure.pk}/", {"action": "delete-point", "point": point.pk}
    )
    assert response.status_code == 302
    assert not DataPoint.objects.filter(pk=point.pk).exists()
    assert DataPoint.objects.filter(measure=measure).count() == 1


def test_a_value_of_another_measure_cannot_be_removed_through_this_one(
    client: Client, cast: Cast
) -> None:
    mine = make_measure(cast, points=1)
    other = Measure.objects.create(student=cast.other_student, name="Laps")
    theirs = DataPoint.objects.create(measure=other, on=dt.date(2026, 9, 1), value=3)
    client.force_login(cast.student.ensure_user())
    response = client.post(
        f"/binder/measures/{mine.pk}/", {"action": "delete-point", "point": theirs.pk}
    )
    assert response.status_code == 404
    assert DataPoint.objects.filter(pk=theirs.pk).exists()


def test_the_advisor_changes_the_goal_of_a_measure(client: Client, cast: Cast) -> None:
    measure = make_measure(cast)
    client.force_login(cast.advisor.user)
    response = client.post(
        f"/binder/measures/{measure.pk}/",
        {
            "action": "edit",
            "name": "Reading level",
            "language": "en",
            "unit": "level",
            "goal": "22",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.goal == 22


def test_guardian_reads_a_measure_but_cannot_enter_values(client: Client, cast: Cast) -> None:
    measure = make_measure(cast)
    client.force_login(cast.guardian.ensure_user())
    response = client.get(f"/binder/measures/{measure.pk}/")
    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()
    response = client.post(
        f"/binder/measures/{measure.pk}/",
        {"action": "point", f"m{measure.pk}-on": "2026-10-01", f"m{measure.pk}-value": "99"},
    )
    assert response.status_code == 404
    assert not DataPoint.objects.filter(value=99).exists()
    assert (
        client.post(
            f"/binder/measures/{measure.pk}/", {"action": "delete-point", "point": 1}
        ).status_code
        == 404
    )


def test_the_measure_page_refuses_put(client: Client, cast: Cast) -> None:
    measure = make_measure(cast)
    client.force_login(cast.student.ensure_user())
    assert client.put(f"/binder/measures/{measure.pk}/").status_code == 405


def test_the_measure_page_logs_the_read(client: Client, cast: Cast) -> None:
    measure = make_measure(cast)
    client.force_login(cast.guardian.ensure_user())
    client.get(f"/binder/measures/{measure.pk}/")
    log = AccessLog.objects.get()
    assert (log.what, log.student, log.user) == ("data", cast.student, cast.guardian.user)
