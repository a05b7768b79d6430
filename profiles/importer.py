"""Reading, checking and planning the support center's registers (CSV in UTF-8 with or without
BOM or in CP932 / Shift_JIS, detected; or .xlsx), and writing the directory back in the same
format.

An import is two steps. `plan_import()` reads both files, checks every row in memory against
the vocabulary and the rows already stored (one query per table, never one per row) and works
out what would change: rows to create, update, leave unchanged, close, and every invalid row
with its line number. Nothing is written; this is the preview (`--dry-run`, the upload page's
confirmation). `services.imports.directory_import()` then writes a plan in batches inside one
transaction (a run stopped halfway leaves the old data).

Messages name the line in the file (the header is line 1). Each is a gettext message with a
Japanese source, kept in both languages and shown in the reader's (the command prints both).
"""

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from core import csv_export
from core.models import Facet, Tag
from core.tags import resolve, split_names

from .models import Listing, ListingStatus, Organization, OrganizationKind
from .validators import fold_kana, validate_katakana, validate_text_length

ORG_COLUMNS = [
    "external_id", "name", "name_kana", "kind", "ward", "district", "description", "fields",
    "sdgs", "email", "phone", "website", "yoshi_declared",
]  # fmt: skip
ORG_REQUIRED = ["external_id", "name", "name_kana", "kind", "ward"]
# listing_id and status make the round trip lossless; files without them still import.
LISTING_COLUMNS = [
    "listing_id", "org_external_id", "kind", "title", "description", "tags", "ward", "until",
    "status",
]  # fmt: skip
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
    "need": "need", "募集": "need", "求めていること": "need", "ニーズ": "need",
    "offer": "offer", "提供": "offer", "提供できること": "offer",
}  # fmt: skip
LISTING_STATUS_LOOKUP = {
    "open": ListingStatus.OPEN, "募集中": ListingStatus.OPEN, "公開": ListingStatus.OPEN,
    "closed": ListingStatus.CLOSED, "終了": ListingStatus.CLOSED, "締切": ListingStatus.CLOSED,
}  # fmt: skip
_TRUE = {"true", "1", "はい", "yes", "○", "◯", "y"}
_FALSE = {"false", "0", "いいえ", "no", "", "×", "n"}
_SDG_PREFIX = re.compile(r"^(?:sdgs?|goal|目標|ゴール)\s*", re.IGNORECASE)


def import_max_bytes() -> int:
    """The largest register file accepted (IMPORT_MAX_MB, default 50 MB: about 150,000 rows)."""
    return int(getattr(settings, "IMPORT_MAX_MB", 50)) * 1024 * 1024


# --- messages -----------------------------------------------------------------------------------
# A message is kept in both languages, {"line": n or None, "ja": …, "en": …}, because a
# preview or a run's result is read later, by whoever opens it, in their own language
# (message_text); the operator's command prints both.


def _both(message: str, params: dict) -> tuple[str, str]:
    texts = []
    for language in ("ja", "en"):
        with translation.override(language):
            text = gettext(message)
            texts.append(text % params if params else text)
    return texts[0], texts[1]


def bilingual(message: str, *, line: int | None = None, **params) -> dict:
    ja, en = _both(message, params)
    return {"line": line, "ja": ja, "en": en}


def line_message(line: int, message: str, **params) -> dict:
    return bilingual(message, line=line, **params)


def message_text(message: dict, language: str | None = None) -> str:
    """One message in one language (the active one by default), with its line number."""
    language = language or translation.get_language() or "ja"
    key = "en" if language.startswith("en") else "ja"
    if message.get("line") is None:
        return message[key]
    with translation.override(key):
        return gettext("%(line)s行目: %(message)s") % {
            "line": message["line"],
            "message": message[key],
        }


class ImportFileError(Exception):
    """The file as a whole cannot be imported (size, encoding, format, columns, formulas,
    duplicate ids). Nothing is changed then."""

    def __init__(self, message: dict, *, details: list[dict] | None = None):
        super().__init__(message["ja"])
        self.messages = [message, *(details or [])]

    def text(self, language: str | None = None) -> str:
        return "\n".join(message_text(m, language) for m in self.messages)


