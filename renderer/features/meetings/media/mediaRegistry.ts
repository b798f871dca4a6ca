/**
 * MediaStreams are live objects, not state: Redux holds what the UI shows about them, and this
 * small store holds the streams themselves for the tiles that render them.
 */
import { useSyncExternalStore } from 'react';

export interface TileMedia {
  camera: MediaStream | null;
  screen: MediaStream | null;
}

const EMPTY: TileMedia = { camera: null, screen: null };
let media = new Map<string, TileMedia>();
const listeners = new Set<() => void>();

function notify() {
  media = new Map(media);
  for (const listener of listeners) listener();
}

export const mediaRegistry = {
  set(id: string, kind: keyof TileMedia, stream: MediaStream | null): void {
    const current = media.get(id) ?? EMPTY;
    if (current[kind] === stream) return;
    media.set(id, { ...current, [kind]: stream });
    notify();
  },
  get(id: string): TileMedia {
    return media.get(id) ?? EMPTY;
  },
  remove(id: string): void {
    if (media.delete(id)) notify();
  },
  clear(): void {
    media.clear();
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  snapshot(): ReadonlyMap<string, TileMedia> {
    return media;
  },
};

export function useTileMedia(id: string): TileMedia {
  const all = useSyncExternalStore(mediaRegistry.subscribe, mediaRegistry.snapshot);
  return all.get(id) ?? EMPTY;
}
