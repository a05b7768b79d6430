"""Event pages: thin views over events.selectors and events.services."""

from django.shortcuts import get_object_or_404, render

from events import selectors


def event_list_page(request):
    events = selectors.event_list(viewer=request.user)
    return render(request, "frontend/events/list.html", {"events": events})


def event_detail_page(request, pk):
    event = get_object_or_404(selectors.event_visible(viewer=request.user), pk=pk)
    return render(request, "frontend/events/detail.html", {"event": event})
