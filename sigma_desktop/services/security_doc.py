"""Writes docs/security.md from the rules the application enforces.

    python -m sigma_desktop.services.security_doc > docs/security.md

The role × action table comes from `domain.permissions.PERMISSIONS`, the same table the services
check and tests/services/test_permission_matrix.py walks; the numbers (password length, failed
attempts, lock and idle minutes) come from the modules that use them. A test fails when the file in
docs/ differs from what this prints, so the document cannot drift from the code.
"""
from __future__ import annotations

import sys

from ..domain.enums import ROLE_LABELS, Role, ScopeLevel
from ..domain.permissions import ACTION_LABELS, PERMISSIONS, ROLE_SCOPE, ROLES_WITH_OPTIONAL_DRE_SCOPE
from ..domain.session_policy import (IDLE_LOCK_DEFAULT_MINUTES, IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES,
                                     SETTINGS_KEY)

SCOPE_LABELS = {ScopeLevel.UGEL: "su UGEL", ScopeLevel.DRE: "su DRE (todas sus UGEL)",
                ScopeLevel.NATION: "todo el país"}

# Short column heads for the table (the full names are listed below it)
ROLE_SHORT = {Role.COACH: "AP", Role.LOCAL_MANAGER: "Gestor Local", Role.REGIONAL_MANAGER: "Gestor Regional",
              Role.DATA_QUALITY: "RCI", Role.QUALITY_COORDINATOR: "Coord. Calidad", Role.ADMIN: "Admin."}


def permission_table() -> str:
    roles = list(Role)
    lines = ["| Acción (código) | " + " | ".join(ROLE_SHORT.get(r, r.value) for r in roles) + " |",
             "|---|" + "|".join(":-:" for _ in roles) + "|"]
    for action, allowed in PERMISSIONS.items():
        cells = " | ".join("sí" if r in allowed else "—" for r in roles)
        lines.append(f"| {ACTION_LABELS[action]} (`{action.value}`) | {cells} |")
    return "\n".join(lines)


def scope_table() -> str:
    lines = ["| Rol | Código | Ámbito |", "|---|---|---|"]
    for role in Role:
        scope = SCOPE_LABELS[ROLE_SCOPE[role]]
        if role in ROLES_WITH_OPTIONAL_DRE_SCOPE:
            scope += " o, si se le asigna una DRE, " + SCOPE_LABELS[ScopeLevel.DRE]
        lines.append(f"| {ROLE_LABELS[role]} | `{role.value}` | {scope} |")
    return "\n".join(lines)


def _argon2() -> str:
    from argon2 import PasswordHasher

    h = PasswordHasher()
    return (f"argon2id (argon2-cffi: {h.time_cost} pasadas, {h.memory_cost // 1024} MiB de memoria, "
            f"{h.parallelism} hilos, sal aleatoria de {h.salt_len} bytes por contraseña)")


