"""The Telegram adapter: turns updates into calls on the core `Runtime` and replies into messages.

One module per job: `app` builds and runs the Application, `handlers` decides which update goes
where, `conversation` answers questions, `commands` and `preferences` serve the other commands,
`rendering` produces Telegram HTML, `keyboards` the inline buttons, `flood` the per-user limit.
"""
