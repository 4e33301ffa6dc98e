"""How long a signed-in session may stay idle before it locks (the value lives in the PC's settings)."""
from __future__ import annotations

IDLE_LOCK_DEFAULT_MINUTES = 10
IDLE_LOCK_MIN_MINUTES = 1
IDLE_LOCK_MAX_MINUTES = 120
SETTINGS_KEY = "seguridad/bloqueo_inactividad_minutos"


def idle_minutes(value: object) -> int:
    """The configured minutes, clamped to the allowed range (a bad or missing value gives the default)."""
    try:
        minutes = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return IDLE_LOCK_DEFAULT_MINUTES
    return min(IDLE_LOCK_MAX_MINUTES, max(IDLE_LOCK_MIN_MINUTES, minutes))
