#!/usr/bin/env python3
"""Checks docker-compose.yml, .env.example, Dockerfile and .dockerignore without Docker.

Docker cannot run where kiln's tests run, so the stack's files are read as data and
held to what docs/postgres.md promises:

* the services are there: postgres, clickhouse, kiln (built from the Dockerfile,
  running `apply --compile` once ClickHouse is healthy);
* every image is pinned: a tag or a digest, never `latest`; the Dockerfile's FROM
  lines too;
* ClickHouse and PostgreSQL have healthchecks; PostgreSQL runs with wal_level=logical;
* no literal secrets: every password-, secret-, token- or key-like setting is a bare
  `${VAR}` / `${VAR:?message}` reference (a `${VAR:-default}` default is a literal),
  and so is the password in any `scheme://user:password@host` URL;
* .env.example names every variable the compose file reads, with no secret filled in;
* files the compose file mounts or builds from exist; named volumes are declared;
* .dockerignore keeps .env and target/ out of images.

The checker is itself checked: a few broken compose texts must each be caught.

    .venv/bin/python tests/compose/test_compose.py [COMPOSE_FILE]

Prints one line per check and `N passed, N failed`; exits 1 when a check failed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

REQUIRED_SERVICES = ("postgres", "clickhouse", "kiln", "airflow-db", "airflow-init", "airflow-api-server", "airflow-scheduler")
HEALTHCHECKED_SERVICES = ("postgres", "clickhouse")

# A setting whose name looks like one of these holds a secret.
SECRET_NAME_RE = re.compile(r"pass(word|wd)?$|passw|secret|token|fernet|private_key|api_key|credential",
                            re.IGNORECASE)
# `$$` is compose's escape for a literal `$`; `${NAME...}` and `$NAME` are references.
VARIABLE_RE = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
# The only forms a secret may take: the variable alone, required or not, no default.
SECRET_REFERENCE_RE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*)?\}$")
URL_CREDENTIALS_RE = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:([^@\s]+)@", re.IGNORECASE)
PASSWORD_FLAG_RE = re.compile(r"--password(?:=|\s+)(\S+)")


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for problem in problems:
                print(f"     - {problem}")
        else:
            self.passed += 1
            print(f"ok   {name}")


# -- walking the document -----------------------------------------------------------

def strings_with_names(node, name: str = "", path: str = ""):
    """Yields (setting name, path, string value) for every string in the document.

    `environment` lists of `KEY=VALUE` items are split so the key is the name."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings_with_names(value, str(key), f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            item_path = f"{path}[{index}]"
            if isinstance(item, str) and name == "environment" and "=" in item:
                key, _, value = item.partition("=")
                yield key, f"{path}.{key}", value
            else:
                yield from strings_with_names(item, name, item_path)
    elif isinstance(node, str):
        yield name, path, node


def variables_used(document) -> set[str]:
    found = set()
    for _, _, text in strings_with_names(document):
        for match in VARIABLE_RE.finditer(text):
            found.add(match.group(1) or match.group(3))
    return found


def image_problem(image: str) -> str | None:
    """Why `image` is not pinned, or None when it is."""
    if VARIABLE_RE.search(image):
        return f"`{image}` is chosen by a variable, so nothing pins it"
    if "@sha256:" in image:
        return None
    name_part = image.rsplit("/", 1)[-1]
    if ":" not in name_part:
        return f"`{image}` has no tag (that means `latest`)"
    tag = name_part.split(":", 1)[1]
    if tag == "latest" or tag.endswith("-latest") or tag.startswith("latest-"):
        return f"`{image}` is tagged `{tag}`"
    return None


# -- the checks, each returning its problems ----------------------------------------

def check_services(services: dict) -> list[str]:
    return [f"service `{name}` is missing" for name in REQUIRED_SERVICES if name not in services]


def check_images_pinned(services: dict) -> list[str]:
    problems = []
    for name, service in services.items():
        service = service or {}
        if "image" not in service and "build" not in service:
            problems.append(f"service `{name}` has neither `image` nor `build`")
        if "image" in service:
            problem = image_problem(str(service["image"]))
            if problem:
                problems.append(f"service `{name}`: {problem}")
    return problems


