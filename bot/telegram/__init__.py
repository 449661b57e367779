"""The Telegram adapter: turns updates into calls on the core `Runtime` and replies into messages.

One module per job: `app` builds and runs the Application, `handlers` decides which update goes
where, `conversation` answers questions, `commands` and `preferences` serve the other commands,
`media` the messages the bot cannot read, `details` the answer buttons' views, `rendering`
produces Telegram HTML, `sending` sends it, `keyboards` builds the inline buttons, `flood` is the
per-user limit, `errors` the global error handler, `logs` keeps the token out of the logs.

Other features plug in through `register(application, runtime)` in `bot/telegram/briefing.py`
and `bot/telegram/admin.py` (see `app.register_extensions`).
"""
