"""Reads for pages and the API, scoped to the viewer. The privacy rule for contact details lives
here, once: `contact_visible_ids()`; `visible_contact()` / `visible_contacts()` are the only
readers of contact fields for anything shown."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import translation

from .models import (
    Listing,
    ListingKind,
    Membership,
    ModerationStatus,
    Organization,
)

ACTING_SESSION_KEY = "profiles.acting_organization_id"


# --- privacy ----------------------------------------------------------------------------------
# The one door for contact details. Pages, the API, exports, feeds and JSON-LD show an
# organization's contact e-mail and phone only as `visible_contact()` / `visible_contacts()`
# return them; nothing else reads `contact_email` or `contact_phone` to show them
# (tests/profiles/test_contact_door.py walks every public surface and greps the templates).


# Who besides members and staff may see an organization's contacts is said by the app that
# knows: introductions adds "an accepted introduction between the two" (IntroductionsConfig.ready).
# profiles stands below it and never imports it.
CONTACT_GRANTS: dict[str, Callable[[set[int]], set[int]]] = {}


def register_contact_grant(name: str, grant: Callable[[set[int]], set[int]]) -> None:
    """`grant(organization_ids)` returns the organizations whose contacts members of those
    organizations may see."""
    CONTACT_GRANTS[name] = grant


@dataclass(frozen=True)
class Contact:
    """What a viewer may see of how to reach an organization."""

    email: str
    phone: str

    def as_dict(self) -> dict:
        return {"email": self.email, "phone": self.phone}


# The operator at the command line (export_directory): not a visitor, sees every contact.
OPERATOR = object()


def _granted_ids(organization_ids) -> set[int]:
    if not organization_ids:
        return set()
    granted: set[int] = set()
    for grant in CONTACT_GRANTS.values():
        granted |= set(grant(set(organization_ids)))
    return granted


def contact_visible_ids(viewer, organization_ids=None) -> set[int] | None:
    """The ids of organizations whose contacts this viewer may see — the organizations they
    are a member of and those the registered grants add (an accepted introduction); None means
    all (staff, the operator). With `organization_ids`, only those of them. A fixed number of
    queries however many organizations are asked about (lists, exports)."""
    if viewer is OPERATOR:
        return None
    if viewer is None or not viewer.is_authenticated:
        return set()
    if viewer.is_staff:
        return None if organization_ids is None else {int(i) for i in organization_ids}
    mine = set(Membership.objects.filter(user=viewer).values_list("organization_id", flat=True))
    visible = mine | _granted_ids(mine)
    if organization_ids is not None:
        visible &= {int(i) for i in organization_ids}
    return visible


def can_see_contact(viewer, organization) -> bool:
    """Contact e-mail and phone: the organization's members, staff, and members of an
    organization with an accepted introduction to it. Nobody else, ever."""
    if organization is None or organization.pk is None:
        return False
    return bool(contact_visible_ids(viewer, [organization.pk]))


def visible_contacts(viewer, organizations) -> dict[int, Contact]:
    """organization id → Contact, for those of `organizations` whose contacts the viewer may
    see (the others are simply absent)."""
    organizations = [o for o in organizations if o is not None and o.pk is not None]
    visible = contact_visible_ids(viewer, [o.pk for o in organizations])
    return {
        o.pk: Contact(email=o.contact_email, phone=o.contact_phone)
        for o in organizations
        if visible is None or o.pk in visible
    }


def visible_contact(viewer, organization) -> Contact | None:
    """The organization's Contact when the viewer may see it, else None."""
    if organization is None:
        return None
    return visible_contacts(viewer, [organization]).get(organization.pk)


# --- organizations ----------------------------------------------------------------------------


def public_listings() -> QuerySet[Listing]:
    """Listings anyone may see (the rule lives in `Listing.objects.public()`)."""
    return Listing.objects.public()


def organization_directory(*, viewer=None) -> QuerySet[Organization]:
    """Published organizations, as the public directory and API list them."""
    return (
        Organization.objects.published().select_related("ward").prefetch_related("fields", "sdgs")
    )


