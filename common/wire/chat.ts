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

/** Adds messages not seen yet, keeps the order by time (then id), and the newest `limit`. */
export function mergeChatHistory(current: readonly ChatMessage[], incoming: readonly ChatMessage[], limit = CHAT_HISTORY_LIMIT): ChatMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) if (!byId.has(message.id)) byId.set(message.id, message);
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