def check_healthchecks(services: dict) -> list[str]:
    problems = []
    for name in HEALTHCHECKED_SERVICES:
        health = (services.get(name) or {}).get("healthcheck") or {}
        test = health.get("test")
        if not test or health.get("disable") or test in (["NONE"], "NONE"):
            problems.append(f"service `{name}` has no healthcheck")
    return problems


def check_postgres_logical(services: dict) -> list[str]:
    command = (services.get("postgres") or {}).get("command") or []
    text = command if isinstance(command, str) else " ".join(map(str, command))
    return [] if re.search(r"wal_level\s*=\s*logical", text) else [
        "service `postgres` does not run with `-c wal_level=logical`"]


def check_kiln_service(services: dict) -> list[str]:
    kiln = services.get("kiln") or {}
    problems = []
    if "build" not in kiln:
        problems.append("service `kiln` is not built from the repository's Dockerfile")
    command = kiln.get("command") or []
    words = command.split() if isinstance(command, str) else list(map(str, command))
    if words[:1] != ["apply"] or "--compile" not in words:
        problems.append(f"service `kiln` runs {words!r}, not `apply --compile`")
    depends = kiln.get("depends_on") or {}
    condition = (depends.get("clickhouse") or {}).get("condition") if isinstance(depends, dict) else None
    if condition != "service_healthy":
        problems.append("service `kiln` does not wait for `clickhouse` to be healthy")
    return problems


def check_no_literal_secrets(document) -> list[str]:
    problems = []
    for name, path, value in strings_with_names(document):
        if SECRET_NAME_RE.search(name) and value != "" and not SECRET_REFERENCE_RE.match(value.strip()):
            problems.append(f"`{path}` holds `{value}`, not a bare `${{VAR:?...}}` reference")
        for pattern in (URL_CREDENTIALS_RE, PASSWORD_FLAG_RE):
            for match in pattern.finditer(value):
                if not SECRET_REFERENCE_RE.match(match.group(1)):
                    problems.append(f"`{path}` has a literal password `{match.group(1)}`")
    return problems


def read_env_example(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip().removeprefix("export ").strip()] = value.strip()
    return values


def check_env_example(document, env_example: Path) -> list[str]:
    if not env_example.is_file():
        return [f"{env_example.name} is missing"]
    listed = read_env_example(env_example)
    problems = [f"`{name}` is used by the compose file but not listed in {env_example.name}"
                for name in sorted(variables_used(document) - listed.keys())]
    problems += [f"{env_example.name} fills in the secret `{name}`; leave it empty"
                 for name, value in listed.items() if SECRET_NAME_RE.search(name) and value]
    return problems


def check_paths_and_volumes(document, base: Path) -> list[str]:
    problems = []
    services = document.get("services") or {}
    declared = set((document.get("volumes") or {}).keys())
    for name, service in services.items():
        service = service or {}
        for volume in service.get("volumes") or []:
            source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":", 1)[0]
            if not source or ":" not in str(volume) and not isinstance(volume, dict):
                continue  # an anonymous volume
            if source.startswith((".", "/")):
                if source.startswith(".") and not (base / source).exists():
                    problems.append(f"service `{name}` mounts `{source}`, which does not exist")
            elif source not in declared:
                problems.append(f"service `{name}` uses volume `{source}`, not declared under `volumes:`")
        build = service.get("build")
        if build is not None:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            if not (base / context / dockerfile).is_file():
                problems.append(f"service `{name}` builds from `{context}/{dockerfile}`, which does not exist")
    return problems


def check_dockerfile(dockerfile: Path) -> list[str]:
    if not dockerfile.is_file():
        return ["Dockerfile is missing"]
    text = dockerfile.read_text(encoding="utf-8")
    args = dict(re.findall(r"^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)", text, re.MULTILINE))
    stages = set(re.findall(r"^FROM\s+\S+\s+AS\s+(\S+)", text, re.MULTILINE | re.IGNORECASE))
    problems = []
    froms = re.findall(r"^FROM\s+(?:--\S+\s+)*(\S+)", text, re.MULTILINE | re.IGNORECASE)
    if len(froms) < 2:
        problems.append("Dockerfile is not multi-stage")
    for image in froms:
        image = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: args.get(m.group(1), m.group(0)), image)
        if image in stages:
            continue
        problem = image_problem(image)
        if problem:
            problems.append(f"Dockerfile FROM {problem}")
    if not re.search(r'^ENTRYPOINT\s+\[\s*"(/usr/local/bin/)?kiln"', text, re.MULTILINE):
        problems.append("Dockerfile's entrypoint is not `kiln`")
    return problems


