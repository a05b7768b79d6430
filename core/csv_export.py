"""The one CSV writer every export uses: it neutralises cells a spreadsheet would run.

A cell that begins with = + - @ (or a tab / carriage return, which some spreadsheets skip
before looking for a formula) is read by Excel and LibreOffice as a formula: a member could
put `=HYPERLINK(...)` in a description and have staff's spreadsheet run it. Such cells get a
leading apostrophe, which spreadsheets show as text (OWASP's advice). Numbers stay numbers.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as a spreadsheet will show it literally."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every string cell passed through `neutralise`."""

    def __init__(self, fileobj, **kwargs):
        self._writer = csv.writer(fileobj, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(fileobj, **kwargs) -> SafeWriter:
    return SafeWriter(fileobj, **kwargs)
