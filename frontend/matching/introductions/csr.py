"""The CSR / 四方よし activity report of one organization for one fiscal year: a page that prints
on A4 (frontend/csr_report.css) and the same figures as CSV. Members of the organization and
staff only (`introductions.view_csr_report`); anyone else gets a 404 and learns nothing."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import csv_export
from frontend.console.charts import bar_chart
from frontend.console.figures import Row
from matching.introductions.selectors import csr_report, fiscal_year_of
from profiles.models import Organization

# Years a report can be asked for: the register starts after 2000 and nobody plans a decade on.
FIRST_YEAR = 2000


def _report(request, pk: int):
    organization = get_object_or_404(Organization.objects.select_related("ward"), pk=pk)
    this_year = fiscal_year_of(timezone.localdate())
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= this_year + 1 else this_year
    report = csr_report(viewer=request.user, organization=organization, year=year)
    if report is None:
        raise Http404(_("団体が見つかりません"))
    return report


@login_required
def csr_report_page(request, pk: int):
    report = _report(request, pk)
    field_rows = [Row(t.slug, t.label, n) for t, n in report.by_field]
    sdg_rows = [Row(t.slug, f"{t.number}. {t.label}", n) for t, n in report.by_sdg]
    partner_rows = [
        Row(str(p["partner"].pk), p["partner"].name, p["count"]) for p in report.partners
    ]
    return render(
        request,
        "introductions/csr_report.html",
        {
            "report": report,
            "organization": report.organization,
            "partner_chart": bar_chart(
                partner_rows, chart_id="chart-partners", title=_("協働の相手ごとの協働の数")
            ),
            "field_chart": bar_chart(
                field_rows, chart_id="chart-fields", title=_("相手の活動分野ごとの協働の数")
            ),
            "sdg_chart": bar_chart(
                sdg_rows, chart_id="chart-sdgs", title=_("関わったSDGsごとの協働の数")
            ),
        },
    )


@login_required
def csr_report_csv(request, pk: int):
    report = _report(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"csr-report-{report.organization.pk}-{report.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # BOM: Excel in Japan opens UTF-8 correctly
    writer = csv_export.writer(response)
    writer.writerow(
        [_("年度"), _("協働の名前"), _("協働の相手"), _("相手の種類"), _("相手の区"),
         _("相手の活動分野"), _("関わるSDGs"), _("開始日"), _("終了日"),
         _("社員ボランティアの延べ時間"), _("物品・サービス提供の金額換算（円）"),
         _("プロフィールへの公開"), _("相手の声（同意済み）")]
    )  # fmt: skip
    for r in report.rows:
        c = r.collaboration
        writer.writerow(
            [report.year, c.title, r.partner.name, r.partner.get_kind_display(),
             r.partner.ward.label if r.partner.ward_id else "",
             " / ".join(t.label for t in r.partner.fields.all()),
             " / ".join(f"{t.number}. {t.label}" for t in r.sdgs),
             c.started_on.isoformat(), c.ended_on.isoformat() if c.ended_on else "",
             r.hours, r.value, _("同意済み") if c.is_public else _("未同意"), r.quote]
        )  # fmt: skip
    writer.writerow(
        [report.year, _("合計"), "", "", "", "", "", "", "", report.total_hours,
         report.total_value, "", ""]
    )  # fmt: skip
    return response
