"""Pages of the support center's console. Every view is wrapped in console_view (staff only);
reads go through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import csv_export
from core.errors import ApplicationError, reraise_refusal
from core.models import Tag
from matching import services as matching_services
from matching.introductions import services as introduction_services
from matching.learning import DISTANCE_SPAN, MULT_HIGH
from profiles.models import Organization, OrganizationKind, User
from profiles.services.organizations import (
    organization_publish,
    organization_return,
    organization_suspend,
    organization_verify,
)

from . import charts, figures, selectors, services
from .access import console_view
from .forms import (
    AuditFilterForm,
    BoardFilterForm,
    FigureFilterForm,
    ProposeIntroductionForm,
    ReviewForm,
    SeatingForm,
    TargetsForm,
    YearForm,
    fiscal_year_choices,
)
from .models import FiscalYearPlan
from .planner import plan_tables


def _csv_response(filename: str, lines: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so that Excel opens Japanese text correctly
    csv_export.writer(response).writerows(lines)
    return response


@require_GET
@console_view
def home(request):
    sections = selectors.console_attention(viewer=request.user)
    return render(request, "console/home.html", {"sections": sections})


# --- Audit log --------------------------------------------------------------------------------


@require_GET
@console_view
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        criteria = form.cleaned_data if form.is_bound else {}
        entries = selectors.audit_log_search(viewer=request.user, **criteria)
        page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "actions": selectors.audit_actions(viewer=request.user),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "console/audit_log.html", context, status=status)


# --- Impact dashboard -------------------------------------------------------------------------


def _figure_form(request) -> FigureFilterForm:
    return FigureFilterForm(request.GET or {})


@require_GET
@console_view
def dashboard(request):
    form = _figure_form(request)
    context = {"form": form, "entries": None}
    if form.is_valid():
        by = form.cleaned_data["by"]
        entries = selectors.dashboard_figures(
            viewer=request.user, period=form.period, filters=form.filters, by=by
        )
        for entry in entries:
            if entry.get("applicable"):
                key = entry["figure"].key
                entry["chart"] = charts.bar_chart(
                    entry["rows"], chart_id=f"chart-{key}", title=str(entry["figure"].label)
                )
                if entry.get("reasons"):
                    entry["reasons_chart"] = charts.bar_chart(
                        entry["reasons"],
                        chart_id=f"chart-{key}-reasons",
                        title=_("%(figure)s（理由別）") % {"figure": entry["figure"].label},
                    )
        chosen = form.filters
        scope = [
            chosen.ward.label if chosen.ward else None,
            OrganizationKind(chosen.kind).label if chosen.kind else None,
            chosen.field.label if chosen.field else None,
        ]
        context.update(
            scope=[label for label in scope if label],
            entries=entries,
            period=form.period,
            by=by,
            by_label=figures.BREAKDOWNS[by],
            query=request.GET.urlencode(),
        )
    # htmx swaps in the figures alone when the filters change; the full page works without JS.
    template = "console/_figures.html" if request.htmx else "console/dashboard.html"
    return render(request, template, context, status=200 if form.is_valid() else 400)


def _export(request, figure_list, filename):
    form = _figure_form(request)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    lines = selectors.figure_csv_rows(
        viewer=request.user,
        figure_list=figure_list,
        period=form.period,
        filters=form.filters,
        by=form.cleaned_data["by"],
    )
    return _csv_response(f"{filename}-fy{form.period.fiscal_year}.csv", lines)


@require_GET
@console_view
def dashboard_csv(request):
    return _export(request, figures.available(), "tsunagu-figures")


@require_GET
@console_view
def figure_csv(request, key: str):
    figure = figures.get(key)
    if figure is None:
        raise Http404(_("指標がありません"))
    return _export(request, [figure], f"tsunagu-{key}")


# --- Annual progress report -------------------------------------------------------------------


def _fiscal_year(request) -> int | None:
    form = YearForm(request.GET)
    return form.cleaned_data["fy"] if form.is_valid() else None


def _bad_year(request):
    message = YearForm().error_text()
    return render(request, "console/bad_request.html", {"message": message}, status=400)


@require_GET
@console_view
def report(request):
    year = _fiscal_year(request)
    if year is None:
        return _bad_year(request)
    data = selectors.progress_report(viewer=request.user, fiscal_year=year)
    return render(
        request,
        "console/report.html",
        {**data, "years": fiscal_year_choices(), "today": timezone.localdate()},
    )


@require_GET
@console_view
def report_csv(request):
    year = _fiscal_year(request)
    if year is None:
        return _bad_year(request)
    data = selectors.progress_report(viewer=request.user, fiscal_year=year)
    lines = selectors.report_csv_rows(viewer=request.user, report=data)
    return _csv_response(f"tsunagu-progress-report-fy{year}.csv", lines)


@require_http_methods(["GET", "POST"])
@console_view
def report_targets(request):
    year = _fiscal_year(request)
    if year is None:
        return _bad_year(request)
    plan = FiscalYearPlan.objects.filter(fiscal_year=year).first()
    initial = {"grade_a_from": 100, "grade_b_from": 80}
    targets = {}
    if plan:
        initial = {"grade_a_from": plan.grade_a_from, "grade_b_from": plan.grade_b_from}
        targets = {t.figure: t.target for t in plan.targets.all()}
    form = TargetsForm(request.POST or None, initial=initial, initial_targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.fiscal_year_plan_save(
                actor=request.user,
                fiscal_year=year,
                grade_a_from=form.cleaned_data["grade_a_from"],
                grade_b_from=form.cleaned_data["grade_b_from"],
                targets=form.targets(),
            )
        except ApplicationError as error:
            reraise_refusal(error)
            form.add_error(None, error.message)
        else:
            saved = _("%(year)sの目標を保存しました。") % {"year": figures.Period(year).label()}
            messages.success(request, saved)
            return redirect(f"{reverse('console:report')}?fy={year}")
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "console/report_targets.html",
        {"form": form, "period": figures.Period(year), "years": fiscal_year_choices()},
        status=status,
    )


# --- Curate -----------------------------------------------------------------------------------


@require_GET
@console_view
def curate(request):
    q = request.GET.get("q", "")
    results = selectors.organization_search(viewer=request.user, q=q)[:50] if q else None
    return render(request, "console/curate_search.html", {"q": q, "results": results})


def _fit(suggestions) -> None:
    """Words and a bar instead of the matcher's raw score: each partner's fit relative to the
    best one on the list (the raw number means nothing to a reader)."""
    suggestions = list(suggestions or [])
    top = max((s.score for s in suggestions), default=0) or 1
    for s in suggestions:
        s.fit_percent = max(5, round(100 * s.score / top))
        s.fit_word = (
            _("とても合う")
            if s.fit_percent >= 80
            else _("合う")
            if s.fit_percent >= 50
            else _("やや合う")
        )


def _curate_page(request, pk: int, *, review_form=None, propose_form=None, status=200):
    data = selectors.curate_organization(viewer=request.user, organization_id=pk)
    _fit(data.get("suggestions"))
    org = data["organization"]
    partner_q = request.GET.get("partner_q", "")
    data.update(
        partner_q=partner_q,
        candidates=selectors.introduction_candidates(
            viewer=request.user, organization=org, q=partner_q
        ),
        review_form=review_form or ReviewForm(),
        propose_form=propose_form or ProposeIntroductionForm(organization=org),
    )
    return render(request, "console/curate.html", data, status=status)


@require_GET
@console_view
def curate_organization(request, pk: int):
    return _curate_page(request, pk)


def _error_text(error) -> str:
    if isinstance(error, ApplicationError):
        return error.message
    return " ".join(error.messages)


@require_POST
@console_view
def curate_review(request, pk: int):
    """Publish, return with a comment, verify, unverify or suspend a profile, through the profiles
    moderation services (which check staff, keep the history and write the audit log)."""
    org = get_object_or_404(Organization, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
        calls = {
            "publish": lambda: organization_publish(
                organization=org, by=request.user, comment=comment
            ),
            "return": lambda: organization_return(
                organization=org, by=request.user, comment=comment
            ),
            "verify": lambda: organization_verify(organization=org, by=request.user),
            "unverify": lambda: organization_verify(
                organization=org, by=request.user, verified=False
            ),
            "suspend": lambda: organization_suspend(
                organization=org, by=request.user, reason=comment
            ),
        }
        try:
            calls[action]()
        except (ApplicationError, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            done = {
                "publish": _("「%(name)s」を公開しました。"),
                "return": _("「%(name)s」を差し戻しました。"),
                "verify": _("「%(name)s」を確認済みにしました。"),
                "unverify": _("「%(name)s」の確認済みを取り消しました。"),
                "suspend": _("「%(name)s」の掲載を停止しました。"),
            }[action]
            messages.success(request, done % {"name": org.name})
            return redirect("console:curate_organization", pk=org.pk)
    return _curate_page(request, pk, review_form=form, status=400)


@require_POST
@console_view
def curate_propose(request, pk: int):
    """Propose an introduction between the curated organization and a partner: the
    introductions service checks the pair, notifies both sides and writes the audit log."""
    org = get_object_or_404(Organization, pk=pk)
    form = ProposeIntroductionForm(request.POST, organization=org)
    if form.is_valid():
        partner = form.cleaned_data["partner"]
        try:
            introduction_services.introduction_propose(
                organization_a=org,
                organization_b=partner,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except (ApplicationError, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("「%(a)s」と「%(b)s」の紹介を提案しました。両方の団体に通知しました。")
                % {"a": org.name, "b": partner.name},
            )
            return redirect("console:curate_organization", pk=org.pk)
    return _curate_page(request, pk, propose_form=form, status=400)


# --- Introductions board ----------------------------------------------------------------------


@require_GET
@console_view
def introductions_board(request):
    form = BoardFilterForm(request.GET)
    columns, error = None, None
    if form.is_valid():
        columns = selectors.introductions_board(viewer=request.user, **form.filters())
    else:
        error = " ".join(form.error_messages())
    context = {
        "columns": columns,
        "error": error,
        "wards": Tag.objects.filter(facet="area"),
        "kinds": OrganizationKind.choices,
        "staff_members": User.objects.filter(is_staff=True, is_active=True).order_by("email"),
        "params": request.GET,
    }
    status = 400 if error else 200
    return render(request, "console/introductions_board.html", context, status=status)


@require_GET
@console_view
def introduction_pair(request, a: int, b: int):
    data = selectors.introduction_pair_history(viewer=request.user, a_id=a, b_id=b)
    return render(request, "console/introduction_pair.html", data)


# --- What the matcher has learned ---------------------------------------------------------------


@require_GET
@console_view
def matcher_learning(request):
    lang = "en" if translation.get_language().startswith("en") else "ja"
    data = selectors.matcher_learning(viewer=request.user, lang=lang)
    span = round((MULT_HIGH - 1) * 100)
    data["pairs_chart"] = charts.diverging_chart(
        [figures.Row(p["key"], f"{p['need']} ← {p['offer']}", p["percent"]) for p in data["pairs"]],
        chart_id="chart-learned-pairs",
        title=_("組み合わせの重み（%）"),
        span=span,
    )
    data["distance_chart"] = charts.diverging_chart(
        [figures.Row(d["key"], str(d["label"]), d["percent"]) for d in data["distances"]],
        chart_id="chart-learned-distance",
        title=_("近さの加点（ポイント）"),
        span=DISTANCE_SPAN,
    )
    return render(request, "console/matcher_learning.html", data)


@require_POST
@console_view
def matcher_learning_reset(request):
    note = request.POST.get("note", "").strip()
    if len(note) > 500:
        messages.error(request, _("メモは500文字以内で書いてください"))
        return redirect("console:matcher_learning")
    try:
        matching_services.learning_reset(by=request.user, note=note)
    except ApplicationError as exc:
        reraise_refusal(exc)
        raise
    messages.success(
        request,
        _("学習をリセットしました。おすすめを作り直しています（数分かかることがあります）。"),
    )
    return redirect("console:matcher_learning")


# --- Events desk and the seating plan ---------------------------------------------------------


@require_GET
@console_view
def events_desk(request):
    data = selectors.events_desk(viewer=request.user)
    return render(request, "console/events_desk.html", data)


@require_GET
@console_view
def seating(request, pk: int):
    form = SeatingForm(request.GET)
    valid = form.is_valid()
    error = None if valid else " ".join(form.errors["size"])
    size = form.cleaned_data["size"] if valid else request.GET.get("size", "")
    data = selectors.seating_input(viewer=request.user, event_id=pk)
    plan = None
    if valid and data["parties"]:
        plan = plan_tables(data["parties"], table_size=size, introduced=data["introduced"])
    return render(
        request,
        "console/seating.html",
        {**data, "plan": plan, "size": size, "error": error},
        status=400 if error else 200,
    )
