"""What can go wrong with the database itself, each with a Spanish message that says what to do.

Storage translates driver errors (sqlite3, psycopg) and file-system errors into these (see
storage/errors.py); the GUI and the command line show `message` as they show any SigmaError. In every
case nothing of the failed operation was saved: a transaction is all or nothing.
"""
from __future__ import annotations

from .errors import SigmaError


class DataSafetyError(SigmaError):
    """The database cannot be used as it is now; the message names the cause and the way out."""


class DiskFull(DataSafetyError):
    def __init__(self, where: str):
        super().__init__(
            f"No hay espacio libre en el disco de la base de datos ({where}). No se guardó nada de esta "
            "operación y los datos anteriores están intactos. Libere espacio (vacíe la papelera, borre "
            "archivos que no necesite o lleve las copias de seguridad antiguas a otro disco) e intente "
            "de nuevo.")


class ReadOnlyLocation(DataSafetyError):
    def __init__(self, where: str):
        super().__init__(
            f"La base de datos está en una carpeta o unidad de solo lectura, o el archivo está marcado como "
            f"de solo lectura ({where}): no se puede guardar nada en ella. Use una carpeta donde su usuario "
            "pueda escribir (por ejemplo, la carpeta de datos de SIGMA Desktop), quite la protección contra "
            "escritura de la memoria USB o el atributo «Solo lectura» del archivo (Propiedades), o pida a "
            "soporte que revise los permisos de la carpeta.")


class DatabaseLocked(DataSafetyError):
    def __init__(self, where: str):
        super().__init__(
            f"Otro programa está usando la base de datos ({where}) y no la libera. No se guardó nada. "
            "Cierre las otras ventanas de SIGMA Desktop y los programas que puedan tenerla abierta (un "
            "visor de SQLite, un antivirus o una copia en curso) e intente de nuevo.")


class DatabaseCorrupt(DataSafetyError):
    def __init__(self, where: str, detail: str = "", last_backup: str | None = None):
        self.detail = detail
        self.last_backup = last_backup
        way_out = (f"Restaure la última copia de seguridad buena ({last_backup}) desde Archivo → "
                   "Restaurar copia… o con «sigma restore ARCHIVO»"
                   if last_backup else
                   "Restaure una copia de seguridad buena desde Archivo → Restaurar copia… o con "
                   "«sigma restore ARCHIVO»")
        super().__init__(
            f"La base de datos está dañada ({where}){': ' + detail if detail else ''}. No siga trabajando "
            f"en ella. {way_out}; el archivo dañado se conserva aparte para soporte.")


class NewerSchema(DataSafetyError):
    def __init__(self, revision: str, known: str):
        self.revision = revision
        super().__init__(
            f"Esta base de datos fue creada o actualizada por una versión más reciente de SIGMA Desktop "
            f"(esquema «{revision}»; esta versión conoce hasta el «{known}»). No se modificó nada. "
            "Instale la versión más reciente de SIGMA Desktop para abrirla.")


class NetworkLocation(DataSafetyError):
    def __init__(self, where: str, kind: str):
        super().__init__(
            f"La base de datos local está en una unidad de red ({where}: {kind}). SQLite no es seguro "
            "sobre carpetas compartidas y los datos podrían dañarse, así que no se abrió. Copie el archivo "
            "a un disco de este equipo, o use una base de datos compartida PostgreSQL para trabajar entre "
            "varias PC.")


class ServerUnreachable(DataSafetyError):
    def __init__(self, where: str):
        super().__init__(
            f"No se pudo conectar con el servidor de base de datos ({where}). No se guardó nada. Revise "
            "que esta computadora esté conectada a la red de la oficina y que el servidor y el puerto sean "
            "los correctos (botón «Conexión…» de la ventana de inicio de sesión); si continúa, pida al "
            "administrador que verifique que el servidor PostgreSQL esté encendido. Para trabajar sin "
            "conexión, use una réplica.")


class BackupError(DataSafetyError):
    """A backup or a restore could not be done; the message says why (nothing was replaced)."""


class PasswordRequired(DataSafetyError):
    def __init__(self, where: str):
        super().__init__(
            f"El servidor PostgreSQL ({where}) no aceptó la contraseña, o falta la contraseña. Escríbala "
            "cuando SIGMA Desktop la pida (o en «Conexión…» de la ventana de inicio de sesión); si no la "
            "conoce, pídala al administrador del servidor. En la línea de comandos, guárdela con «sigma "
            "db-password set» (almacén de credenciales del sistema) o use la variable PGPASSWORD o el "
            "archivo .pgpass.")
