"""Printed reports (reportlab): A4, the Minedu / DRE / UGEL header, «Página x de y», generation date,
a SHA-256 of the figures, signature blocks, charts and an embedded TTF (DejaVu Sans) for accents and ñ.

Long tables are cut into page-sized tables (one LongTable grows quadratically with its pages).
"""
