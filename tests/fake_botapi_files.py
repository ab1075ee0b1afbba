"""Documents, getFile and file downloads, channel posts and forwarded posts for the fake API."""

from __future__ import annotations

import time
from typing import Any

from fake_botapi_updates import DEFAULT_USER_ID, JSON, ApiError, ChatWorld, make_user

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # Telegram's limit for bots downloading a file
DEFAULT_CHANNEL_ID = -1001234567890


class FilesAndChannels(ChatWorld):
    """Files users send (served by getFile and /file/bot<token>/<path>) and channel posts."""

    def __init__(self, bot_user: JSON) -> None:
        super().__init__(bot_user)
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)

    def send_document(
        self,
        data: bytes,
        file_name: str | None,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Tester",
        file_size: int | None = None,
    ) -> JSON:
        """Inject a message carrying a document; file_size may claim more than data holds."""
        n = next(self._object_ids)
        file_id = f"BQACAgIAAxkBAAI{n:04d}"
        self.files[file_id] = (f"documents/file_{n}{_suffix(file_name)}", data)
        document = {
            "file_id": file_id,
            "file_unique_id": f"AgADd{n}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data) if file_size is None else file_size,
        }
        return self._incoming(
            chat_id,
            chat_type,
            make_user(user_id, first_name),
            document={k: v for k, v in document.items() if v is not None},
            caption=caption,
        )

    def file_content(self, file_path: str) -> bytes | None:
        """The content served at /file/bot<token>/<file_path>, if such a file was sent."""
        for path, data in self.files.values():
            if path == file_path:
                return data
        return None

    async def _api_getfile(self, params: JSON) -> JSON:
        """A File with the path to download it from; Telegram refuses files over 20 MB."""
        found = self.files.get(str(params.get("file_id")))
        if found is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = found
        if len(data) > MAX_DOWNLOAD_BYTES:
            raise ApiError(400, "Bad Request: file is too big")
        unique = "AgAD" + str(params["file_id"])[-6:]
        return {
            "file_id": params["file_id"],
            "file_unique_id": unique,
            "file_size": len(data),
            "file_path": path,
        }

    def channel(self, chat_id: int, title: str, username: str | None) -> JSON:
        """A channel chat (public when it has a username)."""
        chat: JSON = {"id": chat_id, "type": "channel", "title": title}
        chat |= {"username": username} if username else {}
        return self.chats.setdefault(chat_id, chat)

    def post_to_channel(
        self,
        text: str,
        *,
        chat_id: int = DEFAULT_CHANNEL_ID,
        title: str = "滨江新闻",
        username: str | None = "binjiang_news",
        date: int | None = None,
    ) -> JSON:
        """Inject a channel_post: a channel message has sender_chat and no from."""
        chat = self.channel(chat_id, title, username)
        message = self.new_message(chat, self.bot_user, text=text)
        del message["from"]
        message["sender_chat"] = chat
        message["date"] = date or message["date"]
        self.push_update({"channel_post": message})
        return message

    def edit_channel_post(self, post: JSON, text: str) -> JSON:
        """Inject an edited_channel_post with new text for a post."""
        post.update(text=text, edit_date=int(time.time()))
        self.push_update({"edited_channel_post": dict(post)})
        return post

    def forward_post(self, post: JSON, **kwargs: Any) -> JSON:
        """A user forwards a channel post to the bot: the text with its forward_origin."""
        message = self.send_text(post["text"], entities=[], **kwargs)
        message["forward_origin"] = {
            "type": "channel",
            "chat": post["chat"],
            "message_id": post["message_id"],
            "date": post["date"],
        }
        return message


def _suffix(name: str | None) -> str:
    return "." + name.rsplit(".", 1)[-1] if name and "." in name else ""
