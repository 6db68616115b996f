"""Uploads into the binder: checked by content, re-encoded, stored safely, served safely.

Files are made in memory. Most tests upload them the way a student does (a
POST to the add-work page) and look at what was stored and what the page
says; the property test feeds random bytes straight to the checker.
"""

from __future__ import annotations

import io
import re
import struct
import wave
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from podium.binder import media
from podium.binder.models import Artifact
from tests.cast import Cast

# --- files made in memory ------------------------------------------------------------


def jpeg_bytes(
    size: tuple[int, int] = (64, 32), *, gps: bool = False, orientation: int = 1
) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((20, 40, 200), (0, 0, size[0] // 2, size[1]))
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (45.0, 31.0, 12.0)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "W"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (122.0, 40.0, 55.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, icc_profile=icc, comment=b"secret note")
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30), *, text: str = "", icc: bytes = b"") -> bytes:
    image = Image.new("RGBA", size, (10, 120, 10, 128))
    info = PngInfo()
    if text:
        info.add_text("Comment", text)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, **({"icc_profile": icc} if icc else {}))
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header claims ten billion pixels, with almost no data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def wav_bytes(seconds: float = 0.2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\x00\x00" * int(8000 * seconds))
    return out.getvalue()


def webm_bytes() -> bytes:
    """The start of a WebM file as a browser's recorder writes it (EBML header, DocType webm)."""
    ebml = (
        b"\x1a\x45\xdf\xa3\x9f"
        b"\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
        b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
    )
    return ebml + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff" + b"\x00" * 400


def mp4_bytes() -> bytes:
    return (
        b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
        + b"\x00\x00\x00\x08free"
        + b"\x00" * 200
    )


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SCRIPT = b"#!/bin/sh\nrm -rf /\n"


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def student_client(cast: Cast) -> Client:
    client = Client()
    assert cast.student.user is not None
    client.force_login(cast.student.user)
    return client


def add_work(client: Client, cast: Cast, kind: str, name: str, data: bytes, **extra: Any) -> Any:
    url = reverse("binder:work_add", args=[cast.student.pk])
    fields = {
        "kind": kind,
        "title": "My work",
        "language": "en",
        "upload": SimpleUploadedFile(name, data),
    }
    fields.update(extra)
    return client.post(url, fields)


# --- pictures ---------------------------------------------------------------------------


def test_a_photo_is_stored_without_exif_gps_icc_or_comment(cast: Cast, media_root: Path) -> None:
    response = add_work(student_client(cast), cast, "photo", "IMG_0001.jpg", jpeg_bytes(gps=True))

    artifact = Artifact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("binder:work", args=[artifact.pk])
    assert artifact.content_type == "image/jpeg"
    stored = (media_root / str(artifact.file.name)).read_bytes()
    assert b"PhoneMaker" not in stored
    assert b"secret note" not in stored
    assert b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "icc_profile" not in image.info
        assert "exif" not in image.info
    assert artifact.size == len(stored)


def test_a_photo_taken_sideways_is_stored_upright(cast: Cast, media_root: Path) -> None:
    # Orientation 6: the camera was turned; the pixels are stored 64 wide, 32 high.
    add_work(
        student_client(cast), cast, "photo", "sideways.jpg", jpeg_bytes((64, 32), orientation=6)
    )

    artifact = Artifact.objects.get()
    with Image.open(media_root / str(artifact.file.name)) as image:
        assert image.size == (32, 64)


def test_a_photo_gets_a_small_webp_thumbnail(cast: Cast, media_root: Path) -> None:
    add_work(student_client(cast), cast, "photo", "big.jpg", jpeg_bytes((1600, 1200)))

    artifact = Artifact.objects.get()
    with Image.open(media_root / str(artifact.thumbnail.name)) as thumbnail:
        assert thumbnail.format == "WEBP"
        assert max(thumbnail.size) == media.THUMBNAIL_SIDE
    assert str(artifact.thumbnail.name).startswith(f"binder/{cast.student.pk}/")


def test_a_huge_photo_is_scaled_down_to_the_stored_size(
    cast: Cast, settings: Any, media_root: Path
) -> None:
    settings.BINDER_IMAGE_MAX_SIDE = 500
    add_work(student_client(cast), cast, "photo", "big.jpg", jpeg_bytes((1600, 1200)))

    artifact = Artifact.objects.get()
    with Image.open(media_root / str(artifact.file.name)) as image:
        assert image.size == (500, 375)


def test_a_png_named_jpg_is_stored_as_a_png(cast: Cast, media_root: Path) -> None:
    add_work(student_client(cast), cast, "drawing", "drawing.jpg", png_bytes(text="my address"))

    artifact = Artifact.objects.get()
    assert artifact.content_type == "image/png"
    assert str(artifact.file.name).endswith(".png")
    stored = (media_root / str(artifact.file.name)).read_bytes()
    assert b"my address" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"


def test_a_png_with_an_unreadable_colour_profile_is_stored_without_it(
    cast: Cast, media_root: Path
) -> None:
    profile = b"not a colour profile, maybe a tracking id 1234567890"
    add_work(student_client(cast), cast, "drawing", "drawing.png", png_bytes(icc=profile))

    artifact = Artifact.objects.get()
    with Image.open(media_root / str(artifact.file.name)) as image:
        assert "icc_profile" not in image.info


def test_a_gif_keeps_its_first_frame_as_a_png(cast: Cast, media_root: Path) -> None:
    frames = [Image.new("P", (20, 20), color) for color in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    add_work(student_client(cast), cast, "drawing", "moving.gif", out.getvalue())

    artifact = Artifact.objects.get()
    assert artifact.content_type == "image/png"
    with Image.open(media_root / str(artifact.file.name)) as image:
        assert getattr(image, "n_frames", 1) == 1


def test_a_decompression_bomb_is_refused(cast: Cast, media_root: Path) -> None:
    response = add_work(student_client(cast), cast, "photo", "bomb.png", png_bomb())

    assert response.status_code == 400
    assert "This picture is too large" in response.content.decode()
    assert not Artifact.objects.exists()
    assert stored_files(media_root) == []


def test_pillows_bomb_warning_counts_as_a_refusal(
    cast: Cast, settings: Any, monkeypatch: pytest.MonkeyPatch, media_root: Path
) -> None:
    # Podium's own limit set out of the way: Pillow's warning alone must refuse it.
    settings.BINDER_MAX_IMAGE_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    response = add_work(student_client(cast), cast, "photo", "warn.png", png_bytes((40, 40)))

    assert response.status_code == 400
    assert "This picture is too large" in response.content.decode()
    assert not Artifact.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("drawing.jpg", SVG),
        ("drawing.svg", SVG),
        ("photo.jpg", HTML),
        ("photo.html", HTML),
        ("photo.jpg", SCRIPT),
        ("photo.jpg", b"GIF89a<script>alert(1)</script>"),
    ],
)
def test_a_picture_that_is_really_markup_or_a_script_is_refused(
    cast: Cast, media_root: Path, name: str, data: bytes
) -> None:
    response = add_work(student_client(cast), cast, "photo", name, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "not a picture we can use" in page or "damaged or incomplete" in page
    assert not Artifact.objects.exists()
    assert stored_files(media_root) == []


def test_a_truncated_jpeg_is_refused_as_damaged(cast: Cast, media_root: Path) -> None:
    whole = jpeg_bytes((300, 200))
    response = add_work(student_client(cast), cast, "photo", "cut.jpg", whole[: len(whole) // 2])

    assert response.status_code == 400
    assert "This picture is damaged or incomplete" in response.content.decode()
    assert not Artifact.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_over_the_kinds_limit_is_refused(
    cast: Cast, settings: Any, media_root: Path
) -> None:
    settings.BINDER_UPLOAD_LIMITS = {"photo": 1024}
    response = add_work(student_client(cast), cast, "photo", "big.jpg", jpeg_bytes((400, 300)))

    assert response.status_code == 400
    assert "This file is too big" in response.content.decode()
    assert not Artifact.objects.exists()


def test_a_request_far_bigger_than_any_allowed_file_is_refused_before_it_is_read(
    cast: Cast, settings: Any, media_root: Path
) -> None:
    settings.BINDER_UPLOAD_LIMITS = {"photo": 1000}
    huge = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"\x00" * (1200 * 1024))

    response = student_client(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]) + "?kind=photo",
        {"kind": "photo", "title": "x", "language": "en", "upload": huge},
    )

    assert response.status_code == 413
    assert "This is too big to send" in response.content.decode()
    assert not Artifact.objects.exists()
    assert stored_files(media_root) == []


