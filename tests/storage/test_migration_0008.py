"""0008 binds the UGEL replicas a hub already had to the active accounts of their UGEL (whom they could act
as before), and drops the account's own lockout columns; coach replicas need no binding."""
from datetime import datetime, timezone

from sqlalchemy import select

from sigma_desktop.services import Sigma
from sigma_desktop.storage import migrate
from sigma_desktop.storage import models as m
from sigma_desktop.storage.ids import new_id
from sigma_desktop.storage.sync_models import SyncNode, SyncNodeUser
from tests.world import COACH_MG, GESTOR, RCI, build


def test_existing_ugel_replicas_keep_acting_as_the_people_of_their_ugel(database_url):
    sigma = Sigma.open(database_url)
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    build(sigma)
    sigma.users.set_active(RCI, False)
    migrate.downgrade(sigma.db, "0007")
    with sigma.db.session() as s:
        ugel = s.scalar(select(m.Ugel.id).where(m.Ugel.code == "030007"))
        coach = s.scalar(select(m.Coach.id).where(m.Coach.dni == COACH_MG))
    office, laptop = new_id(), new_id()
    with sigma.db.engine.begin() as conn:  # registered by the release before 0008
        for node, coach_id in ((office, None), (laptop, coach)):
            conn.execute(SyncNode.__table__.insert().values(
                id=node, name="antes de 0008", scope_kind="coach" if coach_id else "ugel", ugel_id=ugel,
                coach_id=coach_id, token_hash=node.hex * 2, active=True, created_at=datetime.now(timezone.utc)))
    migrate.upgrade(sigma.db)
    with sigma.db.session() as s:
        bound = set(s.execute(select(SyncNodeUser.node_id, m.UserAccount.dni)
                              .join(m.UserAccount, m.UserAccount.id == SyncNodeUser.user_id)).all())
        grau = {d for d in s.scalars(select(m.UserAccount.dni).where(m.UserAccount.ugel_id == ugel,
                                                                    m.UserAccount.active.is_(True)))}
    assert {d for n, d in bound if n == office} == grau and GESTOR in grau and RCI not in grau
    assert not {d for n, d in bound if n == laptop}
    assert migrate.schema_drift(sigma.db) == []
    sigma.close()
