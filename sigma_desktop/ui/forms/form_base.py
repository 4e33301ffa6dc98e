"""What every planning and registration form shares.

- Validation in the form, field by field and in Spanish, before anything is saved: the bad field is marked
  with `mark_invalid` and its message shown right under it. A `ValidationError` from the service is mapped
  to the field it names (`exc.field`); a field the form does not show goes to the message above the buttons.
- Enter saves (the Guardar button is the default; Ctrl+Enter also saves from a multi-line text box).
- Escape, Cancelar or closing the window with unsaved changes asks «¿Descartar los cambios?»: changes are
  never lost silently.
- The service call is one transaction: a rejected save leaves nothing half-saved.
"""
from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Iterable, Sequence
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QMessageBox, QScrollArea, QVBoxLayout, QWidget)

from ...domain.dates import month_name, today_lima
from ...domain.errors import SigmaError, ValidationError
from ...domain.rules.common import execution_date_problem
from ...domain.rules.verdict import Problems
from ..messages import describe
from ..widgets import DateField, mark_invalid

# Containers (check lists, rubric rows) have no rule in the application's style sheet: the form adds one.
_LOCAL_QSS = """
QFrame[invalid="true"], QGroupBox[invalid="true"], QPlainTextEdit[invalid="true"] {
    border: 1px solid #b42318; background: #fff5f4; border-radius: 4px;
}
QFrame#summary { background: white; border: 1px solid #d9e2ec; border-radius: 5px; }
QLabel#observation { background: #fff4e5; border: 1px solid #f0b35a; border-radius: 4px; padding: 6px; }
QPlainTextEdit { min-height: 56px; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("forms", text)


def month_label(year: int, month: int) -> str:
    return f"{month_name(month)} {year}"


def record_checks(day: date, year: int, month: int) -> Problems:
    """The rule book's problems of a record's date (within the planned month, never in the future), to
    which a form adds the checks of its fields (`domain/rules`): the same messages as the services."""
    p = Problems()
    p.add("fecha_ejecucion", execution_date_problem(day, year, month, today_lima()))
    return p


def default_day(year: int, month: int, planned: date | None = None) -> date:
    """A sensible starting date for a record of the month: the planned day, else today if in the month,
    else the month's last day (or first, for a month still ahead)."""
    today = today_lima()
    if planned is not None and planned <= today:
        return planned
    if (today.year, today.month) == (year, month):
        return today
    if (year, month) < (today.year, today.month):
        return date(year, month, monthrange(year, month)[1])
    return date(year, month, 1)


def available_screen(widget: QWidget):
    """The usable area of the screen the widget is on (the primary one before it is placed).

    Not `widget.screen()`: with it, a long offscreen run of these dialogs (WA_DeleteOnClose) segfaulted
    in QScreen::virtualSiblings when the next dialog was created (PySide6 6.11.3); the cause was not
    isolated in a small script, so the forms avoid the call."""
    screen = QGuiApplication.screenAt(widget.mapToGlobal(widget.rect().center())) if widget.isVisible() \
        else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


class CheckList(QFrame):
    """Checkboxes for ids (attendance, IIEE of a route): one tab stop each, Space toggles."""

    def __init__(self, items: Iterable[tuple[UUID, str]], parent: QWidget | None = None, *,
                 checked: Iterable[UUID] = (), max_visible: int = 8):
        super().__init__(parent)
        self.setObjectName("checkList")
        self.boxes: dict[UUID, QCheckBox] = {}
        inner = QWidget()
        box_layout = QVBoxLayout(inner)
        box_layout.setContentsMargins(6, 4, 6, 4)
        box_layout.setSpacing(2)
        chosen = set(checked)
        for id_, label in items:
            box = QCheckBox(label)
            box.setChecked(id_ in chosen)
            self.boxes[id_] = box
            box_layout.addWidget(box)
        if not self.boxes:
            empty = QLabel(tr("(no hay elementos para elegir)"))
            empty.setObjectName("hint")
            box_layout.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        if len(self.boxes) > max_visible:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(inner)
            scroll.setMinimumHeight(max_visible * 24)
            layout.addWidget(scroll)
        else:
            layout.addWidget(inner)

    def checked_ids(self) -> list[UUID]:
        return [id_ for id_, box in self.boxes.items() if box.isChecked()]

    def set_checked(self, ids: Iterable[UUID]) -> None:
        chosen = set(ids)
        for id_, box in self.boxes.items():
            box.setChecked(id_ in chosen)

    def first_box(self) -> QWidget:
        return next(iter(self.boxes.values()), self)


