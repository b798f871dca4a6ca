import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './config';

const secret = { MESHWORK_TOKEN_SECRET: 's'.repeat(32) };

describe('loadServerConfig', () => {
  it('has local defaults, with the issue defaults for rooms and limits', () => {
    const c = loadServerConfig(secret);
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8787, embedded: false, redisUrl: null });
    expect(c.rooms).toMatchObject({ defaultCapacity: 6, seatGraceMs: 30_000 });
    expect(c.limits.maxFrameBytes).toBe(65_536);
    expect(c.ice).toEqual({ stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 600 });
  });

  it('requires a token secret unless embedded, and treats empty variables as unset', () => {
    expect(() => loadServerConfig({})).toThrow(/MESHWORK_TOKEN_SECRET: is required/);
    expect(() => loadServerConfig({ MESHWORK_TOKEN_SECRET: '' })).toThrow(/MESHWORK_TOKEN_SECRET: is required/);
    expect(() => loadServerConfig({ MESHWORK_TOKEN_SECRET: 'short' })).toThrow(/at least 32/);
    expect(loadServerConfig({ MESHWORK_SERVER_EMBEDDED: '1' }).auth.secret).toBeNull();
  });

  it('refuses bad values with the variable named', () => {
    expect(() => loadServerConfig({ ...secret, MESHWORK_SERVER_PORT: '70000' })).toThrow(/MESHWORK_SERVER_PORT/);
    expect(() => loadServerConfig({ ...secret, REDIS_URL: 'http://x' })).toThrow(/REDIS_URL: must be a redis/);
    expect(() => loadServerConfig({ ...secret, MESHWORK_TURN_URLS: 'turn:127.0.0.1:3478' })).toThrow(/MESHWORK_TURN_SECRET: is required/);
    expect(() => loadServerConfig({ ...secret, MESHWORK_STUN_URLS: 'http://nope' })).toThrow(/stun:, turn: or turns:/);
    expect(() => loadServerConfig({ ...secret, MESHWORK_ROOM_CAPACITY: '60' })).toThrow(/MESHWORK_ROOM_MAX_CAPACITY/);
  });

  it('parses lists and numbers', () => {
    const c = loadServerConfig({
      ...secret,
      MESHWORK_TURN_URLS: 'turn:a:3478?transport=udp, turns:b:5349',
      MESHWORK_TURN_SECRET: 't'.repeat(16),
      MESHWORK_CONN_RATE_PER_SEC: '7',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(c.ice.turnUrls).toEqual(['turn:a:3478?transport=udp', 'turns:b:5349']);
    expect(c.limits.perConnection.perSecond).toBe(7);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
  });
});
