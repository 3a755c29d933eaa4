from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """Give every page the person's theme (the shell reads it before first paint)."""
    user = getattr(request, "user", None)
    theme = getattr(user, "theme", "system") if user and user.is_authenticated else "system"
    return {"theme": theme}