def render() -> str:
    from ..domain.session_policy import (FAILURES_BEFORE_WAIT_PER_DNI, FAILURES_BEFORE_WAIT_PER_PC,
                                         FIRST_WAIT_SECONDS, MAX_WAIT_SECONDS)
    from .auth import MIN_PASSWORD_LENGTH
    from .backup import INTEGRITY_EVERY_DAYS

    return f"""# Seguridad y acceso

> Este archivo se genera con `python -m sigma_desktop.services.security_doc > docs/security.md` a partir de
> la tabla `PERMISSIONS` de `sigma_desktop/domain/permissions.py`: la misma que consultan los servicios y que
> recorre la prueba `tests/services/test_permission_matrix.py` (cada rol contra cada acción, permitida y
> rechazada, con llamadas reales a los servicios). No lo edite a mano: una prueba falla si difiere.

## Quién puede hacer qué

Los permisos se comprueban en los servicios, antes de abrir la transacción: ocultar un botón en la ventana
es solo comodidad. Lo mismo vale para la línea de comandos `sigma`, que usa los mismos servicios; sin sesión
iniciada actúa como el sistema, porque quien la ejecuta ya tiene el archivo de la base o las credenciales
del servidor.

{permission_table()}

Columnas: {"; ".join(f"{ROLE_SHORT[r]} = {ROLE_LABELS[r]}" for r in Role if ROLE_SHORT[r] != ROLE_LABELS[r])}.

## Ámbito de cada rol

{scope_table()}

- Cada consulta se limita en la base de datos al ámbito del usuario (listas, colas de validación, papelera,
  fichas, historial): un Gestor Local solo ve y modifica su UGEL; un Gestor Regional, las UGEL de su DRE.
- Un registro fuera del ámbito se rechaza con «El registro está fuera de su ámbito (UGEL/DRE)…», aunque el
  rol permita la acción.
- Un acompañante solo planifica y registra sus propias actividades, con docentes asignados a él.

## Cuentas y contraseñas

- Las contraseñas se guardan como hash {_argon2()}; nunca en texto.
- Mínimo {MIN_PASSWORD_LENGTH} caracteres, con letras y números.
- Tras {FAILURES_BEFORE_WAIT_PER_DNI} intentos fallidos seguidos de un mismo DNI en una computadora, ese DNI
  espera en esa computadora {FIRST_WAIT_SECONDS // 60} minuto antes del siguiente intento; cada nuevo fallo duplica
  la espera, hasta {MAX_WAIT_SECONDS // 60} minutos. Tras {FAILURES_BEFORE_WAIT_PER_PC} intentos fallidos seguidos en
  una computadora, con cualquier DNI, espera la computadora entera. La cuenta no se bloquea en las demás
  computadoras: quien adivina en una no impide que la persona ingrese en la suya (vea «Inicio de sesión»).
- El administrador puede restablecer la contraseña: termina la espera en todas las computadoras y el
  usuario debe cambiarla antes de hacer cualquier otra cosa.
- No hay contraseña por defecto: en una base nueva, la primera persona que abre la aplicación crea la cuenta
  de administrador y elige su contraseña.
- Cada usuario cambia su propia contraseña conociendo la actual.

## Bloqueo por inactividad

- Tras {IDLE_LOCK_DEFAULT_MINUTES} minutos sin usar el teclado ni el ratón (valor por defecto; de
  {IDLE_LOCK_MIN_MINUTES} a {IDLE_LOCK_MAX_MINUTES}), la ventana oculta los datos y pide la contraseña del
  mismo usuario. Los intentos fallidos cuentan igual que al iniciar sesión y bloquean la cuenta.
- «Cambiar de usuario» cierra la sesión del usuario bloqueado y vuelve a la pantalla de inicio de sesión.
- El administrador cambia los minutos en Archivo → Bloqueo por inactividad…; se guardan en la
  configuración del equipo (clave `{SETTINGS_KEY}`).

## Bitácora de cambios (auditoría)

- Cada cambio que hace la aplicación escribe su entrada en `change_log` en la misma transacción: quién,
  cuándo, desde qué nodo, qué campos y sus valores anterior y nuevo.
- La bitácora no se puede editar desde la aplicación: los servicios solo agregan entradas, y la base de
  datos rechaza `UPDATE` y `DELETE` (y `TRUNCATE` en PostgreSQL) sobre `change_log` con disparadores
  (migración `0003`).
- El administrador la exporta completa o por fechas a CSV o JSON (Archivo → Exportar bitácora… o
  `sigma audit export ARCHIVO [--desde dd/mm/aaaa] [--hasta dd/mm/aaaa]`).

## Copias de seguridad

- Las copias automáticas (diaria y antes de cada migración) se hacen para todos; la integridad completa se
  verifica cada {INTEGRITY_EVERY_DAYS} días. Una copia manual contiene el archivo entero, con datos de todos
  los ámbitos: solo la hacen el RCI y el administrador. Restaurar reemplaza todos los datos: solo el
  administrador. Vea `docs/operations.md`.

## Secretos

- El repositorio no contiene contraseñas ni claves. Los usuarios de demostración reciben una contraseña que
  se genera o se indica al crearlos.
- La contraseña del servidor PostgreSQL nunca se escribe en archivos de configuración: se guarda en el
  almacén de credenciales del sistema (Administrador de credenciales de Windows, Llavero de macOS, Secret
  Service en Linux) mediante el paquete `keyring`, o se pide al iniciar. La aplicación solo muestra o guarda
  direcciones de base de datos sin contraseña.
"""


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
