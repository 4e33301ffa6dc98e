"""Names vulture reports as unused that are not dead (tests/test_dead_code.py). Reviewed one by one: add a name
here only with the reason it lives, under its group. Syntax: vulture's whitelist (bare names and attributes)."""
# ruff: noqa
# flake8: noqa

_ = object()

# Library hooks: Qt overrides and properties, reportlab and openpyxl attributes, http.server and SQLAlchemy TypeDecorator settings (called or read by the library, never by our code)
_.freeze_panes  # sigma_desktop/importing/error_copy.py
_.number_format  # sigma_desktop/importing/error_copy.py
_.number_format  # sigma_desktop/importing/templates.py
_.freeze_panes  # sigma_desktop/importing/templates.py
_.showInputMessage  # sigma_desktop/importing/templates.py
_.initialFontName  # sigma_desktop/reports/pdf/charts.py
_.valueMax  # sigma_desktop/reports/pdf/charts.py
_.valueMin  # sigma_desktop/reports/pdf/charts.py
_.fontName  # sigma_desktop/reports/pdf/charts.py
_.fontSize  # sigma_desktop/reports/pdf/charts.py
_.labelTextFormat  # sigma_desktop/reports/pdf/charts.py
_.gridStrokeColor  # sigma_desktop/reports/pdf/charts.py
_.visibleGrid  # sigma_desktop/reports/pdf/charts.py
_.categoryNames  # sigma_desktop/reports/pdf/charts.py
_.boxAnchor  # sigma_desktop/reports/pdf/charts.py
_.barWidth  # sigma_desktop/reports/pdf/charts.py
_.groupSpacing  # sigma_desktop/reports/pdf/charts.py
_.strokeColor  # sigma_desktop/reports/pdf/charts.py
_.fillColor  # sigma_desktop/reports/pdf/charts.py
_.nudge  # sigma_desktop/reports/pdf/charts.py
_.barLabelFormat  # sigma_desktop/reports/pdf/charts.py
_.barLabelArray  # sigma_desktop/reports/pdf/charts.py
_.dx  # sigma_desktop/reports/pdf/charts.py
_.columnMaximum  # sigma_desktop/reports/pdf/charts.py
_.deltax  # sigma_desktop/reports/pdf/charts.py
_.dxTextSpace  # sigma_desktop/reports/pdf/charts.py
_.colorNamePairs  # sigma_desktop/reports/pdf/charts.py
tb  # sigma_desktop/reports/xlsx/stream.py
_.get_from_hint_text  # sigma_desktop/storage/indicator_queries.py
_.pg_select  # sigma_desktop/storage/sync_store/tables.py
impl  # sigma_desktop/storage/types.py
cache_ok  # sigma_desktop/storage/types.py
_.process_bind_param  # sigma_desktop/storage/types.py
_.process_result_value  # sigma_desktop/storage/types.py
server_version  # sigma_desktop/sync/http.py
protocol_version  # sigma_desktop/sync/http.py
_.log_message  # sigma_desktop/sync/http.py
_.close_connection  # sigma_desktop/sync/http.py
_.do_POST  # sigma_desktop/sync/http.py
daemon_threads  # sigma_desktop/sync/http.py
request_queue_size  # sigma_desktop/sync/http.py
_.paintEvent  # sigma_desktop/ui/charts/base.py
_.mouseMoveEvent  # sigma_desktop/ui/charts/base.py
_.initializePage  # sigma_desktop/ui/first_run/pages.py
_.validatePage  # sigma_desktop/ui/first_run/pages.py
_.nextId  # sigma_desktop/ui/first_run/pages.py
_.initializePage  # sigma_desktop/ui/forms/import_wizard.py
_.eventFilter  # sigma_desktop/ui/idle_lock.py
_.eventFilter  # sigma_desktop/ui/models/coach_tables.py

# Panels the navigation builds by name (ui/navigation.py imports them with importlib)
RciHomePanel  # sigma_desktop/ui/home/rci.py
AssignmentsPanel  # sigma_desktop/ui/panels/assignments.py
CataloguesPanel  # sigma_desktop/ui/panels/catalogues.py
CoachesPanel  # sigma_desktop/ui/panels/coaches.py
ControlPanel  # sigma_desktop/ui/panels/control.py
HomePanel  # sigma_desktop/ui/panels/home.py
MyTeachersPanel  # sigma_desktop/ui/panels/my_teachers.py
PlanningPanel  # sigma_desktop/ui/panels/planning.py
QualityPanel  # sigma_desktop/ui/panels/quality.py
ReportsPanel  # sigma_desktop/ui/panels/reports.py
SchoolsPanel  # sigma_desktop/ui/panels/schools.py
SyncPanel  # sigma_desktop/ui/panels/sync.py
TrashPanel  # sigma_desktop/ui/panels/trash.py
UsersPanel  # sigma_desktop/ui/panels/users.py
ValidationPanel  # sigma_desktop/ui/panels/validation.py

