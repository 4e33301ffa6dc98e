"""0002 adds search keys and fills them for rows written by an older version."""
from sigma_desktop.domain.text import search_key
from sigma_desktop.services import Sigma
from sigma_desktop.storage import migrate
from sigma_desktop.storage import models as m
from sqlalchemy import select


def test_upgrade_fills_search_keys_of_existing_rows(database_url):
    sigma = Sigma.open(database_url)
    sigma.sign_in_as_system()
    migrate.upgrade(sigma.db, "0001")
    assert migrate.needs_upgrade(sigma.db)
    with sigma.db.engine.begin() as conn:  # an old version's data, written before search keys existed
        conn.exec_driver_sql("INSERT INTO ubigeo VALUES ('030701', 'Apurímac', 'Grau', 'Chuquibambilla')")
    sigma.setup.initialize()
    sigma.masters.add_dre("030000", "DRE Apurímac")
    sigma.masters.add_ugel("030007", "UGEL Grau", "030000")
    sigma.masters.add_school("0512345", "0", "IE Señor de Ánimas", "primaria", "rural", "030701", "030007")
    sigma.masters.add_teacher("40000001", "José", "Ñahui", "Pérez", "0512345")
    migrate.downgrade(sigma.db, "0001")
    migrate.upgrade(sigma.db)
    with sigma.db.session() as s:
        assert s.scalar(select(m.Teacher.search_key)) == search_key("Ñahui", "Pérez", "José", "40000001")
        assert s.scalar(select(m.School.search_key)) == search_key("IE Señor de Ánimas", "0512345")
    sigma.close()
