/**
 * Browser mode only: the frames that carry the IPC contract over the host's WebSocket.
 * Electron uses ipcRenderer.invoke for the same calls; the payloads are identical.
 */
import { z } from 'zod';
import { RpcResultSchema } from './rpc';

/** The host accepts a socket only when it offers this subprotocol plus the launch token. */
export const HOST_SUBPROTOCOL = 'meshwork.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'meshwork-token.';
export const HOST_SOCKET_PATH = '/ipc';
/** The stdout line the host prints once ready (followed by the URL with token); tools and tests read it. */
export const HOST_READY_LINE_PREFIX = 'Meshwork browser mode is running at ';

export const HostCallFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  args: z.array(z.unknown()).max(32),
});
export type HostCallFrame = z.infer<typeof HostCallFrameSchema>;

/**
 * A call with one argument of raw bytes (a file chunk, a recording slice) travels as one binary
 * frame instead of JSON, so megabytes are neither base64-encoded nor copied into strings:
 *   uint32 (big-endian) header length | header: UTF-8 JSON call frame | the bytes.
 * The header's `binaryArg` names the argument the bytes stand for (its slot in `args` is null).
 */
export const HostBinaryCallHeaderSchema = HostCallFrameSchema.extend({
  binaryArg: z.number().int().min(0).max(31),
});
export type HostBinaryCallHeader = z.infer<typeof HostBinaryCallHeaderSchema>;

/** Largest header of a binary frame; the rest of the frame is the bytes. */
export const MAX_BINARY_HEADER_BYTES = 4096;

/** The frame for a call with bytes, or null for one without; written into `into` when it is large enough. */
export function encodeBinaryCall(id: number, channel: string, args: readonly unknown[], into?: ArrayBuffer): Uint8Array<ArrayBuffer> | null {
  const binaryArg = args.findIndex((a) => a instanceof Uint8Array);
  if (binaryArg < 0) return null;
  const bytes = args[binaryArg] as Uint8Array;
  const header: HostBinaryCallHeader = { type: 'call', id, channel, args: args.map((a, i) => (i === binaryArg ? null : a)), binaryArg };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  if (headerBytes.byteLength > MAX_BINARY_HEADER_BYTES) throw new Error('IPC call header too large');
  const length = 4 + headerBytes.byteLength + bytes.byteLength;
  const frame = into && into.byteLength >= length ? new Uint8Array(into, 0, length) : new Uint8Array(length);
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength);
  frame.set(headerBytes, 4);
  frame.set(bytes, 4 + headerBytes.byteLength);
  return frame;
}

/** The call a binary frame carries, with the bytes (a view into `frame`) back in their slot. */
export function decodeBinaryCall(frame: Uint8Array): HostCallFrame | { error: string } {
  if (frame.byteLength < 4) return { error: 'Binary frame shorter than its length prefix' };
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  if (headerLength > MAX_BINARY_HEADER_BYTES || 4 + headerLength > frame.byteLength) return { error: 'Bad binary frame header length' };
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + headerLength)));
  } catch {
    return { error: 'Binary frame header is not valid JSON' };
  }
  const header = HostBinaryCallHeaderSchema.safeParse(raw);
  if (!header.success || header.data.binaryArg >= header.data.args.length) return { error: 'Binary frame header does not match the call format' };
  const { binaryArg, ...call } = header.data;
  call.args[binaryArg] = frame.subarray(4 + headerLength);
  return call;
}

export const HostReplyFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: RpcResultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  /** Sent for a frame that could not be read at all (no id to answer). */
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type HostReplyFrame = z.infer<typeof HostReplyFrameSchema>;
