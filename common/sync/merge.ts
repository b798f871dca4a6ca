/**
 * Last-writer-wins per field, by hybrid logical clock. A record is its field values plus the
 * clock that wrote each field; `'*'` is the clock of every field not listed (a row written
 * whole by one op stores one clock, not one per field). Merging takes, field by field, the value
 * with the later clock, so applying the same writes twice or in any order gives the same record.
 * Deletes are a field too (`deletedAt`, a tombstone), so a delete and a concurrent edit of
 * another field both survive, and a later restore wins over an earlier delete.
 */
import type { Hlc } from './hlc';

export type FieldValues = Record<string, unknown>;
export type FieldClocks = Record<string, Hlc>;

export const ALL_FIELDS = '*';

export function clockOf(clocks: FieldClocks | null | undefined, field: string): Hlc {
  if (!clocks) return '';
  return clocks[field] ?? clocks[ALL_FIELDS] ?? '';
}

/** What an incoming write changes in a record: the fields it wins, and the record's new clocks. */
export interface MergeResult {
  winners: FieldValues;
  clocks: FieldClocks;
  changed: boolean;
}

/**
 * Merges incoming values (each with its clock in `incomingClocks`) into a record whose current
 * clocks are `current` (null: the record does not exist here yet). `allFields` lists every field
 * of the entity: an incoming write that covers all of them onto a new record keeps its compact clocks.
 */
export function mergeFields(
  current: FieldClocks | null,
  values: FieldValues,
  incomingClocks: FieldClocks,
  allFields: readonly string[],
): MergeResult {
  const winners: FieldValues = {};
  let changed = false;
  if (!current && allFields.every((f) => f in values)) {
    for (const [field, value] of Object.entries(values)) winners[field] = value;
    return { winners, clocks: { ...incomingClocks }, changed: true };
  }
  const clocks: FieldClocks = { ...(current ?? {}) };
  for (const [field, value] of Object.entries(values)) {
    const incoming = clockOf(incomingClocks, field);
    if (incoming > clockOf(current, field)) {
      winners[field] = value;
      clocks[field] = incoming;
      changed = true;
    }
  }
  return { winners, clocks, changed };
}

/** An op's clocks: one timestamp for every field it wrote. */
export function opClocks(hlc: Hlc): FieldClocks {
  return { [ALL_FIELDS]: hlc };
}

/** The latest clock in a record (for "updated since" checks and clock catch-up). */
export function latestClock(clocks: FieldClocks): Hlc {
  let latest = '';
  for (const hlc of Object.values(clocks)) if (hlc > latest) latest = hlc;
  return latest;
}
