/** Every refused auth path, against the real server process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthErrorResponseSchema, TokenResponseSchema, type TokenRequest } from '../../common/wire/auth';
import { CloseCodes } from '../../common/wire/signaling';
import { startServer, TEST_ADMIN_KEY, type ServerProcess } from './support/serverProcess';
import { TestClient } from './support/testClient';
import { token } from './support/tokens';

let standalone: ServerProcess;
let embedded: ServerProcess;

beforeAll(async () => {
  [standalone, embedded] = await Promise.all([
    startServer({ MESHWORK_AUTH_TIMEOUT_MS: '300', MESHWORK_ACCESS_TOKEN_TTL_SECONDS: '10' }),
    // The embedded server generates its own secret and LAN join code.
    startServer({ MESHWORK_SERVER_EMBEDDED: '1', MESHWORK_TOKEN_SECRET: '', MESHWORK_ADMIN_KEY: '' }),
  ]);
});
afterAll(async () => {
  await Promise.all([standalone?.stop(), embedded?.stop()]);
});

async function requestToken(server: ServerProcess, body: TokenRequest | string) {
  const res = await fetch(`${server.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  return { status: res.status, json };
}

async function closedWith(client: TestClient) {
  return client.closed;
}

describe('token endpoint', () => {
  it('issues tokens to holders of the admin key, with the claims asked for', async () => {
    const { status, json } = await requestToken(standalone, {
      grant: 'admin-key',
      key: TEST_ADMIN_KEY,
      userId: 'alice',
      displayName: 'Alice',
      workspaces: [{ id: 'acme', role: 'member' }],
    });
    expect(status).toBe(200);
    const issued = TokenResponseSchema.parse(json);
    expect(issued.user).toEqual({ id: 'alice', displayName: 'Alice', workspaces: [{ id: 'acme', role: 'member' }] });
    expect(issued.expiresAt).toBeGreaterThan(Date.now());
    const client = await TestClient.connect(standalone.wsUrl, issued.accessToken);
    expect(client.frames[0]).toMatchObject({ type: 'welcome', user: { id: 'alice', displayName: 'Alice' } });
    client.close();
  });

  it('refuses a wrong admin key, a join code on a standalone server, bad JSON and bad bodies', async () => {
    const wrongKey = await requestToken(standalone, { grant: 'admin-key', key: 'not-the-key-at-all', userId: 'mallory', displayName: 'M' });
    expect(wrongKey.status).toBe(403);
    expect(AuthErrorResponseSchema.parse(wrongKey.json).error).toBe('forbidden');

    const joinCode = await requestToken(standalone, { grant: 'join-code', code: 'ABCDEFGH', userId: 'mallory', displayName: 'M' });
    expect(joinCode.status).toBe(403);
    expect(AuthErrorResponseSchema.parse(joinCode.json).error).toBe('unsupported-grant');

    expect((await requestToken(standalone, '{nope')).status).toBe(400);
    const badUser = await requestToken(standalone, { grant: 'admin-key', key: TEST_ADMIN_KEY, userId: 'has:colon', displayName: 'M' });
    expect(badUser.status).toBe(400);
    expect(AuthErrorResponseSchema.parse(badUser.json).message).toMatch(/userId/);
  });

  it('the embedded server issues tokens for its LAN join code only', async () => {
    expect(embedded.joinCode).toMatch(/^[A-Z0-9]{10}$/);
    const wrong = await requestToken(embedded, { grant: 'join-code', code: 'WRONGCODE1', userId: 'bob', displayName: 'Bob' });
    expect(wrong.status).toBe(403);
    const admin = await requestToken(embedded, { grant: 'admin-key', key: TEST_ADMIN_KEY, userId: 'bob', displayName: 'Bob' });
    expect(admin.status).toBe(403);

    // Codes are forgiving about case and separators, as people type them.
    const typed = `${embedded.joinCode!.slice(0, 5).toLowerCase()}-${embedded.joinCode!.slice(5)}`;
    const ok = await requestToken(embedded, { grant: 'join-code', code: typed, userId: 'bob', displayName: 'Bob' });
    expect(ok.status).toBe(200);
    const client = await TestClient.connect(embedded.wsUrl, TokenResponseSchema.parse(ok.json).accessToken);
    client.close();
    // Its tokens are signed with its own secret, not one anybody else knows.
    const outsider = await TestClient.open(embedded.wsUrl);
    outsider.send({ type: 'hello', token: await token() });
    expect(await outsider.closed).toMatchObject({ code: CloseCodes.tokenInvalid });
  });

  it('refreshes with a refresh token, and refuses to refresh with an access token or garbage', async () => {
    const first = TokenResponseSchema.parse(
      (await requestToken(standalone, { grant: 'admin-key', key: TEST_ADMIN_KEY, userId: 'carol', displayName: 'Carol' })).json,
    );
    const refreshed = await requestToken(standalone, { grant: 'refresh', refreshToken: first.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(TokenResponseSchema.parse(refreshed.json).user.id).toBe('carol');

    const withAccess = await requestToken(standalone, { grant: 'refresh', refreshToken: first.accessToken });
    expect(withAccess.status).toBe(401);
    expect(AuthErrorResponseSchema.parse(withAccess.json).message).toMatch(/audience/);
    expect((await requestToken(standalone, { grant: 'refresh', refreshToken: 'x.y.z' })).status).toBe(401);

    // A refresh token is not an access token either.
    const client = await TestClient.open(standalone.wsUrl);
    client.send({ type: 'hello', token: first.refreshToken });
    expect(await client.closed).toEqual({ code: CloseCodes.tokenWrongAudience, reason: 'Token audience mismatch' });
  });
});

describe('socket authentication', () => {
  it.each([
    ['a missing token', async () => ({ type: 'hello' }), CloseCodes.unauthenticated, 'Token missing'],
    ['an empty token', async () => ({ type: 'hello', token: '' }), CloseCodes.unauthenticated, 'Token missing'],
    ['garbage', async () => ({ type: 'hello', token: 'not-a-jwt' }), CloseCodes.tokenInvalid, 'Token invalid'],
    ['a forged signature', async () => ({ type: 'hello', token: await token({ secret: 'another-secret-of-sufficient-length!!' }) }), CloseCodes.tokenInvalid, 'Token invalid'],
    ['an expired token', async () => ({ type: 'hello', token: await token({ expiresIn: -60 }) }), CloseCodes.tokenExpired, 'Token expired'],
    ['a wrong audience', async () => ({ type: 'hello', token: await token({ audience: 'someone-else' }) }), CloseCodes.tokenWrongAudience, 'Token audience mismatch'],
    ['a wrong issuer', async () => ({ type: 'hello', token: await token({ issuer: 'evil' }) }), CloseCodes.tokenInvalid, 'Token invalid'],
    ['bad claims (user id with a colon)', async () => ({ type: 'hello', token: await token({ sub: 'a:b' }) }), CloseCodes.tokenInvalid, 'Token invalid'],
  ])('closes the connection for %s', async (_name, frame, code, reason) => {
    const client = await TestClient.open(standalone.wsUrl);
    client.send(await frame());
    expect(await closedWith(client)).toEqual({ code, reason });
  });

  it('closes a connection that never says hello', async () => {
    const client = await TestClient.open(standalone.wsUrl);
    expect(await client.closed).toEqual({ code: CloseCodes.unauthenticated, reason: 'Authentication timeout' });
  });

  it('answers room frames before hello with an error, and still accepts the hello after', async () => {
    const client = await TestClient.open(standalone.wsUrl);
    expect(await client.request({ type: 'room.create', access: { kind: 'invite' } })).toMatchObject({ type: 'error', code: 'not-authenticated' });
    expect(await client.request({ type: 'hello', token: await token() })).toMatchObject({ type: 'welcome' });
    expect(await client.request({ type: 'hello', token: await token() })).toMatchObject({ type: 'error', code: 'already-authenticated' });
    client.close();
  });

  it('reauth extends the session for the same user only', async () => {
    const client = await TestClient.connect(standalone.wsUrl, { sub: 'dave', expiresIn: 3 });
    expect(await client.request({ type: 'reauth', token: await token({ sub: 'eve' }) })).toMatchObject({ type: 'error', code: 'token-mismatch' });
    expect(await client.request({ type: 'reauth', token: await token({ sub: 'dave', audience: 'x' }) })).toMatchObject({
      type: 'error',
      code: 'token-mismatch',
    });
    const ok = await client.expect({ type: 'reauth', token: await token({ sub: 'dave', expiresIn: 600 }) }, 'reauth.ok');
    expect(ok.tokenExpiresAt).toBeGreaterThan(Date.now() + 500_000);
    client.close();
  });

  it('closes a session whose token expires without a reauth', async () => {
    const client = await TestClient.connect(standalone.wsUrl, { expiresIn: 1 });
    expect(await client.closed).toEqual({ code: CloseCodes.tokenExpired, reason: 'Token expired' });
  });
});
