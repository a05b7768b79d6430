"""Uploads: every file field has a size cap checked while the bytes arrive (a request beyond
every cap is refused before it is read), the logo refuses decompression bombs with a clear
message, and the API neither takes a logo nor claims to."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from profiles.models import Organization
from tests.factories import tag

pytestmark = pytest.mark.django_db


def _png(size=(20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "PNG")
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels: what a decompression bomb
    looks like to the first reader (a real one inflates to gigabytes when decoded)."""
    data = bytearray(_png((1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


@pytest.fixture
def editor_client(client, npo_editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(npo_editor)
    return client


def _edit(client, npo, logo):
    return client.post(
        f"/organizations/{npo.pk}/edit/",
        {"kind": "npo", "name": npo.name, "name_kana": "モリノコドモショクドウ",
         "ward": tag("area", "wakabayashi").pk, "legal_form": "NPO法人", "logo": logo},
    )  # fmt: skip


def test_a_decompression_bomb_logo_is_refused_with_a_message(editor_client, npo):
    bomb = SimpleUploadedFile("logo.png", _png_claiming(200_000, 200_000), "image/png")
    response = _edit(editor_client, npo, bomb)
    assert response.status_code == 200
    assert "ロゴの画像が大きすぎます（縦横 4096 ピクセルまで）" in response.content.decode()
    npo.refresh_from_db()
    assert not npo.logo


def test_a_logo_just_past_pillows_own_limit_is_refused_too(editor_client, npo):
    # Past MAX_IMAGE_PIXELS Pillow only warns; the logo is refused all the same.
    bomb = SimpleUploadedFile("logo.png", _png_claiming(10_000, 10_000), "image/png")
    response = _edit(editor_client, npo, bomb)
    assert "ロゴの画像が大きすぎます" in response.content.decode()


def test_a_logo_over_the_cap_gets_the_size_message_and_is_not_kept(editor_client, npo):
    big = SimpleUploadedFile("logo.png", _png() + b"\0" * (3 * 1024 * 1024), "image/png")
    response = _edit(editor_client, npo, big)
    assert response.status_code == 200
    assert "ロゴは2MB以下にしてください" in response.content.decode()
    npo.refresh_from_db()
    assert not npo.logo


def test_a_good_logo_is_still_taken(editor_client, npo):
    response = _edit(editor_client, npo, SimpleUploadedFile("logo.png", _png(), "image/png"))
    assert response.status_code == 302
    npo.refresh_from_db()
    assert npo.logo.name.startswith("logos/")


def test_the_upload_handler_keeps_no_more_than_the_cap():
    from core.uploads import CappedUploadHandler, OversizedUpload

    handler = CappedUploadHandler()
    handler.new_file("logo", "logo.png", "image/png", None)
    kept = [handler.receive_data_chunk(b"x" * 1024 * 1024, 0) for _ in range(5)]
    assert sum(len(chunk) for chunk in kept if chunk) <= 2 * 1024 * 1024
    stand_in = handler.file_complete(5 * 1024 * 1024)
    assert isinstance(stand_in, OversizedUpload)
    assert stand_in.size == 5 * 1024 * 1024
    assert stand_in.read() == b""


def test_a_request_beyond_every_cap_is_refused_before_it_is_read(editor_client, npo):
    response = editor_client.post(
        f"/organizations/{npo.pk}/edit/",
        {"name": npo.name, "logo": SimpleUploadedFile("logo.png", _png(), "image/png")},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "送信されたファイルが大きすぎます（上限 51 MB）。" in response.content.decode()


def test_the_api_answers_413_in_json_beyond_every_cap(client, chonaikai_owner):
    client.force_login(chonaikai_owner)
    response = client.post(
        "/api/v1/organizations/",
        {"name": "x", "logo": SimpleUploadedFile("logo.png", _png(), "image/png")},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_import_file_over_the_cap_is_named_in_the_message(client, staff, settings):
    client.force_login(staff)
    # A 1 KB cap for this test: the handler stops keeping the file at 1 KB.
    settings.UPLOAD_CAPS = {**settings.UPLOAD_CAPS, "organizations": 1024}
    register = "external_id,name,name_kana,kind,ward\n" + "X,会,カイ,町内会,青葉区\n" * 100
    response = client.post(
        "/staff/import/",
        {"organizations": SimpleUploadedFile("r.csv", register.encode(), "text/csv")},
    )
    assert response.status_code in (200, 400)
    assert "ファイルが大きすぎます" in response.content.decode()


def test_the_api_does_not_take_a_logo_and_does_not_claim_to(client, chonaikai_owner, chonaikai):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for name in ("OrganizationInRequest", "PatchedOrganizationInRequest"):
        if name in schema["components"]["schemas"]:
            assert "logo" not in schema["components"]["schemas"][name]["properties"]
    client.force_login(chonaikai_owner)
    client.patch(
        f"/api/v1/organizations/{chonaikai.pk}/",
        {"logo": "x"},
        content_type="application/json",
    )
    assert not Organization.objects.get(pk=chonaikai.pk).logo
