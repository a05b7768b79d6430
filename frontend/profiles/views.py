"""Pages for organizations, needs and offers: the directory, an organization's page, editing,
members, the review queue and the register import. Thin: selectors read, services write,
django-rules permissions decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, reraise_refusal
from core.pagecache import anonymous_page
from core.redirects import redirect_next
from matching.introductions.selectors import introduction_state_with
from profiles import selectors
from profiles.filters import ListingFilter, OrganizationFilter
from profiles.importer import (
    EXPORT_FORMATS,
    encode_rows,
    export_listings,
    export_organizations,
    listing_export_rows,
    message_text,
    organization_export_rows,
    summary_messages,
)
from profiles.models import ImportJob, Invitation, Listing, Membership, Organization
from profiles.services import imports as import_services
from profiles.services import listings as listing_services
from profiles.services import membership as membership_services
from profiles.services import organizations as organization_services

from ..paging import page_of, querystring_without_page
from .forms import (
    ImportForm,
    InvitationForm,
    ListingForm,
    OrganizationForm,
    ReviewForm,
)


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        if not request.user.is_authenticated:
            raise Http404
        raise PermissionDenied


def _org_for(request, pk, perm="profiles.view_organization") -> Organization:
    """The organization, or 404 when the viewer may not see it (drafts stay invisible)."""
    org = get_object_or_404(Organization.objects.select_related("ward"), pk=pk)
    if not request.user.has_perm("profiles.view_organization", org):
        raise Http404
    if perm != "profiles.view_organization" and not request.user.has_perm(perm, org):
        raise PermissionDenied
    return org


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = "fields_" if field == "fields" else field
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- directory ----------------------------------------------------------------------------------


@anonymous_page("directory")
def directory(request):
    """Search organizations; filters live in the URL so results can be shared."""
    filterset = OrganizationFilter(
        request.GET or None, queryset=selectors.organization_directory(viewer=request.user)
    )
    page = page_of(request, filterset.qs)
    q = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    page.object_list = selectors.mark_directory_page(page.object_list, q=q)
    context = {
        "filter": filterset,
        "page": page,
        "query": querystring_without_page(request),
        "total": page.paginator.count,
        "filters_used": sum(
            1 for name in filterset.form.fields if name != "q" and request.GET.get(name)
        ),
    }
    if request.htmx:
        return render(request, "frontend/profiles/_results.html", context)
    return render(request, "frontend/profiles/directory.html", context)


@anonymous_page("directory")
def listings(request):
    filterset = ListingFilter(
        request.GET or None, queryset=selectors.listing_directory(viewer=request.user)
    )
    page = page_of(request, filterset.qs)
    q = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    page.object_list = selectors.mark_listing_page(page.object_list, q=q)
    context = {
        "filter": filterset,
        "page": page,
        "query": querystring_without_page(request),
        "total": page.paginator.count,
    }
    if request.htmx:
        return render(request, "frontend/profiles/_listing_results.html", context)
    return render(request, "frontend/profiles/listings.html", context)


def export_csv(request, what):
    """The published directory as CSV in the import format. Contact columns stay empty unless
    the viewer may see them (staff)."""
    if what not in ("organizations", "listings"):
        raise Http404
    if what == "organizations":
        body = export_organizations(viewer=request.user)
    else:
        body = export_listings(viewer=request.user)
    response = HttpResponse(body.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tsunagu-{what}.csv"'
    return response


# --- one organization ---------------------------------------------------------------------------


def _history_with_changes(org, limit=15):
    """(record, [names of the fields it changed]) for the latest history records."""
    records = list(org.history.select_related("history_user")[: limit + 1])
    rows = []
    for record, previous in zip(records, records[1:] + [None], strict=False):
        changed = []
        if previous is not None:
            delta = record.diff_against(previous)
            changed = [
                str(Organization._meta.get_field(c.field).verbose_name) for c in delta.changes
            ]
        rows.append((record, changed))
    return rows[:limit]


def _introduction_state(user, org) -> str | None:
    """What the page offers a member of another organization: "request" (a link to ask for
    an introduction), "open" (one waits for an answer) or "accepted"; None for everyone else
    (anonymous visitors, the organization's own members, people with no organization)."""
    if not user.is_authenticated or not org.is_public:
        return None
    mine = set(
        selectors.organization_memberships_of(user=user).values_list("organization_id", flat=True)
    )
    if not mine or org.pk in mine:
        return None
    return introduction_state_with(mine).get(org.pk, "request")


@anonymous_page("directory")
def organization_detail(request, pk):
    org = _org_for(request, pk)
    user = request.user
    listings = list(selectors.organization_listings(viewer=user, organization=org))
    can_moderate = user.has_perm("profiles.moderate", org)
    context = {
        "org": org,
        "contact": selectors.visible_contact(user, org),
        "needs": [x for x in listings if x.kind == "need"],
        "offers": [x for x in listings if x.kind == "offer"],
        "can_edit": user.has_perm("profiles.change_organization", org),
        "can_moderate": can_moderate,
        "history": _history_with_changes(org) if can_moderate else [],
        "introduction_state": _introduction_state(user, org),
    }
    return render(request, "frontend/profiles/detail.html", context)


@login_required
def my_organizations(request):
    memberships = selectors.organization_memberships_of(user=request.user)
    acting = selectors.acting_organization(request)
    return render(
        request,
        "frontend/profiles/mine.html",
        {"memberships": memberships, "acting": acting},
    )


@login_required
@require_POST
def act_for(request):
    raw_id = request.POST.get("organization", "")
    org = get_object_or_404(Organization, pk=int(raw_id) if raw_id.isdigit() else None)
    try:
        membership_services.acting_organization_set(
            session=request.session, user=request.user, organization=org
        )
    except ApplicationError as exc:
        reraise_refusal(exc)
        raise PermissionDenied(exc.message) from exc
    messages.success(request, _("「%(name)s」として操作します") % {"name": org.name})
    return redirect_next(request, "profiles:mine")


@login_required
def organization_create(request):
    proxy = request.user.has_perm("profiles.moderate") and request.GET.get("proxy") == "1"
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = organization_services.organization_create(
                by=request.user, proxy=proxy, **form.service_kwargs()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except ApplicationError as exc:
            reraise_refusal(exc)
            form.add_error(None, exc.message)
        else:
            if proxy:
                messages.success(request, _("代理登録しました（公開済み）"))
            else:
                messages.success(request, _("登録しました。支援センターの確認後に公開されます。"))
            return redirect("profiles:edit", pk=org.pk)
    return render(request, "frontend/profiles/form.html", {"form": form, "proxy": proxy})


@login_required
def organization_edit(request, pk):
    org = _org_for(request, pk, "profiles.change_organization")
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            organization_services.organization_update(
                organization=org, by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except ApplicationError as exc:
            reraise_refusal(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("保存しました"))
            return redirect("profiles:edit", pk=org.pk)
        org.refresh_from_db()
    context = {
        "org": org,
        "form": form,
        "listings": selectors.organization_listings(viewer=request.user, organization=org),
        "can_manage_members": request.user.has_perm("profiles.manage_members", org),
    }
    return render(request, "frontend/profiles/edit.html", context)


@login_required
@require_POST
def organization_confirm(request, pk):
    org = _org_for(request, pk, "profiles.change_organization")
    organization_services.organization_confirm(organization=org, by=request.user)
    messages.success(request, _("最新の情報であることを確認しました"))
    return redirect("profiles:edit", pk=org.pk)


# --- listings -----------------------------------------------------------------------------------


@login_required
def listing_create(request, pk):
    org = _org_for(request, pk, "profiles.change_organization")
    form = ListingForm(request.POST or None, initial={"kind": request.GET.get("kind", "need")})
    if request.method == "POST" and form.is_valid():
        try:
            listing_services.listing_create(
                organization=org, by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("登録しました"))
            return redirect("profiles:edit", pk=org.pk)
    return render(request, "frontend/profiles/listing_form.html", {"form": form, "org": org})


def _listing_for(request, pk) -> Listing:
    listing = get_object_or_404(Listing.objects.select_related("organization"), pk=pk)
    if not request.user.has_perm("profiles.change_listing", listing):
        raise Http404
    return listing


@login_required
def listing_edit(request, pk):
    listing = _listing_for(request, pk)
    form = ListingForm(request.POST or None, listing=listing)
    if request.method == "POST" and form.is_valid():
        try:
            listing_services.listing_update(
                listing=listing, by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("保存しました"))
            return redirect("profiles:edit", pk=listing.organization_id)
    return render(
        request,
        "frontend/profiles/listing_form.html",
        {"form": form, "org": listing.organization, "listing": listing},
    )


@login_required
@require_POST
def listing_close(request, pk):
    listing = _listing_for(request, pk)
    listing_services.listing_close(listing=listing, by=request.user)
    messages.success(request, _("募集を終了しました"))
    return redirect("profiles:edit", pk=listing.organization_id)


# --- members ------------------------------------------------------------------------------------


@login_required
def members(request, pk):
    org = _org_for(request, pk, "profiles.change_organization")
    can_manage = request.user.has_perm("profiles.manage_members", org)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        _require(request, "profiles.manage_members", org)
        if form.is_valid():
            try:
                membership_services.invitation_create(
                    organization=org, by=request.user, **form.cleaned_data
                )
            except (ApplicationError, ValidationError) as exc:
                form.add_error(None, getattr(exc, "message", None) or exc.messages)
            else:
                messages.success(request, _("招待メールを送りました"))
                return redirect("profiles:members", pk=org.pk)
    context = {
        "org": org,
        "form": form,
        "can_manage": can_manage,
        "memberships": org.memberships.select_related("user").order_by("created_at"),
        "invitations": org.invitations.filter(status=Invitation.Status.PENDING),
        "history": Membership.history.filter(organization_id=org.pk).select_related("user")[:20],
    }
    return render(request, "frontend/profiles/members.html", context)


@login_required
@require_POST
def member_action(request, pk, membership_id):
    org = _org_for(request, pk, "profiles.change_organization")
    membership = get_object_or_404(org.memberships.select_related("user"), pk=membership_id)
    action = request.POST.get("action")
    try:
        if action == "remove":
            membership_services.membership_remove(membership=membership, by=request.user)
        elif action == "handover":
            membership_services.ownership_handover(
                organization=org, by=request.user, to=membership.user
            )
        elif action in ("owner", "editor"):
            membership_services.membership_change_role(
                membership=membership, by=request.user, role=action
            )
        else:
            raise ApplicationError(_("不明な操作です"))
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("変更しました"))
    if action == "remove" and membership.user_id == request.user.pk:
        return redirect("profiles:mine")
    return redirect("profiles:members", pk=org.pk)


def invitation(request, token):
    invitation = Invitation.objects.select_related("organization").filter(token=token).first()
    if invitation is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            membership_services.invitation_accept(token=token, user=request.user)
        except ApplicationError as exc:
            reraise_refusal(exc)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("メンバーになりました"))
            return redirect("profiles:edit", pk=invitation.organization_id)
    return render(request, "frontend/profiles/invitation.html", {"invitation": invitation})


# --- staff: review and import -------------------------------------------------------------------


@login_required
def review_queue(request):
    _require(request, "profiles.moderate")
    queue = selectors.review_queue(viewer=request.user)
    return render(request, "frontend/profiles/review.html", {**queue, "form": ReviewForm()})


@login_required
@require_POST
def review_action(request, what, pk):
    _require(request, "profiles.moderate")
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    action = request.POST.get("action")
    try:
        if what == "organization":
            org = get_object_or_404(Organization, pk=pk)
            handlers = {
                "publish": lambda: organization_services.organization_publish(
                    organization=org, by=request.user, comment=comment
                ),
                "return": lambda: organization_services.organization_return(
                    organization=org, by=request.user, comment=comment
                ),
                "verify": lambda: organization_services.organization_verify(
                    organization=org, by=request.user
                ),
                "unverify": lambda: organization_services.organization_verify(
                    organization=org, by=request.user, verified=False
                ),
            }
        else:
            listing = get_object_or_404(Listing, pk=pk)
            handlers = {
                "publish": lambda: listing_services.listing_publish(
                    listing=listing, by=request.user, comment=comment
                ),
                "return": lambda: listing_services.listing_return(
                    listing=listing, by=request.user, comment=comment
                ),
            }
        if action not in handlers:
            raise ApplicationError(_("不明な操作です"))
        handlers[action]()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("処理しました"))
    return redirect_next(request, "profiles:review")


