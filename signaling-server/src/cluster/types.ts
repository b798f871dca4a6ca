/**
 * The two things instances share: a room store with atomic updates, and a bus that carries
 * deliveries to the instance holding a connection. One in-memory implementation for a single
 * process, one on Redis for several; the room logic above them is the same code either way.
 */
import { z } from 'zod';
import { WorkspaceIdSchema } from '../../../common/wire/auth';
import type { ServerFrame } from '../../../common/wire/signaling';
import type { RoomRecord } from '../rooms/roomRecord';

export interface Mutation<T> {
  /** The room to store; null deletes it; undefined leaves it as it was. */
  room: RoomRecord | null | undefined;
  result: T;
}

export interface RoomStore {
  get(roomId: string): Promise<RoomRecord | null>;
  /**
   * Atomically applies `change` to the room. `change` gets its own copy and must be free of
   * side effects: on a conflicting write elsewhere it runs again on the fresh room.
   */
  update<T>(roomId: string, change: (room: RoomRecord | null) => Mutation<T>): Promise<T>;
  roomIds(): Promise<string[]>;
  count(): Promise<number>;
}

/** A delivery to one connection (session) on one instance. */
export interface Envelope {
  sessionId: string;
  frame?: ServerFrame;
  /** The session is no longer in this room (kicked, ended, expired). */
  detachRoom?: string;
  /** Close the session's socket (its seat was resumed elsewhere). */
  close?: { code: number; reason: string };
  /** When the server received the frame being relayed (ms, for the relay latency histogram). */
  receivedAt?: number;
}

/** News for every instance rather than one session: a workspace's sync log grew on `from`. */
export const ClusterNoticeSchema = z.object({
  type: z.literal('sync.changed'),
  from: z.string().min(1).max(100),
  workspaceId: WorkspaceIdSchema,
  cursor: z.number().int().nonnegative(),
});
export type ClusterNotice = z.infer<typeof ClusterNoticeSchema>;

export interface ClusterBus {
  readonly instanceId: string;
  publish(instanceId: string, envelope: Envelope): Promise<void>;
  onEnvelope(handler: (envelope: Envelope) => void): void;
  /** To every other instance (this one handles its own news itself). */
  broadcast(notice: ClusterNotice): Promise<void>;
  onNotice(handler: (notice: ClusterNotice) => void): void;
  /** Instances that have shown a heartbeat recently (always includes this one). */
  liveInstances(): Promise<Set<string>>;
}

export interface AttemptRecord {
  failures: number;
  /** ms since the epoch */
  lastFailureAt: number;
}

/** Failure counters by key (room-password guesses), shared by every instance of the cluster. */
export interface AttemptStore {
  read(keys: string[]): Promise<Array<AttemptRecord | null>>;
  /** Count one failure for each key; a key is forgotten `ttlMs` after its last failure. */
  recordFailure(keys: string[], now: number, ttlMs: number): Promise<void>;
  clear(keys: string[]): Promise<void>;
}

export interface ClusterBackend {
  store: RoomStore;
  bus: ClusterBus;
  attempts: AttemptStore;
  readonly kind: 'memory' | 'redis';
  close(): Promise<void>;
}
