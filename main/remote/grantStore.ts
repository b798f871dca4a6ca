/**
 * Live remote-control grants. A grant names the peer it was given to, the scopes the person
 * allowed and its expiry; anything not covered by a live grant is refused. Only one grant may
 * control (pointer, keyboard, clipboard) at a time: when control goes to another member, the
 * last controller keeps viewing, and the person at the machine can hand control back.
 */
import type { RemoteScope } from '../../common/wire/remoteControl';

export interface Grant {
  sessionId: string;
  peerId: string;
  peerName: string;
  /** What the person allowed. */
  allowed: ReadonlySet<RemoteScope>;
  /** What is in effect now: `allowed`, or only viewing while another member controls. */
  scopes: ReadonlySet<RemoteScope>;
  grantedAt: number;
  expiresAt: number;
}

export type Coverage = { ok: true; grant: Grant } | { ok: false; reason: string };

const CONTROL_SCOPES: readonly RemoteScope[] = ['pointer', 'keyboard', 'clipboard'];

export function controls(grant: Pick<Grant, 'scopes'>): boolean {
  return CONTROL_SCOPES.some((scope) => grant.scopes.has(scope));
}

const viewOnly = (scopes: ReadonlySet<RemoteScope>) => new Set([...scopes].filter((s) => !CONTROL_SCOPES.includes(s)));

export class GrantStore {
  private readonly grants = new Map<string, Grant>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds a grant in effect; returns the grants that stopped controlling because of it. */
  add(grant: Grant): Grant[] {
    const demoted = controls(grant) ? this.demoteControllersExcept(grant.sessionId) : [];
    this.grants.set(grant.sessionId, grant);
    return demoted;
  }

  /**
   * Gives control back to a live grant that the person allowed to control. Returns the grant
   * (with its scopes restored) and those demoted to viewing, or null if it cannot control.
   */
  passTo(sessionId: string): { grant: Grant; demoted: Grant[] } | null {
    const grant = this.grants.get(sessionId);
    if (!grant || grant.expiresAt <= this.now() || !controls({ scopes: grant.allowed })) return null;
    const demoted = this.demoteControllersExcept(sessionId);
    const restored = { ...grant, scopes: new Set(grant.allowed) };
    this.grants.set(sessionId, restored);
    return { grant: restored, demoted };
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
    if (!grant.scopes.has(scope)) {
      return { ok: false, reason: grant.allowed.has(scope) ? 'another member has control now' : `the grant does not include ${scope}` };
    }
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

  private demoteControllersExcept(sessionId: string): Grant[] {
    const demoted: Grant[] = [];
    for (const old of this.list()) {
      if (old.sessionId === sessionId || !controls(old)) continue;
      const viewing = { ...old, scopes: viewOnly(old.scopes) };
      this.grants.set(old.sessionId, viewing);
      demoted.push(viewing);
    }
    return demoted;
  }
}
