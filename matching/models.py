"""What the matcher stores: the top suggestions per organization (materialized by
matching.services from matching.engine), the "not interested" feedback that hides a pair for
good, and the reverse alerts already sent. Introductions live in matching.introductions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    """One of an organization's top suggestions, as the last engine run ranked it. Rows are
    updated in place on refresh (a suggestion keeps its id while it stays in the top list)."""

    organization = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("団体"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    partner = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("おすすめの団体"),
        on_delete=models.CASCADE,
        related_name="suggested_to",
    )
    rank = models.PositiveSmallIntegerField(_("順位"))
    # Thousandths of a point, exactly as the engine computes it.
    score = models.PositiveIntegerField(_("スコア"))
    mutual = models.BooleanField(_("双方向"), default=False)
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    computed_at = models.DateTimeField(_("計算日時"))
    # When the pair entered the list (kept by refreshes while it stays): "new" in the digest.
    first_suggested_at = models.DateTimeField(_("初めておすすめした日時"), default=timezone.now)

    class Meta:
        verbose_name = _("おすすめ")
        verbose_name_plural = _("おすすめ")
        ordering = ["organization", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "partner"], name="suggestion_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(organization=models.F("partner")),
                name="suggestion_not_self",
            ),
        ]
        indexes = [models.Index(fields=["organization", "rank"])]

    def __str__(self) -> str:
        return f"{self.organization} → {self.partner} (#{self.rank})"

    @property
    def points(self) -> float:
        return self.score / 1000


class DismissReason(models.TextChoices):
    NOT_OUR_FIELD = "not_our_field", _("活動分野が合わない")
    TOO_FAR = "too_far", _("場所が遠い")
    NO_CAPACITY = "no_capacity", _("今は余裕がない")
    OTHER = "other", _("その他")


class Dismissal(models.Model):
    """ "Not interested": the pair is never suggested again, in either direction, whatever
    later rebuilds compute. Kept (with its reason) for evaluating the matcher."""

    organization = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("団体"),
        on_delete=models.CASCADE,
        related_name="dismissals",
    )
    partner = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("相手の団体"),
        on_delete=models.CASCADE,
        related_name="dismissed_by",
    )
    reason = models.CharField(_("理由"), max_length=16, choices=DismissReason.choices, blank=True)
    comment = models.CharField(_("コメント"), max_length=500, blank=True)
    rank = models.PositiveSmallIntegerField(_("表示時の順位"), null=True, blank=True)
    score = models.PositiveIntegerField(_("表示時のスコア"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作した人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("興味なし")
        verbose_name_plural = _("興味なし")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "partner"], name="dismissal_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ✕ {self.partner}"


class ListingAlertQueue(models.Model):
    """A newly published listing waiting for the next batch of reverse alerts."""

    listing = models.OneToOneField("profiles.Listing", on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("新着通知の待ち行列")
        verbose_name_plural = _("新着通知の待ち行列")

    def __str__(self) -> str:
        return f"listing {self.listing_id} queued {self.queued_at:%Y-%m-%d %H:%M}"


class ListingAlert(models.Model):
    """An organization was told about a listing that meets its needs (never twice)."""

    listing = models.ForeignKey("profiles.Listing", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "profiles.Organization", on_delete=models.CASCADE, related_name="listing_alerts"
    )
    score = models.PositiveIntegerField()
    notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("新着通知")
        verbose_name_plural = _("新着通知")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "organization"], name="listing_alert_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"listing {self.listing_id} → organization {self.organization_id}"
