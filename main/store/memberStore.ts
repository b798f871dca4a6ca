/** Members and teams, plus which member this install acts as ("me"). */
import { and, eq, isNull } from 'drizzle-orm';
import {
  MemberPatchSchema,
  NewMemberSchema,
  NewTeamSchema,
  TeamPatchSchema,
  type Member,
  type NewMember,
  type Team,
} from '../../common/tracker/schemas';
import { RpcError } from '../../common/ipc/rpc';
import { dropMemberLinks, membersByOwner, replaceMemberLinks, TEAM_MEMBERS } from './memberLinks';
import { members, meta, teamMembers, teams } from './schema';
import type { StoreContext } from './storeContext';
import { notFound, parseInput } from './validate';

type MemberRow = typeof members.$inferSelect;

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    email: row.email,
    workdays: row.workdays ? row.workdays.split(',').map(Number) : [],
    workStart: row.workStart,
    workEnd: row.workEnd,
    updatedAt: row.updatedAt,
  };
}

export function createMemberStore(ctx: StoreContext) {
  const { db } = ctx;

  function get(id: string): Member {
    const row = db.select().from(members).where(and(eq(members.id, id), isNull(members.deletedAt))).get();
    if (!row) throw notFound('member', id);
    return toMember(row);
  }

  function listTeams(only?: string): Team[] {
    const live = only ? and(eq(teams.id, only), isNull(teams.deletedAt)) : isNull(teams.deletedAt);
    const rows = db.select().from(teams).where(live).orderBy(teams.name).all();
    const links = db
      .select({ ownerId: teamMembers.teamId, memberId: teamMembers.memberId })
      .from(teamMembers)
      .where(only ? and(eq(teamMembers.teamId, only), isNull(teamMembers.deletedAt)) : isNull(teamMembers.deletedAt))
      .all();
    const byTeam = membersByOwner(links);
    return rows.map((t) => ({ id: t.id, name: t.name, updatedAt: t.updatedAt, memberIds: byTeam.get(t.id) ?? [] }));
  }

  function getTeam(id: string): Team {
    const team = listTeams(id)[0];
    if (!team) throw notFound('team', id);
    return team;
  }

  // Times of day compare as text ("09:00" < "17:00"). A night shift is not modelled.
  function checkWorkingDay(day: { workStart: string; workEnd: string }): void {
    if (day.workEnd <= day.workStart) throw new RpcError('invalid-input', 'workEnd: A working day must end after it starts', [{ path: 'workEnd', message: 'A working day must end after it starts' }]);
  }

  /** This install's member, brought back if removed elsewhere; undefined before the first me(). */
  function reviveMe(): MemberRow | undefined {
    const saved = db.select().from(meta).where(eq(meta.key, 'me')).get();
    const row = saved && db.select().from(members).where(eq(members.id, saved.value)).get();
    if (!row || row.deletedAt === null) return row || undefined;
    const at = ctx.now();
    ctx.write(['members'], () => {
      db.update(members).set({ deletedAt: null, updatedAt: at }).where(eq(members.id, row.id)).run();
      ctx.ops.record('members', row.id, 'restore', { deletedAt: null, updatedAt: at }, at);
    });
    return { ...row, deletedAt: null, updatedAt: at };
  }

  function create(input: NewMember): Member {
    const value = parseInput(NewMemberSchema, input);
    checkWorkingDay(value);
    const at = ctx.now();
    const row = { id: ctx.newId(), createdAt: at, updatedAt: at, ...value, workdays: value.workdays.join(',') };
    ctx.write(['members'], () => {
      db.insert(members).values(row).run();
      ctx.ops.record('members', row.id, 'insert', row, at);
    });
    return get(row.id);
  }

  return {
    get,
    create,
    reviveMe,
    list(): Member[] {
      return db.select().from(members).where(isNull(members.deletedAt)).orderBy(members.name).all().map(toMember);
    },
    update(id: string, patch: unknown): Member {
      const value = parseInput(MemberPatchSchema, patch);
      checkWorkingDay({ ...get(id), ...value });
      const at = ctx.now();
      const { workdays, ...rest } = value;
      const fields = { ...rest, ...(workdays ? { workdays: workdays.join(',') } : {}), updatedAt: at };
      ctx.write(['members'], () => {
        db.update(members).set(fields).where(eq(members.id, id)).run();
        ctx.ops.record('members', id, 'update', fields, at);
      });
      return get(id);
    },
    /**
     * Takes a member off the team: their team and task links end, they leave every list; their
     * logged time stays in reports under their name. Not this install's own member.
     */
    remove(id: string, meId: string): void {
      const member = get(id);
      if (id === meId) throw new RpcError('forbidden', `This install tracks time as ${member.name}: they cannot be removed here`);
      const at = ctx.now();
      ctx.write(['members', 'teams', 'tasks'], () => {
        dropMemberLinks(ctx, id, at);
        db.update(members).set({ deletedAt: at, updatedAt: at }).where(eq(members.id, id)).run();
        ctx.ops.record('members', id, 'delete', { deletedAt: at, updatedAt: at }, at);
      });
    },
    /**
     * The member this install tracks time for; created on first use. Someone may have removed
     * them on another install: the person is evidently still here, so they come back (a restore
     * op, newer than the removal, so every install agrees).
     */
    me(): Member {
      const row = reviveMe();
      if (row) return toMember(row);
      return ctx.write(['members'], () => {
        const member = create({ name: 'Me', role: 'Owner' });
        db.insert(meta).values({ key: 'me', value: member.id }).onConflictDoUpdate({ target: meta.key, set: { value: member.id } }).run();
        return member;
      });
    },
    listTeams,
    getTeam,
    createTeam(input: unknown): Team {
      const value = parseInput(NewTeamSchema, input);
      for (const memberId of value.memberIds) get(memberId);
      const at = ctx.now();
      const id = ctx.newId();
      ctx.write(['teams'], () => {
        const row = { id, name: value.name, createdAt: at, updatedAt: at };
        db.insert(teams).values(row).run();
        ctx.ops.record('teams', id, 'insert', row, at);
        replaceMemberLinks(ctx, TEAM_MEMBERS, id, value.memberIds, at);
      });
      return getTeam(id);
    },
    updateTeam(id: string, patch: unknown): Team {
      const value = parseInput(TeamPatchSchema, patch);
      getTeam(id);
      for (const memberId of value.memberIds ?? []) get(memberId);
      const at = ctx.now();
      ctx.write(['teams'], () => {
        if (value.name !== undefined) {
          const fields = { name: value.name, updatedAt: at };
          db.update(teams).set(fields).where(eq(teams.id, id)).run();
          ctx.ops.record('teams', id, 'update', fields, at);
        }
        if (value.memberIds) replaceMemberLinks(ctx, TEAM_MEMBERS, id, value.memberIds, at);
      });
      return getTeam(id);
    },
    /** Tombstones the team and its links; the members themselves stay. */
    deleteTeam(id: string): void {
      getTeam(id);
      const at = ctx.now();
      ctx.write(['teams'], () => {
        replaceMemberLinks(ctx, TEAM_MEMBERS, id, [], at);
        db.update(teams).set({ deletedAt: at, updatedAt: at }).where(eq(teams.id, id)).run();
        ctx.ops.record('teams', id, 'delete', { deletedAt: at, updatedAt: at }, at);
      });
    },
  };
}

export type MemberStore = ReturnType<typeof createMemberStore>;
