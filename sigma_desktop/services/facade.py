"""`Sigma`: the one object the GUI and the CLI talk to, handing out one service per use case."""
from __future__ import annotations

from functools import cached_property

from ..domain.permissions import Actor
from ..storage.database import Database
from .context import Context


class Sigma:
    def __init__(self, db: Database):
        self.db = db
        self._ctx = Context(db)

    @classmethod
    def open(cls, url: str) -> "Sigma":
        return cls(Database(url))

    def close(self) -> None:
        self.db.dispose()

    @property
    def actor(self) -> Actor | None:
        return self._ctx.actor

    def sign_in_as_system(self) -> None:
        """For the command line only (see Context.sign_in_as_system); a service call with nobody signed in
        is refused."""
        self._ctx.sign_in_as_system()

    @cached_property
    def setup(self):
        from .setup import SetupService
        return SetupService(self._ctx)

    @cached_property
    def auth(self):
        from .auth import AuthService
        return AuthService(self._ctx, hub_password=lambda *change: self.sync.change_password_on_hub(*change))

    @cached_property
    def users(self):
        from .users import UserService
        return UserService(self._ctx)

    @cached_property
    def masters(self):
        from .masters import MasterDataService
        return MasterDataService(self._ctx)

    @cached_property
    def offices(self):
        from .offices import OfficeService
        return OfficeService(self._ctx)

    @cached_property
    def catalogues(self):
        from .catalogue_admin import CatalogueAdminService
        return CatalogueAdminService(self._ctx)

    @cached_property
    def browse(self):
        from .browse import BrowseService
        return BrowseService(self._ctx)

    @cached_property
    def imports(self):
        from .imports import ImportService
        return ImportService(self._ctx)

    @cached_property
    def assignments(self):
        from .assignments import AssignmentService
        return AssignmentService(self._ctx)

    @cached_property
    def planning(self):
        from .planning import PlanningService
        return PlanningService(self._ctx)

    @cached_property
    def registration(self):
        from .registration import RegistrationService
        return RegistrationService(self._ctx)

    @cached_property
    def validation(self):
        from .validation import ValidationService
        return ValidationService(self._ctx)

    @cached_property
    def record_detail(self):
        from .record_detail import RecordDetailService
        return RecordDetailService(self._ctx)

    @cached_property
    def trash(self):
        from .trash import TrashService
        return TrashService(self._ctx)

    @cached_property
    def closing(self):
        from .closing import ClosingService
        return ClosingService(self._ctx)

    @cached_property
    def history(self):
        from .history import HistoryService
        return HistoryService(self._ctx)

    @cached_property
    def sync(self):
        from .sync import SyncService
        return SyncService(self._ctx)

    @cached_property
    def demo(self):
        from .demo.service import DemoService
        return DemoService(self._ctx)

    @cached_property
    def coach_desk(self):
        from .coach_desk import CoachDeskService
        return CoachDeskService(self._ctx)

    @cached_property
    def catalogue_reads(self):
        from .catalogue_reads import CatalogueReadService
        return CatalogueReadService(self._ctx)

    @cached_property
    def ficha(self):
        from .ficha import FichaService
        return FichaService(self._ctx)

    @cached_property
    def indicators(self):
        from .indicators import IndicatorService
        return IndicatorService(self._ctx)

    @cached_property
    def live(self):
        """Live Reportes, Control and Inicio: views that follow every write (services/live_figures.py and
        services/live_dashboards.py)."""
        from .live_dashboards import LiveScreens
        return LiveScreens(self._ctx)

    @cached_property
    def control(self):
        from .control import ControlService
        return ControlService(self._ctx)

    @cached_property
    def exports(self):
        from .exports import ExportService
        return ExportService(self._ctx)

    @cached_property
    def signatories(self):
        from .signatories import SignatoryService
        return SignatoryService(self._ctx)

    @cached_property
    def backup(self):
        from .backup import BackupService
        return BackupService(self._ctx, initialize=lambda: self.setup.initialize())

    @cached_property
    def quality(self):
        from .quality import QualityService
        return QualityService(self._ctx)

    @cached_property
    def audit(self):
        from .audit import AuditService
        return AuditService(self._ctx)

    @cached_property
    def dashboard(self):
        from .dashboard import DashboardService
        return DashboardService(self._ctx)
