/**
 * How the server is, as this install sees it: /healthz answers (reachable, latency, version),
 * and the server accepts this install's join code, without which sync and meetings fail however
 * healthy it is. Never throws; reports what went wrong.
 */
import { HealthReportSchema } from '../../common/wire/serverLifecycle';
import type { ServerHealth } from '../../common/ipc/contract';
import { requestToken, TokenRefused } from './tokenRequest';

export interface ServerHealthOptions {
  serverUrl: string | null;
  joinCode: string | null;
  /** Who asks for the test token: this install's member. */
  identity: () => { userId: string; displayName: string };
  timeoutMs?: number;
}

export class ServerHealthService {
  constructor(private readonly options: ServerHealthOptions) {}

  async getHealth(): Promise<ServerHealth> {
    const { serverUrl: url, timeoutMs = 2000 } = this.options;
    if (!url) return { url: null, reachable: false, latencyMs: null, version: null, error: 'No server is configured', accessError: null };
    const started = performance.now();
    try {
      const response = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
      const report = HealthReportSchema.parse(await response.json());
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return { url, reachable: true, latencyMs, version: report.version, error: null, accessError: await this.accessError(url, timeoutMs) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { url, reachable: false, latencyMs: null, version: null, error: `Cannot reach ${url}: ${reason}`, accessError: null };
    }
  }

  /** Why the server would not let this install in (null: it would), found by asking it for a token. */
  private async accessError(url: string, timeoutMs: number): Promise<string | null> {
    const { joinCode } = this.options;
    if (!joinCode) return 'No join code for this server: set MESHWORK_JOIN_CODE';
    try {
      await requestToken(url, { grant: 'join-code', code: joinCode, ...this.options.identity() }, timeoutMs);
      return null;
    } catch (error) {
      if (error instanceof TokenRefused) return error.status === 403 ? `It refused this install's join code: ${error.reason}` : `It refused a token: ${error.reason}`;
      return `It did not answer the token request: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
