"""Every write about introductions, conversations and collaborations. The state machine lives
here and only here:

    requested ─► accepted | declined | expired | withdrawn        (the recipient answers)
    proposed  ─► accepted (both sides accepted) | declined (either side) | expired | withdrawn
                                                                   (staff withdraws)

Each function is one transaction; notifications and live pushes are sent after commit.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import live
from core.audit import audit_record, snapshot
from core.errors import ApplicationError, NotAllowed
from core.notifications import notify
from profiles.models import ModerationStatus
from profiles.predicates import member_org_ids

from .models import (
    OPEN_STATUSES,
    Collaboration,
    Conversation,
    ConversationRead,
    DeclineReason,
    Introduction,
    Message,
    Status,
)

MAX_OPEN_OUTGOING = 5
REMIND_AFTER = dt.timedelta(days=14)
EXPIRE_AFTER = dt.timedelta(days=30)


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def _members(organization):
    from profiles.models import User

    return User.objects.filter(memberships__organization=organization, is_active=True).distinct()


def _in_language_of(user, text) -> str:
    """Notification texts are written in the recipient's language (callables are evaluated
    under it), not in the language of whoever caused them."""
    with translation.override(user.preferred_language or "ja"):
        return str(text() if callable(text) else text)


def _notify_members(organization, *, kind, title, body="", url="", dedupe_prefix=""):
    for user in _members(organization):
        notify(
            user=user,
            kind=kind,
            title=_in_language_of(user, title),
            body=_in_language_of(user, body),
            url=url,
            dedupe_key=f"{dedupe_prefix}:{user.pk}" if dedupe_prefix else None,
        )


def _require(user, perm: str, obj, message=None) -> None:
    """Ask the named permission (rules.py) that pages, the API and the consumer ask too."""
    if not user.has_perm(perm, obj):
        raise NotAllowed(message or _("この操作をする権限がありません"))


def _locked(introduction: Introduction) -> Introduction:
    return Introduction.objects.select_for_update().get(pk=introduction.pk)


def _side(introduction: Introduction, by, organization) -> int:
    """Which of the two organizations `by` answers for."""
    ids = member_org_ids(by)
    if organization is not None:
        org_id = getattr(organization, "pk", organization)
        if org_id not in ids or org_id not in introduction.organization_ids():
            raise NotAllowed(_("この団体のメンバーではありません"))
        return org_id
    if introduction.status == Status.REQUESTED:
        return introduction.recipient_id
    sides = introduction.organization_ids() & ids
    if len(sides) != 1:
        raise ApplicationError(
            _("どちらの団体として答えるか選んでください"),
            code="ambiguous",
        )
    return next(iter(sides))


def _acting_for_others(by, organization) -> bool:
    """A staff member acting for an organization they do not belong to (audit-logged)."""
    return by.is_staff and organization.pk not in member_org_ids(by)


def _already_answered_error(introduction: Introduction) -> ApplicationError:
    if introduction.status == Status.DECLINED:
        message = _("この紹介は見送られています")
    elif introduction.status == Status.ACCEPTED:
        message = _("この紹介はすでに成立しています")
    else:
        message = _("この紹介はもう受け付けていません")
    return ApplicationError(message, code="closed")


def _open_between(a_id: int, b_id: int) -> bool:
    return Introduction.objects.filter(
        status__in=OPEN_STATUSES, requester_id__in=(a_id, b_id), recipient_id__in=(a_id, b_id)
    ).exists()


def _accepted_between(a_id: int, b_id: int) -> bool:
    return Introduction.objects.filter(
        status=Status.ACCEPTED, requester_id__in=(a_id, b_id), recipient_id__in=(a_id, b_id)
    ).exists()


def _check_pair(requester, recipient) -> None:

    if requester.pk == recipient.pk:
        raise ApplicationError(
            _("自分の団体には依頼できません"),
            code="self",
        )
    if not recipient.is_public:
        raise ApplicationError(
            _("この団体は公開されていません"),
            code="not_published",
        )
    if requester.status == ModerationStatus.SUSPENDED:
        raise ApplicationError(
            _("掲載が停止されている団体は紹介を依頼できません"),
            code="suspended",
        )
    if _accepted_between(requester.pk, recipient.pk):
        raise ApplicationError(_("すでに紹介が成立しています"), code="duplicate")
    if _open_between(requester.pk, recipient.pk):
        raise ApplicationError(
            _("この団体との紹介はすでに進行中です"),
            code="duplicate",
        )


def _is_suggestion_of(suggestion_id, requester, recipient) -> bool:
    from matching.models import Suggestion

    return Suggestion.objects.filter(
        pk=suggestion_id, organization=requester, partner=recipient
    ).exists()


@transaction.atomic
def introduction_request(
    *, requester, recipient, by, message: str, suggestion_id: int | None = None
) -> Introduction:
    """An organization asks to be introduced to another."""
    _require(by, "introductions.request_introduction", requester)
    _check_pair(requester, recipient)
    if not by.is_staff:
        # Lock the requester so two concurrent requests cannot both pass the count.
        type(requester).objects.select_for_update().filter(pk=requester.pk).first()
        open_count = Introduction.objects.filter(
            requester=requester, status=Status.REQUESTED
        ).count()
        if open_count >= MAX_OPEN_OUTGOING:
            raise ApplicationError(
                _("返答待ちの依頼が上限（5件）に達しています"),
                code="limit",
            )
    if suggestion_id is not None and not _is_suggestion_of(suggestion_id, requester, recipient):
        # Only the requester's own suggestion of this recipient counts as "from a suggestion"
        # (the matcher's evaluation reads it); a stale or foreign id is not kept.
        suggestion_id = None
    introduction = Introduction(
        requester=requester,
        recipient=recipient,
        requested_by=by,
        message=(message or "").strip(),
        suggestion_id=suggestion_id,
        status=Status.REQUESTED,
    )
    introduction.full_clean()
    introduction.save()
    if _acting_for_others(by, requester):
        audit_record(
            actor=by,
            action="introduction.request_on_behalf",
            target=introduction,
            after=snapshot(introduction, ["requester", "recipient", "status"]),
        )
    _notify_members(
        recipient,
        kind="introduction.requested",
        title=lambda: _("%(name)s から紹介の依頼が届きました") % {"name": requester.name},
        body=introduction.message,
        url=reverse("introductions:detail", args=[introduction.pk]),
        dedupe_prefix=f"intro-requested:{introduction.pk}",
    )
    return introduction


@transaction.atomic
def introduction_propose(*, organization_a, organization_b, by, note: str) -> Introduction:
    """A support-center curator proposes two organizations meet; both must accept."""
    _require(by, "introductions.propose_introduction", None)
    if not (note or "").strip():
        raise ApplicationError(_("提案の理由を書いてください"), code="note")
    _check_pair(organization_a, organization_b)
    introduction = Introduction(
        requester=organization_a,
        recipient=organization_b,
        proposed_by=by,
        requested_by=by,
        message=note.strip(),
        status=Status.PROPOSED,
    )
    introduction.full_clean()
    introduction.save()
    audit_record(
        actor=by,
        action="introduction.propose",
        target=introduction,
        after=snapshot(introduction, ["requester", "recipient", "status", "message"]),
    )
    url = reverse("introductions:detail", args=[introduction.pk])
    for org, other in ((organization_a, organization_b), (organization_b, organization_a)):
        _notify_members(
            org,
            kind="introduction.proposed",
            title=lambda other=other: (
                _("支援センターから %(name)s との紹介の提案がありました") % {"name": other.name}
            ),
            body=introduction.message,
            url=url,
            dedupe_prefix=f"intro-proposed:{introduction.pk}:{org.pk}",
        )
    return introduction


@transaction.atomic
def introduction_accept(*, introduction: Introduction, by, organization=None) -> Introduction:
    introduction = _locked(introduction)
    if not introduction.is_open:
        raise _already_answered_error(introduction)
    _require(by, "introductions.answer_introduction", introduction)
    side = _side(introduction, by, organization)
    now = timezone.now()
    if introduction.status == Status.REQUESTED:
        if side != introduction.recipient_id:
            raise NotAllowed(_("相手の団体だけが答えられます"))
        introduction.recipient_accepted_at = now
    else:
        field = (
            "requester_accepted_at"
            if side == introduction.requester_id
            else "recipient_accepted_at"
        )
        if getattr(introduction, field) is not None:
            raise ApplicationError(_("すでに承諾しています"), code="already_answered")
        setattr(introduction, field, now)
    if introduction.status == Status.REQUESTED or (
        introduction.requester_accepted_at and introduction.recipient_accepted_at
    ):
        introduction.status = Status.ACCEPTED
        introduction.answered_at = now
    introduction.full_clean()
    introduction.save()
    if introduction.status == Status.ACCEPTED:
        conversation = Conversation.objects.create(introduction=introduction)
        url = reverse("introductions:conversation", args=[conversation.pk])
        for org, other in (
            (introduction.requester, introduction.recipient),
            (introduction.recipient, introduction.requester),
        ):
            _notify_members(
                org,
                kind="introduction.accepted",
                title=lambda other=other: (
                    _("%(name)s との紹介が成立しました") % {"name": other.name}
                ),
                body=lambda: _("連絡先が表示され、やりとりを始められます"),
                url=url,
                dedupe_prefix=f"intro-accepted:{introduction.pk}:{org.pk}",
            )
    return introduction


@transaction.atomic
def introduction_decline(
    *, introduction: Introduction, by, reason: str, note: str = "", organization=None
) -> Introduction:
    introduction = _locked(introduction)
    if not introduction.is_open:
        raise _already_answered_error(introduction)
    _require(by, "introductions.answer_introduction", introduction)
    if reason not in DeclineReason.values:
        raise ApplicationError(_("見送りの理由を選んでください"), code="reason")
    side = _side(introduction, by, organization)
    if introduction.status == Status.REQUESTED and side != introduction.recipient_id:
        raise NotAllowed(_("相手の団体だけが答えられます"))
    if introduction.status == Status.PROPOSED:
        field = (
            "requester_accepted_at"
            if side == introduction.requester_id
            else "recipient_accepted_at"
        )
        if getattr(introduction, field) is not None:
            raise ApplicationError(_("すでに承諾しています"), code="already_answered")
    introduction.status = Status.DECLINED
    introduction.decline_reason = reason
    introduction.decline_note = (note or "").strip()
    introduction.declined_by_id = side
    introduction.answered_at = timezone.now()
    introduction.full_clean()
    introduction.save()
    other_id = introduction.other_side(side)
    other = (
        introduction.requester if other_id == introduction.requester_id else introduction.recipient
    )
    _notify_members(
        other,
        kind="introduction.declined",
        title=lambda: _("紹介は見送られました"),
        url=reverse("introductions:detail", args=[introduction.pk]),
        dedupe_prefix=f"intro-declined:{introduction.pk}",
    )
    return introduction


@transaction.atomic
def introduction_withdraw(*, introduction: Introduction, by) -> Introduction:
    introduction = _locked(introduction)
    if not introduction.is_open:
        raise _already_answered_error(introduction)
    _require(by, "introductions.withdraw_introduction", introduction)
    before = snapshot(introduction, ["status"])
    introduction.status = Status.WITHDRAWN
    introduction.answered_at = timezone.now()
    introduction.full_clean()
    introduction.save()
    if _acting_for_others(by, introduction.requester):
        audit_record(
            actor=by,
            action="introduction.withdraw",
            target=introduction,
            before=before,
            after={"status": Status.WITHDRAWN},
        )
    # The other side may have been about to answer: tell them the request is gone.
    requester = introduction.requester
    _notify_members(
        introduction.recipient,
        kind="introduction.withdrawn",
        title=lambda: _("「%(name)s」が紹介の依頼を取り下げました") % {"name": requester.name},
        url=reverse("introductions:detail", args=[introduction.pk]),
        dedupe_prefix=f"intro-withdrawn:{introduction.pk}",
    )
    return introduction


def introductions_remind_and_expire(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The beat task's work: remind once at 14 days, expire at 30. Each introduction is handled
    in its own transaction so one failure does not undo the rest."""
    now = now or timezone.now()
    expired = 0
    for pk in Introduction.objects.filter(
        status__in=OPEN_STATUSES, created_at__lte=now - EXPIRE_AFTER
    ).values_list("pk", flat=True):
        expired += _introduction_expire(pk=pk, now=now)
    reminded = 0
    for pk in Introduction.objects.filter(
        status__in=OPEN_STATUSES,
        reminded_at__isnull=True,
        created_at__lte=now - REMIND_AFTER,
    ).values_list("pk", flat=True):
        reminded += _introduction_remind(pk=pk, now=now)
    return {"reminded": reminded, "expired": expired}


