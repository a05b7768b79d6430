"""Writes of the console. Each is one transaction and leaves an audit log entry."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError

from . import figures
from .access import require_console
from .models import FigureTarget, FiscalYearPlan


def _plan_state(plan: FiscalYearPlan) -> dict:
    return {
        "grade_a_from": plan.grade_a_from,
        "grade_b_from": plan.grade_b_from,
        "targets": {t.figure: str(t.target) for t in plan.targets.all()},
    }


@transaction.atomic
def fiscal_year_plan_save(
    *,
    actor,
    fiscal_year: int,
    grade_a_from: int,
    grade_b_from: int,
    targets: dict[str, Decimal | None],
) -> FiscalYearPlan:
    """Set the grade thresholds and the targets of one fiscal year. A figure given None loses
    its target; figures not named keep theirs."""
    require_console(actor)
    unknown = sorted(key for key in targets if figures.get(key) is None)
    if unknown:
        raise ApplicationError(
            _("指標がありません: %(names)s") % {"names": ", ".join(unknown)}, code="unknown_figure"
        )
    if grade_b_from > grade_a_from:
        raise ApplicationError(
            _("B評価の下限はA評価の下限以下にしてください"),
            code="thresholds",
        )
    plan, created = FiscalYearPlan.objects.select_for_update().get_or_create(
        fiscal_year=fiscal_year
    )
    before = None if created else _plan_state(plan)
    plan.grade_a_from, plan.grade_b_from = grade_a_from, grade_b_from
    plan.full_clean()
    plan.save()
    for key, value in targets.items():
        if value is None:
            FigureTarget.objects.filter(plan=plan, figure=key).delete()
            continue
        target = FigureTarget.objects.filter(plan=plan, figure=key).first() or FigureTarget(
            plan=plan, figure=key
        )
        target.target = value
        target.full_clean()
        target.save()
    after = _plan_state(plan)
    if before != after:
        audit_record(
            actor=actor, action="report.targets_set", target=plan, before=before, after=after
        )
    return plan
