"""The demo generator: a realistic, reproducible office loaded in seconds (service.py), its rows made from one
seeded generator (data/), converted in a second process for large scales (worker.py), and the few mistakes
a person makes planted afterwards through ordinary logged writes (mistakes.py)."""
