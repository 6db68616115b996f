"""The student's work: adding it, showing it, reflecting on it, reviewing and sharing it.

Every piece of work is fetched through the access layer (`get_artifact_for`,
`get_binder_student_for`): whoever may not see it gets a 404. Families see
only approved work; only the advisor or an admin approves; only the student
shares approved work with their Dream Team.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, TypeVar, cast

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from podium.accounts.access import (
    Role,
    can_edit_binder,
    can_review_binder,
    get_advisory_for,
    get_artifact_for,
    get_binder_student_for,
    role_of,
)
from podium.accounts.models import User
from podium.binder import media
from podium.binder.forms import ArtifactForm, CommentForm, ReflectionForm
from podium.binder.models import Artifact, Comment, GradeBand, Reflection
from podium.privacy.models import AccessLog

# What the kind chooser offers, in the order a young student needs them.
KIND_TILES = [
    (Artifact.Kind.PHOTO, gettext_lazy("Take a picture of your work")),
    (Artifact.Kind.AUDIO, gettext_lazy("Record your voice")),
    (Artifact.Kind.DRAWING, gettext_lazy("A drawing or a scan")),
    (Artifact.Kind.TEXT, gettext_lazy("Type your writing")),
    (Artifact.Kind.VIDEO, gettext_lazy("A video")),
    (Artifact.Kind.DOCUMENT, gettext_lazy("A PDF document")),
    (Artifact.Kind.LINK, gettext_lazy("A link to work online")),
]
REVIEW_PAGE_SIZE = 40
# Room for the form's other fields on top of its files.
REQUEST_SLACK = 1024 * 1024
THUMBNAIL_CACHE_SECONDS = 3600
# django-csp types a view as taking the request alone, hence Any.
_BLOB_MEDIA: Any = csp_replace({"media-src": ["'self'", "blob:"]})
View = TypeVar("View", bound=Callable[..., HttpResponse])


def plays_back_recordings(view: View) -> View:
    """The recorder plays back what was just recorded from a blob: address."""
    return cast(View, _BLOB_MEDIA(view))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _log(request: HttpRequest, artifact: Artifact, what: str) -> None:
    AccessLog.objects.record(
        user=request.user,
        role=role_of(request.user),
        student=artifact.student,
        what=what,
        path=request.path,
    )


def _is_the_student(request: HttpRequest, artifact: Artifact) -> bool:
    return role_of(request.user) == Role.STUDENT and artifact.student.user_id == request.user.pk


def _artifact_to_review(request: HttpRequest, artifact_id: int) -> Artifact:
    artifact = get_artifact_for(request.user, artifact_id)
    if not can_review_binder(request.user, artifact.student):
        raise Http404
    return artifact


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _detail_context(request: HttpRequest, artifact: Artifact, **extra: Any) -> dict[str, Any]:
    user = request.user
    student = artifact.student
    can_review = can_review_binder(user, student)
    band = GradeBand.of(student.grade)
    order: dict[str, int] = {
        prompt: index for index, prompt in enumerate(Reflection.prompts_for(band))
    }
    reflections = sorted(
        artifact.reflections.all(), key=lambda r: (order.get(r.prompt, len(order)), r.pk)
    )
    # Comments are working notes between the advisor and the student, not for the family.
    comments = (
        []
        if role_of(user) == Role.GUARDIAN
        else list(
            artifact.comments.select_related("author__staff", "author__student", "author__guardian")
        )
    )
    return {
        "artifact": artifact,
        "student": student,
        "band": band,
        "targets": list(artifact.targets.all()),
        "reflections": reflections,
        "comments": comments,
        "comment_form": CommentForm(),
        "can_edit": can_review or can_edit_binder(user, student),
        "can_review": can_review,
        "is_the_student": _is_the_student(request, artifact),
        "next": "",
        **extra,
    }


def _download_name(artifact: Artifact, stored_name: str, stem: str = "") -> str:
    """A readable name for the download; the stored name is random."""
    suffix = PurePosixPath(stored_name).suffix
    return f"{stem or slugify(artifact.title)[:60] or 'work'}{suffix}"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here requires signing in
    return request.user


def _sent_back_if_changed_by_student(request: HttpRequest, artifact: Artifact) -> bool:
    """The family sees only what the advisor approved: a student's change goes back to review."""
    if artifact.is_approved and not can_review_binder(request.user, artifact.student):
        artifact.withdraw_approval()
        return True
    return False