def check_dockerignore(path: Path) -> list[str]:
    if not path.is_file():
        return [".dockerignore is missing"]
    lines = {line.strip().rstrip("/") for line in path.read_text(encoding="utf-8").splitlines()}
    return [f".dockerignore does not leave out `{entry}`" for entry in (".env", "target", ".git")
            if entry not in lines and f"/{entry}" not in lines]


# -- the checker, checked --------------------------------------------------------------

BROKEN_COMPOSE = {
    "literal password": ("services:\n  db:\n    image: postgres:15.18\n"
                          "    environment:\n      POSTGRES_PASSWORD: hunter2\n", check_no_literal_secrets),
    "password with a default": ("services:\n  db:\n    image: postgres:15.18\n"
                                "    environment:\n      - POSTGRES_PASSWORD=${PW:-hunter2}\n",
                                check_no_literal_secrets),
    "password in a URL": ("services:\n  a:\n    image: a:1\n    environment:\n"
                          "      DB_URL: postgresql://app:hunter2@db:5432/app\n", check_no_literal_secrets),
    "image tagged latest": ("services:\n  a:\n    image: clickhouse/clickhouse-server:latest\n",
                            lambda d: check_images_pinned(d["services"])),
    "image without a tag": ("services:\n  a:\n    image: postgres\n", lambda d: check_images_pinned(d["services"])),
    "no healthcheck": ("services:\n  postgres:\n    image: postgres:15.18\n  clickhouse:\n    image: c:1\n",
                       lambda d: check_healthchecks(d["services"])),
}


def check_the_checker() -> list[str]:
    problems = []
    for case, (text, check) in BROKEN_COMPOSE.items():
        if not check(yaml.safe_load(text)):
            problems.append(f"a compose file with a {case} passed")
    fine = "services:\n  a:\n    image: a:1.2@sha256:" + "0" * 64 + "\n    environment:\n" \
           "      A_PASSWORD: ${A_PASSWORD:?set it}\n      B_URL: http://u:${B_PASSWORD}@b/\n"
    document = yaml.safe_load(fine)
    if check_no_literal_secrets(document) or check_images_pinned(document["services"]):
        problems.append("a compose file with only references and a digest was refused")
    return problems


def main(argv: list[str]) -> int:
    compose_path = Path(argv[0]) if argv else ROOT / "docker-compose.yml"
    base = compose_path.resolve().parent
    report = Report()
    report.check("the checker catches broken compose files", check_the_checker())
    try:
        document = yaml.safe_load(compose_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        report.check(f"{compose_path.name} parses", [str(error)])
        document = None
    if isinstance(document, dict):
        report.check(f"{compose_path.name} parses", [])
        services = document.get("services") or {}
        report.check("services postgres, clickhouse and kiln are defined", check_services(services))
        report.check("every image is pinned to a tag or digest, none to latest", check_images_pinned(services))
        report.check("clickhouse and postgres have healthchecks", check_healthchecks(services))
        report.check("postgres runs with wal_level=logical", check_postgres_logical(services))
        report.check("kiln is built here and runs apply --compile after clickhouse is healthy",
                     check_kiln_service(services))
        report.check("no literal passwords or secrets", check_no_literal_secrets(document))
        report.check(".env.example lists every variable, with no secret filled in",
                     check_env_example(document, base / ".env.example"))
        report.check("mounted files exist and named volumes are declared", check_paths_and_volumes(document, base))
    elif document is not None:
        report.check(f"{compose_path.name} parses", ["the top level is not a mapping"])
    report.check("Dockerfile is multi-stage, pinned, with kiln as entrypoint", check_dockerfile(base / "Dockerfile"))
    report.check(".dockerignore leaves out .env, target/ and .git", check_dockerignore(base / ".dockerignore"))
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
