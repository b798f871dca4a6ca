/**
 * The meeting control channel between two members (simple-peer's own data channel): JSON text
 * messages for chat, chat history for late joiners, recording notices and file-transfer control.
 * Every message is parsed with this schema where it lands; anything else is dropped.
 */
import { z } from 'zod';
import { CHAT_HISTORY_LIMIT, ChatMessageSchema } from './chat';
import { FileControlSchema } from './fileTransfer';

export const MEETING_CHANNEL_LABEL = 'meshwork-meeting';
/** Control messages are small; anything larger is refused before parsing. */
export const MEETING_MESSAGE_MAX_BYTES = 200 * 1024;

export const MeetingMessageSchema = z.union([
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('chat.message'), message: ChatMessageSchema }),
    /** A member that just connected asks what was said before it came. */
    z.object({ type: z.literal('chat.history.request') }),
    z.object({ type: z.literal('chat.history'), messages: z.array(ChatMessageSchema).max(CHAT_HISTORY_LIMIT) }),
    /** Every member is told when someone starts or stops recording the call. */
    z.object({ type: z.literal('recording'), recording: z.boolean() }),
  ]),
  FileControlSchema,
]);
export type MeetingMessage = z.infer<typeof MeetingMessageSchema>;

export type ParsedMeetingMessage = { ok: true; message: MeetingMessage } | { ok: false; error: string };

export function parseMeetingMessage(raw: string): ParsedMeetingMessage {
  if (raw.length > MEETING_MESSAGE_MAX_BYTES) return { ok: false, error: 'Message too large' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'Message is not JSON' };
  }
  const parsed = MeetingMessageSchema.safeParse(json);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, error: `Unknown message: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}
