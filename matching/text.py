"""The words of a listing, as the matcher reads them: the search analyzer's tokens
(core.textnorm: Sudachi normalized forms and readings, compounds split), after folding the
curated synonyms of core.vocabulary to one word, without function words. No Django import:
services pass the result to the engine as plain data."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core import textnorm
from core.vocabulary import DISTRICTS, SYNONYMS, TARGET_WORDS

_KANA = re.compile(r"^[\u30a0-\u30ffー]+$")
# Auxiliaries and formal nouns that survive the rules below (folded forms).
_STOP_WORDS = (
    "為る 居る 有る 成る 出来る 致す 下さる 頂く 貰う 呉れる 御 思う 言う 方 事 物 等 様 為 時 所 "
    "クダサイ クレル イタダク モラウ イタス デキル オモウ ナル アル イル スル コト モノ ヨウ タメ "
    "トキ トコロ ナド マス デス カラ マデ ヨリ ケレド ナガラ "
    "the and for with our are you your can will from this that have has not but all any free "
    "we to of in on at is be by or an as it "
    # the boilerplate of a listing: every call says 募集・お問い合わせ・お気軽に
    "募集 提供 詳しい 問い合わせる 問う 合わせる 気軽 連絡 願う 歓迎 探す 求める 行う 可能 待つ "
    # single kanji that say nothing alone (祭, 車, 畑 do: they stay)
    "化 月 日 年 回 名 人 的 者 会 館 内 後 前 中 上 下 度 点 他 毎 各 全 円 分 際"
)
_STOP = frozenset(textnorm.fold(w) for w in _STOP_WORDS.split())
_ASCII = re.compile(r"^[a-z0-9]+$")


@lru_cache(maxsize=1)
def _synonym_pattern():
    canonical = {}
    for group in SYNONYMS:
        for word in group:
            canonical[unicodedata.normalize("NFKC", word)] = group[0]
    words = sorted(canonical, key=len, reverse=True)  # longest first: 町内会館 before 会館
    return re.compile("|".join(map(re.escape, words))), canonical


def fold_synonyms(text: str) -> str:
    """Each curated variant replaced by its group's first word, in one pass."""
    pattern, canonical = _synonym_pattern()
    return pattern.sub(lambda m: canonical[m.group(0)], text)


def _content(token: str, folded_text: str) -> bool:
    if token in _STOP or token.isdigit() or not token:
        return False
    if _ASCII.match(token):
        return len(token) >= 3
    if len(token) == 1:
        return not _KANA.match(token) and unicodedata.category(token) == "Lo"
    if _KANA.match(token):
        # A katakana token is kept only when the text spells it so (ボランティア, スマホ);
        # the katakana *reading* of a kanji word would only repeat it.
        return len(token) >= 3 and token in folded_text
    return True


def listing_words(title: str, description: str = "") -> tuple[str, ...]:
    """Content words of a listing (title and description), synonyms folded, in text order."""
    text = fold_synonyms(unicodedata.normalize("NFKC", f"{title or ''}\n{description or ''}"))
    folded = textnorm.fold(text)
    return tuple(t for t in textnorm.tokens(text) if _content(t, folded))


def text_targets(*texts: str) -> frozenset[str]:
    """Target groups the texts name (core.vocabulary.TARGET_WORDS)."""
    text = unicodedata.normalize("NFKC", " ".join(t or "" for t in texts))
    return frozenset(slug for slug, words in TARGET_WORDS.items() if any(w in text for w in words))


_SMALL_KE = str.maketrans({"ヶ": "ケ", "ヵ": "ケ", "が": "ケ", "ガ": "ケ"})


@lru_cache(maxsize=16)
def _districts(ward: str) -> tuple[tuple[str, str], ...]:
    """(folded name, canonical name) of the ward's 地区, longest first (長町南 before 長町)."""
    names = [ja for ja, _en in DISTRICTS.get(ward, ())]
    return tuple(sorted(((n.translate(_SMALL_KE), n) for n in names), key=lambda x: -len(x[0])))


def district_of(ward: str | None, *texts: str) -> str | None:
    """The 地区 of a group in `ward`: the first of `texts` (its 地区 field, area covered, name)
    naming one of the ward's curated 地区 (core.vocabulary.DISTRICTS), as its canonical name;
    None when none does or the ward is unknown. 泉ヶ丘, 泉ケ丘 and 泉が丘 are one place."""
    if not ward:
        return None
    for text in texts:
        folded = unicodedata.normalize("NFKC", text or "").translate(_SMALL_KE)
        if not folded:
            continue
        for name, canonical in _districts(ward):
            if name in folded:
                return canonical
    return None
