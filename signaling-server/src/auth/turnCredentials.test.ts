import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceConfigFor, turnCredential } from './turnCredentials';

describe('TURN REST API credentials', () => {
  it('username is expiry:user and the credential is base64 HMAC-SHA1 of it', () => {
    const { username, credential } = turnCredential('north', 'alice', 1_700_000_000);
    expect(username).toBe('1700000000:alice');
    expect(credential).toBe(createHmac('sha1', 'north').update('1700000000:alice').digest('base64'));
    expect(Buffer.from(credential, 'base64')).toHaveLength(20);
  });

  it('expires after the configured TTL and leaves TURN out without a secret', () => {
    const now = 1_700_000_000_000;
    const withTurn = iceConfigFor({ stunUrls: ['stun:s'], turnUrls: ['turn:t'], turnSecret: 'k', turnTtlSeconds: 600 }, 'bob', now);
    expect(withTurn.expiresAt).toBe(now + 600_000);
    expect(withTurn.iceServers).toEqual([{ urls: ['stun:s'] }, { urls: ['turn:t'], ...turnCredential('k', 'bob', 1_700_000_600) }]);
    expect(iceConfigFor({ stunUrls: [], turnUrls: ['turn:t'], turnSecret: null, turnTtlSeconds: 600 }, 'bob', now).iceServers).toEqual([]);
  });
});
