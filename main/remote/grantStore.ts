/**
 * Live remote-control grants. A grant names the peer it was given to, its scopes and its
 * expiry; anything not covered by a live grant is refused. Only one grant may control
 * (pointer or keyboard) at a time: a new one takes over from the last.
 */
import type { RemoteScope } from '../../common/wire/remoteControl';

export interface Grant {
  sessionId: string;
  peerId: string;
  peerName: string;
  scopes: ReadonlySet<RemoteScope>;
  grantedAt: number;
  expiresAt: number;
}

export type Coverage = { ok: true; grant: Grant } | { ok: false; reason: string };

const CONTROL_SCOPES: readonly RemoteScope[] = ['pointer', 'keyboard'];

export function controls(grant: Grant): boolean {
  return CONTROL_SCOPES.some((scope) => grant.scopes.has(scope));
}

export class GrantStore {
  private readonly grants = new Map<string, Grant>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds a grant; returns the grants it displaced (the previous controller, if this one controls). */
  add(grant: Grant): Grant[] {
    const displaced = controls(grant) ? this.list().filter(controls) : [];
    for (const old of displaced) this.grants.delete(old.sessionId);
    this.grants.set(grant.sessionId, grant);
    return displaced;
  }

  remove(sessionId: string): Grant | undefined {
    const grant = this.grants.get(sessionId);
    this.grants.delete(sessionId);
    return grant;
  }

  covers(sessionId: string, peerId: string, scope: RemoteScope): Coverage {
    const grant = this.grants.get(sessionId);
    if (!grant) return { ok: false, reason: 'no live grant for this session' };
    if (grant.peerId !== peerId) return { ok: false, reason: 'the session belongs to another member' };
    if (grant.expiresAt <= this.now()) return { ok: false, reason: 'the grant has expired' };
    if (!grant.scopes.has(scope)) return { ok: false, reason: `the grant does not include ${scope}` };
    return { ok: true, grant };
  }

  /** Removes and returns every grant past its expiry. */
  takeExpired(): Grant[] {
    const now = this.now();
    const expired = this.list().filter((g) => g.expiresAt <= now);
    for (const grant of expired) this.grants.delete(grant.sessionId);
    return expired;
  }

  list(): Grant[] {
    return [...this.grants.values()];
  }
}
