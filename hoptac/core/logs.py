"""No secret in a log line: API and feed tokens are cut down to their public prefix.

A token can arrive in a query string (`/calendar.ics?token=…`, which access logs write whole), in an
error message or in a traceback. `RedactTokens` is a logging filter on every handler (settings.LOGGING,
and gunicorn's logs through `GunicornLogger`); nginx's own access log leaves out query strings
(deploy/nginx.conf).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# hoptac_<8-hex prefix>_<secret>: the prefix names the token (hoptac token revoke PREFIX); the rest opens it.
_TOKEN = re.compile(r"(hoptac_[0-9A-Za-z]{8}_)[0-9A-Za-z_\-]+")
# Any other credential passed in a query string, whatever its shape.
_QUERY = re.compile(
    r"([?&;](?:token|access_token|api_key|key|password)=)(?!hoptac_)[^&;\s\"']+", re.IGNORECASE
)
HIDDEN = "[redacted]"


def redact(text: str) -> str:
    """The text with every token's secret part replaced."""
    return _QUERY.sub(rf"\g<1>{HIDDEN}", _TOKEN.sub(rf"\g<1>{HIDDEN}", text))


class RedactTokens(logging.Filter):
    """A logging filter that redacts tokens from the message and from the traceback of each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class GunicornLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger (deploy/gunicorn.conf.py) with its access and error logs redacting tokens."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactTokens())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """The access line's values, with tokens redacted from each (a feed address carries one in its path)."""
        values = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in values.items()}
