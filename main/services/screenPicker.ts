/**
 * "What do you want to share?" for the desktop shell: the sources Electron's desktopCapturer
 * found are shown by this machine's own page (with thumbnails), and main takes only an answer
 * naming one of the sources it offered. Unanswered or cancelled: nothing is shared.
 */
import { randomBytes } from 'node:crypto';
import type { ScreenPickRequest, ScreenSource } from '../../common/ipc/contract';
import { RpcError } from '../../common/ipc/rpc';
import { PageQuestions } from '../ipc/pageQuestions';

export type ScreenChoice = { source: ScreenSource; audio: boolean } | null;

export class ScreenPicker {
  private readonly questions: PageQuestions<ScreenChoice>;
  private readonly offered = new Map<string, { sources: ScreenSource[]; audioAvailable: boolean }>();

  constructor(
    private readonly show: (request: ScreenPickRequest) => void,
    closed: (requestId: string) => void,
    timeoutMs = 120_000,
  ) {
    this.questions = new PageQuestions((id) => {
      this.offered.delete(id);
      closed(id);
    }, timeoutMs);
  }

  pick(sources: ScreenSource[], audioAvailable: boolean): Promise<ScreenChoice> {
    const requestId = randomBytes(12).toString('base64url');
    this.offered.set(requestId, { sources, audioAvailable });
    return this.questions.ask(requestId, () => this.show({ requestId, sources, audioAvailable }), null);
  }

  answer(requestId: string, sourceId: string | null, audio: boolean): void {
    const offer = this.offered.get(requestId);
    if (!offer || !this.questions.isOpen(requestId)) throw new RpcError('not-found', 'That screen picker is no longer open');
    if (sourceId === null) return this.questions.answer(requestId, null);
    const source = offer.sources.find((s) => s.id === sourceId);
    if (!source) throw new RpcError('invalid-input', 'That source was not offered');
    this.questions.answer(requestId, { source, audio: audio && offer.audioAvailable });
  }
}
