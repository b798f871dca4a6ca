/**
 * The sync hub: who may read or write a workspace (from the token's `ws` grants: any role reads,
 * guests never write), the checks of a batch the wire schema cannot make (a batch is all or
 * nothing), the server's own HLC for writes made through the REST API, and `sync.changed`
 * notices to the sockets subscribed to a workspace, on every instance of the cluster.
 */
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { SyncEntity } from '../../../common/sync/entities';
import { HybridClock, wallOf } from '../../../common/sync/hlc';
import type { AccessClaims } from '../../../common/wire/auth';
import { SyncOpSchema, type SyncOp } from '../../../common/wire/sync';
import type { ClusterBus } from '../cluster/types';
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
  /** Compactions running, one per workspace, and where each workspace's log starts since the last one. */
  private readonly compacting = new Map<string, Promise<void>>();
  private readonly floors = new Map<string, number>();
  readonly clock: HybridClock;

  constructor(
    readonly store: SyncStore,
    private readonly bus: ClusterBus,
    private readonly log: Logger,
    /** The newest ops kept in each workspace's log (0: all). */
    private readonly keepOps = 0,
  ) {
    this.clock = new HybridClock(`server_${bus.instanceId.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 40));
    // A write taken by another instance of the cluster: tell this one's subscribers too.
    bus.onNotice((notice) => this.notifyLocal(notice.workspaceId, notice.cursor));
  }

  /** The role a user holds in a workspace, or a refusal. */
  authorize(claims: AccessClaims, workspaceId: string, access: 'read' | 'write'): void {
    const grant = claims.ws.find((g) => g.id === workspaceId);
    if (!grant) throw new SyncAccessError(403, 'forbidden', `You are not a member of workspace "${workspaceId}"`);
    if (access === 'write' && grant.role === 'guest') throw new SyncAccessError(403, 'forbidden', 'Guests may read this workspace but not change it');
  }

  /**
   * What the wire schema cannot check: clocks far ahead of the server's. Any such op refuses the
   * whole batch. (Fields were checked when the batch was parsed: SyncOpSchema.)
   */
  checkClocks(ops: readonly SyncOp[], now = Date.now()): void {
    const issues: { path: string; message: string }[] = [];
    ops.forEach((op, i) => {
      if (wallOf(op.hlc) > now + MAX_CLOCK_AHEAD_MS) issues.push({ path: `ops.${i}.hlc`, message: 'The clock of this op is more than 10 minutes ahead of the server' });
    });
    if (issues.length > 0) throw new SyncAccessError(400, 'bad-request', `Refused ${issues.length === 1 ? 'an op' : 'ops'}: ${issues[0]!.path}: ${issues[0]!.message}`, issues.slice(0, 20));
  }

  async push(claims: AccessClaims, workspaceId: string, ops: readonly SyncOp[]): Promise<AppendResult> {
    this.authorize(claims, workspaceId, 'write');
    this.checkClocks(ops);
    for (const op of ops) this.clock.receive(op.hlc);
    const result = await this.store.append(workspaceId, claims.sub, ops);
    if (result.accepted > 0) {
      this.publish(workspaceId, result.cursor);
      this.compactLater(workspaceId, result.cursor);
    }
    return result;
  }

  /** Waits for compactions under way (before the store closes). */
  async settle(): Promise<void> {
    await Promise.all(this.compacting.values());
  }

  /**
   * Trims the log to the newest `keepOps` ops, in the background, once it has grown a tenth
   * past that (not after every push). What is deleted lives on in the records, and installs
   * further behind than the log reaches load the snapshot again (410 cursor-expired).
   */
  private compactLater(workspaceId: string, head: number): void {
    if (this.keepOps === 0 || this.compacting.has(workspaceId)) return;
    const upto = head - this.keepOps;
    if (upto - (this.floors.get(workspaceId) ?? 0) < Math.ceil(this.keepOps / 10)) return;
    const run = this.store
      .compact(workspaceId, upto)
      .then(
        (floor) => {
          this.log.info({ workspaceId, floor, head }, 'sync log compacted');
          this.floors.set(workspaceId, floor);
        },
        (err: unknown) => this.log.warn({ err, workspaceId }, 'sync log compaction failed'),
      )
      .finally(() => this.compacting.delete(workspaceId));
    this.compacting.set(workspaceId, run);
  }

  /** A write made on the server itself (REST API): one op, stamped with the server's clock. */
  async write(claims: AccessClaims, workspaceId: string, entity: SyncEntity, entityId: string, kind: SyncOp['kind'], fields: Record<string, unknown>): Promise<SyncOp> {
    const parsed = SyncOpSchema.safeParse({ id: uuidv7(), entity, entityId, kind, fields, hlc: this.clock.now(), author: this.clock.node });
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new SyncAccessError(400, 'bad-request', `Refused: ${issues[0]!.path}: ${issues[0]!.message}`, issues);
    }
    await this.push(claims, workspaceId, [parsed.data]);
    return parsed.data;
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
    this.notifyLocal(workspaceId, cursor);
    this.bus.broadcast({ type: 'sync.changed', from: this.bus.instanceId, workspaceId, cursor }).catch((err: unknown) => this.log.warn({ err }, 'sync notice to the cluster failed'));
  }

  private notifyLocal(workspaceId: string, cursor: number): void {
    for (const subscriber of this.subscribers.get(workspaceId) ?? []) {
      try {
        subscriber.notify(workspaceId, cursor);
      } catch (err) {
        this.log.warn({ err }, 'sync notice failed');
      }
    }
  }
}
