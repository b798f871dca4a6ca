/** Main-process configuration from the environment, validated once at start. */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

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
});

export interface MainConfig {
  /** A configured remote server; when absent an embedded one is started on 127.0.0.1. */
  serverUrl: string | null;
  updateUrl: string | null;
  dataDir: string;
  hostPort: number;
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
  };
}

function defaultDataDirectory(): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'meshwork');
}
