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

export const HostReplyFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: RpcResultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  /** Sent for a frame that could not be read at all (no id to answer). */
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type HostReplyFrame = z.infer<typeof HostReplyFrameSchema>;
