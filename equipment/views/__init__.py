"""The equipment pages, by topic: requests and bookings, the fleet, tenders."""
