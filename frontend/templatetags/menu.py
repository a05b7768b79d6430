"""Which main menu entry the page belongs to: one entry, never several.

Matching on a bare url_name marked entries of other apps that reuse the name ("review" is both
the organization review queue and the events review; "home" both the home page and the
console's), so several links said "current page" at once. Sections are named here by the
namespaced view name first and the app namespace second."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

VIEW_SECTIONS = {
    "home": "home",
    "profiles:directory": "directory",
    "profiles:listings": "directory",
    "profiles:export": "directory",
    "profiles:detail": "directory",
    "profiles:mine": "mine",
    "profiles:act_for": "mine",
    "profiles:create": "mine",
    "profiles:edit": "mine",
    "profiles:members": "mine",
    "profiles:member_action": "mine",
    "profiles:invitation": "mine",
    "profiles:listing_create": "mine",
    "profiles:listing_edit": "mine",
    "profiles:review": "review",
    "profiles:review_action": "review",
    "profiles:import": "console",
    "profiles:import_status": "console",
    "profiles:import_decide": "console",
}
NAMESPACE_SECTIONS = {
    "events": "events",
    "introductions": "introductions",
    "console": "console",
    "matching": "suggestions",
}
# Sections with their own menu, which marks the page itself: the main entry says "you are in
# this section" (aria-current="true") so only one link on the page says "this page".
WITH_SUBMENU = {"events", "introductions", "console"}


def section_of(match) -> str:
    if match is None:
        return ""
    return VIEW_SECTIONS.get(match.view_name) or NAMESPACE_SECTIONS.get(match.namespace, "")


@register.simple_tag(takes_context=True)
def nav_current(context, section: str) -> str:
    """` aria-current="…"` for the main menu entry `section` when the page belongs to it."""
    request = context.get("request")
    if request is None or section_of(request.resolver_match) != section:
        return ""
    return mark_safe(' aria-current="true"' if section in WITH_SUBMENU else ' aria-current="page"')
