/**
 * `POST /api/auth/token` for main's token users (sync, meetings, the server health check): the
 * server's answer checked by its schema, or why it refused, in the server's own words.
 */
import { AUTH_TOKEN_PATH, AuthErrorResponseSchema, TokenResponseSchema, type TokenRequest, type TokenResponse } from '../../common/wire/auth';

/** The server answered, and said no. */
export class TokenRefused extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The server answered something that is not a token response. */
export class UnexpectedTokenResponse extends Error {}

/** Rejects with TokenRefused, UnexpectedTokenResponse, or fetch's own error when the server cannot be reached. */
export async function requestToken(serverUrl: string, request: TokenRequest, timeoutMs = 10_000): Promise<TokenResponse> {
  const response = await fetch(new URL(AUTH_TOKEN_PATH, serverUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const refusal = AuthErrorResponseSchema.safeParse(body);
    throw new TokenRefused(response.status, refusal.success ? refusal.data.message : `HTTP ${response.status}`);
  }
  const parsed = TokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new UnexpectedTokenResponse('The server answered the token request with something unexpected');
  return parsed.data;
}
