from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def hours(value):
    """Hours with thousands separators and without trailing zeros: 1,000, 278.4, 3.5."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text
