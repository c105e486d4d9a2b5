"""Gunicorn's access log without token secrets (a feed address carries one in its path)."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from hoptac.accounts.redaction import redact


class RedactingLogger(Logger):
    """Gunicorn's logger, with every token's secret cut out of the access log's values."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        values = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in values.items()}
