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


def trust_section() -> str:
    """Who is trusted for what, hub and replicas (docs/sync.md has the mechanics)."""
    return """## Modelo de confianza: servidor central y réplicas

Una réplica es un archivo SQLite en una laptop que su dueño controla: cualquier cosa en ella se puede
editar con cualquier herramienta SQLite, incluida su bitácora. Por eso **el servidor central no cree nada de
lo que una réplica dice sobre personas y roles**; cree solo lo que él mismo sabe.

| quién | en qué se confía | en qué no, y por qué |
|---|---|---|
| **Servidor central** (la base PostgreSQL compartida y `sigma hub serve`, que es el único con sus credenciales) | es la fuente de verdad: cuentas, roles, ámbitos, catálogos, cierres de mes, validaciones; su reloj es la hora de la auditoría | — |
| **Administrador del servidor** (`sigma hub …`, como el sistema: tiene las credenciales de la base) | registra réplicas, su ámbito y **las personas que actúan en cada una** (`--user`), revoca credenciales | — |
| **Una réplica** (su credencial de 32 bytes, guardada en el almacén del sistema o en un archivo 0600) | que el pedido viene de esa réplica registrada | quién hizo cada cambio, con qué rol, a qué hora, qué cuentas existen: todo eso está en un archivo que su dueño puede editar |
| **La aplicación en la réplica** | la comodidad de trabajar sin conexión con las mismas reglas (sus servicios las aplican) | nada de lo que prueben sus servicios vale para el servidor: los vuelve a comprobar él |
| **Quien tiene el archivo de una base local o las credenciales de PostgreSQL** | todo (actúa como el sistema en la línea de comandos) | — es el dueño de esos datos; la bitácora no se puede editar desde la aplicación y `sigma check` delata disparadores quitados o ajenos |

Lo que el servidor central hace con cada cambio que llega (por HTTP o en un archivo de sincronización: el
mismo camino), **cambio por cambio** (un cambio rechazado no detiene a los demás):

1. **Autor.** Cada réplica está ligada a personas: la de un acompañante actúa solo como las cuentas de ese
   acompañante; la de una UGEL, solo como las personas que el administrador registró para ella
   (`sigma hub add-node … --user DNI…`, y después `sigma hub users ID --user DNI…`). Un cambio de cualquier
   otra persona, o sin persona (la línea de comandos de la réplica sin `--usuario`), se rechaza.
2. **Cuentas.** Las filas de `user_account` (contraseñas, roles, ámbitos) nunca se aceptan de una réplica.
   El cambio de contraseña de alguien que trabaja en una réplica es un pedido que solo el servidor aplica:
   con conexión, para una persona de esa réplica que conoce su contraseña actual (los fallos cuentan como
   intentos de inicio de sesión); llega a la réplica en la sincronización. Sin conexión no se puede.
3. **Permiso.** Con la tabla de arriba —la misma de los servicios— según lo que hace el cambio: validar u
   observar (estado distinto de pendiente, comentario, validado por/el), eliminar o restaurar una ejecución,
   cerrar un mes, planificar, registrar, asignar, marcar «no planificar», gestionar maestros; y el ámbito de
   la persona (su UGEL o DRE; un AP, solo su propio trabajo). Nadie valida ni elimina en nombre de otro: un
   `validated_by` o `deleted_by` distinto del autor se rechaza. Catálogos y protocolos nunca se aceptan de
   una réplica.
4. **Hora.** La bitácora del servidor guarda como autor a la persona ligada (su id y DNI según el servidor)
   y como hora la del reloj del servidor; la hora que dice la réplica queda aparte, en `offline_at`
   («registrado sin conexión el…»). La fila conserva la hora en que se hizo el cambio, nunca una posterior a
   la del servidor (más 5 minutos de tolerancia).
5. **Valores.** Cada valor se compara con su columna (UUID, fecha, número en su rango, texto dentro de su
   largo y sin NUL) antes de llegar a la base; un valor que no cabe rechaza ese cambio solo, con su recibo y
   el motivo, nunca un error 500 que trabe la sincronización de la réplica.

Un cambio rechazado queda en un registro de conflicto (tipo «no autorizado» si fue por autor, cuenta o
permiso: solo se puede descartar, nunca aplicar), y la réplica recibe el motivo en castellano (lo muestra al
terminar la sincronización) y, en el pull siguiente, los datos como los tiene el servidor. Una réplica
recibe solo las cuentas de sus propias personas.

Lo que esto **no** impide: una persona registrada en una réplica puede hacer desde ella lo que su rol le
permite en su ámbito, también editando el archivo a mano; queda a su nombre en la bitácora del servidor,
con la hora del servidor."""


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def limits_section() -> str:
    """The bounds on what comes from outside, with their figures (taken from the code)."""
    from ..importing import readers
    from ..storage.sync_store import MAX_TEXT
    from ..sync import http

    mb = 1_048_576
    return f"""## Límites de lo que llega de fuera

| qué | límite | al pasarlo |
|---|---|---|
| solicitud HTTP sin credencial válida | no se lee ni un byte del cuerpo | 401, y se cierra la conexión |
| cuerpo de una solicitud (con credencial) | {http.MAX_BODY // mb} MB en la red | 413 antes de leerlo |
| cuerpo descomprimido (gzip) | {http.MAX_JSON // mb} MB; se descomprime por trozos de 256 KB y se detiene al pasarlo | 413: una bomba gzip cuesta a lo sumo ese tamaño, nunca su expansión |
| valores JSON de un cuerpo (separadores contados antes de interpretarlo) | {_n(http.MAX_ITEMS)} | 413: 16 MB de «[{{}},{{}},…]» serían 5 millones de objetos |
| cuerpos leídos e interpretados a la vez | {http.BODY_SLOTS}; los demás esperan su turno | — |
| espera de cada lectura del socket / lectura completa de un cuerpo | {http.READ_TIMEOUT} s / {http.READ_DEADLINE} s | se corta la conexión; el turno queda libre |
| cambios por lote de push / filas por pull | 10 000 / 10 000 | 400 «Lote inválido» |
| texto de un campo sin largo fijo en un cambio empujado | {_n(MAX_TEXT)} caracteres | ese cambio se rechaza solo |
| archivo importado | {readers.MAX_FILE_BYTES // mb} MB; xlsx: {readers.MAX_UNPACKED_BYTES // mb} MB descomprimido y {readers.MAX_ZIP_MEMBERS} partes | se rechaza el archivo, nada se guarda |
| filas / columnas de una hoja | {_n(readers.MAX_ROWS)} / {readers.MAX_COLUMNS} | se rechaza el archivo |
| texto que las celdas de un archivo ponen en memoria | {_n(readers.MAX_TEXT_CHARS)} caracteres, contados en el XML antes de leer una celda | se rechaza el archivo («repite textos muy largos…») |
| XML con DOCTYPE o ENTITY | ninguno | se rechaza el archivo |
| CSV | una sola codificación (UTF-8, UTF-16 con marca o Windows-1252) | se rechaza nombrando la primera fila en otra codificación |
| códigos (DNI, código modular, ubigeo, UGEL) | solo dígitos ASCII 0-9 | la celda, con su fila y columna |
| textos | sin caracteres de control (NUL, ESC…) ni de inversión de escritura | la celda, con su fila y columna |
| fechas | del 01/01/1950 al 31/12 del año siguiente | la celda, con su fila y columna |

Medido (vea abajo): con 10 solicitudes hostiles a la vez, el punto de acceso no pasa de unos 175 MB, y
devuelve la memoria al terminar.

{measurements_section()}"""


