"""Financing pages, split by who uses them."""
