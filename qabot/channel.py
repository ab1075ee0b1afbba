"""Channel posts as articles: new posts are added, edited posts replace theirs."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime

from telegram import Chat, Message, MessageOriginChannel, Update

from qa import QAError
from qa.ingest import Added, Document, Library, text_document

from .lifecycle import reload_index
from .state import Context

__all__ = ["channel_post", "is_post_url", "post_document", "save_and_reload"]

logger = logging.getLogger(__name__)
_POST_URL = re.compile(r"^https://t\.me/[A-Za-z0-9_]{4,32}/\d+$")


def is_post_url(url: str | None) -> bool:
    """True for the link of a public channel post, https://t.me/<channel>/<id>."""
    return bool(url and _POST_URL.match(url))


def _channel_document(text: str, chat: Chat, message_id: int, date: datetime) -> Document:
    url = f"https://t.me/{chat.username}/{message_id}" if chat.username else None
    return text_document(
        text,
        url or f"post {message_id} of {chat.title or chat.id}",
        date=date.date().isoformat(),
        source=chat.title,
        url=url,
        origin=f"telegram:{chat.id}/{message_id}",
    )


def post_document(message: Message) -> Document:
    """The article of a channel post, or of a post forwarded from a channel.

    Raises:
        SourceError: the post has no text.
    """
    text = message.text or message.caption or ""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        return _channel_document(text, origin.chat, origin.message_id, origin.date)
    return _channel_document(text, message.chat, message.message_id, message.date)


def section_of(chat: Chat) -> str:
    """The corpus subfolder of a channel's posts."""
    return f"telegram/{chat.username or f'c{abs(chat.id)}'}"


async def save_and_reload(
    context: Context, document: Document, section: str, stem: str | None, replace: bool = False
) -> tuple[Added, str | None]:
    """Write the article, then bring the index up to date (both off the event loop).

    Returns what was added and, when the index could not be brought up to date (another file
    of the corpus is broken), why: the article is saved and is searched after the next reload.

    Raises:
        QAError: the corpus folder can't be written, or the document can't be an article.
    """
    library = Library.of(context.bot_data.settings)
    added = await asyncio.to_thread(library.add, document, section, stem, replace=replace)
    if added.status == "duplicate":
        return added, None
    try:
        await reload_index(context.bot_data)
    except QAError as e:
        return added, str(e)
    return added, None


async def channel_post(update: Update, context: Context) -> None:
    """Add a post of a listed channel as an article; an edited post replaces its article."""
    message = update.channel_post or update.edited_channel_post
    if message is None:
        return
    chat = message.chat
    if chat.id not in context.bot_data.settings.channels:
        logger.info(
            "ignored a post of channel %r (id %d): not in QA_CHANNELS", chat.title, chat.id
        )
        return
    if not (message.text or message.caption):
        return  # a photo or a sticker without words: nothing to answer from
    edited = update.edited_channel_post is not None
    try:
        document = post_document(message)
        added, problem = await save_and_reload(
            context, document, section_of(chat), str(message.message_id), replace=edited
        )
    except QAError as e:
        logger.warning("channel post %d of %d not added: %s", message.message_id, chat.id, e)
        return
    logger.info("channel post %s: %s (%d sentences)", added.status, added.id, added.sentences)
    if problem:
        logger.warning("the index was not brought up to date: %s", problem)
