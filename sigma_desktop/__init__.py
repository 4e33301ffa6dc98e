"""SIGMA Desktop: monitoring of the acompañamiento pedagógico (Minedu, Perú)."""

__version__ = "0.1.0"
