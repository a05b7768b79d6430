"""Forgiving lookup from a typed tag name to a vocabulary tag.

Names fold width (NFKC), case, hiragana/katakana and spelling variants (Sudachi normalized form),
so 'こども', '子供' and 'ｺﾄﾞﾓ' all find 子ども. Slugs, English labels and, for SDGs, the goal number
('3', 'SDG3', '目標3') are accepted too. Names that map to no tag are reported, never guessed.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Max

from .models import Facet, Tag
from .textnorm import term_keys

_SDG_NUMBER = re.compile(r"^(?:sdgs?|goal|目標|ゴール)?\s*(\d{1,2})$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[;；、,，\n]")


@dataclass
class Resolution:
    tags: list[Tag] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def split_names(text: str) -> list[str]:
    """Split a cell like '子ども; 高齢者、防災' into names."""
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


def _add(index: dict, facet: str, names: set[str], pk: int) -> None:
    by_key = index.setdefault(facet, {})
    for name in names:
        for key in term_keys(name):
            by_key.setdefault(key, set()).add(pk)


# Shared by every request thread: safe because the dicts are built whole inside the call and
# only read afterwards (lru_cache itself is thread-safe; two threads may build it once each).
@lru_cache(maxsize=4)
def _index(version: tuple) -> tuple[dict, dict]:
    """(whole names, parts of names): a part ('人手' of '人手・ボランティア') is tried only when
    no whole name matched, and only counts when it points to a single tag."""
    whole: dict[str, dict[str, set[int]]] = {}
    parts: dict[str, dict[str, set[int]]] = {}
    for tag in Tag.objects.all():
        names = {tag.slug, tag.label_ja, tag.label_en}
        if tag.facet == Facet.AREA:
            # 青葉 for 青葉区, 秋保 for 秋保総合支所
            names |= {tag.label_ja.removesuffix("区").removesuffix("総合支所")}
        _add(whole, tag.facet, names, tag.pk)
        _add(parts, tag.facet, set(re.split(r"[・/]", tag.label_ja)) - {tag.label_ja}, tag.pk)
    return whole, parts


def _current_index():
    stats = Tag.objects.aggregate(m=Max("pk"))
    return _index((stats["m"], Tag.objects.count()))


def resolve(names: list[str] | str, facets: list[str] | None = None) -> Resolution:
    """Map typed names to tags of the given facets (all facets if None), keeping input order."""
    if isinstance(names, str):
        names = split_names(names)
    facets = facets or [f.value for f in Facet]
    index = _current_index()
    ids: list[int] = []
    result = Resolution()
    for name in names:
        found = None
        number = _SDG_NUMBER.match(unicodedata.normalize("NFKC", name).strip())
        if number and Facet.SDG in facets and 1 <= int(number.group(1)) <= 17:
            found = Tag.objects.filter(facet=Facet.SDG, number=int(number.group(1))).first()
            found = found.pk if found else None
        keys = term_keys(name) if found is None else set()
        for level in index:
            if found is not None:
                break
            hits = {
                pk for facet in facets for key in keys for pk in level.get(facet, {}).get(key, ())
            }
            if len(hits) == 1:
                found = hits.pop()
        if found is None:
            result.unknown.append(name)
        elif found not in ids:
            ids.append(found)
    by_id = Tag.objects.in_bulk(ids)
    result.tags = [by_id[pk] for pk in ids]
    return result