@login_required
def import_upload(request):
    _require(request, "profiles.import_directory")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_services.import_job_create(
            by=request.user,
            organizations=form.cleaned_data["organizations"],
            listings=form.cleaned_data.get("listings"),
        )
        return redirect("profiles:import_status", pk=job.pk)
    jobs = ImportJob.objects.all()[:10]
    return render(request, "frontend/profiles/import.html", {"form": form, "jobs": jobs})


@login_required
def import_status(request, pk):
    _require(request, "profiles.import_directory")
    job = get_object_or_404(ImportJob, pk=pk)
    progress = selectors.import_job_progress(job)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(progress)
    context = {"job": job, "progress": progress, "running": not progress["finished"],
               **_import_texts(job)}  # fmt: skip
    return render(request, "frontend/profiles/import_status.html", context)


def _import_texts(job) -> dict:
    """The run's messages in the reader's language."""
    texts = {"error_lines": [message_text(m) for m in job.error or []]}
    shown = job.preview if job.status == ImportJob.Status.PREVIEW else job.summary
    if shown:
        texts["preview"] = shown
        texts["problem_lines"] = [message_text(m) for m in shown["errors"]]
        texts["warning_lines"] = [message_text(m) for m in shown["warnings"]]
        texts["summary_lines"] = [
            message_text(m) for m in summary_messages(shown, close_missing=job.close_missing)
        ]
    return texts


@login_required
def import_decide(request, pk):
    """Confirm or cancel a previewed import."""
    _require(request, "profiles.import_directory")
    if request.method != "POST":
        return redirect("profiles:import_status", pk=pk)
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        if request.POST.get("action") == "confirm":
            import_services.import_job_confirm(
                job=job, by=request.user, close_missing=bool(request.POST.get("close_missing"))
            )
        else:
            import_services.import_job_cancel(job=job, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("profiles:import_status", pk=pk)


@login_required
def import_export(request, what, fmt):
    """The support center's register to edit and import again: every published organization
    with contacts, and its listings closed or open with their listing_id (staff only)."""
    _require(request, "profiles.import_directory")
    if what not in ("organizations", "listings") or fmt not in EXPORT_FORMATS:
        raise Http404
    if what == "organizations":
        rows = organization_export_rows(
            viewer=request.user, queryset=selectors.register_organizations()
        )
    else:
        rows = listing_export_rows(viewer=request.user, queryset=selectors.register_listings())
    content_type, extension = EXPORT_FORMATS[fmt]
    response = HttpResponse(encode_rows(rows, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tsunagu-{what}.{extension}"'
    return response
