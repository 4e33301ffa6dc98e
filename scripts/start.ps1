<#
.SYNOPSIS
    Prepares this checkout on Windows and opens SIGMA Desktop.
.DESCRIPTION
    Creates .venv with Python 3.11 (py -3.11), installs the project, creates or upgrades the database
    (sigma init), loads demonstration data the first time (when the database has no users yet) and starts
    sigma-desktop. Safe to run again: it only does what is missing.
.EXAMPLE
    powershell -ExecutionPolicy Bypass -File scripts\start.ps1
.EXAMPLE
    powershell -ExecutionPolicy Bypass -File scripts\start.ps1 -Db postgresql+psycopg://sigma@servidor:5432/sigma
#>
param(
    [string]$Db = "",
    [switch]$NoDemo,
    [string]$Python = "3.11"
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') falló (código $LASTEXITCODE)" }
}

function Initialize-Venv {
    param([string]$Version)
    $venvPython = Join-Path $Root ".venv\Scripts\python.exe"
    if (-not (Test-Path $venvPython)) {
        if (-not (Get-Command py -ErrorAction SilentlyContinue)) {
            throw "Falta el lanzador 'py': instale Python $Version desde python.org (marque 'py launcher')."
        }
        Write-Host "==> Creando el entorno virtual .venv con Python $Version"
        Invoke-Checked py @("-$Version", "-m", "venv", (Join-Path $Root ".venv"))
    }
    # Reinstall when pyproject.toml changed (or on the first run).
    $stamp = Join-Path $Root ".venv\.sigma-setup-win"
    $want = (Get-FileHash (Join-Path $Root "pyproject.toml") -Algorithm SHA256).Hash + " " + $Root
    $have = if (Test-Path $stamp) { (Get-Content $stamp -Raw).Trim() } else { "" }
    if ($have -ne $want) {
        Write-Host "==> Instalando SIGMA Desktop y sus dependencias en .venv"
        $env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
        Invoke-Checked $venvPython @("-m", "pip", "install", "--progress-bar", "off", "-e", "$Root[test]")
        Set-Content -Path $stamp -Value $want -Encoding ascii
    }
    return $venvPython
}

$null = Initialize-Venv -Version $Python
$Scripts = Join-Path $Root ".venv\Scripts"
if ($Db) { $env:SIGMA_DB_URL = $Db }

Invoke-Checked (Join-Path $Scripts "sigma.exe") @("init")

$dbKey = & (Join-Path $Scripts "python.exe") -c "import hashlib; from sigma_desktop.config import resolve_db_url; print(hashlib.sha256(resolve_db_url().encode()).hexdigest()[:12])"
if ($LASTEXITCODE -ne 0 -or -not $dbKey) { $dbKey = "default" }
$credentials = Join-Path $Root "out\demo-usuarios-$dbKey.txt"
if (-not $NoDemo) {
    $users = & (Join-Path $Scripts "sigma.exe") users list
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "No se pudo consultar los usuarios; no se cargan datos de demostración."
    } elseif (-not $users) {
        Write-Host "==> La base de datos está vacía: cargando datos de demostración (sigma demo --scale small)"
        New-Item -ItemType Directory -Force -Path (Join-Path $Root "out") | Out-Null
        $output = & (Join-Path $Scripts "sigma.exe") demo --scale small --seed 1
        if ($LASTEXITCODE -ne 0) { throw "sigma demo falló (código $LASTEXITCODE)" }
        $output | Write-Host
        $output | Set-Content -Path $credentials -Encoding utf8
    } elseif (Test-Path $credentials) {
        Write-Host "==> Datos de demostración cargados antes; usuarios y contraseña:"
        Get-Content $credentials | Write-Host
    }
}

Write-Host "==> Abriendo SIGMA Desktop"
Start-Process -FilePath (Join-Path $Scripts "sigma-desktop.exe") -WorkingDirectory $Root
