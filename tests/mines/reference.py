"""Reference rows for tests: provinces and minerals come back by post_migrate after every flush."""

from mines.models import Mineral
from mines.reference import minerals_load
from revival_portal.core.models import Province
from revival_portal.core.reference import provinces_load


def ensure_reference_data() -> None:
    """Load provinces and minerals if missing (they normally are present: see core/reference.py)."""
    if not Province.objects.exists():
        provinces_load(Province)
    if not Mineral.objects.exists():
        minerals_load(Mineral)
