from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Facet(models.TextChoices):
    FIELD = "field", _("活動分野")
    RESOURCE = "resource", _("資源")
    TARGET = "target", _("対象")
    SDG = "sdg", _("SDGs")
    AREA = "area", _("地域")


class Tag(models.Model):
    """One term of the controlled vocabulary (see core/vocabulary.py)."""

    facet = models.CharField(_("種類"), max_length=16, choices=Facet.choices)
    slug = models.SlugField(_("スラッグ"), max_length=64)
    label_ja = models.CharField(_("名称（日本語）"), max_length=100)
    label_en = models.CharField(_("名称（英語）"), max_length=100)
    order = models.PositiveSmallIntegerField(_("並び順"), default=0)
    number = models.PositiveSmallIntegerField(_("番号"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上位"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("タグ")
        verbose_name_plural = _("タグ")
        ordering = ["facet", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["facet", "slug"], name="tag_unique_slug_per_facet"),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gte=1, number__lte=17),
                name="tag_sdg_number_1_to_17",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language (Japanese unless English is active)."""
        return self.label_en if (get_language() or "ja").startswith("en") else self.label_ja

    @property
    def display(self) -> str:
        return f"{self.number}. {self.label}" if self.facet == Facet.SDG else self.label


class Notification(models.Model):
    """Something a person should know. Written only by core.notifications.notify()."""

    user = models.ForeignKey(
        "profiles.User", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("種類"), max_length=48, db_index=True)
    title = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"), blank=True)
    url = models.CharField(_("リンク"), max_length=500, blank=True)
    # The same event never notifies twice, however often a task retries.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("メール送信日時"), null=True, blank=True)
    # Set when the person chose the weekly digest for this kind; cleared when the digest went out.
    digest_pending = models.BooleanField(_("まとめメール待ち"), default=False)

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


# The kind of the weekly digest (a preference like any notification kind; "in_app" turns it off).
DIGEST_KIND = "digest.weekly"


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("サイト内のみ")
    EMAIL = "email", _("すぐにメール")
    DIGEST = "digest", _("週1回のまとめメール")


class NotificationPreference(models.Model):
    """How one person wants one kind of notification delivered. No row: e-mail now."""

    user = models.ForeignKey(
        "profiles.User", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("種類"), max_length=48)
    delivery = models.CharField(
        _("受け取り方"), max_length=8, choices=Delivery.choices, default=Delivery.EMAIL
    )

    class Meta:
        verbose_name = _("通知設定")
        verbose_name_plural = _("通知設定")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"


class DigestDelivery(models.Model):
    """Bookkeeping for the weekly digest: one row per person per week, so a retried or
    re-run digest never mails anyone twice."""

    user = models.ForeignKey("profiles.User", on_delete=models.CASCADE, related_name="digests")
    week = models.DateField(_("週（月曜日）"))
    sent_at = models.DateTimeField(_("送信日時"), auto_now_add=True)
    item_count = models.PositiveIntegerField(_("件数"), default=0)

    class Meta:
        verbose_name = _("まとめメール送信記録")
        verbose_name_plural = _("まとめメール送信記録")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week}"


class AuditLog(models.Model):
    """What a staff member did, to what, when, with the state before and after.
    Written only by core.audit.audit_record(); never edited (the admin is read-only)."""

    actor = models.ForeignKey(
        "profiles.User", on_delete=models.PROTECT, related_name="audit_entries", null=True
    )
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.CharField(_("対象の種類"), max_length=64, db_index=True)
    target_id = models.CharField(_("対象ID"), max_length=64, db_index=True)
    target_label = models.CharField(_("対象"), max_length=200, blank=True)
    before = models.JSONField(_("変更前"), null=True, blank=True)
    after = models.JSONField(_("変更後"), null=True, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit log entries are never edited")
        super().save(*args, **kwargs)


class OutboxMessage(models.Model):
    """A Celery task to send, written in the same transaction as the change that needs it.

    The change and its follow-up commit together; the send happens after commit and the row
    is deleted once the broker took the message. While the broker (Redis) is down the row
    waits, and beat's `core.tasks.drain_outbox` sends it when Redis is back (core/outbox.py).
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task} {self.args} (attempts: {self.attempts})"