class OptionalDate(QWidget):
    """A date that may be left out (fecha programada): a checkbox turns the calendar field on."""

    def __init__(self, value: date | None, default: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.enabled = QCheckBox(tr("Con fecha"))
        self.field = DateField(value=value or default)
        self.enabled.setChecked(value is not None)
        self.field.setEnabled(value is not None)
        self.enabled.toggled.connect(self.field.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.field, 1)
        self.setFocusProxy(self.enabled)

    def value(self) -> date | None:
        return self.field.value() if self.enabled.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.field.set_value(value)


class _Field:
    def __init__(self, widget: QWidget, error: QLabel, focus: QWidget):
        self.widget = widget
        self.error = error
        self.focus = focus


class FormDialog(QDialog):
    """Base of the forms: subclasses build fields with `add_field`, then implement `check` (form-side
    validation → {field: message}), `submit` (the one service call) and `state` (for unsaved changes)."""

    def __init__(self, sigma, title: str, parent: QWidget | None = None, *, intro: str | None = None,
                 save_text: str | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(title)
        self.setModal(True)
        self.setStyleSheet(_LOCAL_QSS)
        self.setMinimumWidth(560)
        self._fields: dict[str, _Field] = {}
        self._initial: object = None
        self.saved = False
        self._sized = False
        self.changes = None  # the ChangeSet the service returned on success
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(8)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            label.setObjectName("hint")
            self.layout_.addWidget(label)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.body = QVBoxLayout()
        self.body.addLayout(self.form)
        self.layout_.addLayout(self.body, 1)
        self.general_error = QLabel()
        self.general_error.setObjectName("error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.layout_.addWidget(self.general_error)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(save_text or tr("Guardar"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(tr("Cancelar"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)

    # --- building ----------------------------------------------------------------------------------------
    def summary(self, lines: Sequence[str], observation: str | None = None) -> None:
        """A framed summary of the activity at the top; an observed record shows the Gestor's comment."""
        frame = QFrame()
        frame.setObjectName("summary")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 8, 10, 8)
        for i, line in enumerate(lines):
            label = QLabel(line)
            label.setWordWrap(True)
            if i == 0:
                label.setStyleSheet("font-weight: bold;")
            layout.addWidget(label)
        self.layout_.insertWidget(0, frame)
        if observation:
            obs = QLabel(tr("Observación del Gestor Local: {0}").format(observation))
            obs.setObjectName("observation")
            obs.setWordWrap(True)
            self.layout_.insertWidget(1, obs)

    def _error_label(self) -> QLabel:
        error = QLabel()
        error.setObjectName("error")
        error.setWordWrap(True)
        error.hide()
        return error

    def add_field(self, name: str, label: str, widget: QWidget, *, aliases: Sequence[str] = (),
                  focus: QWidget | None = None, hint: str | None = None) -> QWidget:
        """A labelled row: the widget, an optional hint, and the place for its error message below it."""
        container = QWidget()
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName("hint")
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        error = self._error_label()
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(focus or widget)
        self.form.addRow(caption, container)
        self.register(name, widget, error, aliases=aliases, focus=focus)
        return widget

    def register(self, name: str, widget: QWidget, error: QLabel, *, aliases: Sequence[str] = (),
                 focus: QWidget | None = None) -> None:
        field = _Field(widget, error, focus or widget)
        for key in (name, *aliases):
            self._fields[key] = field

    def mark_clean(self) -> None:
        """Called at the end of a subclass's constructor: the state the user has not changed yet.

        It also puts Guardar and Cancelar at the end of the tab order (they are built before the fields)."""
        self._initial = self.state()
        self._order_tabs()

    def tab_chain(self) -> list[QWidget]:
        """The widgets Tab visits, in order, starting from the first field."""
        chain: list[QWidget] = []
        seen: set[int] = set()
        w = self.nextInFocusChain()
        while w is not None and w is not self and id(w) not in seen:
            seen.add(id(w))
            inner = w.focusProxy() is not None  # a spin box's or date field's editor stands for its owner
            if self.isAncestorOf(w) and w.focusPolicy() & Qt.FocusPolicy.TabFocus and not inner:
                chain.append(w)
            w = w.nextInFocusChain()
        return chain

    def _order_tabs(self) -> None:
        buttons = [self.save_button, self.cancel_button]
        fields = [w for w in self.tab_chain() if w not in buttons]
        if fields:
            # (save, cancel) does not move Cancelar: the button box proxies focus to its default button
            QWidget.setTabOrder(fields[-1], self.cancel_button)
            QWidget.setTabOrder(fields[-1], self.save_button)

    # --- what subclasses implement ------------------------------------------------------------------------
    def state(self) -> object:
        raise NotImplementedError

    def check(self) -> dict[str, str]:
        """Form-side validation: {field: Spanish message} for every bad field (empty when all is well)."""
        return {}

    def submit(self):
        """The one service call that saves the form (raises SigmaError on bad input); returns its ChangeSet."""
        raise NotImplementedError

    # --- errors --------------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for field in set(self._fields.values()):
            mark_invalid(field.widget, False)
            field.error.clear()
            field.error.hide()
        self.general_error.clear()
        self.general_error.hide()

    def show_error(self, name: str | None, message: str) -> None:
        field = self._fields.get(name or "")
        if field is None:
            self.general_error.setText(message)
            self.general_error.show()
            return
        mark_invalid(field.widget, True)
        field.error.setText(message)
        field.error.show()

    def error_text(self, name: str) -> str:
        """The message shown on a field ('' if none); the general message for unknown names."""
        field = self._fields.get(name)
        if field is None:
            return self.general_error.text()
        return field.error.text() if not field.error.isHidden() else ""

    def field_widget(self, name: str) -> QWidget:
        return self._fields[name].widget

    def _focus(self, name: str | None) -> None:
        field = self._fields.get(name or "")
        if field is not None:
            field.focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _screen_limits(self) -> tuple[int, int] | None:
        screen = available_screen(self)
        return (screen.width() - 40, screen.height() - 60) if screen is not None else None

    def fit_height(self) -> None:
        """Grows the window when messages appear, so that wrapped texts are never cut (within the screen)."""
        layout = self.layout()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else \
            layout.totalSizeHint().height()
        limits = self._screen_limits()
        if limits is not None:
            need = min(need, limits[1])
        if need > self.height():
            self.resize(self.width(), need)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        """First show: as large as the contents ask, within the screen (Qt's default stops at 2/3 of the
        screen's height, which squeezes the rubric on a 1366×768 office screen)."""
        if not self._sized:
            self._sized = True
            hint = self.sizeHint().expandedTo(self.minimumSizeHint())
            width = max(hint.width(), self.minimumWidth())
            layout = self.layout()
            height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else hint.height()
            height = max(height, hint.height())
            limits = self._screen_limits()
            if limits is not None:
                width, height = min(width, limits[0]), min(height, limits[1])
            self.resize(width, height)
            first = next(iter(self._fields.values()), None)
            if first is not None:
                first.focus.setFocus(Qt.FocusReason.TabFocusReason)
        super().showEvent(event)

    # --- saving and leaving --------------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return not self.saved and self.state() != self._initial

    def save(self) -> bool:
        self.clear_errors()
        errors = self.check()
        if errors:
            for name, message in errors.items():
                self.show_error(name, message)
            self._focus(next(iter(errors)))
            self.fit_height()
            return False
        try:
            self.changes = self.submit()
        except ValidationError as exc:
            for name, message in exc.messages.items():
                self.show_error(name, message)
            self._focus(exc.field)
            self.fit_height()
            return False
        except SigmaError as exc:
            self.show_error(None, exc.message)
            self.fit_height()
            return False
        except Exception as exc:  # noqa: BLE001 - the user learns that nothing was saved
            self.show_error(None, describe(exc))
            self.fit_height()
            return False
        self.saved = True
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self, tr("Cambios sin guardar"), tr("¿Descartar los cambios?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def find_data(combo, value) -> int:
    """Index of the item whose data equals `value` (QComboBox.findData cannot compare Python objects
    such as UUIDs), or -1."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


def spin_value(spin) -> int | None:
    """A spin box whose minimum shows «—» means «not given»."""
    return None if spin.value() == spin.minimum() and spin.specialValueText() else spin.value()
