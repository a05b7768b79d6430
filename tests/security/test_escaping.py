"""What members write is shown, never run: not by the HTML parser, not by a spreadsheet."""

import csv
import datetime as dt
import io
import json

import html5lib
import pytest

from core import csv_export
from tests.helpers import make_event

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = "交流会のご案内 <!--<script> </script><b>&amp;"


def parse(response):
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def test_a_hostile_event_description_does_not_blank_the_public_page(client):
    event = make_event(description=HOSTILE_TEXT)
    document = parse(client.get(f"/events/{event.pk}/"))
    assert document.find(".//main") is not None
    assert document.find(".//main//h1") is not None


def test_the_json_ld_still_reads_back_as_the_description_written(client):
    event = make_event(description=HOSTILE_TEXT)
    document = parse(client.get(f"/events/{event.pk}/"))
    [block] = [s for s in document.iter("script") if s.get("type") == "application/ld+json"]
    assert not set("<>&") & set(block.text)
    assert json.loads(block.text)["description"] == HOSTILE_TEXT


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_formula_cell_is_written_as_text(cell):
    out = io.StringIO()
    csv_export.writer(out).writerow([cell, 42, "ふつうの文"])
    [row] = list(csv.reader(io.StringIO(out.getvalue())))
    assert row == ["'" + cell, "42", "ふつうの文"]


def cells(response) -> set[str]:
    text = b"".join(response).decode("utf-8-sig") if response.streaming else None
    text = text or response.content.decode("utf-8-sig")
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}


def assert_no_formula(found: set[str]):
    assert not [cell for cell in found if cell.startswith(csv_export.FORMULA_STARTS)]


def test_the_public_directory_export_neutralises_formulas(client, chonaikai):
    from tests.factories import ListingFactory

    chonaikai.description = '=HYPERLINK("http://evil.example")'
    chonaikai.save()
    ListingFactory(organization=chonaikai, title="@SUM(1)", description="+cmd")
    organizations = cells(client.get("/directory/export/organizations.csv"))
    listings = cells(client.get("/directory/export/listings.csv"))
    assert '\'=HYPERLINK("http://evil.example")' in organizations
    assert {"'@SUM(1)", "'+cmd"} <= listings
    assert_no_formula(organizations | listings)


def test_the_open_data_export_neutralises_formulas(client):
    make_event(title="=1+1", description="-cmd", access="@here")
    found = cells(client.get("/api/v1/events/opendata.csv"))
    assert "'=1+1" in found
    assert_no_formula(found)


def test_the_collaborations_export_neutralises_formulas(
    client, chonaikai, npo, chonaikai_owner, npo_editor
):
    from matching.introductions import services

    intro = services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    services.introduction_accept(introduction=intro, by=npo_editor)
    services.collaboration_record(
        by=chonaikai_owner, organization=chonaikai, partner=npo, title="=WEBSERVICE(\"x\")",
        own_brings="-", partner_brings="+", started_on=dt.date(2026, 4, 1), outcome="@x",
    )  # fmt: skip
    client.force_login(chonaikai_owner)
    found = cells(client.get("/introductions/collaborations/export.csv"))
    assert '\'=WEBSERVICE("x")' in found
    assert_no_formula(found)
