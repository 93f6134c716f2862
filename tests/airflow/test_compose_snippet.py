"""orchestration/airflow/compose-snippet.yml, read as data: Docker cannot run here, so
these check what can be checked without it (and what merging must keep)."""

from __future__ import annotations

import re

import yaml

from conftest import REPOSITORY

SNIPPET = REPOSITORY / "orchestration" / "airflow" / "compose-snippet.yml"


def load() -> dict:
    return yaml.safe_load(SNIPPET.read_text())


def environments(compose: dict):
    for name, service in compose["services"].items():
        yield name, service.get("environment", {})


def test_services_and_their_own_metadata_database():
    compose = load()
    assert set(compose["services"]) == {"airflow-db", "airflow-init", "airflow-api-server", "airflow-scheduler", "airflow-dag-processor"}
    assert compose["services"]["airflow-db"]["image"].startswith("postgres:")
    for name, environment in environments(compose):
        if name != "airflow-db":
            assert "@airflow-db:5432/airflow" in environment["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], name


def test_images_are_pinned_and_healthchecked():
    compose = load()
    dockerfile = (REPOSITORY / "orchestration" / "airflow" / "Dockerfile").read_text()
    assert re.search(r"^ARG AIRFLOW_IMAGE=apache/airflow:3\.3\.2-python3\.11$", dockerfile, re.MULTILINE)
    for name, service in compose["services"].items():
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), f"{name}: {image}"
        if name != "airflow-init":
            assert "healthcheck" in service, name


def test_no_password_or_secret_is_written_in_the_file():
    for name, environment in environments(load()):
        for key, value in environment.items():
            if re.search(r"PASSWORD|SECRET|FERNET|^_AIRFLOW_WWW_USER_USERNAME$|^CLICKHOUSE_USER$", key):
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", str(value)), f"{name}: {key}={value}"
            assert not re.search(r"://[^:/]+:[^$@/]+@", str(value)), f"{name}: {key} holds a literal password"


def test_the_dag_and_the_project_are_mounted_and_the_dag_finds_them():
    for name, service in load()["services"].items():
        if name == "airflow-db":
            continue
        volumes = service["volumes"]
        assert "./orchestration/airflow/dags:/opt/airflow/dags:ro" in volumes, name
        assert "./:/opt/kiln/project:ro" in volumes, name
        assert service["environment"]["KILN_PROJECT_DIR"] == "/opt/kiln/project"
        assert service["environment"]["KILN_MANIFEST"].startswith("/opt/kiln/target/")
