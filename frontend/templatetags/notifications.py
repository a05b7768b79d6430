from django import template

from core.notifications import unread_count

register = template.Library()


@register.inclusion_tag("core/_unread_badge.html", takes_context=True)
def unread_badge(context):
    """The header's link to the notification list with the unread count (live over WS)."""
    user = context["request"].user
    return {
        "count": unread_count(user) if user.is_authenticated else 0,
        "request": context["request"],
    }
