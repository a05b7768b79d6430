"""The console's figures over the API (staff only): the same selectors as the dashboard.

GET /api/v1/console/figures/                  the available figures
GET /api/v1/console/figures/<key>/?fy=&by=&ward=&kind=&field=   one figure's rows
"""

from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from . import figures
from .access import HasConsoleAccess
from .forms import FigureFilterForm


def _describe(figure: figures.Figure) -> dict:
    return {
        "key": figure.key,
        "label": str(figure.label),
        "description": str(figure.description),
        "breakdowns": list(figure.breakdowns),
        "filters": list(figure.filters),
        "snapshot": figure.snapshot,
        "unit": figure.unit,
        "higher_is_better": figure.higher_is_better,
    }


class FigureViewSet(viewsets.ViewSet):
    permission_classes = [HasConsoleAccess]
    lookup_value_regex = "[a-z_]+"

    def list(self, request):
        return Response([_describe(f) for f in figures.available()])

    def retrieve(self, request, pk=None):
        figure = figures.get(pk)
        if figure is None:
            raise NotFound(_("指標がありません"))
        form = FigureFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        if not figure.accepts(form.filters):
            raise ValidationError({"detail": _("この指標はその条件で絞り込めません")})
        by = form.cleaned_data["by"]
        by = by if by in figure.breakdowns else "total"
        rows = figure.rows(form.period, form.filters, by)
        return Response(
            {
                **_describe(figure),
                "fiscal_year": form.period.fiscal_year,
                "by": by,
                "total": figure.total(form.period, form.filters),
                "rows": [{"key": r.key, "label": r.label, "value": r.value} for r in rows],
            }
        )
