/** Server configuration from the environment, validated at start: a bad value stops the server with a clear message. */
import { z } from 'zod';

const ConfigSchema = z.object({
  MESHWORK_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  MESHWORK_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  MESHWORK_SERVER_DATA_DIR: z.string().min(1).optional(),
  MESHWORK_SERVER_EMBEDDED: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  MESHWORK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string | null;
  embedded: boolean;
  logLevel: string;
}

export function loadServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid server configuration: ${detail}`);
  }
  const c = parsed.data;
  return {
    host: c.MESHWORK_SERVER_HOST,
    port: c.MESHWORK_SERVER_PORT,
    dataDir: c.MESHWORK_SERVER_DATA_DIR ?? null,
    embedded: c.MESHWORK_SERVER_EMBEDDED,
    logLevel: c.MESHWORK_LOG_LEVEL,
  };
}
