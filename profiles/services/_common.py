"""What every profiles service shares: the permission checks (asked by name, as pages and
the API ask them), telling the matcher after commit, the tag facets a field accepts, and
notices to an organization's owners. Private to this package."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import NotAllowed
from core.models import Tag
from core.notifications import notify

from ..models import Listing, MembershipRole, Organization
from ..signals import listing_published, organization_changed


def require(user, perm: str, obj, message) -> None:
    """Ask the named permission (profiles/rules.py) that pages, templates and the API ask too;
    the message says who may, in the words this service always used."""
    if user is None or not user.has_perm(perm, obj):
        raise NotAllowed(message)


def require_editor(user, obj: Organization | Listing) -> None:
    perm = "profiles.change_listing" if isinstance(obj, Listing) else "profiles.change_organization"
    require(user, perm, obj, _("この団体を編集する権限がありません"))


def require_owner(user, organization) -> None:
    require(user, "profiles.manage_members", organization, _("団体の管理者だけができる操作です"))


def require_staff(user, perm: str = "profiles.moderate", obj=None) -> None:
    require(user, perm, obj, _("支援センター職員だけができる操作です"))


def announce(organization_id: int, reason: str) -> None:
    transaction.on_commit(
        lambda: organization_changed.send(
            sender=Organization, organization_id=organization_id, reason=reason
        )
    )


def announce_published(listing_id: int) -> None:
    transaction.on_commit(lambda: listing_published.send(sender=Listing, listing_id=listing_id))


def check_tags(tags, facets: set[str], field: str) -> list[Tag]:
    tags = list(tags or [])
    wrong = [t for t in tags if t.facet not in facets]
    if wrong:
        raise ValidationError(
            {
                field: _("このタグはここでは使えません")
                % {"names": "、".join(t.label_ja for t in wrong)}
            }
        )
    return tags


def notify_owners(organization, *, kind, title, body="", url="", dedupe_key=None):
    for membership in organization.memberships.filter(role=MembershipRole.OWNER).select_related(
        "user"
    ):
        notify(
            user=membership.user,
            kind=kind,
            title=title,
            body=body,
            url=url,
            dedupe_key=f"{dedupe_key}:{membership.user_id}" if dedupe_key else None,
        )


def return_reason(comment: str | None) -> str:
    """A profile or listing goes back to its group only with a reason they can act on."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("差し戻しの理由を書いてください")})
    return comment.strip()
