"""Use cases: one module per use case, handed out by the `Sigma` facade (see facade.py)."""
from .facade import Sigma

__all__ = ["Sigma"]
