"""docker-compose.yml validates against the Compose specification, offline."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_validates_against_the_compose_spec():
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run(
        [exe, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_the_production_shape_with_healthchecks_and_restarts():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in services[name], name
        assert services[name].get("restart") in {"unless-stopped", "always"}, name
    web_env = services["web"]["environment"]
    assert web_env["DATABASE_URL"].startswith("postgres://")
    assert web_env["REDIS_URL"].startswith("redis://")


def test_compose_web_runs_the_readmes_server_command():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = spec["services"]["web"]
    assert web["command"] == ["bin/serve"]
    assert "\nbin/serve" in (ROOT / "README.md").read_text()
    assert web["environment"]["DEBUG"] == "0"
    assert int(web["environment"]["WEB_WORKERS"].strip("${}").split(":-")[-1]) >= 2


def test_web_and_worker_share_the_media_volume():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    for name in ("web", "worker"):
        assert "media:/app/media" in services[name]["volumes"], name
        assert services[name]["environment"]["MEDIA_ROOT"] == "/app/media", name
    assert "media" in spec["volumes"]
