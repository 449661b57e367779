"""The Telegram adapter: turns updates into calls on the core `Runtime` and replies into messages.

One module per job: `app` builds and runs the Application, `context` holds the typed state
(`ContextTypes`), `guards` the handlers' shared preamble, `handlers` decides which update goes
where, `conversation` answers questions, `commands` and `preferences` serve the other commands,
`menu` the command menus, `media` the messages the bot cannot read, `details` the answer
buttons' views, `inline` inline mode (`@bot question`), `permissions` who may change a group,
`migration` a group's upgrade to a supergroup, `rendering` produces Telegram HTML, `sending`
sends it, `keyboards` builds the inline buttons, `flood` is the per-user limit, `errors` the
global error handler, `logs` keeps the token out of the logs.

Features add their handlers with a plain `register(application, runtime)` call from
`app.build_application`: `briefing/` (the daily brief) and `admin`.
"""

import os

# python-telegram-bot's documented opt-in (v22.2) to its next major version's time periods:
# `RetryAfter.retry_after` is a `timedelta`, not the deprecated int that warns on every 429
# (PTB reads it while building the error). Of the periods it converts, the bot reads only that
# one (`ratelimit.retry_seconds`, which takes either form). An explicit PTB_TIMEDELTA is kept.
os.environ.setdefault("PTB_TIMEDELTA", "true")
