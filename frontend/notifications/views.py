"""Pages: a person's notifications (mark read without JavaScript) and delivery preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, reraise_refusal
from core.models import Delivery, Notification, NotificationPreference
from core.notifications import DIGEST_KIND, KNOWN_KINDS, mark_read, preference_set


@login_required
def notification_list(request):
    qs = Notification.objects.filter(user=request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    mark_read(user=request.user, ids=ids)
    messages.success(request, _("既読にしました"))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read, then follow its link (only to a path on this site)."""
    notification = Notification.objects.filter(user=request.user, pk=pk).first()
    if notification is None:
        return redirect("notifications:list")
    mark_read(user=request.user, ids=[pk])
    url = notification.url
    return redirect(
        url if url.startswith("/") and not url.startswith("//") else "notifications:list"
    )


@login_required
def notification_settings(request):
    received = set(
        Notification.objects.filter(user=request.user).values_list("kind", flat=True).distinct()
    )
    kinds = {**{k: k for k in sorted(received)}, **KNOWN_KINDS}
    if request.method == "POST":
        try:
            for kind in kinds:
                value = request.POST.get(f"kind:{kind}")
                if value:
                    preference_set(user=request.user, kind=kind, delivery=value)
        except ApplicationError as error:
            reraise_refusal(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("通知の受け取り方を保存しました"))
            return redirect("notifications:settings")
    chosen = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "delivery")
    )
    # The digest itself is simply on (mailed weekly) or off.
    digest_choices = [(Delivery.EMAIL, _("受け取る")), (Delivery.IN_APP, _("受け取らない"))]
    rows = [
        {
            "kind": kind,
            "label": label,
            "delivery": chosen.get(kind, Delivery.EMAIL),
            "choices": digest_choices if kind == DIGEST_KIND else Delivery.choices,
        }
        for kind, label in kinds.items()
    ]
    return render(request, "core/notification_settings.html", {"rows": rows})
