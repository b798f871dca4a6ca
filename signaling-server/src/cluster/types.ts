/**
 * The two things instances share: a room store with atomic updates, and a bus that carries
 * deliveries to the instance holding a connection. One in-memory implementation for a single
 * process, one on Redis for several; the room logic above them is the same code either way.
 */
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

export interface ClusterBus {
  readonly instanceId: string;
  publish(instanceId: string, envelope: Envelope): Promise<void>;
  onEnvelope(handler: (envelope: Envelope) => void): void;
  /** Instances that have shown a heartbeat recently (always includes this one). */
  liveInstances(): Promise<Set<string>>;
}

export interface ClusterBackend {
  store: RoomStore;
  bus: ClusterBus;
  readonly kind: 'memory' | 'redis';
  close(): Promise<void>;
}