@transaction.atomic
def _introduction_expire(*, pk: int, now) -> int:
    introduction = Introduction.objects.select_for_update().get(pk=pk)
    if not introduction.is_open:
        return 0
    introduction.status = Status.EXPIRED
    introduction.answered_at = now
    introduction.save(update_fields=["status", "answered_at", "updated_at"])
    _notify_members(
        introduction.requester,
        kind="introduction.expired",
        title=lambda: (
            _("%(name)s への紹介の依頼は期限切れになりました")
            % {"name": introduction.recipient.name}
        ),
        url=reverse("introductions:detail", args=[introduction.pk]),
        dedupe_prefix=f"intro-expired:{introduction.pk}",
    )
    return 1


@transaction.atomic
def _introduction_remind(*, pk: int, now) -> int:
    introduction = Introduction.objects.select_for_update().get(pk=pk)
    if not introduction.is_open or introduction.reminded_at is not None:
        return 0
    introduction.reminded_at = now
    introduction.save(update_fields=["reminded_at", "updated_at"])
    waiting = [introduction.recipient]
    if introduction.status == Status.PROPOSED:
        waiting = [
            org
            for org, accepted in (
                (introduction.requester, introduction.requester_accepted_at),
                (introduction.recipient, introduction.recipient_accepted_at),
            )
            if accepted is None
        ]
    for org in waiting:
        _notify_members(
            org,
            kind="introduction.reminder",
            title=lambda: _("返答していない紹介があります"),
            body=lambda: _("依頼から30日で期限切れになります"),
            url=reverse("introductions:detail", args=[introduction.pk]),
            dedupe_prefix=f"intro-reminder:{introduction.pk}:{org.pk}",
        )
    return 1


