import { useState } from 'react';
import { currentSession } from '../meetings/meetingRuntime';

/**
 * Clipboard text both ways under a clipboard grant. Sending goes through a text field the
 * person pastes into, so this app never needs permission to read the local clipboard.
 */
export function ClipboardPanel({ memberId, hostText }: { memberId: string; hostText: string | null }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [copied, setCopied] = useState(false);

  const send = (e: React.FormEvent) => {
    e.preventDefault();
    if (!text) return;
    if (currentSession()?.remote.input(memberId, { kind: 'clipboard', text: text.slice(0, 64 * 1024) })) {
      setText('');
      setOpen(false);
    }
  };

  const copy = async () => {
    if (hostText === null) return;
    await navigator.clipboard?.writeText(hostText).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <div className="viewer__clipboard">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Send clipboard…
      </button>
      {hostText !== null && (
        <button type="button" className="button" onClick={() => void copy()} title={hostText.slice(0, 200)} data-testid="remote-clipboard">
          {copied ? 'Copied' : 'Copy their clipboard'}
        </button>
      )}
      {open && (
        <form className="popover" onSubmit={send} aria-label="Send text to the remote clipboard">
          <label className="field">
            <span>Paste the text to put on their clipboard</span>
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={64 * 1024} autoFocus />
          </label>
          <button type="submit" className="button button--primary" disabled={!text}>
            Send
          </button>
        </form>
      )}
    </div>
  );
}
