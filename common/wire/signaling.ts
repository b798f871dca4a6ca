/**
 * Client <-> signaling server frames. The server grows this protocol (auth, rooms, relay);
 * every frame is parsed with these schemas where it lands.
 */
import { z } from 'zod';

export const SIGNALING_PATH = '/ws';
export const MAX_FRAME_BYTES = 64 * 1024;

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), id: z.number().int().nonnegative() }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pong'), id: z.number().int().nonnegative(), serverTime: z.number() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
