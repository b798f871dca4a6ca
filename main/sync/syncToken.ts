/**
 * Access tokens for sync: exchanged at the server's token endpoint with the join code (the
 * embedded server's own, or MESHWORK_JOIN_CODE), asking for membership of the synced workspace,
 * and reused until shortly before they expire.
 */
import { AUTH_TOKEN_PATH, AuthErrorResponseSchema, TokenResponseSchema } from '../../common/wire/auth';
import { SyncRefused } from './syncHttp';

export interface SyncTokenOptions {
  serverUrl: string;
  joinCode: string;
  userId: string;
  displayName: string;
  workspaceId: string;
}

export class SyncTokenSource {
  private cached: { token: string; expiresAt: number } | null = null;

  constructor(private readonly options: SyncTokenOptions) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - 60_000 > Date.now()) return this.cached.token;
    const { serverUrl, joinCode, userId, displayName, workspaceId } = this.options;
    const response = await fetch(new URL(AUTH_TOKEN_PATH, serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant: 'join-code', code: joinCode, userId, displayName, workspaces: [{ id: workspaceId, role: 'member' }] }),
      signal: AbortSignal.timeout(10_000),
    });
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const refusal = AuthErrorResponseSchema.safeParse(body);
      throw new SyncRefused(response.status, `The server refused a sync token: ${refusal.success ? refusal.data.message : `HTTP ${response.status}`}`);
    }
    const parsed = TokenResponseSchema.parse(body);
    this.cached = { token: parsed.accessToken, expiresAt: parsed.expiresAt };
    return parsed.accessToken;
  }
}
