"""Is a database file on a network drive? SQLite's locking is unreliable over NFS, SMB and friends
(sqlite.org, "How To Corrupt An SQLite Database File", §2), so a local database there is refused.

Windows: UNC paths (\\\\servidor\\recurso) and drive letters that GetDriveTypeW reports as remote.
Linux: the file system type of the mount that holds the file (/proc/self/mounts).
macOS: the same from the output of `mount`.
Each platform's test is a pure function of its inputs so that the tests can feed it mount tables.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Callable, Iterable

from ..domain.data_errors import NetworkLocation

# File systems whose files live on another machine (or a VM host) and whose locks SQLite cannot trust.
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "afpfs", "coda", "9p", "drvfs",
    "ceph", "glusterfs", "lustre", "gfs2", "ocfs2", "davfs", "webdav", "sshfs", "vboxsf", "prl_fs",
    "vmhgfs", "fuse",  # "fuse" without a subtype: an unknown user-space file system
    "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.davfs2", "fuse.glusterfs",
    "fuse.cephfs", "fuse.smbnetfs", "fuse.curlftpfs", "fuse.gcsfuse", "fuse.goofys", "fuse.juicefs",
    "fuse.vmhgfs-fuse", "fuse.onedriver",
})

DRIVE_REMOTE = 4  # GetDriveTypeW


def network_kind(path: str | os.PathLike) -> str | None:
    """A short description of the network file system holding `path`, or None when it is local."""
    if sys.platform == "win32":
        return windows_kind(str(path), _get_drive_type)
    real = os.path.realpath(path)
    if sys.platform == "darwin":
        return mac_kind(real, _mount_output())
    return linux_kind(real, _proc_mounts())


def refuse_network(path: str | os.PathLike) -> None:
    kind = network_kind(path)
    if kind is not None:
        raise NetworkLocation(str(path), kind)


# --- Windows ---------------------------------------------------------------------------------------

def windows_kind(path: str, drive_type: Callable[[str], int]) -> str | None:
    p = path.replace("/", "\\")
    if p.startswith("\\\\?\\UNC\\"):
        return "carpeta compartida de red"
    if p.startswith("\\\\?\\") or p.startswith("\\\\.\\"):  # extended-length local path, device path
        p = p[4:]
    elif p.startswith("\\\\"):
        return "carpeta compartida de red"
    m = re.match(r"^([A-Za-z]):", p)
    if m is None:  # a relative path: the current directory decides
        m = re.match(r"^([A-Za-z]):", os.path.abspath(p)) if sys.platform == "win32" else None
        if m is None:
            return None
    root = f"{m.group(1).upper()}:\\"
    if drive_type(root) == DRIVE_REMOTE:
        return f"unidad de red {root[:2]}"
    return None


def _get_drive_type(root: str) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))  # type: ignore[attr-defined]


# --- Linux -----------------------------------------------------------------------------------------

def _proc_mounts() -> str:
    for name in ("/proc/self/mounts", "/proc/mounts"):
        try:
            return Path(name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return ""


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def _is_within(path: str, mount_point: str) -> bool:
    if mount_point == "/":
        return True
    return path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


def linux_kind(path: str, mounts: str) -> str | None:
    """The type of the innermost mount holding `path` if it is a network one."""
    rows = (line.split() for line in mounts.splitlines())
    return _innermost_network(path, ((_unescape(f[0]), _unescape(f[1]), f[2]) for f in rows if len(f) >= 3))


def _innermost_network(path: str, mounts: Iterable[tuple[str, str, str]]) -> str | None:
    """Of the (device, mount point, type) rows, the innermost mount holding `path`, described if it is a
    network one (the last row wins a tie: a later mount hides an earlier one at the same point)."""
    best: tuple[str, str, str] | None = None
    for device, point, fstype in mounts:
        if _is_within(path, point) and (best is None or len(point) >= len(best[1])):
            best = (device, point, fstype)
    if best is None:
        return None
    device, point, fstype = best
    if _network_type(fstype) or device.startswith("//"):
        return f"{fstype} en {point}"
    return None


def _network_type(fstype: str) -> bool:
    fstype = fstype.lower()
    return fstype in NETWORK_FS or fstype.split(".", 1)[0] in NETWORK_FS - {"fuse"}


# --- macOS -----------------------------------------------------------------------------------------

def _mount_output() -> str:
    import subprocess

    try:
        return subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


_MAC_LINE = re.compile(r"^(?P<device>.+?) on (?P<point>.+?) \((?P<type>[^,)]+)(?P<opts>[^)]*)\)$")


def mac_kind(path: str, mount_output: str) -> str | None:
    matches = (_MAC_LINE.match(line.strip()) for line in mount_output.splitlines())
    return _innermost_network(
        path, ((m.group("device"), m.group("point"), m.group("type").strip()) for m in matches if m))
