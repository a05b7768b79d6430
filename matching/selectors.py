"""Reads for the pages and the API. They read the stored suggestions and never run the engine."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from core import pagecache
from core.models import Tag
from core.vocabulary import DISTRICTS
from profiles.models import Listing, ModerationStatus, Organization, OrganizationKind
from profiles.predicates import is_staff

from .engine import PAIR_SENTENCES, render_reason
from .models import (
    Dismissal,
    DismissReason,
    SavedSearch,
    SavedSearchHit,
    SavedSearchScope,
    Suggestion,
)


def organizations_acted_for(*, viewer) -> QuerySet[Organization]:
    """The organizations this person is a member of (for the organization switcher)."""
    if not viewer.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=viewer).order_by("name_kana", "id")


def organization_for_suggestions(*, viewer, organization_id=None) -> Organization:
    """The organization whose suggestions the viewer asked for, or their own (the first they
    belong to). 404 when there is none or when the viewer may not see it: a stranger learns
    nothing, not even that the organization exists."""
    if organization_id in (None, ""):
        organization = organizations_acted_for(viewer=viewer).first()
    else:
        try:
            organization = Organization.objects.select_related("ward").get(pk=int(organization_id))
        except (Organization.DoesNotExist, TypeError, ValueError):
            organization = None
    if organization is None or not viewer.has_perm("matching.view_suggestions", organization):
        raise Http404(_("団体が見つかりません"))
    return organization


def organization_id_for_suggestions(*, viewer, organization_id=None) -> int:
    """organization_for_suggestions without loading the organization, for a read answered from
    the cache: the permission is asked by id (a membership proves the organization exists; staff
    may ask of any, so for them whether it exists is asked too). The same 404s."""
    if organization_id in (None, ""):
        return organization_for_suggestions(viewer=viewer).pk
    try:
        pk = int(organization_id)
    except (TypeError, ValueError):
        pk = None
    if pk is None or not viewer.has_perm("matching.view_suggestions", pk):
        raise Http404(_("団体が見つかりません"))
    if is_staff(viewer) and not Organization.objects.filter(pk=pk).exists():
        raise Http404(_("団体が見つかりません"))
    return pk


def suggestion_list(
    *,
    viewer,
    organization: Organization,
    kind: str = "",
    ward: str = "",
    mutual: bool | None = None,
) -> QuerySet[Suggestion]:
    """The organization's stored suggestions, best first; narrowed to partners of one kind
    (OrganizationKind value), in one ward (area tag slug) or to two-way matches when asked."""
    if not viewer.has_perm("matching.view_suggestions", organization):
        return Suggestion.objects.none()
    found = Suggestion.objects.filter(
        organization=organization, partner__status=ModerationStatus.PUBLISHED
    )
    if kind:
        found = found.filter(partner__kind=kind)
    if ward:
        found = found.filter(partner__ward__slug=ward)
    if mutual is not None:
        found = found.filter(mutual=mutual)
    return found.select_related("partner", "partner__ward").order_by("rank", "id")


def suggestion_for_action(*, viewer, organization: Organization, suggestion_id) -> Suggestion:
    if not viewer.has_perm("matching.dismiss_suggestion", organization):
        raise Http404
    try:
        return Suggestion.objects.select_related("organization", "partner").get(
            pk=int(suggestion_id), organization=organization
        )
    except (Suggestion.DoesNotExist, TypeError, ValueError):
        raise Http404(_("おすすめが見つかりません")) from None


SUGGESTIONS_SECTION = "suggestions"  # every stored list (a full rebuild bumps it)


def suggestions_section(organization_id: int) -> str:
    return f"suggestions:{organization_id}"  # one organization's stored list


def suggestion_stamp(organization_id: int) -> tuple:
    """Changes whenever the organization's stored suggestions may have (every write of them
    bumps its version, or the version of every list) or the directory they name has: a cache
    key for what is built from them, read from the cache in one round trip without a query."""
    return (
        organization_id,
        *pagecache.versions(SUGGESTIONS_SECTION, suggestions_section(organization_id), "directory"),
    )


def has_listings(organization: Organization) -> bool:
    return Listing.objects.public().filter(organization=organization).exists()


def tag_labeler():
    """A label function for render_reason, reading the vocabulary once. A tag since removed
    from the vocabulary shows its slug rather than breaking the page."""
    labels = {
        (facet, slug): (ja, en)
        for facet, slug, ja, en in Tag.objects.values_list("facet", "slug", "label_ja", "label_en")
    }
    # 地区 are not tags: their names come from the curated table (the Japanese name is the key).
    labels.update({("district", ja): (ja, en) for names in DISTRICTS.values() for ja, en in names})

    def label(facet: str, slug: str, lang: str) -> str:
        ja, en = labels.get((facet, slug), (slug, slug))
        return en if lang == "en" else ja

    return label


PAIR_TYPES = ("need_met", "offer_used")


def _pair_key(reason: dict) -> tuple | None:
    """Which pair of listings a reason is about: (direction, need titles, offer titles)."""
    if reason.get("type") not in PAIR_TYPES:
        return None
    needs = [reason["need_title"]] if reason.get("need_title") else reason.get("need_titles")
    offers = [reason["offer_title"]] if reason.get("offer_title") else reason.get("offer_titles")
    if not needs or not offers:
        return None
    return (reason["type"], tuple(needs), tuple(offers))


def _merged_pair(first: dict, tags: list[str], *, lang: str, partner: str, label) -> dict:
    """One reason for a pair of listings that was stored once per shared tag (the first
    matcher wrote a reason per tag, each naming the same listings): the pair once, its tags
    together."""
    _type, needs, offers = _pair_key(first)
    sep = ", " if lang == "en" else "、"
    names = sep.join(label("resource", slug, lang) for slug in tags)
    merged = {
        **first, "need_title": sep.join(needs), "offer_title": sep.join(offers),
        "match": "text", "words": [], "tags": tags, "pair": True,
    }  # fmt: skip
    sentence = PAIR_SENTENCES[first["type"]][1 if lang == "en" else 0]
    merged["text"] = sentence.format(
        partner=partner, need_title=merged["need_title"], offer_title=merged["offer_title"],
        tie=names,
    )  # fmt: skip
    return merged


def reasons_for(suggestion: Suggestion, *, lang: str | None = None, label=None) -> list[dict]:
    """Structured reasons with their sentence in the language asked (the active one by
    default); unknown reason types are dropped. Each pair of listings is named once: reasons
    repeating a pair (one per shared tag) are merged into the first."""
    lang = lang or translation.get_language() or "ja"
    lang = "en" if lang.lower().startswith("en") else "ja"
    label = label or tag_labeler()
    partner = suggestion.partner.name
    out: list[dict] = []
    pairs: dict[tuple, tuple[int, list[str]]] = {}  # key → (index in out, tags)
    for reason in suggestion.reasons:
        key = _pair_key(reason)
        if key in pairs:
            index, tags = pairs[key]
            tag = reason.get("need")
            if tag and tag not in tags:
                tags.append(tag)
                first = {k: v for k, v in out[index].items() if k != "text"}
                out[index] = _merged_pair(first, tags, lang=lang, partner=partner, label=label)
            continue
        text = render_reason(reason, lang=lang, partner=partner, label=label)
        if not text:
            continue
        if key:
            pairs[key] = (len(out), [reason["need"]] if reason.get("need") else [])
        out.append({**reason, "text": text, "pair": key is not None})
    return out


def kind_label(kind: str) -> str:
    return str(dict(OrganizationKind.choices).get(kind, kind))


def dismissal_counts() -> dict[str, int]:
    """How often each "not interested" reason was given (for evaluation)."""
    counts = dict.fromkeys(DismissReason.values, 0)
    counts[""] = 0
    for row in Dismissal.objects.values("reason").annotate(n=Count("id")):
        counts[row["reason"]] = row["n"]
    return counts


def introductions_requested_from_suggestions() -> int:
    """How many introductions were asked for from a suggestion: the positive feedback kept
    beside the "not interested" counts."""
    from .introductions.models import Introduction

    return Introduction.objects.filter(suggestion_id__isnull=False).count()


# --- Saved searches ------------------------------------------------------------------------


def saved_searches_of(*, viewer) -> QuerySet[SavedSearch]:
    """The person's own saved searches (nobody else's, staff included)."""
    if not viewer.is_authenticated:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=viewer).select_related("organization")


def saved_search_for(*, viewer, pk: int) -> SavedSearch:
    """One of the person's saved searches; 404 for anyone else's (its existence is private)."""
    search = saved_searches_of(viewer=viewer).filter(pk=pk).first()
    if search is None:
        raise Http404
    return search


def filterset_class_for(scope: str):
    from profiles.filters import ListingFilter, OrganizationFilter

    return OrganizationFilter if scope == SavedSearchScope.ORGANIZATIONS else ListingFilter


def filter_form(scope: str, params):
    """The search page's form over these params (to check or show them)."""
    model = Organization if scope == SavedSearchScope.ORGANIZATIONS else Listing
    return filterset_class_for(scope)(params, queryset=model.objects.none()).form


