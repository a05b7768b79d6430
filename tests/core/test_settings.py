"""Configuration from the environment: embedded defaults, the production switch, loud failures."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


PRINT_SHAPE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='core.settings'; django.setup();"
    "from django.conf import settings as s;"
    "print(s.DATABASES['default']['ENGINE']);"
    "print(s.CHANNEL_LAYERS['default']['BACKEND']);"
    "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL);"
    "print(s.EMAIL_BACKEND)"
)


def test_embedded_defaults_need_no_services():
    result = _run(PRINT_SHAPE, DEBUG="1")
    assert result.returncode == 0, result.stderr
    engine, layer, celery, email = result.stdout.split("\n")[:4]
    assert engine == "django.db.backends.sqlite3"
    assert layer == "channels.layers.InMemoryChannelLayer"
    assert celery == "True memory://"
    assert email == "django.core.mail.backends.console.EmailBackend"


def test_database_and_redis_urls_switch_to_the_production_shape():
    result = _run(
        PRINT_SHAPE,
        DEBUG="1",
        DATABASE_URL="postgres://u:p@db.internal:5432/tsunagu",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp://mailer.internal:25",
    )
    assert result.returncode == 0, result.stderr
    engine, layer, celery, email = result.stdout.split("\n")[:4]
    assert engine == "django.db.backends.postgresql"
    assert layer == "channels_redis.core.RedisChannelLayer"
    assert celery == "False redis://cache.internal:6379/0"
    assert email == "django.core.mail.backends.smtp.EmailBackend"


def test_production_without_a_secret_key_refuses_to_start():
    result = _run(PRINT_SHAPE, DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_fails_loudly():
    result = _run(PRINT_SHAPE, DEBUG="perhaps")
    assert result.returncode != 0


def test_check_deploy_reports_only_the_documented_hsts_preload_warning():
    # The production defaults, not the relaxed ones the test settings put in this environment.
    relaxed = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
               "CSRF_COOKIE_SECURE", "SECRET_KEY"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in relaxed}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    reported = {
        line.split(")")[0].strip("?: (") for line in output.splitlines() if "security." in line
    }
    # W021 (HSTS preload) is opt-in through SECURE_HSTS_PRELOAD=1: see README "Production".
    assert reported <= {"security.W021"}, output


def test_manage_py_works_on_a_fresh_clone_without_any_environment():
    unset = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_asgi_server_still_refuses_to_start_without_a_secret_key():
    result = _run("import core.asgi", DEBUG="", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
