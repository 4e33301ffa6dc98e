"""A file the user named (an export, a template, a copy of errors) could not be written or read: what
happened, in Spanish, and what to do.

Windows is where this is common: a workbook still open in Excel or a PDF open in a viewer is locked
(Python reports the sharing violation as a plain permission error), a file may carry the «Solo lectura»
attribute, and the folder may belong to another user. The GUI (ui/messages.py) and the command line
(cli/__init__.py) show these instead of a traceback or «error inesperado».
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import SigmaError

# Windows error codes Python keeps in OSError.winerror
_SHARING_VIOLATION, _LOCK_VIOLATION = 32, 33


class FileProblem(SigmaError):
    """A file or folder outside the database could not be used; nothing was written to it."""


def file_problem(exc: OSError) -> FileProblem | None:
    """The message for an error about a named file, or None when `exc` names no file (a socket, a pipe)."""
    name = exc.filename2 or exc.filename  # os.replace(partial, target): the target is filename2
    if not name:
        return None
    path = Path(os.fsdecode(name))
    winerror = getattr(exc, "winerror", None)
    if winerror in (_SHARING_VIOLATION, _LOCK_VIOLATION) or exc.errno in (errno.EACCES, errno.EPERM):
        return FileProblem(_denied(path))
    if exc.errno == errno.EROFS:
        return FileProblem(f"«{path}» está en una unidad de solo lectura (por ejemplo, una memoria USB protegida "
                           "contra escritura). Guarde en otra carpeta.")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return FileProblem(f"No hay espacio libre en el disco para escribir «{path}». No se guardó el archivo. "
                           "Libere espacio o guarde en otro disco.")
    if exc.errno == errno.ENOENT and not path.parent.is_dir():
        return FileProblem(f"No existe la carpeta «{path.parent}». Elija una carpeta que exista (por ejemplo, "
                           "Documentos) o, si estaba en una memoria USB, conéctela de nuevo.")
    if exc.errno == errno.ENOENT:
        return FileProblem(f"No se encontró el archivo «{path}». Revise el nombre y la carpeta.")
    return FileProblem(f"No se pudo usar el archivo «{path}» ({exc.strerror or exc}). Intente de nuevo o guarde "
                       "en otra carpeta.")


def _denied(path: Path) -> str:
    if path.exists() and not os.access(path, os.W_OK):
        return (f"«{path}» es de solo lectura: no se puede reemplazar. Guarde con otro nombre, o quite el "
                "atributo «Solo lectura» en las propiedades del archivo.")
    if path.exists():  # the file itself may be written: another program holds it (Windows locks open files)
        return (f"«{path}» está abierto en otro programa (por ejemplo, Excel o un visor de PDF) o su usuario no "
                "puede modificarlo. Ciérrelo e intente de nuevo, o guarde con otro nombre.")
    return (f"Su usuario no puede escribir en la carpeta «{path.parent}». Guarde en otra carpeta (por ejemplo, "
            "Documentos) o pida a soporte que revise los permisos.")