def saved_search_conditions(search: SavedSearch) -> list[tuple[str, str]]:
    """(label, value) of each condition, in the active language, as the search form shows
    them (choices by their labels)."""
    form = filter_form(search.scope, search.params)
    out = []
    for name, field in form.fields.items():  # the form's order (JSON keeps none)
        value = search.params.get(name)
        if value in (None, ""):
            continue
        choices = getattr(field, "choices", None)
        shown = {str(k): str(v) for k, v in (choices if choices is not None else [])}
        if name in ("yoshi", "verified", "open_needs"):
            shown = {"true": _("はい"), "false": _("いいえ")}
        out.append((str(field.label), shown.get(str(value), str(value))))
    return out


def saved_search_summary(search: SavedSearch) -> str:
    """One line naming the search: its conditions' values (キーワード shown as typed)."""
    # 、 not ・: the values themselves contain ・ (町内会・自治会, IT・デジタル).
    separator = "、" if (translation.get_language() or "ja").startswith("ja") else ", "
    return separator.join(value for _label, value in saved_search_conditions(search))


def saved_search_url(search: SavedSearch) -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    name = (
        "profiles:directory"
        if search.scope == SavedSearchScope.ORGANIZATIONS
        else "profiles:listings"
    )
    return f"{reverse(name)}?{urlencode(search.params)}"


