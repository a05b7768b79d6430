from django import template
from django.utils.translation import gettext_lazy as _

from ..charts import format_value

register = template.Library()


@register.filter
def figure_value(value):
    return format_value(value)


@register.inclusion_tag("console/_subnav.html", takes_context=True)
def console_nav(context):
    """The console's own menu."""
    current = context["request"].resolver_match.url_name
    entries = [
        ("console:home", "home", _("今日の対応")),
        ("console:dashboard", "dashboard", _("成果ダッシュボード")),
        ("console:report", "report", _("年次進捗報告")),
        ("console:curate", "curate", _("団体をつなぐ")),
        ("console:introductions_board", "introductions_board", _("紹介ボード")),
        ("console:events_desk", "events_desk", _("イベント窓口")),
        ("console:matcher_learning", "matcher_learning", _("マッチングが学んだこと")),
        ("console:audit_log", "audit_log", _("監査ログ")),
    ]
    return {"entries": entries, "current": current}