class RowError(Exception):
    """One row cannot be imported; the message is kept in both languages."""

    def __init__(self, message: str, **params):
        self.ja, self.en = _both(message, params)
        super().__init__(self.ja)

    @classmethod
    def invalid(cls, exc: ValidationError) -> "RowError":
        """From a model's validation, its messages rendered in each language."""
        error = cls.__new__(cls)
        halves = []
        for language in ("ja", "en"):
            with translation.override(language):
                if hasattr(exc, "error_dict"):
                    items = [(k, m) for k, ms in exc.message_dict.items() for m in ms]
                else:
                    items = [("", m) for m in exc.messages]
                halves.append("; ".join((f"{k}: " if k else "") + m for k, m in items))
        error.ja, error.en = halves
        Exception.__init__(error, error.ja)
        return error

    def on_line(self, line: int) -> dict:
        return {"line": line, "ja": self.ja, "en": self.en}


# --- reading files ------------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    _refuse_mixed_encodings(data, filename)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp932", "shift_jis", "euc_jp", "utf_16"]).best()
    if best is None:
        raise ImportFileError(
            bilingual(
                gettext_noop(
                    "%(file)s: 文字コードを判別できません（UTF-8 か Shift_JIS で保存してください）"
                ),
                file=filename,
            )
        )
    encoding = best.encoding
    if encoding in {"shift_jis", "cp932", "ms932"}:
        encoding = "cp932"  # the superset Excel writes (①, ㈱, 髙 …)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            bilingual(
                gettext_noop(
                    "%(file)s: 文字コードを判別できません（UTF-8 か Shift_JIS で保存してください）"
                ),
                file=filename,
            )
        ) from exc


def _refuse_mixed_encodings(data: bytes, filename: str) -> None:
    """A file pasted together from a UTF-8 and a Shift_JIS file decodes either way into
    garbage somewhere: refuse it and name the lines in each encoding."""
    utf8, other = [], []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            utf8.append(number)
        except UnicodeDecodeError:
            other.append(number)
    if utf8 and other:
        raise ImportFileError(
            bilingual(
                gettext_noop(
                    "%(file)s: 文字コードが混在しています（UTF-8 の行: %(utf8)s、それ以外の行: "
                    "%(other)s）。ひとつの文字コードで保存し直してください"
                ),
                file=filename,
                utf8=_line_list(utf8),
                other=_line_list(other),
            )
        )


