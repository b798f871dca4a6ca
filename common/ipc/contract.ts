/**
 * The one IPC contract between the renderer and the main-process services. The preload API,
 * the Electron ipcMain handlers and the browser-mode host are all derived from this object.
 */
import { z } from 'zod';
import { method, type ApiOf } from './rpc';
import { JoinLinkSchema } from '../links';
import { DisplayNameSchema, UserIdSchema } from '../wire/auth';
import { ChatEntrySchema, CHAT_HISTORY_LIMIT } from '../wire/chat';
import { FileSizeSchema, OfferedFileNameSchema, Sha256HexSchema, TransferIdSchema } from '../wire/fileTransfer';
import { RoomIdSchema } from '../wire/signaling';
import { ControllerFrameSchema, DisplayDescriptorSchema, HostFrameSchema, RemoteScopeSchema } from '../wire/remoteControl';
import { timerService, trackerEvents, trackerService } from '../tracker/trackerContract';
import { SyncStatusSchema } from '../sync/status';

export const AppModeSchema = z.enum(['electron', 'browser']);

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: AppModeSchema,
  platform: z.string(),
  runtime: z.object({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
  /** Base URL of the signaling/sync server the install talks to. */
  serverUrl: z.string().nullable(),
  embeddedServer: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ServerHealthSchema = z.object({
  url: z.string().nullable(),
  reachable: z.boolean(),
  latencyMs: z.number().nullable(),
  version: z.string().nullable(),
  error: z.string().nullable(),
  /** The server is reachable but would not let this install in (its join code refused or missing): sync and meetings will fail. */
  accessError: z.string().nullable(),
});
export type ServerHealth = z.infer<typeof ServerHealthSchema>;

export const UpdateStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unsupported'), reason: z.string() }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('up-to-date'), version: z.string() }),
  z.object({
    state: z.literal('downloading'),
    version: z.string(),
    percent: z.number().min(0).max(100),
    bytesPerSecond: z.number().nonnegative(),
  }),
  z.object({ state: z.literal('ready'), version: z.string() }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

const PeerSchema = z.object({ id: z.string().min(1).max(128), name: z.string().min(1).max(100) });

export const RemoteSessionSchema = z.object({
  sessionId: z.string(),
  peerId: z.string(),
  peerName: z.string(),
  /** In effect now (only viewing while another member controls). */
  scopes: z.array(RemoteScopeSchema),
  /** What the person allowed: control can be handed back to this session. */
  allowed: z.array(RemoteScopeSchema),
  controlling: z.boolean(),
  expiresAt: z.number(),
  pausedUntil: z.number().nullable(),
});
export type RemoteSession = z.infer<typeof RemoteSessionSchema>;

export const RemoteAuditEntrySchema = z.object({
  at: z.number(),
  kind: z.string(),
  peerId: z.string(),
  peerName: z.string(),
  sessionId: z.string().nullable(),
  scopes: z.array(RemoteScopeSchema),
  detail: z.string().nullable(),
});
export type RemoteAuditEntry = z.infer<typeof RemoteAuditEntrySchema>;

/** A screen or window the desktop shell can share, offered to this machine's own page to pick. */
export const ScreenSourceSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(300),
  kind: z.enum(['screen', 'window']),
  /** A small PNG/JPEG picture of the source. */
  thumbnail: z
    .string()
    .max(512 * 1024)
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]*$/),
  /** The display a screen source shows (Electron's display_id), for remote control. */
  displayId: z.string().max(64).nullable(),
});
export type ScreenSource = z.infer<typeof ScreenSourceSchema>;

export const ScreenPickRequestSchema = z.object({
  requestId: z.string().max(64),
  sources: z.array(ScreenSourceSchema).max(64),
  /** Whether the OS can capture system audio with it (Windows loopback). */
  audioAvailable: z.boolean(),
});
export type ScreenPickRequest = z.infer<typeof ScreenPickRequestSchema>;

