/** Asks the signaling server's /healthz how it is; never throws, reports what went wrong. */
import { HealthReportSchema } from '../../common/wire/serverLifecycle';
import type { ServerHealth } from '../../common/ipc/contract';

export class ServerHealthService {
  constructor(
    private readonly serverUrl: string | null,
    private readonly timeoutMs = 2000,
  ) {}

  async getHealth(): Promise<ServerHealth> {
    const url = this.serverUrl;
    if (!url) return { url: null, reachable: false, latencyMs: null, version: null, error: 'No server is configured' };
    const started = performance.now();
    try {
      const response = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
      const report = HealthReportSchema.parse(await response.json());
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return { url, reachable: true, latencyMs, version: report.version, error: null };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { url, reachable: false, latencyMs: null, version: null, error: `Cannot reach ${url}: ${reason}` };
    }
  }
}
