/**
 * Gets this install's signaling token. The page never sees the join code: main holds it (the
 * embedded server reports its own; a configured server's comes from MESHWORK_JOIN_CODE) and
 * exchanges it at the server's token endpoint for a short-lived access token.
 */
import { RpcError } from '../../common/ipc/rpc';
import type { TokenResponse } from '../../common/wire/auth';
import type { MeetingToken } from '../../common/ipc/contract';
import { requestToken, TokenRefused, UnexpectedTokenResponse } from '../services/tokenRequest';

export interface MeetingTokenOptions {
  serverUrl: string | null;
  joinCode: string | null;
  timeoutMs?: number;
}

export class MeetingTokenService {
  constructor(private readonly options: MeetingTokenOptions) {}

  async token(displayName: string, userId: string): Promise<MeetingToken> {
    const { serverUrl, joinCode } = this.options;
    if (!serverUrl) throw new RpcError('unavailable', 'No signaling server is configured');
    if (!joinCode) throw new RpcError('unavailable', 'No join code for this server: set MESHWORK_JOIN_CODE');
    let token: TokenResponse;
    try {
      token = await requestToken(serverUrl, { grant: 'join-code', code: joinCode, userId, displayName }, this.options.timeoutMs);
    } catch (error) {
      if (error instanceof TokenRefused) throw new RpcError(error.status === 429 ? 'unavailable' : 'forbidden', `The server refused a token: ${error.reason}`);
      if (error instanceof UnexpectedTokenResponse) throw new RpcError('unavailable', error.message);
      throw new RpcError('unavailable', `The signaling server cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    return {
      serverUrl,
      accessToken: token.accessToken,
      expiresAt: token.expiresAt,
      userId: token.user.id,
      displayName: token.user.displayName,
    };
  }
}
