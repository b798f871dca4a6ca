/**
 * The one IPC contract between the renderer and the main-process services. The preload API,
 * the Electron ipcMain handlers and the browser-mode host are all derived from this object.
 */
import { z } from 'zod';
import { method, type ApiOf } from './rpc';
import { JoinLinkSchema } from '../links';
import { timerService, trackerEvents, trackerService } from '../tracker/trackerContract';

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
    tracker: trackerService,
    timer: timerService,
  },
  events: {
    'updates.status': UpdateStatusSchema,
    /** A meshwork:// link opened the app (or reached the running instance). */
    'app.joinLink': JoinLinkSchema,
    ...trackerEvents,
  },
} as const;

export type IpcContract = typeof ipcContract;
export type MeshworkApi = ApiOf<IpcContract>;
export type IpcEventName = keyof IpcContract['events'] & string;
