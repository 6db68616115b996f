"""The access log is only ever added to, and only school and district admins read it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from podium.accounts.models import User
from podium.privacy.models import AccessLog, AppendOnlyError
from tests.cast import Cast


def record(cast: Cast, what: str = "student record") -> AccessLog:
    return AccessLog.objects.record(
        user=cast.advisor.user,
        role="advisor",
        student=cast.student,
        what=what,
        path=f"/roster/students/{cast.student.pk}/",
    )


def as_user(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def test_rows_are_added(cast: Cast) -> None:
    entry = record(cast)

    stored = AccessLog.objects.get()
    assert stored == entry
    assert (stored.user, stored.role, stored.student, stored.what) == (
        cast.advisor.user,
        "advisor",
        cast.student,
        "student record",
    )
    assert stored.at is not None


def test_a_long_path_is_cut_to_fit(cast: Cast) -> None:
    entry = AccessLog.objects.record(
        user=cast.advisor.user, role="advisor", student=cast.student, what="x", path="/a" * 400
    )

    assert len(AccessLog.objects.get(pk=entry.pk).path) == 300


def assert_unchanged(entry: AccessLog) -> None:
    stored = AccessLog.objects.get(pk=entry.pk)
    assert (stored.what, stored.role, stored.at) == ("student record", "advisor", entry.at)


def test_a_row_cannot_be_saved_again(cast: Cast) -> None:
    entry = record(cast)
    entry.what = "nothing to see"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.save(update_fields=["what"])
    entry.what = "student record"
    assert_unchanged(entry)


def test_a_row_cannot_be_deleted(cast: Cast) -> None:
    entry = record(cast)

    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert_unchanged(entry)


def test_rows_cannot_be_changed_or_deleted_in_bulk(cast: Cast) -> None:
    entry = record(cast)

    with pytest.raises(AppendOnlyError):
        AccessLog.objects.update(what="nothing to see")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(role="admin")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).delete()
    entry.what = "nothing to see"
    # These two run in a transaction of their own, which the error rolls back.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AccessLog.objects.bulk_update([entry], ["what"])
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AccessLog.objects.update_or_create(pk=entry.pk, defaults={"what": "nothing to see"})
    assert AccessLog.objects.count() == 1
    assert_unchanged(entry)


def test_a_student_or_account_with_a_log_cannot_be_deleted(cast: Cast) -> None:
    entry = record(cast)

    with pytest.raises(ProtectedError):
        cast.student.delete()
    with pytest.raises(ProtectedError):
        cast.advisor.user.delete()
    assert_unchanged(entry)


# --- the admin ---------------------------------------------------------------------------


def admin_url(name: str, *args: object) -> str:
    return reverse(f"admin:privacy_accesslog_{name}", args=args)


@pytest.mark.parametrize("who", ["school_admin", "district_admin"])
def test_the_admin_shows_the_log_but_offers_no_add_change_or_delete(cast: Cast, who: str) -> None:
    entry = record(cast)
    person = getattr(cast, who)
    client = as_user(person if isinstance(person, User) else person.user)

    changelist = client.get(admin_url("changelist"))
    assert changelist.status_code == 200
    page = changelist.content.decode()
    assert "Mateo García" in page
    assert admin_url("add") not in page
    assert 'name="action"' not in page  # no "delete selected"

    view = client.get(admin_url("change", entry.pk))
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    assert admin_url("delete", entry.pk) not in view.content.decode()

    assert client.get(admin_url("add")).status_code == 403
    assert client.post(admin_url("add"), {"what": "forged"}).status_code == 403
    assert client.post(admin_url("change", entry.pk), {"what": "edited"}).status_code == 403
    assert client.get(admin_url("delete", entry.pk)).status_code == 403
    assert client.post(admin_url("delete", entry.pk), {"post": "yes"}).status_code == 403
    assert AccessLog.objects.count() == 1
    assert_unchanged(entry)


def test_a_school_admin_sees_only_her_schools_log_in_the_admin(cast: Cast) -> None:
    record(cast)
    other = AccessLog.objects.record(
        user=cast.other_school_admin.user,
        role="admin",
        student=cast.other_school_student,
        what="student record",
    )
    park = as_user(cast.school_admin.user)

    page = park.get(admin_url("changelist")).content.decode()

    assert "Mateo García" in page
    assert "Jonah" not in page
    response = park.get(admin_url("change", other.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


# --- the access-log page -------------------------------------------------------------------


def log_url(cast: Cast) -> str:
    return reverse("privacy:access_log", args=[cast.student.pk])


def test_a_school_admin_sees_who_read_a_students_record(cast: Cast) -> None:
    as_user(cast.advisor.user).get(reverse("roster:student", args=[cast.student.pk]))
    as_user(cast.guardian.user).get(reverse("roster:student", args=[cast.student.pk]))
    as_user(cast.guardian.user).get(reverse("roster:student", args=[cast.sibling.pk]))

    response = as_user(cast.school_admin.user).get(log_url(cast))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Who has seen Mateo García's record" in page
    assert "Sofía García" in page
    assert page.count("<td>student record</td>") == 2
    assert "Ms. Rivera" in page
    assert "<td>advisor</td>" in page
    assert "<td>guardian</td>" in page


def test_a_student_with_no_reader_yet_says_so(cast: Cast) -> None:
    page = as_user(cast.district_admin).get(log_url(cast)).content.decode()

    assert "No one yet." in page


@pytest.mark.parametrize(
    "who",
    ["advisor", "guardian", "student", "interpreter", "other_school_admin", "no_role_user"],
)
def test_only_the_students_school_and_district_admins_read_the_log(cast: Cast, who: str) -> None:
    record(cast)
    person = getattr(cast, who)
    client = as_user(person if isinstance(person, User) else person.user)

    response = client.get(log_url(cast))

    assert response.status_code == 404
    assert "Ms. Rivera" not in response.content.decode()


def test_the_log_page_sends_someone_signed_out_to_sign_in_and_refuses_a_post(
    client: Client, cast: Cast
) -> None:
    response = client.get(log_url(cast))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))

    assert as_user(cast.school_admin.user).post(log_url(cast)).status_code == 405
