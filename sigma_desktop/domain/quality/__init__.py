"""Calidad de la información: checks over the data that list findings for the RCI and the Coordinador de
Calidad to review (kinds.py), their thresholds (params.py), the facts they read (facts.py) and the pure
functions that judge them (checks/, listed in registry.py)."""