# --- Conversations ----------------------------------------------------------------------------


def _message_payload(message: Message) -> dict:
    return {
        "kind": "message",
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": str(message.author) if message.author else "",
        "author_id": message.author_id,
        "organization": message.organization.name if message.organization else "",
        "body": message.body,
        "created_at": message.created_at.isoformat(),
    }


def _send_to_group(group: str, payload: dict) -> None:
    live.group_send(group, {"type": "conversation.message", "payload": payload})


@transaction.atomic
def message_post(*, conversation: Conversation, by, body: str) -> Message:
    _require(by, "introductions.post_message", conversation)
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("メッセージを入力してください"), code="empty")
    intro = conversation.introduction
    own = sorted(intro.organization_ids() & member_org_ids(by))
    organization = None
    if own:
        organization = intro.requester if own[0] == intro.requester_id else intro.recipient
    message = Message(conversation=conversation, author=by, organization=organization, body=body)
    message.full_clean()
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    _conversation_read_upto(conversation=conversation, user=by, message_id=message.pk)
    payload = _message_payload(message)
    transaction.on_commit(lambda: _send_to_group(conversation_group(conversation.pk), payload))
    _notify_unread_once(conversation=conversation, message=message)
    return message


def _notify_unread_once(*, conversation: Conversation, message: Message) -> None:
    """One notification per person per unread streak: the dedupe key carries how far they
    had read, so the next one comes only after they have read this one."""
    from profiles.models import User

    intro = conversation.introduction
    people = User.objects.filter(
        memberships__organization_id__in=intro.organization_ids(), is_active=True
    ).exclude(pk=message.author_id)
    if intro.proposed_by_id and intro.proposed_by_id != message.author_id:
        people = people | User.objects.filter(pk=intro.proposed_by_id)
    reads = dict(
        ConversationRead.objects.filter(conversation=conversation).values_list(
            "user_id", "last_read_message_id"
        )
    )
    url = reverse("introductions:conversation", args=[conversation.pk])
    sender = message.organization.name if message.organization else str(message.author)
    for user in people.distinct():
        notify(
            user=user,
            kind="conversation.message",
            title=_in_language_of(
                user, lambda: _("%(name)s から新しいメッセージ") % {"name": sender}
            ),
            body=message.body[:200],
            url=url,
            dedupe_key=f"conv-unread:{conversation.pk}:{user.pk}:{reads.get(user.pk, 0)}",
        )


