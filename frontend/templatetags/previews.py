from django import template

register = template.Library()


@register.inclusion_tag("frontend/_org_preview.html")
def org_preview(organization, previews=None):
    """Kind, ward and a few open listings of a partner, beside its linked name:
    `{% load previews %}{% org_preview org previews %}` where `previews` comes from
    profiles.selectors.listing_previews for the whole page (no query per partner)."""
    return {
        "org": organization,
        "listings": (previews or {}).get(organization.pk, []),
    }
