"""Lists shown a page at a time: one page size and one way to keep the filters in the links."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 20


def page_of(request, items, size: int = PAGE_SIZE) -> Page:
    """The page of `items` asked for by ?page= (the last one when past the end, the first
    when not a number)."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    """The request's filters, for the page links to carry (without the page itself)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
