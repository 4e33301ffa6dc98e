; Windows installer of SIGMA Desktop (NSIS 3, Modern UI 2), in Spanish.
;
; Per-user install, no administrator rights: the programs go to %LOCALAPPDATA%\Programs\SIGMA Desktop,
; the Start-menu entry and the uninstaller's registration go under the current user (HKCU).
; The user's data (database, backups, saved connection) live elsewhere, in the folder platformdirs gives
; sigma_desktop/config.py: %LOCALAPPDATA%\Minedu\SIGMA Desktop. Neither an upgrade nor the uninstaller
; ever touches it: an upgrade replaces the program files and the app migrates the database on its next
; start (storage/migrate.py, with a checked copy first).
;
; Compile: makensis /DVERSION=0.1.0 /DBUNDLE_DIR=..\dist\sigma-desktop /DOUTFILE=..\dist\instalador.exe
;          installer\sigma_desktop.nsi    (installer/build.py does it; see docs/installer.md)
; Silent:  SIGMA-Desktop-0.1.0-instalador.exe /S [/D=C:\otra\carpeta]   uninstall: desinstalar.exe /S

; A 64-bit installer for a 64-bit program, where this NSIS has the amd64 stubs (Debian's and Ubuntu's nsis
; package, which scripts/test-windows uses). The official Windows download of NSIS 3 has x86 stubs only: built
; with it, the installer is 32-bit and does the same on 64-bit Windows (every path and key it writes is the
; user's, which 64-bit Windows does not redirect for 32-bit programs). See docs/installer.md.
!if /FileExists "${NSISDIR}\Stubs\lzma_solid-amd64-unicode"
  Target amd64-unicode
!endif
Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef BUNDLE_DIR  ; the PyInstaller folder (dist\sigma-desktop) with sigma-desktop.exe, sigma.exe, _internal
  !define BUNDLE_DIR "..\dist\sigma-desktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\SIGMA-Desktop-${VERSION}-instalador.exe"
!endif

!define APP_NAME "SIGMA Desktop"
!define PUBLISHER "Ministerio de Educación del Perú"
!define APP_EXE "sigma-desktop.exe"
!define UNINSTALLER "desinstalar.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SIGMA Desktop"
!define DATA_DIR "$LOCALAPPDATA\Minedu\SIGMA Desktop"  ; platformdirs.user_data_dir("SIGMA Desktop", "Minedu")

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
; an upgrade goes where the previous version is (not the Qt settings key Software\Minedu: user data)
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

; --- pages --------------------------------------------------------------------------------------------
!define MUI_ICON "sigma.ico"
!define MUI_UNICON "sigma.ico"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TITLE "Instalación de ${APP_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "Este asistente instala ${APP_NAME}, el sistema de planificación, registro, \
control y reportes del acompañamiento pedagógico.$\r$\n$\r$\nSe instala solo para su usuario de Windows y \
no necesita permisos de administrador.$\r$\n$\r$\nSi ya tiene una versión anterior, se reemplaza: sus datos \
se conservan y la base de datos se actualiza sola al abrir la nueva versión.$\r$\n$\r$\nCierre ${APP_NAME} \
antes de continuar."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!define MUI_COMPONENTSPAGE_NODESC
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "${APP_NAME} quedó instalado.$\r$\n$\r$\nAl abrirlo por primera vez, un asistente \
le ayuda a elegir la base de datos, crear el primer administrador y cargar sus datos o una demostración."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Abrir ${APP_NAME} ahora"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "Se quitará el programa ${APP_NAME} de este equipo.$\r$\n\
SUS DATOS NO SE BORRAN: la base de datos, las copias de seguridad y la configuración quedan en \
${DATA_DIR}. Una nueva instalación los vuelve a usar. Si de verdad quiere borrarlos, hágalo a mano \
después, y solo si tiene una copia."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Spanish"

LangString MSG_NOT64 ${LANG_SPANISH} "${APP_NAME} necesita Windows de 64 bits."
LangString MSG_OLDWIN ${LANG_SPANISH} "${APP_NAME} necesita Windows 10 (versión 1809 o \
posterior) u 11, de 64 bits. Este equipo tiene una versión anterior de Windows: pida a soporte que lo \
actualice. No se instaló nada."
LangString MSG_RUNNING ${LANG_SPANISH} "${APP_NAME} está abierto. Ciérrelo (también la ventana de «sigma» si \
usa la línea de comandos) y pulse Reintentar."
LangString MSG_DATA_KEPT ${LANG_SPANISH} "${APP_NAME} se desinstaló. Sus datos siguen en ${DATA_DIR}."
LangString SEC_APP ${LANG_SPANISH} "${APP_NAME} (programa y acceso en el menú Inicio)"
LangString SEC_DESKTOP ${LANG_SPANISH} "Acceso directo en el escritorio"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SPANISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SPANISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SPANISH} "FileDescription" "Instalador de ${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SPANISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SPANISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SPANISH} "LegalCopyright" "${PUBLISHER}"

; --- install ------------------------------------------------------------------------------------------
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(MSG_NOT64)" /SD IDOK
    Abort
  ${EndIf}
  ; Qt 6.11 needs Windows 10 1809 (build 17763) or later; Windows 11 is build 22000 and up
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_ICONSTOP "$(MSG_OLDWIN)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; An open program locks its files: renaming the executable fails while it runs.
!macro WAIT_UNTIL_CLOSED
  ${Do}
    ClearErrors
    ${IfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
      ${Break}
    ${EndIf}
    Rename "$INSTDIR\${APP_EXE}" "$INSTDIR\${APP_EXE}.en-uso"
    ${IfNot} ${Errors}
      Rename "$INSTDIR\${APP_EXE}.en-uso" "$INSTDIR\${APP_EXE}"
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MSG_RUNNING)" /SD IDCANCEL IDRETRY +3
    SetErrorLevel 2  ; a silent deployment sees that nothing was installed
    Quit
  ${Loop}
!macroend

Section "$(SEC_APP)" SecApp
  SectionIn RO
  !insertmacro WAIT_UNTIL_CLOSED
  SetOutPath "$INSTDIR"
  ; an upgrade starts from a clean program folder: no module of the old version may linger
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 \
    SW_SHOWNORMAL "" "Planificación, registro, control y reportes del acompañamiento pedagógico"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  SectionGetSize ${SecApp} $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

; --- uninstall: the program only; DATA_DIR is never named in a delete -----------------------------------
Section "Uninstall"
  !insertmacro WAIT_UNTIL_CLOSED
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\sigma.exe"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"  ; only when empty: a folder the user chose may hold other files
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "$(MSG_DATA_KEPT)"
SectionEnd

Function un.onUninstSuccess
  MessageBox MB_ICONINFORMATION "$(MSG_DATA_KEPT)" /SD IDOK
FunctionEnd