def timing_section() -> str:
    return """### Medición: tiempo de inicio de sesión

`.venv/bin/python bench/bench_sign_in.py --attempts 40` (base SQLite con el mundo de las pruebas; intentos
intercalados en orden al azar, cada uno en una «PC» distinta para que ninguna espera intervenga; 2 núcleos
compartidos, carga promedio 5,5):

| intento | mediana | p10 | p90 |
|---|---:|---:|---:|
| DNI conocido, contraseña equivocada | 282 ms | 186 ms | 342 ms |
| DNI desconocido | 284 ms | 185 ms | 331 ms |
| cuenta desactivada | 279 ms | 186 ms | 351 ms |
| texto que no es un DNI | 279 ms | 199 ms | 361 ms |
| DNI y contraseña correctos | 267 ms | 174 ms | 340 ms |
| solo buscar la cuenta (lo que costaba antes un DNI desconocido) | 1,1 ms | 0,8 ms | 2,2 ms |

DNI desconocido ÷ conocido = 1,01 (1,02 en otra corrida, con carga 6,7); los cuatro fallos dicen exactamente
lo mismo. Antes, un DNI desconocido respondía en ~1 ms y uno conocido en ~280 ms: cualquiera podía saber qué
DNI tienen cuenta. (argon2 con
64 MiB tarda más en esta máquina cargada que en una PC de oficina libre; lo que importa es el cociente.)"""


