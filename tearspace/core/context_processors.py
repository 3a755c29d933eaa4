from typing import Any

from django.http import HttpRequest

from tearspace.core.navigation import lazy_nav


def shell(request: HttpRequest) -> dict[str, Any]:
    """Give every page the person's theme (the shell reads it before first paint) and the
    main navigation, built only if the page draws the header."""
    user = getattr(request, "user", None)
    theme = getattr(user, "theme", "system") if user and user.is_authenticated else "system"
    return {"theme": theme, "nav": lazy_nav(user, request.path)}
