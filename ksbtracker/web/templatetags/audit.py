from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ksbtracker.people.access import audit_events_visible_to

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_trail_url(context, record=None, enrolment=None) -> str:
    """The audit trail page for ``record`` (or ``enrolment``) if the signed-in person may see it, else ''."""
    if audit_events_visible_to(context["request"].user) is None:
        return ""
    query = {"record": f"{record._meta.label_lower}:{record.pk}"} if record is not None else {}
    if enrolment is not None:
        query["apprenticeship"] = enrolment.pk
    return f"{reverse('audit-trail')}?{urlencode(query)}" if query else reverse("audit-trail")
