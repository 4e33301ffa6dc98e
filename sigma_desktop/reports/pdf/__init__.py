"""Printed reports (reportlab): A4, the Minedu / DRE / UGEL header, «Página x de y», generation date,
signature blocks kept with the last content, the verification code of the figures (once, on the last page),
charts and an embedded TTF (DejaVu Sans) for accents and ñ; no text below 7.5 pt.

Long tables are cut into page-sized tables (one LongTable grows quadratically with its pages).
"""
