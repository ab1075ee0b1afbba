"""Keep secrets (the bot token, the webhook secret) out of every log record and traceback."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import Any
from urllib.parse import quote

__all__ = ["MASK", "SecretMask", "install_secret_mask", "secret_mask"]

MASK = "********"


class SecretMask(logging.Filter):
    """A filter that replaces every known secret in a record by MASK; it never drops records."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: list[str] = []

    def add(self, secrets: Iterable[str]) -> None:
        """Mask these too (and their URL-quoted forms); empty or short strings are ignored."""
        found = set(self._secrets)
        for secret in secrets:
            # A whole token "<bot id>:<secret>" is masked through its secret part; the id is
            # public (it is the bot's user id) and keeping it helps reading logs.
            part = secret.partition(":")[2] or secret
            if len(part) >= 8:
                found.update({part, quote(part, safe="")})
        self._secrets = sorted(found, key=len, reverse=True)

    def mask(self, text: str) -> str:
        """Return text with every secret replaced by MASK."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record's message, traceback and stack in place; keep the record."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not let the raw arguments through
            message = f"{record.msg!r} % {record.args!r}"
        record.msg, record.args = self.mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # Formatters print exc_text when set; without exc_info none can re-render the raw one.
            record.exc_text, record.exc_info = self.mask(record.exc_text), None
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True


_MASK = SecretMask()
_installed = False


def secret_mask() -> SecretMask:
    """Return the process-wide mask that install_secret_mask feeds."""
    return _MASK


def install_secret_mask(*secrets: str) -> SecretMask:
    """Mask secrets in every log record from now on, whatever its logger, level or handler.

    Records are masked where they are made (the record factory), so handlers added later are
    covered too; handlers that exist now also get the filter, and uncaught exceptions are
    printed masked.
    """
    global _installed
    _MASK.add(secrets)
    if not _installed:
        _installed = True
        make_record = logging.getLogRecordFactory()

        def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            _MASK.filter(record)
            return record

        logging.setLogRecordFactory(masked_record)
        sys.excepthook = _masked_excepthook
        threading.excepthook = _masked_thread_excepthook
    for handler in _all_handlers():
        if _MASK not in handler.filters:
            handler.addFilter(_MASK)
    return _MASK


def _all_handlers() -> list[logging.Handler]:
    loggers: list[Any] = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    return [h for lg in loggers if isinstance(lg, logging.Logger) for h in lg.handlers]


def _masked_thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is not SystemExit:
        _masked_excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def _masked_excepthook(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    sys.stderr.write(_MASK.mask("".join(traceback.format_exception(kind, value, tb))))