def _conversation_read_upto(*, conversation, user, message_id: int) -> None:
    read, _created = ConversationRead.objects.select_for_update().get_or_create(
        conversation=conversation, user=user
    )
    if message_id > read.last_read_message_id:
        read.last_read_message_id = message_id
        read.save(update_fields=["last_read_message_id"])


@transaction.atomic
def conversation_mark_read(*, conversation: Conversation, user) -> None:
    _require(user, "introductions.view_conversation", conversation)
    last = conversation.messages.order_by("-id").values_list("id", flat=True).first() or 0
    _conversation_read_upto(conversation=conversation, user=user, message_id=last)
    # The "new message" notifications for this conversation are read too (the badge drops).
    from core.models import Notification
    from core.notifications import mark_read

    url = reverse("introductions:conversation", args=[conversation.pk])
    ids = list(
        Notification.objects.filter(
            user=user, kind="conversation.message", url=url, read_at__isnull=True
        ).values_list("id", flat=True)
    )
    if ids:
        mark_read(user=user, ids=ids)


# --- Collaborations ---------------------------------------------------------------------------

_COLLABORATION_FIELDS = (
    "title", "a_brings", "b_brings", "started_on", "ended_on", "outcome",
    "volunteer_hours", "in_kind_value", "sdgs",
)  # fmt: skip