def saved_search_news(*, user, since) -> list[dict]:
    """The weekly digest's section: what the person's saved searches found this week."""
    from django.urls import reverse

    hits = (
        SavedSearchHit.objects.filter(search__user=user, created_at__gte=since)
        .select_related("search", "organization", "listing__organization")
        .order_by("-created_at", "-id")[:10]
    )
    out = []
    for hit in hits:
        if hit.listing_id:
            title = f"{hit.listing.organization.name}「{hit.listing.title}」"
            url = reverse("profiles:detail", args=[hit.listing.organization_id])
        else:
            title = hit.organization.name
            url = reverse("profiles:detail", args=[hit.organization_id])
        out.append({"title": title, "url": url})
    return out


# --- What the matcher learns from (matching.learning) --------------------------------------------


def learning_reset_at():
    """When staff last reset what the matcher learned (None: never)."""
    from .models import LearningReset

    return LearningReset.objects.order_by("-at", "-id").values_list("at", flat=True).first()


def learning_outcomes(*, since=None) -> list:
    """Every answer about a pair of organizations, as matching.learning.Outcome, oldest first:
    accepted and declined introductions, recorded collaborations and dismissals (at or after
    `since` when given). The tag pairs come from all the two organizations' listings, open or
    closed (an accepted introduction often closes the need it met)."""
    from core.vocabulary import NEIGHBORING_AREAS
    from profiles.models import Listing, ListingKind

    from .engine import COMPLEMENTS
    from .introductions.models import Collaboration, Introduction, Status
    from .learning import (
        ACCEPTED,
        COLLABORATION,
        DECLINED,
        DISMISSED,
        Outcome,
        distance_class,
        involved_pairs,
    )

    intros = Introduction.objects.filter(status__in=[Status.ACCEPTED, Status.DECLINED])
    collaborations = Collaboration.objects.all()
    dismissals = Dismissal.objects.all()
    if since is not None:
        intros = intros.filter(
            Q(answered_at__gte=since) | Q(answered_at=None, updated_at__gte=since)
        )
        collaborations = collaborations.filter(created_at__gte=since)
        dismissals = dismissals.filter(created_at__gte=since)
    rows = []  # (at, kind, reason, a, b)
    for at, updated, status, reason, a, b in intros.values_list(
        "answered_at", "updated_at", "status", "decline_reason", "requester_id", "recipient_id"
    ):
        kind = ACCEPTED if status == Status.ACCEPTED else DECLINED
        rows.append((at or updated, kind, reason, a, b))
    for at, a, b in collaborations.values_list(
        "created_at", "organization_a_id", "organization_b_id"
    ):
        rows.append((at, COLLABORATION, "", a, b))
    for at, reason, a, b in dismissals.values_list(
        "created_at", "reason", "organization_id", "partner_id"
    ):
        rows.append((at, DISMISSED, reason, a, b))
    orgs = {x for r in rows for x in r[3:]}
    sides: dict[int, dict[str, set[str]]] = {o: {"need": set(), "offer": set()} for o in orgs}
    tagged = Listing.tags.through.objects.filter(
        listing__organization__in=orgs, tag__facet="resource"
    ).values_list("listing__organization_id", "listing__kind", "tag__slug")
    for org_id, kind, slug in tagged:
        sides[org_id]["need" if kind == ListingKind.NEED else "offer"].add(slug)
    wards = dict(Organization.objects.filter(pk__in=orgs).values_list("id", "ward__slug"))
    out = []
    for at, kind, reason, a, b in sorted(rows, key=lambda r: (r[0], r[1], r[3], r[4])):
        pairs = involved_pairs(sides[a]["need"], sides[b]["offer"], COMPLEMENTS)
        pairs |= involved_pairs(sides[b]["need"], sides[a]["offer"], COMPLEMENTS)
        distance = distance_class(wards.get(a), wards.get(b), NEIGHBORING_AREAS)
        out.append(Outcome(kind, frozenset(pairs), distance, reason or "", at, a, b))
    return out


def learned_weights():
    """What the matcher has learned from the outcomes since the last reset."""
    from .learning import learn

    return learn(learning_outcomes(since=learning_reset_at()))
