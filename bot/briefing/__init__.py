"""Daily briefings: composition, delivery times and the scheduler core (no Telegram import)."""
