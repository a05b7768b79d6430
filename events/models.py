"""Exchange events (交流会 …), registrations with capacity and waitlist, and invitations.

Every write goes through events.services; the invariants that matter most (one active
registration per organization or person, attendees ≥ 1, capacity ≥ 0, end after start) are also
database constraints, so no code path can break them.
"""

import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    EXCHANGE = "exchange", _("交流会")
    FORUM = "forum", _("フォーラム")
    WORKSHOP = "workshop", _("ワークショップ")
    LECTURE = "lecture", _("講座")
    FESTIVAL = "festival", _("まつり")
    OTHER = "other", _("その他")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PENDING = "pending", _("審査待ち")
    PUBLISHED = "published", _("公開")
    CANCELLED = "cancelled", _("中止")


PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events anyone may see: published ones, and cancelled ones (shown as cancelled)."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def upcoming_public(self, *, now=None):
        """Published events not yet started: what one can still register for or be reminded of."""
        return self.filter(status=EventStatus.PUBLISHED, starts_at__gte=now or timezone.now())

    def with_seats(self):
        """Annotate `seats_taken` (confirmed attendees) and `seats_left` (capacity minus those):
        the one place seats are counted, for lists, pages and the capacity decisions alike."""
        taken = (
            Registration.objects.filter(event=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
            .values("event")
            .annotate(n=Sum("attendees"))
            .values("n")
        )
        return self.annotate(
            seats_taken=Coalesce(Subquery(taken, output_field=models.IntegerField()), Value(0))
        ).annotate(seats_left=F("capacity") - F("seats_taken"))


class Event(models.Model):
    title = models.CharField(_("イベント名"), max_length=150)
    title_kana = models.CharField(_("イベント名（フリガナ）"), max_length=200, blank=True)
    title_en = models.CharField(_("イベント名（英語）"), max_length=200, blank=True)
    description = models.TextField(_("説明"), max_length=8000, blank=True)
    kind = models.CharField(_("種類"), max_length=16, choices=EventKind.choices)
    # None: the support center (市民活動サポートセンター) organizes it.
    organizer_org = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("主催団体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organized_events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("開始日時"), db_index=True)
    ends_at = models.DateTimeField(_("終了日時"))
    venue_name = models.CharField(_("会場名"), max_length=150, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    ward = models.ForeignKey(
        "core.Tag",
        verbose_name=_("区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events_in_area",
        limit_choices_to={"facet": "area"},
    )
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    access = models.CharField(_("アクセス方法"), max_length=300, blank=True)
    online_url = models.URLField(_("オンライン参加URL"), blank=True)
    capacity = models.PositiveIntegerField(_("定員（人）"))
    per_org_limit = models.PositiveSmallIntegerField(
        _("1団体あたりの上限（人）"), null=True, blank=True
    )
    registration_opens_at = models.DateTimeField(_("申込開始日時"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("申込締切日時"), null=True, blank=True)
    fee = models.CharField(_("参加費"), max_length=100, blank=True, default="無料")
    tags = models.ManyToManyField(
        "core.Tag",
        verbose_name=_("タグ"),
        related_name="events",
        blank=True,
        limit_choices_to={"facet__in": ["field", "target", "resource"]},
    )
    accessibility = models.TextField(
        _("アクセシビリティ情報"),
        max_length=2000,
        blank=True,
        help_text=_("車椅子、手話通訳、託児など"),
    )
    contact = models.CharField(_("問い合わせ先"), max_length=200, blank=True)
    contact_phone = models.CharField(_("問い合わせ電話番号"), max_length=30, blank=True)
    reminder_hours = models.PositiveSmallIntegerField(
        _("リマインダー（開始の何時間前）"), default=48
    )
    status = models.CharField(
        _("状態"),
        max_length=16,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(_("審査コメント"), blank=True)
    cancel_reason = models.TextField(_("中止の理由"), blank=True)
    # An organization's published event edited in what people signed up for (time, place,
    # capacity, meeting URL): the support center sees it in the console until they have
    # looked at it. {field: {"before": …, "after": …}}, the "before" as last reviewed.
    changes_since_review = models.JSONField(
        _("公開後の変更"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    changed_after_review_at = models.DateTimeField(
        _("公開後に変更された日時"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("イベント")
        verbose_name_plural = _("イベント")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="event_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(per_org_limit__isnull=True) | Q(per_org_limit__gte=1),
                name="event_per_org_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=models.F("registration_closes_at")),
                name="event_registration_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def organizer_name(self) -> str:
        return (
            self.organizer_org.name if self.organizer_org_id else str(_("市民活動サポートセンター"))
        )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def closes_at(self):
        """Registration closes at the deadline, or when the event starts."""
        return self.registration_closes_at or self.starts_at


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("参加確定")
    WAITLISTED = "waitlisted", _("キャンセル待ち")
    CANCELLED = "cancelled", _("取消")


class Accommodation(models.TextChoices):
    CHILDCARE = "childcare", _("託児")
    SIGN_LANGUAGE = "sign_language", _("手話通訳")
    WHEELCHAIR = "wheelchair", _("車椅子")
    CAPTIONS = "captions", _("要約筆記")
    OTHER = "other", _("その他")


ACTIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    # None: a person registers for themselves.
    organization = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("団体"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申込者"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    attendees = models.PositiveSmallIntegerField(_("参加人数"), default=1)
    attendee_names = models.TextField(_("参加者氏名"), max_length=2000, blank=True)
    status = models.CharField(
        _("状態"), max_length=16, choices=RegistrationStatus.choices, db_index=True
    )
    accommodations = models.JSONField(_("配慮の希望"), default=list, blank=True)
    accommodations_note = models.TextField(_("配慮の詳細"), max_length=1000, blank=True)
    listed = models.BooleanField(
        _("参加団体一覧に掲載する"),
        default=True,
        help_text=_("ほかの参加団体に、参加したことを表示します"),
    )
    checked_in_at = models.DateTimeField(_("受付日時"), null=True, blank=True)
    # The waitlist is served in this order (first come, first promoted).
    queued_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("繰り上げ日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("参加申込")
        verbose_name_plural = _("参加申込")
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=Q(status__in=ACTIVE) & Q(organization__isnull=False),
                name="registration_one_active_per_org",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=ACTIVE) & Q(organization__isnull=True),
                name="registration_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=Q(attendees__gte=1), name="registration_attendees_at_least_one"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.event} — {self.registrant_name} ({self.status})"

    @property
    def registrant_name(self) -> str:
        return self.organization.name if self.organization_id else str(self.user)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def accommodation_labels(self) -> list[str]:
        labels = dict(Accommodation.choices)
        return [str(labels.get(code, code)) for code in self.accommodations]


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("招待済み")
    REGISTERED = "registered", _("申込済み")
    DECLINED = "declined", _("辞退")


class Invitation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        "profiles.Organization", on_delete=models.CASCADE, related_name="event_invitations"
    )
    status = models.CharField(
        _("状態"), max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("招待の理由"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("招待日時"), auto_now_add=True)
    responded_at = models.DateTimeField(_("回答日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="invitation_one_per_event_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.organization} ({self.status})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of an organization's own calendar (its registrations). Anyone holding
    the address reads the feed, so it can be replaced with a new one."""

    organization = models.OneToOneField(
        "profiles.Organization", on_delete=models.CASCADE, related_name="event_calendar"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("カレンダー配信")
        verbose_name_plural = _("カレンダー配信")

    def __str__(self) -> str:
        return f"{self.organization} calendar"
