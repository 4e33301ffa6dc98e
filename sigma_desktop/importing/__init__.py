"""Readers of user spreadsheets: templates, parsing, row-level validation into DTOs and error lists."""
