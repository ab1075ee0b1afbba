"""Fake Telegram Bot API HTTP server (aiohttp) for driving a real python-telegram-bot app."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from aiohttp import web
from fake_botapi_files import FilesAndChannels  # tests/ is on sys.path under pytest
from fake_botapi_updates import JSON, ApiError

# Fields PTB sends as plain strings; other string fields are JSON-decoded when possible.
_RAW_STRINGS = (
    "text caption parse_mode callback_query_id inline_query_id action url query data "
    "next_offset inline_message_id language_code secret_token description short_description "
    "name title emoji message_effect_id business_connection_id file_id sticker photo document "
    "audio video voice animation ip_address question explanation first_name last_name "
    "phone_number address payload currency custom_title invite_link"
)
_RAW_STRING_FIELDS = frozenset(_RAW_STRINGS.split())
# send* methods whose result is not a Message.
_NO_MESSAGE = frozenset({"sendchataction", "sendmediagroup"})


@dataclass
class Call:
    """One Bot API request: injected fault kind, HTTP status (None while running, 0 if dropped)."""

    method: str
    params: dict[str, Any]
    fault: str | None = None
    status: int | None = None


@dataclass
class _Fault:
    """A queued fault: kind is 'status', 'retry', 'delay' or 'drop'."""

    kind: str
    value: float = 0
    description: str | None = None


def _error(code: int, description: str, parameters: JSON | None = None) -> web.Response:
    """A Bot API error response."""
    body: JSON = {"ok": False, "error_code": code, "description": description}
    return web.json_response(
        body | ({"parameters": parameters} if parameters else {}), status=code
    )


def _decode(key: str, value: Any) -> Any:
    """Decode a JSON-encoded form value (e.g. reply_markup) to a Python object."""
    if isinstance(value, web.FileField):
        return {
            "filename": value.filename,
            "content_type": value.content_type,
            "data": value.file.read(),
        }
    if not isinstance(value, str) or key in _RAW_STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def _read_params(request: web.BaseRequest) -> JSON:
    """Query string plus JSON, urlencoded or multipart body, decoded."""
    raw: JSON = dict(request.query)
    if request.content_type == "application/json" and request.can_read_body:
        raw |= await request.json()
    elif request.can_read_body:
        raw |= dict(await request.post())
    return {key: _decode(key, value) for key, value in raw.items()}


def _scope_key(params: JSON) -> tuple[str, str]:
    """Key under which a command list is stored: (scope as JSON, language_code)."""
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.get("language_code") or ""


class FakeBotAPI(FilesAndChannels):
    """Fake Bot API on 127.0.0.1: records calls, serves injected updates, injects faults."""

    def __init__(
        self, token: str = "123456:TEST-token", bot_username: str = "qa_test_bot"
    ) -> None:
        super().__init__(
            {
                "id": int(token.split(":")[0]),
                "is_bot": True,
                "first_name": "QA Test Bot",
                "username": bot_username,
            }
        )
        self.token = token
        self.calls: list[Call] = []
        self.webhook: JSON | None = None
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self._updates: deque[JSON] = deque()
        self._next_update_id = 1
        self._faults: dict[str, deque[_Fault]] = {}
        # Seconds every send* call to a chat takes, e.g. a group whose send budget is spent.
        self.slow_chats: dict[int, float] = {}
        self._changed = asyncio.Event()
        self._runner: web.ServerRunner | None = None
        self._port = 0
        self._closing = False

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Root URL; use f"{url}/bot" as PTB base_url and f"{url}/file/bot" as base_file_url."""
        return f"http://127.0.0.1:{self._port}"

    async def start(self) -> None:
        """Start listening on a random free port (or the previous one after go_away)."""
        if self._runner is not None:
            return
        self._closing = False
        self._runner = web.ServerRunner(
            web.Server(self._handle, handler_cancellation=True), shutdown_timeout=0.2
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self._port).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Release pending long polls, then stop listening."""
        self._closing = True
        self._notify()
        await self.go_away()

    async def go_away(self) -> None:
        """Simulate an outage: close the socket and all connections (clients get refused)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def come_back(self) -> None:
        """End an outage: listen again on the same port."""
        await self.start()

    def push_update(self, body: JSON) -> JSON:
        """Queue a raw update body (e.g. {"edited_message": {...}}) with the next update_id."""
        update = {"update_id": self._next_update_id, **body}
        self._next_update_id += 1
        self._updates.append(update)
        self._notify()
        return update

    def sent(self, method: str = "sendMessage", *, include_failed: bool = False) -> list[JSON]:
        """Params of calls to method (any case) answered 200 OK; all of them if include_failed."""
        return [
            c.params
            for c in self.calls
            if c.method.lower() == method.lower() and (include_failed or c.status == HTTPStatus.OK)
        ]

    async def wait_for(
        self,
        method: str = "sendMessage",
        count: int = 1,
        timeout: float = 5.0,
        predicate: Callable[[JSON], bool] | None = None,
        *,
        include_failed: bool = False,
    ) -> list[JSON]:
        """Wait until count matching calls are in sent(); returns all matches so far."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.sent(method, include_failed=include_failed)
            found = [p for p in found if predicate is None or predicate(p)]
            if len(found) >= count:
                return found
            if (left := deadline - time.monotonic()) <= 0:
                seen = [
                    (c.method, c.status, c.params) for c in self.calls if c.method != "getUpdates"
                ]
                raise AssertionError(
                    f"expected {count} {method} call(s), got {len(found)}: {seen}"
                )
            await self._wait_change(left)

    def get_commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """Commands last set with setMyCommands for scope (default scope if None)."""
        return self.commands.get(_scope_key({"scope": scope, "language_code": language_code}), [])

    def _notify(self) -> None:
        """Wake everyone waiting for a new update or call."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, timeout: float) -> None:
        """Sleep until the next update/call or timeout."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)

    def fail_next(
        self, method: str, status: int = 500, count: int = 1, description: str | None = None
    ) -> None:
        """Answer the next count calls to method with an HTTP error status."""
        self._add_fault(method, count, _Fault("status", status, description))

    def retry_after(self, method: str, seconds: int, count: int = 1) -> None:
        """Answer the next count calls to method with 429 Too Many Requests / retry_after."""
        self._add_fault(method, count, _Fault("retry", seconds))

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Handle the next count calls to method only after sleeping seconds."""
        self._add_fault(method, count, _Fault("delay", seconds))

    def drop_next(self, method: str, count: int = 1) -> None:
        """Close the connection of the next count calls to method without any response."""
        self._add_fault(method, count, _Fault("drop"))

    def _add_fault(self, method: str, count: int, fault: _Fault) -> None:
        """Queue fault count times for method."""
        self._faults.setdefault(method.lower(), deque()).extend([fault] * count)

    async def _apply_fault(
        self, fault: _Fault, request: web.BaseRequest
    ) -> web.StreamResponse | None:
        """Respond according to fault; None means carry on handling normally."""
        if fault.kind == "delay":
            await asyncio.sleep(fault.value)
            return None
        if fault.kind == "retry":
            seconds = int(fault.value)
            return _error(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )
        if fault.kind == "drop":
            assert request.transport is not None
            request.transport.abort()
            await asyncio.sleep(3600)  # cancelled by aiohttp once it notices the lost connection
        code = int(fault.value)
        return _error(code, fault.description or HTTPStatus(code).phrase)

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        """Route /bot<token>/<method>; record the call and its final status."""
        parts = request.path.split("/")
        if len(parts) > 3 and parts[1] == "file" and parts[2] == f"bot{self.token}":
            data = self.file_content("/".join(parts[3:]))
            return web.Response(body=data) if data is not None else _error(404, "Not Found")
        if len(parts) != 3 or not parts[1].startswith("bot"):
            return _error(404, "Not Found")
        if parts[1][3:] != self.token:
            return _error(401, "Unauthorized")
        method, params = parts[2], await _read_params(request)
        queue = self._faults.get(method.lower())
        fault = queue.popleft() if queue else None
        call = Call(method, params, fault.kind if fault else None)
        self.calls.append(call)
        self._notify()
        response: web.StreamResponse | None = None
        try:
            response = await self._respond(method, params, fault, request)
            return response
        finally:
            call.status = response.status if response is not None else 0
            self._notify()

    async def _respond(
        self, method: str, params: JSON, fault: _Fault | None, request: web.BaseRequest
    ) -> web.StreamResponse:
        """Apply an injected fault or run the method handler (default: result True)."""
        if fault and (response := await self._apply_fault(fault, request)) is not None:
            return response
        name = method.lower()
        chat = params.get("chat_id")
        if name.startswith("send") and chat is not None and str(chat).lstrip("-").isdigit():
            await asyncio.sleep(self.slow_chats.get(int(chat), 0))
        handler = getattr(self, f"_api_{name}", None)
        if handler is None and name.startswith("send") and name not in _NO_MESSAGE:
            handler = self._send
        try:
            result = await handler(params) if handler else True
        except ApiError as exc:
            return _error(exc.code, exc.description)
        except (KeyError, ValueError, TypeError) as exc:
            return _error(400, f"Bad Request: invalid parameters ({exc!r})")
        return web.json_response({"ok": True, "result": result})

    # Bot API methods: _api_<lowercase name>; unknown methods answer True, unknown send* a Message.
    async def _api_getme(self, params: JSON) -> JSON:
        """The bot's User with the getMe-only capability flags."""
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_getupdates(self, params: JSON) -> list[JSON]:
        """Long polling: confirm updates below offset, wait up to timeout for new ones."""
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        while offset > 0 and self._updates and self._updates[0]["update_id"] < offset:
            self._updates.popleft()
        while offset < 0 and len(self._updates) > -offset:
            self._updates.popleft()
        allowed = params.get("allowed_updates") or None
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            ready = [u for u in self._updates if allowed is None or set(u) & set(allowed)][:limit]
            if ready or self._closing or (left := deadline - time.monotonic()) <= 0:
                return ready
            await self._wait_change(left)

    async def _api_setwebhook(self, params: JSON) -> bool:
        """Record the webhook parameters."""
        self.webhook = params
        return True

    async def _api_deletewebhook(self, params: JSON) -> bool:
        """Forget the webhook; optionally drop pending updates."""
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_getwebhookinfo(self, params: JSON) -> JSON:
        """Webhook state as WebhookInfo."""
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_setmycommands(self, params: JSON) -> bool:
        """Store commands for (scope, language_code)."""
        self.commands[_scope_key(params)] = params.get("commands", [])
        return True

    async def _api_deletemycommands(self, params: JSON) -> bool:
        """Drop commands for (scope, language_code)."""
        self.commands.pop(_scope_key(params), None)
        return True

    async def _api_getmycommands(self, params: JSON) -> list[JSON]:
        """Commands stored for (scope, language_code)."""
        return self.commands.get(_scope_key(params), [])