def measurements_section() -> str:
    return """### Mediciones de los límites

**Punto de acceso bajo 10 solicitudes hostiles a la vez** —
`.venv/bin/python bench/bench_hub_hostile.py --rounds 5` (`sigma hub serve` en su propio proceso, con
PostgreSQL; memoria residente leída de `/proc`). Cada ronda envía a la vez 3 solicitudes sin credencial que
anuncian 1 TB de cuerpo, 4 bombas gzip con credencial (1 043 689 bytes en la red, 1 GiB descomprimidas) y
3 cuerpos de 16 MB de JSON válido con credencial:

| medida | valor |
|---|---:|
| memoria residente tras el calentamiento (un push real de 2 000 cambios y su pull) | 88,6 MB |
| pico en cada una de las 5 rondas | 173,4 MB |
| memoria residente al terminar cada ronda | 90–108 MB |
| respuestas | 3 × 401, 4 × 413, 3 × 400, en 0,5–0,6 s por ronda |

Sin los límites, cada bomba se descomprimía entera en memoria (1 GiB cada una) y el cuerpo admitido era
de 512 MB. El pico es el de diseño: 2 cuerpos a la vez de hasta 16 MB, cada uno con su copia interpretada.
En Linux el punto de acceso fija el umbral de `mmap` de glibc en 128 KiB: sin eso, la memoria de los cuerpos
grandes no volvía al sistema y crecía ronda a ronda (256 → 308 MB en tres rondas, medido con el mismo
script).

**Lectura de un xlsx grande y legítimo, y de una bomba de cadenas compartidas** —
`.venv/bin/python bench/bench_xlsx_memory.py` (cada medida en un proceso aparte; pico = `ru_maxrss`):

| archivo y lectura | tiempo | pico de memoria |
|---|---:|---:|
| 250 000 filas × 24 columnas (hoja de 201 MB descomprimida, archivo de 40 MB): python-calamine solo | 9,4 s | 637 MB |
| el mismo, con `open_workbook` (cuenta del texto y luego la lectura) | 7,5 s | 642 MB |
| la cuenta del texto sola | 2,1 s | 34 MB |
| bomba: una cadena de 1 000 000 de caracteres en 4 000 celdas (18 KB en disco, 4 000 millones de caracteres) | rechazada en 0,06 s | 34 MB |

El presupuesto de memoria de una hoja legítima en el límite de tamaño es, entonces, de unos 650 MB (la
lectura misma: cada celda es un objeto de Python); la cuenta no lo aumenta y cuesta un quinto de la lectura.
Sin la cuenta, 200 celdas con esa cadena ya ocupaban 398 MB (medido), y las 4 000 de la bomba, unos 8 GB."""


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
del servidor. El servidor central vuelve a comprobar esta misma tabla para cada cambio que llega de una
réplica (`sync/authority.py`; vea «Modelo de confianza»).

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
- No hay contraseña por defecto: en una base nueva, la primera persona que abre la aplicación crea la cuenta
  de administrador y elige su contraseña.
- Cada usuario cambia su propia contraseña conociendo la actual (Archivo → Cambiar mi contraseña…, o
  `sigma password --usuario DNI`).
- **Contraseña temporal.** El administrador restablece una contraseña (`sigma users reset-password DNI`, o
  Usuarios en la ventana); la nueva es temporal: con ella no se puede hacer nada más que cambiarla. La
  ventana la pide al ingresar (cancelar cierra la sesión); en la línea de comandos, cualquier comando con
  `--usuario` se rechaza con «Su contraseña es temporal: cámbiela antes de continuar…» hasta que se use
  `sigma password --usuario DNI`. Lo comprueban los servicios (`Context`), no la ventana.
- **Un acompañante solo consulta su propio trabajo**: su plan del mes, sus actividades y su detalle, sus
  docentes y las IIEE de ellos, sus asignaciones, la cola de validación (lo suyo) y el historial de sus
  registros. Un AP que pide los de otro acompañante recibe «Un acompañante solo consulta su propio plan, sus
  actividades y sus docentes.», como ya pasaba en Control y Reportes.

