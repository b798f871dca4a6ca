/**
 * Who vouches for a chat message. The connection a message arrives on is authenticated (the
 * signaling server only relays a member's offer to the seat it names); the message's own
 * `from` and `fromName` are just what the sender wrote. So:
 * - a live `chat.message` counts only when it names the member whose connection carried it,
 *   and is shown under the name the server knows for that member;
 * - a late joiner's history is the word of the member who sent it: an entry written by that
 *   member is theirs (`via: null`); any other entry is kept as "history from <relayer>"
 *   (`via`), because the relayer could have put any name or text into it. An entry claiming to
 *   be ours is dropped: ours are already in our own store.
 */
import type { ChatEntry, ChatMessage } from '../../../../common/wire/chat';

export interface KnownMember {
  memberId: string;
  /** The display name the signaling server has for the member (from their token). */
  name: string;
}

/** A live message from `sender`'s connection, or null when it claims another author. */
export function entryFromLiveMessage(message: ChatMessage, sender: KnownMember): ChatEntry | null {
  if (message.from !== sender.memberId) return null;
  return { ...message, fromName: sender.name, via: null };
}

/** History handed over by `relayer`, each entry marked with who vouches for it. */
export function entriesFromHistory(messages: readonly ChatMessage[], relayer: KnownMember, selfId: string | null): ChatEntry[] {
  return messages.flatMap((message): ChatEntry[] => {
    if (message.from === relayer.memberId) return [{ ...message, fromName: relayer.name, via: null }];
    if (message.from === selfId) return [];
    return [{ ...message, via: { memberId: relayer.memberId, name: relayer.name } }];
  });
}
