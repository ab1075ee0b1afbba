"""👍 / 👎 pressed: the vote goes in the question log; after 👎 the next answer, if any."""

from __future__ import annotations

import asyncio

from telegram import Message, Update

from . import card
from .handlers import deliver, find_answers
from .state import Context
from .votes import answer_keyboard, decode_vote

__all__ = ["on_vote"]

THANKS = "谢谢反馈！"
THANKS_DOWN = "谢谢反馈，我们会补充相关文章。"
ALREADY = "你已经评价过这个回答了。"
NEXT_ANSWER = "换一个答案试试："


async def on_vote(update: Update, context: Context) -> None:
    """Record a reader's vote (one per user per answer), thank them, and after 👎 show the
    next answer if there is one."""
    query = update.callback_query
    assert query
    vote, message = decode_vote(query.data), query.message
    state = context.bot_data
    question = state.questions.get(vote.key) if vote else None
    if vote is None or question is None or not isinstance(message, Message):
        await query.answer(card.EXPIRED)
        return
    result = await find_answers(context, question, vote.offset + 2)
    if len(result.answers) <= vote.offset:
        await query.answer(card.EXPIRED)
        return
    answer = result.answers[vote.offset]
    new = True
    if state.log is not None:
        new = await asyncio.to_thread(
            state.log.vote,
            question=question,
            answer=answer.sentence,
            article_id=answer.article.id,
            user_id=query.from_user.id,
            helpful=vote.helpful,
        )
    if not new:
        await query.answer(ALREADY)
        return
    if vote.helpful:
        await query.answer(THANKS)
        return
    following = vote.offset + 1
    if len(result.answers) <= following:
        await query.answer(THANKS_DOWN)
        return
    await query.answer(THANKS)
    text = f"{NEXT_ANSWER}\n" + card.answer_card(result.answers[following], following + 1)
    markup = answer_keyboard(result.answers[following], vote.key, following)
    await deliver(lambda: message.reply_html(text, reply_markup=markup))
