"""Server-rendered SVG bar charts, readable at 320 px and in print.

Each chart is an <svg role="img"> named by its <title> and summarised by its <desc>; the page
puts the same numbers in a data table beside it, so nothing is only in the picture. Each row is
a label on one line and its bar below it, so labels never need to be cut at phone width.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .figures import Row

WIDTH = 300
ROW_HEIGHT = 40
BAR_HEIGHT = 14
LABEL_SIZE = 14
BAR_COLOR = "#0b5d3b"
TRACK_COLOR = "#e6ece8"
INK = "#1a1a1a"


def format_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def summary(rows: list[Row]) -> str:
    known = [r for r in rows if r.value is not None]
    if not known or all(not r.value for r in known):
        return gettext("データはまだありません（すべて0）。")
    top = max(known, key=lambda r: r.value)
    return gettext("%(n)s項目。最大は「%(label)s」の%(value)s。") % {
        "n": len(rows),
        "label": top.label,
        "value": format_value(top.value),
    }


def bar_chart(rows: list[Row], *, chart_id: str, title: str) -> SafeString:
    values = [r.value or 0 for r in rows]
    top = max(values, default=0) or 1
    value_room = 52
    track = WIDTH - value_room
    height = max(1, len(rows)) * ROW_HEIGHT + 4
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH,
            height,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            summary(rows),
        )
    ]
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        y = i * ROW_HEIGHT
        bar = round(track * value / top, 1) if value else 0
        parts.append(
            format_html(
                '<g aria-hidden="true">'
                '<text x="0" y="{}" font-size="{}" fill="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}" rx="2"/>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}" rx="2"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text></g>',
                y + LABEL_SIZE + 2,
                LABEL_SIZE,
                INK,
                row.label,
                y + 20,
                track,
                BAR_HEIGHT,
                TRACK_COLOR,
                y + 20,
                bar,
                BAR_HEIGHT,
                BAR_COLOR,
                track + 6,
                y + 20 + BAR_HEIGHT - 2,
                LABEL_SIZE,
                INK,
                format_value(row.value),
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant closing tag
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part escaped above


NEGATIVE_COLOR = "#9c2f1d"
AXIS_COLOR = "#5a5a5a"


def _signed(value) -> str:
    return f"{value:+,}" if value else "0"


def diverging_chart(rows: list[Row], *, chart_id: str, title: str, span: int) -> SafeString:
    """Signed values (say, percent changes) as bars left and right of a zero line, -span to
    +span: raised in green to the right, lowered in red to the left, the value written after."""
    value_room = 52
    track = WIDTH - value_room
    zero = track / 2
    height = max(1, len(rows)) * ROW_HEIGHT + 4
    if rows:
        desc = gettext("%(n)s項目。上げた組み合わせ %(up)s、下げた組み合わせ %(down)s。") % {
            "n": len(rows),
            "up": sum(1 for r in rows if (r.value or 0) > 0),
            "down": sum(1 for r in rows if (r.value or 0) < 0),
        }
    else:
        desc = gettext("データはまだありません（すべて0）。")
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH, height, chart_id, chart_id, chart_id, title, chart_id, desc,
        )
    ]  # fmt: skip
    for i, row in enumerate(rows):
        y = i * ROW_HEIGHT
        value = row.value or 0
        length = round(zero * min(1.0, abs(value) / span), 1) if span else 0
        x = zero if value >= 0 else zero - length
        parts.append(
            format_html(
                '<g aria-hidden="true">'
                '<text x="0" y="{}" font-size="{}" fill="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}" rx="2"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"/>'
                '<rect x="{}" y="{}" width="1" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text></g>',
                y + LABEL_SIZE + 2, LABEL_SIZE, INK, row.label,
                y + 20, track, BAR_HEIGHT, TRACK_COLOR,
                x, y + 20, length, BAR_HEIGHT, BAR_COLOR if value >= 0 else NEGATIVE_COLOR,
                zero, y + 18, BAR_HEIGHT + 4, AXIS_COLOR,
                track + 6, y + 20 + BAR_HEIGHT - 2, LABEL_SIZE, INK, _signed(value),
            )
        )  # fmt: skip
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant closing tag
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part escaped above
