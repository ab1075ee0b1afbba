"""Chat state for the fake Bot API: stored messages, update builders, message-sending methods."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

JSON = dict[str, Any]

DEFAULT_USER_ID = 1001
DEFAULT_GROUP_IDS = {"group": -4001, "supergroup": -1002000000001}

# Same rules as tdlib's match_bot_commands / match_mentions (td/telegram/MessageEntity.cpp).
_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{2,32}(?!\w)")
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """Raised by method handlers to answer with a Bot API error."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def utf16_len(text: str) -> int:
    """Length of text in UTF-16 code units, the unit Telegram uses for entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def auto_entities(text: str) -> list[JSON]:
    """The bot_command and mention entities Telegram would attach to text."""
    found = [("bot_command", m) for m in _COMMAND.finditer(text)]
    found += [("mention", m) for m in _MENTION.finditer(text)]
    found.sort(key=lambda pair: pair[1].start())
    return [
        {"type": kind, "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
        for kind, m in found
    ]


def make_user(user_id: int, first_name: str, username: str | None = None) -> JSON:
    """A human Telegram User object."""
    user: JSON = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": "zh-hans",
    }
    return user | ({"username": username} if username else {})


def make_chat(chat_id: int, chat_type: str, user: JSON) -> JSON:
    """A Chat object; private chats mirror the user, groups get a title."""
    if chat_type == "private":
        keep = ("first_name", "username")
        return {"id": chat_id, "type": "private"} | {k: user[k] for k in keep if k in user}
    return {"id": chat_id, "type": chat_type, "title": f"QA {chat_type}"}


class ChatWorld:
    """Chats, stored messages and update-injection helpers; the host provides push_update."""

    def __init__(self, bot_user: JSON) -> None:
        self.bot_user = bot_user
        self.chats: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._object_ids = itertools.count(1)

    def push_update(self, body: JSON) -> JSON:
        """Queue an update (implemented by the server)."""
        raise NotImplementedError

    def chat(self, chat_id: int | str) -> JSON:
        """A known chat, or a plausible one for an id never seen before."""
        cid = int(chat_id)
        if cid in self.chats:
            return self.chats[cid]
        if cid > 0:
            return {"id": cid, "type": "private", "first_name": "User"}
        return {"id": cid, "type": "supergroup", "title": "QA supergroup"}

    def bot_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Current state of the messages the bot sent (optionally in one chat), oldest first."""
        return [
            m
            for (cid, _), m in self.messages.items()
            if m["from"]["id"] == self.bot_user["id"] and chat_id in (None, cid)
        ]

    def new_message(self, chat: JSON, sender: JSON, **fields: Any) -> JSON:
        """Create and store a message with the chat's next message_id (None fields omitted)."""
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
        message: JSON = {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
        }
        message |= {k: v for k, v in fields.items() if v is not None}
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _incoming(self, chat_id: int | None, chat_type: str, user: JSON, **fields: Any) -> JSON:
        """Store a user's message in a (possibly new) chat and queue it as an update."""
        if chat_id is None:
            chat_id = DEFAULT_GROUP_IDS.get(chat_type, int(user["id"]))
        chat = self.chats.setdefault(chat_id, make_chat(chat_id, chat_type, user))
        message = self.new_message(chat, user, **fields)
        self.push_update({"message": message})
        return message

    def send_text(
        self,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Tester",
        username: str | None = None,
        reply_to_message: JSON | None = None,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """Inject a text message (auto bot_command/mention entities); returns the message dict."""
        found = auto_entities(text) if entities is None else entities
        user = make_user(user_id, first_name, username)
        return self._incoming(
            chat_id,
            chat_type,
            user,
            text=text,
            entities=found or None,
            reply_to_message=_shallow(reply_to_message),
        )

    def send_sticker(
        self,
        emoji: str = "🙂",
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Tester",
    ) -> JSON:
        """Inject a sticker message; returns the message dict."""
        n = next(self._object_ids)
        sticker = {
            "file_id": f"CAACAgIAAxkBAAI{n}",
            "file_unique_id": f"AgADs{n}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "qa_pack",
            "file_size": 20480,
        }
        user = make_user(user_id, first_name)
        return self._incoming(chat_id, chat_type, user, sticker=sticker)

    def send_photo(
        self,
        caption: str | None = None,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Tester",
    ) -> JSON:
        """Inject a photo message (two sizes, optional caption); returns the message dict."""
        n = next(self._object_ids)
        photo = [
            {
                "file_id": f"AgACAgIAAxkBAAI{n}{side}",
                "file_unique_id": f"AQADp{n}{side}",
                "width": side,
                "height": side,
                "file_size": side * 40,
            }
            for side in (90, 320)
        ]
        entities = auto_entities(caption) if caption else None
        return self._incoming(
            chat_id,
            chat_type,
            make_user(user_id, first_name),
            photo=photo,
            caption=caption,
            caption_entities=entities or None,
        )

    def press_button(
        self,
        message: JSON,
        data: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Tester",
    ) -> JSON:
        """Inject a callback_query for a button on message; returns the callback query dict."""
        key = (message["chat"]["id"], message["message_id"])
        query = {
            "id": f"{user_id}{next(self._object_ids):08d}",
            "from": make_user(user_id, first_name),
            "message": self.messages.get(key, message),
            "chat_instance": f"ci{key[0]}",
            "data": data,
        }
        self.push_update({"callback_query": query})
        return query

    def inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Tester",
        offset: str = "",
    ) -> JSON:
        """Inject an inline_query update; returns the inline query dict."""
        inline = {
            "id": f"{user_id}{next(self._object_ids):08d}",
            "from": make_user(user_id, first_name),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        self.push_update({"inline_query": inline})
        return inline

    async def _api_sendmessage(self, params: JSON) -> JSON:
        """Validate the text like Telegram, then store and return the bot's Message."""
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return await self._send(params | {"text": text})

    async def _send(self, params: JSON) -> JSON:
        """Store and return the bot Message for a send* call (uploaded media is not echoed)."""
        chat = self.chat(params["chat_id"])
        reply = params.get("reply_parameters") or {"message_id": params.get("reply_to_message_id")}
        echoed = {k: params.get(k) for k in ("text", "entities", "caption", "caption_entities")}
        replied = self.messages.get((chat["id"], reply["message_id"]))
        return self.new_message(
            chat,
            self.bot_user,
            **echoed,
            reply_markup=_inline_markup(params),
            reply_to_message=_shallow(replied),
        )

    async def _api_editmessagetext(self, params: JSON) -> JSON | bool:
        """Edit a stored message's text."""
        return self._edit(params, text=params.get("text"), entities=params.get("entities"))

    async def _api_editmessagecaption(self, params: JSON) -> JSON | bool:
        """Edit a stored message's caption."""
        return self._edit(
            params, caption=params.get("caption"), caption_entities=params.get("caption_entities")
        )

    async def _api_editmessagereplymarkup(self, params: JSON) -> JSON | bool:
        """Edit a stored message's inline keyboard."""
        return self._edit(params)

    def _edit(self, params: JSON, **changes: Any) -> JSON | bool:
        """Apply an edit to a stored bot message (True for inline messages)."""
        if params.get("inline_message_id"):
            return True
        message = self.messages.get(
            (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        )
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        changes["reply_markup"] = _inline_markup(params)  # omitting it removes the keyboard
        new = {k: v for k, v in changes.items() if v is not None}
        if {k: message.get(k) for k in changes if k in message} == new:
            raise ApiError(400, _NOT_MODIFIED)
        for key in changes:
            message.pop(key, None)
        message.update(new, edit_date=int(time.time()))
        return message


def _shallow(message: JSON | None) -> JSON | None:
    """A replied-to message as Telegram nests it: without its own reply_to_message."""
    return (
        None if message is None else {k: v for k, v in message.items() if k != "reply_to_message"}
    )


def _inline_markup(params: JSON) -> JSON | None:
    """reply_markup as Telegram echoes it in a Message: inline keyboards only."""
    markup = params.get("reply_markup")
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
