"""The fake Bot API's documents, getFile and downloads, channel posts and forwarded posts,
read by python-telegram-bot's own Bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from fake_botapi import FakeBotAPI
from fake_botapi_files import DEFAULT_CHANNEL_ID, MAX_DOWNLOAD_BYTES
from telegram import Bot, MessageOriginChannel
from telegram.error import BadRequest

pytestmark = pytest.mark.asyncio
TOKEN = "123456:TEST-token"


@pytest_asyncio.fixture
async def bot(server: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN, base_url=f"{server.url}/bot", base_file_url=f"{server.url}/file/bot"
    ) as client:
        yield client


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN) as fake:
        yield fake


async def test_a_sent_document_can_be_fetched_and_downloaded(server: FakeBotAPI, bot: Bot) -> None:
    server.send_document(b"%PDF-1.4 tiny", "报告.pdf", mime_type="application/pdf")
    [update] = await bot.get_updates()
    document = update.message.document if update.message else None
    assert document and (document.file_name, document.file_size) == ("报告.pdf", 13)
    file = await bot.get_file(document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 tiny"


async def test_unknown_and_too_big_files_are_refused(server: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")
    server.send_document(b"0" * (MAX_DOWNLOAD_BYTES + 1), "big.pdf", file_size=100)
    [update] = await bot.get_updates()
    assert update.message and update.message.document
    with pytest.raises(BadRequest, match="File is too big"):
        await bot.get_file(update.message.document.file_id)


async def test_channel_posts_edits_and_forwards(server: FakeBotAPI, bot: Bot) -> None:
    post = server.post_to_channel("夜市开业\n共有摊位80个。", date=1718900000)
    server.edit_channel_post(post, "夜市开业\n共有摊位120个。")
    server.forward_post(post, user_id=1001)
    new, edited, forwarded = await bot.get_updates()
    assert new.channel_post and new.channel_post.chat.username == "binjiang_news"
    assert new.channel_post.from_user is None and new.channel_post.sender_chat
    assert edited.edited_channel_post and edited.edited_channel_post.text.endswith("120个。")
    assert forwarded.message and isinstance(forwarded.message.forward_origin, MessageOriginChannel)
    assert forwarded.message.forward_origin.chat.id == DEFAULT_CHANNEL_ID
    assert forwarded.message.forward_origin.message_id == post["message_id"]
