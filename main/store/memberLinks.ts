/**
 * Link rows that put members in something: a task's assignees, a team's members. Each link is
 * its own synced row, so membership merges per member: two installs adding different people
 * both win, and one removing a person tombstones every link of that person (two installs that
 * added the same person concurrently made two links).
 */
import type { StoreContext } from './storeContext';

export interface LinkTable {
  table: 'task_assignees' | 'team_members';
  /** The owner's column and its op field name. */
  ownerColumn: 'task_id' | 'team_id';
  ownerField: 'taskId' | 'teamId';
}

export const TASK_ASSIGNEES: LinkTable = { table: 'task_assignees', ownerColumn: 'task_id', ownerField: 'taskId' };
export const TEAM_MEMBERS: LinkTable = { table: 'team_members', ownerColumn: 'team_id', ownerField: 'teamId' };

/** Makes the owner's live links name exactly `memberIds`, with an op for every link written. Runs inside the caller's write. */
export function replaceMemberLinks(ctx: StoreContext, links: LinkTable, ownerId: string, memberIds: readonly string[], at: number): void {
  const wanted = new Set(memberIds);
  const current = ctx.sqlite
    .prepare(`SELECT id, member_id AS memberId FROM ${links.table} WHERE ${links.ownerColumn} = ? AND deleted_at IS NULL`)
    .all(ownerId) as { id: string; memberId: string }[];
  endLinks(ctx, links.table, current.filter((l) => !wanted.has(l.memberId)).map((l) => l.id), at);
  const insert = ctx.sqlite.prepare(
    `INSERT INTO ${links.table} (id, ${links.ownerColumn}, member_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  for (const memberId of wanted) {
    if (current.some((l) => l.memberId === memberId)) continue;
    const link = { id: ctx.newId(), [links.ownerField]: ownerId, memberId, createdAt: at, updatedAt: at };
    insert.run(link.id, ownerId, memberId, at, at);
    ctx.ops.record(links.table, link.id, 'insert', link, at);
  }
}

/** Ends every live link of one member, in every link table (a member being removed). Inside the caller's write. */
export function dropMemberLinks(ctx: StoreContext, memberId: string, at: number): void {
  for (const { table } of [TASK_ASSIGNEES, TEAM_MEMBERS]) {
    const ids = ctx.sqlite.prepare(`SELECT id FROM ${table} WHERE member_id = ? AND deleted_at IS NULL`).pluck().all(memberId) as string[];
    endLinks(ctx, table, ids, at);
  }
}

function endLinks(ctx: StoreContext, table: LinkTable['table'], ids: readonly string[], at: number): void {
  const tombstone = ctx.sqlite.prepare(`UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE id = ?`);
  for (const id of ids) {
    tombstone.run(at, at, id);
    ctx.ops.record(table, id, 'delete', { deletedAt: at, updatedAt: at }, at);
  }
}

/** Member ids per owner from live link rows, each member once. */
export function membersByOwner(rows: readonly { ownerId: string; memberId: string }[]): Map<string, string[]> {
  const byOwner = new Map<string, Set<string>>();
  for (const { ownerId, memberId } of rows) {
    let members = byOwner.get(ownerId);
    if (!members) byOwner.set(ownerId, (members = new Set()));
    members.add(memberId);
  }
  return new Map([...byOwner].map(([owner, members]) => [owner, [...members]]));
}
