from __future__ import annotations

from django.test import Client
from django.urls import reverse

from podium.binder.models import Artifact
from podium.privacy.models import AccessLog
from tests.cast import Cast


def binder_url(cast: Cast) -> str:
    return reverse("binder:binder", args=[cast.student.pk])


def test_the_student_reads_their_binder_in_the_first_person(client: Client, cast: Cast) -> None:
    assert cast.student.user is not None
    client.force_login(cast.student.user)
    page = client.get(binder_url(cast)).content.decode()
    assert "My work" in page
    assert "Mateo's data" not in page


def test_a_guardian_reads_the_binder_under_the_childs_name(client: Client, cast: Cast) -> None:
    assert cast.guardian.user is not None
    client.force_login(cast.guardian.user)
    cast.guardian.user.language = "en"
    cast.guardian.user.save(update_fields=["language"])
    page = client.get(binder_url(cast)).content.decode()
    assert "Mateo's data" in page
    assert "My work" not in page


def test_the_binder_shows_a_guardian_only_approved_work_and_logs_the_read(
    client: Client, cast: Cast
) -> None:
    approved = Artifact.objects.create(student=cast.student, kind="text", title="Volcano report")
    approved.approve(by=cast.advisor.user)
    Artifact.objects.create(student=cast.student, kind="text", title="Unfinished draft")
    assert cast.guardian.user is not None
    client.force_login(cast.guardian.user)
    page = client.get(binder_url(cast)).content.decode()
    assert "Volcano report" in page
    assert "Unfinished draft" not in page
    assert AccessLog.objects.filter(student=cast.student, what="binder").count() == 1


def test_the_binder_takes_the_same_queries_for_two_hundred_items(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:
    assert cast.advisor.user is not None
    client.force_login(cast.advisor.user)
    Artifact.objects.create(student=cast.student, kind="text", title="First")
    with django_assert_max_num_queries(30) as few:
        client.get(binder_url(cast))
    Artifact.objects.bulk_create(
        Artifact(student=cast.student, kind="text", title=f"Piece {n}") for n in range(199)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(binder_url(cast)).content.decode()
    assert "Piece 198" in page


def test_the_binder_of_another_family_is_not_found(client: Client, cast: Cast) -> None:
    assert cast.other_guardian.user is not None
    client.force_login(cast.other_guardian.user)
    assert client.get(binder_url(cast)).status_code == 404


def test_the_binder_refuses_a_post(client: Client, cast: Cast) -> None:
    assert cast.student.user is not None
    client.force_login(cast.student.user)
    assert client.post(binder_url(cast)).status_code == 405
