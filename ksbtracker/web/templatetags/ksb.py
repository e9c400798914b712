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
    """Hours without trailing zeros: 278, 278.4, 3.5."""
    if value is None or value == "":
        return ""
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
