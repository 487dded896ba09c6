"""The admin is for administrators, and no changelist leaks a sealed field through a lookup or a column."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from revival_portal.core.admin_site import BUSINESS_APPS, sealed_fields
from tests.equipment.factories import BidFactory
from tests.factories import AdminFactory, FundOfficerFactory, ReviewerFactory, signed_in

pytestmark = pytest.mark.django_db

SECRET_PRICE = Decimal("987654321012")
MAX_DEPTH = 3


def sealed_lookup_paths(model, depth: int = MAX_DEPTH, prefix: str = "", seen=()) -> set[str]:
    """Every path from ``model`` through at most ``depth`` relations that ends on a sealed field."""
    paths = {f"{prefix}{name}" for name in sealed_fields(model)}
    if depth == 0:
        return paths
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if not field.is_relation or related is None or related in seen:
            continue
        # For a reverse relation, ``name`` is the query name (``bids`` on a tender).
        paths |= sealed_lookup_paths(related, depth - 1, f"{prefix}{field.name}__", (*seen, model))
    return paths


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_the_walk_covers_the_sealed_bid_price_from_several_changelists():
    from equipment.models import Award, Bid, Tender

    assert "price_rials" in sealed_lookup_paths(Bid)
    assert "bids__price_rials" in sealed_lookup_paths(Tender)
    assert "bid__price_rials" in sealed_lookup_paths(Award)


@pytest.mark.parametrize("make_user", [ReviewerFactory, FundOfficerFactory], ids=["reviewer", "fund-officer"])
def test_reviewers_and_fund_officers_are_turned_away_from_the_admin(make_user):
    user = make_user()
    assert not user.is_staff
    client = signed_in(user)
    for url in ("/admin/", reverse("admin:equipment_bid_changelist"), reverse("admin:mines_mine_changelist")):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response.url.startswith(reverse("admin:login")), url


def test_a_staff_flag_alone_does_not_open_the_admin():
    reviewer = ReviewerFactory(is_staff=True)  # e.g. a row not yet corrected by the migration
    response = signed_in(reviewer).get("/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_every_changelist_refuses_every_sealed_lookup_and_never_shows_the_price():
    BidFactory(price_rials=SECRET_PRICE)  # on a tender still open: the price is sealed
    client = signed_in(AdminFactory())
    walked = 0
    for model, model_admin in _registered():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert f"{SECRET_PRICE:,}" not in text and str(SECRET_PRICE) not in text, url
        for path in sorted(sealed_lookup_paths(model)):
            for lookup, value in (
                (f"{path}__gte", "1"),
                (f"{path}__lte", str(SECRET_PRICE)),
                (path, str(SECRET_PRICE)),
                (f"{path}__isnull", "False"),
                (f"{path}__startswith", "9"),
            ):
                response = client.get(url, {lookup: value})
                walked += 1
                refused = response.status_code == 400 or (
                    response.status_code == 302 and "e=1" in response.url
                )
                assert refused, f"{url}?{lookup}={value} answered {response.status_code}"
        request = client.get(url).wsgi_request
        for name in model_admin.get_search_fields(request):
            assert not any(name.lstrip("^=@") == p for p in sealed_lookup_paths(model)), (url, name)
    assert walked > 20


def test_business_objects_are_read_only_unless_their_admin_saves_through_a_service():
    request = signed_in(AdminFactory()).get("/admin/").wsgi_request
    for model, model_admin in _registered():
        if model._meta.app_label not in BUSINESS_APPS:
            continue
        assert not model_admin.has_delete_permission(request), model
        if not getattr(model_admin, "writes_through_services", False):
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_add_permission(request), model
