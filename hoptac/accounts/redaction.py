"""Token secrets cut out of log lines (feed addresses carry one in their path). No Django imports: the
logging configuration loads this before the apps."""

from __future__ import annotations

import logging
import re

SECRET_IN_TEXT = re.compile(r"(hoptac_[0-9a-zA-Z]{8}_)[A-Za-z0-9_\-]+")


def redact(text: str) -> str:
    """The text with every token's secret cut off after its prefix, fit for a log line."""
    return SECRET_IN_TEXT.sub(r"\1…", text)


class RedactTokens(logging.Filter):
    """A logging filter that cuts every token's secret out of the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "hoptac_" in message:
            record.msg, record.args = redact(message), ()
        return True
