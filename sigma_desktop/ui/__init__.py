"""PySide6 user interface. Only this package imports Qt; nothing imports it but app.py."""
