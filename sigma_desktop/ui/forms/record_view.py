"""A record's detail (services/record_detail.py) as a read-only page: the Gestor Local's panel beside the
validation queue, and the AP's view of an observed record."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser

from ...domain.record_detail import RecordDetail


def detail_html(d: RecordDetail) -> str:
    parts = [f"<h3 style='margin:0 0 4px 0'>{escape(d.title)}</h3>"]
    if d.closed_mark:
        parts.append(f"<p style='color:#8A1C1C; margin:0 0 4px 0'><b>{escape(d.closed_mark)}</b></p>")
    for s in d.sections:
        parts.append(f"<p style='margin:8px 0 2px 0'><b>{escape(s.title)}</b></p><table cellspacing='0'>")
        for label, value in s.lines:
            parts.append(f"<tr><td style='padding:1px 10px 1px 0; vertical-align:top; color:#3A4A5C'>"
                         f"{escape(label)}</td><td style='padding:1px 0'>{escape(value)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


class RecordView(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.detail: RecordDetail | None = None
        self.setOpenLinks(False)
        self.show_detail(None)

    def show_detail(self, detail: RecordDetail | None, hint: str = "") -> None:
        self.detail = detail
        if detail is None:
            self.setHtml(f"<p style='color:#5A6B7D'>{escape(hint or self.tr('Seleccione un registro para ver todo lo registrado.'))}</p>")
        else:
            self.setHtml(detail_html(detail))
