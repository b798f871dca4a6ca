/** What the UI shows about sync (IPC: `sync.status` call and event). */
import { z } from 'zod';

export const SyncStateSchema = z.enum(['disabled', 'synced', 'pending', 'syncing', 'offline', 'error']);
export type SyncState = z.infer<typeof SyncStateSchema>;

export const SyncProgressSchema = z.object({
  /** `reload`: the server's log no longer reaches this install's cursor, so its snapshot loads again. */
  phase: z.enum(['bootstrap', 'reload', 'pull', 'push']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type SyncProgress = z.infer<typeof SyncProgressSchema>;

export const SyncStatusSchema = z.object({
  state: SyncStateSchema,
  /** Local changes the server has not acknowledged yet. */
  pending: z.number().int().nonnegative(),
  /** Why sync is offline or failing, in words for people. */
  error: z.string().nullable(),
  lastSyncedAt: z.number().nullable(),
  /** Set while a large transfer (first bootstrap, a long pull) runs. */
  progress: SyncProgressSchema.nullable(),
  workspaceId: z.string().nullable(),
  server: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const DISABLED_SYNC_STATUS: SyncStatus = {
  state: 'disabled',
  pending: 0,
  error: 'Sync is not configured',
  lastSyncedAt: null,
  progress: null,
  workspaceId: null,
  server: null,
};
