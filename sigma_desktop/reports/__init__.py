"""Report writers: take DTOs and produce files (xlsx with openpyxl, pdf with reportlab). No Qt, no session."""
