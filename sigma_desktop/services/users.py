"""User accounts: add, list, change role and scope, reset password, deactivate (administrator)."""
from __future__ import annotations

from ..domain import codes
from ..domain.dto import UserRow
from ..domain.enums import Role, ScopeLevel
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.permissions import ROLE_SCOPE, ROLES_WITH_OPTIONAL_DRE_SCOPE, Action
from ..storage import models as m
from ..storage import sign_in_store
from .auth import hash_password
from .context import Context


class UserService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def count(self) -> int:
        """How many accounts exist (before anyone signs in: a new database asks for its first one)."""
        with self._ctx.system_read() as u:
            return u.count(m.UserAccount)

    def add(self, dni: str, name: str, role: str, password: str, *, ugel_code: str | None = None,
            dre_code: str | None = None, must_change_password: bool = False) -> UserRow:
        dni = codes.dni(dni)
        name = (name or "").strip()
        if len(name) < 3:
            raise ValidationError("Nombre: escriba los nombres y apellidos del usuario.", "nombre")
        role_enum = _role(role)
        password_hash = hash_password(password)
        with self._write() as u:
            return _add(u, dni, name, role_enum, password_hash, ugel_code, dre_code, must_change_password)

    def add_first_admin(self, dni: str, name: str, password: str) -> UserRow:
        """The first account of a new database, made by whoever installs it: nobody can sign in yet, so no
        one is asked who they are; refused as soon as any account exists."""
        dni = codes.dni(dni)
        name = (name or "").strip()
        if len(name) < 3:
            raise ValidationError("Nombre: escriba los nombres y apellidos del usuario.", "nombre")
        password_hash = hash_password(password)
        with self._ctx.system_unit() as u:
            if u.count(m.UserAccount):
                raise PermissionDenied("Ya hay usuarios en esta base: el administrador crea las cuentas nuevas.")
            return _add(u, dni, name, Role.ADMIN, password_hash, None, None, False)

    def change_role(self, dni: str, role: str, *, ugel_code: str | None = None,
                    dre_code: str | None = None) -> UserRow:
        """Gives an account another role and scope (UGEL or DRE), with the rules of `add`; the user's own
        role is changed by another administrator, and the last active administrator keeps theirs."""
        dni = codes.dni(dni)
        role_enum = _role(role)
        with self._write() as u:
            from .replica_guard import refuse_on_replica

            refuse_on_replica(u, "Rol", "rol")
            acc = u.find(m.UserAccount, dni=dni)
            if acc is None:
                raise ValidationError(f"DNI: no existe un usuario con el DNI {dni}.", "dni")
            actor = self._ctx.actor
            if actor is not None and actor.dni == acc.dni and role_enum.value != acc.role:
                raise ValidationError("Rol: no puede cambiar su propio rol: pídalo a otro administrador.", "rol")
            if acc.role == Role.ADMIN.value and role_enum is not Role.ADMIN and _other_admins(u, acc) == 0:
                raise ValidationError("Rol: es el único administrador activo; cree o active otro antes.", "rol")
            for key, value in _placement(u, dni, role_enum, ugel_code, dre_code).items():
                if getattr(acc, key) != value:
                    setattr(acc, key, value)
            u.flush()
            return _row(u, acc)

    def list(self) -> list[UserRow]:
        with self._ctx.unit(write=False, action=Action.MANAGE_USERS) as u:
            waiting = sign_in_store.blocked_dnis(u, u.now())
            return [_row(u, a, waiting) for a in u.all(m.UserAccount, order_by="dni")]

    def reset_password(self, dni: str, new_password: str) -> None:
        dni = codes.dni(dni)
        password_hash = hash_password(new_password)
        with self._write() as u:
            acc = u.find(m.UserAccount, dni=dni)
            if acc is None:
                raise ValidationError(f"DNI: no existe un usuario con el DNI {dni}.", "dni")
            acc.password_hash = password_hash
            acc.must_change_password = True
            sign_in_store.clear_dni(u, dni)  # the wait after failed attempts ends on every PC

    def set_active(self, dni: str, active: bool) -> None:
        with self._write() as u:
            acc = u.find(m.UserAccount, dni=codes.dni(dni))
            if acc is None:
                raise ValidationError(f"DNI: no existe un usuario con el DNI {dni}.", "dni")
            if not active and self._ctx.actor is not None and self._ctx.actor.dni == acc.dni:
                raise ValidationError("No puede desactivar su propia cuenta: pídalo a otro administrador.", "dni")
            if not active and acc.role == Role.ADMIN.value and acc.active and _other_admins(u, acc) == 0:
                raise ValidationError("Es el único administrador activo: cree o active otro antes de desactivarlo.",
                                      "dni")
            acc.active = active

    def _write(self):
        return self._ctx.unit(write=True, action=Action.MANAGE_USERS)


