"""The unit request page's panel registry: a registered panel shows to whom it answers, None adds nothing."""

import pytest
from django.urls import reverse

from equipment import extensions
from tests.equipment.factories import UnitRequestFactory
from tests.factories import ReviewerFactory, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_only_panel():
    def panel(unit_request, user):
        if not user.is_programme_staff:
            return None
        return ("equipment/includes/test_panel.html", {"mine": unit_request.mine.name})

    extensions.register_request_panel(panel)
    extensions.register_request_panel(panel)  # registering twice keeps one
    yield panel
    extensions.request_panels.remove(panel)


def test_a_registered_panel_renders_only_where_it_answers(reviewer_only_panel, settings, tmp_path):
    (tmp_path / "equipment" / "includes").mkdir(parents=True)
    (tmp_path / "equipment" / "includes" / "test_panel.html").write_text(
        '<p id="test-panel">Panel for {{ panel.mine }}</p>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
        *settings.TEMPLATES[1:],
    ]
    assert extensions.request_panels.count(reviewer_only_panel) == 1
    unit_request = UnitRequestFactory()
    url = reverse("equipment:request_detail", args=[unit_request.pk])
    reviewer_page = signed_in(ReviewerFactory()).get(url).content.decode()
    assert f"Panel for {unit_request.mine.name}" in reviewer_page
    operator_page = signed_in(unit_request.mine.operator).get(url)
    assert operator_page.status_code == 200
    assert 'id="test-panel"' not in operator_page.content.decode()