def _sdg_tags(sdgs) -> list:
    """SDG tags from tags or slugs; anything that is not an SDG is refused, not dropped."""
    from core.models import Tag

    slugs = {getattr(t, "slug", t) for t in sdgs or ()}
    found = list(Tag.objects.filter(facet="sdg", slug__in=slugs))
    if len(found) != len(slugs):
        raise ApplicationError(_("SDGsは一覧から選んでください"), code="sdgs")
    return found


@transaction.atomic
def collaboration_record(
    *,
    by,
    organization,
    partner,
    title: str,
    own_brings: str,
    partner_brings: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    outcome: str = "",
    show: bool = False,
    volunteer_hours=0,
    in_kind_value: int = 0,
    sdgs=(),
) -> Collaboration:
    """One side records a 協働 with a partner it was introduced to. Shown publicly only
    once the partner agrees too."""
    _require(by, "introductions.request_introduction", organization)
    introduction = (
        Introduction.objects.filter(
            status=Status.ACCEPTED,
            requester_id__in=(organization.pk, partner.pk),
            recipient_id__in=(organization.pk, partner.pk),
        )
        .order_by("-answered_at")
        .first()
    )
    if introduction is None or organization.pk == partner.pk:
        raise ApplicationError(
            _("紹介が成立した団体とだけ協働を記録できます"),
            code="not_introduced",
        )
    collaboration = Collaboration(
        organization_a=organization,
        organization_b=partner,
        introduction=introduction,
        title=(title or "").strip(),
        a_brings=(own_brings or "").strip(),
        b_brings=(partner_brings or "").strip(),
        started_on=started_on,
        ended_on=ended_on,
        outcome=(outcome or "").strip(),
        a_agrees_to_show=bool(show),
        volunteer_hours=volunteer_hours or 0,
        in_kind_value=in_kind_value or 0,
        recorded_by=by,
    )
    sdg_tags = _sdg_tags(sdgs)
    _clean_collaboration(collaboration)
    collaboration.save()
    collaboration.sdgs.set(sdg_tags)
    if _acting_for_others(by, organization):
        audit_record(
            actor=by,
            action="collaboration.record_on_behalf",
            target=collaboration,
            after=snapshot(collaboration, ["organization_a", "organization_b", "title"]),
        )
    _notify_members(
        partner,
        kind="collaboration.recorded",
        title=lambda: _("%(name)s が協働を記録しました") % {"name": organization.name},
        body=collaboration.title,
        url=reverse("introductions:collaboration", args=[collaboration.pk]),
        dedupe_prefix=f"collab-recorded:{collaboration.pk}",
    )
    return collaboration


