"""No full token in any log line (issue 19, finding 7)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.conf import settings

from hoptac.core.logs import GunicornLogger, RedactTokens, redact

TOKEN = "hoptac_1a2b3c4d_" + "s3cr3t-Part_of-the-token-xyz"


def test_redact_keeps_the_public_prefix_only() -> None:
    line = f'127.0.0.1 "GET /calendar.ics?token={TOKEN}&x=1 HTTP/1.1" 200; Bearer {TOKEN}; /a?key=abc'
    cleaned = redact(line)
    assert "s3cr3t" not in cleaned and "abc" not in cleaned
    assert "hoptac_1a2b3c4d_" in cleaned and "&x=1" in cleaned


def test_a_record_and_its_traceback_are_redacted() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokens())
    logger = logging.getLogger("hoptac.test.logs")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError(f"bad token {TOKEN}")
        except ValueError:
            logger.exception("GET /calendar.ics?token=%s", TOKEN)
    finally:
        logger.removeHandler(handler)
    assert "s3cr3t" not in stream.getvalue() and "hoptac_1a2b3c4d_" in stream.getvalue()


def test_every_configured_handler_redacts() -> None:
    handlers = settings.LOGGING["handlers"]
    assert handlers and all("redact_tokens" in h.get("filters", []) for h in handlers.values())
    for name in ("", "django.request", "django.server"):
        logger = logging.getLogger(name)
        # Only the handlers settings.LOGGING set up (pytest adds its own capturing ones).
        found = [h for h in logger.handlers or logging.getLogger().handlers if h.get_name() in handlers]
        assert found and all(any(isinstance(f, RedactTokens) for f in h.filters) for h in found), name


def test_gunicorn_access_and_error_logs_redact(tmp_path: Path) -> None:
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    logger = GunicornLogger(config)
    logger.access_log.info('"GET /calendar.ics?token=%s HTTP/1.1" 200', TOKEN)
    logger.error("token %s refused", TOKEN)
    for name in ("access.log", "error.log"):
        text = (tmp_path / name).read_text()
        assert "hoptac_1a2b3c4d_" in text and "s3cr3t" not in text, name
    conf = Path(settings.BASE_DIR).parent / "deploy" / "gunicorn.conf.py"
    assert 'logger_class = "hoptac.core.logs.GunicornLogger"' in conf.read_text()
