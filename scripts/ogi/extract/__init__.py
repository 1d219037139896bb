"""Extract values from a report: the statistics tables of both national templates and the prose."""
