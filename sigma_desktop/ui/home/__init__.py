"""Each role's Inicio (the navigation table, ui/navigation.py, says whose is whose)."""
