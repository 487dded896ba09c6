"""Reference data and Iranian helpers: digits, identifiers, the Jalali calendar and the provinces."""
