"""The Windows installer script: it compiles with makensis, installs per user and its uninstaller keeps
the user's data folder."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sigma_desktop.config import APP_AUTHOR, APP_NAME

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (ROOT / "installer" / "sigma_desktop.nsi").read_text(encoding="utf-8")


def _section(name: str) -> str:
    match = re.search(rf'^Section "{re.escape(name)}"\n(.*?)^SectionEnd', SCRIPT, re.M | re.S)
    assert match, f"no section {name}"
    return match.group(1)


def test_the_script_compiles_with_makensis(build_script, tmp_path):
    if build_script.makensis() is None:
        pytest.skip("makensis is not installed (apt-get install nsis; scripts/setup --test installs it)")
    out = tmp_path / "instalador.exe"
    done = build_script.compile_nsis(build_script.placeholder_bundle(tmp_path), out)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "warning" not in (done.stdout + done.stderr).lower(), done.stdout
    data = out.read_bytes()
    assert data[:2] == b"MZ"  # a Windows program
    if Path("/usr/share/nsis/Stubs/lzma_solid-amd64-unicode").exists():  # Debian's NSIS: a 64-bit installer
        pe = int.from_bytes(data[0x3C:0x40], "little")
        assert data[pe + 4:pe + 6] == b"\x64\x86", "IMAGE_FILE_MACHINE_AMD64"


def test_windows_10_is_required_and_the_installer_says_so_in_spanish():
    on_init = re.search(r"^Function \.onInit\n(.*?)^FunctionEnd", SCRIPT, re.M | re.S).group(1)
    assert "${AtLeastWin10}" in on_init and "${AtLeastBuild} 17763" in on_init  # Qt 6.11: Windows 10 1809
    assert 'MessageBox MB_ICONSTOP "$(MSG_OLDWIN)" /SD IDOK\n    Abort' in on_init
    assert re.search(r'^LangString MSG_OLDWIN \$\{LANG_SPANISH\} "\$\{APP_NAME\} necesita Windows 10 ', SCRIPT, re.M)


def test_install_is_per_user_without_administrator_rights():
    assert re.search(r"^RequestExecutionLevel user$", SCRIPT, re.M)
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\\$\{APP_NAME\}"$', SCRIPT, re.M)
    assert "HKLM" not in SCRIPT and "SetShellVarContext all" not in SCRIPT
    assert 'WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString"' in SCRIPT
    assert 'CreateShortcut "$SMPROGRAMS\\${APP_NAME}.lnk"' in SCRIPT
    assert '!insertmacro MUI_LANGUAGE "Spanish"' in SCRIPT


def test_the_uninstaller_deletes_no_user_data():
    data_dir = re.search(r'^!define DATA_DIR "(.*?)"', SCRIPT, re.M).group(1)
    assert data_dir == f"$LOCALAPPDATA\\{APP_AUTHOR}\\{APP_NAME}"
    uninstall = _section("Uninstall")
    deletes = [line.strip() for line in uninstall.splitlines() if line.strip().startswith(("Delete ", "RMDir "))]
    assert deletes, uninstall
    for line in deletes:
        assert "DATA_DIR" not in line and APP_AUTHOR not in line and "$APPDATA" not in line, line
        assert line.startswith(("Delete \"$INSTDIR", "Delete \"$SMPROGRAMS", "Delete \"$DESKTOP",
                                "RMDir /r \"$INSTDIR\\_internal\"", "RMDir \"$INSTDIR\"")), line
    # the Qt settings (Software\Minedu\SIGMA Desktop) are the user's too
    assert all("Minedu" not in line for line in uninstall.splitlines() if "DeleteReg" in line)
    assert "SUS DATOS NO SE BORRAN" in SCRIPT and "${DATA_DIR}" in SCRIPT.split("MUI_UNCONFIRMPAGE_TEXT_TOP")[1]


def test_data_dir_in_the_script_is_where_the_app_keeps_its_data_on_windows(monkeypatch):
    """config.data_dir() asks platformdirs for user_data_dir(APP_NAME, APP_AUTHOR): on Windows that is
    the local (not roaming) application data folder, which the script calls $LOCALAPPDATA."""
    from platformdirs import windows

    monkeypatch.setenv("LOCALAPPDATA", os.path.join(os.sep, "Usuarios", "ana", "AppData", "Local"))
    monkeypatch.setenv("APPDATA", os.path.join(os.sep, "Usuarios", "ana", "AppData", "Roaming"))
    windows.get_win_folder.cache_clear()
    monkeypatch.setattr(windows, "get_win_folder", windows.get_win_folder_from_env_vars)
    found = windows.Windows(APP_NAME, APP_AUTHOR).user_data_dir
    assert found == os.path.join(os.environ["LOCALAPPDATA"], APP_AUTHOR, APP_NAME)
