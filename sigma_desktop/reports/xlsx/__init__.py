"""Excel workbooks: the formatted indicator and control workbooks and the raw data export.

All are written by `stream.XlsxWriter` (picked by measurement, see docs/performance.md); openpyxl
reads them back in the tests.
"""
