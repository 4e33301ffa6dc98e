"""Closing and reopening a UGEL's month (the Gestor Local, from the Módulo de Control), and the closing state
of every UGEL by month (every role; the Gestor Regional's view of the DRE)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QSpinBox,
                               QTableWidget, QTableWidgetItem, QHBoxLayout, QVBoxLayout, QHeaderView)

from ...domain.dates import month_name
from ...domain.rules import limits as L
from .. import labels
from ..messages import show_error


def _period(year: int, month: int) -> str:
    return f"{month_name(month)} {year}"


class CloseMonthDialog(QDialog):
    """The summary of what blocks or weakens the closing first; closing with anything pending needs the box
    that names it ticked."""

    def __init__(self, sigma, ugel_code: str, year: int, month: int, parent=None):
        super().__init__(parent)
        self.sigma, self.ugel_code, self.year, self.month = sigma, ugel_code, year, month
        self.changes = None
        self.summary = sigma.closing.summary(ugel_code, year, month)
        s = self.summary
        self.setWindowTitle(self.tr("Cerrar el mes"))
        self.setMinimumWidth(560)
        intro = QLabel(self.tr("Cerrar {0} de {1}: nadie podrá planificar, registrar, validar ni eliminar "
                               "actividades de ese mes hasta que se reabra.").format(
            _period(year, month), s.state.ugel_name or ugel_code))
        intro.setWordWrap(True)
        figures = QLabel(self.tr("{0} actividades planificadas en el mes.").format(s.planned))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(figures)
        self.confirm = None
        if s.blockers:
            pending = QLabel("<b>" + self.tr("Pendientes que debilitan el cierre:") + "</b><ul>"
                             + "".join(f"<li>{b}</li>" for b in s.blockers) + "</ul>")
            pending.setObjectName("warning")
            pending.setWordWrap(True)
            layout.addWidget(pending)
            self.confirm = QCheckBox(self.tr("Confirmo el cierre con estos pendientes."))
            self.confirm.setStyleSheet("QCheckBox { font-weight: 600; }")
            layout.addWidget(self.confirm)
        else:
            ok = QLabel(self.tr("No hay pendientes: todas las actividades tienen registro y todos los registros "
                                "están validados."))
            ok.setWordWrap(True)
            layout.addWidget(ok)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Cerrar el mes"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.confirm is not None:
            self.ok_button.setEnabled(False)
            self.confirm.toggled.connect(self.ok_button.setEnabled)

    def save(self) -> bool:
        try:
            self.changes = self.sigma.closing.close(self.ugel_code, self.year, self.month,
                                                    confirmed=self.confirm is not None and self.confirm.isChecked())
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was saved
            show_error(self, exc)
            return False
        self.accept()
        return True


class ReopenMonthDialog(QDialog):
    """Reopening asks for the reason (kept in the history)."""

    def __init__(self, sigma, ugel_code: str, year: int, month: int, parent=None):
        super().__init__(parent)
        self.sigma, self.ugel_code, self.year, self.month = sigma, ugel_code, year, month
        self.changes = None
        state = sigma.closing.state(ugel_code, year, month)
        self.setWindowTitle(self.tr("Reabrir el mes"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("Reabrir {0}. {1}. Explique por qué se reabre (queda en el historial).").format(
            _period(year, month), state.mark))
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Ejemplo: un acompañante debe corregir una visita observada."))
        self.reason.setFixedHeight(90)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Reabrir el mes"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        text = L.REOPEN_REASON.clean(self.reason.toPlainText())
        self.ok_button.setEnabled(L.REOPEN_REASON.problem(text) is None)

    def save(self) -> bool:
        try:
            self.changes = self.sigma.closing.reopen(self.ugel_code, self.year, self.month,
                                                     self.reason.toPlainText())
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was saved
            show_error(self, exc)
            return False
        self.accept()
        return True


CLOSED_BRUSH = QBrush(QColor("#DCEBDD"))


class ClosingStatesDialog(QDialog):
    """Every UGEL of the user's scope × the twelve months: «Cerrado dd/mm» (with who closed it in the tooltip)
    or «Abierto» (with the reason of the last reopening)."""

    def __init__(self, sigma, year: int, parent=None):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(self.tr("Cierre de meses por UGEL"))
        self.resize(1320, 520)
        self.year = QSpinBox()
        self.year.setRange(2015, 2100)
        self.year.setValue(year)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Año:")))
        top.addWidget(self.year)
        top.addStretch(1)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        hint = QLabel(self.tr("Pase el cursor sobre un mes para ver quién lo cerró o por qué se reabrió; "
                              "«Historial del mes…» muestra cada cierre y reapertura."))
        hint.setObjectName("hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.history_button = buttons.addButton(self.tr("Historial del mes…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.history_button.clicked.connect(lambda: self.show_history())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self.load)
        self.load()

    def load(self) -> None:
        try:
            states = self.sigma.closing.states(self.year.value())
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return
        ugels = list(dict.fromkeys((s.ugel_code, s.ugel_name) for s in states))
        self.states = states
        self.table.clear()
        self.table.setColumnCount(13)
        self.table.setRowCount(len(ugels))
        self.table.setHorizontalHeaderLabels([self.tr("UGEL")] + [labels.month(n)[:3] for n in range(1, 13)])
        row_of = {code: i for i, (code, _n) in enumerate(ugels)}
        for code, name in ugels:
            self.table.setItem(row_of[code], 0, QTableWidgetItem(f"{name} ({code})"))
        for s in states:
            item = QTableWidgetItem(self.tr("Cerrado") if s.closed else self.tr("Reabierto") if s.reason else self.tr("Abierto"))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if s.closed:
                item.setBackground(CLOSED_BRUSH)
                item.setToolTip(s.mark)
            elif s.reason:
                item.setToolTip(self.tr("Reabierto: {0}").format(s.reason))
            self.table.setItem(row_of[s.ugel_code], s.month, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # a DRE's UGELs: a few rows
        for c in range(1, 13):
            self.table.setColumnWidth(c, 82)

    def history_lines(self, ugel_code: str, month: int) -> list[str]:
        """Each closing and reopening of the month: when, who (DNI), what, and the reason of a reopening."""
        from ...domain.dates import format_datetime

        lines = []
        for e in self.sigma.closing.history(ugel_code, self.year.value(), month):
            closed = e.changes.get("closed", [None, None])[1]
            if closed is None:
                continue
            what = self.tr("cerró el mes") if closed else self.tr("reabrió el mes: {0}").format(
                (e.changes.get("reason") or [None, ""])[1] or "")
            lines.append(f"{format_datetime(e.at)} — {e.user_dni} {what}")
        return lines

    def show_history(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        item = self.table.currentItem()
        if item is None or self.table.currentColumn() < 1:
            QMessageBox.information(self, self.tr("Historial del mes"), self.tr("Seleccione un mes de una UGEL."))
            return
        code = self.table.item(self.table.currentRow(), 0).text().rsplit("(", 1)[1].rstrip(")")
        month = self.table.currentColumn()
        lines = self.history_lines(code, month) or [self.tr("El mes nunca se cerró.")]
        QMessageBox.information(self, self.tr("Historial de {0} {1}").format(labels.month(month), self.year.value()),
                                "\n".join(lines))

    def cell(self, ugel_code: str, month: int) -> str:
        row = next(i for i in range(self.table.rowCount()) if self.table.item(i, 0).text().endswith(f"({ugel_code})"))
        return self.table.item(row, month).text()