# Table columns and synced fields: written by the ORM, the change log and sync, read by SQL (never as Python attributes)
teacher_ugel_id  # sigma_desktop/domain/quality/facts.py
copied_today  # sigma_desktop/services/backup.py
_.validated_by  # sigma_desktop/services/demo/mistakes.py
details  # sigma_desktop/services/demo/service.py
catalogues_loaded  # sigma_desktop/services/setup.py
_.resolved_by  # sigma_desktop/services/sync.py
_.resolved_dni  # sigma_desktop/services/sync.py
_.resolved_at  # sigma_desktop/services/sync.py
_.validated_by  # sigma_desktop/services/validation.py
_.updated_at  # sigma_desktop/storage/changelog.py
_.updated_by  # sigma_desktop/storage/changelog.py
updated_at  # sigma_desktop/storage/model_base.py
updated_by  # sigma_desktop/storage/model_base.py
validated_by  # sigma_desktop/storage/models.py
finding_key  # sigma_desktop/storage/models.py
last_failure_at  # sigma_desktop/storage/models.py
received_at  # sigma_desktop/storage/sync_models.py
node_user_id  # sigma_desktop/storage/sync_models.py
hub_version  # sigma_desktop/storage/sync_models.py
resolved_by  # sigma_desktop/storage/sync_models.py
resolved_dni  # sigma_desktop/storage/sync_models.py
resolved_at  # sigma_desktop/storage/sync_models.py

# Entity names a change set may carry (domain/changes.py): kept complete, one per synced table
USER  # sigma_desktop/domain/changes.py
SKIP_REASON  # sigma_desktop/domain/changes.py
RUBRIC_VERSION  # sigma_desktop/domain/changes.py
RUBRIC_ITEM  # sigma_desktop/domain/changes.py
SYNC_CONFLICT  # sigma_desktop/domain/changes.py
QUALITY_FINDING  # sigma_desktop/domain/changes.py

# Seams used by tests and bench/ (a reviewed, deliberate API: the in-process hub, the panels' test hooks, reads the tests compare the window against)
SYNC  # bench/bench_bulk.py
password_of  # sigma_desktop/credentials.py
easter  # sigma_desktop/domain/quality/holidays.py
write_dbf  # sigma_desktop/importing/dbf.py
_.for_teacher  # sigma_desktop/services/assignments.py
_.coach_names  # sigma_desktop/services/browse.py
LocalHub  # sigma_desktop/services/hub/service.py
_.list_for_coach  # sigma_desktop/services/planning.py
_.ensure_protocols  # sigma_desktop/services/setup.py
_.sound  # sigma_desktop/storage/audit_guard.py
_.scalar_meta  # sigma_desktop/storage/database.py
RAW_FIELDS  # sigma_desktop/storage/export_queries.py
_.act_as  # sigma_desktop/storage/unit.py
_.writes  # sigma_desktop/sync/merge.py
_.in_scroll_area  # sigma_desktop/ui/charts/base.py
_.mark_rect  # sigma_desktop/ui/charts/base.py
_.export_png  # sigma_desktop/ui/charts/base.py
_.change_password_action  # sigma_desktop/ui/forms/change_password.py
_.set_checked  # sigma_desktop/ui/forms/form_base.py
_.error_text  # sigma_desktop/ui/forms/form_base.py
_.field_widget  # sigma_desktop/ui/forms/form_base.py
_.saved_id  # sigma_desktop/ui/forms/master_forms.py
_.set_level  # sigma_desktop/ui/forms/visit_execution.py
_.report_actions  # sigma_desktop/ui/main_window.py
_.help_actions  # sigma_desktop/ui/main_window.py
_.teacher_search  # sigma_desktop/ui/panels/assignments.py
_.protocol_year  # sigma_desktop/ui/panels/catalogues.py
_.last_dialog  # sigma_desktop/ui/panels/master_actions.py
_.set_period  # sigma_desktop/ui/panels/planning.py
_.select_activity  # sigma_desktop/ui/panels/planning.py

# Qt objects kept referenced by their panel (a QShortcut or dialog without a Python reference is collected), and read by the tests that drive them
_.validate_action  # sigma_desktop/ui/panels/validation.py (Ctrl+Enter; tests/ui/test_whole_month.py triggers it)
_.observe_action  # sigma_desktop/ui/panels/validation.py (Ctrl+O)
_.closing_dialog  # sigma_desktop/ui/panels/control.py (the last closing/reopening dialog, for the screenshots of the whole month)