def open_needs_exist():
    """A condition: the organization has an open public need."""
    return Exists(
        Listing.objects.public().filter(organization=OuterRef("pk"), kind=ListingKind.NEED)
    )


def mark_directory_page(organizations, *, q: str = "") -> list[Organization]:
    """One page of the directory, ready to show: `has_open_needs`, and for a keyword search
    `matches`, what each result was found by — [(part, text)], part one of "name", "kind",
    "area", "tag", "need", "offer", "description", best first — for its 「一致: …」 line.
    One query for the page (its public listings joined with their tags)."""
    from core.models import Tag

    from .search import query_groups, text_matches

    organizations = list(organizations)
    rows = Listing.objects.public().filter(organization__in=[o.pk for o in organizations])
    groups = query_groups(q) if q else []
    if not groups:
        needy = set(rows.filter(kind=ListingKind.NEED).values_list("organization_id", flat=True))
        for org in organizations:
            org.has_open_needs, org.matches = org.pk in needy, []
        return organizations
    listings: dict[int, dict[int, dict]] = {}
    for pk, org_id, kind, title, description, label_ja, label_en in rows.order_by(
        "kind", "-created_at", "id"
    ).values_list(
        "pk", "organization_id", "kind", "title", "description", "tags__label_ja", "tags__label_en"
    ):
        listing = listings.setdefault(org_id, {}).setdefault(
            pk, {"kind": kind, "title": title, "description": description, "tags": []}
        )
        if label_ja:
            listing["tags"].append(Tag(label_ja=label_ja, label_en=label_en))
    memo: dict[str, set[str]] = {}
    for org in organizations:
        own = list(listings.get(org.pk, {}).values())
        org.has_open_needs = any(x["kind"] == ListingKind.NEED for x in own)
        org.matches = _matches(org, own, groups, memo, text_matches)
    return organizations


def _matches(org, listings, groups, memo, text_matches, limit=4) -> list[tuple[str, str]]:
    def found(text):
        return text_matches(groups, text, memo)

    out: list[tuple[str, str]] = []

    def add(part, text=""):
        if (part, text) not in out:
            out.append((part, text))

    if found(org.name) or found(org.name_kana):
        add("name", org.name)
    with translation.override("ja"):  # searched in Japanese, shown in the reader's language
        kind_ja = str(org.get_kind_display())
    if found(kind_ja):
        add("kind", str(org.get_kind_display()))
    if org.ward_id and found(org.ward.label_ja):
        add("area", org.ward.label)
    if found(org.district):
        add("area", org.district)
    for tag in [*org.fields.all(), *org.sdgs.all()] + [t for x in listings for t in x["tags"]]:
        if found(tag.label_ja):
            add("tag", tag.label)
    for listing in listings:
        if found(listing["title"]) or found(listing["description"]):
            add(listing["kind"], listing["title"])
    if not out and any(
        found(text)
        for text in (org.description, org.industry, org.area_covered, org.faculty_or_lab)
    ):
        add("description")
    return out[:limit]


def mark_listing_page(listings, *, q: str = "") -> list[Listing]:
    """One page of the listing search, each with `matches` for its 「一致: …」 line: "title",
    "tag", "organization", "content" (its description)."""
    from .search import query_groups, text_matches

    listings = list(listings)
    groups = query_groups(q) if q else []
    memo: dict[str, set[str]] = {}
    for listing in listings:
        out: list[tuple[str, str]] = []
        if groups:
            if text_matches(groups, listing.title, memo):
                out.append(("title", listing.title))
            out += [
                ("tag", t.label)
                for t in listing.tags.all()
                if text_matches(groups, t.label_ja, memo)
            ]
            if text_matches(groups, listing.organization.name, memo):
                out.append(("organization", listing.organization.name))
            if not out and text_matches(groups, listing.description, memo):
                out.append(("content", ""))
        listing.matches = out[:4]
    return listings


def organization_visible(*, viewer) -> QuerySet[Organization]:
    """Every organization this viewer may open: published ones, their own, all for staff."""
    qs = Organization.objects.select_related("ward")
    if viewer.is_authenticated and viewer.is_staff:
        return qs
    if viewer.is_authenticated:
        return qs.filter(
            Q(status=ModerationStatus.PUBLISHED) | Q(memberships__user=viewer)
        ).distinct()
    return qs.published()


