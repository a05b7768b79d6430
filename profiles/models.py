import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Tag

from . import kinds
from .search import TokenField


class EmailUserManager(UserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class Language(models.TextChoices):
        JA = "ja", "日本語"
        EN = "en", "English"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("メールアドレス"), unique=True)
    display_name = models.CharField(_("表示名"), max_length=80, blank=True)
    preferred_language = models.CharField(
        _("表示言語"), max_length=2, choices=Language.choices, default=Language.JA
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class OrganizationKind(models.TextChoices):
    NEIGHBORHOOD_ASSOCIATION = kinds.NEIGHBORHOOD_ASSOCIATION, _("町内会・自治会")
    NPO = kinds.NPO, _("NPO・市民活動団体")
    COMPANY = kinds.COMPANY, _("企業")
    UNIVERSITY = kinds.UNIVERSITY, _("大学・学校")
    YOUTH_GROUP = kinds.YOUTH_GROUP, _("若者団体")
    PUBLIC = kinds.PUBLIC, _("公共・支援機関")


THEME_KINDS = kinds.THEME_KINDS


class ModerationStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PENDING = "pending", _("審査待ち")
    PUBLISHED = "published", _("公開")
    RETURNED = "returned", _("差し戻し")
    SUSPENDED = "suspended", _("停止")


LEGAL_FORMS = [
    ("NPO法人", _("NPO法人")),
    ("認定NPO法人", _("認定NPO法人")),
    ("一般社団法人", _("一般社団法人")),
    ("公益社団法人", _("公益社団法人")),
    ("一般財団法人", _("一般財団法人")),
    ("公益財団法人", _("公益財団法人")),
    ("任意団体", _("任意団体")),
    ("その他", _("その他")),
]

# The kind-specific fields, and which kind each belongs to (others are blanked on save).
KIND_FIELDS = {
    "company": ["yoshi_declared", "yoshi_declared_on", "industry", "company_size"],
    "npo": ["legal_form", "corporate_number"],
    "neighborhood_association": ["households", "area_covered"],
    "university": ["faculty_or_lab"],
    "youth_group": ["member_count", "age_min", "age_max"],
    "public": [],
}


# A profile its owners have not confirmed for this long is stale (they are asked to confirm).
STALE_AFTER = timedelta(days=365)


class OrganizationQuerySet(models.QuerySet):
    def published(self):
        """Organizations anyone may see: the directory, the matcher, events and exports."""
        return self.filter(status=ModerationStatus.PUBLISHED)

    def stale(self, *, now=None):
        """Not confirmed for STALE_AFTER (never confirmed: created longer ago than that)."""
        cutoff = (now or timezone.now()) - STALE_AFTER
        return self.filter(
            models.Q(last_confirmed_at__lt=cutoff)
            | models.Q(last_confirmed_at__isnull=True, created_at__lt=cutoff)
        )


class Organization(models.Model):
    """A group on Tsunagu. Contact details are private: read them only through
    profiles.selectors (the one place that decides who may see them)."""

    kind = models.CharField(_("種別"), max_length=32, choices=OrganizationKind.choices)
    name = models.CharField(_("団体名"), max_length=120)
    name_kana = models.CharField(_("団体名（フリガナ）"), max_length=200)
    ward = models.ForeignKey(
        "core.Tag",
        verbose_name=_("区・地域"),
        on_delete=models.PROTECT,
        related_name="organizations_in_area",
        limit_choices_to={"facet": "area"},
    )
    district = models.CharField(_("地区"), max_length=100, blank=True)
    description = models.TextField(_("紹介文"), max_length=4000, blank=True)
    fields = models.ManyToManyField(
        "core.Tag",
        verbose_name=_("活動分野"),
        related_name="organizations_in_field",
        limit_choices_to={"facet": "field"},
        blank=True,
    )
    sdgs = models.ManyToManyField(
        "core.Tag",
        verbose_name=_("SDGs"),
        related_name="organizations_with_sdg",
        limit_choices_to={"facet": "sdg"},
        blank=True,
    )
    website = models.URLField(_("ウェブサイト"), blank=True)
    logo = models.ImageField(_("ロゴ"), upload_to="logos/", blank=True)
    contact_email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=30, blank=True)
    last_confirmed_at = models.DateTimeField(_("最終確認日時"), null=True, blank=True)

    status = models.CharField(
        _("公開状態"),
        max_length=16,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
        db_index=True,
    )
    review_comment = models.TextField(_("審査コメント"), blank=True)
    verified = models.BooleanField(_("確認済み"), default=False)
    verified_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    managed_by_staff = models.BooleanField(
        _("職員による代理管理"), default=False, help_text=_("ウェブを使わない団体の代理登録")
    )
    external_id = models.CharField(_("外部ID"), max_length=64, null=True, blank=True, unique=True)
    # Freshness: set when the profile went 12 months without confirmation and the owners were
    # asked to confirm; cleared by organization_confirm().
    stale_since = models.DateTimeField(_("確認依頼日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        "profiles.User",
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Normalized search keys (core.textnorm.tokens), space separated, written by the services
    # only. Searched as whole tokens on SQLite and PostgreSQL (GIN index there).
    search_tokens = TokenField(blank=True, default="", editable=False)
    # Where the words are (name, tags), for ranking results: profiles.search.match_tokens.
    match_tokens = TokenField(blank=True, default="", editable=False)
    # The name's reading in hiragana from Sudachi (core.textnorm.reading), for 五十音順; set
    # with the name by the services and the importer.
    name_reading = models.CharField(max_length=400, blank=True, default="", editable=False)

    # company
    yoshi_declared = models.BooleanField(_("仙台「四方よし」宣言企業"), default=False)
    yoshi_declared_on = models.DateField(_("四方よし宣言日"), null=True, blank=True)
    industry = models.CharField(_("業種"), max_length=100, blank=True)
    company_size = models.CharField(_("規模"), max_length=32, blank=True)
    # npo
    legal_form = models.CharField(_("法人格"), max_length=32, blank=True)
    corporate_number = models.CharField(_("法人番号"), max_length=13, blank=True)
    # neighborhood association
    households = models.PositiveIntegerField(_("世帯数"), null=True, blank=True)
    area_covered = models.CharField(_("区域"), max_length=200, blank=True)
    # university
    faculty_or_lab = models.CharField(_("学部・研究室"), max_length=200, blank=True)
    # youth group
    member_count = models.PositiveIntegerField(_("メンバー数"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("年齢（下限）"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("年齢（上限）"), null=True, blank=True)

    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_tokens", "match_tokens", "name_reading", "updated_at"],
        m2m_fields=[fields, sdgs],
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("団体")
        verbose_name_plural = _("団体")
        ordering = ["name_kana", "id"]
        # The directory's sorts: 五十音順, newest, recently updated.
        indexes = [
            models.Index(fields=["status", "name_kana"], name="org_status_kana_idx"),
            models.Index(fields=["status", "-created_at"], name="org_status_created_idx"),
            models.Index(fields=["status", "-updated_at"], name="org_status_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="organization_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == ModerationStatus.PUBLISHED

    def clean(self):
        from .validators import (
            validate_corporate_number,
            validate_katakana,
            validate_text_length,
        )

        errors: dict[str, list] = {}

        def check(field, validator, value):
            try:
                validator(value)
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.messages)

        check("name_kana", validate_katakana, self.name_kana)
        check("description", validate_text_length, self.description)
        check("corporate_number", validate_corporate_number, self.corporate_number)
        if self.ward_id and Tag.objects.filter(pk=self.ward_id).exclude(facet="area").exists():
            errors.setdefault("ward", []).append(_("区・地域を選んでください"))
        if self.legal_form and self.legal_form not in dict(LEGAL_FORMS):
            errors.setdefault("legal_form", []).append(_("法人格を一覧から選んでください"))
        if self.corporate_number and self.legal_form == "任意団体":
            errors.setdefault("corporate_number", []).append(_("任意団体には法人番号はありません"))
        if self.yoshi_declared_on and not self.yoshi_declared:
            errors.setdefault("yoshi_declared_on", []).append(
                _("宣言日は四方よし宣言企業のみ入力できます")
            )
        if self.yoshi_declared_on and self.yoshi_declared_on > timezone.localdate():
            errors.setdefault("yoshi_declared_on", []).append(_("宣言日に未来の日付は使えません"))
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors.setdefault("age_max", []).append(_("年齢の上限は下限以上にしてください"))
        if errors:
            raise ValidationError(errors)


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("管理者")
    EDITOR = "editor", _("編集者")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("役割"), max_length=16, choices=MembershipRole.choices)
    created_at = models.DateTimeField(_("参加日時"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("メンバー")
        verbose_name_plural = _("メンバー")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class ListingKind(models.TextChoices):
    NEED = "need", _("求めていること")
    OFFER = "offer", _("提供できること")


class ListingStatus(models.TextChoices):
    OPEN = "open", _("募集中")
    CLOSED = "closed", _("終了")


class ListingQuerySet(models.QuerySet):
    def published(self):
        """Listings the support center approved (open or closed, of any organization)."""
        return self.filter(moderation=ModerationStatus.PUBLISHED)

    def live(self, *, today=None):
        """Approved, open and not past their date: what the matcher and the planner read of an
        organization, whatever the organization's own state (the console curates drafts)."""
        today = today or timezone.localdate()
        return (
            self.published()
            .filter(status=ListingStatus.OPEN)
            .filter(models.Q(until__isnull=True) | models.Q(until__gte=today))
        )

    def public(self, *, today=None):
        """Listings anyone may see: live listings of published organizations."""
        return self.live(today=today).filter(organization__status=ModerationStatus.PUBLISHED)


class Listing(models.Model):
    """A need or an offer of an organization, tagged from the vocabulary (at least one
    resource tag; target and field tags optional)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="listings"
    )
    kind = models.CharField(_("種類"), max_length=8, choices=ListingKind.choices)
    title = models.CharField(_("件名"), max_length=120)
    description = models.TextField(_("内容"), max_length=4000, blank=True)
    tags = models.ManyToManyField(
        "core.Tag", verbose_name=_("タグ"), related_name="listings", blank=True
    )
    ward = models.ForeignKey(
        "core.Tag",
        verbose_name=_("区・地域"),
        on_delete=models.PROTECT,
        related_name="listings_in_area",
        limit_choices_to={"facet": "area"},
    )
    until = models.DateField(_("募集期限"), null=True, blank=True)
    status = models.CharField(
        _("募集状態"),
        max_length=8,
        choices=ListingStatus.choices,
        default=ListingStatus.OPEN,
        db_index=True,
    )
    moderation = models.CharField(
        _("公開状態"),
        max_length=16,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
        db_index=True,
    )
    review_comment = models.TextField(_("審査コメント"), blank=True)
    search_tokens = TokenField(blank=True, default="", editable=False)
    # Where the words are (title as "name", tags), for ranking: profiles.search.match_tokens.
    match_tokens = TokenField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_tokens", "match_tokens", "updated_at"], m2m_fields=[tags]
    )

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("募集・提供")
        verbose_name_plural = _("募集・提供")
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["organization", "kind", "status"])]

    def __str__(self) -> str:
        return f"[{self.get_kind_display()}] {self.title}"

    def clean(self):
        from .validators import validate_text_length

        try:
            validate_text_length(self.description)
        except ValidationError as exc:
            raise ValidationError({"description": exc.messages}) from exc


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An e-mailed invitation to join an organization with a role. The token in the link is the
    only secret; it works once, until it expires or is revoked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("未承諾")
        ACCEPTED = "accepted", _("承諾済み")
        REVOKED = "revoked", _("取り消し")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("メールアドレス"))
    role = models.CharField(_("役割"), max_length=16, choices=MembershipRole.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    status = models.CharField(
        _("状態"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("招待者")
    )
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    accepted_at = models.DateTimeField(_("承諾日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(status="pending"),
                name="invitation_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.role})"


class ImportJob(models.Model):
    """One run of the directory importer from the staff upload page: checked first (preview),
    written after the staff member confirms. Progress while it writes is pushed over the
    WebSocket; this record lets a reloaded page find the run again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("実行中")
        PREVIEW = "preview", _("確認待ち")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")
        CANCELLED = "cancelled", _("取りやめ")

    class Phase(models.TextChoices):
        VALIDATING = "validating", _("確認中")
        WRITING = "writing", _("書き込み中")
        REFRESHING = "refreshing", _("提案を更新中")

    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    organizations_file = models.FileField(_("団体ファイル"), upload_to="imports/")
    listings_file = models.FileField(_("募集・提供ファイル"), upload_to="imports/", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=16, choices=Phase.choices, blank=True)
    close_missing = models.BooleanField(_("ファイルにない募集・提供を終了にする"), default=False)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    preview = models.JSONField(null=True, blank=True)
    summary = models.JSONField(null=True, blank=True)
    # Messages are kept in both languages ({"line", "ja", "en"}) and shown in the reader's.
    error = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    FINISHED = {Status.DONE, Status.FAILED, Status.CANCELLED}
    WORKING = {Status.QUEUED, Status.RUNNING}

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"import #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.processed * 100 / self.total) if self.total else 0
