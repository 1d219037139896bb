"""Publish: rows to tables, the descriptor, validation, the generated docs and the release."""
