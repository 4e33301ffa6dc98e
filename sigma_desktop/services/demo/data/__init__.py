"""Deterministic, realistic demo data (pure Python): see generator.DemoGenerator."""
from .generator import COACH_DNIS, STAFF_DNIS, TEACHER_DNIS, DemoGenerator
from .model import SCALES, DemoInputs, ProtocolSpec

__all__ = ["COACH_DNIS", "STAFF_DNIS", "TEACHER_DNIS", "DemoGenerator", "DemoInputs", "ProtocolSpec", "SCALES"]
