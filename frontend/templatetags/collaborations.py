from django import template

from matching.introductions.selectors import public_collaborations

register = template.Library()


@register.inclusion_tag("introductions/_public_collaborations.html")
def public_collaborations_of(organization):
    """For profile pages: `{% load collaborations %}{% public_collaborations_of organization %}`
    lists the 協働 both sides agreed to show (nothing at all when there are none)."""
    return {
        "organization": organization,
        "collaborations": list(public_collaborations(organization)),
    }