def test_an_empty_file_is_refused(cast: Cast) -> None:
    response = add_work(student_client(cast), cast, "photo", "empty.jpg", b"")

    assert response.status_code == 400
    assert not Artifact.objects.exists()


def test_a_filename_with_path_parts_is_never_used(cast: Cast, media_root: Path) -> None:
    add_work(student_client(cast), cast, "photo", "../../etc/passwd.jpg", jpeg_bytes())

    artifact = Artifact.objects.get()
    assert re.fullmatch(rf"binder/{cast.student.pk}/[0-9a-f]{{32}}\.jpg", str(artifact.file.name))
    assert "passwd" not in str(artifact.file.name)
    assert all(media_root in path.parents for path in stored_files(media_root))
    assert not (media_root.parent / "etc").exists()


# --- sound, video, documents --------------------------------------------------------------


def test_a_wav_recording_is_stored_as_audio(cast: Cast, media_root: Path) -> None:
    data = wav_bytes()
    response = add_work(student_client(cast), cast, "audio", "talk.wav", data)

    artifact = Artifact.objects.get()
    assert response.status_code == 302
    assert artifact.content_type == "audio/wav"
    assert (media_root / str(artifact.file.name)).read_bytes() == data


def test_a_browser_recording_that_arrived_whole_is_stored(cast: Cast) -> None:
    data = webm_bytes()
    response = add_work(
        student_client(cast), cast, "audio", "recording.webm", data, recorded_size=len(data)
    )

    assert response.status_code == 302
    artifact = Artifact.objects.get()
    assert artifact.content_type == "audio/webm"
    assert str(artifact.file.name).endswith(".webm")


