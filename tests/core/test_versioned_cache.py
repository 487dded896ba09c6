"""Values cached under version tokens: served while current, recomputed once a scope is bumped."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from revival_portal.core import versioned_cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Counter:
    def __init__(self, value="v"):
        self.calls, self.value = 0, value

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_value_is_computed_once_and_again_after_any_of_its_scopes_is_bumped():
    compute = Counter()

    assert versioned_cache.cached("n", ["a", "b"], compute) == "v"
    assert versioned_cache.cached("n", ["a", "b"], compute) == "v"
    assert compute.calls == 1
    versioned_cache.bump("b")
    assert versioned_cache.cached("n", ["a", "b"], compute) == "v"
    assert compute.calls == 2
    versioned_cache.bump("other")
    versioned_cache.cached("n", ["a", "b"], compute)
    assert compute.calls == 2


def test_a_value_computed_under_old_tokens_is_never_served():
    """A slow reader that took the tokens before a change stores what it read; the next reader, under the
    new tokens, does not take it."""
    old = versioned_cache._tokens(["a"])
    versioned_cache.bump("a")
    cache.set("vc:n", (old, "stale"))

    assert versioned_cache.cached("n", ["a"], Counter("fresh")) == "fresh"


def test_a_lost_token_is_a_new_one():
    compute = Counter()
    versioned_cache.cached("n", ["a"], compute)
    cache.delete(versioned_cache._token_key("a"))

    versioned_cache.cached("n", ["a"], compute)

    assert compute.calls == 2


def test_none_is_not_cached():
    compute = Counter(None)

    versioned_cache.cached("n", ["a"], compute)
    versioned_cache.cached("n", ["a"], compute)

    assert compute.calls == 2


def test_a_hit_is_one_round_trip(monkeypatch):
    versioned_cache.cached("n", ["a", "b"], Counter())
    calls, depth = [], [0]

    def counted(method, original):
        def call(*args, **kwargs):
            if not depth[0]:  # the local cache's get_many calls its get
                calls.append(method)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for method in ("get", "get_many", "add", "set", "set_many"):
        monkeypatch.setattr(cache, method, counted(method, getattr(cache, method)))

    versioned_cache.cached("n", ["a", "b"], Counter())

    assert calls == ["get_many"]


@pytest.mark.django_db
def test_an_unreachable_cache_computes(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError

    monkeypatch.setattr(cache, "get_many", down)
    with CaptureQueriesContext(connection):
        assert versioned_cache.cached("n", ["a"], Counter("computed")) == "computed"
