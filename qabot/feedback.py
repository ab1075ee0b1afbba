"""👍 / 👎 pressed: the vote goes in the question log; after 👎 the next answer, if any."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from telegram import Message, Update

from qa.answer import Answer

from . import card
from .handlers import find_answers, send
from .state import Context
from .votes import answer_keyboard, decode_vote, sentence_tag

__all__ = ["on_vote"]

logger = logging.getLogger(__name__)

THANKS = "谢谢反馈！"
THANKS_DOWN = "谢谢反馈，我们会补充相关文章。"
ALREADY = "你已经评价过这个回答了。"
NEXT_ANSWER = "换一个答案试试："
SEARCH_AHEAD = 3  # answers past the voted one's old place that are looked through


async def _record(
    context: Context, question: str, answer: Answer, user_id: int, helpful: bool
) -> bool:
    """Put the vote in the question log (when it is on); False when the user had voted so."""
    log = context.bot_data.log
    if log is None:
        return True
    try:
        return await asyncio.to_thread(
            log.vote,
            question=question,
            answer=answer.sentence,
            article_id=answer.article.id,
            user_id=user_id,
            helpful=helpful,
        )
    except Exception as e:  # a broken log must not cost the reader the reply
        logger.warning("question log: vote not recorded: %s", e)
        return True


async def on_vote(update: Update, context: Context) -> None:
    """Record a reader's vote (one per user per answer), thank them, and after 👎 show the
    next answer if there is one."""
    query = update.callback_query
    assert query
    vote, message = decode_vote(query.data), query.message
    if vote is None or not isinstance(message, Message):
        await query.answer(card.EXPIRED)
        return
    question = context.bot_data.questions.get(message.chat_id, vote.key)
    if question is None:
        await query.answer(card.EXPIRED)
        return
    # The answers may have moved since the card was sent (an article added): find it by its tag.
    result = await find_answers(context, question, vote.offset + SEARCH_AHEAD)
    tags = [sentence_tag(a.sentence) for a in result.answers]
    if vote.tag not in tags:
        await query.answer(card.EXPIRED)
        return
    shown = tags.index(vote.tag)
    answer = result.answers[shown]
    if not await _record(context, question, answer, query.from_user.id, vote.helpful):
        await query.answer(ALREADY)
        return
    if vote.helpful:
        await query.answer(THANKS)
        return
    following = shown + 1
    if len(result.answers) <= following:
        await query.answer(THANKS_DOWN)
        return
    await query.answer(THANKS)
    text = f"{NEXT_ANSWER}\n" + card.answer_card(result.answers[following], following + 1)
    markup = answer_keyboard(result.answers[following], vote.key, following)
    send(context, message.chat_id, partial(message.reply_html, text, reply_markup=markup))