export const ConsentRequestSchema = z.object({
  requestId: z.string(),
  peerId: z.string(),
  peerName: z.string(),
  scopes: z.array(RemoteScopeSchema),
  durationSeconds: z.number().int().positive(),
  note: z.string().nullable(),
});
export type ConsentRequestView = z.infer<typeof ConsentRequestSchema>;

export const ConsentAnswerSchema = z.discriminatedUnion('allow', [
  z.object({ allow: z.literal(true), scopes: z.array(RemoteScopeSchema).min(1), durationSeconds: z.number().int().min(30).max(8 * 3600) }),
  z.object({ allow: z.literal(false), reason: z.string().max(200) }),
]);

export const MeetingTokenSchema = z.object({
  serverUrl: z.string(),
  accessToken: z.string(),
  expiresAt: z.number().int(),
  userId: UserIdSchema,
  displayName: DisplayNameSchema,
});
export type MeetingToken = z.infer<typeof MeetingTokenSchema>;

/**
 * Raw bytes handed to main (file chunks, recording slices). Electron structured-clones the
 * Uint8Array through ipcRenderer.invoke; browser mode sends it as one binary socket frame
 * (`common/ipc/hostWire.ts`). Nothing is base64-encoded, and validating it costs a type check.
 */
export const MAX_BYTES_PER_CALL = 4 * 1024 * 1024;
export const BytesChunkSchema = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength <= MAX_BYTES_PER_CALL, `at most ${MAX_BYTES_PER_CALL} bytes per call`);

export const ReceiveSettingsSchema = z.object({
  folder: z.string(),
  maxBytes: z.number().int(),
  /** Whether main can show a native folder dialog (Electron); browser mode types a path instead. */
  canPickFolder: z.boolean(),
});

export const ReceiveIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/);

export const IncomingFileSchema = z.object({
  /** Sender's member id + transfer id make a resumable receive. */
  peerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  transferId: TransferIdSchema,
  name: OfferedFileNameSchema,
  size: FileSizeSchema,
  sha256: Sha256HexSchema,
  /** What to do when a file of that name exists: ask (fail with `conflict`), keep both, or replace. */
  onExisting: z.enum(['ask', 'rename', 'replace']),
});
export type IncomingFile = z.infer<typeof IncomingFileSchema>;

export const ReceiveStartSchema = z.object({
  receiveId: ReceiveIdSchema,
  fileName: z.string(),
  /** Bytes already on disk from an earlier, interrupted attempt. */
  offset: FileSizeSchema,
});

