"""A screen and its live view (services/live_figures.py): while the screen is hidden (another module in front)
its view only notes what each write touched, so that a write pays only for the figures
someone is looking at; when the screen is shown again the view catches up in the background, re-reading only
what those writes touched, and the screen gets the new figures through its usual subscription."""
from __future__ import annotations

from typing import Callable


def hidden(view) -> None:
    if view is not None:
        view.pause()


def shown(parent, view, failed: Callable[[BaseException], None] | None = None) -> None:
    if view is None:
        return
    if not view.stale:
        view.resume()  # nothing was written meanwhile: nothing to read
        return
    from . import runner

    runner.run(parent, view.resume, lambda _update: None, failed, busy_after_ms=1500)