def test_a_recording_cut_off_on_the_way_is_refused(cast: Cast, media_root: Path) -> None:
    data = webm_bytes()
    response = add_work(
        student_client(cast), cast, "audio", "recording.webm", data[:100], recorded_size=len(data)
    )

    assert response.status_code == 400
    assert "The recording did not arrive whole. Please record again." in response.content.decode()
    assert not Artifact.objects.exists()
    assert stored_files(media_root) == []


def test_a_recording_that_is_not_sound_is_refused_as_cut_off(cast: Cast) -> None:
    garbage = b"\x00" * 300
    response = add_work(
        student_client(cast), cast, "audio", "recording.webm", garbage, recorded_size=len(garbage)
    )

    assert response.status_code == 400
    assert "The recording did not arrive whole" in response.content.decode()
    assert not Artifact.objects.exists()


def test_a_recording_that_never_arrived_is_refused(cast: Cast) -> None:
    url = reverse("binder:work_add", args=[cast.student.pk])
    response = student_client(cast).post(
        url, {"kind": "audio", "title": "Me reading", "language": "en", "recorded_size": "4000"}
    )

    assert response.status_code == 400
    assert "The recording did not arrive whole" in response.content.decode()
    assert not Artifact.objects.exists()


def test_an_mp4_video_is_stored_as_video(cast: Cast) -> None:
    add_work(student_client(cast), cast, "video", "clip.mp4", mp4_bytes())

    artifact = Artifact.objects.get()
    assert artifact.content_type == "video/mp4"
    assert artifact.thumbnail.name == ""


def test_a_pdf_is_stored_as_a_document(cast: Cast) -> None:
    add_work(student_client(cast), cast, "document", "essay.pdf", PDF)

    artifact = Artifact.objects.get()
    assert artifact.content_type == "application/pdf"
    assert str(artifact.file.name).endswith(".pdf")


def test_a_cut_off_pdf_is_refused(cast: Cast) -> None:
    response = add_work(student_client(cast), cast, "document", "essay.pdf", PDF[:40])

    assert response.status_code == 400
    assert "This PDF is damaged or incomplete" in response.content.decode()
    assert not Artifact.objects.exists()


@pytest.mark.parametrize(
    ("kind", "name", "data"),
    [
        ("document", "essay.pdf", b"PK\x03\x04" + b"\x00" * 100),  # a .docx or any zip
        ("document", "essay.pdf", HTML),
        ("video", "clip.mp4", wav_bytes()),
        ("audio", "talk.mp3", PDF),
    ],
)
def test_a_file_of_another_type_than_the_kind_is_refused(
    cast: Cast, media_root: Path, kind: str, name: str, data: bytes
) -> None:
    response = add_work(student_client(cast), cast, kind, name, data)

    assert response.status_code == 400
    assert media.wrong_type_message(kind) in response.content.decode()
    assert not Artifact.objects.exists()
    assert stored_files(media_root) == []


