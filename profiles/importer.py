"""Import and export of the support center's registers (CSV in UTF-8 with or without BOM or in
CP932 / Shift_JIS, detected; or .xlsx). The command, the staff upload page and its Celery task
all run `import_directory()`; every row lands through the services, each in its own savepoint.

Messages name the line in the file (the header is line 1) and are bilingual.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import csv_export
from core.errors import ApplicationError
from core.models import Facet
from core.tags import resolve, split_names

from .models import ImportJob, Listing, ListingKind, Organization, OrganizationKind

ORG_COLUMNS = [
    "external_id", "name", "name_kana", "kind", "ward", "district", "description", "fields",
    "sdgs", "email", "phone", "website", "yoshi_declared",
]  # fmt: skip
ORG_REQUIRED = ["external_id", "name", "name_kana", "kind", "ward"]
LISTING_COLUMNS = ["org_external_id", "kind", "title", "description", "tags", "ward", "until"]
LISTING_REQUIRED = ["org_external_id", "kind", "title", "tags"]

_KIND_NAMES = {
    "neighborhood_association": ["町内会・自治会", "町内会", "自治会", "町内会自治会"],
    "npo": ["NPO・市民活動団体", "NPO", "市民活動団体", "NPO法人"],
    "company": ["企業", "会社"],
    "university": ["大学・学校", "大学", "学校"],
    "youth_group": ["若者団体", "学生団体"],
    "public": ["公共・支援機関", "公共", "支援機関", "行政"],
}
KIND_LOOKUP = {
    unicodedata.normalize("NFKC", name).lower(): slug
    for slug, names in _KIND_NAMES.items()
    for name in [slug, *names]
}
LISTING_KIND_LOOKUP = {
    "need": ListingKind.NEED, "募集": ListingKind.NEED, "求めていること": ListingKind.NEED,
    "ニーズ": ListingKind.NEED, "offer": ListingKind.OFFER, "提供": ListingKind.OFFER,
    "提供できること": ListingKind.OFFER,
}  # fmt: skip
_TRUE = {"true", "1", "はい", "yes", "○", "◯", "y"}
_FALSE = {"false", "0", "いいえ", "no", "", "×", "n"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self, label: str) -> str:
        return (
            f"{label}: 新規 {self.created} / 更新 {self.updated} / 変更なし {self.unchanged} / "
            f"スキップ {self.skipped} — created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {self.skipped}"
        )


def _line_message(line: int, ja: str, en: str) -> str:
    return f"{line}行目: {ja} / line {line}: {en}"


# --- reading files ------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp932", "shift_jis", "euc_jp", "utf_16"]).best()
    if best is None:
        raise ImportFileError(
            "文字コードを判別できません（UTF-8 か Shift_JIS で保存してください） / "
            "Cannot detect the file's encoding (save it as UTF-8 or Shift_JIS)"
        )
    encoding = best.encoding
    if encoding in {"shift_jis", "cp932", "ms932"}:
        encoding = "cp932"  # the superset Excel writes (①, ㈱, 髙 …)
    return data.decode(encoding)


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header, [(line number, row dict)]) from CSV or .xlsx bytes."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise ImportFileError(
                "Excel ファイルとして読めません / Cannot read the file as .xlsx"
            ) from exc
        values = [
            ["" if v is None else _cell(v) for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        text = _decode(data)
        # Our own exports neutralise formula-like cells; read them back as they were.
        values = [[csv_export.restore(v) for v in row] for row in csv.reader(io.StringIO(text))]
    if not values:
        raise ImportFileError("ファイルが空です / The file is empty")
    header = [unicodedata.normalize("NFKC", h).strip().lower() for h in values[0]]
    rows = []
    for number, row in enumerate(values[1:], start=2):
        if not any(str(v).strip() for v in row):
            continue
        rows.append((number, {h: str(v).strip() for h, v in zip(header, row, strict=False)}))
    return header, rows


def _cell(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_columns(header: list[str], required: list[str], what: str) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(
            f"{what}: 必要な列がありません: {', '.join(missing)} / missing columns: "
            f"{', '.join(missing)}"
        )


# --- parsing cells ------------------------------------------------------------------------------


class RowError(Exception):
    def __init__(self, ja: str, en: str):
        super().__init__(f"{ja} / {en}")
        self.ja, self.en = ja, en


def parse_bool(value: str) -> bool:
    folded = unicodedata.normalize("NFKC", value or "").strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise RowError(f"真偽値が読めません（{value}）", f"cannot read a true/false value ({value})")


def parse_date(value: str) -> date | None:
    value = unicodedata.normalize("NFKC", value or "").strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise RowError(
        f"日付の形式が正しくありません（{value}、例: 2026-03-31）",
        f"malformed date ({value}, e.g. 2026-03-31)",
    )


def parse_sdgs(value: str):
    from core.models import Tag

    numbers = []
    for part in split_names(value):
        digits = re.sub(r"^(?:sdgs?|goal|目標|ゴール)\s*", "", unicodedata.normalize("NFKC", part),
                        flags=re.IGNORECASE)  # fmt: skip
        if not digits.isdigit() or not 1 <= int(digits) <= 17:
            raise RowError(
                f"SDGs は 1〜17 の番号です（{part}）", f"SDGs are numbers 1..17 ({part})"
            )
        numbers.append(int(digits))
    return list(Tag.objects.filter(facet=Facet.SDG, number__in=numbers))


def _resolve_one(value: str, facet: str, column: str):
    if not value:
        return None
    found = resolve([value], [facet])
    if not found.tags:
        raise RowError(f"{column} が見つかりません（{value}）", f"unknown {column} ({value})")
    return found.tags[0]


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


# --- importing ----------------------------------------------------------------------------------


def _org_row(row: dict, line: int, report: Report) -> tuple[str, dict, list, list]:
    external_id = row.get("external_id", "")
    if not external_id:
        raise RowError("external_id がありません", "external_id is missing")
    if not row.get("name"):
        raise RowError("団体名（name）がありません", "name is missing")
    kind = KIND_LOOKUP.get(unicodedata.normalize("NFKC", row.get("kind", "")).strip().lower())
    if kind is None:
        raise RowError(
            f"種別が不明です（{row.get('kind', '')}）", f"unknown kind ({row.get('kind')})"
        )
    ward = _resolve_one(row.get("ward", ""), Facet.AREA, "ward")
    if ward is None:
        raise RowError("区（ward）がありません", "ward is missing")
    fields = resolve(row.get("fields", ""), [Facet.FIELD])
    for name in fields.unknown:
        report.warnings.append(
            _line_message(line, f"分野「{name}」は語彙にないため外しました",
                          f"field “{name}” is not in the vocabulary and was left out")
        )  # fmt: skip
    sdgs = parse_sdgs(row.get("sdgs", ""))
    attrs = {
        "kind": kind,
        "name": row["name"],
        "name_kana": row.get("name_kana", ""),
        "ward": ward,
        "district": row.get("district", ""),
        "description": row.get("description", ""),
        "contact_email": row.get("email", ""),
        "contact_phone": row.get("phone", ""),
        "website": row.get("website", ""),
    }
    if kind == OrganizationKind.COMPANY:
        attrs["yoshi_declared"] = parse_bool(row.get("yoshi_declared", ""))
    elif row.get("yoshi_declared") and parse_bool(row["yoshi_declared"]):
        raise RowError("四方よし宣言は企業のみです", "only companies declare 四方よし")
    return external_id, attrs, fields.tags, sdgs


def _listing_row(row: dict, line: int, report: Report) -> dict:
    org_id = row.get("org_external_id", "")
    organization = Organization.objects.filter(external_id=org_id).first() if org_id else None
    if organization is None and org_id.startswith("tsunagu-") and org_id[8:].isdigit():
        organization = Organization.objects.filter(pk=int(org_id[8:]), external_id=None).first()
    if organization is None:
        raise RowError(f"団体 {org_id or '（空）'} が見つかりません", f"no organization {org_id!r}")
    kind = LISTING_KIND_LOOKUP.get(
        unicodedata.normalize("NFKC", row.get("kind", "")).strip().lower()
    )
    if kind is None:
        raise RowError(
            f"種類が不明です（{row.get('kind', '')}）", f"unknown kind ({row.get('kind')})"
        )
    if not row.get("title"):
        raise RowError("件名（title）がありません", "title is missing")
    tags = resolve(row.get("tags", ""), [Facet.RESOURCE, Facet.TARGET, Facet.FIELD])
    for name in tags.unknown:
        report.warnings.append(
            _line_message(line, f"タグ「{name}」は語彙にないため外しました",
                          f"tag “{name}” is not in the vocabulary and was left out")
        )  # fmt: skip
    return {
        "organization": organization,
        "kind": kind,
        "title": row["title"],
        "description": row.get("description", ""),
        "tags": tags.tags,
        "ward": _resolve_one(row.get("ward", ""), Facet.AREA, "ward"),
        "until": parse_date(row.get("until", "")),
    }


def _run_rows(rows, report, handle, progress, offset, total) -> None:
    for index, (line, row) in enumerate(rows, start=1):
        try:
            with transaction.atomic():
                outcome = handle(row, line)
            report.count(outcome)
            report.rows_read += 1
        except RowError as exc:
            report.skipped += 1
            report.errors.append(_line_message(line, exc.ja, exc.en))
        except ValidationError as exc:
            report.skipped += 1
            report.errors.append(_line_message(line, _messages(exc), "invalid value(s)"))
        except ApplicationError as exc:
            report.skipped += 1
            report.errors.append(f"{line}行目 / line {line}: {exc.message}")
        if progress:
            progress(offset + index, total)


@dataclass
class ImportResult:
    organizations: Report
    listings: Report | None

    @property
    def any_row_read(self) -> bool:
        return self.organizations.rows_read > 0 or bool(self.listings and self.listings.rows_read)

    def lines(self) -> Iterator[str]:
        for label, report in (("団体 organizations", self.organizations),
                              ("募集・提供 listings", self.listings)):  # fmt: skip
            if report is None:
                continue
            yield from report.errors
            yield from report.warnings
            yield report.summary(label)


def import_directory(
    *,
    by,
    organizations: tuple[bytes, str],
    listings: tuple[bytes, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import the organizations file and, if given, the listings file. Raises ImportFileError
    when a file as a whole cannot be read (nothing is changed then)."""
    from . import services

    org_header, org_rows = read_rows(*organizations)
    _check_columns(org_header, ORG_REQUIRED, "organizations")
    listing_rows: list = []
    if listings:
        listing_header, listing_rows = read_rows(*listings)
        _check_columns(listing_header, LISTING_REQUIRED, "listings")
    total = len(org_rows) + len(listing_rows)

    org_report = Report()

    def handle_org(row, line):
        external_id, attrs, fields, sdgs = _org_row(row, line, org_report)
        _org, outcome = services.organization_import(
            by=by, external_id=external_id, attrs=attrs, fields=fields, sdgs=sdgs
        )
        return outcome

    _run_rows(org_rows, org_report, handle_org, progress, 0, total)
    listing_report = None
    if listings:
        listing_report = Report()

        def handle_listing(row, line):
            _listing, outcome = services.listing_import(
                by=by, **_listing_row(row, line, listing_report)
            )
            return outcome

        _run_rows(listing_rows, listing_report, handle_listing, progress, len(org_rows), total)
    return ImportResult(org_report, listing_report)


