/**
 * Gets this install's signaling token. The page never sees the join code: main holds it (the
 * embedded server reports its own; a configured server's comes from MESHWORK_JOIN_CODE) and
 * exchanges it at the server's token endpoint for a short-lived access token.
 */
import { RpcError } from '../../common/ipc/rpc';
import { AUTH_TOKEN_PATH, AuthErrorResponseSchema, TokenResponseSchema } from '../../common/wire/auth';
import type { MeetingToken } from '../../common/ipc/contract';

export interface MeetingTokenOptions {
  serverUrl: string | null;
  joinCode: string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class MeetingTokenService {
  constructor(private readonly options: MeetingTokenOptions) {}

  async token(displayName: string, userId: string): Promise<MeetingToken> {
    const { serverUrl, joinCode } = this.options;
    if (!serverUrl) throw new RpcError('unavailable', 'No signaling server is configured');
    if (!joinCode) throw new RpcError('unavailable', 'No join code for this server: set MESHWORK_JOIN_CODE');
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(new URL(AUTH_TOKEN_PATH, serverUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant: 'join-code', code: joinCode, userId, displayName }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new RpcError('unavailable', `The signaling server cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const refusal = AuthErrorResponseSchema.safeParse(body);
      throw new RpcError(response.status === 429 ? 'unavailable' : 'forbidden', `The server refused a token: ${refusal.success ? refusal.data.message : `HTTP ${response.status}`}`);
    }
    const parsed = TokenResponseSchema.safeParse(body);
    if (!parsed.success) throw new RpcError('unavailable', 'The server answered the token request with something unexpected');
    return {
      serverUrl,
      accessToken: parsed.data.accessToken,
      expiresAt: parsed.data.expiresAt,
      userId: parsed.data.user.id,
      displayName: parsed.data.user.displayName,
    };
  }
}
