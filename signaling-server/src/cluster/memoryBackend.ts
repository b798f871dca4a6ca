/** Single-process backend: rooms in a Map, deliveries straight to this instance's handler. */
import type { RoomRecord } from '../rooms/roomRecord';
import type { ClusterBackend, ClusterBus, Envelope, Mutation, RoomStore } from './types';

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

  async liveInstances(): Promise<Set<string>> {
    return new Set([this.instanceId]);
  }
}

export function createMemoryBackend(instanceId: string): ClusterBackend {
  return { kind: 'memory', store: new MemoryRoomStore(), bus: new LocalBus(instanceId), close: async () => {} };
}
