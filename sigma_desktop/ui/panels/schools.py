"""Instituciones educativas: the schools of the user's scope (about 15,000 nationally), filtered and
sorted in SQL."""
from __future__ import annotations

from enum import IntEnum
from functools import partial

from ...domain import browse as b
from ...domain.browse import SchoolListRow
from ..models.lazy_table import LazyTableModel
from .master_list import MasterListPanel, area_label, characteristic_label, level_label, number


class SchoolTableModel(LazyTableModel):
    class Column(IntEnum):
        MODULAR_CODE = 0
        ANNEX = 1
        LOCAL_CODE = 2
        NAME = 3
        LEVEL = 4
        CHARACTERISTIC = 5
        AREA = 6
        DISTRICT = 7
        PROVINCE = 8
        DEPARTMENT = 9
        UGEL = 10

    def header_labels(self):
        C = self.Column
        return {C.MODULAR_CODE: self.tr("Cód. modular"), C.ANNEX: self.tr("Anexo"),
                C.LOCAL_CODE: self.tr("Cód. local"), C.NAME: self.tr("Nombre de la IE"),
                C.LEVEL: self.tr("Nivel"), C.CHARACTERISTIC: self.tr("Característica"),
                C.AREA: self.tr("Área"), C.DISTRICT: self.tr("Distrito"), C.PROVINCE: self.tr("Provincia"),
                C.DEPARTMENT: self.tr("Departamento"), C.UGEL: self.tr("UGEL")}

    def sort_keys(self):
        C = self.Column
        return {C.MODULAR_CODE: "modular_code", C.ANNEX: "annex", C.LOCAL_CODE: "local_code", C.NAME: "name",
                C.LEVEL: "level", C.CHARACTERISTIC: "characteristic", C.AREA: "area",
                C.DISTRICT: "district", C.PROVINCE: "province", C.DEPARTMENT: "department", C.UGEL: "ugel"}

    def default_sort_column(self) -> int:
        return self.Column.NAME

    def widths(self):
        C = self.Column
        return {C.MODULAR_CODE: 120, C.ANNEX: 70, C.LOCAL_CODE: 100, C.NAME: 250, C.LEVEL: 90,
                C.CHARACTERISTIC: 175, C.AREA: 70, C.DISTRICT: 135, C.PROVINCE: 120, C.DEPARTMENT: 135,
                C.UGEL: 140}

    def display(self, row: SchoolListRow, column) -> str:
        C = self.Column
        return {
            C.MODULAR_CODE: lambda: row.modular_code,
            C.ANNEX: lambda: row.annex,
            C.LOCAL_CODE: lambda: row.local_code or "",
            C.NAME: lambda: row.name if row.active else self.tr("{0} (inactiva)").format(row.name),
            C.LEVEL: lambda: level_label(row.level),
            C.CHARACTERISTIC: lambda: characteristic_label(row.characteristic),
            C.AREA: lambda: area_label(row.area),
            C.DISTRICT: lambda: row.district,
            C.PROVINCE: lambda: row.province,
            C.DEPARTMENT: lambda: row.department,
            C.UGEL: lambda: row.ugel_name,
        }[column]()

    def raw(self, row: SchoolListRow, column):
        C = self.Column
        if column == C.LEVEL:
            return row.level
        if column == C.CHARACTERISTIC:
            return row.characteristic or ""
        if column == C.AREA:
            return row.area
        if column == C.DISTRICT:
            return row.ubigeo
        if column == C.UGEL:
            return row.ugel_code
        return self.display(row, column)

    def tooltip(self, row: SchoolListRow, column) -> str | None:
        C = self.Column
        if column == C.NAME:
            return row.name
        if column in (C.DISTRICT, C.PROVINCE, C.DEPARTMENT):
            return self.tr("Ubigeo {0}: {1}, {2}, {3}").format(row.ubigeo, row.district, row.province,
                                                               row.department)
        if column == C.UGEL:
            return f"{row.ugel_code} {row.ugel_name}"
        return None


class SchoolsPanel(MasterListPanel):
    ugel_column = SchoolTableModel.Column.UGEL
    grow_columns = (SchoolTableModel.Column.NAME,)
    with_year = False
    with_intervention = False
    watches = frozenset({"school"})

    def title(self) -> str:
        return self.tr("Instituciones educativas")

    def placeholder(self) -> str:
        return self.tr("Código modular, código de local o nombre de la IE")

    def count_text(self, n: int) -> str:
        if n == 1:
            return self.tr("1 institución educativa")
        return self.tr("{0} instituciones educativas").format(number(n))

    def make_model(self) -> LazyTableModel:
        browse = self.sigma.browse
        return SchoolTableModel(partial(browse.count, b.SCHOOLS), partial(browse.page, b.SCHOOLS), self)

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        from ..forms.master_forms import SchoolDialog
        from .master_actions import MasterActions

        self.actions = MasterActions(self, SchoolDialog, sigma.masters.set_school_active, "school",
                                     new_text=self.tr("Nueva IE…"), what=self.tr("Institución educativa"))
