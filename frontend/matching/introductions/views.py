"""Pages over the same services and selectors as the API. Each works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import csv_export
from core.errors import ApplicationError, reraise_refusal
from matching.introductions import selectors, services
from matching.introductions.models import Status
from matching.introductions.rules import member_org_ids
from profiles.models import Organization
from profiles.selectors import listing_previews, visible_contacts

from .forms import (
    CollaborationEditForm,
    CollaborationForm,
    DeclineForm,
    MessageForm,
    ProposeForm,
    QuoteForm,
    RequestForm,
)

# Introductions per page of the inbox and the outbox.
PAGE_SIZE = 20


def _my_organizations(user):
    return list(Organization.objects.filter(pk__in=member_org_ids(user)).order_by("name_kana"))


def _partial_or_page(request, page: str, partial: str, context: dict):
    return render(request, partial if request.htmx else page, context)


@login_required
def introduction_inbox(request):
    box = request.GET.get("box", "inbox")
    if box not in {"inbox", "outbox"}:
        box = "inbox"
    introductions = selectors.introduction_list(viewer=request.user, box=box)
    page = Paginator(introductions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "introductions/inbox.html",
        {
            "box": box,
            "introductions": page.object_list,
            "page": page,
            "pager_query": f"box={box}&",
            "open_count": {
                o.pk: selectors.open_outgoing_count(o) for o in _my_organizations(request.user)
            },
            "limit": services.MAX_OPEN_OUTGOING,
        },
    )


@login_required
def introduction_request_page(request):
    to = request.GET.get("to") or request.POST.get("to") or ""
    recipient = (
        Organization.objects.published().filter(pk=int(to)).first() if to.isdigit() else None
    )
    if recipient is None:
        raise Http404(_("団体が見つかりません"))
    organizations = [o for o in _my_organizations(request.user) if o.pk != recipient.pk]
    existing = None
    if organizations:
        for org in organizations:
            existing = selectors.open_introduction_between(org, recipient)
            if existing:
                break
    suggestion = request.GET.get("suggestion")
    initial = {"suggestion": suggestion if suggestion and suggestion.isdigit() else None}
    if initial["suggestion"]:
        # Coming from a suggestion: ask on behalf of the organization it was made for.
        from matching.models import Suggestion

        initial["requester"] = (
            Suggestion.objects.filter(
                pk=int(suggestion), partner=recipient, organization__in=organizations
            )
            .values_list("organization_id", flat=True)
            .first()
        )
    form = RequestForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        requester = next(o for o in organizations if o.pk == form.cleaned_data["requester"])
        try:
            intro = services.introduction_request(
                requester=requester,
                recipient=recipient,
                by=request.user,
                message=form.cleaned_data["message"],
                suggestion_id=form.cleaned_data.get("suggestion"),
            )
        except ApplicationError as error:
            reraise_refusal(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("紹介を依頼しました。相手の返答をお待ちください。"))
            return redirect("introductions:detail", intro.pk)
    return render(
        request,
        "introductions/request.html",
        {
            "form": form,
            "recipient": recipient,
            "organizations": organizations,
            "existing": existing,
        },
    )


@login_required
def introduction_propose_page(request):
    if not request.user.has_perm("introductions.propose_introduction"):
        raise Http404
    form = ProposeForm(request.POST or None, initial=request.GET or None)
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        a = Organization.objects.filter(pk=v["organization_a"]).first()
        b = Organization.objects.filter(pk=v["organization_b"]).first()
        if a is None or b is None:
            form.add_error(None, _("団体が見つかりません"))
        else:
            try:
                intro = services.introduction_propose(
                    organization_a=a, organization_b=b, by=request.user, note=v["note"]
                )
            except ApplicationError as error:
                reraise_refusal(error)
                form.add_error(None, error.message)
            else:
                messages.success(request, _("紹介を提案しました。"))
                return redirect("introductions:detail", intro.pk)
    return render(request, "introductions/propose.html", {"form": form})


def _visible_intro(request, pk):
    intro = selectors.introduction_get(viewer=request.user, pk=pk)
    if intro is None:
        raise Http404
    return intro


@login_required
def introduction_detail(request, pk: int):
    intro = _visible_intro(request, pk)
    own = member_org_ids(request.user)
    can_answer = request.user.has_perm("introductions.answer_introduction", intro)
    answered_sides = set()
    if intro.requester_accepted_at:
        answered_sides.add(intro.requester_id)
    if intro.recipient_accepted_at:
        answered_sides.add(intro.recipient_id)
    if can_answer and intro.status == Status.PROPOSED:
        can_answer = bool((intro.organization_ids() & own) - answered_sides)
    conversation = getattr(intro, "conversation", None) if intro.status == Status.ACCEPTED else None
    # The other side's contact, as the one door for contact details allows it (for a member,
    # only once the introduction is accepted); the viewer's own organization is not repeated.
    others = [org for org in (intro.requester, intro.recipient) if org.pk not in own]
    visible = visible_contacts(request.user, others)
    contacts = [(org, visible[org.pk]) for org in others if org.pk in visible]
    return render(
        request,
        "introductions/detail.html",
        {
            "intro": intro,
            "can_answer": can_answer,
            "can_withdraw": request.user.has_perm("introductions.withdraw_introduction", intro),
            "decline_form": DeclineForm(),
            "conversation": conversation,
            "answered_sides": answered_sides,
            "i_requested": intro.requester_id in own,
            "contacts": contacts,
            "parties": (intro.requester, intro.recipient),
            "previews": listing_previews([intro.requester_id, intro.recipient_id]),
        },
    )


def _answer(request, pk, fn, success, **kwargs):
    intro = _visible_intro(request, pk)
    try:
        fn(introduction=intro, by=request.user, **kwargs)
    except ApplicationError as error:
        reraise_refusal(error)
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("introductions:detail", intro.pk)


@login_required
@require_POST
def introduction_accept_page(request, pk: int):
    return _answer(request, pk, services.introduction_accept, _("承諾しました。"))


@login_required
@require_POST
def introduction_decline_page(request, pk: int):
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("見送りの理由を選んでください"))
        return redirect("introductions:detail", pk)
    return _answer(
        request,
        pk,
        services.introduction_decline,
        _("見送りました。"),
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
    )


@login_required
@require_POST
def introduction_withdraw_page(request, pk: int):
    return _answer(request, pk, services.introduction_withdraw, _("依頼を取り下げました。"))


@login_required
def conversation_index(request):
    conversations = selectors.conversation_list(viewer=request.user)
    return render(request, "introductions/conversations.html", {"conversations": conversations})


@login_required
def conversation_page(request, pk: int):
    conversation = selectors.conversation_get(viewer=request.user, pk=pk)
    if conversation is None:
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                conversation=conversation, by=request.user, body=form.cleaned_data["body"]
            )
        except ApplicationError as error:
            reraise_refusal(error)
            form.add_error("body", error.message)
        else:
            return redirect(reverse("introductions:conversation", args=[pk]) + "#latest")
    before = request.GET.get("before")
    rows, has_more = selectors.message_page(
        conversation=conversation, before_id=int(before) if before and before.isdigit() else None
    )
    if not before:
        services.conversation_mark_read(conversation=conversation, user=request.user)
    context = {
        "conversation": conversation,
        "intro": conversation.introduction,
        "messages_page": rows,
        "has_more": has_more,
        "form": form,
        "ws_path": f"/ws/conversations/{conversation.pk}/",
    }
    return _partial_or_page(
        request, "introductions/conversation.html", "introductions/_messages.html", context
    )


# --- Collaborations ---------------------------------------------------------------------------


@login_required
def collaboration_index(request):
    return render(
        request,
        "introductions/collaborations.html",
        {
            "collaborations": selectors.collaboration_list(viewer=request.user),
            # Companies report their part to the 四方よし follow-up and in CSR reports.
            "csr_orgs": [o for o in _my_organizations(request.user) if o.kind == "company"],
        },
    )


@login_required
def collaboration_new(request):
    organizations = _my_organizations(request.user)
    partners = {}
    for org in organizations:
        for partner in selectors.collaboration_partners(organization=org):
            partners[partner.pk] = partner
    form = CollaborationForm(
        request.POST or None,
        organizations=organizations,
        partners=list(partners.values()),
        initial={"partner": request.GET.get("partner")},
    )
    if request.method == "POST" and form.is_valid():
        v = dict(form.cleaned_data)
        organization = next(o for o in organizations if o.pk == v.pop("organization"))
        partner = partners[v.pop("partner")]
        try:
            collaboration = services.collaboration_record(
                by=request.user, organization=organization, partner=partner, **v
            )
        except ApplicationError as error:
            reraise_refusal(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("協働を記録しました。"))
            return redirect("introductions:collaboration", collaboration.pk)
    return render(
        request,
        "introductions/collaboration_form.html",
        {"form": form, "has_partners": bool(partners)},
    )


@login_required
def collaboration_detail(request, pk: int):
    collaboration = selectors.collaboration_get(viewer=request.user, pk=pk)
    if collaboration is None:
        raise Http404
    own = member_org_ids(request.user)
    if request.method == "POST" and request.POST.get("action") == "quote":
        return _save_quote(request, collaboration)
    if request.method == "POST":
        org_id = request.POST.get("organization", "")
        organization = get_object_or_404(Organization, pk=org_id) if org_id.isdigit() else None
        if organization is None:
            raise Http404
        try:
            services.collaboration_set_visibility(
                collaboration=collaboration,
                by=request.user,
                organization=organization,
                show=request.POST.get("show") == "1",
            )
        except ApplicationError as error:
            reraise_refusal(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("公開の設定を保存しました。"))
        return redirect("introductions:collaboration", pk)
    sides = [
        (collaboration.organization_a, collaboration.a_brings, collaboration.a_agrees_to_show),
        (collaboration.organization_b, collaboration.b_brings, collaboration.b_agrees_to_show),
    ]
    quotes = [
        (org, quote, consent, QuoteForm(initial={"organization": org.pk, "quote": quote,
                                                 "consent": consent}, prefix=f"q{org.pk}"))
        for org, quote, consent in (
            (collaboration.organization_a, collaboration.a_quote, collaboration.a_quote_consent),
            (collaboration.organization_b, collaboration.b_quote, collaboration.b_quote_consent),
        )
    ]  # fmt: skip
    return render(
        request,
        "introductions/collaboration_detail.html",
        {"c": collaboration, "sides": sides, "own": own, "quotes": quotes,
         "sdgs": collaboration.sdgs.order_by("number")},
    )  # fmt: skip


def _save_quote(request, collaboration):
    org_id = request.POST.get("organization", "")
    organization = get_object_or_404(Organization, pk=org_id) if org_id.isdigit() else None
    if organization is None:
        raise Http404
    form = QuoteForm(request.POST, prefix=f"q{organization.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("introductions:collaboration", collaboration.pk)
    try:
        services.collaboration_set_quote(
            collaboration=collaboration,
            by=request.user,
            organization=organization,
            quote=form.cleaned_data["quote"],
            consent=form.cleaned_data["consent"],
        )
    except ApplicationError as error:
        reraise_refusal(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("声と引用への同意を保存しました。"))
    return redirect("introductions:collaboration", collaboration.pk)


@login_required
def collaboration_edit(request, pk: int):
    collaboration = selectors.collaboration_get(viewer=request.user, pk=pk)
    if collaboration is None or not request.user.has_perm(
        "introductions.change_collaboration", collaboration
    ):
        raise Http404
    fields = ("title", "a_brings", "b_brings", "started_on", "ended_on", "outcome",
              "volunteer_hours", "in_kind_value")  # fmt: skip
    initial = {name: getattr(collaboration, name) for name in fields}
    initial["sdgs"] = list(collaboration.sdgs.values_list("slug", flat=True))
    form = CollaborationEditForm(request.POST or None, collaboration=collaboration, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.collaboration_update(
                collaboration=collaboration, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            reraise_refusal(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("協働の記録を更新しました。"))
            return redirect("introductions:collaboration", pk)
    return render(
        request, "introductions/collaboration_edit.html", {"form": form, "c": collaboration}
    )


def _report_rows(request):
    org_id = request.GET.get("organization", "")
    organization = None
    if org_id.isdigit():
        organization = Organization.objects.filter(pk=int(org_id)).first()
    return organization, list(
        selectors.collaboration_list(viewer=request.user, organization=organization)
    )


@login_required
def collaboration_csv(request):
    _organization, rows = _report_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="collaborations.csv"'
    response.write("\ufeff")  # BOM: Excel in Japan opens UTF-8 correctly
    writer = csv_export.writer(response)
    writer.writerow(
        [_("協働の名前"), _("団体A"), _("団体Aが持ち寄るもの"), _("団体B"),
         _("団体Bが持ち寄るもの"), _("開始日"), _("終了日"), _("成果"), _("公開")]
    )  # fmt: skip
    for c in rows:
        writer.writerow(
            [c.title, c.organization_a.name, c.a_brings, c.organization_b.name, c.b_brings,
             c.started_on.isoformat(), c.ended_on.isoformat() if c.ended_on else "",
             c.outcome, "yes" if c.is_public else "no"]
        )  # fmt: skip
    return response


@login_required
def collaboration_report(request):
    organization, rows = _report_rows(request)
    mine = _my_organizations(request.user)
    if organization is None and len(mine) == 1:
        organization = mine[0]
        rows = list(selectors.collaboration_list(viewer=request.user, organization=organization))
    own = {organization.pk} if organization else {o.pk for o in mine}
    partners = ({c.organization_a_id for c in rows} | {c.organization_b_id for c in rows}) - own
    return render(
        request,
        "introductions/report.html",
        {
            "organization": organization,
            "organizations": mine,
            "rows": rows,
            "ongoing": sum(1 for c in rows if c.ended_on is None),
            "partner_count": len(partners),
            "chart": (chart := _bars_by_year(rows)),
            "chart_height": 20 + 34 * len(chart),
        },
    )


def _bars_by_year(rows) -> list[dict]:
    """Collaborations started per year, as bars for the server-rendered SVG chart."""
    counts: dict[int, int] = {}
    for c in rows:
        counts[c.started_on.year] = counts.get(c.started_on.year, 0) + 1
    top = max(counts.values(), default=1)
    return [
        {"year": year, "count": n, "y": 10 + i * 34, "width": round(220 * n / top)}
        for i, (year, n) in enumerate(sorted(counts.items()))
    ]
