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
    """Something newly public waiting for the next batch of alerts: a listing (an offer alerts
    the groups whose needs it meets, a need the groups whose offers meet it) or an
    organization (saved directory searches). Each is queued once, ever."""

    listing = models.OneToOneField(
        "profiles.Listing", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    organization = models.OneToOneField(
        "profiles.Organization", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("新着通知の待ち行列")
        verbose_name_plural = _("新着通知の待ち行列")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(listing__isnull=True, organization__isnull=False)
                | models.Q(listing__isnull=False, organization__isnull=True),
                name="alert_queue_listing_or_organization",
            ),
        ]

    def __str__(self) -> str:
        what = f"listing {self.listing_id}" if self.listing_id else f"org {self.organization_id}"
        return f"{what} queued {self.queued_at:%Y-%m-%d %H:%M}"


class ListingAlert(models.Model):
    """An organization was told about a new listing: an offer that meets its needs or a need
    its offers meet (never twice)."""

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


class SavedSearchScope(models.TextChoices):
    ORGANIZATIONS = "organizations", _("団体")
    LISTINGS = "listings", _("募集・提供")


class SavedSearch(models.Model):
    """A directory or listing search a person keeps: what is published after it was saved and
    matches it is sent to them (matching.services.listing_alerts_send), once per item. Only
    its owner sees it (rule matching.manage_saved_search). `params` are the search's filters
    as the search page's URL has them, checked by its FilterSet when saved."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("利用者"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    # The organization the person acted for when saving (their own listings are left out).
    organization = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("団体"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scope = models.CharField(_("対象"), max_length=16, choices=SavedSearchScope.choices)
    params = models.JSONField(_("条件"), default=dict)
    created_at = models.DateTimeField(_("保存日時"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("保存した検索")
        verbose_name_plural = _("保存した検索")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.scope} {self.params}"


class SavedSearchHit(models.Model):
    """An organization or listing a saved search was told about (never twice)."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    organization = models.ForeignKey(
        "profiles.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    listing = models.ForeignKey(
        "profiles.Listing", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("保存した検索の新着")
        verbose_name_plural = _("保存した検索の新着")
        constraints = [
            models.UniqueConstraint(
                fields=["search", "organization"],
                condition=models.Q(organization__isnull=False),
                name="saved_search_hit_unique_organization",
            ),
            models.UniqueConstraint(
                fields=["search", "listing"],
                condition=models.Q(listing__isnull=False),
                name="saved_search_hit_unique_listing",
            ),
            models.CheckConstraint(
                condition=models.Q(listing__isnull=True, organization__isnull=False)
                | models.Q(listing__isnull=False, organization__isnull=True),
                name="saved_search_hit_listing_or_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"search {self.search_id} → {self.listing_id or self.organization_id}"


class LearningReset(models.Model):
    """A staff member's "forget what the matcher learned": outcomes before the latest reset
    are no longer learned from (they stay, for the history and the figures)."""

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作した人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("メモ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("学習のリセット")
        verbose_name_plural = _("学習のリセット")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
