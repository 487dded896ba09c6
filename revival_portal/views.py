"""The portal's own pages: the public home page, the role dashboard and the health check."""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import module_has_submodule
from django.views.decorators.cache import never_cache


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
