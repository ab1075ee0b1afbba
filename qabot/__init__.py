"""The Telegram front end over the `qa` retriever; `bot.py` builds and runs it."""
