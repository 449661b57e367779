"""A group upgraded to a supergroup gets a new chat id: its subscription and settings follow.

Telegram reports the upgrade twice, with `migrate_to_chat_id` in the old group and
`migrate_from_chat_id` in the new supergroup; either one moves the stored state (the second
finds nothing left to move), and the first moves the in-memory chat data too. The stored
state moves off the event loop (`Runtime.move_chat`): a service message waits for no reply,
so a lock held elsewhere delays the move instead of failing it.
"""

from __future__ import annotations

from telegram import Chat, Message, Update

from bot.telegram.context import Context
from bot.telegram.guards import with_message


@with_message
async def on_migrate(update: Update, context: Context, message: Message, chat: Chat) -> None:
    if message.migrate_to_chat_id is not None:
        old, new = chat.id, message.migrate_to_chat_id
        context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, chat.id
    else:
        return
    context.runtime.move_chat(old, new)
