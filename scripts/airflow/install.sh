#!/usr/bin/env bash
# Creates .venv-airflow/ at the repository root and installs requirements-airflow.txt
# (Apache Airflow, pinned with everything it pulls in) into it.
#
# Idempotent: a hash of requirements-airflow.txt and of the interpreter's version is
# kept in .venv-airflow/; when it matches and Airflow is there, nothing is installed,
# so scripts/airflow/run_tests.sh calls this before every run. Prints how long the
# install took. Needs python3 (3.10 or newer, with the venv module) and access to PyPI.
#
#   scripts/airflow/install.sh
#   PYTHON=python3.11 scripts/airflow/install.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.venv-airflow"
requirements="$root/requirements-airflow.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"
# The installed distributions' metadata is enough to tell a broken venv; importing
# airflow (even finding one of its submodules) takes seconds.
present='from importlib.metadata import version
for name in ("apache-airflow", "apache-airflow-providers-standard", "pytest"): version(name)'

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "error: $python is missing or older than 3.10, which Airflow 3.3 needs; set PYTHON" >&2
    exit 1
fi

wanted="$({ cat "$requirements"; "$python" --version; } | sha256sum | cut -d' ' -f1)"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]] \
    && "$venv/bin/python" -c "$present" 2>/dev/null; then
    echo "airflow environment up to date: $venv (cached, nothing installed)"
    exit 0
fi

started=$(date +%s%N)
# A venv made by another interpreter version is not reused.
if [[ -x "$venv/bin/python" && "$("$venv/bin/python" --version 2>&1)" != "$("$python" --version 2>&1)" ]]; then
    rm -rf "$venv"
fi
if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
echo "installing requirements-airflow.txt into $venv (a minute or two when pip's cache is empty: ~130 packages)"
rm -f "$stamp"
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet --requirement "$requirements"
"$venv/bin/python" -c "$present"
echo "$wanted" > "$stamp"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
printf 'installed %s into %s in %d.%01ds\n' "requirements-airflow.txt" "$venv" \
    $((elapsed_ms / 1000)) $(((elapsed_ms % 1000) / 100))
