"""User state in SQLite: users, subscriptions, deliveries, the question log and knowledge history.

This database is separate from the knowledge index, which is derived from the YAML files and
rebuilt at will; what is here cannot be rebuilt, so it only ever changes through migrations.
"""
