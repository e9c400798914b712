from django import template

from ksbtracker.plans.selectors import rules_correction_note

register = template.Library()


@register.simple_tag
def rules_correction(plan, outcome):
    """The note for a signed plan whose funding rules were corrected after signing, or None."""
    if plan is None or outcome is None:
        return None
    return rules_correction_note(plan, outcome)
