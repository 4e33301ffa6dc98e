"""Entry point of the bundle: one set of files, two programs (PyInstaller builds both from this script).

`sigma-desktop` (windowed on Windows) opens the application; `sigma` (a console program) is the command
line. Which one runs is told by the executable's own name. `sigma --self-test` runs the desktop
self-test from the console program, so that a Windows technician sees its summary in the terminal.
"""
import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    # a spawned child (services/demo/worker.py) starts this same executable: freeze_support() makes it run
    # the child's work and exit, instead of opening the application again
    multiprocessing.freeze_support()
    if Path(sys.executable).stem.lower() == "sigma" and sys.argv[1:2] != ["--self-test"]:
        from sigma_desktop.cli import main as cli_main

        return cli_main()
    from sigma_desktop.app import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
