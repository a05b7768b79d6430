"""The search keys of organizations and listings (directory search, ranking, 五十音順),
recomputed by every service that changes what they are made of."""

from core.textnorm import reading

from ..models import Listing, Organization
from ..search import document_tokens, match_tokens, organization_document


def organization_reindex(*, organization: Organization) -> None:
    """Recompute the organization's search keys from its profile and public listings (their
    texts and tags: the directory finds a group whose need is only tagged 高齢者), where its
    words are (ranking), and its name's reading (五十音順)."""
    listing_texts, listing_tags = [], set()
    for listing in (
        Listing.objects.public().filter(organization=organization).prefetch_related("tags")
    ):
        listing_texts.append(f"{listing.title} {listing.description}")
        listing_tags.update(t.label_ja for t in listing.tags.all())
    labels = [t.label_ja for t in organization.fields.all()] + [
        t.label_ja for t in organization.sdgs.all()
    ]
    tokens = document_tokens(
        *organization_document(
            organization,
            ward_label=organization.ward.label_ja if organization.ward_id else "",
            labels=labels + sorted(listing_tags),
        ),
        *listing_texts,
    )
    where = match_tokens(
        name=organization.name,
        name_kana=organization.name_kana,
        tag_labels=labels + sorted(listing_tags),
    )
    name_reading = reading(organization.name, kana=organization.name_kana)
    Organization.objects.filter(pk=organization.pk).update(
        search_tokens=tokens, match_tokens=where, name_reading=name_reading
    )
    organization.search_tokens, organization.match_tokens = tokens, where
    organization.name_reading = name_reading


def listing_reindex(*, listing: Listing) -> None:
    """The listing's search keys, and where its words are (title, tags) for ranking."""
    labels = [t.label_ja for t in listing.tags.all()]
    tokens = document_tokens(
        listing.title, listing.description, " ".join(labels), listing.organization.name
    )
    where = match_tokens(name=listing.title, tag_labels=labels)
    Listing.objects.filter(pk=listing.pk).update(search_tokens=tokens, match_tokens=where)
    listing.search_tokens, listing.match_tokens = tokens, where
