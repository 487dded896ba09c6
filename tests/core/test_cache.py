"""The shared cache backend: Django's Redis cache, one Redis client per connection pool."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from revival_portal.core.cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def cache():
    backend = RedisCache(settings.CELERY_BROKER_URL, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})
    yield backend
    keys = backend._cache.get_client().keys(f"{backend.key_prefix}*")
    if keys:
        backend._cache.get_client(write=True).delete(*keys)


def test_every_call_shares_one_client_per_pool(cache):
    reads = {id(cache._cache.get_client("a")) for _ in range(3)}
    writes = {id(cache._cache.get_client("a", write=True)) for _ in range(3)}

    # One server: reads and writes use the same pool, so the same client.
    assert len(reads | writes) == 1


def test_the_cache_reads_back_what_it_wrote(cache):
    cache.set("one", {"rows": [1, 2]})
    cache.set_many({"two": 2, "three": "٣"})

    assert cache.get("one") == {"rows": [1, 2]}
    assert cache.get_many(["one", "two", "three", "missing"]) == {
        "one": {"rows": [1, 2]},
        "two": 2,
        "three": "٣",
    }
    assert cache.incr("two") == 3
    assert cache.add("two", 9) is False
    cache.delete("one")
    assert cache.get("one", "gone") == "gone"


def test_threads_share_the_client_safely(cache):
    cache.set("counter", 0)

    def work(number: int) -> bool:
        cache.set(f"key-{number}", number)
        cache.incr("counter")
        return cache.get(f"key-{number}") == number

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(work, range(200)))

    assert all(answers)
    assert cache.get("counter") == 200
