from uuid import uuid4

import pytest

from sigma_desktop.domain.enums import Role, ScopeLevel
from sigma_desktop.domain.errors import PermissionDenied
from sigma_desktop.domain.permissions import PERMISSIONS, Action, Actor, in_scope, require


def _actor(role, scope=ScopeLevel.UGEL, ugel=None, dre=None):
    return Actor(uuid4(), "12345678", "X", role, scope, ugel, dre)


def test_every_action_has_an_entry():
    assert set(PERMISSIONS) == set(Action)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_require_follows_the_table(role, action):
    actor = _actor(role)
    if role in PERMISSIONS[action]:
        require(actor, action)
    else:
        with pytest.raises(PermissionDenied, match="no permite"):
            require(actor, action)


def test_scope():
    u1, u2, d1, d2 = uuid4(), uuid4(), uuid4(), uuid4()
    local = _actor(Role.LOCAL_MANAGER, ScopeLevel.UGEL, u1, d1)
    regional = _actor(Role.REGIONAL_MANAGER, ScopeLevel.DRE, None, d1)
    national = _actor(Role.ADMIN, ScopeLevel.NATION)
    assert in_scope(local, u1, d1) and not in_scope(local, u2, d1)
    assert in_scope(regional, u2, d1) and not in_scope(regional, u1, d2)
    assert in_scope(national, u2, d2)
