"""The full list of one kind of task waiting on the person, paginated."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ksbtracker.progress.needs import need_kind
from ksbtracker.web.pagination import paginate


@require_GET
@login_required
def needs_list(request, slug: str):
    try:
        kind, records, to_task = need_kind(request.user, slug)
    except KeyError:
        raise Http404("No such list.") from None
    page = paginate(request, records)
    tasks = [to_task(record) for record in page.object_list]
    return render(request, "needs/list.html", {"kind": kind, "page": page, "tasks": tasks})
