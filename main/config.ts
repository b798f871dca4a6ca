/** Main-process configuration from the environment, validated once at start. */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { JoinCodeSchema, WorkspaceIdSchema } from '../common/wire/auth';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().url().optional())
  .optional();

const ConfigSchema = z.object({
  MESHWORK_SERVER_URL: optionalUrl,
  MESHWORK_UPDATE_URL: optionalUrl,
  MESHWORK_DATA_DIR: z.string().min(1).optional(),
  MESHWORK_HOST_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  MESHWORK_RECEIVE_DIR: z.string().min(1).optional(),
  MESHWORK_MAX_RECEIVE_BYTES: z.coerce.number().int().min(1).max(2 ** 40).default(4 * 1024 ** 3),
  MESHWORK_JOIN_CODE: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(JoinCodeSchema.optional())
    .optional(),
  MESHWORK_DISPLAY_SCALE: z.coerce.number().min(0.5).max(4).default(1),
  MESHWORK_WORKSPACE: WorkspaceIdSchema.optional(),
});

export interface MainConfig {
  /** A configured remote server; when absent an embedded one is started on 127.0.0.1. */
  serverUrl: string | null;
  updateUrl: string | null;
  dataDir: string;
  hostPort: number;
  /** Join code of a configured server (MESHWORK_SERVER_URL); an embedded server reports its own. */
  joinCode: string | null;
  /** Where files received in meetings are written. */
  receiveDir: string;
  /** Largest file a meeting member may send to this install. */
  maxReceiveBytes: number;
  /** The desktop's scale factor where the OS does not report one (X11 hosts with a scaled desktop). */
  displayScale: number;
  /** The workspace whose tracker data this install syncs with the server. */
  workspaceId: string;
}

export function loadMainConfig(env: NodeJS.ProcessEnv, defaultDataDir = defaultDataDirectory()): MainConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid Meshwork configuration: ${detail}`);
  }
  const c = parsed.data;
  return {
    serverUrl: c.MESHWORK_SERVER_URL ?? null,
    updateUrl: c.MESHWORK_UPDATE_URL ?? null,
    dataDir: path.resolve(c.MESHWORK_DATA_DIR ?? defaultDataDir),
    hostPort: c.MESHWORK_HOST_PORT,
    joinCode: c.MESHWORK_JOIN_CODE ?? null,
    receiveDir: path.resolve(c.MESHWORK_RECEIVE_DIR ?? path.join(c.MESHWORK_DATA_DIR ?? defaultDataDir, 'Received files')),
    maxReceiveBytes: c.MESHWORK_MAX_RECEIVE_BYTES,
    displayScale: c.MESHWORK_DISPLAY_SCALE,
    workspaceId: c.MESHWORK_WORKSPACE ?? 'default',
  };
}

function defaultDataDirectory(): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'meshwork');
}
