/** What the remote-control host needs from its surroundings; Electron and browser mode plug in their own. */
import type { RemoteScope } from '../../common/wire/remoteControl';

export interface ConsentRequest {
  requestId: string;
  peerId: string;
  peerName: string;
  scopes: RemoteScope[];
  durationSeconds: number;
  note: string | null;
}

export type ConsentDecision =
  | { allow: true; scopes: RemoteScope[]; durationSeconds: number }
  | { allow: false; reason: string };

/** Asks the person at this machine. Never implemented in remote content. */
export interface ConsentPrompt {
  ask(request: ConsentRequest): Promise<ConsentDecision>;
}

export type AuditKind = 'request' | 'grant' | 'deny' | 'revoke' | 'expire' | 'stop' | 'pass' | 'dropped-input';

export interface AuditEntry {
  at: number;
  kind: AuditKind;
  peerId: string;
  peerName: string;
  sessionId: string | null;
  scopes: RemoteScope[];
  detail: string | null;
}

export interface AuditSink {
  record(entry: AuditEntry): void;
}

/** An audit sink that can also show what it recorded, newest first. */
export interface AuditLog extends AuditSink {
  recent(limit: number): AuditEntry[];
}

/** How long since the last input from any source, in milliseconds. */
export interface LocalActivity {
  idleMs(): Promise<number>;
  dispose?(): void;
}
