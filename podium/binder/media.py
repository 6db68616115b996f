"""Files in the binder: checked by their content, re-encoded where we can, served safely.

An upload is judged by its bytes, never by its name or by the type the browser
claims: `filetype` reads the magic numbers, only the formats allowed for the
kind of work pass, and pictures are decoded and re-encoded by Pillow so that
what is stored is a fresh image without metadata (no GPS position, no camera
serial, no embedded text) and with nothing but pixels in it.

Files are written only through Django's storage API, under random names (see
`podium.binder.models.media_path`), and are served back only with a type from
the allow-list below, `nosniff` and a sandboxing CSP, so a file can never run
as a page of Podium's origin.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

if TYPE_CHECKING:
    from podium.binder.models import Artifact, Reflection

MB = 1024 * 1024

# Size limits per kind of work; a deploy may lower or raise them with
# settings.BINDER_UPLOAD_LIMITS = {"video": 500 * MB, ...}.
DEFAULT_LIMITS = {
    "photo": 15 * MB,
    "drawing": 15 * MB,
    "audio": 20 * MB,
    "video": 200 * MB,
    "document": 20 * MB,
}
# A phone's 50-megapixel mode still fits; a picture that claims more is a
# decompression bomb or nothing a binder needs.
DEFAULT_MAX_IMAGE_PIXELS = 50_000_000
# Pictures are stored at most this wide or tall: plenty for a screen or a
# printed page, and a 4 MB upload instead of 12.
DEFAULT_IMAGE_MAX_SIDE = 3000
THUMBNAIL_SIDE = 480

# What filetype recognises → (the type we store and serve, the file extension).
IMAGES = {
    "image/jpeg": ("image/jpeg", ".jpg"),
    "image/png": ("image/png", ".png"),
    "image/apng": ("image/png", ".png"),
    "image/webp": ("image/webp", ".webp"),
    # A GIF keeps its first frame, stored as a PNG.
    "image/gif": ("image/png", ".png"),
}
# Pillow's name for each, so that a file cannot pass filetype as one format
# and be decoded as another.
PILLOW_FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/apng": "PNG",
    "image/webp": "WEBP",
    "image/gif": "GIF",
}
AUDIO = {
    # A browser's recording: WebM or Ogg (Opus), MP4 (Safari). filetype names
    # a WebM or MP4 by its container, which holds sound alone just as well.
    "video/webm": ("audio/webm", ".webm"),
    "audio/ogg": ("audio/ogg", ".ogg"),
    "audio/mp4": ("audio/mp4", ".m4a"),
    "video/mp4": ("audio/mp4", ".m4a"),
    "audio/mpeg": ("audio/mpeg", ".mp3"),
    "audio/x-wav": ("audio/wav", ".wav"),
}
VIDEO = {
    "video/mp4": ("video/mp4", ".mp4"),
    "video/webm": ("video/webm", ".webm"),
    "video/quicktime": ("video/quicktime", ".mov"),
}
DOCUMENTS = {"application/pdf": ("application/pdf", ".pdf")}

ALLOWED: dict[str, dict[str, tuple[str, str]]] = {
    "photo": IMAGES,
    "drawing": IMAGES,
    "audio": AUDIO,
    "video": VIDEO,
    "document": DOCUMENTS,
}

# The only types a file is ever served as.
SERVABLE = frozenset(stored for table in ALLOWED.values() for stored, _extension in table.values())
# Served inline (a picture in the page, a player); anything else is a download.
INLINE = frozenset(t for t in SERVABLE if t.split("/")[0] in {"image", "audio", "video"})


def limit_for(kind: str) -> int:
    return {**DEFAULT_LIMITS, **getattr(settings, "BINDER_UPLOAD_LIMITS", {})}[kind]


def max_image_pixels() -> int:
    return int(getattr(settings, "BINDER_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


def wrong_type_message(kind: str) -> str:
    messages = {
        "photo": _(
            "This file is not a picture we can use. Please choose a JPEG, PNG or WebP photo."
        ),
        "drawing": _(
            "This file is not a picture we can use. Please choose a JPEG, PNG or WebP picture."
        ),
        "audio": _(
            "This file is not a sound recording we can play. "
            "Please choose a WebM, Ogg, MP4, MP3 or WAV recording."
        ),
        "video": _(
            "This file is not a video we can play. Please choose an MP4, WebM or MOV video."
        ),
        "document": _("This file is not a PDF. Please save the document as a PDF and try again."),
    }
    return messages[kind]


def recording_cut_off_message() -> str:
    return _("The recording did not arrive whole. Please record again.")


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check, ready to be stored."""

    content: File[Any]
    content_type: str
    extension: str
    size: int
    thumbnail: ContentFile[bytes] | None = None


