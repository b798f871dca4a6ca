/**
 * What appending a batch of ops does, as a pure function both stores share: drop ops already
 * logged (by id) or repeated within the batch, number the rest from the workspace's head, and
 * merge them into the records they touch (last writer wins per field, common/sync/merge.ts).
 */
import { ENTITY_FIELD_NAMES, ENTITY_REF_FIELD, ENTITY_TIME_FIELD, type SyncEntity } from '../../../common/sync/entities';
import { mergeFields, opClocks, type FieldClocks, type FieldValues } from '../../../common/sync/merge';
import type { SyncOp } from '../../../common/wire/sync';
import type { RawLoggedOp } from './syncStore';

export interface StoredRecord {
  fields: FieldValues;
  clocks: FieldClocks;
}

/** A logged op as stored, with its workspace and the user who pushed it. */
export interface OpRow extends RawLoggedOp {
  workspaceId: string;
  userId: string;
}

export interface RecordRow {
  workspaceId: string;
  entity: string;
  entityId: string;
  fields: string;
  clocks: string;
  refId: string | null;
  at: number | null;
  deleted: boolean;
  seq: number;
}

export function recordKey(entity: string, id: string): string {
  return `${entity}\u0000${id}`;
}

/** The ops of a batch that are new: not logged before and not repeated inside the batch. */
export function newOps(ops: readonly SyncOp[], logged: ReadonlySet<string>): SyncOp[] {
  const seen = new Set<string>();
  return ops.filter((op) => {
    if (logged.has(op.id) || seen.has(op.id)) return false;
    seen.add(op.id);
    return true;
  });
}

/** The log rows of new ops, numbered from `firstSeq`. */
export function opRows(workspaceId: string, userId: string, ops: readonly SyncOp[], firstSeq: number): OpRow[] {
  return ops.map((op, i) => ({
    workspaceId,
    seq: firstSeq + i,
    opId: op.id,
    entity: op.entity,
    entityId: op.entityId,
    kind: op.kind,
    fields: JSON.stringify(op.fields),
    hlc: op.hlc,
    author: op.author,
    userId,
  }));
}

/** The records new ops (numbered from `firstSeq`) leave behind, merged into their `current` state. */
export function planRecords(workspaceId: string, ops: readonly SyncOp[], firstSeq: number, current: ReadonlyMap<string, StoredRecord>): RecordRow[] {
  const records = new Map<string, StoredRecord & { entity: SyncEntity; id: string; seq: number }>();
  ops.forEach((op, i) => {
    const key = recordKey(op.entity, op.entityId);
    const before = records.get(key) ?? current.get(key) ?? null;
    const merged = mergeFields(before?.clocks ?? null, op.fields, opClocks(op.hlc), ENTITY_FIELD_NAMES[op.entity]);
    if (!merged.changed) return;
    records.set(key, { entity: op.entity, id: op.entityId, fields: before ? { ...before.fields, ...merged.winners } : merged.winners, clocks: merged.clocks, seq: firstSeq + i });
  });
  return [...records.values()].map((r): RecordRow => toRecordRow(workspaceId, r.entity, r.id, r, r.seq));
}

export function toRecordRow(workspaceId: string, entity: SyncEntity, id: string, record: StoredRecord, seq: number): RecordRow {
  const refField = ENTITY_REF_FIELD[entity];
  const timeField = ENTITY_TIME_FIELD[entity] ?? 'createdAt';
  const ref = refField ? record.fields[refField] : null;
  const at = record.fields[timeField];
  return {
    workspaceId,
    entity,
    entityId: id,
    fields: JSON.stringify(record.fields),
    clocks: JSON.stringify(record.clocks),
    refId: typeof ref === 'string' ? ref : null,
    at: typeof at === 'number' ? at : null,
    deleted: record.fields.deletedAt !== null && record.fields.deletedAt !== undefined,
    seq,
  };
}
