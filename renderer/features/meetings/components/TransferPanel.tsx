import { useRef, useState } from 'react';
import { useAppSelector } from '../../../app/hooks';
import { currentSession } from '../meetingRuntime';
import type { TransferView } from '../meetingsSlice';
import { formatBytes } from '../transfer/fileTransfers';
import { ReceiveFolderSetting } from './ReceiveFolderSetting';

export function TransferPanel() {
  const { members, selfId, transfers } = useAppSelector((s) => s.meetings);
  const others = members.filter((m) => m.memberId !== selfId);
  const [to, setTo] = useState('all');
  const input = useRef<HTMLInputElement>(null);

  const send = () => {
    const files = input.current?.files;
    const session = currentSession();
    if (!files?.length || !session) return;
    const targets = to === 'all' ? others.map((m) => m.memberId) : [to];
    for (const file of files) void session.transfers.sendFile(file, targets);
    input.current!.value = '';
  };

  return (
    <section className="transfers" aria-label="Files">
      <div className="transfers__send">
        <label className="field">
          <span>Send to</span>
          <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="transfer-target">
            <option value="all">Everyone</option>
            {others.map((m) => (
              <option key={m.memberId} value={m.memberId}>
                {m.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>File</span>
          <input ref={input} type="file" multiple data-testid="transfer-file" />
        </label>
        <button type="button" className="button" onClick={send} disabled={others.length === 0}>
          Send file
        </button>
      </div>
      <ReceiveFolderSetting />
      <ul className="transfers__list">
        {transfers.map((t) => (
          <TransferRow key={t.key} t={t} />
        ))}
      </ul>
    </section>
  );
}

const STATUS_TEXT: Record<TransferView['status'], string> = {
  preparing: 'Checking the file',
  offered: 'Wants to send you a file',
  waiting: 'Waiting for an answer',
  conflict: 'A file with this name exists',
  sending: 'Sending',
  receiving: 'Receiving',
  verifying: 'Verifying',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  declined: 'Declined',
};

function TransferRow({ t }: { t: TransferView }) {
  const session = currentSession();
  const pct = t.size > 0 ? Math.floor((t.bytes / t.size) * 100) : 100;
  const active = t.status === 'sending' || t.status === 'receiving';
  const left = active && t.bytesPerSecond > 0 ? Math.ceil((t.size - t.bytes) / t.bytesPerSecond) : null;
  const label = `${t.direction === 'send' ? 'To' : 'From'} ${t.peerName}: ${t.name}`;
  return (
    <li className="transfer" data-testid="transfer" data-key={t.key} data-status={t.status} data-direction={t.direction} data-bytes={t.bytes} data-name={t.name}>
      <div className="transfer__head">
        <span className="transfer__name">{label}</span>
        <span className="muted">{formatBytes(t.size)}</span>
      </div>
      <progress max={100} value={pct} aria-label={`${label} progress`} />
      <div className="transfer__meta muted">
        <span>
          {STATUS_TEXT[t.status]}
          {t.status === 'preparing' && ` · ${pct}%`}
          {active && ` · ${pct}% · ${formatBytes(Math.round(t.bytesPerSecond))}/s`}
          {left !== null && ` · ${left} s left`}
        </span>
        {t.error && <span className="transfer__error"> · {t.error}</span>}
        {t.path && <span> · saved as {t.path}</span>}
      </div>
      <div className="transfer__actions">
        {t.status === 'offered' && (
          <>
            <button type="button" className="button button--primary" onClick={() => void session?.transfers.accept(t.key)}>
              Accept
            </button>
            <button type="button" className="button" onClick={() => session?.transfers.decline(t.key)}>
              Decline
            </button>
          </>
        )}
        {t.status === 'conflict' && (
          <>
            <button type="button" className="button" onClick={() => void session?.transfers.accept(t.key, 'rename')}>
              Keep both
            </button>
            <button type="button" className="button" onClick={() => void session?.transfers.accept(t.key, 'replace')}>
              Replace
            </button>
            <button type="button" className="button" onClick={() => session?.transfers.decline(t.key)}>
              Decline
            </button>
          </>
        )}
        {(active || t.status === 'preparing' || t.status === 'waiting' || t.status === 'paused') && (
          <button type="button" className="button" onClick={() => void session?.transfers.cancel(t.key)}>
            Cancel
          </button>
        )}
      </div>
    </li>
  );
}
