"""Fill English translations into locale/en/LC_MESSAGES/django.po from a TSV of
`japanese<TAB>english` lines (stdin or a file; `japanese<TAB>one<TAB>many` for a plural),
then compile the .mo.

    make messages                      # collect new strings
    .venv/bin/python tools/po_fill.py new.tsv
Untranslated strings left over are listed; tests/core/test_translations.py fails on any.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"


def main() -> int:
    text = Path(sys.argv[1]).read_text("utf-8") if len(sys.argv) > 1 else sys.stdin.read()
    pairs = {}
    for line in text.splitlines():
        if "\t" in line:
            ja, en = line.split("\t", 1)
            pairs[ja.replace("\\n", "\n")] = en.replace("\\n", "\n")
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.msgid in pairs:
            # A plural entry takes "singular<TAB>plural" in English.
            if entry.msgid_plural:
                one, _tab, many = pairs[entry.msgid].partition("\t")
                entry.msgstr_plural = {0: one, 1: many or one}
            else:
                entry.msgstr = pairs[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
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
    for msgid in missing:
        print("untranslated:", msgid.replace("\n", "\\n"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
