"""Japanese-aware keyword search over stored tokens.

Documents store `core.textnorm.tokens()` of their text (normalized forms, readings and the
sub-words of compounds), space separated, in `search_tokens`. A query becomes groups of
alternative keys: every group must match (AND), any key of a group may (OR). So こども, 子ども and
子供 meet at 子供; しょくどう meets 食堂 at the reading ショクドウ; 食堂 finds 子ども食堂.

The `anytoken` lookup is a whole-token match: on PostgreSQL the tokens are a `text[]` column and
the match is `col && ARRAY[...]` (GIN index, migration 0004); on SQLite
`instr(' ' || col || ' ', ' k ')`.
"""

import re
import unicodedata

from django.db.models import Case, IntegerField, Lookup, Q, TextField, Value, When

from core.textnorm import _LEGAL_FORMS, _is_word, _tokenizer, fold, term_keys, tokens

_KANA_ONLY = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc]+$")
MAX_GROUPS = 8


def _clean(key: str) -> str:
    return "".join(key.split())


def _text_keys(text: str) -> list[str]:
    keys = []
    whole = _clean(fold(text))
    if whole and len(whole) <= 40:
        keys.append(whole)
    keys += [key for key in (_clean(k) for k in tokens(text)) if key]
    return keys


def document_tokens(*texts: str, memo: dict[str, list[str]] | None = None) -> str:
    """The stored form: unique keys of all texts, space separated (whole texts folded too, so a
    full katakana name typed as is still matches). `memo` (text → keys), owned by one caller,
    spares re-analysing the texts a batch repeats (kinds, wards, tag labels, districts)."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        if memo is None:
            keys = _text_keys(text)
        else:
            keys = memo.get(text)
            if keys is None:
                keys = _text_keys(text)
                if len(text) <= 40:  # long texts rarely repeat: keep the memo small
                    memo[text] = keys
        for key in keys:
            seen.setdefault(key, None)
    return " ".join(seen)


def query_groups(q: str) -> list[set[str]]:
    """Each word of the query, as sets of keys any of which may match."""
    q = unicodedata.normalize("NFKC", q or "")
    groups: list[set[str]] = []
    tokenizer, mode = _tokenizer()
    for word in q.split():
        if _KANA_ONLY.match(word):
            # Sudachi splits bare kana unreliably; the whole reading meets the stored readings.
            groups.append({_clean(k) for k in term_keys(word) | {fold(word)}} - {""})
            continue
        for morpheme in tokenizer.tokenize(word, mode.C):
            if not _is_word(morpheme.surface()):
                continue
            keys = {
                _clean(fold(form))
                for form in (
                    morpheme.surface(),
                    morpheme.normalized_form(),
                    morpheme.reading_form(),
                )
            } - {""}
            if keys:
                groups.append(keys)
    return groups[:MAX_GROUPS]


def keyword_q(q: str, field: str = "search_tokens") -> Q | None:
    """A Q object matching documents that contain every word of q (None for an empty q)."""
    groups = query_groups(q)
    if not groups:
        return None
    condition = Q()
    for keys in groups:
        condition &= Q(**{f"{field}__anytoken": sorted(keys)})
    return condition


# --- relevance -------------------------------------------------------------------------------
#
# An organization also stores `match_tokens`: where its words are, so results can be ranked in
# the database (exact name > name contains > tag > anything else, e.g. listing texts). Keys
# carry a prefix: "=" the whole name as a term (its term_keys, with and without the legal
# form), "n:" a word of the name or its reading, "t:" a word of a tag label (its fields, SDGs
# and the tags of its public needs and offers).

EXACT_NAME, NAME, TAG, OTHER = 0, 1, 2, 3


def match_tokens(*, name: str, name_kana: str = "", tag_labels=(), memo=None) -> str:
    keys: dict[str, None] = {}
    bare = _LEGAL_FORMS.sub("", unicodedata.normalize("NFKC", name or "")).strip()
    for text in {name, bare, name_kana} - {""}:
        for key in term_keys(text):
            keys.setdefault("=" + _clean(key), None)
    for key in document_tokens(name, name_kana, memo=memo).split():
        keys.setdefault("n:" + key, None)
    for key in document_tokens(*tag_labels, memo=memo).split():
        keys.setdefault("t:" + key, None)
    return " ".join(keys)


def relevance(q: str, field: str = "match_tokens"):
    """An expression ranking documents for the query q (lower is better), or None."""
    groups = query_groups(q)
    if not groups:
        return None
    exact = sorted({"=" + _clean(k) for k in term_keys(q)} - {"="})
    in_name, in_name_or_tag = Q(), Q()
    for keys in groups:
        in_name &= Q(**{f"{field}__anytoken": sorted("n:" + k for k in keys)})
        in_name_or_tag &= Q(
            **{f"{field}__anytoken": sorted({"n:" + k for k in keys} | {"t:" + k for k in keys})}
        )
    return Case(
        When(Q(**{f"{field}__anytoken": exact}), then=Value(EXACT_NAME)),
        When(in_name, then=Value(NAME)),
        When(in_name_or_tag, then=Value(TAG)),
        default=Value(OTHER),
        output_field=IntegerField(),
    )


def text_matches(groups: list[set[str]], text: str, memo: dict) -> bool:
    """Whether any word of the query is found in this text (explanations)."""
    if not text:
        return False
    keys = memo.get(text)
    if keys is None:
        keys = memo[text] = set(_text_keys(text))
    return any(keys & group for group in groups)


class TokenField(TextField):
    """Search tokens: a space-separated string in Python. Stored as `text[]` on PostgreSQL (GIN
    indexed, with element statistics the planner can use) and as plain text on SQLite."""

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "postgresql" and isinstance(value, str):
            return value.split()
        return value

    def from_db_value(self, value, expression, connection):
        return " ".join(value) if isinstance(value, list) else value

    def get_placeholder(self, value, compiler, connection):
        # Keeps PostgreSQL's bulk insert off its UNNEST path, which cannot nest arrays.
        return "%s"


@TokenField.register_lookup
class AnyToken(Lookup):
    lookup_name = "anytoken"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [list(value)])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} && %s::text[]", [*lhs_params, keys]
        parts = [f"instr(' ' || {lhs} || ' ', %s) > 0" for _ in keys]
        params = [p for key in keys for p in (*lhs_params, f" {key} ")]
        return "(" + " OR ".join(parts) + ")", params


def organization_document(organization, *, ward_label: str, labels) -> tuple:
    """The texts an organization is found by (its listings' texts are added by the caller)."""
    return (
        organization.name,
        organization.name_kana,
        organization.district,
        organization.description,
        organization.industry,
        organization.area_covered,
        organization.faculty_or_lab,
        organization.get_kind_display(),
        ward_label,
        " ".join(labels),
    )
