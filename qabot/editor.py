"""The editor's commands: documents and /add turn into articles, /delete, /synonym, /articles."""

from __future__ import annotations

import asyncio
import html
from functools import partial
from pathlib import PurePath

from telegram import Message, MessageOriginChannel, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from qa import QAError
from qa.ingest import MAX_BYTES, SUFFIXES, Added, Library, read_bytes, text_document

from . import card
from .admin import ADMIN_ONLY, is_admin
from .card import MAX_MESSAGE_CHARS
from .channel import post_document, save_and_reload, section_of
from .handlers import articles_command as reader_articles
from .handlers import private_question, send
from .lifecycle import reload_index
from .limits import capped
from .parsing import command_argument
from .state import Context

__all__ = [
    "add_command",
    "articles_command",
    "delete_command",
    "document_message",
    "forwarded_message",
    "synonym_command",
]

SECTION = "telegram/files"
ADD_USAGE = "用法：/add 后面贴上文章（第一行是标题），或者回复一条转发来的频道消息发送 /add。"
DELETE_USAGE = "用法：/delete 文章id（发送 /articles 查看 id）。"
SYNONYM_USAGE = (
    "用法：/synonym 街道 => 办事处（问题里的“街道”按“办事处”找），"
    "或 /synonym 动工, 开工, 施工（几个词互相当作一样）。/stats 列出读者用了、文章里没有的词。"
)
PRIVATE_ONLY = "请在和机器人的私聊里添加、删除文章或同义词。"
FORWARDED_HINT = (
    "收到转发的消息。要把它加入文章库，请回复这条消息发送 /add；想提问请直接输入问题。"
)
ID_LIST_CUT = (
    "（文章较多，后面还有 {left} 条消息没有显示；在服务器上运行 qa articles 可以看到全部 id。）"
)
UNSUPPORTED = "没有添加：不支持这种文件（{name}）。请发送 .md、.txt、.html、.docx 或 .pdf 文件。"
TOO_LARGE = "没有添加：{name} 太大了（{mb:.1f} MB），机器人最多只能下载 20 MB 的文件。"
_STATUS = {"added": "已添加", "replaced": "已更新", "duplicate": "文章库里已经有这篇文章了"}


def added_text(added: Added, problem: str | None = None) -> str:
    """The reply to an admin: what was added, its date, sentences and id (Telegram HTML)."""
    date = html.escape(added.date) if added.date else "无（可在文件头写 date: 2024-05-18）"
    lines = [
        f"{_STATUS[added.status]}：<b>《{html.escape(added.title)}》</b>",
        f"日期：{date}",
        f"{added.sentences} 句 · id <code>{html.escape(added.id)}</code>",
    ]
    if problem:
        lines.append(
            f"已保存，但索引没有更新（修好后发送 /reload）：{html.escape(problem[:1000])}"
        )
    elif added.status != "duplicate":
        lines.append("现在就可以提问了。")
    return "\n".join(lines)


async def _editor_message(update: Update, context: Context) -> Message | None:
    """The message when an admin sent it in private; others get one line why not."""
    message = update.effective_message
    if message is None:
        return None
    if not is_admin(update, context):
        await message.reply_text(card.NOT_TEXT if message.document else ADMIN_ONLY)
        return None
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(PRIVATE_ONLY)
        return None
    return message


async def document_message(update: Update, context: Context) -> None:
    """Turn a document an admin sent into an article and reply with what was added."""
    message = await _editor_message(update, context)
    if message is None or message.document is None:
        return
    document = message.document
    name = PurePath(document.file_name or "document").name
    if PurePath(name).suffix.lower() not in SUFFIXES:
        await message.reply_text(UNSUPPORTED.format(name=name))
        return
    size = document.file_size or 0
    if size > MAX_BYTES:
        await message.reply_text(TOO_LARGE.format(name=name, mb=size / 2**20))
        return
    try:
        Library.of(context.bot_data.settings)  # a read-only corpus is said before downloading
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
        article = await asyncio.to_thread(read_bytes, data, name)
        added, problem = await save_and_reload(context, article, SECTION, None)
    except QAError as e:
        await message.reply_text(f"没有添加：{e}"[:MAX_MESSAGE_CHARS])
        return
    except TelegramError as e:
        await message.reply_text(f"没有添加：{name} 下载失败（{e.message}）。")
        return
    await message.reply_html(added_text(added, problem))


