"""The benchmark's site: the portal as deployed, plus a query counter and the one-query floor views."""
