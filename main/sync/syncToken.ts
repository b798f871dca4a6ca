/**
 * Access tokens for sync: exchanged at the server's token endpoint with the join code (the
 * embedded server's own, or MESHWORK_JOIN_CODE), asking for membership of the synced workspace,
 * and reused until shortly before they expire.
 */
import type { TokenResponse } from '../../common/wire/auth';
import { requestToken, TokenRefused } from '../services/tokenRequest';
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
    let parsed: TokenResponse;
    try {
      parsed = await requestToken(serverUrl, { grant: 'join-code', code: joinCode, userId, displayName, workspaces: [{ id: workspaceId, role: 'member' }] });
    } catch (error) {
      if (error instanceof TokenRefused) throw new SyncRefused(error.status, `The server refused a sync token: ${error.reason}`);
      throw error;
    }
    this.cached = { token: parsed.accessToken, expiresAt: parsed.expiresAt };
    return parsed.accessToken;
  }
}