def _line_list(numbers: list[int], limit: int = 5) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (" …" if len(numbers) > limit else "")


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header, [(line number, row dict)]) from CSV or .xlsx bytes. Raises ImportFileError for
    a file too big, unreadable, empty, with repeated column names or with formulas in cells."""
    if len(data) > import_max_bytes():
        raise ImportFileError(
            bilingual(
                gettext_noop("%(file)s: ファイルが大きすぎます（%(size)s MB、上限 %(limit)s MB）"),
                file=filename,
                size=f"{len(data) / 1024 / 1024:.1f}",
                limit=import_max_bytes() // 1024 // 1024,
            )
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        values = _xlsx_values(data, filename)
    else:
        values = list(csv.reader(io.StringIO(_decode(data, filename))))
    if not values or not any(str(v).strip() for v in values[0]):
        raise ImportFileError(bilingual(gettext_noop("%(file)s: ファイルが空です"), file=filename))
    header = [unicodedata.normalize("NFKC", str(h)).strip().lower() for h in values[0]]
    repeated = sorted(name for name, n in Counter(h for h in header if h).items() if n > 1)
    if repeated:
        raise ImportFileError(
            bilingual(
                gettext_noop("%(file)s: 同じ列名が2回以上あります: %(columns)s"),
                file=filename,
                columns=", ".join(repeated),
            )
        )
    rows, formulas = [], []
    for number, row in enumerate(values[1:], start=2):
        if not any(str(v).strip() for v in row):
            continue
        cells = {h: str(v).strip() for h, v in zip(header, row, strict=False) if h}
        formulas += [f"{number}:{h}" for h, v in cells.items() if v.startswith("=")]
        rows.append((number, cells))
    if formulas:
        # A cell like =HYPERLINK(…) is an instruction to a spreadsheet, not a value: storing it
        # would hand it to the next person who opens an export.
        raise ImportFileError(
            bilingual(
                gettext_noop(
                    "%(file)s: 数式が入ったセルがあります（行:列 %(cells)s）。値だけを貼り付けて"
                    "保存し直してください"
                ),
                file=filename,
                cells=_line_list(formulas),
            )
        )
    return header, rows


def _xlsx_values(data: bytes, filename: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula reads as its text (=HYPERLINK(…)), so it can be refused.
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=False).worksheets[0]
        return [
            ["" if v is None else _cell(v) for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            bilingual(gettext_noop("%(file)s: Excel ファイルとして読めません"), file=filename)
        ) from exc


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


def _check_columns(header: list[str], required: list[str], filename: str) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(
            bilingual(
                gettext_noop("%(file)s: 必要な列がありません: %(columns)s"),
                file=filename,
                columns=", ".join(missing),
            )
        )


def read_path(path: str) -> tuple[bytes, str]:
    p = Path(path)
    if not p.exists():
        raise ImportFileError(bilingual(gettext_noop("ファイルがありません: %(path)s"), path=path))
    return p.read_bytes(), p.name


# --- parsing cells ------------------------------------------------------------------------------


def parse_bool(value: str) -> bool:
    folded = unicodedata.normalize("NFKC", value or "").strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise RowError(gettext_noop("真偽値が読めません（%(value)s）"), value=value)


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
        gettext_noop("日付の形式が正しくありません（%(value)s、例: 2026-03-31）"), value=value
    )


class Vocabulary:
    """Tag lookups for one import: each distinct name is resolved once (the resolver's index
    is read once), SDGs and wards from a table loaded up front."""

    def __init__(self):
        self.tags = {t.pk: t for t in Tag.objects.all()}
        self.sdg_by_number = {t.number: t for t in self.tags.values() if t.facet == Facet.SDG}
        self._names: dict[tuple[str, tuple[str, ...]], int | None] = {}

    def resolve(self, cell: str, facets: list[str]) -> tuple[list[int], list[str]]:
        """(tag ids in order, unknown names)."""
        ids: list[int] = []
        unknown: list[str] = []
        for name in split_names(cell):
            key = (name, tuple(facets))
            if key not in self._names:
                found = resolve([name], facets)
                self._names[key] = found.tags[0].pk if found.tags else None
            pk = self._names[key]
            if pk is None:
                unknown.append(name)
            elif pk not in ids:
                ids.append(pk)
        return ids, unknown

    def one(self, value: str, facet: str, column: str) -> int | None:
        if not value:
            return None
        ids, _unknown = self.resolve(value, [facet])
        if len(ids) != 1:
            raise RowError(
                gettext_noop("%(column)s が見つかりません（%(value)s）"), column=column, value=value
            )
        return ids[0]

    def sdgs(self, value: str) -> list[int]:
        ids = []
        for part in split_names(value):
            digits = _SDG_PREFIX.sub("", unicodedata.normalize("NFKC", part))
            if not digits.isdigit() or int(digits) not in self.sdg_by_number:
                raise RowError(gettext_noop("SDGs は 1〜17 の番号です（%(value)s）"), value=part)
            ids.append(self.sdg_by_number[int(digits)].pk)
        return ids


# --- the plan -----------------------------------------------------------------------------------

ORG_DIFF_FIELDS = [
    "kind", "name", "name_kana", "ward_id", "district", "description", "contact_email",
    "contact_phone", "website", "yoshi_declared",
]  # fmt: skip
LISTING_DIFF_FIELDS = [
    "organization_id", "kind", "title", "description", "ward_id", "until", "status",
]  # fmt: skip


@dataclass
class OrgRow:
    line: int
    external_id: str
    values: dict  # ORG_DIFF_FIELDS
    field_ids: list[int]
    sdg_ids: list[int]
    existing: Organization | None = None
    outcome: str = "create"  # create / update / unchanged
    changed: list[str] = field(default_factory=list)


@dataclass
class ListingRow:
    line: int
    org_key: str
    values: dict  # LISTING_DIFF_FIELDS except organization_id (known after the orgs are written)
    tag_ids: list[int]
    existing: Listing | None = None
    outcome: str = "create"
    changed: list[str] = field(default_factory=list)


@dataclass
class Counts:
    create: int = 0
    update: int = 0
    unchanged: int = 0
    invalid: int = 0
    close: int = 0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class ImportPlan:
    orgs: list[OrgRow] = field(default_factory=list)
    listings: list[ListingRow] = field(default_factory=list)
    org_errors: list[dict] = field(default_factory=list)
    listing_errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    # Open listings of the organizations in the file that the listings file no longer has.
    missing_listings: list[Listing] = field(default_factory=list)
    has_listings_file: bool = False

    def org_counts(self) -> Counts:
        c = Counter(r.outcome for r in self.orgs)
        return Counts(c["create"], c["update"], c["unchanged"], len(self.org_errors))

    def listing_counts(self) -> Counts:
        c = Counter(r.outcome for r in self.listings)
        return Counts(
            c["create"], c["update"], c["unchanged"], len(self.listing_errors),
            len(self.missing_listings),
        )  # fmt: skip

    @property
    def rows_valid(self) -> int:
        return len(self.orgs) + len(self.listings)

    @property
    def rows_to_write(self) -> int:
        return sum(r.outcome != "unchanged" for r in (*self.orgs, *self.listings))

    @property
    def changes_nothing(self) -> bool:
        return self.rows_to_write == 0

    def preview(self) -> dict:
        """What the preview shows (JSON-safe: kept on the import run)."""
        return {
            "organizations": self.org_counts().as_dict(),
            "listings": self.listing_counts().as_dict() if self.has_listings_file else None,
            "errors": self.org_errors + self.listing_errors,
            "warnings": self.warnings,
            "missing": [_missing_label(lst) for lst in self.missing_listings[:50]],
        }


def _missing_label(listing: Listing) -> str:
    return f"#{listing.pk} {listing.organization.name}: {listing.title}"


def summary_messages(preview: dict, *, close_missing: bool = False) -> list[dict]:
    """The counts as messages: one line per file."""
    lines = []
    for key, message in (
        ("organizations", gettext_noop("団体: 新規 %(create)s、更新 %(update)s、"
                                       "変更なし %(unchanged)s、スキップ %(invalid)s")),
        ("listings", gettext_noop("募集・提供: 新規 %(create)s、更新 %(update)s、"
                                  "変更なし %(unchanged)s、スキップ %(invalid)s")),
    ):  # fmt: skip
        counts = preview.get(key)
        if counts is None:
            continue
        line = bilingual(message, **counts)
        if key == "listings" and counts["close"]:
            extra = bilingual(
                gettext_noop("終了 %(close)s") if close_missing
                else gettext_noop("ファイルにない %(close)s"),
                close=counts["close"],
            )  # fmt: skip
            line = {"line": None, "ja": f"{line['ja']}、{extra['ja']}",
                    "en": f"{line['en']}, {extra['en']}"}  # fmt: skip
        lines.append(line)
    return lines


def preview_lines(
    preview: dict, *, close_missing: bool = False, language: str | None = None
) -> list[str]:
    """The preview as text in one language: invalid rows, warnings, then the counts."""
    messages = [
        *preview["errors"],
        *preview["warnings"],
        *summary_messages(preview, close_missing=close_missing),
    ]
    return [message_text(m, language) for m in messages]


def _org_values(row: dict, vocabulary: Vocabulary, line: int, warnings: list[dict]) -> OrgRow:
    external_id = row.get("external_id", "")
    if not external_id:
        raise RowError(gettext_noop("external_id がありません"))
    if len(external_id) > 64:
        raise RowError(gettext_noop("external_id は64文字以内です"))
    if not row.get("name"):
        raise RowError(gettext_noop("団体名（name）がありません"))
    kind = KIND_LOOKUP.get(unicodedata.normalize("NFKC", row.get("kind", "")).strip().lower())
    if kind is None:
        raise RowError(gettext_noop("種別が不明です（%(value)s）"), value=row.get("kind", ""))
    ward_id = vocabulary.one(row.get("ward", ""), Facet.AREA, "ward")
    if ward_id is None:
        raise RowError(gettext_noop("区（ward）がありません"))
    field_ids, unknown = vocabulary.resolve(row.get("fields", ""), [Facet.FIELD])
    for name in unknown:
        warnings.append(
            line_message(
                line, gettext_noop("分野「%(name)s」は語彙にないため外しました"), name=name
            )
        )
    sdg_ids = vocabulary.sdgs(row.get("sdgs", ""))
    yoshi = False
    if kind == OrganizationKind.COMPANY:
        yoshi = parse_bool(row.get("yoshi_declared", ""))
    elif row.get("yoshi_declared") and parse_bool(row["yoshi_declared"]):
        raise RowError(gettext_noop("四方よし宣言は企業のみです"))
    values = {
        "kind": kind,
        "name": row["name"],
        "name_kana": fold_kana(row.get("name_kana", "")),
        "ward_id": ward_id,
        "district": row.get("district", ""),
        "description": row.get("description", ""),
        "contact_email": row.get("email", ""),
        "contact_phone": row.get("phone", ""),
        "website": row.get("website", ""),
        "yoshi_declared": yoshi,
    }
    _check_org_fields(values)
    return OrgRow(line, external_id, values, field_ids, sdg_ids)


def _check_org_fields(values: dict) -> None:
    """The model's own field checks (lengths, e-mail, URL, katakana), without its queries."""
    probe = Organization(**values)
    try:
        probe.clean_fields(exclude=["ward", "created_by", "logo"])
        validate_katakana(probe.name_kana)
        validate_text_length(probe.description)
    except ValidationError as exc:
        raise RowError.invalid(exc) from exc