export const ipcContract = {
  services: {
    app: {
      getInfo: method(z.tuple([]), AppInfoSchema),
    },
    server: {
      getHealth: method(z.tuple([]), ServerHealthSchema),
    },
    updates: {
      getStatus: method(z.tuple([]), UpdateStatusSchema),
      check: method(z.tuple([]), UpdateStatusSchema),
      installAndRestart: method(z.tuple([]), z.void()),
    },
    meetings: {
      /** A signaling token for this person (main holds the server's join code). */
      token: method(z.tuple([DisplayNameSchema, UserIdSchema]), MeetingTokenSchema),
      /** The room's chat as this install keeps it (relayed history marked with who relayed it). */
      chatHistory: method(z.tuple([RoomIdSchema]), z.array(ChatEntrySchema).max(CHAT_HISTORY_LIMIT)),
      chatAppend: method(z.tuple([RoomIdSchema, z.array(ChatEntrySchema).min(1).max(CHAT_HISTORY_LIMIT)]), z.void()),
    },
    /** Files received from meeting members, written by main in chunks. */
    files: {
      settings: method(z.tuple([]), ReceiveSettingsSchema),
      /** Browser mode: a folder path the person typed; main checks it (absolute, a writable directory) and keeps it. */
      setFolder: method(z.tuple([z.string().min(1).max(4096)]), ReceiveSettingsSchema),
      /** Electron: main's native folder dialog; null when the person cancelled. Refused in browser mode. */
      chooseFolder: method(z.tuple([]), ReceiveSettingsSchema.nullable()),
      begin: method(z.tuple([IncomingFileSchema]), ReceiveStartSchema),
      write: method(z.tuple([ReceiveIdSchema, FileSizeSchema, BytesChunkSchema]), z.object({ received: FileSizeSchema })),
      /** Hashes what was written; renames it into place only when the SHA-256 matches. */
      finish: method(z.tuple([ReceiveIdSchema]), z.object({ ok: z.boolean(), path: z.string().nullable(), sha256: z.string() })),
      /** Stops a receive and deletes its partial file. */
      cancel: method(z.tuple([ReceiveIdSchema]), z.void()),
    },
    /** Local recordings of a call, streamed to disk in chunks. */
    recordings: {
      begin: method(z.tuple([z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)]), z.object({ recordingId: ReceiveIdSchema, path: z.string() })),
      write: method(z.tuple([ReceiveIdSchema, BytesChunkSchema]), z.object({ bytes: z.number().int() })),
      finish: method(z.tuple([ReceiveIdSchema]), z.object({ path: z.string(), bytes: z.number().int() })),
    },
    /** Remote control of this machine. Frames from peers pass through; main decides. */
    remote: {
      status: method(
        z.tuple([]),
        z.object({ available: z.boolean(), reason: z.string().nullable(), backend: z.string().nullable(), displays: z.array(DisplayDescriptorSchema) }),
      ),
      /** A frame a peer sent on its remote-control channel. */
      receive: method(
        z.tuple([PeerSchema, ControllerFrameSchema]),
        z.discriminatedUnion('accepted', [z.object({ accepted: z.literal(true) }), z.object({ accepted: z.literal(false), reason: z.string() })]),
      ),
      /** Browser mode only: the local person's answer to a consent request. */
      respond: method(z.tuple([z.string().max(64), ConsentAnswerSchema]), z.void()),
      /** Ends one session, or every session when null (the panic shortcut). */
      revoke: method(z.tuple([z.string().max(64).nullable()]), z.void()),
      /** Hands control to a live session the person allowed to control; the current controller keeps viewing. */
      passControl: method(z.tuple([z.string().max(64)]), z.void()),
      peerGone: method(z.tuple([z.string().min(1).max(128)]), z.void()),
      sessions: method(z.tuple([]), z.array(RemoteSessionSchema)),
      /** The newest entries of this machine's remote-control audit log. */
      audit: method(z.tuple([z.number().int().min(1).max(500)]), z.array(RemoteAuditEntrySchema)),
    },
    /** Desktop shell: the page's answer to "what do you want to share?" (null cancels). */
    screen: {
      pick: method(z.tuple([z.string().max(64), z.string().max(200).nullable(), z.boolean()]), z.void()),
    },
    tracker: trackerService,
    timer: timerService,
    /** Sync of the tracker with the server (synced / N pending / offline / error, progress). */
    sync: {
      status: method(z.tuple([]), SyncStatusSchema),
      /** Starts a sync at once (e.g. "retry now"); answers with the status after it. */
      syncNow: method(z.tuple([]), SyncStatusSchema),
    },
  },
  events: {
    'updates.status': UpdateStatusSchema,
    /** A meshwork:// link opened the app (or reached the running instance). */
    'app.joinLink': JoinLinkSchema,
    /** A frame main wants delivered to a peer's remote-control channel. */
    'remote.send': z.object({ peerId: z.string(), frame: HostFrameSchema }),
    'remote.sessions': z.array(RemoteSessionSchema),
    /** Browser mode: ask the local person (Electron asks with a native dialog instead). */
    'remote.consentRequested': ConsentRequestSchema,
    'remote.consentClosed': z.object({ requestId: z.string() }),
    /** Desktop shell: getDisplayMedia was called; the page shows the sources with thumbnails. */
    'screen.pickRequested': ScreenPickRequestSchema,
    'screen.pickClosed': z.object({ requestId: z.string() }),
    ...trackerEvents,
    'sync.status': SyncStatusSchema,
  },
} as const;

export type IpcContract = typeof ipcContract;
export type MeshworkApi = ApiOf<IpcContract>;
export type IpcEventName = keyof IpcContract['events'] & string;
