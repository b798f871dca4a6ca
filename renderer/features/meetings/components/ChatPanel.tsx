import { useEffect, useRef, useState } from 'react';
import { linkifyChatText } from '../../../../common/wire/chat';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { currentSession } from '../meetingRuntime';
import { meetingsActions as A } from '../meetingsSlice';

/** Chat text is always rendered as text nodes; only http(s) URLs become links, opened outside the app. */
export function ChatPanel() {
  const dispatch = useAppDispatch();
  const { chat, selfId } = useAppSelector((s) => s.meetings);
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    dispatch(A.chatRead());
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [chat.length, dispatch]);

  const send = (event: React.FormEvent) => {
    event.preventDefault();
    currentSession()?.sendChat(draft);
    setDraft('');
  };

  return (
    <section className="chat" aria-label="Chat">
      <ol className="chat__list" ref={list} aria-live="polite" data-testid="chat-list">
        {chat.length === 0 && <li className="muted chat__empty">No messages yet.</li>}
        {chat.map((m) => (
          <li key={m.id} className={`chat__message${m.from === selfId ? ' chat__message--own' : ''}`} data-testid="chat-message" data-via={m.via?.memberId}>
            <div className="chat__meta">
              <span className="chat__from">{m.fromName}</span>
              {/* Relayed history is only its relayer's word: say whose. */}
              {m.via && <span className="chat__via" data-testid="chat-via">history from {m.via.name}</span>}
              <time dateTime={new Date(m.sentAt).toISOString()}>{new Date(m.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
            </div>
            <p className="chat__text">
              {linkifyChatText(m.text).map((part, i) =>
                part.kind === 'link' ? (
                  <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
                    {part.text}
                  </a>
                ) : (
                  <span key={i}>{part.text}</span>
                ),
              )}
            </p>
          </li>
        ))}
      </ol>
      <form className="chat__form" onSubmit={send}>
        <label className="visually-hidden" htmlFor="chat-input">
          Message
        </label>
        <input id="chat-input" value={draft} maxLength={4000} onChange={(e) => setDraft(e.target.value)} placeholder="Message everyone" autoComplete="off" />
        <button type="submit" className="button" disabled={!draft.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
