"""Saves what the X display shows (the virtual screen Wine draws on) as a PNG cropped to the windows on it.

    python scripts/windows/grab_screen.py OUT.png

Runs on the Linux side with Qt's xcb platform, so the picture is what a person would see on the screen,
drawn by the Windows program through Wine, not a render the program made of itself. Prints the size of
the visible area; exits 1 when the screen is empty (no window drawn).
"""
from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "xcb"

from PySide6.QtGui import QGuiApplication  # noqa: E402

MARGIN = 12


def main(target: str) -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it to grab
    image = QGuiApplication.primaryScreen().grabWindow(0).toImage()
    background = image.pixel(0, 0)
    width, height = image.width(), image.height()
    xs, ys = [], []
    for y in range(0, height, 2):  # every other row and column is enough to find the windows' edges
        for x in range(0, width, 2):
            if image.pixel(x, y) != background:
                xs.append(x)
                ys.append(y)
    if not xs:
        print("pantalla vacía: ninguna ventana dibujada")
        return 1
    left, top = max(0, min(xs) - MARGIN), max(0, min(ys) - MARGIN)
    right, bottom = min(width, max(xs) + MARGIN), min(height, max(ys) + MARGIN)
    image.copy(left, top, right - left, bottom - top).save(target)
    print(f"{right - left}×{bottom - top} px visibles de {width}×{height}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
