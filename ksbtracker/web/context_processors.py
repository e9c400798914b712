def navigation(request):
    """Placeholder replaced by the role-based navigation."""
    return {}
