"""The programme's figures for a period, read with a constant number of aggregate queries.

Every figure is computed by the database (``GROUP BY`` / ``SUM`` / conditional aggregates); Python only
reshapes the few grouped rows (5 stages, at most 31 provinces, the minerals, 12 months). The one exception
is fleet utilisation, which reuses ``equipment.selectors.fleet_utilisation`` (three queries over the fleet
and the bookings of the period) so the rule "booked days over available days" is written once.
"""

from revival_portal.reports.selectors.portfolio import portfolio_arrears
from revival_portal.reports.selectors.programme import programme_figures
from revival_portal.reports.selectors.public import public_figures

__all__ = ["portfolio_arrears", "programme_figures", "public_figures"]
