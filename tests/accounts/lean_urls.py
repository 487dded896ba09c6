"""The portal's URLs plus a bare signed-in page: the shell (header, menu, unread count) and nothing else."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from revival_portal.urls import urlpatterns as portal_urlpatterns

_SHELL = engines["django"].from_string('{% extends "base.html" %}{% block content %}bare{% endblock %}')


@login_required
def bare(request):
    return HttpResponse(_SHELL.render(request=request))


urlpatterns = [path("__bare__/", bare, name="bare"), *portal_urlpatterns]
