"""/stats' picture: questions per day, share answered and share marked wrong, as a PNG."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Message

from qa import QAError
from qa.chart import stats_png
from qa.questionlog import QuestionLog

__all__ = ["send_chart"]


async def send_chart(message: Message, log: QuestionLog, days: int) -> None:
    """Reply with the chart of the last `days` days, or one line saying why there is none."""
    summary = await asyncio.to_thread(log.stats, days)
    if not summary.asked:
        return
    try:
        png = await asyncio.to_thread(stats_png, summary, days, datetime.now(UTC).date())
    except QAError as e:
        await message.reply_text(f"图表没有生成：{e}")
        return
    caption = f"最近 {days} 天：每天的提问数、回答比例和被标为答错的比例"
    await message.reply_photo(png, caption=caption, filename="stats.png")
