#!/usr/bin/env bash
# Creates .venv/ at the repository root and installs requirements.txt into it.
#
# Idempotent: a hash of requirements.txt (and of the interpreter's version) is
# kept in .venv/; when it matches and the packages are there, nothing is done, so
# tests and CI can call this before every run. Needs only python3 (>= 3.9,
# with the venv module) and access to PyPI.
#
#   scripts/bootstrap-python.sh            # uses python3
#   PYTHON=python3.11 scripts/bootstrap-python.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
requirements="$root/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"
# Finding the modules is enough to tell a broken .venv; importing chdb would
# boot the engine, which takes a second.
present='import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in
    ("chdb", "lz4", "zstandard", "brotli", "clickhouse_cityhash")))'

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
    echo "error: $python is missing or older than 3.9; set PYTHON to a newer interpreter" >&2
    exit 1
fi

wanted="$({ cat "$requirements"; "$python" --version; } | sha256sum | cut -d' ' -f1)"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]] \
    && "$venv/bin/python" -c "$present" 2>/dev/null; then
    echo "python environment up to date: $venv"
    exit 0
fi

started=$(date +%s%N)
# A .venv made by another interpreter version is not reused.
if [[ -x "$venv/bin/python" && "$("$venv/bin/python" --version 2>&1)" != "$("$python" --version 2>&1)" ]]; then
    rm -rf "$venv"
fi
if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
echo "installing requirements.txt into $venv (about a minute when nothing is cached: chdb-core is ~180 MB)"
rm -f "$stamp"
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet --requirement "$requirements"
"$venv/bin/python" -c "import chdb, lz4.block, lz4.frame, zstandard, brotli, clickhouse_cityhash.cityhash"
echo "$wanted" > "$stamp"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
printf 'installed %s into %s in %d.%01ds\n' "requirements.txt" "$venv" \
    $((elapsed_ms / 1000)) $(((elapsed_ms % 1000) / 100))
