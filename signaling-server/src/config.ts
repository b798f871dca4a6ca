/** Server configuration from the environment, validated at start: a bad value stops the server with a clear message. */
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false'])
  .default('0')
  .transform((v) => v === '1' || v === 'true');
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const urlList = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^(stun|turns?):[^\s]+$/, 'must be stun:, turn: or turns: URLs')));

const ConfigSchema = z
  .object({
    MESHWORK_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
    MESHWORK_SERVER_PORT: int(0, 65535, 8787),
    MESHWORK_SERVER_DATA_DIR: z.string().min(1).optional(),
    MESHWORK_SERVER_EMBEDDED: bool,
    MESHWORK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MESHWORK_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    // Auth
    MESHWORK_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    MESHWORK_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    MESHWORK_JOIN_CODE: z.string().regex(/^[A-Z0-9]{6,32}$/, 'must be 6-32 capital letters or digits').optional(),
    MESHWORK_TOKEN_AUDIENCE: z.string().min(1).default('meshwork-signaling'),
    MESHWORK_TOKEN_ISSUER: z.string().min(1).default('meshwork'),
    MESHWORK_ACCESS_TOKEN_TTL_SECONDS: int(10, 24 * 3600, 900),
    MESHWORK_REFRESH_TOKEN_TTL_SECONDS: int(60, 90 * 24 * 3600, 7 * 24 * 3600),
    MESHWORK_AUTH_TIMEOUT_MS: int(100, 60_000, 5000),
    // Rooms
    MESHWORK_ROOM_CAPACITY: int(2, 1000, 6),
    MESHWORK_ROOM_MAX_CAPACITY: int(2, 1000, 50),
    MESHWORK_SEAT_GRACE_MS: int(0, 3_600_000, 30_000),
    MESHWORK_SWEEP_INTERVAL_MS: int(50, 60_000, 1000),
    MESHWORK_PASSWORD_FREE_ATTEMPTS: int(1, 100, 3),
    MESHWORK_PASSWORD_MAX_ATTEMPTS: int(1, 1000, 10),
    MESHWORK_PASSWORD_LOCKOUT_MS: int(1000, 24 * 3_600_000, 15 * 60_000),
    // ICE
    MESHWORK_STUN_URLS: urlList,
    MESHWORK_TURN_URLS: urlList,
    MESHWORK_TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    MESHWORK_TURN_TTL_SECONDS: int(60, 24 * 3600, 600),
    // Abuse limits
    MESHWORK_MAX_FRAME_BYTES: int(1024, 1024 * 1024, 64 * 1024),
    MESHWORK_CONN_RATE_PER_SEC: int(1, 1_000_000, 50),
    MESHWORK_CONN_BURST: int(1, 1_000_000, 200),
    MESHWORK_IP_RATE_PER_SEC: int(1, 10_000_000, 500),
    MESHWORK_IP_BURST: int(1, 10_000_000, 2000),
    MESHWORK_MAX_CONNECTIONS_PER_IP: int(1, 1_000_000, 50),
    MESHWORK_MAX_INVALID_FRAMES: int(1, 100_000, 50),
    MESHWORK_HEARTBEAT_MS: int(100, 600_000, 20_000),
    MESHWORK_MAX_BUFFERED_BYTES: int(16 * 1024, 1024 * 1024 * 1024, 1024 * 1024),
    // Scale-out
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    MESHWORK_DRAIN_MS: int(0, 60_000, 500),
    // Sync storage: PostgreSQL when DATABASE_URL is set, else a SQLite file.
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    MESHWORK_SYNC_DB: z.string().min(1).optional(),
    // The newest ops kept in each workspace's log; older ones are deleted, and an install that
    // far behind loads the snapshot again. 0 keeps the whole log.
    MESHWORK_SYNC_KEEP_OPS: int(0, Number.MAX_SAFE_INTEGER, 1_000_000),
  })
  .superRefine((c, ctx) => {
    const embedded = c.MESHWORK_SERVER_EMBEDDED === true;
    if (!embedded && !c.MESHWORK_TOKEN_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['MESHWORK_TOKEN_SECRET'],
        message: 'is required for a standalone server (32+ characters); the embedded server generates its own',
      });
    }
    if (c.MESHWORK_TURN_URLS.length > 0 && !c.MESHWORK_TURN_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['MESHWORK_TURN_SECRET'], message: 'is required when MESHWORK_TURN_URLS is set' });
    }
    if (c.MESHWORK_ROOM_CAPACITY > c.MESHWORK_ROOM_MAX_CAPACITY) {
      ctx.addIssue({ code: 'custom', path: ['MESHWORK_ROOM_CAPACITY'], message: 'must not exceed MESHWORK_ROOM_MAX_CAPACITY' });
    }
    if (c.MESHWORK_PASSWORD_FREE_ATTEMPTS > c.MESHWORK_PASSWORD_MAX_ATTEMPTS) {
      ctx.addIssue({ code: 'custom', path: ['MESHWORK_PASSWORD_FREE_ATTEMPTS'], message: 'must not exceed MESHWORK_PASSWORD_MAX_ATTEMPTS' });
    }
  });