def _listing_values(
    row: dict, vocabulary: Vocabulary, line: int, warnings: list[dict]
) -> tuple[dict, list[int]]:
    kind = LISTING_KIND_LOOKUP.get(
        unicodedata.normalize("NFKC", row.get("kind", "")).strip().lower()
    )
    if kind is None:
        raise RowError(gettext_noop("種類が不明です（%(value)s）"), value=row.get("kind", ""))
    title = row.get("title", "")
    if not title:
        raise RowError(gettext_noop("件名（title）がありません"))
    tag_ids, unknown = vocabulary.resolve(
        row.get("tags", ""), [Facet.RESOURCE, Facet.TARGET, Facet.FIELD]
    )
    for name in unknown:
        warnings.append(
            line_message(
                line, gettext_noop("タグ「%(name)s」は語彙にないため外しました"), name=name
            )
        )
    if not any(vocabulary.tags[pk].facet == Facet.RESOURCE for pk in tag_ids):
        raise RowError(gettext_noop("資源のタグを1つ以上選んでください"))
    status = None
    if row.get("status"):
        status = LISTING_STATUS_LOOKUP.get(unicodedata.normalize("NFKC", row["status"]).lower())
        if status is None:
            raise RowError(
                gettext_noop("募集状態が不明です（%(value)s、open か closed）"), value=row["status"]
            )
    values = {
        "kind": kind,
        "title": title,
        "description": row.get("description", ""),
        "ward_id": vocabulary.one(row.get("ward", ""), Facet.AREA, "ward"),
        "until": parse_date(row.get("until", "")),
        "status": status,
    }
    probe = Listing(**{k: v for k, v in values.items() if k != "status"})
    try:
        probe.clean_fields(exclude=["organization", "ward", "status", "moderation"])
        validate_text_length(probe.description)
    except ValidationError as exc:
        raise RowError.invalid(exc) from exc
    return values, tag_ids


