/**
 * TURN REST API credentials as coturn's `use-auth-secret` expects them: the username is
 * `<unix expiry>:<user id>` and the password is base64(HMAC-SHA1(shared secret, username)).
 * coturn recomputes the HMAC and refuses the username once its expiry has passed.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../../common/wire/signaling';

export interface IceConfigOptions {
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string | null;
  turnTtlSeconds: number;
}

export function turnCredential(secret: string, userId: string, expiresAtSeconds: number): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

export function iceConfigFor(options: IceConfigOptions, userId: string, now = Date.now()): { iceServers: IceServer[]; expiresAt: number } {
  const expiresAtSeconds = Math.floor(now / 1000) + options.turnTtlSeconds;
  const iceServers: IceServer[] = [];
  if (options.stunUrls.length > 0) iceServers.push({ urls: options.stunUrls });
  if (options.turnUrls.length > 0 && options.turnSecret) {
    iceServers.push({ urls: options.turnUrls, ...turnCredential(options.turnSecret, userId, expiresAtSeconds) });
  }
  return { iceServers, expiresAt: expiresAtSeconds * 1000 };
}
