"""The CSR / 四方よし activity report of a company for a fiscal year: its collaborations by partner
and field, SDGs touched, employee-volunteer hours and in-kind value, partners' words only when
they consented; a page for the company's members and staff, and the same figures as CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from core.errors import ApplicationError, NotAllowed
from matching.introductions import services

pytestmark = pytest.mark.django_db


def introduce(company, partner, company_member, partner_member):
    intro = services.introduction_request(
        requester=company, recipient=partner, by=company_member, message="社員ボランティアで"
    )
    services.introduction_accept(introduction=intro, by=partner_member)


def record(by, organization, partner, title, started_on, **extra):
    return services.collaboration_record(
        by=by, organization=organization, partner=partner, title=title, own_brings="社員",
        partner_brings="会場", started_on=started_on, **extra,
    )  # fmt: skip


@pytest.fixture
def year_of_work(company, chonaikai, npo, company_member, chonaikai_owner, npo_editor):
    """The company's fiscal year 2026: two collaborations with the 町内会, one with the NPO, and
    one from the year before that ended before April 2026."""
    introduce(company, chonaikai, company_member, chonaikai_owner)
    introduce(company, npo, company_member, npo_editor)
    cleanup = record(
        company_member, company, chonaikai, "春の清掃", dt.date(2026, 4, 20),
        volunteer_hours=Decimal("40"), in_kind_value=30_000, sdgs=["sdg-11"],
    )  # fmt: skip
    record(
        company_member, company, chonaikai, "防災訓練の照明", dt.date(2026, 9, 1),
        volunteer_hours=Decimal("12.5"), in_kind_value=80_000, sdgs=["sdg-11", "sdg-7"],
    )  # fmt: skip
    kitchen = record(
        company_member, company, npo, "子ども食堂の食材", dt.date(2025, 11, 1),
        volunteer_hours=Decimal("6"), in_kind_value=100_000, sdgs=["sdg-2"],
    )  # fmt: skip
    record(
        company_member, company, npo, "去年の講座", dt.date(2025, 5, 1),
        ended_on=dt.date(2025, 6, 1), volunteer_hours=Decimal("99"),
    )  # fmt: skip
    return {"cleanup": cleanup, "kitchen": kitchen}


def report_url(org, year=2026):
    return reverse("introductions:csr_report", args=[org.pk]) + f"?year={year}"


def csv_url(org, year=2026):
    return reverse("introductions:csr_report_csv", args=[org.pk]) + f"?year={year}"


def test_the_report_adds_up_the_years_collaborations_by_partner_field_and_sdg(
    client, company, company_member, year_of_work
):
    client.force_login(company_member)
    page = client.get(report_url(company)).content.decode()
    # Three collaborations ran during FY2026 (the kitchen one began in FY2025 and goes on).
    assert "3 件" in page
    assert "58.5 時間" in page  # 40 + 12.5 + 6; last year's 99 hours are not this year's
    assert "210,000 円" in page
    assert "春の清掃" in page
    assert "子ども食堂の食材" in page
    assert "去年の講座" not in page
    # Partners, their fields and the SDGs touched, each as a chart with its table.
    assert "片平一丁目町内会" in page
    assert "NPO法人 杜の子ども食堂" in page
    assert "まちづくり" in page
    assert "子どもの健全育成" in page
    assert "7. エネルギーをみんなに そしてクリーンに" in page
    assert page.count('<svg class="chart" role="img"') == 3
    assert "仙台「四方よし」宣言企業" in page
    assert "frontend/csr_report" in page  # the A4 print stylesheet


def test_another_year_shows_that_years_collaborations_only(
    client, company, company_member, year_of_work
):
    client.force_login(company_member)
    page = client.get(report_url(company, 2025)).content.decode()
    assert "去年の講座" in page
    assert "子ども食堂の食材" in page
    assert "春の清掃" not in page


def test_a_partners_words_are_quoted_only_while_it_consents(
    client, company, chonaikai, company_member, chonaikai_owner, year_of_work
):
    cleanup = year_of_work["cleanup"]
    services.collaboration_set_quote(
        collaboration=cleanup, by=chonaikai_owner, organization=chonaikai,
        quote="社員の皆さんのおかげで、川沿いがきれいになりました。", consent=False,
    )  # fmt: skip
    client.force_login(company_member)
    assert "川沿いがきれいになりました" not in client.get(report_url(company)).content.decode()
    services.collaboration_set_quote(
        collaboration=cleanup, by=chonaikai_owner, organization=chonaikai,
        quote="社員の皆さんのおかげで、川沿いがきれいになりました。", consent=True,
    )  # fmt: skip
    page = client.get(report_url(company)).content.decode()
    assert "川沿いがきれいになりました" in page
    assert "川沿いがきれいになりました" in client.get(csv_url(company)).content.decode()


def test_the_company_cannot_consent_for_its_partner_nor_can_staff(
    company, chonaikai, company_member, staff, year_of_work
):
    for user in (company_member, staff):
        with pytest.raises(NotAllowed):
            services.collaboration_set_quote(
                collaboration=year_of_work["cleanup"], by=user, organization=chonaikai,
                quote="とても良かった", consent=True,
            )  # fmt: skip


def test_consenting_to_an_empty_quote_is_refused(chonaikai, chonaikai_owner, year_of_work):
    with pytest.raises(ApplicationError, match="声を書いてください"):
        services.collaboration_set_quote(
            collaboration=year_of_work["cleanup"], by=chonaikai_owner, organization=chonaikai,
            quote="  ", consent=True,
        )  # fmt: skip


def test_the_csv_has_one_row_per_collaboration_and_a_total(
    client, company, company_member, year_of_work
):
    client.force_login(company_member)
    response = client.get(csv_url(company))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["年度", "協働の名前", "協働の相手"]
    titles = [r[1] for r in rows[1:-1]]
    assert titles == ["子ども食堂の食材", "春の清掃", "防災訓練の照明"]
    assert rows[-1][1] == "合計"
    assert rows[-1][9:11] == ["58.5", "210000"]


def speak_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_csv_speaks_english_when_asked(client, company, company_member, year_of_work):
    client.force_login(company_member)
    speak_english(client)
    text = client.get(csv_url(company)).content.decode("utf-8-sig")
    assert text.startswith("Fiscal year,")
    assert "Total" in text


def test_the_page_speaks_english(client, company, company_member, year_of_work):
    client.force_login(company_member)
    speak_english(client)
    page = client.get(report_url(company)).content.decode()
    assert "CSR and Yomo-yoshi activity report" in page
    assert "58.5 hours" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("outsider", 404), ("company_member", 200), ("chonaikai_owner", 404),
     ("staff", 200)],
)  # fmt: skip
def test_only_the_companys_members_and_staff_see_the_report(
    client, request, company, year_of_work, who, status
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(report_url(company)).status_code == status
    assert client.get(csv_url(company)).status_code == status


def test_a_nonsense_year_falls_back_to_this_year(client, company, company_member, year_of_work):
    client.force_login(company_member)
    assert client.get(report_url(company, "abc")).status_code == 200
    assert client.get(report_url(company, 1200)).status_code == 200


def test_the_report_reads_in_the_same_number_of_queries_however_many_partners(
    client, company, company_member, year_of_work
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MembershipFactory, OrganizationFactory

    client.force_login(company_member)
    with CaptureQueriesContext(connection) as few:
        client.get(report_url(company))
    for i in range(3):
        partner = OrganizationFactory(kind="npo", name=f"NPO {i}")
        introduce(company, partner, company_member, MembershipFactory(organization=partner).user)
        record(company_member, company, partner, f"協働{i}", dt.date(2026, 6, 1), sdgs=["sdg-4"])
    with CaptureQueriesContext(connection) as many:
        client.get(report_url(company))
    assert len(many) == len(few)