def _refuse_duplicates(rows, column: str, filename: str) -> None:
    lines: dict[str, list[int]] = {}
    for line, row in rows:
        if row.get(column):
            lines.setdefault(row[column], []).append(line)
    repeated = {key: ls for key, ls in lines.items() if len(ls) > 1}
    if repeated:
        details = [
            bilingual(
                gettext_noop("%(column)s「%(value)s」が %(lines)s 行目にあります"),
                column=column,
                value=key,
                lines=", ".join(map(str, ls)),
            )  # fmt: skip
            for key, ls in list(repeated.items())[:20]
        ]
        raise ImportFileError(
            bilingual(
                gettext_noop("%(file)s: 同じ %(column)s が %(n)s 件、2回以上出てきます"),
                file=filename, column=column, n=len(repeated),
            ),
            details=details,
        )  # fmt: skip


def _existing_orgs(keys: set[str]) -> dict[str, Organization]:
    """Stored organizations by the key a file names them with: the register's external id, or
    'tsunagu-<id>' for a profile exported from Tsunagu that has none."""
    found = {o.external_id: o for o in Organization.objects.filter(external_id__in=keys)}
    own = {int(k[8:]): k for k in keys - set(found) if k.startswith("tsunagu-") and k[8:].isdigit()}
    for org in Organization.objects.filter(pk__in=own, external_id=None):
        found[own[org.pk]] = org
    return found


