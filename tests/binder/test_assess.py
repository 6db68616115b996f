"""Self-assessment: smiley faces for K–2, three levels for 3–5, a four-point rubric for 6–12."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from podium.binder.models import GradeBand, LearningTarget, SelfAssessment
from podium.privacy.models import AccessLog
from tests.cast import Cast


@pytest.fixture
def targets(cast: Cast) -> dict[str, LearningTarget]:
    def target(name: str, **fields: object) -> tuple[str, LearningTarget]:
        fields.setdefault("school", cast.school)
        fields.setdefault("subject", "reading")
        return name, LearningTarget.objects.create(**fields)

    return dict(
        [
            target(
                "count", subject="math", statement="I can count to 100", grade_from=0, grade_to=0
            ),
            target(
                "retell",
                statement="I can retell a story",
                success_criteria="I name the characters\nI tell what happened in order",
                grade_from=0,
                grade_to=5,
            ),
            target(
                "fractions",
                subject="math",
                statement="I can add fractions",
                grade_from=3,
                grade_to=5,
            ),
            target(
                "argue",
                subject="writing",
                statement="I can write an argument",
                success_criteria="I state a claim\n\nI give two reasons\nI use evidence  ",
                grade_from=6,
                grade_to=8,
            ),
            target(
                "retired",
                statement="I can use a card catalogue",
                grade_from=0,
                grade_to=12,
                is_active=False,
            ),
            target(
                "elsewhere",
                school=cast.other_school,
                statement="I can do Hillcrest things",
                grade_from=0,
                grade_to=12,
            ),
        ]
    )


def url(student_id: int) -> str:
    return f"/binder/students/{student_id}/assess/"


def test_lupe_sees_big_faces_to_tap_for_her_kindergarten_targets(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.sibling.ensure_user())
    response = client.get(url(cast.sibling.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<body class="young">' in page
    assert "I can count to 100" in page
    assert "I can retell a story" in page
    assert "I can add fractions" not in page
    assert "card catalogue" not in page
    assert "Hillcrest" not in page
    # Each target has three face buttons, named by their words, not by colour.
    assert page.count('<svg class="face"') == 6
    for label in ("I can do it!", "Getting there", "Not yet"):
        assert page.count(f'<span class="level-label">{label}</span>') == 2
    assert page.count('type="submit" name="level"') == 6


def test_lupe_taps_a_smiley_and_her_rating_is_kept(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.sibling.ensure_user())
    target = targets["count"]
    response = client.post(url(cast.sibling.pk), {"target": target.pk, "level": 3})
    assert response.status_code == 302
    assert response["Location"] == f"{url(cast.sibling.pk)}?saved={target.pk}#target-{target.pk}"
    rating = SelfAssessment.objects.get()
    assert (rating.student, rating.target, rating.level, rating.band) == (
        cast.sibling,
        target,
        3,
        "K-2",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Saved!" in page
    assert "my last choice" in page


def test_a_second_tap_adds_a_rating_so_growth_shows(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.sibling.ensure_user())
    target = targets["count"]
    client.post(url(cast.sibling.pk), {"target": target.pk, "level": 1})
    client.post(url(cast.sibling.pk), {"target": target.pk, "level": 3})
    assert list(
        SelfAssessment.objects.filter(student=cast.sibling)
        .order_by("created_at", "pk")
        .values_list("level", flat=True)
    ) == [1, 3]
    page = client.get(url(cast.sibling.pk)).content.decode()
    history = page[page.index('<ol class="history">') :]
    assert history.index("I can do it!") < history.index("Not yet")


def test_tapping_with_htmx_redraws_only_that_target(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.sibling.ensure_user())
    target = targets["retell"]
    response = client.post(
        url(cast.sibling.pk),
        {"target": target.pk, "level": 2},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.strip().startswith(f'<section class="card target-block" id="target-{target.pk}"')
    assert "I can count to 100" not in page
    assert "Saved!" in page
    assert "<strong>Getting there</strong>" in page
    assert SelfAssessment.objects.filter(target=target, level=2).count() == 1


def test_mateo_in_grade_four_sees_three_levels_in_words(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.student.ensure_user())
    page = client.get(url(cast.student.pk)).content.decode()
    assert "I can add fractions" in page
    assert "I can count to 100" not in page
    assert '<svg class="face"' not in page
    assert page.count('type="submit" name="level"') == 2 * 3
    assert "I can do it with help" in page
    assert "Success criteria" not in page


def test_linh_in_grade_seven_sees_a_four_point_rubric_with_the_criteria(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.other_student.ensure_user())
    page = client.get(url(cast.other_student.pk)).content.decode()
    assert "I can write an argument" in page
    assert page.count('type="submit" name="level"') == 4
    for level in ("4 · Exceeding", "3 · Meeting", "2 · Approaching", "1 · Beginning"):
        assert level in page
    assert "Success criteria" in page
    assert "<li>I state a claim</li><li>I give two reasons</li><li>I use evidence</li>" in page


def test_linh_rates_herself_four_with_a_note(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.other_student.ensure_user())
    response = client.post(
        url(cast.other_student.pk),
        {"target": targets["argue"].pk, "level": 4, "note": "My <b>op-ed</b> essay"},
    )
    assert response.status_code == 302
    assert SelfAssessment.objects.get().note == "My <b>op-ed</b> essay"
    page = client.get(url(cast.other_student.pk)).content.decode()
    assert "My &lt;b&gt;op-ed&lt;/b&gt; essay" in page


def test_a_kindergartner_cannot_rate_four(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.sibling.ensure_user())
    response = client.post(url(cast.sibling.pk), {"target": targets["count"].pk, "level": 4})
    assert response.status_code == 400
    assert "could not be saved" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_a_student_cannot_rate_a_target_of_another_grade_or_school(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.student.ensure_user())
    for name in ("argue", "elsewhere", "retired"):
        response = client.post(url(cast.student.pk), {"target": targets[name].pk, "level": 2})
        assert response.status_code == 400
    assert not SelfAssessment.objects.exists()


def test_guardian_sees_the_ratings_but_cannot_rate(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    SelfAssessment.objects.create(
        student=cast.student, target=targets["fractions"], band="3-5", level=2
    )
    client.force_login(cast.guardian.ensure_user())
    response = client.get(url(cast.student.pk))
    page = response.content.decode()
    assert response.status_code == 200
    # Sofía reads Podium in Spanish.
    with translation.override("es"):
        with_help = str(GradeBand.G35.scale[1].label)
    assert f"<strong>{with_help}</strong>" in page
    assert 'name="level"' not in page
    response = client.post(url(cast.student.pk), {"target": targets["fractions"].pk, "level": 3})
    assert response.status_code == 404
    assert SelfAssessment.objects.count() == 1


def test_the_advisor_reads_but_does_not_rate_for_the_student(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.advisor.user)
    page = client.get(url(cast.student.pk)).content.decode()
    assert "I can add fractions" in page
    assert 'name="level"' not in page
    response = client.post(url(cast.student.pk), {"target": targets["fractions"].pk, "level": 3})
    assert response.status_code == 404
    assert not SelfAssessment.objects.exists()


def test_a_student_cannot_rate_for_their_sibling(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.student.ensure_user())
    response = client.post(url(cast.sibling.pk), {"target": targets["count"].pk, "level": 3})
    assert response.status_code == 404
    assert client.get(url(cast.sibling.pk)).status_code == 404
    assert not SelfAssessment.objects.exists()


@pytest.mark.parametrize("who", ["outsider_advisor", "other_guardian", "sibling_advisor"])
def test_outsiders_cannot_see_mateos_self_assessment(
    client: Client, cast: Cast, targets: dict[str, LearningTarget], who: str
) -> None:
    client.force_login(getattr(cast, who).user)
    assert client.get(url(cast.student.pk)).status_code == 404


def test_self_assessment_refuses_put(client: Client, cast: Cast) -> None:
    client.force_login(cast.student.ensure_user())
    assert client.put(url(cast.student.pk)).status_code == 405


def test_each_view_is_logged(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.guardian.ensure_user())
    client.get(url(cast.student.pk))
    log = AccessLog.objects.get()
    assert (log.what, log.student, log.user) == (
        "self-assessment",
        cast.student,
        cast.guardian.user,
    )


def test_dates_are_shown_in_the_schools_time_zone(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    import datetime as dt

    # 03:00 UTC on Oct 2 is still the evening of Oct 1 in Los Angeles.
    SelfAssessment.objects.create(
        student=cast.student,
        target=targets["fractions"],
        band="3-5",
        level=3,
        created_at=dt.datetime(2026, 10, 2, 3, 0, tzinfo=dt.UTC),
    )
    client.force_login(cast.student.ensure_user())
    page = client.get(url(cast.student.pk)).content.decode()
    assert '<time datetime="2026-10-01T20:00:00-07:00">Oct. 1, 2026</time>' in page


def test_the_page_runs_a_fixed_number_of_queries(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.student.ensure_user())
    client.get(url(cast.student.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(url(cast.student.pk))
    for index in range(15):
        target = LearningTarget.objects.create(
            school=cast.school, subject="math", statement=f"I can {index}", grade_from=4, grade_to=4
        )
        SelfAssessment.objects.bulk_create(
            SelfAssessment(student=cast.student, target=target, band="3-5", level=1 + i % 3)
            for i in range(8)
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(cast.student.pk)).content.decode()
    assert "I can 14" in page
    assert len(many) == len(few)
