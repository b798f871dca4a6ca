/**
 * Questions main asks this machine's own page (never remote content) and waits on: each is
 * shown through an event, answered through an IPC call, and settles with a fallback answer
 * when nobody answers in time.
 */
import { RpcError } from '../../common/ipc/rpc';

interface Waiting<A> {
  resolve: (answer: A) => void;
  timer: NodeJS.Timeout;
}

export class PageQuestions<A> {
  private readonly waiting = new Map<string, Waiting<A>>();

  constructor(
    /** Tells the page a question is no longer open (answered, timed out, or withdrawn). */
    private readonly closed: (id: string) => void,
    private readonly timeoutMs: number,
  ) {}

  ask(id: string, show: () => void, unanswered: A): Promise<A> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, unanswered), this.timeoutMs);
      this.waiting.set(id, { resolve, timer });
      show();
    });
  }

  isOpen(id: string): boolean {
    return this.waiting.has(id);
  }

  answer(id: string, answer: A): void {
    if (!this.waiting.has(id)) throw new RpcError('not-found', 'That question is no longer waiting for an answer');
    this.settle(id, answer);
  }

  private settle(id: string, answer: A) {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(id);
    this.closed(id);
    waiting.resolve(answer);
  }
}
