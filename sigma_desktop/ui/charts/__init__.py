"""Charts of the window, painted with QPainter (no chart library: docs/decisions.md, «Gráficos», has the
measurements). Import them where a panel needs them, never at start-up.

    from sigma_desktop.ui.charts import Bar, BarChart, EXECUTION_THRESHOLDS, Series, TrendChart

    chart = BarChart()                                   # one row per category
    chart.set_data([Bar(coach_id, "Quispe Mamani, Rosa", 86.4), …], title="Ejecución de visitas",
                   unit="%", thresholds=EXECUTION_THRESHOLDS, band_colors=True)
    chart.sig_activated.connect(lambda coach_id: …)      # a click (or Enter) on a row carries its key
    layout.addWidget(chart.in_scroll_area())             # long lists (5 000 coaches) scroll; rows paint lazily

    trend = TrendChart()                                 # lines over the months
    trend.set_data([(3, "Mar"), (4, "Abr"), …], [Series("visitas", "Visitas", [88.0, 91.5, …])],
                   unit="%", thresholds=EXECUTION_THRESHOLDS)
    trend.sig_activated.connect(lambda key: …)           # key = (series key, month)

    chart.export_png("grafico.png")                      # the whole chart, not only what is on screen

Numbers are written as the reports write them (reports/formatting.py) and bars take the PDFs' colours
(reports/pdf/charts.py): the window and the printed report show the same figures the same way.
"""
from .bars import Bar, BarChart
from .base import EXECUTION_THRESHOLDS, Chart, Threshold, band_color, format_value
from .trend import Series, TrendChart

__all__ = ["Bar", "BarChart", "Chart", "EXECUTION_THRESHOLDS", "Series", "Threshold", "TrendChart", "band_color",
           "format_value"]
