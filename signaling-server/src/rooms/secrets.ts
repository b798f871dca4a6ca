/** Random ids and the hashing of room secrets (passwords, invite codes, resume tokens). */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const randomId = (bytes = 16) => randomBytes(bytes).toString('base64url');

/** Invite codes and resume tokens are 128+ random bits, so a fast hash is enough to keep them out of the store. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Passwords are chosen by people, so they get a slow, salted hash (scrypt, off the event loop). */
export function hashPassword(password: string, salt = randomId(16)): Promise<{ salt: string; hash: string }> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve({ salt, hash: key.toString('base64url') }))),
  );
}

export async function verifyPassword(password: string, salt: string, hash: string): Promise<boolean> {
  const candidate = await hashPassword(password, salt);
  return sameHash(candidate.hash, hash);
}
