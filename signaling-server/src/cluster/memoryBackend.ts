/** Single-process backend: rooms in a Map, deliveries straight to this instance's handler. */
import type { RoomRecord } from '../rooms/roomRecord';
import type { AttemptRecord, AttemptStore, ClusterBackend, ClusterBus, Envelope, Mutation, RoomStore } from './types';

class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, RoomRecord>();

  async get(roomId: string): Promise<RoomRecord | null> {
    return this.rooms.get(roomId) ?? null;
  }

  async update<T>(roomId: string, change: (room: RoomRecord | null) => Mutation<T>): Promise<T> {
    const current = this.rooms.get(roomId);
    // The change works on a copy: if it throws halfway, the stored room is untouched.
    const { room, result } = change(current ? structuredClone(current) : null);
    if (room === null) this.rooms.delete(roomId);
    else if (room !== undefined) this.rooms.set(roomId, room);
    return result;
  }

  async roomIds(): Promise<string[]> {
    return [...this.rooms.keys()];
  }

  async count(): Promise<number> {
    return this.rooms.size;
  }
}

class LocalBus implements ClusterBus {
  private handler: (envelope: Envelope) => void = () => {};

  constructor(readonly instanceId: string) {}

  async publish(instanceId: string, envelope: Envelope): Promise<void> {
    // Only this instance exists; a seat held by another id is from a previous run and has no socket.
    if (instanceId === this.instanceId) this.handler(envelope);
  }

  onEnvelope(handler: (envelope: Envelope) => void): void {
    this.handler = handler;
  }

  /** There are no other instances. */
  async broadcast(): Promise<void> {}

  onNotice(): void {}

  async liveInstances(): Promise<Set<string>> {
    return new Set([this.instanceId]);
  }
}

export class MemoryAttemptStore implements AttemptStore {
  private readonly records = new Map<string, AttemptRecord & { expiresAt: number }>();

  async read(keys: string[]): Promise<Array<AttemptRecord | null>> {
    const now = Date.now();
    return keys.map((key) => {
      const record = this.records.get(key);
      if (record && record.expiresAt <= now) this.records.delete(key);
      return record && record.expiresAt > now ? { failures: record.failures, lastFailureAt: record.lastFailureAt } : null;
    });
  }

  async recordFailure(keys: string[], now: number, ttlMs: number): Promise<void> {
    for (const key of keys) {
      const live = this.records.get(key);
      const failures = live && live.expiresAt > now ? live.failures + 1 : 1;
      this.records.set(key, { failures, lastFailureAt: now, expiresAt: now + ttlMs });
    }
    // Keys come from clients (room x address, room x user): forget expired ones before the map grows.
    if (this.records.size > 50_000) for (const [key, r] of this.records) if (r.expiresAt <= now) this.records.delete(key);
  }

  async clear(keys: string[]): Promise<void> {
    for (const key of keys) this.records.delete(key);
  }

  get size(): number {
    return this.records.size;
  }
}

export function createMemoryBackend(instanceId: string): ClusterBackend {
  return { kind: 'memory', store: new MemoryRoomStore(), bus: new LocalBus(instanceId), attempts: new MemoryAttemptStore(), close: async () => {} };
}