def read_path(path: str) -> tuple[bytes, str]:
    p = Path(path)
    if not p.exists():
        raise ImportFileError(f"ファイルがありません: {path} / No such file: {path}")
    return p.read_bytes(), p.name


# --- the upload page's job ----------------------------------------------------------------------


def import_job_run(*, job_id: int) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done, total):
        if done == total or done % 10 == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed=done, total=total)

    try:
        orgs = (job.organizations_file.read(), job.organizations_file.name)
        listings = (job.listings_file.read(), job.listings_file.name) if job.listings_file else None
        result = import_directory(
            by=job.created_by, organizations=orgs, listings=listings, progress=progress
        )
        status = ImportJob.Status.DONE if result.any_row_read else ImportJob.Status.FAILED
        report = "\n".join(result.lines())
    except ImportFileError as exc:
        status, report = ImportJob.Status.FAILED, str(exc)
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, report=report, finished_at=timezone.now()
    )
    # The register holds contact details: keep the report, not the uploaded files.
    for upload in (job.organizations_file, job.listings_file):
        if upload:
            upload.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(organizations_file="", listings_file="")
    job.refresh_from_db()
    return job


# --- export -------------------------------------------------------------------------------------


def _external_id(org: Organization) -> str:
    return org.external_id or f"tsunagu-{org.pk}"


