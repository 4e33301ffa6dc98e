"""Report writers: take DTOs and produce files (xlsx with our streaming writer, xlsx/stream.py; pdf with
reportlab). No Qt, no session."""