# --- nothing half-saved ------------------------------------------------------------------------


class ThumbnailFailsStorage(FileSystemStorage):
    """A disk that fills up between the picture and its thumbnail."""

    def _save(self, name: str, content: Any) -> str:
        if name.endswith(".webp"):
            raise OSError("No space left on device")
        return super()._save(name, content)  # type: ignore[misc]


def test_a_failure_after_the_file_was_written_removes_it(
    cast: Cast, settings: Any, media_root: Path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.ThumbnailFailsStorage"},
    }

    with pytest.raises(OSError, match="No space left"):
        add_work(student_client(cast), cast, "photo", "photo.jpg", jpeg_bytes())

    assert not Artifact.objects.exists()
    assert stored_files(media_root) == []


# --- serving --------------------------------------------------------------------------------------


def test_a_picture_is_served_inline_with_nosniff_and_a_sandbox(cast: Cast) -> None:
    client = student_client(cast)
    add_work(client, cast, "photo", "photo.jpg", jpeg_bytes())
    artifact = Artifact.objects.get()

    response = client.get(reverse("binder:work_file", args=[artifact.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == artifact.file.open("rb").read()  # type: ignore[attr-defined]


def test_a_thumbnail_is_served_as_webp_with_nosniff_and_a_sandbox(cast: Cast) -> None:
    client = student_client(cast)
    add_work(client, cast, "photo", "photo.jpg", jpeg_bytes())
    artifact = Artifact.objects.get()

    response = client.get(reverse("binder:work_thumbnail", args=[artifact.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"].startswith("private")


def test_a_pdf_is_served_as_an_attachment(cast: Cast) -> None:
    client = student_client(cast)
    add_work(client, cast, "document", "essay.pdf", PDF)
    artifact = Artifact.objects.get()

    response = client.get(reverse("binder:work_file", args=[artifact.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_stored_type_outside_the_allow_list_is_served_as_a_download_of_bytes(cast: Cast) -> None:
    client = student_client(cast)
    add_work(client, cast, "document", "essay.pdf", PDF)
    Artifact.objects.update(content_type="text/html")
    artifact = Artifact.objects.get()

    response = client.get(reverse("binder:work_file", args=[artifact.pk]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_player_gets_the_byte_range_it_asks_for(cast: Cast) -> None:
    client = student_client(cast)
    data = wav_bytes()
    add_work(client, cast, "audio", "talk.wav", data)
    artifact = Artifact.objects.get()
    url = reverse("binder:work_file", args=[artifact.pk])

    first = client.get(url, headers={"Range": "bytes=0-1"})
    middle = client.get(url, headers={"Range": "bytes=100-"})
    beyond = client.get(url, headers={"Range": f"bytes={len(data) + 10}-"})

    assert first.status_code == 206
    assert first["Content-Range"] == f"bytes 0-1/{len(data)}"
    assert b"".join(first.streaming_content) == data[:2]  # type: ignore[attr-defined]
    assert middle.status_code == 206
    assert b"".join(middle.streaming_content) == data[100:]  # type: ignore[attr-defined]
    assert middle["Content-Security-Policy"] == "sandbox"
    assert beyond.status_code == 416


# --- any bytes at all ---------------------------------------------------------------------------

MAGIC = [b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBPVP8 "]


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.sampled_from(MAGIC), st.binary(max_size=600))
def test_random_bytes_named_as_a_picture_are_stored_only_as_a_clean_re_encoded_picture(
    magic: bytes, tail: bytes
) -> None:
    upload = SimpleUploadedFile("photo.jpg", magic + tail)
    try:
        checked = media.check_upload(upload, kind="photo")
    except ValidationError:
        return
    stored = checked.content.read()
    assert checked.content_type in {"image/jpeg", "image/png", "image/webp"}
    assert stored != magic + tail
    with Image.open(io.BytesIO(stored)) as image:
        image.load()
        assert not image.getexif()
        assert image.format in {"JPEG", "PNG", "WEBP"}
