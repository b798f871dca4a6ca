import { describe, expect, it } from 'vitest';
import { TokenError, TokenService } from './tokenService';

const options = { secret: 'x'.repeat(32), audience: 'aud', issuer: 'iss', accessTtlSeconds: 60, refreshTtlSeconds: 3600 };
const claims = { sub: 'alice', name: 'Alice', ws: [{ id: 'acme', role: 'admin' as const }] };

describe('TokenService', () => {
  it('issues access and refresh tokens that verify only as what they are', async () => {
    const tokens = new TokenService(options);
    const issued = await tokens.issue(claims);
    expect((await tokens.verifyAccess(issued.accessToken)).claims).toEqual(claims);
    expect((await tokens.verifyRefresh(issued.refreshToken)).claims).toEqual(claims);
    await expect(tokens.verifyAccess(issued.refreshToken)).rejects.toMatchObject({ reason: 'wrong-audience' });
    await expect(tokens.verifyRefresh(issued.accessToken)).rejects.toMatchObject({ reason: 'wrong-audience' });
  });

  it('refuses tokens of another secret or issuer, and expired ones', async () => {
    const issued = await new TokenService({ ...options, secret: 'y'.repeat(32) }).issue(claims);
    await expect(new TokenService(options).verifyAccess(issued.accessToken)).rejects.toBeInstanceOf(TokenError);
    const otherIssuer = await new TokenService({ ...options, issuer: 'other' }).issue(claims);
    await expect(new TokenService(options).verifyAccess(otherIssuer.accessToken)).rejects.toMatchObject({ reason: 'invalid' });
    const expired = await new TokenService({ ...options, accessTtlSeconds: -10 }).issue(claims);
    await expect(new TokenService(options).verifyAccess(expired.accessToken)).rejects.toMatchObject({ reason: 'expired' });
  });
});
