"""Spreadsheet import through the service: all or nothing, idempotent, permission- and scope-checked,
logged; every bad case gives its Spanish message and leaves the database unchanged."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from sigma_desktop.domain.dates import today_lima
from sigma_desktop.domain.errors import PermissionDenied
from sigma_desktop.importing.problems import FileRejected
from sigma_desktop.storage import models as m
from sigma_desktop.domain.canonical_json import json_value

from tests.importing.helpers import TEACHER_HEADER, csv_file, dbf, xlsx
from tests.world import ADMIN, COACH_EIB, COACH_MG, COACH_OTHER, GESTOR, RATINGS_2018, RCI, YEAR

ACT = ("dni_acompanante", "tipo", "anio", "mes", "dni_docente", "tipo_visita", "fecha_programada",
       "fecha_ejecucion", "motivo_no_ejecucion", "detalle_motivo", "nivel_d1", "nivel_d3", "nivel_d4", "nivel_d5",
       "nivel_d6")


def _count(world, model) -> int:
    with world.sigma.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _errors(result) -> list[str]:
    return [x.text() for x in result.errors]


def _rejected(world, kind, path, match):
    before = world.log_count()
    with pytest.raises(FileRejected, match=match):
        world.sigma.imports.run(kind, path)
    assert world.log_count() == before


def _bad(world, kind, path, *expected):
    """The import finds exactly these errors (substrings, in order) and changes nothing."""
    before = world.log_count()
    result = world.sigma.imports.run(kind, path)
    texts = _errors(result)
    assert len(texts) == len(expected), "\n".join(texts)
    for text, want in zip(texts, expected):
        assert want in text, (text, want)
    assert not result.applied and world.log_count() == before
    return result


def replay_matches_database(world) -> None:
    """The change log alone rebuilds every synced row (as tests/storage/test_changelog.py)."""
    with world.sigma.db.session() as session:
        replay: dict[tuple, dict] = {}
        versions: dict[tuple, int] = {}
        for e in session.scalars(select(m.ChangeLog).order_by(m.ChangeLog.seq)):
            key = (e.entity, str(e.entity_id))
            row = replay.setdefault(key, {})
            for f, (_old, new) in json.loads(e.changes).items():
                row[f] = new
            assert e.new_version == versions.get(key, 0) + 1 and e.base_version == versions.get(key)
            versions[key] = e.new_version
        for model in m.SYNC_MODELS:
            cols = [c.key for c in inspect(model).column_attrs if c.key not in m.BOOKKEEPING]
            for obj in session.scalars(select(model)):
                key = (model.__tablename__, str(obj.id))
                for col in cols:
                    assert replay[key].get(col) == json_value(getattr(obj, col)), (key, col)
                assert obj.version == versions[key]
                if hasattr(obj, "search_key"):
                    assert obj.search_key == m.derive(model, obj)


# --- master data --------------------------------------------------------------------------------------

def test_teachers_created_then_unchanged_then_updated(world, tmp_path):
    world.sign_in(RCI)
    rows = [(40000077, " Pérez ", None, "Ana  María", 512345, 0), ("40000078", "Ñahui", "Quispe", "José", "0512345", "")]
    path = xlsx(tmp_path / "docentes.xlsx", TEACHER_HEADER, rows, titles=("PADRÓN DE DOCENTES",), blank_after=20)
    preview = world.sigma.imports.run("docentes", path, dry_run=True)
    assert (preview.created, preview.updated, preview.unchanged, preview.applied) == (2, 0, 0, False)
    assert _count(world, m.Teacher) == 7
    first = world.sigma.imports.run("docentes", path)
    assert (first.created, first.applied) == (2, True)
    log = world.log_count()
    again = world.sigma.imports.run("docentes", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert world.log_count() == log, "loading the same file twice changes nothing"
    rows[1] = ("40000078", "Ñahui", "Quispe", "José Luis", "0512345", "")
    rows.append(("40000001", "Quispe", "Ñahui", "Docente Uno", "0512345", 0))  # existing teacher renamed
    path = xlsx(tmp_path / "docentes2.xlsx", TEACHER_HEADER, rows)
    third = world.sigma.imports.run("docentes", path)
    assert (third.created, third.updated, third.unchanged) == (0, 2, 1)
    with world.sigma.db.session() as s:
        t = s.scalars(select(m.Teacher).where(m.Teacher.dni == "40000078")).one()
        assert (t.first_names, t.version) == ("José Luis", 2)
        assert t.search_key == m.derive(m.Teacher, t) and "jose luis" in t.search_key  # derived again
        teacher_id = t.id
        assert s.scalars(select(m.Teacher).where(m.Teacher.dni == "40000077")).one().first_names == "Ana María"
    history = world.sigma.history.of_record(teacher_id)
    assert [h.op for h in history] == ["insert", "update"]
    assert history[-1].changes == {"first_names": ["José", "José Luis"]}
    replay_matches_database(world)


def test_schools_from_the_padron_xlsx(world, tmp_path):
    header = ("COD_MOD", "ANEXO", "CODLOCAL", "CEN_EDU", "D_NIV_MOD", "D_COD_CAR", "AREA_CENSO", "CODGEO", "CODOOII",
              "D_DREUGEL", "D_GESTION", "ESTADO", "DIRECCION")
    rows = [(712345, 0, 123457, "IE N° 1001 Ñaupa", "Primaria", "Polidocente multigrado", 2, 30701, "030007",
             "UGEL Grau", "Pública de gestión directa", "1", "Jr. Lima 1"),
            ("0712346", "0", "", "CEBA Chuquibambilla", "Básica Alternativa-Inicial e Intermedio", "No aplica", "1",
             "030701", "030007", "UGEL Grau", "Pública", "1", ""),
            ("0512345", "0", "123456", "IE N° 54321 Señor de Ánimas", "Primaria", "Unidocente", "2", "030701",
             "030007", "UGEL Grau", "Pública", "2", "")]
    path = xlsx(tmp_path / "Padron_web.xlsx", header, rows)
    result = world.sigma.imports.run("ies", path)
    assert (result.created, result.updated, result.unchanged, result.skipped) == (1, 1, 0, 1), _errors(result)
    texts = [x.text() for x in result.warnings]
    assert "Fila 1: se ignoran las columnas que no son de la plantilla: «DIRECCION» (M)." in texts
    assert any("Fila 3, columna nivel: el nivel «Básica Alternativa-Inicial e Intermedio» no forma parte" in t
               for t in texts)
    with world.sigma.db.session() as s:
        new = s.scalars(select(m.School).where(m.School.modular_code == "0712345")).one()
        assert (new.level, new.characteristic, new.area, new.ubigeo, new.local_code, new.active) == (
            "primaria", "polidocente_multigrado", "rural", "030701", "123457", True)
        old = s.scalars(select(m.School).where(m.School.modular_code == "0512345")).one()
        assert old.active is False and old.version == 2
    replay_matches_database(world)


def test_schools_from_a_padron_dbf_and_csv(world, tmp_path):
    fields = [("COD_MOD", "C", 7, 0), ("ANEXO", "C", 1, 0), ("CEN_EDU", "C", 80, 0), ("D_NIV_MOD", "C", 40, 0),
              ("AREA_CENSO", "C", 1, 0), ("CODGEO", "C", 6, 0), ("CODOOII", "C", 6, 0), ("D_DREUGEL", "C", 40, 0)]
    path = dbf(tmp_path / "Padron.dbf", fields,
               [["0812345", "0", "IE SEÑOR DE HUANCA", "Inicial - Jardín", "2", "030701", "030007", "UGEL GRAU"]])
    result = world.sigma.imports.run("ies", path)
    assert (result.created, result.errors) == (1, [])
    header = [f[0] for f in fields]
    path = csv_file(tmp_path / "padron.csv", header,
                    [["0812346", "0", "IE ÁNIMAS", "Secundaria", "1", "30101", "30001", "UGEL ABANCAY"]],
                    encoding="cp1252")
    result = world.sigma.imports.run("ies", path)
    assert (result.created, result.errors) == (1, [])
    with world.sigma.db.session() as s:
        names = set(s.scalars(select(m.School.name).where(m.School.modular_code.in_(["0812345", "0812346"]))))
    assert names == {"IE SEÑOR DE HUANCA", "IE ÁNIMAS"}


def test_coaches_and_assignments(world, tmp_path):
    world.sign_in(RCI)
    coaches = xlsx(tmp_path / "ap.xlsx", ("dni", "apellido_paterno", "apellido_materno", "nombres", "codigo_ugel",
                                          "intervencion", "inicio_contrato", "fin_contrato"),
                   [("45000011", "Ccahuana", "", "Luz", 30007, "Multigrado", date(YEAR, 3, 1), "31/12/" + str(YEAR)),
                    ("45000012", "Mamani", "", "Raúl", "030007", "EIB", f"{YEAR}-03-01", None)])
    result = world.sigma.imports.run("acompanantes", coaches)
    assert (result.created, result.errors) == (2, [])
    path = xlsx(tmp_path / "asig.xlsx", ("dni_docente", "dni_acompanante", "anio"),
                [("40000006", "45000011", YEAR), ("40000004", "45000012", YEAR), ("40000001", COACH_MG, YEAR)])
    result = world.sigma.imports.run("asignaciones", path)
    assert (result.created, result.unchanged, result.errors) == (2, 1, [])  # EIB: a second coach is allowed
    assert world.sigma.imports.run("asignaciones", path).unchanged == 3
    replay_matches_database(world)


def test_a_removed_assignment_comes_back(world, tmp_path):
    world.sign_in(RCI)
    row = world.sigma.assignments.for_teacher(world.teachers["40000002"], YEAR)[0]
    world.sigma.assignments.unassign(row.id, "Licencia")
    path = xlsx(tmp_path / "asig.xlsx", ("dni_docente", "dni_acompanante", "anio"), [("40000002", COACH_MG, YEAR)])
    result = world.sigma.imports.run("asignaciones", path)
    assert (result.created, result.updated) == (0, 1)
    again = world.sigma.assignments.for_teacher(world.teachers["40000002"], YEAR)
    assert [a.id for a in again] == [row.id]
    replay_matches_database(world)


# --- bad master-data files: message, and nothing saved ---------------------------------------------------

def test_invalid_codes_per_row_and_column(world, tmp_path):
    path = xlsx(tmp_path / "docentes.xlsx", TEACHER_HEADER,
                [("40000081", "Quispe", "", "Ana", "0512345", 0), ("1234567", "Quispe", "", "Ana", "0512345", 0),
                 ("40000083", "Quispe", "", "Ana", "05123456", 0), ("40000084", "", "", "Ana", "0512345", "x")])
    result = _bad(world, "docentes", path,
                  "Fila 3, columna dni: debe tener exactamente 8 dígitos (se recibió «1234567»).",
                  "Fila 4, columna codigo_modular: debe tener exactamente 7 dígitos (se recibió «05123456»).",
                  "Fila 5, columna apellido_paterno: es obligatorio.",
                  "Fila 5, columna anexo: debe tener exactamente 1 dígitos (se recibió «x»).")
    assert result.created == 0
    copy = world.sigma.imports.write_error_copy(result)
    assert copy == tmp_path / "docentes-errores.xlsx"
    from openpyxl import load_workbook

    ws = load_workbook(copy).active
    assert [c.value for c in ws[1]][-1] == "errores"
    assert ws["A3"].value == "1234567" and ws["A3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "8 dígitos" in ws["A3"].comment.text
    assert ws["G3"].value == "dni: debe tener exactamente 8 dígitos (se recibió «1234567»)."
    assert ws["G2"].value is None and ws["A2"].fill.fill_type is None


def test_duplicate_keys_inside_the_file(world, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", TEACHER_HEADER,
                [("40000081", "Quispe", "", "Ana", "0512345", 0), ("40000081", "Quispe", "", "Ana", "0512345", 0)])
    _bad(world, "docentes", path, "Fila 3, columna dni: El DNI 40000081 ya aparece en la fila 2.")


def test_unknown_school_ugel_and_ubigeo(world, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", TEACHER_HEADER, [("40000081", "Quispe", "", "Ana", "0999999", 0)])
    _bad(world, "docentes", path, "Fila 2, columna codigo_modular: la IE 0999999-0 no está registrada")
    path = xlsx(tmp_path / "ie.xlsx", ("codigo_modular", "nombre", "nivel", "area", "ubigeo", "codigo_ugel"),
                [("0700001", "IE Nueva", "primaria", "rural", "030701", "039999"),
                 ("0700002", "IE Nueva", "primaria", "rural", "999999", "030007"),
                 ("0700003", "IE Nueva", "terciaria", "rural", "030701", "030007")])
    _bad(world, "ies", path, "Fila 2, columna codigo_ugel: la UGEL 039999 no está registrada en SIGMA ni en el catálogo de Minedu",
         "Fila 3, columna ubigeo: 999999 no es un distrito del INEI.",
         "Fila 4, columna nivel: «terciaria» no es válido (use: inicial, primaria o secundaria).")
    path = xlsx(tmp_path / "ap.xlsx", ("dni", "apellido_paterno", "nombres", "codigo_ugel", "intervencion"),
                [("45000021", "Q", "A", "030007", "Alfabetización")])
    _bad(world, "acompanantes", path, "Fila 2, columna intervencion: «Alfabetización» no es una intervención")


def test_unknown_people_in_assignments(world, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", ("dni_docente", "dni_acompanante", "anio"),
                [("40000099", COACH_MG, YEAR), ("40000006", "45000099", YEAR), ("40000001", COACH_OTHER, YEAR)])
    _bad(world, "asignaciones", path, "Fila 2, columna dni_docente: el docente 40000099 no está registrado.",
         "Fila 3, columna dni_acompanante: el acompañante 45000099 no está registrado.",
         "Fila 4, columna dni_acompanante: el docente ya tiene asignado al acompañante 45000001 en Multigrado")


def test_scope_of_the_rci(world, tmp_path):
    world.sign_in(RCI)  # UGEL Grau
    path = xlsx(tmp_path / "d.xlsx", TEACHER_HEADER, [("40000081", "Huamán", "", "Eva", "0654321", 0),
                                                      ("40000082", "Huamán", "", "Eva", "0512345", 0)])
    _bad(world, "docentes", path, "Fila 2, columna codigo_modular: la IE 0654321-0 es de la UGEL 030001 UGEL "
         "Abancay, fuera de su ámbito.")


def test_roles_that_may_not_import(world, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", TEACHER_HEADER, [("40000081", "Q", "", "A", "0512345", 0)])
    world.sign_in(GESTOR)
    assert world.sigma.imports.kinds() == []
    with pytest.raises(PermissionDenied, match="no permite: gestionar iiee, docentes y acompañantes"):
        world.sigma.imports.run("docentes", path)
    world.sign_in(COACH_MG)
    assert world.sigma.imports.kinds() == ["actividades"]
    with pytest.raises(PermissionDenied):
        world.sigma.imports.run("asignaciones", path)
    world.sign_in(ADMIN)
    assert world.sigma.imports.kinds() == ["ies", "docentes", "acompanantes", "asignaciones"]


def test_files_that_cannot_be_read(world, tmp_path):
    png = tmp_path / "foto.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    _rejected(world, "docentes", png, "es una imagen PNG, no una hoja de cálculo")
    _rejected(world, "docentes", tmp_path / "no-existe.xlsx", "No se encontró el archivo")
    empty = xlsx(tmp_path / "vacia.xlsx", (), [])
    _rejected(world, "docentes", empty, "está vacía")
    missing = xlsx(tmp_path / "faltan.xlsx", ("dni", "nombres"), [("40000081", "Ana")])
    _rejected(world, "docentes", missing, "Faltan columnas obligatorias .*apellido_paterno, codigo_modular")
    from tests.importing.test_reading import DATA

    _rejected(world, "docentes", DATA / "protegido.xlsx", "protegido con contraseña")
    good = xlsx(tmp_path / "bueno.xlsx", TEACHER_HEADER, [("40000081", "Q", "", "A", "0512345", 0)] * 30)
    cut = tmp_path / "cortado.xlsx"
    cut.write_bytes(good.read_bytes()[:3000])
    _rejected(world, "docentes", cut, "está dañado o incompleto")


# --- activities -----------------------------------------------------------------------------------------

def _act(coach, kind, month, teacher="", vtype="", planned="", executed="", motivo="", detail="", levels=()):
    return (coach, kind, YEAR, month, teacher, vtype, planned, executed, motivo, detail, *(levels or ("",) * 5))


LV = ("II", "II", "I", "III", "II")


def test_activities_planned_executed_and_not_executed(world, tmp_path):
    world.sign_in(RCI)
    rows = [
        _act(COACH_MG, "visita", 5, "40000001", executed=date(YEAR, 5, 7), levels=LV),  # development (after April)
        _act(COACH_MG, "visita", "abril", "40000001", executed=f"08/04/{YEAR}", levels=("2", "2", "1", "3", 2)),
        _act(COACH_MG, "visita", 4, "40000002", planned=date(YEAR, 4, 20), executed=date(YEAR, 4, 20),
             motivo="Huelga o paro"),
        _act(COACH_MG, "visita", 6, "40000002", motivo="otro", detail="Bloqueo de vía", executed=f"{YEAR}-06-03"),
        _act(COACH_MG, "visita", 7, "40000003"),
    ]
    path = xlsx(tmp_path / "actividades.xlsx", ACT, rows)
    result = world.sigma.imports.run("actividades", path)
    assert (result.created, result.errors) == (5, []), _errors(result)
    plans = world.sigma.planning.list_for_coach(world.coaches[COACH_MG], YEAR)
    by = {(p.teacher_id, p.month): p for p in plans}
    t1, t2 = world.teachers["40000001"], world.teachers["40000002"]
    assert (by[(t1, 4)].visit_type, by[(t1, 4)].status) == ("diagnostica", "ejecutada")
    assert (by[(t1, 5)].visit_type, by[(t1, 5)].status) == ("desarrollo", "ejecutada")
    assert world.sigma.registration.ratings(by[(t1, 4)].id) == RATINGS_2018
    assert (by[(t2, 4)].status, by[(t2, 4)].skip_reason) == ("no_ejecutada", "huelga")
    assert by[(t2, 6)].skip_reason == "otro"
    log = world.log_count()
    again = world.sigma.imports.run("actividades", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert world.log_count() == log
    rows[4] = _act(COACH_MG, "visita", 7, "40000003", executed=date(YEAR, 7, 2), levels=LV)
    rows[1] = _act(COACH_MG, "visita", 4, "40000001", executed=f"09/04/{YEAR}", levels=LV)  # a correction
    third = world.sigma.imports.run("actividades", xlsx(tmp_path / "act2.xlsx", ACT, rows))
    assert (third.created, third.updated, third.unchanged) == (0, 2, 3), _errors(third)
    assert world.sigma.planning.get(by[(t1, 4)].id).executed_on == date(YEAR, 4, 9)
    replay_matches_database(world)


def test_group_sessions_and_community_visits(world, tmp_path):
    header = ("dni_acompanante", "tipo", "anio", "mes", "tema", "docentes_convocados", "horas", "fecha_ejecucion",
              "asistentes", "codigo_modular", "padres", "sabios", "autoridades")
    rows = [(COACH_MG, "GIA", YEAR, 6, "Evaluación formativa", "40000001; 40000002;40000003", 4,
             date(YEAR, 6, 12), "40000001;40000002", "", "", "", ""),
            (COACH_EIB, "visita social comunitaria", YEAR, 6, "", "", "", date(YEAR, 6, 5), "", "0512345", 10, 2, 1),
            (COACH_MG, "taller", YEAR, 7, "Planificación", "40000001 40000002", 8, "", "", "", "", "", "")]
    path = xlsx(tmp_path / "grupos.xlsx", header, rows)
    result = world.sigma.imports.run("actividades", path)
    assert (result.created, result.errors) == (3, []), _errors(result)
    assert world.sigma.imports.run("actividades", path).unchanged == 3
    replay_matches_database(world)


def test_bad_activity_rows(world, tmp_path):
    future = today_lima() + timedelta(days=2)
    world.sigma.assignments.assign("40000006", COACH_MG, future.year)
    header = (*ACT, "estado")
    rows = [
        (*_act(COACH_MG, "visita", 4, "40000004"), ""),                                   # not their teacher
        (*_act(COACH_MG, "visita", 5, "40000002", vtype="desarrollo"), ""),               # diagnóstica first
        (*_act(COACH_MG, "visita", 6, "40000003"), ""),                                   # a plain plan: fine
        (*_act(COACH_MG, "visita", 8, "40000003", motivo="otro", executed=date(YEAR, 8, 3)), ""),  # «otro»: detail
        (*_act(COACH_MG, "visita", 9, "40000001", executed=date(YEAR, 10, 1), levels=LV), ""),  # outside the month
        (*_act("45000099", "visita", 4, "40000001"), ""),                                 # unknown coach
        (*_act(COACH_MG, "visita", 10, "40000001", executed=date(YEAR, 10, 2), levels=("II", "", "", "", "")), ""),
        (COACH_MG, "visita", future.year, future.month, "40000006", "", "", future, "", "", *LV, ""),
        (*_act(COACH_MG, "visita", 11, "40000003", executed=date(YEAR, 11, 4), levels=LV), ""),  # diag not done
        (*_act(COACH_MG, "visita", 12, "40000002"), "no_ejecutada"),                      # motivo missing
    ]
    result = _bad(
        world, "actividades", xlsx(tmp_path / "malas.xlsx", header, rows),
        "Fila 2, columna dni_docente: 40000004 no está asignado a este acompañante",
        "Fila 3, columna tipo_visita: la primera visita del docente debe ser la diagnóstica.",
        "Fila 5, columna detalle_motivo: es obligatorio cuando el motivo es «Otro».",
        "Fila 6, columna fecha_ejecucion: debe estar dentro del mes planificado (setiembre",
        "Fila 7, columna dni_acompanante: el acompañante 45000099 no está registrado.",
        "Fila 8, columna nivel_d3: falta el nivel del desempeño 3",
        "Fila 8, columna nivel_d4: falta el nivel del desempeño 4",
        "Fila 8, columna nivel_d5: falta el nivel del desempeño 5",
        "Fila 8, columna nivel_d6: falta el nivel del desempeño 6",
        "Fila 9, columna fecha_ejecucion: no puede ser una fecha futura",
        "Fila 10, columna tipo_visita: la primera visita ejecutada al docente debe ser la diagnóstica",
        "Fila 11, columna fecha_ejecucion: es obligatoria.",
        "Fila 11, columna motivo_no_ejecucion: es obligatorio.",
    )
    assert result.rows == 10


def test_closed_month_and_validated_records_are_refused(world, tmp_path):
    world.sign_in(COACH_MG)
    v = world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
    world.sigma.registration.register_visit(v.id, date(YEAR, 4, 9), RATINGS_2018)
    world.sign_in(GESTOR)
    world.sigma.validation.validate([world.sigma.planning.get(v.id).execution_id])
    world.sigma.closing.close("030007", YEAR, 5, confirmed=True)
    world.sign_in(COACH_MG)
    same = _act(COACH_MG, "visita", 4, "40000001", executed=date(YEAR, 4, 9),
                levels=("II", "II", "I", "III", "II"))
    path = xlsx(tmp_path / "ok.xlsx", ACT, [same])
    assert world.sigma.imports.run("actividades", path).unchanged == 1  # the same data: nothing to refuse
    changed = _act(COACH_MG, "visita", 4, "40000001", executed=date(YEAR, 4, 10), levels=LV)
    _bad(world, "actividades", xlsx(tmp_path / "v.xlsx", ACT, [changed]),
         "Fila 2, columna estado: ya fue validado por el Gestor Local y no se puede modificar.")
    _bad(world, "actividades", xlsx(tmp_path / "c.xlsx", ACT, [_act(COACH_MG, "visita", 5, "40000002")]),
         "Fila 2, columna mes: mayo")


def test_a_coach_imports_only_their_own_activities(world, tmp_path):
    world.sign_in(COACH_EIB)
    rows = [_act(COACH_EIB, "visita", 4, "40000004"), _act(COACH_MG, "visita", 4, "40000001")]
    _bad(world, "actividades", xlsx(tmp_path / "a.xlsx", ACT, rows),
         "Fila 3, columna dni_acompanante: solo puede planificar y registrar sus propias actividades.")
    result = world.sigma.imports.run("actividades", xlsx(tmp_path / "b.xlsx", ACT, rows[:1]))
    assert result.created == 1
    with world.sigma.db.session() as s:
        who = s.scalars(select(m.ChangeLog.user_dni).where(m.ChangeLog.entity == "activity")).one()
    assert who == COACH_EIB


def test_cli_import_and_template(world, tmp_path, capsys):
    from sigma_desktop.cli import main

    url = world.sigma.db.describe()
    if "***" in url:
        pytest.skip("the PostgreSQL URL has a password that describe() hides")
    assert main(["--db", url, "template", "docentes", str(tmp_path / "plantilla.xlsx")]) == 0
    bad = xlsx(tmp_path / "d.xlsx", TEACHER_HEADER, [("1234567", "Q", "", "A", "0512345", 0)])
    before = world.log_count()
    assert main(["--db", url, "import", "docentes", str(bad)]) == 1
    out = capsys.readouterr()
    assert "Error: Fila 2, columna dni: debe tener exactamente 8 dígitos (se recibió «1234567»)." in out.err
    assert (tmp_path / "d-errores.xlsx").exists() and world.log_count() == before
    good = xlsx(tmp_path / "ok.xlsx", TEACHER_HEADER, [("40000081", "Q", "", "A", "0512345", 0)])
    assert main(["--db", url, "import", "docentes", str(good), "--dry-run"]) == 0
    assert "por crear 1" in capsys.readouterr().out and world.log_count() == before
    assert main(["--db", url, "import", "docentes", str(good)]) == 0
    assert world.log_count() == before + 1
    png = tmp_path / "x.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(10))
    assert main(["--db", url, "import", "docentes", str(png)]) == 1
    assert "Error: El archivo «x.csv» es una imagen PNG" in capsys.readouterr().err


def test_a_concurrent_insert_of_the_same_key_is_a_message_not_a_traceback(world, tmp_path, monkeypatch):
    """Another PC saves the same DNI between the checks and the insert: the unique index refuses it, the
    import says so in Spanish and nothing of the file is saved."""
    from sigma_desktop.domain.errors import StaleRecord
    from sigma_desktop.services import imports as service

    path = xlsx(tmp_path / "d.xlsx", TEACHER_HEADER, [("40000081", "Q", "", "A", "0512345", 0),
                                                      ("40000082", "Q", "", "B", "0512345", 0)])
    original = service._plan_teachers

    def racing(u, actor, records, rows):
        plan = original(u, actor, records, rows)
        plan.inserts[0][1].append(dict(plan.inserts[0][1][0]))  # the same DNI twice: as if saved meanwhile
        return plan

    monkeypatch.setitem(service._PLANNERS, "docentes", racing)
    before = world.log_count()
    with pytest.raises(StaleRecord, match="Otro usuario guardó"):
        world.sigma.imports.run("docentes", path)
    assert world.log_count() == before


def test_a_row_changed_meanwhile_is_not_overwritten(world, tmp_path, monkeypatch):
    """bulk_update writes only over the version that was read: a row edited by someone else between the
    checks and the write fails the whole import (StaleRecord), and nothing is saved."""
    from sigma_desktop.domain.errors import StaleRecord
    from sigma_desktop.services import imports as service
    from sigma_desktop.storage.bulk_update import RowUpdate

    path = xlsx(tmp_path / "d.xlsx", TEACHER_HEADER, [("40000001", "Quispe", "Ñahui", "Otro Nombre", "0512345", 0),
                                                      ("40000081", "Q", "", "B", "0512345", 0)])
    original = service._plan_teachers

    def stale(u, actor, records, rows):
        plan = original(u, actor, records, rows)
        model, updates = plan.updates[0]
        plan.updates[0] = (model, [RowUpdate(x.id, x.base_version + 5, x.changes) for x in updates])
        return plan

    monkeypatch.setitem(service._PLANNERS, "docentes", stale)
    before = world.log_count()
    with pytest.raises(StaleRecord, match="Otro usuario modificó"):
        world.sigma.imports.run("docentes", path)
    assert world.log_count() == before and _count(world, m.Teacher) == 7


def test_the_same_activity_twice_in_a_file(world, tmp_path):
    rows = [_act(COACH_MG, "visita", 4, "40000001"), _act(COACH_MG, "visita", 4, "40000001")]
    _bad(world, "actividades", xlsx(tmp_path / "dup.xlsx", ACT, rows),
         "Fila 3, columna dni_acompanante: La misma actividad (acompañante, tipo, mes, docente, IE o tema, y fecha "
         "programada) ya aparece en la fila 2. Para dos actividades iguales en un mes, indique fecha_programada "
         "distintas.")
    rows[1] = _act(COACH_MG, "visita", 4, "40000001", planned=date(YEAR, 4, 20))
    rows[0] = _act(COACH_MG, "visita", 4, "40000001", planned=date(YEAR, 4, 6))
    result = world.sigma.imports.run("actividades", xlsx(tmp_path / "two.xlsx", ACT, rows))
    assert (result.created, result.errors) == (2, [])
    types = sorted(a.visit_type for a in world.sigma.planning.list_for_coach(world.coaches[COACH_MG], YEAR))
    assert types == ["desarrollo", "diagnostica"]


def test_routes_and_material_deliveries(world, tmp_path):
    header = ("dni_acompanante", "tipo", "anio", "mes", "fecha_programada", "iiee", "viaticos_asignados", "dias",
              "fecha_ejecucion", "iiee_visitadas", "viaticos_rendidos", "dias_ejecutados", "kit", "cantidad",
              "dni_docente", "codigo_modular", "cantidad_entregada")
    route = (COACH_MG, "ruta", YEAR, 5, date(YEAR, 5, 4), "0512345; 0654321", "350.50", 3, date(YEAR, 5, 6),
             "0512345", 320, 2, "", "", "", "", "")
    kit_teacher = (COACH_MG, "materiales", YEAR, 5, "", "", "", "", date(YEAR, 5, 8), "", "", "", "Kit de lectura",
                   25, "40000001", "", 25)
    kit_school = (COACH_MG, "Entrega de materiales", YEAR, 5, "", "", "", "", "", "", "", "", "Biblioteca de aula",
                  1, "", 512345, "")
    path = xlsx(tmp_path / "rutas.xlsx", header, [route, kit_teacher, kit_school])
    result = world.sigma.imports.run("actividades", path)
    assert (result.created, result.errors) == (3, []), _errors(result)
    assert world.sigma.imports.run("actividades", path).unchanged == 3
    with world.sigma.db.session() as s:
        r = s.scalars(select(m.Activity).where(m.Activity.kind == "ruta")).one()
        assert (r.allowance_assigned_cents, r.planned_days) == (35050, 3)
        e = s.scalars(select(m.Execution).where(m.Execution.activity_id == r.id)).one()
        assert (e.allowance_spent_cents, e.days, e.outcome) == (32000, 2, "ejecutada")
        assert s.scalar(select(func.count()).select_from(m.ActivityParticipant)
                        .where(m.ActivityParticipant.activity_id == r.id)) == 2
        kits = {a.kit: (a.teacher_id, a.quantity_planned) for a in
                s.scalars(select(m.Activity).where(m.Activity.kind == "materiales"))}
    assert kits == {"Kit de lectura": (world.teachers["40000001"], 25), "Biblioteca de aula": (None, 1)}
    corrected = list(route)
    corrected[9], corrected[10] = "0512345; 0654321", "330.00"  # a correction: both schools, other amount
    again = world.sigma.imports.run("actividades", xlsx(tmp_path / "rutas2.xlsx", header,
                                                        [tuple(corrected), kit_teacher, kit_school]))
    assert (again.updated, again.unchanged, again.errors) == (1, 2, [])
    bad = list(route)
    bad[5], bad[6], bad[7] = "0999999", "mucho", 40
    _bad(world, "actividades", xlsx(tmp_path / "malas.xlsx", header, [tuple(bad)]),
         "Fila 2, columna viaticos_asignados: «mucho» no es un monto válido en soles.")
    bad[6] = "350"  # a readable amount: the rule book judges the rest of the row
    _bad(world, "actividades", xlsx(tmp_path / "malas2.xlsx", header, [tuple(bad)]),
         "Fila 2, columna iiee: la IE 0999999-0 no está registrada.")
    bad[5] = "0512345"
    _bad(world, "actividades", xlsx(tmp_path / "malas3.xlsx", header, [tuple(bad)]),
         "Fila 2, columna dias: debe ser un número entero entre 1 y 31 (se recibió «40»).")
    replay_matches_database(world)


def test_material_recipient_and_route_schools_are_checked(world, tmp_path):
    """A delivery names exactly one recipient (a teacher or a school); a ruta's IIEE are códigos modulares."""
    header = ("dni_acompanante", "tipo", "anio", "mes", "fecha_programada", "iiee", "viaticos_asignados", "dias",
              "kit", "cantidad", "dni_docente", "codigo_modular")
    both = (COACH_MG, "materiales", YEAR, 5, "", "", "", "", "Kit de lectura", 25, "40000001", "0512345")
    neither = (COACH_MG, "materiales", YEAR, 5, "", "", "", "", "Kit de lectura", 25, "", "")
    route = (COACH_MG, "ruta", YEAR, 5, date(YEAR, 5, 4), "0512345; abc", "350.50", 3, "", "", "", "")
    _bad(world, "actividades", xlsx(tmp_path / "malas.xlsx", header, [both, neither, route]),
         "Fila 2, columna dni_docente: indique un docente o una IE (solo uno de los dos).",
         "Fila 3, columna dni_docente: indique un docente o una IE (solo uno de los dos).",
         "Fila 4, columna iiee: «abc» no es un código modular")