def export_organizations(*, viewer, queryset=None) -> str:
    """The organizations in the import format. Contact columns are filled only for a viewer
    who may see them (staff, members); `viewer=None` is the operator's command line."""
    from .selectors import contact_visible_ids

    visible = None if viewer is None else contact_visible_ids(viewer)
    qs = queryset if queryset is not None else Organization.objects.filter(status="published")
    qs = qs.select_related("ward").prefetch_related("fields", "sdgs").order_by("name_kana", "id")
    out = io.StringIO()
    writer = csv_export.writer(out, lineterminator="\n")
    writer.writerow(ORG_COLUMNS)
    for org in qs:
        show = visible is None or org.pk in visible
        writer.writerow(
            [
                _external_id(org), org.name, org.name_kana, org.kind, org.ward.slug, org.district,
                org.description, ";".join(t.label_ja for t in org.fields.all()),
                ";".join(str(t.number) for t in org.sdgs.all()),
                org.contact_email if show else "", org.contact_phone if show else "",
                org.website, "true" if org.yoshi_declared else "false",
            ]
        )  # fmt: skip
    return out.getvalue()


def export_listings(*, viewer, queryset=None) -> str:
    from .selectors import public_listings

    qs = queryset if queryset is not None else public_listings()
    qs = qs.select_related("organization", "ward").prefetch_related("tags").order_by("id")
    out = io.StringIO()
    writer = csv_export.writer(out, lineterminator="\n")
    writer.writerow(LISTING_COLUMNS)
    for listing in qs:
        writer.writerow(
            [
                _external_id(listing.organization), listing.kind, listing.title,
                listing.description, ";".join(t.label_ja for t in listing.tags.all()),
                listing.ward.slug, listing.until.isoformat() if listing.until else "",
            ]
        )  # fmt: skip
    return out.getvalue()


__all__ = ["Listing", "import_directory", "export_organizations", "export_listings"]
