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

# Failed sign-ins (services/auth.py). Counted per (PC, DNI) and per PC, never per account alone: a wrong
# guess typed on one PC must not lock the person out of the PC they work at.
FAILURES_BEFORE_WAIT_PER_DNI = 5     # on one PC, for one DNI (known or not)
FAILURES_BEFORE_WAIT_PER_PC = 20     # on one PC, whatever the DNIs (someone trying many accounts)
FIRST_WAIT_SECONDS = 60
MAX_WAIT_SECONDS = 15 * 60


def sign_in_wait_seconds(failures: int, threshold: int) -> int:
    """How long the next attempt must wait after `failures` consecutive failures: nothing below the
    threshold, then one minute, doubling with each further failure, at most fifteen minutes."""
    if failures < threshold:
        return 0
    return min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** min(failures - threshold, 10))
