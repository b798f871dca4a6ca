/**
 * The desktop consent prompt for remote control: a native dialog owned by main, so nothing
 * a remote peer sends into web content can answer it.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { RemoteScope } from '../../common/wire/remoteControl';
import type { ConsentDecision, ConsentPrompt, ConsentRequest } from '../remote/ports';

const SCOPE_TEXT: Record<RemoteScope, string> = {
  view: 'see your screen',
  pointer: 'move and click your mouse',
  keyboard: 'type on your keyboard',
  clipboard: 'read and write your clipboard',
};

export class NativeConsentDialog implements ConsentPrompt {
  constructor(private readonly window: () => BrowserWindow | null) {}

  async ask(request: ConsentRequest): Promise<ConsentDecision> {
    const minutes = Math.round(request.durationSeconds / 60);
    const options = {
      type: 'question' as const,
      title: 'Remote control request',
      message: `${request.peerName} asks to ${request.scopes.map((s) => SCOPE_TEXT[s]).join(', ')}.`,
      detail:
        `For up to ${minutes} minute${minutes === 1 ? '' : 's'}.` +
        (request.note ? `\n\n“${request.note}”` : '') +
        '\n\nYou can stop it at any time from the banner or with Ctrl+Shift+Escape. Using your own mouse or keyboard pauses it.',
      buttons: ['Allow', 'View only', 'Deny'],
      defaultId: 2,
      cancelId: 2,
      noLink: true,
    };
    const owner = this.window();
    const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
    if (response === 0) return { allow: true, scopes: request.scopes, durationSeconds: request.durationSeconds };
    if (response === 1) return { allow: true, scopes: ['view'], durationSeconds: request.durationSeconds };
    return { allow: false, reason: 'The request was declined' };
  }
}
