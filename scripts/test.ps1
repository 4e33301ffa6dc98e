<#
.SYNOPSIS
    Runs the whole SIGMA Desktop test suite on Windows.
.DESCRIPTION
    Creates .venv with Python 3.11 (py -3.11) and installs the project with its test tools when needed,
    then runs pytest with QT_QPA_PLATFORM=offscreen. Arguments go to pytest. The PostgreSQL tests need
    initdb and pg_ctl in PATH (the PostgreSQL installer's bin folder) or SIGMA_TEST_PG_URL; without either
    they are left out with a warning.
.EXAMPLE
    powershell -ExecutionPolicy Bypass -File scripts\test.ps1
.EXAMPLE
    powershell -ExecutionPolicy Bypass -File scripts\test.ps1 tests\storage -x
#>
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$PytestArgs = @($args)

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') falló (código $LASTEXITCODE)" }
}

$venvPython = Join-Path $Root ".venv\Scripts\python.exe"
$version = if ($env:SIGMA_PYTHON_VERSION) { $env:SIGMA_PYTHON_VERSION } else { "3.11" }
if (-not (Test-Path $venvPython)) {
    if (-not (Get-Command py -ErrorAction SilentlyContinue)) {
        throw "Falta el lanzador 'py': instale Python $version desde python.org (marque 'py launcher')."
    }
    Write-Host "==> Creando el entorno virtual .venv con Python $version"
    Invoke-Checked py @("-$version", "-m", "venv", (Join-Path $Root ".venv"))
}
$stamp = Join-Path $Root ".venv\.sigma-setup-win"
$want = (Get-FileHash (Join-Path $Root "pyproject.toml") -Algorithm SHA256).Hash + " " + $Root
$have = if (Test-Path $stamp) { (Get-Content $stamp -Raw).Trim() } else { "" }
if ($have -ne $want) {
    Write-Host "==> Instalando SIGMA Desktop y sus dependencias en .venv"
    $env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
    Invoke-Checked $venvPython @("-m", "pip", "install", "--progress-bar", "off", "-e", "$Root[test]")
    Set-Content -Path $stamp -Value $want -Encoding ascii
}

$env:QT_QPA_PLATFORM = "offscreen"
$extra = @()
$hasPg = (Get-Command initdb -ErrorAction SilentlyContinue) -and (Get-Command pg_ctl -ErrorAction SilentlyContinue)
if (-not $hasPg -and -not $env:SIGMA_TEST_PG_URL) {
    Write-Warning "PostgreSQL (initdb, pg_ctl) no está en el PATH ni hay SIGMA_TEST_PG_URL: se omiten las pruebas 'postgres'."
    $extra = @("-m", "not postgres")
}
& $venvPython -m pytest @extra @PytestArgs
exit $LASTEXITCODE
