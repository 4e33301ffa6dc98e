"""The quality-of-information widgets shared by the module (panels/quality.py) and the RCI's Inicio
(home/rci.py): the findings with their records (view.py) and the dialogs to mark a finding, change the
thresholds and open the findings of one kind (dialogs.py)."""