async def forwarded_message(update: Update, context: Context) -> None:
    """A message forwarded to the bot: admins are told how to add it, anyone else answered."""
    message = update.effective_message
    if message is None or not is_admin(update, context):
        await private_question(update, context)
        return
    # An admin forwarding a post means to add it: answering it as a question only gets in the way.
    send(context, message.chat_id, partial(message.reply_text, FORWARDED_HINT))


async def add_command(update: Update, context: Context) -> None:
    """Add the text after /add, or the forwarded post /add replies to, as an article."""
    message = await _editor_message(update, context)
    if message is None:
        return
    text = command_argument(message.text or "")
    replied = message.reply_to_message
    try:
        if text.strip():
            date = message.date.date().isoformat()
            article = text_document(text, "/add", date=date)
            added, problem = await save_and_reload(context, article, SECTION, None)
        elif replied is not None and (replied.text or replied.caption):
            article = post_document(replied)
            origin = replied.forward_origin
            chat = origin.chat if isinstance(origin, MessageOriginChannel) else replied.chat
            added, problem = await save_and_reload(context, article, section_of(chat), None)
        else:
            await message.reply_text(ADD_USAGE)
            return
    except QAError as e:
        await message.reply_text(f"没有添加：{e}"[:MAX_MESSAGE_CHARS])
        return
    await message.reply_html(added_text(added, problem))


async def _editor_argument(
    update: Update, context: Context, usage: str
) -> tuple[Message, str] | None:
    """An admin's private command and the text after it; the usage line when there is none."""
    message = await _editor_message(update, context)
    if message is None:
        return None
    argument = command_argument(message.text or "").strip()
    if not argument:
        await message.reply_text(usage)
        return None
    return message, argument


async def delete_command(update: Update, context: Context) -> None:
    """Delete the article named after /delete and reload."""
    asked = await _editor_argument(update, context, DELETE_USAGE)
    if asked is None:
        return
    message, article_id = asked
    try:
        library = Library.of(context.bot_data.settings)
        await asyncio.to_thread(library.delete, article_id)
        report = await reload_index(context.bot_data)
    except QAError as e:
        await message.reply_text(f"没有删除：{e}"[:MAX_MESSAGE_CHARS])
        return
    await message.reply_text(f"已删除 {article_id}。{report}")


async def synonym_command(update: Update, context: Context) -> None:
    """Add the rule after /synonym (街道 => 办事处) to synonyms.txt and reload."""
    asked = await _editor_argument(update, context, SYNONYM_USAGE)
    if asked is None:
        return
    message, rule = asked
    try:
        library = Library.of(context.bot_data.settings)
        added = await asyncio.to_thread(library.add_synonym, rule)
        report = await reload_index(context.bot_data) if added.new else ""
    except QAError as e:
        await message.reply_text(f"没有添加：{e}"[:MAX_MESSAGE_CHARS])
        return
    status = "已添加同义词" if added.new else "已经有这条同义词了"
    await message.reply_text(
        f"{status}（synonyms.txt 第 {added.line} 行）：{added.rule}。{report}"
    )


async def articles_command(update: Update, context: Context) -> None:
    """List the articles; admins also see each article's id, for /delete."""
    message = update.effective_message
    if message is None or not is_admin(update, context):
        await reader_articles(update, context)
        return
    # Through the chat's send queue and capped, as readers' lists are: a corpus of thousands
    # of articles would otherwise be hundreds of messages sent at once.
    texts = capped(card.article_ids_list(context.bot_data.retriever.corpus.articles), ID_LIST_CUT)
    send(context, message.chat_id, *(partial(message.reply_html, t) for t in texts))