def _add(u, dni: str, name: str, role: Role, password_hash: str, ugel_code: str | None, dre_code: str | None,
         must_change_password: bool) -> UserRow:
    if u.find(m.UserAccount, dni=dni):
        raise ValidationError(f"DNI: ya existe un usuario con el DNI {dni}.", "dni")
    place = _placement(u, dni, role, ugel_code, dre_code)
    acc = u.add(m.UserAccount(dni=dni, name=name, password_hash=password_hash,
                              must_change_password=must_change_password, **place))
    u.flush()
    return _row(u, acc)


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise ValidationError(f"Rol: «{role}» no es válido (use uno de: {valid}).", "rol") from None


def _placement(u, dni: str, role: Role, ugel_code: str | None, dre_code: str | None) -> dict:
    """Role, scope and office columns of an account with this role: a UGEL role needs a registered UGEL, a
    regional one a DRE (the Coordinador de Calidad either), an AP the coach record with the same DNI."""
    scope = ROLE_SCOPE[role]
    if role is Role.COACH:
        coach = u.find(m.Coach, dni=dni)
        if coach is None:
            raise ValidationError(f"DNI: {dni} no está registrado como acompañante pedagógico.", "dni")
        return dict(role=role.value, scope=scope.value, ugel_id=coach.ugel_id, dre_id=None, coach_id=coach.id)
    if dre_code and not ugel_code and role in ROLES_WITH_OPTIONAL_DRE_SCOPE:
        scope = ScopeLevel.DRE
    ugel_id = dre_id = None
    if scope is ScopeLevel.UGEL:
        ugel = u.find(m.Ugel, code=codes.office_code(ugel_code or "", "codigo_ugel"))
        if ugel is None:
            raise ValidationError(f"Código de UGEL: {ugel_code} no existe.", "codigo_ugel")
        ugel_id = ugel.id
    elif scope is ScopeLevel.DRE:
        dre = u.find(m.Dre, code=codes.office_code(dre_code or "", "codigo_dre"))
        if dre is None:
            raise ValidationError(f"Código de DRE: {dre_code} no existe.", "codigo_dre")
        dre_id = dre.id
    return dict(role=role.value, scope=scope.value, ugel_id=ugel_id, dre_id=dre_id, coach_id=None)


def _other_admins(u, acc: m.UserAccount) -> int:
    return sum(1 for a in u.all(m.UserAccount, role=Role.ADMIN.value) if a.active and a.id != acc.id)


def _row(u, acc: m.UserAccount, waiting: set[str] = frozenset()) -> UserRow:
    ugel = u.get(m.Ugel, acc.ugel_id) if acc.ugel_id else None
    dre = u.get(m.Dre, acc.dre_id) if acc.dre_id else (ugel.dre if ugel else None)
    return UserRow(acc.id, acc.dni, acc.name, acc.role, acc.scope, ugel.code if ugel else None,
                   dre.code if dre else None, acc.active, acc.dni in waiting, ugel.name if ugel else None,
                   dre.name if dre else None)
