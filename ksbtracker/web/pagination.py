"""Every list is paginated the same way, with the GOV.UK pagination component."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import QueryDict

__all__ = ["PAGE_SIZE", "paginate", "query_without_page"]

PAGE_SIZE = 25


def paginate(request, records, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``records`` asked for in ``?page=`` (the first for nonsense, the last if past the end)."""
    page = Paginator(records, per_page).get_page(request.GET.get("page"))
    page.numbered = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    page.other_query = query_without_page(request.GET)
    return page


def query_without_page(query: QueryDict) -> str:
    """The query string's filters, without ``page``, for links to other pages and to exports."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()
