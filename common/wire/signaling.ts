/**
 * Client <-> signaling server frames on the `/ws` WebSocket, JSON text frames. Every frame is
 * parsed with these schemas where it lands. Order of a session:
 *   hello(token) -> welcome; room.create | room.join | room.resume -> room.joined;
 *   signal / room.* while in the room; room.leave or drop (seat kept for the grace period).
 * Requests may carry `rid`; the reply (`ok`, `error`, `room.joined`, ...) echoes it.
 */
import { z } from 'zod';
import { RoomIdSchema } from '../links';
import { DisplayNameSchema, UserIdSchema, WorkspaceIdSchema } from './auth';

export const SIGNALING_PATH = '/ws';
export const MAX_FRAME_BYTES = 64 * 1024;

/** Close codes the server uses, each with a fixed reason text. */
export const CloseCodes = {
  /** Protocol abuse: too many invalid frames. */
  abuse: 4400,
  /** No token in `hello`, or no `hello` within the auth timeout. */
  unauthenticated: 4401,
  /** The token is malformed or its signature does not verify. */
  tokenInvalid: 4402,
  /** The token was issued for another audience. */
  tokenWrongAudience: 4403,
  /** The token has expired (at hello, or later without a `reauth`). */
  tokenExpired: 4405,
  /** The client could not keep up: its send buffer passed the bound. */
  slowConsumer: 4408,
  /** The same seat was resumed on another connection. */
  replaced: 4409,
  /** Too many frames: the rate limit was exceeded again and again. */
  rateLimited: 4429,
  /** The server is shutting down: reconnect (to another instance) and resume. */
  serverRestart: 1012,
} as const;

export { RoomIdSchema };
export const MemberIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const RoomRoleSchema = z.enum(['host', 'moderator', 'participant', 'guest']);
export type RoomRole = z.infer<typeof RoomRoleSchema>;

const rid = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional();
const secret = z.string().min(1).max(256);

export const AccessRequestSchema = z.discriminatedUnion('kind', [
  /** Members of this workspace (per their token) may join. */
  z.object({ kind: z.literal('workspace'), workspaceId: WorkspaceIdSchema }),
  /** Holders of an invite code made by the host or a moderator may join. */
  z.object({ kind: z.literal('invite') }),
  /** Whoever knows the password may join. */
  z.object({ kind: z.literal('password'), password: z.string().min(4).max(128) }),
]);
export type AccessRequest = z.infer<typeof AccessRequestSchema>;

// No defaults here: `room.presence` sends a partial patch, and a default would silently reset
// every field the client left out.
export const MemberPresenceSchema = z.object({
  status: z.enum(['active', 'away', 'busy']),
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
  handRaised: z.boolean(),
});
export type MemberPresence = z.infer<typeof MemberPresenceSchema>;

export const SignalKindSchema = z.enum(['offer', 'answer', 'ice', 'renegotiate']);
export type SignalKind = z.infer<typeof SignalKindSchema>;