def _m2m_sets(through, owner: str, pks) -> dict[int, set[int]]:
    sets: dict[int, set[int]] = {}
    for owner_id, tag_id in through.objects.filter(**{f"{owner}__in": pks}).values_list(
        owner, "tag_id"
    ):
        sets.setdefault(owner_id, set()).add(tag_id)
    return sets


def plan_import(
    *, organizations: tuple[bytes, str], listings: tuple[bytes, str] | None = None
) -> ImportPlan:
    """Read and check both files and compare them with the stored directory; write nothing.
    Raises ImportFileError when a file as a whole cannot be imported."""
    org_data, org_name = organizations
    org_header, org_rows = read_rows(org_data, org_name)
    _check_columns(org_header, ORG_REQUIRED, org_name)
    _refuse_duplicates(org_rows, "external_id", org_name)
    listing_rows: list = []
    if listings:
        listing_header, listing_rows = read_rows(*listings)
        _check_columns(listing_header, LISTING_REQUIRED, listings[1])
        _refuse_duplicates(listing_rows, "listing_id", listings[1])
    plan = ImportPlan(has_listings_file=listings is not None)
    vocabulary = Vocabulary()

    for line, row in org_rows:
        try:
            plan.orgs.append(_org_values(row, vocabulary, line, plan.warnings))
        except RowError as exc:
            plan.org_errors.append(exc.on_line(line))
    _diff_orgs(plan)

    org_keys = {r.get("org_external_id", "") for _line, r in listing_rows} - {""}
    by_key = {r.external_id: r for r in plan.orgs}
    stored = _existing_orgs(org_keys - set(by_key))
    invalid_keys = {r.get("external_id") for _l, r in org_rows} - set(by_key)
    ids = set()
    for _line, row in listing_rows:
        if row.get("listing_id", "").isdigit():
            ids.add(int(row["listing_id"]))
    org_pks = {r.existing.pk for r in plan.orgs if r.existing} | {o.pk for o in stored.values()}
    existing_listings = {
        lst.pk: lst for lst in Listing.objects.filter(pk__in=ids).select_related("organization")
    }
    by_title = {}
    for lst in Listing.objects.filter(organization_id__in=org_pks).order_by("id"):
        existing_listings.setdefault(lst.pk, lst)
        by_title.setdefault((lst.organization_id, lst.kind, lst.title), lst)
    seen_titles: dict[tuple, int] = {}
    for line, row in listing_rows:
        try:
            plan.listings.append(
                _listing_row(row, line, plan, vocabulary, by_key, stored, invalid_keys,
                             existing_listings, by_title, seen_titles)
            )  # fmt: skip
        except RowError as exc:
            plan.listing_errors.append(exc.on_line(line))
    _diff_listings(plan, existing_listings)
    if listings is not None:
        named = {r.existing.pk for r in plan.listings if r.existing}
        file_org_pks = {r.existing.pk for r in plan.orgs if r.existing}
        plan.missing_listings = [
            lst
            for lst in existing_listings.values()
            if lst.organization_id in file_org_pks
            and lst.status == ListingStatus.OPEN
            and lst.pk not in named
        ]
        plan.missing_listings.sort(key=lambda lst: lst.pk)
        orgs = {r.existing.pk: r.existing for r in plan.orgs if r.existing}
        for lst in plan.missing_listings:
            lst.organization = orgs[lst.organization_id]
    return plan


