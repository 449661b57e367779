"""A group upgraded to a supergroup gets a new chat id: its subscription and settings follow.

Telegram reports the upgrade twice, with `migrate_to_chat_id` in the old group and
`migrate_from_chat_id` in the new supergroup; either one moves the stored state (the second
finds nothing left to move), and the first moves the in-memory chat data too.
"""

from __future__ import annotations

import logging

from telegram import Chat, Message, Update

from bot.telegram.context import Context
from bot.telegram.guards import with_message

log = logging.getLogger(__name__)


@with_message
async def on_migrate(update: Update, context: Context, message: Message, chat: Chat) -> None:
    if message.migrate_to_chat_id is not None:
        old, new = chat.id, message.migrate_to_chat_id
        context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, chat.id
    else:
        return
    if context.runtime.briefing.move_chat(old, new):
        log.info("group %s became supergroup %s: its subscription and settings moved", old, new)
