/**
 * Meeting chat, peer to peer on the meeting control channel. Messages carry their own id (so
 * history merges without duplicates) and the sender's clock; text is plain text, always
 * rendered as text.
 */
import { z } from 'zod';
import { DisplayNameSchema } from './auth';
import { MemberIdSchema } from './signaling';

export const CHAT_MAX_TEXT = 4000;
export const CHAT_HISTORY_LIMIT = 500;

export const ChatMessageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const ChatMessageSchema = z.object({
  id: ChatMessageIdSchema,
  from: MemberIdSchema,
  fromName: DisplayNameSchema,
  text: z.string().min(1).max(CHAT_MAX_TEXT),
  /** Sender's clock, ms since the epoch. */
  sentAt: z.number().int().nonnegative(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/**
 * A message as this install keeps and shows it. `via` says who handed it over when it did not
 * come straight from its author: history given to a late joiner is only the word of the member
 * who relayed it (they could have written any name or text into it), so it is stored and shown
 * as "history from <via>", with the relayer's name as the signaling server knows it. A message
 * that arrived on its author's own connection, or that this person sent, has `via: null`.
 */
export const ChatEntrySchema = ChatMessageSchema.extend({
  via: z.object({ memberId: MemberIdSchema, name: DisplayNameSchema }).nullable(),
});
export type ChatEntry = z.infer<typeof ChatEntrySchema>;

/** What goes on the wire: the message alone (a receiver decides `via` from the connection). */
export function toChatMessage({ via: _via, ...message }: ChatEntry): ChatMessage {
  return message;
}

/**
 * Adds entries not seen yet, keeps the order by time (then id), and the newest `limit`. A copy
 * from the author's own connection replaces a relayed copy of the same id (the relayed one may
 * have been altered); a relayed copy never replaces anything.
 */
export function mergeChatHistory(current: readonly ChatEntry[], incoming: readonly ChatEntry[], limit = CHAT_HISTORY_LIMIT): ChatEntry[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const entry of incoming) {
    const known = byId.get(entry.id);
    if (!known || (known.via !== null && entry.via === null)) byId.set(entry.id, entry);
  }
  const merged = [...byId.values()].sort((a, b) => a.sentAt - b.sentAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return merged.slice(Math.max(0, merged.length - limit));
}

export type ChatSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * Splits text into plain parts and http(s) links. Only http and https become links (never
 * javascript:, data: or file:); trailing punctuation stays text.
 */
export function linkifyChatText(text: string): ChatSegment[] {
  const segments: ChatSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK_PATTERN)) {
    let raw = match[0];
    const trailing = /[.,;:!?)\]]+$/.exec(raw);
    if (trailing) raw = raw.slice(0, raw.length - trailing[0].length);
    let href: string;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      href = url.toString();
    } catch {
      continue;
    }
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