def _diff_orgs(plan: ImportPlan) -> None:
    existing = _existing_orgs({r.external_id for r in plan.orgs})
    pks = [o.pk for o in existing.values()]
    fields = _m2m_sets(Organization.fields.through, "organization_id", pks)
    sdgs = _m2m_sets(Organization.sdgs.through, "organization_id", pks)
    for row in plan.orgs:
        org = existing.get(row.external_id)
        if org is None:
            continue
        row.existing = org
        row.changed = [name for name, value in row.values.items() if getattr(org, name) != value]
        if set(row.field_ids) != fields.get(org.pk, set()):
            row.changed.append("fields")
        if set(row.sdg_ids) != sdgs.get(org.pk, set()):
            row.changed.append("sdgs")
        row.outcome = "update" if row.changed else "unchanged"


def _listing_row(
    row, line, plan, vocabulary, by_key, stored, invalid_keys, existing_listings, by_title,
    seen_titles,
) -> ListingRow:  # fmt: skip
    org_key = row.get("org_external_id", "")
    if org_key in invalid_keys:
        raise RowError(gettext_noop("団体 %(key)s の行に誤りがあるため取り込めません"), key=org_key)
    if org_key not in by_key and org_key not in stored:
        raise RowError(gettext_noop("団体 %(key)s が見つかりません"), key=org_key or "（空）")
    values, tag_ids = _listing_values(row, vocabulary, line, plan.warnings)
    org_row = by_key.get(org_key)
    org_pk = stored[org_key].pk if org_key in stored else (
        org_row.existing.pk if org_row.existing else None
    )  # fmt: skip
    existing = None
    listing_id = row.get("listing_id", "")
    if listing_id:
        existing = existing_listings.get(int(listing_id)) if listing_id.isdigit() else None
        if existing is None:
            raise RowError(
                gettext_noop("listing_id %(id)s の募集・提供は登録されていません"), id=listing_id
            )
        if existing.organization_id != org_pk:
            raise RowError(
                gettext_noop("listing_id %(id)s は団体 %(key)s のものではありません"),
                id=listing_id, key=org_key,
            )  # fmt: skip
    title_key = (org_key, values["kind"], values["title"])
    if not listing_id:
        if title_key in seen_titles:
            raise RowError(
                gettext_noop("%(line)s 行目と同じ団体・種類・件名です"), line=seen_titles[title_key]
            )
        seen_titles[title_key] = line
        if org_pk is not None:
            existing = by_title.get((org_pk, values["kind"], values["title"]))
    return ListingRow(line, org_key, values, tag_ids, existing)


def _listing_status(values: dict, existing: Listing | None) -> str:
    """The file's status if it says one; else the stored one (a listing closed by hand stays
    closed); a past until-date lands closed."""
    status = values["status"] or (existing.status if existing else ListingStatus.OPEN)
    if values["until"] and values["until"] < timezone.localdate():
        status = ListingStatus.CLOSED
    return status


