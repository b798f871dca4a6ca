/**
 * Several server processes sharing rooms through Redis (ioredis). Each room is one JSON value
 * updated by compare-and-set (a small Lua script), so concurrent joins on two instances cannot
 * both take the last seat. Deliveries go over pub/sub to the channel of the instance holding
 * the target connection, and news for all (a workspace's sync log grew) over one shared channel;
 * instances announce themselves in a sorted set by heartbeat so others
 * can tell when one died and hold its members' seats for the grace period.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RoomRecord } from '../rooms/roomRecord';
import { ClusterNoticeSchema, type AttemptRecord, type AttemptStore, type ClusterBackend, type ClusterBus, type ClusterNotice, type Envelope, type Mutation, type RoomStore } from './types';

const PREFIX = 'meshwork:';
const ROOM_SET = `${PREFIX}rooms`;
const INSTANCE_SET = `${PREFIX}instances`;
const roomKey = (roomId: string) => `${PREFIX}room:${roomId}`;
const channelOf = (instanceId: string) => `${PREFIX}deliver:${instanceId}`;
const NOTICE_CHANNEL = `${PREFIX}notice`;
const attemptKey = (key: string) => `${PREFIX}attempts:${key}`;

const HEARTBEAT_MS = 1000;
const INSTANCE_TTL_MS = 4000;
const MAX_CAS_RETRIES = 50;

// KEYS[1] room key, KEYS[2] room set; ARGV[1] expected value ('' = absent), ARGV[2] new value ('' = delete), ARGV[3] room id.
const CAS_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
end
return 1`;

type CasRedis = Redis & { roomCas(key: string, set: string, expected: string, next: string, roomId: string): Promise<number> };

/** Envelopes come from other instances of ours, but are parsed anyway: Redis is a shared resource. */
const EnvelopeSchema = z.object({
  sessionId: z.string(),
  frame: z.any().optional(),
  detachRoom: z.string().optional(),
  close: z.object({ code: z.number().int(), reason: z.string() }).optional(),
  receivedAt: z.number().optional(),
});

class RedisRoomStore implements RoomStore {
  constructor(private readonly redis: CasRedis) {}

  async get(roomId: string): Promise<RoomRecord | null> {
    const raw = await this.redis.get(roomKey(roomId));
    return raw ? (JSON.parse(raw) as RoomRecord) : null;
  }

  async update<T>(roomId: string, change: (room: RoomRecord | null) => Mutation<T>): Promise<T> {
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const raw = (await this.redis.get(roomKey(roomId))) ?? '';
      const { room, result } = change(raw ? (JSON.parse(raw) as RoomRecord) : null);
      if (room === undefined) return result;
      const next = room === null ? '' : JSON.stringify(room);
      if (next === raw) return result;
      if ((await this.redis.roomCas(roomKey(roomId), ROOM_SET, raw, next, roomId)) === 1) return result;
    }
    throw new Error(`room ${roomId}: too much write contention`);
  }

  roomIds(): Promise<string[]> {
    return this.redis.smembers(ROOM_SET);
  }

  count(): Promise<number> {
    return this.redis.scard(ROOM_SET);
  }
}

/** Each key is a hash {failures, last} that expires `ttlMs` after its last failure. */
class RedisAttemptStore implements AttemptStore {
  constructor(private readonly redis: Redis) {}

  async read(keys: string[]): Promise<Array<AttemptRecord | null>> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hmget(attemptKey(key), 'failures', 'last');
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, value]) => {
      const [failures, last] = (err ? [null, null] : value) as [string | null, string | null];
      return failures && last ? { failures: Number(failures), lastFailureAt: Number(last) } : null;
    });
  }

  async recordFailure(keys: string[], now: number, ttlMs: number): Promise<void> {
    const multi = this.redis.multi();
    for (const key of keys) multi.hincrby(attemptKey(key), 'failures', 1).hset(attemptKey(key), 'last', now).pexpire(attemptKey(key), ttlMs);
    await multi.exec();
  }

  async clear(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map(attemptKey));
  }
}

class RedisBus implements ClusterBus {
  private handler: (envelope: Envelope) => void = () => {};
  private noticeHandler: (notice: ClusterNotice) => void = () => {};
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    readonly instanceId: string,
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const notice = channel.toString() === NOTICE_CHANNEL;
      let parsed;
      try {
        parsed = (notice ? ClusterNoticeSchema : EnvelopeSchema).safeParse(JSON.parse(message.toString()));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) return this.log.warn({ channel: channel.toString() }, 'dropped a malformed message from redis');
      if (!notice) return this.handler(parsed.data as Envelope);
      const news = parsed.data as ClusterNotice;
      if (news.from !== this.instanceId) this.noticeHandler(news);
    });
    await this.sub.subscribe(channelOf(this.instanceId), NOTICE_CHANNEL);
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat().catch((err) => this.log.warn({ err }, 'redis heartbeat failed')), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    // Leaving the set at once lets the others hold our members' seats without waiting for the TTL.
    await this.pub.zrem(INSTANCE_SET, this.instanceId).catch(() => {});
  }

  async publish(instanceId: string, envelope: Envelope): Promise<void> {
    if (instanceId === this.instanceId) return this.handler(envelope);
    await this.pub.publish(channelOf(instanceId), JSON.stringify(envelope));
  }

  onEnvelope(handler: (envelope: Envelope) => void): void {
    this.handler = handler;
  }

  async broadcast(notice: ClusterNotice): Promise<void> {
    await this.pub.publish(NOTICE_CHANNEL, JSON.stringify(notice));
  }

  onNotice(handler: (notice: ClusterNotice) => void): void {
    this.noticeHandler = handler;
  }

  async liveInstances(): Promise<Set<string>> {
    const ids = await this.pub.zrangebyscore(INSTANCE_SET, Date.now() - INSTANCE_TTL_MS, '+inf');
    return new Set([...ids, this.instanceId]);
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    await this.pub.multi().zadd(INSTANCE_SET, now, this.instanceId).zremrangebyscore(INSTANCE_SET, '-inf', now - 10 * INSTANCE_TTL_MS).exec();
  }
}

export async function createRedisBackend(url: string, instanceId: string, log: Logger): Promise<ClusterBackend> {
  const options = { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: true };
  const pub = new Redis(url, options) as CasRedis;
  const sub = new Redis(url, options);
  for (const [name, conn] of [['commands', pub], ['subscriber', sub]] as const) {
    conn.on('error', (err) => log.warn({ err: err.message, connection: name }, 'redis connection error'));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  pub.defineCommand('roomCas', { numberOfKeys: 2, lua: CAS_SCRIPT });
  const bus = new RedisBus(instanceId, pub, sub, log);
  await bus.start();
  return {
    kind: 'redis',
    store: new RedisRoomStore(pub),
    bus,
    attempts: new RedisAttemptStore(pub),
    close: async () => {
      await bus.stop();
      sub.disconnect();
      await pub.quit().catch(() => pub.disconnect());
    },
  };
}
