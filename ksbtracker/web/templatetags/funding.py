from django import template

from ksbtracker.funding.apprentice import english_and_maths
from ksbtracker.plans.selectors import rules_correction_note

register = template.Library()


@register.simple_tag
def rules_correction(plan, outcome):
    """The note for a signed plan whose funding rules were corrected after signing, or None."""
    if plan is None or outcome is None:
        return None
    return rules_correction_note(plan, outcome)


@register.simple_tag
def english_maths_for(enrolment):
    """Whether English and maths are required for the apprentice, with the age at the start."""
    return english_and_maths(enrolment)
