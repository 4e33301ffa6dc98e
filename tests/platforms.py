"""Markers for tests bound to one operating system: each skip names what is missing, and pytest counts it.

The suite runs on Linux (CI, `scripts/test`) and on Windows (`scripts/test-windows` runs it under Wine, and
`scripts\\test.ps1` on a Windows PC). A test that drives a Linux tool (mount, chattr, the forkserver, a
mount table) skips on Windows; where Windows has the same risk, a Windows twin drives it the Windows way
(a network drive letter, the read-only attribute, a file another program holds open).
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import pytest

WINDOWS = sys.platform == "win32"


def linux_only(needs: str):
    """The test needs `needs`, which Windows does not have."""
    return pytest.mark.skipif(WINDOWS, reason=f"needs {needs} (Linux only)")


def windows_only(what: str):
    """`what` exists only on Windows (drive letters, file attributes, files locked while open)."""
    return pytest.mark.skipif(not WINDOWS, reason=f"Windows only: {what}")


def _read_only_attribute_enforced() -> bool:
    """Does a file with the read-only attribute refuse writing? Always on Windows; under Wine only when the
    Linux process may not override file permissions (scripts/test-windows drops root's CAP_DAC_OVERRIDE)."""
    import stat
    import tempfile

    fd, name = tempfile.mkstemp(prefix="sigma-solo-lectura-")
    os.close(fd)
    try:
        os.chmod(name, stat.S_IREAD)
        try:
            with open(name, "ab"):
                return False
        except PermissionError:
            return True
    finally:
        os.chmod(name, stat.S_IREAD | stat.S_IWRITE)
        os.remove(name)


def read_only_attribute():
    """The test marks a file «Solo lectura» (os.chmod sets the attribute on Windows)."""
    if not WINDOWS:
        return windows_only("the read-only attribute of a file («Solo lectura»)")
    return pytest.mark.skipif(not _read_only_attribute_enforced(),
                              reason="the read-only attribute is not enforced here (Wine run as root with "
                                     "CAP_DAC_OVERRIDE; scripts/test-windows drops it)")


# A folder on a drive letter Windows reports as remote (GetDriveTypeW: DRIVE_REMOTE). scripts/test-windows
# maps one under Wine; on a PC, map a share (net use N: \\servidor\recurso) and set the variable.
needs_network_folder = pytest.mark.skipif(not os.environ.get("SIGMA_TEST_NETWORK_DIR"),
                                          reason="SIGMA_TEST_NETWORK_DIR names no folder on a network drive")


@contextmanager
def held_open_by_another_program(path):
    """`path` opened the way Excel opens a workbook or a backup tool a database: no sharing (Windows)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                     wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    generic_read_write, no_sharing, open_existing, normal = 0xC0000000, 0, 3, 0x80
    handle = kernel32.CreateFileW(str(path), generic_read_write, no_sharing, None, open_existing, normal, None)
    if handle in (None, wintypes.HANDLE(-1).value):
        raise ctypes.WinError(ctypes.get_last_error())
    try:
        yield path
    finally:
        kernel32.CloseHandle(handle)
