/**
 * The sync hub: who may read or write a workspace (from the token's `ws` grants: any role reads,
 * guests never write), validation of every op before anything is logged (a batch is all or
 * nothing), the server's own HLC for writes made through the REST API, and `sync.changed`
 * notices to the sockets subscribed to a workspace.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { parseEntityFields, type SyncEntity } from '../../../common/sync/entities';
import { HybridClock, wallOf } from '../../../common/sync/hlc';
import type { AccessClaims } from '../../../common/wire/auth';
import type { SyncOp } from '../../../common/wire/sync';
import type { AppendResult, SyncStore } from './syncStore';

/** A client clock further ahead than this is wrong, and its writes would win every merge for as long. */
export const MAX_CLOCK_AHEAD_MS = 10 * 60_000;

export class SyncAccessError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    readonly code: 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found',
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export interface Subscriber {
  notify(workspaceId: string, cursor: number): void;
}

export class SyncService {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  readonly clock: HybridClock;

  constructor(
    readonly store: SyncStore,
    instanceId: string,
    private readonly log: Logger,
  ) {
    this.clock = new HybridClock(`server_${instanceId.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 40));
  }

  /** The role a user holds in a workspace, or a refusal. */
  authorize(claims: AccessClaims, workspaceId: string, access: 'read' | 'write'): void {
    const grant = claims.ws.find((g) => g.id === workspaceId);
    if (!grant) throw new SyncAccessError(403, 'forbidden', `You are not a member of workspace "${workspaceId}"`);
    if (access === 'write' && grant.role === 'guest') throw new SyncAccessError(403, 'forbidden', 'Guests may read this workspace but not change it');
  }

  /** Checks every op of a batch; any bad op refuses the whole batch with the reasons. */
  validate(ops: readonly SyncOp[], now = Date.now()): SyncOp[] {
    const issues: { path: string; message: string }[] = [];
    const valid = ops.map((op, i) => {
      const fields = parseEntityFields(op.entity, op.fields);
      if (!fields.success) {
        for (const issue of fields.error.issues.slice(0, 3)) {
          issues.push({ path: `ops.${i}.fields${issue.path.length ? `.${issue.path.join('.')}` : ''}`, message: issue.message });
        }
      }
      if (wallOf(op.hlc) > now + MAX_CLOCK_AHEAD_MS) issues.push({ path: `ops.${i}.hlc`, message: 'The clock of this op is more than 10 minutes ahead of the server' });
      return fields.success ? { ...op, fields: fields.data } : op;
    });
    if (issues.length > 0) throw new SyncAccessError(400, 'bad-request', `Refused ${issues.length === 1 ? 'an op' : 'ops'}: ${issues[0]!.path}: ${issues[0]!.message}`, issues.slice(0, 20));
    return valid;
  }

  async push(claims: AccessClaims, workspaceId: string, ops: readonly SyncOp[]): Promise<AppendResult> {
    this.authorize(claims, workspaceId, 'write');
    const valid = this.validate(ops);
    for (const op of valid) this.clock.receive(op.hlc);
    const result = await this.store.append(workspaceId, claims.sub, valid);
    if (result.accepted > 0) this.publish(workspaceId, result.cursor);
    return result;
  }

  /** A write made on the server itself (REST API): one op, stamped with the server's clock. */
  async write(claims: AccessClaims, workspaceId: string, entity: SyncEntity, entityId: string, kind: SyncOp['kind'], fields: Record<string, unknown>): Promise<SyncOp> {
    const op: SyncOp = { id: randomUUID(), entity, entityId, kind, fields, hlc: this.clock.now(), author: this.clock.node };
    await this.push(claims, workspaceId, [op]);
    return op;
  }

  subscribe(workspaceId: string, subscriber: Subscriber): () => void {
    let set = this.subscribers.get(workspaceId);
    if (!set) this.subscribers.set(workspaceId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(workspaceId);
    };
  }

  private publish(workspaceId: string, cursor: number): void {
    for (const subscriber of this.subscribers.get(workspaceId) ?? []) {
      try {
        subscriber.notify(workspaceId, cursor);
      } catch (err) {
        this.log.warn({ err }, 'sync notice failed');
      }
    }
  }
}
