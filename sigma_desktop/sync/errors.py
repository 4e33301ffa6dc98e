"""What can go wrong in a synchronisation, each with a Spanish message that says what to do.

In every case nothing was lost: a batch is one transaction on each side, and the next run resumes.
"""
from __future__ import annotations

from ..domain.errors import SigmaError


class SyncError(SigmaError):
    """A synchronisation could not finish; what was already exchanged stays exchanged."""


class HubUnreachable(SyncError):
    def __init__(self, where: str, detail: str = ""):
        super().__init__(
            f"No se pudo conectar con el servidor central ({where}){': ' + detail if detail else ''}. "
            "Sus cambios siguen guardados en esta computadora y se enviarán en la próxima sincronización. "
            "Revise la conexión a internet o a la red de la oficina, o use un archivo de sincronización "
            "(memoria USB).")


class AccessRefused(SyncError):
    def __init__(self, detail: str = ""):
        super().__init__(
            "El servidor central no aceptó la credencial de esta réplica"
            f"{' (' + detail + ')' if detail else ''}. Pida al administrador del servidor central una "
            "credencial nueva para esta computadora.")


class WrongHub(SyncError):
    def __init__(self, expected: str, found: str, what: str = "El servidor"):
        super().__init__(
            f"{what} corresponde a otro servidor central ({found}), no al de esta base de datos "
            f"({expected}). No se aplicó nada.")


class WrongNode(SyncError):
    def __init__(self, expected: str, found: str):
        super().__init__(
            f"El archivo de sincronización es para otra réplica ({found}), no para esta ({expected}). "
            "No se aplicó nada.")


class CorruptFile(SyncError):
    def __init__(self, path: str, detail: str = ""):
        super().__init__(
            f"El archivo de sincronización «{path}» está dañado o incompleto"
            f"{' (' + detail + ')' if detail else ''}. No se aplicó nada. Genere el archivo de nuevo en la "
            "otra computadora y cópielo otra vez (espere a que termine la copia antes de retirar la "
            "memoria USB).")


class NotConfigured(SyncError):
    def __init__(self, detail: str = ""):
        super().__init__(detail or "Esta base de datos no es una réplica ni un servidor central: no hay nada que "
                         "sincronizar. Cree una réplica desde el servidor central (Archivo → Conexión…, o "
                         "«sigma replica create»).")


class ProtocolError(SyncError):
    def __init__(self, detail: str):
        super().__init__(f"El servidor central respondió algo inesperado ({detail}). No se aplicó nada; "
                         "intente de nuevo y, si persiste, avise a soporte.")


class Rejected(SyncError):
    """A request the hub refuses as a whole (bad shape, wrong node): nothing of it was applied."""