def check_upload(
    upload: File[Any], *, kind: str, recorded_size: int | None = None
) -> CheckedUpload:
    """Check an upload for a kind of work; raise ValidationError with a clear message.

    `recorded_size` is what the in-browser recorder says it sent: a recording
    that arrives shorter (or that is not a recording at all) was cut off.
    """
    if kind not in ALLOWED:
        raise ValidationError(_("This kind of work has no file."), code="no_file")
    size = int(upload.size or 0)
    if recorded_size is not None and recorded_size != size:
        raise ValidationError(recording_cut_off_message(), code="cut_off")
    if size == 0:
        raise ValidationError(_("The file is empty. Please choose it again."), code="empty")
    limit = limit_for(kind)
    if size > limit:
        raise ValidationError(
            _("This file is too big (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    detected = filetype.guess_mime(upload)
    upload.seek(0)
    if detected not in ALLOWED[kind]:
        if recorded_size is not None:
            raise ValidationError(recording_cut_off_message(), code="cut_off")
        raise ValidationError(wrong_type_message(kind), code="wrong_type")
    if detected in IMAGES:
        return _reencode_image(upload, detected, kind)
    content_type, extension = ALLOWED[kind][detected]
    if content_type == "application/pdf" and not _ends_like_a_pdf(upload, size):
        raise ValidationError(
            _("This PDF is damaged or incomplete. Please save it again and retry."),
            code="corrupt",
        )
    return CheckedUpload(content=upload, content_type=content_type, extension=extension, size=size)


def _ends_like_a_pdf(upload: File[Any], size: int) -> bool:
    """A whole PDF ends with its %%EOF marker; a cut-off one does not."""
    upload.seek(max(0, size - 2048))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def _reencode_image(upload: File[Any], detected: str, kind: str) -> CheckedUpload:
    damaged = _("This picture is damaged or incomplete. Please take or choose it again.")
    too_large = _(
        "This picture is too large (more than %(megapixels)s megapixels). "
        "Please choose a smaller one."
    ) % {"megapixels": max_image_pixels() // 1_000_000}
    content_type, extension = IMAGES[detected]
    out_format = {"image/jpeg": "JPEG", "image/webp": "WEBP"}.get(content_type, "PNG")
    # A picture claiming more pixels than Pillow's own limit is refused too,
    # as an error rather than the warning Pillow gives by default.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload, formats=[PILLOW_FORMATS[detected]]) as opened:
                width, height = opened.size
                if width * height > max_image_pixels():
                    raise ValidationError(too_large, code="too_large")
                opened.load()
                image = _clean_pixels(opened, out_format)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(too_large, code="too_large") from error
        # Pillow raises many kinds of exception on hostile or broken input
        # (OSError, SyntaxError, ValueError, struct.error, EOFError…): each
        # means the same to the student.
        except Exception as error:
            raise ValidationError(damaged, code="corrupt") from error
    stored = io.BytesIO()
    options: dict[str, Any] = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}}
    image.save(stored, format=out_format, **options.get(out_format, {}))
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    small = io.BytesIO()
    thumbnail.save(small, format="WEBP", quality=80)
    data = stored.getvalue()
    return CheckedUpload(
        content=ContentFile(data),
        content_type=content_type,
        extension=extension,
        size=len(data),
        thumbnail=ContentFile(small.getvalue()),
    )


def _clean_pixels(image: Image.Image, out_format: str) -> Image.Image:
    """The picture upright, in sRGB, at a sensible size, with no metadata left on it."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha and out_format != "JPEG" else "RGB"
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    converted = None
    if icc and upright.mode in {"RGB", "RGBA", "CMYK"}:
        # Phones shoot in wide-gamut colour; dropping the profile without
        # converting would dull the picture.
        try:
            converted = ImageCms.profileToProfile(
                upright,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None
    clean = converted if converted is not None else upright.convert(mode)
    side = int(getattr(settings, "BINDER_IMAGE_MAX_SIDE", DEFAULT_IMAGE_MAX_SIDE))
    if max(clean.size) > side:
        clean.thumbnail((side, side), Image.Resampling.LANCZOS)
    # Everything Pillow read besides pixels (EXIF, GPS, ICC, XMP, PNG text)
    # would otherwise be written back by some encoders.
    clean.info = {}
    return clean


# --- storing ------------------------------------------------------------------


class MediaWriter:
    """Writes files through the storage API and remembers them, to remove them on failure."""

    def __init__(self) -> None:
        self.written: list[tuple[Any, str]] = []

    def save(self, field_file: FieldFile, content: File[Any], extension: str) -> None:
        # Only the extension is passed on: upload_to makes the name.
        field_file.save(f"upload{extension}", content, save=False)
        self.written.append((field_file.storage, str(field_file.name)))

    def discard(self) -> None:
        for storage, name in self.written:
            storage.delete(name)
        self.written.clear()


@contextmanager
def files_removed_on_failure() -> Iterator[MediaWriter]:
    """Files written in the block are deleted again if the block fails (a rolled-back save)."""
    writer = MediaWriter()
    try:
        yield writer
    except BaseException:
        writer.discard()
        raise


def attach(writer: MediaWriter, artifact: Artifact, checked: CheckedUpload) -> None:
    """Store a checked upload (and its thumbnail) as the artifact's file; the row is saved later."""
    writer.save(artifact.file, checked.content, checked.extension)
    if checked.thumbnail is not None:
        writer.save(artifact.thumbnail, checked.thumbnail, ".webp")
    artifact.content_type = checked.content_type
    artifact.size = checked.size


def attach_audio(writer: MediaWriter, reflection: Reflection, checked: CheckedUpload) -> None:
    writer.save(reflection.audio, checked.content, checked.extension)
    reflection.audio_type = checked.content_type
    reflection.audio_size = checked.size


StoredName = tuple[Any, str]


def stored_names(*field_files: FieldFile) -> list[StoredName]:
    """Where these files are now, to delete them later even if the fields change meanwhile."""
    return [(f.storage, str(f.name)) for f in field_files if f]


def delete_on_commit(names: list[StoredName]) -> None:
    """Remove replaced or deleted files once the rows that named them are committed.

    Called inside the transaction; if it rolls back, the files stay, as the
    rows still name them.
    """

    def delete() -> None:
        for storage, name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


# --- serving ------------------------------------------------------------------

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def file_response(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    content_type: str,
    filename: str,
    size: int | None = None,
    cache_seconds: int = 0,
) -> HttpResponse | StreamingHttpResponse:
    """Serve a stored file so that it can never act as a page of this site.

    The type comes from the allow-list (anything else is a download of
    bytes), the browser may not sniff another, and the response is a
    sandbox: no script, no form, an opaque origin. PDFs are downloads.
    Byte ranges are answered because Safari plays audio and video only
    from a server that does.
    """
    if content_type not in SERVABLE:
        content_type = "application/octet-stream"
    inline = content_type in INLINE
    total = size if size else field_file.size
    handle = field_file.open("rb")
    requested = _byte_range(request.headers.get("Range", ""), total)
    response: HttpResponse | StreamingHttpResponse
    if requested is None:
        response = FileResponse(
            handle, content_type=content_type, as_attachment=not inline, filename=filename
        )
        response["Content-Length"] = str(total)
    elif requested == (-1, -1):
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{total}"
    else:
        start, end = requested
        handle.seek(start)
        response = StreamingHttpResponse(
            _read(handle, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{total}"
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, so the site's own policy (which allows our scripts) is not added.
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = (
        f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    )
    return response


def _byte_range(header: str, total: int) -> tuple[int, int] | None:
    """The one byte range asked for; (-1, -1) if it cannot be met; None for the whole file."""
    match = RANGE.match(header.strip())
    if not match or total <= 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return (-1, -1)
        return (max(0, total - length), total - 1)
    start = int(first)
    end = min(int(last), total - 1) if last else total - 1
    if start >= total or end < start:
        return (-1, -1)
    return (start, end)


def _read(handle: Any, length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def starts_at_beginning(request: HttpRequest) -> bool:
    """A first request for a file, not a player fetching its next piece (for the access log)."""
    match = RANGE.match(request.headers.get("Range", "").strip())
    return match is None or match.group(1) == "0"
