"""Every repository function in one namespace: ``from storage import repo``.

All take the session first and never commit: the caller opens one transaction per incoming
update (``async with factory() as session, session.begin(): ...``).
"""

from storage.answers import (
    answer_history,
    append_answers,
    current_answers,
    current_answers_for_map,
)
from storage.contributions import (
    StaleStateError,
    contributions_for_map,
    contributions_to_remind,
    erase_contribution,
    find_active_contribution,
    finish_contribution,
    get_contribution,
    latest_contribution,
    mark_reminded,
    record_consent,
    save_contribution_state,
    start_contribution,
)
from storage.conversations import load_conversation, save_conversation
from storage.invites import (
    InviteRefusal,
    create_invite,
    get_invite,
    hash_token,
    list_invites,
    new_invite_token,
    redeem_invite,
    revoke_invite,
)
from storage.maps import (
    add_editor,
    create_map,
    delete_map,
    get_map_for_member,
    list_maps_for_user,
    member_role,
    remove_editor,
)
from storage.updates import claim_update, prune_processed_updates
from storage.users import get_or_create_user, get_user

__all__ = [
    "InviteRefusal",
    "StaleStateError",
    "add_editor",
    "answer_history",
    "append_answers",
    "claim_update",
    "contributions_for_map",
    "contributions_to_remind",
    "create_invite",
    "create_map",
    "current_answers",
    "current_answers_for_map",
    "delete_map",
    "erase_contribution",
    "find_active_contribution",
    "finish_contribution",
    "get_contribution",
    "get_invite",
    "get_map_for_member",
    "get_or_create_user",
    "get_user",
    "hash_token",
    "latest_contribution",
    "list_invites",
    "list_maps_for_user",
    "load_conversation",
    "mark_reminded",
    "member_role",
    "new_invite_token",
    "prune_processed_updates",
    "record_consent",
    "redeem_invite",
    "remove_editor",
    "revoke_invite",
    "save_contribution_state",
    "save_conversation",
    "start_contribution",
]
