"""Drive a real python-telegram-bot Application against the fake Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from fake_botapi import FakeBotAPI
from fake_botapi_updates import auto_entities
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

pytestmark = pytest.mark.asyncio
TOKEN = "123456:TEST-token"
App = Application[Any, Any, Any, Any, Any, Any]


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text back."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def _menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a message with one inline button."""
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("拼音", callback_data="pinyin")]])
    assert update.effective_message is not None
    await update.effective_message.reply_text("选一个", reply_markup=markup)


async def _on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the callback and edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer(f"你选了 {query.data}")
    await query.edit_message_text(f"已选择: {query.data}")


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    """A running fake Bot API server."""
    async with FakeBotAPI(token=TOKEN, bot_username="qa_test_bot") as fake:
        yield fake


@pytest_asyncio.fixture
async def app(server: FakeBotAPI) -> AsyncIterator[App]:
    """A real PTB Application polling the fake server."""
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
        .build()
    )
    application.add_handler(CommandHandler("menu", _menu))
    application.add_handler(CallbackQueryHandler(_on_button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_echo_private_text(server: FakeBotAPI, app: App) -> None:
    """A private text message is echoed to the same chat."""
    sent = server.send_text("你好，“行”怎么读？", user_id=42)
    [reply] = await server.wait_for("sendMessage")
    assert reply["text"] == "你好，“行”怎么读？"
    assert reply["chat_id"] == 42
    assert "reply_parameters" not in reply  # PTB only quotes by default outside private chats
    assert sent["chat"] == {"id": 42, "type": "private", "first_name": "Tester"}
    assert app.bot.username == "qa_test_bot"
    assert [c.method for c in server.calls][:2] == ["getMe", "deleteWebhook"]


async def test_callback_query_is_answered(server: FakeBotAPI, app: App) -> None:
    """Pressing an inline button reaches the CallbackQueryHandler and gets answered."""
    server.send_text("/menu")
    [menu] = await server.wait_for("sendMessage")
    [bot_message] = server.bot_messages(menu["chat_id"])
    assert bot_message["reply_markup"] == menu["reply_markup"]
    query = server.press_button(bot_message, "pinyin")
    [answer] = await server.wait_for("answerCallbackQuery")
    assert answer == {"callback_query_id": query["id"], "text": "你选了 pinyin"}
    [edit] = await server.wait_for("editMessageText")
    assert edit["text"] == "已选择: pinyin"
    assert "reply_markup" not in server.bot_messages()[0]


async def test_survives_get_updates_500(server: FakeBotAPI, app: App) -> None:
    """After a failed getUpdates the polling loop retries and the bot still answers."""
    polls = len(server.sent("getUpdates", include_failed=True))  # incl. the one in flight
    server.fail_next("getUpdates", 500)
    await server.wait_for("getUpdates", count=polls + 1, timeout=3, include_failed=True)
    assert server.calls[-1].fault == "status"  # the next poll got the 500 ...
    server.send_text("还在吗")
    [reply] = await server.wait_for("sendMessage", timeout=5)  # ... PTB backs off 1 s, polls again
    assert reply["text"] == "还在吗"


async def test_wrong_token_is_unauthorized(server: FakeBotAPI) -> None:
    """Requests with another token get Telegram's 401."""
    from telegram import Bot
    from telegram.error import InvalidToken

    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=f"{server.url}/bot"):
            pass


async def test_auto_entities_use_utf16_offsets() -> None:
    """Entity offsets/lengths count UTF-16 code units (astral emoji count as 2)."""
    assert auto_entities("/ask@qa_test_bot 行") == [
        {"type": "bot_command", "offset": 0, "length": 16}
    ]
    assert auto_entities("😀 问 @qa_test_bot") == [{"type": "mention", "offset": 5, "length": 12}]
    assert auto_entities("中文@qa_test_bot") == []


@pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning"
)  # RetryAfter.__init__
async def test_fault_hooks_surface_as_ptb_errors(server: FakeBotAPI) -> None:
    """Injected faults reach PTB as the matching telegram.error exceptions."""
    from telegram import Bot
    from telegram.error import BadRequest, NetworkError, RetryAfter

    async with Bot(TOKEN, base_url=f"{server.url}/bot") as bot:
        server.retry_after("sendMessage", 7)
        with pytest.raises(RetryAfter, match="Retry in 7 seconds"):
            await bot.send_message(42, "慢一点")
        server.fail_next("sendMessage", 400, description="Bad Request: chat not found")
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(42, "x")
        server.drop_next("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(42, "x")
        await server.go_away()
        with pytest.raises(NetworkError):
            await bot.get_me()
        await server.come_back()
        message = await bot.send_message(42, "好了")
        assert message.message_id == 1 and message.from_user and message.from_user.is_bot
    assert server.sent("sendMessage") == [{"chat_id": 42, "text": "好了"}]
    assert [c.status for c in server.calls if c.method == "sendMessage"] == [429, 400, 0, 200]
