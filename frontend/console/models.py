"""The annual progress report's settings: per fiscal year, the grade thresholds and the
targets of the figures the support center chose to report on."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FiscalYearPlan(models.Model):
    """One fiscal year (April–March) of the plan. Grades compare a figure with its target:
    A 着実に進捗 at or above grade_a_from percent, B 概ね順調 at or above grade_b_from, else C."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    grade_a_from = models.PositiveSmallIntegerField(
        _("A評価の下限（%）"), default=100, validators=[MaxValueValidator(1000)]
    )
    grade_b_from = models.PositiveSmallIntegerField(
        _("B評価の下限（%）"), default=80, validators=[MaxValueValidator(1000)]
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("年度計画")
        verbose_name_plural = _("年度計画")
        ordering = ["-fiscal_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade_b_from__lte=models.F("grade_a_from")),
                name="fiscalyearplan_grade_b_not_above_a",
            ),
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}"


class FigureTarget(models.Model):
    """The target of one figure (a key of frontend.console.figures) in one fiscal year."""

    plan = models.ForeignKey(FiscalYearPlan, on_delete=models.CASCADE, related_name="targets")
    figure = models.CharField(_("指標"), max_length=64)
    target = models.DecimalField(
        _("目標値"), max_digits=12, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("目標値")
        verbose_name_plural = _("目標値")
        ordering = ["plan", "figure"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "figure"], name="figuretarget_unique"),
            models.CheckConstraint(
                condition=models.Q(target__gte=0), name="figuretarget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.figure} = {self.target}"
