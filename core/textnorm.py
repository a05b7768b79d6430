"""Japanese text normalization shared by tag lookup and directory search.

Sudachi (mode C, which keeps 町内会 and 高齢者 whole) gives each word a *normalized form* that
unifies spelling variants (こども/子ども/子供 → 子供, ＮＰＯ → NPO) and a *reading* in katakana.
Search keys use both, so a query typed in kana finds words written in kanji. The normalized forms
are never shown to people: Sudachi maps する → 為る, for example.
"""

import re
import threading
import unicodedata

_HIRAGANA = re.compile(r"[\u3041-\u3096]")
_PUNCT_CATEGORIES = ("P", "S", "Z", "C")


def fold(text: str) -> str:
    """NFKC (full/half width), lower case, katakana for hiragana, collapsed spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _HIRAGANA.sub(lambda m: chr(ord(m.group(0)) + 0x60), text)
    return " ".join(text.split())


def hiragana_to_katakana(text: str) -> str:
    return _HIRAGANA.sub(lambda m: chr(ord(m.group(0)) + 0x60), text)


def katakana_to_hiragana(text: str) -> str:
    return re.sub(r"[\u30a1-\u30f6]", lambda m: chr(ord(m.group(0)) - 0x60), text)


# The dictionary is loaded once per process (~0.1 s) and is safe to share; a tokenizer is not
# re-entrant ("Tokenizer is already in use" when two threads call it at once), and ASGI/WSGI
# servers run sync views in a thread pool: so one tokenizer per thread, built from the shared
# dictionary (cheap).
_dictionary = None
_dictionary_lock = threading.Lock()
_per_thread = threading.local()


def _shared_dictionary():
    global _dictionary
    if _dictionary is None:
        with _dictionary_lock:
            if _dictionary is None:
                from sudachipy import Dictionary

                _dictionary = Dictionary()
    return _dictionary


def _tokenizer():
    """This thread's tokenizer and the split modes."""
    from sudachipy import SplitMode

    tokenizer = getattr(_per_thread, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _per_thread.tokenizer = _shared_dictionary().tokenizer()
    return tokenizer, SplitMode


def warm() -> None:
    """Load the dictionary now (a server process calls this as it starts): otherwise the first
    search in each process waits for it and the process grows by ~50 MB at that moment."""
    tokens("仙台市の町内会とこども食堂")


def _is_word(surface: str) -> bool:
    return any(not unicodedata.category(ch).startswith(_PUNCT_CATEGORIES) for ch in surface)


def tokens(text: str) -> list[str]:
    """Search tokens of a text: each word's normalized form and its katakana reading.

    Both are folded (width, case), so 'ＮＰＯ', 'npo' and 'NPO' agree. Readings let kana input
    match kanji words; normalized forms unify spelling variants.
    """
    text = unicodedata.normalize("NFKC", text or "")
    if not text.strip():
        return []
    tokenizer, mode = _tokenizer()
    out: list[str] = []
    seen: set[str] = set()
    for morpheme in tokenizer.tokenize(text, mode.C):
        surface = morpheme.surface()
        if not _is_word(surface):
            continue
        for form in (morpheme.normalized_form(), morpheme.reading_form()):
            key = fold(form)
            if key and key not in seen:
                seen.add(key)
                out.append(key)
        # Sub-words of a compound (mode A) so that 子ども食堂 is found by 食堂.
        if len(surface) > 2:
            for sub in morpheme.split(mode.A):
                for form in (sub.normalized_form(), sub.reading_form()):
                    key = fold(form)
                    if key and key not in seen:
                        seen.add(key)
                        out.append(key)
    return out


def term_keys(text: str) -> set[str]:
    """Keys under which a short name (a tag label, a typed tag name) is known.

    The whole name folded; the joined normalized forms; the joined readings. Two names denote the
    same term when any key agrees: こども, 子ども, 子供, ｺﾄﾞﾓ all give 子供 and コドモ.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return set()
    keys = {fold(text)}
    tokenizer, mode = _tokenizer()
    morphemes = [m for m in tokenizer.tokenize(text, mode.C) if _is_word(m.surface())]
    if morphemes:
        keys.add("".join(fold(m.normalized_form()) for m in morphemes))
        keys.add("".join(fold(m.reading_form()) for m in morphemes))
    keys.discard("")
    return keys


# Legal forms a register leaves out when it sorts by name (株式会社 杜の都電機 sorts under も).
_LEGAL_FORMS = re.compile(
    r"^\s*(認定NPO法人|特定非営利活動法人|NPO法人|一般社団法人|公益社団法人|一般財団法人|"
    r"公益財団法人|社会福祉法人|学校法人|株式会社|有限会社|合同会社)\s*|\s*(株式会社|有限会社)\s*$"
)


def reading(name: str, *, kana: str = "") -> str:
    """The reading of a name in hiragana, for 五十音順: the furigana the group gave (`kana`)
    when there is one — Sudachi misreads local names (杜の都 → もりのと, 秋保 → あきほ) — else
    Sudachi's reading of each word (legal forms left out, punctuation and spaces dropped).
    Stored and sorted by code point (か が き ぎ…, a small kana just before its large one),
    so the order never depends on the database's collation."""
    if kana and kana.strip():
        return katakana_to_hiragana(fold(kana).replace(" ", ""))
    text = _LEGAL_FORMS.sub("", unicodedata.normalize("NFKC", name or "")).strip()
    if not text:
        return ""
    tokenizer, mode = _tokenizer()
    parts = []
    for morpheme in tokenizer.tokenize(text, mode.C):
        surface = morpheme.surface()
        if not _is_word(surface):
            continue
        form = morpheme.reading_form()
        # Sudachi reads unknown symbols as キゴウ; keep the written form for those.
        parts.append(surface if form == "キゴウ" else form)
    return katakana_to_hiragana(fold("".join(parts)).replace(" ", ""))