def organization_listings(*, viewer, organization) -> QuerySet[Listing]:
    """The listings of one organization this viewer may see (members and staff see all)."""
    qs = organization.listings.select_related("ward").prefetch_related("tags")
    if viewer.is_authenticated and (
        viewer.is_staff or organization.memberships.filter(user=viewer).exists()
    ):
        return qs
    return qs.filter(pk__in=Listing.objects.public().filter(organization=organization).values("pk"))


def listing_directory(*, viewer=None) -> QuerySet[Listing]:
    return Listing.objects.public().select_related("organization", "ward").prefetch_related("tags")


def organization_memberships_of(*, user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name_kana")
    )


def acting_organization(request) -> Organization | None:
    """The organization the signed-in person acts for: the session's choice when still valid,
    otherwise their first membership."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = organization_memberships_of(user=user)
    chosen = request.session.get(ACTING_SESSION_KEY)
    if chosen:
        membership = memberships.filter(organization_id=chosen).first()
        if membership:
            return membership.organization
        if user.is_staff:
            found = Organization.objects.filter(pk=chosen, managed_by_staff=True).first()
            if found:
                return found
    first = memberships.first()
    return first.organization if first else None


# --- moderation -------------------------------------------------------------------------------


def review_queue(*, viewer) -> dict:
    """What waits for the support center: new or changed profiles and listings."""
    if not (viewer.is_authenticated and viewer.is_staff):
        return {"organizations": Organization.objects.none(), "listings": Listing.objects.none()}
    return {
        "organizations": Organization.objects.filter(status=ModerationStatus.PENDING)
        .select_related("ward")
        .order_by("updated_at"),
        "listings": Listing.objects.filter(moderation=ModerationStatus.PENDING)
        .select_related("organization", "ward")
        .prefetch_related("tags")
        .order_by("updated_at"),
    }


def organization_detail_listings(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Prefetch each organization's open public listings (API detail)."""
    return qs.prefetch_related(
        Prefetch(
            "listings",
            queryset=Listing.objects.public().prefetch_related("tags"),
            to_attr="open_listings",
        )
    )


# Rows written so far by a running import (its transaction is still open): set by the run,
# read by its page and WebSocket.
IMPORT_PROGRESS_KEY = "profiles:import-run:{}"


def import_job_progress(job) -> dict:
    """Where an import run stands, for its page and its WebSocket: the record, with the rows
    written so far from the cache while the run's transaction is still open."""
    from django.core.cache import cache

    done, total = job.processed, job.total
    if job.status == job.Status.RUNNING:
        done, total = cache.get(IMPORT_PROGRESS_KEY.format(job.pk)) or (done, total)
    percent = 100 if job.status == job.Status.DONE else (int(done * 100 / total) if total else 0)
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "phase": job.phase,
        "phase_label": str(job.get_phase_display()) if job.phase else "",
        "done": done,
        "total": total,
        "percent": percent,
        "finished": job.status not in job.WORKING,
    }


def register_organizations() -> QuerySet[Organization]:
    """The support center's register as it exports it: every published organization."""
    return Organization.objects.published()


def register_listings() -> QuerySet[Listing]:
    """Their published listings, open and closed (a closed one exports as closed, so that
    importing the file again keeps it closed)."""
    return Listing.objects.published().filter(organization__in=Organization.objects.published())


def listing_previews(organization_ids, *, per_organization: int = 3) -> dict[int, list]:
    """A few public listings of each organization (needs first, latest first), for the small
    previews beside a partner's name: one query for a whole page of partners."""
    from collections import defaultdict

    out: dict[int, list] = defaultdict(list)
    ids = {int(i) for i in organization_ids if i is not None}
    if not ids:
        return out
    rows = (
        Listing.objects.public()
        .filter(organization_id__in=ids)
        .order_by("organization_id", "kind", "-updated_at", "id")
        .only("id", "organization_id", "kind", "title")
    )
    for listing in rows:
        if len(out[listing.organization_id]) < per_organization:
            out[listing.organization_id].append(listing)
    return out
