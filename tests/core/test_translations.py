"""Every Japanese UI string has an English translation, and the compiled catalogue is current."""

from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"


def test_every_string_is_translated_into_english():
    po = polib.pofile(str(PO))
    missing = [
        e.msgid
        for e in po
        if not e.obsolete
        and (
            "fuzzy" in e.flags
            or (not e.msgid_plural and not e.msgstr)
            or (e.msgid_plural and not all(e.msgstr_plural.values()))
        )
    ]
    assert missing == [], "run `make messages` and translate these"


def test_the_compiled_catalogue_matches_the_source():
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)) if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(PO.with_suffix(".mo")))}
    assert {k: v for k, v in po.items() if k[1]} == {k: v for k, v in mo.items() if k[1]}
