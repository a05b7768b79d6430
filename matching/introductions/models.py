"""Introductions between organizations, the conversations they open, and the collaborations
(協働) that come of them. Every change goes through services.py; these models hold data and
the invariants the database can check."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REQUESTED = "requested", _("返答待ち")
    PROPOSED = "proposed", _("職員からの提案")
    ACCEPTED = "accepted", _("成立")
    DECLINED = "declined", _("見送り")
    EXPIRED = "expired", _("期限切れ")
    WITHDRAWN = "withdrawn", _("取り下げ")


OPEN_STATUSES = (Status.REQUESTED, Status.PROPOSED)


class DeclineReason(models.TextChoices):
    NOT_OUR_FIELD = "not_our_field", _("活動分野が合わない")
    NO_CAPACITY = "no_capacity", _("今は余力がない")
    TOO_FAR = "too_far", _("距離が遠い")
    OTHER = "other", _("その他")


class Introduction(models.Model):
    requester = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("依頼した団体"),
        on_delete=models.CASCADE,
        related_name="introductions_requested",
    )
    recipient = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("依頼を受けた団体"),
        on_delete=models.CASCADE,
        related_name="introductions_received",
    )
    status = models.CharField(
        _("状態"), max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提案した職員"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="introductions_proposed",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("依頼した人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(
        _("メッセージ"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    # The matcher's suggestion this came from, if any (kept as an id: the matcher owns it).
    suggestion_id = models.PositiveBigIntegerField(_("おすすめID"), null=True, blank=True)
    # For proposals each side answers separately; for requests only the recipient does.
    requester_accepted_at = models.DateTimeField(null=True, blank=True)
    recipient_accepted_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(
        _("見送りの理由"), max_length=16, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(
        _("見送りの補足"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    declined_by = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("見送った団体"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("催促日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("紹介")
        verbose_name_plural = _("紹介")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")),
                name="introduction_not_to_self",
            ),
            # One open introduction per ordered pair; the service also checks the reverse.
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                condition=models.Q(status__in=["requested", "proposed"]),
                name="introduction_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="proposed") | models.Q(proposed_by__isnull=False),
                name="introduction_proposal_has_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient} ({self.status})"

    @property
    def is_curated(self) -> bool:
        return self.proposed_by_id is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def organization_ids(self) -> set[int]:
        return {self.requester_id, self.recipient_id}

    def other_side(self, organization_id: int) -> int:
        return self.recipient_id if organization_id == self.requester_id else self.requester_id


class Conversation(models.Model):
    """Opened by an accepted introduction: the members of both organizations (and staff,
    on curated introductions) read and write here."""

    introduction = models.OneToOneField(
        Introduction, on_delete=models.CASCADE, related_name="conversation"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("最終投稿日時"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("やりとり")
        verbose_name_plural = _("やりとり")
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        intro = self.introduction
        return f"{intro.requester} × {intro.recipient}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The organization the author wrote for (None for support-center staff).
    organization = models.ForeignKey(
        "profiles.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("本文"), max_length=4000, validators=[MaxLengthValidator(4000)])
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("メッセージ")
        verbose_name_plural = _("メッセージ")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "id"])]

    def __str__(self) -> str:
        return self.body[:40]


class ConversationRead(models.Model):
    """How far one person has read one conversation: unread = messages with a larger id."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_message_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="conversation_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.conversation_id} up to {self.last_read_message_id}"


# Sensible ceilings: 100,000 person-hours is fifty people full-time for a year; a billion yen
# of goods and services is far beyond any one local collaboration. Beyond them, a typo.
MAX_VOLUNTEER_HOURS = 100_000
MAX_IN_KIND_YEN = 1_000_000_000
QUOTE_MAX = 500


class Collaboration(models.Model):
    """A 協働 between two organizations. Shown on both profiles only when both agree."""

    organization_a = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("団体A"),
        on_delete=models.CASCADE,
        related_name="collaborations_as_a",
    )
    organization_b = models.ForeignKey(
        "profiles.Organization",
        verbose_name=_("団体B"),
        on_delete=models.CASCADE,
        related_name="collaborations_as_b",
    )
    introduction = models.ForeignKey(
        Introduction,
        verbose_name=_("きっかけの紹介"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaborations",
    )
    title = models.CharField(_("協働の名前"), max_length=200)
    a_brings = models.TextField(
        _("団体Aが持ち寄るもの"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    b_brings = models.TextField(
        _("団体Bが持ち寄るもの"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    started_on = models.DateField(_("開始日"))
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    outcome = models.TextField(
        _("成果"), max_length=4000, blank=True, validators=[MaxLengthValidator(4000)]
    )
    a_agrees_to_show = models.BooleanField(_("団体Aが公開に同意"), default=False)
    b_agrees_to_show = models.BooleanField(_("団体Bが公開に同意"), default=False)
    # What a company contributed, for its CSR / 四方よし report: recorded once per
    # collaboration (the whole collaboration, not per year), editable by either side.
    volunteer_hours = models.DecimalField(
        _("社員ボランティアの延べ時間"),
        max_digits=7,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_VOLUNTEER_HOURS)],
    )
    in_kind_value = models.PositiveBigIntegerField(
        _("物品・サービス提供の金額換算（円）"),
        default=0,
        validators=[MaxValueValidator(MAX_IN_KIND_YEN)],
    )
    sdgs = models.ManyToManyField(
        "core.Tag",
        verbose_name=_("関わるSDGs"),
        blank=True,
        related_name="+",
        limit_choices_to={"facet": "sdg"},
    )
    # Each side's own words about the collaboration, quoted in the partner's report only
    # while that side consents (consent is given or withdrawn by its members alone).
    a_quote = models.TextField(
        _("団体Aの声"), max_length=QUOTE_MAX, blank=True, validators=[MaxLengthValidator(QUOTE_MAX)]
    )
    b_quote = models.TextField(
        _("団体Bの声"), max_length=QUOTE_MAX, blank=True, validators=[MaxLengthValidator(QUOTE_MAX)]
    )
    a_quote_consent = models.BooleanField(_("団体Aが声の引用に同意"), default=False)
    b_quote_consent = models.BooleanField(_("団体Bが声の引用に同意"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("協働の記録")
        verbose_name_plural = _("協働の記録")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organization_a=models.F("organization_b")),
                name="collaboration_two_organizations",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="collaboration_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    volunteer_hours__gte=0, volunteer_hours__lte=MAX_VOLUNTEER_HOURS
                ),
                name="collaboration_volunteer_hours_range",
            ),
            models.CheckConstraint(
                condition=models.Q(in_kind_value__lte=MAX_IN_KIND_YEN),
                name="collaboration_in_kind_value_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.a_agrees_to_show and self.b_agrees_to_show

    def partner_of(self, organization_id: int):
        return (
            self.organization_b
            if organization_id == self.organization_a_id
            else self.organization_a
        )

    def consented_quote(self, organization_id: int) -> str:
        """What this side said, only while it consents to being quoted."""
        if organization_id == self.organization_a_id:
            return self.a_quote if self.a_quote_consent else ""
        if organization_id == self.organization_b_id:
            return self.b_quote if self.b_quote_consent else ""
        return ""
