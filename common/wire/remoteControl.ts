/**
 * Remote control, peer to peer, on its own data channel ("meshwork-remote"). The controller
 * asks, the controlled machine's main process decides, and input is only ever acted on
 * under a live grant. Coordinates are normalised (0..1) over the shared display.
 */
import { z } from 'zod';

export const REMOTE_CHANNEL_LABEL = 'meshwork-remote';

export const RemoteScopeSchema = z.enum(['view', 'pointer', 'keyboard', 'clipboard']);
export type RemoteScope = z.infer<typeof RemoteScopeSchema>;

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const unit = z.number().finite().min(0).max(1);
const ModifierSchema = z.enum(['shift', 'control', 'alt', 'meta']);
const ButtonSchema = z.enum(['left', 'middle', 'right']);

export const DisplayDescriptorSchema = z.object({
  id: z.string().max(64),
  bounds: z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }),
  scaleFactor: z.number().positive().max(8),
  primary: z.boolean(),
});
export type DisplayDescriptor = z.infer<typeof DisplayDescriptorSchema>;

export const RemoteInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pointer-move'), display: z.string().max(64), x: unit, y: unit }),
  z.object({ kind: z.literal('pointer-button'), display: z.string().max(64), x: unit, y: unit, button: ButtonSchema, down: z.boolean() }),
  z.object({ kind: z.literal('wheel'), dx: z.number().int().min(-20).max(20), dy: z.number().int().min(-20).max(20) }),
  z.object({ kind: z.literal('key'), code: z.string().regex(/^[A-Za-z0-9]{1,32}$/), down: z.boolean(), modifiers: z.array(ModifierSchema).max(4) }),
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(512) }),
  z.object({ kind: z.literal('clipboard'), text: z.string().max(64 * 1024) }),
]);
export type RemoteInput = z.infer<typeof RemoteInputSchema>;

/** Which scope an input needs; anything outside the grant is dropped by the host. */
export function scopeForInput(input: RemoteInput): RemoteScope {
  switch (input.kind) {
    case 'pointer-move':
    case 'pointer-button':
    case 'wheel':
      return 'pointer';
    case 'key':
    case 'text':
      return 'keyboard';
    case 'clipboard':
      return 'clipboard';
  }
}

/** Controller -> controlled. */
export const ControllerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('request'),
    requestId: id,
    scopes: z.array(RemoteScopeSchema).min(1).max(4),
    durationSeconds: z.number().int().min(30).max(8 * 3600),
    note: z.string().max(200).optional(),
  }),
  z.object({ type: z.literal('input'), sessionId: id, seq: z.number().int().nonnegative(), event: RemoteInputSchema }),
  z.object({ type: z.literal('ping'), sessionId: id, sentAt: z.number() }),
  z.object({ type: z.literal('stop'), sessionId: id }),
]);
export type ControllerFrame = z.infer<typeof ControllerFrameSchema>;

/** Controlled -> controller. */
export const HostFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('grant'),
    requestId: id,
    sessionId: id,
    scopes: z.array(RemoteScopeSchema).min(1),
    expiresAt: z.number(),
    displays: z.array(DisplayDescriptorSchema).max(16),
  }),
  z.object({ type: z.literal('deny'), requestId: id, reason: z.string().max(200) }),
  z.object({ type: z.literal('revoke'), sessionId: id, reason: z.string().max(200) }),
  /** The session's scopes changed while it stays live: control passed to another member, or back. */
  z.object({ type: z.literal('scopes'), sessionId: id, scopes: z.array(RemoteScopeSchema).min(1), reason: z.string().max(200) }),
  z.object({ type: z.literal('pong'), sessionId: id, sentAt: z.number() }),
  z.object({ type: z.literal('clipboard'), sessionId: id, text: z.string().max(64 * 1024) }),
  z.object({ type: z.literal('error'), message: z.string().max(500) }),
]);
export type HostFrame = z.infer<typeof HostFrameSchema>;