def _diff_listings(plan: ImportPlan, existing_listings: dict[int, Listing]) -> None:
    pks = [r.existing.pk for r in plan.listings if r.existing]
    tags = _m2m_sets(Listing.tags.through, "listing_id", pks)
    for row in plan.listings:
        row.values["status"] = _listing_status(row.values, row.existing)
        if row.existing is None:
            continue
        lst = row.existing
        ward_id = row.values["ward_id"] or lst.ward_id
        wanted = {**row.values, "ward_id": ward_id}
        row.changed = [name for name, value in wanted.items() if getattr(lst, name) != value]
        if set(row.tag_ids) != tags.get(lst.pk, set()):
            row.changed.append("tags")
        row.outcome = "update" if row.changed else "unchanged"


# --- export -------------------------------------------------------------------------------------

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-cp932": ("text/csv; charset=shift_jis", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _external_id(org: Organization) -> str:
    return org.external_id or f"tsunagu-{org.pk}"


def organization_export_rows(*, viewer, queryset=None) -> Iterator[list[str]]:
    """The organizations in the import format, header first. Contact columns are filled only
    for a viewer who may see them (staff, members); `viewer=None` is the operator's command."""
    from .selectors import OPERATOR, visible_contacts

    viewer = OPERATOR if viewer is None else viewer
    qs = queryset if queryset is not None else Organization.objects.filter(status="published")
    qs = qs.select_related("ward").prefetch_related("fields", "sdgs").order_by("name_kana", "id")
    yield ORG_COLUMNS
    organizations = list(qs)  # prefetch_related reads them all anyway
    contacts = visible_contacts(viewer, organizations)
    for org in organizations:
        contact = contacts.get(org.pk)
        yield [
            _external_id(org), org.name, org.name_kana, org.kind, org.ward.slug, org.district,
            org.description, ";".join(t.label_ja for t in org.fields.all()),
            ";".join(str(t.number) for t in org.sdgs.all()),
            contact.email if contact else "", contact.phone if contact else "",
            org.website, "true" if org.yoshi_declared else "false",
        ]  # fmt: skip


def listing_export_rows(*, viewer, queryset=None) -> Iterator[list[str]]:
    from .selectors import public_listings

    qs = queryset if queryset is not None else public_listings()
    qs = qs.select_related("organization", "ward").prefetch_related("tags").order_by("id")
    yield LISTING_COLUMNS
    for listing in qs:
        yield [
            str(listing.pk), _external_id(listing.organization), listing.kind, listing.title,
            listing.description, ";".join(t.label_ja for t in listing.tags.all()),
            listing.ward.slug, listing.until.isoformat() if listing.until else "",
            listing.status,
        ]  # fmt: skip


def encode_rows(rows, fmt: str = "csv") -> bytes:
    """Rows as a file: 'csv' (UTF-8 with BOM, Excel opens it right), 'csv-cp932' (Shift_JIS
    for older Excel; characters it lacks become '?') or 'xlsx'."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        for row in rows:
            # openpyxl writes a string beginning with "=" as a formula: neutralise it too.
            sheet.append([csv_export.neutralise(cell) for cell in row])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    text = io.StringIO()
    csv_export.writer(text, lineterminator="\r\n").writerows(rows)
    if fmt == "csv-cp932":
        return text.getvalue().encode("cp932", errors="replace")
    return text.getvalue().encode("utf-8-sig")


def export_organizations(*, viewer, queryset=None) -> str:
    out = io.StringIO()
    csv_export.writer(out, lineterminator="\n").writerows(
        organization_export_rows(viewer=viewer, queryset=queryset)
    )
    return out.getvalue()


def export_listings(*, viewer, queryset=None) -> str:
    out = io.StringIO()
    csv_export.writer(out, lineterminator="\n").writerows(
        listing_export_rows(viewer=viewer, queryset=queryset)
    )
    return out.getvalue()
