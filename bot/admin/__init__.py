"""What admins look at: statistics, unanswered questions, the knowledge audit log, and the text
of every admin report.

A package of its own because it reads across the state database and the knowledge store and is
shared by two adapters (the `briefbot` CLI and the Telegram admin commands); `bot/store` keeps
to storing and reading one table at a time.
"""
