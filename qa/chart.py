"""A picture of the question log: questions per day, share answered, share marked wrong."""

from __future__ import annotations

import io
from datetime import date, timedelta

from .extras import require
from .questionlog import DayCount, LogStats

__all__ = ["daily_series", "stats_png"]


def daily_series(stats: LogStats, days: int, today: date) -> list[DayCount]:
    """Return one count per day from the window's first logged day to today, zero for none."""
    known = {d.day: d for d in stats.days}
    start = today - timedelta(days=days - 1)
    if stats.days:  # a long window over a young log starts at its first day
        start = max(start, min(date.fromisoformat(stats.days[0].day), today))
    out = []
    for n in range((today - start).days + 1):
        day = (start + timedelta(days=n)).isoformat()
        out.append(known.get(day, DayCount(day, 0, 0, 0)))
    return out


def stats_png(stats: LogStats, days: int, today: date) -> bytes:
    """Draw the chart as PNG bytes (matplotlib, Agg backend, labels in plain ASCII).

    Raises:
        ConfigError: matplotlib is not installed.
    """
    require("matplotlib", "drawing the chart")
    # Figure alone needs no GUI backend and no global state: the Agg canvas draws it.
    from matplotlib.dates import DateFormatter, DayLocator
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    series = daily_series(stats, days, today)
    x = [date.fromisoformat(d.day) for d in series]
    answered = [d.answered / d.asked * 100 if d.asked else None for d in series]
    wrong = [d.wrong / d.answered * 100 if d.answered else None for d in series]
    figure = Figure(figsize=(8, 5), dpi=100, layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    top.bar(x, [d.asked for d in series], color="#4c78a8", label="asked")
    top.bar(x, [d.answered for d in series], color="#72b7b2", width=0.5, label="answered")
    top.set_ylabel("questions per day")
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.legend(loc="upper left")
    top.set_title(f"Questions per day, {series[0].day} to {series[-1].day} ({stats.asked} asked)")
    bottom.plot(x, _gaps(answered), marker=".", color="#54a24b", label="answered %")
    bottom.plot(x, _gaps(wrong), marker=".", color="#e45756", label="marked wrong % of answered")
    bottom.set_ylim(0, 105)
    bottom.set_ylabel("share (%)")
    bottom.legend(loc="lower left")
    bottom.grid(alpha=0.3)
    every = max(1, len(series) // 8)
    bottom.xaxis.set_major_locator(DayLocator(interval=every))  # type: ignore[no-untyped-call]
    bottom.xaxis.set_major_formatter(DateFormatter("%m-%d"))  # type: ignore[no-untyped-call]
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _gaps(values: list[float | None]) -> list[float]:
    """None as NaN, which matplotlib leaves as a gap in the line."""
    return [float("nan") if v is None else v for v in values]
