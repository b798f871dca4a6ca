/**
 * Browser mode's consent prompt: main asks the local page (this machine's own UI, served by
 * the host, never remote content) and waits for its answer. Unanswered requests are denied.
 */
import { RpcError } from '../../common/ipc/rpc';
import type { ConsentDecision, ConsentPrompt, ConsentRequest } from './ports';

interface Waiting {
  resolve: (decision: ConsentDecision) => void;
  timer: NodeJS.Timeout;
}

export class PageConsentPrompt implements ConsentPrompt {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly show: (request: ConsentRequest) => void,
    private readonly close: (requestId: string) => void,
    private readonly timeoutMs = 60_000,
  ) {}

  ask(request: ConsentRequest): Promise<ConsentDecision> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(request.requestId, { allow: false, reason: 'Nobody answered the request' }), this.timeoutMs);
      this.waiting.set(request.requestId, { resolve, timer });
      this.show(request);
    });
  }

  respond(requestId: string, decision: ConsentDecision): void {
    if (!this.waiting.has(requestId)) throw new RpcError('not-found', 'That request is no longer waiting for an answer');
    this.settle(requestId, decision);
  }

  private settle(requestId: string, decision: ConsentDecision) {
    const waiting = this.waiting.get(requestId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(requestId);
    this.close(requestId);
    waiting.resolve(decision);
  }
}
