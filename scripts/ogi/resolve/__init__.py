"""Resolve who reported, for which statistics year and place: recognition, agency, year, division."""