### Inicio de sesión: mismo tiempo, mismo mensaje, sin bloquear a nadie desde otra PC

- Cada intento que no está en espera cuesta **una** verificación argon2: un DNI desconocido, una cuenta
  desactivada o un texto que no es un DNI se comparan con un hash ficticio de los mismos parámetros. Así la
  respuesta tarda lo mismo y dice lo mismo («DNI o contraseña incorrectos.»): no se puede averiguar qué DNI
  tienen cuenta. La lectura no necesita el cerrojo de escritura; solo un fallo (que se cuenta) escribe, y
  después de verificar, fuera de la transacción.
- Los fallos se cuentan por **computadora y DNI**, y por **computadora**, en la tabla `sign_in_throttle`
  (no sincronizada ni registrada en la bitácora: es de esta base y de esta PC):
  - tras {FAILURES_BEFORE_WAIT_PER_DNI} intentos fallidos seguidos de un mismo DNI en una computadora, ese DNI
    espera en esa computadora {FIRST_WAIT_SECONDS // 60} minuto antes del siguiente intento; cada nuevo fallo
    duplica la espera, hasta {MAX_WAIT_SECONDS // 60} minutos;
  - tras {FAILURES_BEFORE_WAIT_PER_PC} intentos fallidos seguidos en una computadora, con cualquier DNI, espera la
    computadora entera (alguien prueba muchas cuentas);
  - un DNI sin cuenta espera igual, con las mismas palabras.
- Por qué así y no «bloquear la cuenta 15 minutos tras 5 fallos» (lo que había): ese bloqueo viajaba con la
  cuenta a todas las PC y réplicas, así que cualquiera que conociera un DNI podía dejar a esa persona sin
  entrar en ningún lado, tecleando mal cinco veces. Ahora quien adivina en una PC solo se demora a sí mismo
  en esa PC; la persona entra en la suya como siempre. El límite por PC impide probar muchas cuentas desde
  una. Lo que no impide: alguien con acceso a la misma PC puede hacer esperar a esa PC (hasta 15 minutos
  por vez); quien tiene el archivo de la base no necesita adivinar nada (vea «Modelo de confianza»).
- La computadora se identifica por su nombre de red. Una contraseña correcta después de la espera pone los
  contadores de ese DNI y de esa PC en cero; el administrador que restablece una contraseña termina la
  espera de ese DNI en todas las computadoras. La lista de usuarios muestra «Bloqueado» mientras un DNI
  espera en alguna.

{timing_section()}

## Bloqueo por inactividad

- Tras {IDLE_LOCK_DEFAULT_MINUTES} minutos sin usar el teclado ni el ratón (valor por defecto; de
  {IDLE_LOCK_MIN_MINUTES} a {IDLE_LOCK_MAX_MINUTES}), la ventana oculta los datos y pide la contraseña del
  mismo usuario. Los intentos fallidos cuentan igual que al iniciar sesión (y hacen esperar igual).
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

## Copias de seguridad y restauración

- Las copias automáticas (diaria y antes de cada migración) se hacen para todos; la integridad completa se
  verifica cada {INTEGRITY_EVERY_DAYS} días. Una copia manual contiene el archivo entero, con datos de todos
  los ámbitos: solo la hacen el RCI y el administrador. Restaurar reemplaza todos los datos: solo el
  administrador.
- Una copia es un archivo que cualquiera pudo editar: antes de reemplazar nada, `sigma restore` (y la
  ventana) la abre en un archivo de trabajo junto a la base, le aplica las migraciones, comprueba que sus
  tablas son las que promete su versión de esquema, que conserva las protecciones de la bitácora (si las
  perdió, se vuelven a crear y se avisa) y que no trae disparadores ajenos (si los trae, se rechaza: podrían
  cambiar datos sin dejar rastro), y pasa `integrity_check` y `foreign_key_check`. Una copia que falla un
  paso deja la base actual exactamente como estaba y dice por qué.
- Al iniciar, si a la base local le quitaron o cambiaron las protecciones de la bitácora, se vuelven a crear
  (y queda en el registro). `sigma check` verifica la versión y las tablas del esquema, las protecciones de
  la bitácora y los disparadores ajenos, en SQLite y en PostgreSQL, además de `integrity_check` en SQLite.
  Vea `docs/operations.md`.

{trust_section()}

{limits_section()}

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