def _clean_collaboration(collaboration: Collaboration) -> None:
    if collaboration.ended_on and collaboration.ended_on < collaboration.started_on:
        raise ApplicationError(
            _("終了日は開始日より後にしてください"),
            code="dates",
        )
    if collaboration.volunteer_hours is not None and collaboration.volunteer_hours < 0:
        raise ApplicationError(_("時間は0以上で入力してください"), code="volunteer_hours")
    if collaboration.in_kind_value is not None and collaboration.in_kind_value < 0:
        raise ApplicationError(_("金額は0以上で入力してください"), code="in_kind_value")
    collaboration.full_clean()


@transaction.atomic
def collaboration_update(*, collaboration: Collaboration, by, **changes) -> Collaboration:
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    _require(by, "introductions.change_collaboration", collaboration)
    unknown = set(changes) - set(_COLLABORATION_FIELDS)
    if unknown:
        raise ApplicationError(f"unknown fields: {sorted(unknown)}", code="fields")
    sdgs = changes.pop("sdgs", None)
    sdg_tags = _sdg_tags(sdgs) if sdgs is not None else None
    before = snapshot(collaboration, list(changes))
    for name, value in changes.items():
        setattr(collaboration, name, value.strip() if isinstance(value, str) else value)
    _clean_collaboration(collaboration)
    collaboration.save()
    if sdg_tags is not None:
        collaboration.sdgs.set(sdg_tags)
    parties = {collaboration.organization_a_id, collaboration.organization_b_id}
    if by.is_staff and not (parties & member_org_ids(by)):
        audit_record(
            actor=by,
            action="collaboration.update",
            target=collaboration,
            before=before,
            after=snapshot(collaboration, list(changes)),
        )
    return collaboration


@transaction.atomic
def collaboration_set_visibility(
    *, collaboration: Collaboration, by, organization, show: bool
) -> Collaboration:
    """Each side agrees (or stops agreeing) for itself to show the record on profiles."""
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    _require(
        by, "introductions.show_collaboration", organization, _("この団体のメンバーではありません")
    )
    if organization.pk == collaboration.organization_a_id:
        collaboration.a_agrees_to_show = show
    elif organization.pk == collaboration.organization_b_id:
        collaboration.b_agrees_to_show = show
    else:
        raise NotAllowed(_("この協働の当事者ではありません"))
    collaboration.save(update_fields=["a_agrees_to_show", "b_agrees_to_show", "updated_at"])
    if _acting_for_others(by, organization):
        audit_record(
            actor=by,
            action="collaboration.visibility",
            target=collaboration,
            after={"organization": organization.pk, "show": show},
        )
    return collaboration


@transaction.atomic
def collaboration_set_quote(
    *, collaboration: Collaboration, by, organization, quote: str, consent: bool
) -> Collaboration:
    """One side's own words about the collaboration and whether the partner may quote them in
    its reports. Only that side's members decide: staff cannot consent for an organization."""
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    _require(by, "introductions.consent_quote", organization, _("この団体のメンバーではありません"))
    quote = (quote or "").strip()
    if consent and not quote:
        raise ApplicationError(_("引用に同意するには、声を書いてください"), code="quote")
    if organization.pk == collaboration.organization_a_id:
        collaboration.a_quote, collaboration.a_quote_consent = quote, bool(consent)
    elif organization.pk == collaboration.organization_b_id:
        collaboration.b_quote, collaboration.b_quote_consent = quote, bool(consent)
    else:
        raise NotAllowed(_("この協働の当事者ではありません"))
    _clean_collaboration(collaboration)
    collaboration.save()
    return collaboration
