"""The portal's own pages: the public home page, the role dashboard, the health check and the icon."""

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import module_has_submodule
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET


@dataclass(frozen=True)
class Panel:
    """One card on the dashboard: a figure and where to act on it."""

    title: str
    value: object
    url: str = ""
    note: str = ""
    tone: str = "primary"


def _panels(user) -> list[Panel]:
    """Collect the dashboard cards each app offers ``user`` (``<app>.dashboard.panels(user)``)."""
    panels: list[Panel] = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("django") or not module_has_submodule(app_config.module, "dashboard"):
            continue
        panels.extend(import_module(f"{app_config.name}.dashboard").panels(user))
    return panels


def home(request):
    """The public front page; signed-in people go straight to their dashboard."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@login_required
def dashboard(request):
    """What needs this person's attention, by role."""
    return render(request, "dashboard.html", {"panels": _panels(request.user)})


@never_cache
def health(request):
    """Liveness and database reachability for the container healthcheck."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24)
def favicon(request):
    """The portal's icon at /favicon.ico, where browsers and bookmarks look for it without a <link>."""
    path = finders.find("favicon.ico") or Path(settings.STATIC_ROOT) / "favicon.ico"
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