# --- adding and changing work ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@plays_back_recordings
def add(request: HttpRequest, student_id: int) -> HttpResponse:
    """Add a piece of work: first choose its kind, then fill in the form for that kind."""
    student = get_binder_student_for(request.user, student_id, write=True)
    asked = request.GET.get("kind", "")
    limit = (
        media.limit_for(asked)
        if asked in media.ALLOWED
        else max(media.limit_for(kind) for kind in media.ALLOWED)
    )
    if refused := _refuse_oversized(request, limit):
        return refused
    kind = request.POST.get("kind") or asked
    if kind not in Artifact.Kind.values:
        status = 400 if request.method == "POST" else 200
        context = {"student": student, "tiles": KIND_TILES}
        return render(request, "binder/work/kinds.html", context, status=status)
    form = ArtifactForm(
        request.POST or None,
        request.FILES or None,
        student=student,
        kind=kind,
        initial={"term": student.school.current_term(), "language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        artifact = form.save(commit=False)
        artifact.student = student
        artifact.kind = kind
        artifact.created_by = _user(request)
        # Files first, outside the transaction (a long write must not hold the
        # database); if anything after fails, they are removed again.
        with media.files_removed_on_failure() as writer:
            if form.checked is not None:
                media.attach(writer, artifact, form.checked)
            with transaction.atomic():
                artifact.save()
                form.save_m2m()
        messages.success(request, _("Your work is in your binder."))
        return _go_to(request, reverse("binder:work", args=[artifact.pk]))
    return _render_work_form(request, form, student=student, kind=kind)


def _render_work_form(
    request: HttpRequest, form: ArtifactForm, *, student: Any, kind: str, artifact: Any = None
) -> HttpResponse:
    context = {
        "form": form,
        "student": student,
        "kind": kind,
        "kind_label": Artifact.Kind(kind).label,
        "artifact": artifact,
        "young": student.grade <= 2,
    }
    status = 400 if request.method == "POST" else 200
    if _is_htmx(request):
        # The upload went by XHR: answer with the form and its messages, in place.
        return render(request, "binder/work/form.html#work_form", context)
    return render(request, "binder/work/form.html", context, status=status)


def _refuse_oversized(request: HttpRequest, limit: int) -> HttpResponse | None:
    """Answer a request far bigger than any file allowed here before reading its body.

    The form checks each file's size; this spares the server from first
    receiving, say, a 2 GB video. (A proxy in front should refuse it too.)
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.method != "POST" or length <= limit + REQUEST_SLACK:
        return None
    return render(request, "binder/work/too_big.html", {"limit": limit}, status=413)


def _go_to(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
@plays_back_recordings
def edit(request: HttpRequest, artifact_id: int) -> HttpResponse:
    artifact = get_artifact_for(request.user, artifact_id, write=True)
    student = artifact.student
    if artifact.has_file and (
        refused := _refuse_oversized(request, media.limit_for(artifact.kind))
    ):
        return refused
    form = ArtifactForm(
        request.POST or None,
        request.FILES or None,
        instance=artifact,
        student=student,
        kind=artifact.kind,
    )
    if request.method == "POST" and form.is_valid():
        replaced = media.stored_names(artifact.file, artifact.thumbnail) if form.checked else []
        artifact = form.save(commit=False)
        with media.files_removed_on_failure() as writer:
            if form.checked is not None:
                media.attach(writer, artifact, form.checked)
            with transaction.atomic():
                artifact.save()
                form.save_m2m()
                sent_back = form.has_changed() and _sent_back_if_changed_by_student(
                    request, artifact
                )
                media.delete_on_commit(replaced)
        if sent_back:
            messages.info(
                request, _("Saved. Your advisor will look at it again before your family sees it.")
            )
        else:
            messages.success(request, _("Saved."))
        return _go_to(request, reverse("binder:work", args=[artifact.pk]))
    return _render_work_form(request, form, student=student, kind=artifact.kind, artifact=artifact)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, artifact_id: int) -> HttpResponse:
    """Delete a piece of work after a confirmation; its files go with it."""
    artifact = get_artifact_for(request.user, artifact_id, write=True)
    student = artifact.student
    if request.method == "POST":
        recordings = [r.audio for r in artifact.reflections.all()]
        files = media.stored_names(artifact.file, artifact.thumbnail, *recordings)
        title = artifact.title
        with transaction.atomic():
            artifact.delete()
            media.delete_on_commit(files)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("binder:binder", student.pk)
    return render(request, "binder/work/delete.html", {"artifact": artifact, "student": student})


# --- reading work ----------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, artifact_id: int) -> HttpResponse:
    artifact = get_artifact_for(request.user, artifact_id)
    _log(request, artifact, "work")
    return render(request, "binder/work/detail.html", _detail_context(request, artifact))


@login_required
@require_GET
def file(request: HttpRequest, artifact_id: int) -> HttpResponse | StreamingHttpResponse:
    """The original file, to whoever may see the work; never as a page of this site."""
    artifact = get_artifact_for(request.user, artifact_id)
    if not artifact.file:
        raise Http404
    if media.starts_at_beginning(request):
        _log(request, artifact, "work file")
    return media.file_response(
        request,
        artifact.file,
        content_type=artifact.content_type,
        filename=_download_name(artifact, artifact.file.name or ""),
        size=artifact.size,
    )


@login_required
@require_GET
def thumbnail(request: HttpRequest, artifact_id: int) -> HttpResponse | StreamingHttpResponse:
    """The small picture list pages show; its address changes with it, so it may be cached."""
    artifact = get_artifact_for(request.user, artifact_id)
    if not artifact.thumbnail:
        raise Http404
    return media.file_response(
        request,
        artifact.thumbnail,
        content_type="image/webp",
        filename=_download_name(artifact, artifact.thumbnail.name or ""),
        cache_seconds=THUMBNAIL_CACHE_SECONDS,
    )


@login_required
@require_GET
def reflection_audio(
    request: HttpRequest, artifact_id: int, prompt: str
) -> HttpResponse | StreamingHttpResponse:
    artifact = get_artifact_for(request.user, artifact_id)
    reflection = artifact.reflections.filter(prompt=prompt).exclude(audio="").first()
    if reflection is None:
        raise Http404
    if media.starts_at_beginning(request):
        _log(request, artifact, "reflection audio")
    return media.file_response(
        request,
        reflection.audio,
        content_type=reflection.audio_type,
        filename=_download_name(
            artifact, reflection.audio.name or "", f"reflection-{reflection.prompt}"
        ),
        size=reflection.audio_size,
    )


# --- reflecting ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@plays_back_recordings
def reflect(request: HttpRequest, artifact_id: int) -> HttpResponse:
    """Answer the grade band's prompts about a piece of work: typed, recorded, or both."""
    artifact = get_artifact_for(request.user, artifact_id, write=True)
    student = artifact.student
    band = GradeBand.of(student.grade)
    prompts = Reflection.prompts_for(band)
    if refused := _refuse_oversized(request, len(prompts) * media.limit_for("audio")):
        return refused
    existing = {r.prompt: r for r in artifact.reflections.all()}
    first = next(iter(existing.values()), None)
    form = ReflectionForm(
        request.POST or None,
        request.FILES or None,
        prompts=prompts,
        existing=existing,
        initial={
            "language": first.language if first else artifact.language,
            "language_2": first.language_2 if first else artifact.language_2,
        },
    )
    if request.method == "POST" and form.is_valid():
        languages = form.cleaned_data["language"], form.cleaned_data["language_2"]
        with media.files_removed_on_failure() as writer:
            replaced: list[media.StoredName] = []
            changed: list[Reflection] = []
            for answer in form.answers():
                reflection = existing.get(answer.prompt) or Reflection(
                    artifact=artifact, prompt=answer.prompt
                )
                if answer.audio is not None or answer.remove_audio:
                    replaced += media.stored_names(reflection.audio)
                    reflection.audio.name = ""
                    reflection.audio_type, reflection.audio_size = "", 0
                if answer.audio is not None:
                    media.attach_audio(writer, reflection, answer.audio)
                reflection.text, reflection.text_2 = answer.text, answer.text_2
                reflection.language, reflection.language_2 = languages
                changed.append(reflection)
            with transaction.atomic():
                for reflection in changed:
                    if reflection.is_empty:
                        if reflection.pk:
                            reflection.delete()
                    else:
                        reflection.updated_at = timezone.now()
                        reflection.save()
                sent_back = form.has_changed() and _sent_back_if_changed_by_student(
                    request, artifact
                )
                media.delete_on_commit(replaced)
        if sent_back:
            messages.info(
                request, _("Saved. Your advisor will look at it again before your family sees it.")
            )
        else:
            messages.success(request, _("Your reflection is saved."))
        return _go_to(request, reverse("binder:work", args=[artifact.pk]))
    context = {
        "artifact": artifact,
        "student": student,
        "form": form,
        "young": band == GradeBand.K2,
    }
    if _is_htmx(request):
        return render(request, "binder/work/reflect.html#reflect_form", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "binder/work/reflect.html", context, status=status)


# --- reviewing and sharing -------------------------------------------------------------


@login_required
@require_POST
def approve(request: HttpRequest, artifact_id: int) -> HttpResponse:
    """The advisor approves work for the family, or takes the approval back."""
    artifact = _artifact_to_review(request, artifact_id)
    if request.POST.get("approved") == "0":
        if artifact.is_approved:
            artifact.withdraw_approval()
    elif not artifact.is_approved:
        artifact.approve(by=request.user)
    if _is_htmx(request):
        return render(
            request,
            "binder/work/detail.html#approval",
            {"artifact": artifact, "can_review": True, "next": request.POST.get("next", "")},
        )
    return redirect(_next_or(request, reverse("binder:work", args=[artifact.pk])))


@login_required
@require_POST
def comment(request: HttpRequest, artifact_id: int) -> HttpResponse:
    artifact = _artifact_to_review(request, artifact_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        Comment.objects.create(
            artifact=artifact, author=_user(request), text=form.cleaned_data["text"]
        )
        if not _is_htmx(request):
            return redirect(reverse("binder:work", args=[artifact.pk]) + "#comments")
        form = CommentForm()
    if _is_htmx(request):
        context = _detail_context(request, artifact, comment_form=form)
        return render(request, "binder/work/detail.html#comments", context)
    _log(request, artifact, "work")
    context = _detail_context(request, artifact, comment_form=form)
    return render(request, "binder/work/detail.html", context, status=400)


@login_required
@require_POST
def share(request: HttpRequest, artifact_id: int) -> HttpResponse:
    """The student shares approved work with their Dream Team, or stops sharing it."""
    artifact = get_artifact_for(request.user, artifact_id, write=True)
    if not _is_the_student(request, artifact):
        raise Http404
    shared = request.POST.get("shared") == "1"
    if shared and not artifact.is_approved:
        context = _detail_context(
            request,
            artifact,
            share_error=_("Only work your advisor has approved can be shared."),
        )
        return render(request, "binder/work/detail.html", context, status=400)
    artifact.share_with_dream_team(shared)
    if _is_htmx(request):
        return render(
            request,
            "binder/work/detail.html#sharing",
            {"artifact": artifact, "is_the_student": True},
        )
    return redirect("binder:work", artifact.pk)


@login_required
@require_GET
def review(request: HttpRequest, advisory_id: int) -> HttpResponse:
    """The advisory's work waiting for approval, newest first."""
    advisory = get_advisory_for(request.user, advisory_id)
    waiting = (
        Artifact.objects.awaiting_review()
        .filter(student__memberships__advisory=advisory, student__is_active=True)
        .select_related("student")
        .annotate(reflection_count=Count("reflections"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(waiting, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    students = {item.student_id for item in page}
    AccessLog.objects.bulk_create(
        AccessLog(
            user=_user(request),
            role=role_of(request.user),
            student_id=student_id,
            what="review queue",
            path=request.path[:300],
        )
        for student_id in sorted(students)
    )
    return render(
        request,
        "binder/work/review.html",
        {"advisory": advisory, "page": page, "next": request.get_full_path()},
    )
