/**
 * Browser mode's consent prompt: main asks the local page (this machine's own UI, served by
 * the host, never remote content) and waits for its answer. Unanswered requests are denied.
 */
import { PageQuestions } from '../ipc/pageQuestions';
import type { ConsentDecision, ConsentPrompt, ConsentRequest } from './ports';

export class PageConsentPrompt implements ConsentPrompt {
  private readonly questions: PageQuestions<ConsentDecision>;

  constructor(
    private readonly show: (request: ConsentRequest) => void,
    close: (requestId: string) => void,
    timeoutMs = 60_000,
  ) {
    this.questions = new PageQuestions(close, timeoutMs);
  }

  ask(request: ConsentRequest): Promise<ConsentDecision> {
    return this.questions.ask(request.requestId, () => this.show(request), { allow: false, reason: 'Nobody answered the request' });
  }

  respond(requestId: string, decision: ConsentDecision): void {
    this.questions.answer(requestId, decision);
  }
}