export interface RateConfig {
  perSecond: number;
  burst: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string | null;
  embedded: boolean;
  logLevel: string;
  instanceId: string | null;
  auth: {
    /** Null on an embedded server until it generates one at start. */
    secret: string | null;
    adminKey: string | null;
    /** The LAN join code (embedded servers generate one when unset). */
    joinCode: string | null;
    audience: string;
    issuer: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    authTimeoutMs: number;
  };
  rooms: {
    defaultCapacity: number;
    maxCapacity: number;
    seatGraceMs: number;
    sweepIntervalMs: number;
    password: { freeAttempts: number; maxAttempts: number; lockoutMs: number };
  };
  ice: { stunUrls: string[]; turnUrls: string[]; turnSecret: string | null; turnTtlSeconds: number };
  limits: {
    maxFrameBytes: number;
    perConnection: RateConfig;
    perIp: RateConfig;
    maxConnectionsPerIp: number;
    maxInvalidFrames: number;
    heartbeatMs: number;
    maxBufferedBytes: number;
  };
  redisUrl: string | null;
  drainMs: number;
  sync: {
    /** PostgreSQL connection URL; null: SQLite at `sqliteFile`. */
    databaseUrl: string | null;
    sqliteFile: string;
    /** Ops kept per workspace log (0: all of them). */
    keepOps: number;
  };
}

export function loadServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  // An empty variable means unset, as shells and service managers tend to write it.
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
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
    instanceId: c.MESHWORK_INSTANCE_ID ?? null,
    auth: {
      secret: c.MESHWORK_TOKEN_SECRET ?? null,
      adminKey: c.MESHWORK_ADMIN_KEY ?? null,
      joinCode: c.MESHWORK_JOIN_CODE ?? null,
      audience: c.MESHWORK_TOKEN_AUDIENCE,
      issuer: c.MESHWORK_TOKEN_ISSUER,
      accessTtlSeconds: c.MESHWORK_ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: c.MESHWORK_REFRESH_TOKEN_TTL_SECONDS,
      authTimeoutMs: c.MESHWORK_AUTH_TIMEOUT_MS,
    },
    rooms: {
      defaultCapacity: c.MESHWORK_ROOM_CAPACITY,
      maxCapacity: c.MESHWORK_ROOM_MAX_CAPACITY,
      seatGraceMs: c.MESHWORK_SEAT_GRACE_MS,
      sweepIntervalMs: c.MESHWORK_SWEEP_INTERVAL_MS,
      password: {
        freeAttempts: c.MESHWORK_PASSWORD_FREE_ATTEMPTS,
        maxAttempts: c.MESHWORK_PASSWORD_MAX_ATTEMPTS,
        lockoutMs: c.MESHWORK_PASSWORD_LOCKOUT_MS,
      },
    },
    ice: {
      stunUrls: c.MESHWORK_STUN_URLS,
      turnUrls: c.MESHWORK_TURN_URLS,
      turnSecret: c.MESHWORK_TURN_SECRET ?? null,
      turnTtlSeconds: c.MESHWORK_TURN_TTL_SECONDS,
    },
    limits: {
      maxFrameBytes: c.MESHWORK_MAX_FRAME_BYTES,
      perConnection: { perSecond: c.MESHWORK_CONN_RATE_PER_SEC, burst: c.MESHWORK_CONN_BURST },
      perIp: { perSecond: c.MESHWORK_IP_RATE_PER_SEC, burst: c.MESHWORK_IP_BURST },
      maxConnectionsPerIp: c.MESHWORK_MAX_CONNECTIONS_PER_IP,
      maxInvalidFrames: c.MESHWORK_MAX_INVALID_FRAMES,
      heartbeatMs: c.MESHWORK_HEARTBEAT_MS,
      maxBufferedBytes: c.MESHWORK_MAX_BUFFERED_BYTES,
    },
    redisUrl: c.REDIS_URL ?? null,
    drainMs: c.MESHWORK_DRAIN_MS,
    sync: {
      databaseUrl: c.DATABASE_URL ?? null,
      sqliteFile: c.MESHWORK_SYNC_DB ?? `${c.MESHWORK_SERVER_DATA_DIR ?? '.'}/sync.sqlite`,
      keepOps: c.MESHWORK_SYNC_KEEP_OPS,
    },
  };
}