const SdpSchema = z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(60_000) });
const IceCandidateSchema = z.object({
  candidate: z.string().max(2048),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(1024).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

/** What a peer relays to another; the server checks the shape, never the meaning. */
export const SignalPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), description: SdpSchema }),
  z.object({ kind: z.literal('answer'), description: SdpSchema }),
  /** `candidate: null` is the end-of-candidates marker. */
  z.object({ kind: z.literal('ice'), candidate: IceCandidateSchema.nullable() }),
  z.object({ kind: z.literal('renegotiate'), reason: z.string().max(200).optional() }),
]);
export type SignalPayload = z.infer<typeof SignalPayloadSchema>;

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().max(8192).optional(), rid }),
  z.object({ type: z.literal('reauth'), token: z.string().min(1).max(8192), rid }),
  z.object({ type: z.literal('ping'), id: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('room.create'),
    rid,
    access: AccessRequestSchema,
    capacity: z.number().int().min(2).max(1000).optional(),
    locked: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('room.join'),
    rid,
    roomId: RoomIdSchema,
    invite: secret.optional(),
    password: z.string().max(128).optional(),
  }),
  z.object({ type: z.literal('room.resume'), rid, roomId: RoomIdSchema, memberId: MemberIdSchema, resumeToken: secret }),
  z.object({ type: z.literal('room.leave'), rid }),
  z.object({ type: z.literal('room.presence'), rid, presence: MemberPresenceSchema.partial() }),
  z.object({ type: z.literal('room.kick'), rid, memberId: MemberIdSchema }),
  z.object({ type: z.literal('room.lock'), rid, locked: z.boolean() }),
  z.object({ type: z.literal('room.end'), rid }),
  z.object({ type: z.literal('room.transferHost'), rid, memberId: MemberIdSchema }),
  z.object({ type: z.literal('room.setRole'), rid, memberId: MemberIdSchema, role: z.enum(['moderator', 'participant', 'guest']) }),
  z.object({
    type: z.literal('room.invite'),
    rid,
    role: z.enum(['participant', 'guest']).default('participant'),
    ttlSeconds: z.number().int().min(60).max(7 * 24 * 3600).default(24 * 3600),
  }),
  z.object({ type: z.literal('signal'), rid, to: MemberIdSchema, signal: SignalPayloadSchema }),
  z.object({ type: z.literal('ice.config'), rid }),
  /** Live sync: be told (`sync.changed`) whenever this workspace's op log grows. */
  z.object({ type: z.literal('sync.subscribe'), rid, workspaceId: WorkspaceIdSchema }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export type ClientFrameInput = z.input<typeof ClientFrameSchema>;
export type ClientFrameType = ClientFrame['type'];
export const CLIENT_FRAME_TYPES = ClientFrameSchema.options.map((o) => o.shape.type.value);

export const MemberViewSchema = z.object({
  memberId: MemberIdSchema,
  userId: UserIdSchema,
  displayName: DisplayNameSchema,
  role: RoomRoleSchema,
  connection: z.enum(['online', 'reconnecting']),
  presence: MemberPresenceSchema,
  joinedAt: z.number().int(),
});
export type MemberView = z.infer<typeof MemberViewSchema>;

export const RoomViewSchema = z.object({
  roomId: RoomIdSchema,
  access: z.enum(['workspace', 'invite', 'password']),
  workspaceId: z.string().nullable(),
  locked: z.boolean(),
  capacity: z.number().int(),
  members: z.array(MemberViewSchema),
});
export type RoomView = z.infer<typeof RoomViewSchema>;

export const IceServerSchema = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

export const ErrorCodeSchema = z.enum([
  'bad-frame',
  'not-authenticated',
  'already-authenticated',
  'not-in-room',
  'already-in-room',
  'no-such-room',
  'forbidden',
  'room-locked',
  'room-full',
  'banned',
  'bad-password',
  'password-throttled',
  'password-locked',
  'bad-invite',
  'bad-resume',
  'no-such-peer',
  'peer-unavailable',
  'rate-limited',
  'token-mismatch',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    rid,
    user: z.object({ id: UserIdSchema, displayName: DisplayNameSchema }),
    tokenExpiresAt: z.number().int(),
    instanceId: z.string(),
    maxFrameBytes: z.number().int(),
  }),
  z.object({ type: z.literal('reauth.ok'), rid, tokenExpiresAt: z.number().int() }),
  z.object({ type: z.literal('pong'), id: z.number().int().nonnegative(), serverTime: z.number() }),
  z.object({ type: z.literal('ok'), rid }),
  z.object({
    type: z.literal('error'),
    rid,
    code: ErrorCodeSchema,
    message: z.string(),
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal('room.joined'),
    rid,
    room: RoomViewSchema,
    you: z.object({ memberId: MemberIdSchema, role: RoomRoleSchema, resumeToken: z.string() }),
    resumed: z.boolean(),
  }),
  /** The whole room as it is now, sent to every member after each change. */
  z.object({ type: z.literal('room.state'), room: RoomViewSchema }),
  z.object({ type: z.literal('room.left'), rid, roomId: RoomIdSchema, reason: z.enum(['left', 'kicked', 'ended', 'expired']) }),
  z.object({ type: z.literal('room.invite'), rid, code: z.string(), role: z.enum(['participant', 'guest']), expiresAt: z.number().int() }),
  z.object({ type: z.literal('signal'), from: MemberIdSchema, signal: SignalPayloadSchema }),
  z.object({ type: z.literal('ice.config'), rid, iceServers: z.array(IceServerSchema), expiresAt: z.number().int() }),
  /** Sent before a graceful shutdown closes the socket with 1012: reconnect and resume elsewhere. */
  z.object({ type: z.literal('server.draining'), reconnectAfterMs: z.number().int().nonnegative() }),
  /** The workspace's sync log now reaches `cursor`: pull what is new (common/wire/sync.ts). */
  z.object({ type: z.literal('sync.changed'), workspaceId: WorkspaceIdSchema, cursor: z.number().int().nonnegative() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
export type ServerFrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;
