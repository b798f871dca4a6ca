/** Members and teams, plus which member this install acts as ("me"). */
import { and, eq, isNull } from 'drizzle-orm';
import {
  MemberPatchSchema,
  NewMemberSchema,
  NewTeamSchema,
  type Member,
  type NewMember,
  type Team,
} from '../../common/tracker/schemas';
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

  function create(input: NewMember): Member {
    const value = parseInput(NewMemberSchema, input);
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
    list(): Member[] {
      return db.select().from(members).where(isNull(members.deletedAt)).orderBy(members.name).all().map(toMember);
    },
    update(id: string, patch: unknown): Member {
      const value = parseInput(MemberPatchSchema, patch);
      get(id);
      const at = ctx.now();
      const { workdays, ...rest } = value;
      const fields = { ...rest, ...(workdays ? { workdays: workdays.join(',') } : {}), updatedAt: at };
      ctx.write(['members'], () => {
        db.update(members).set(fields).where(eq(members.id, id)).run();
        ctx.ops.record('members', id, 'update', fields, at);
      });
      return get(id);
    },
    /** The member this install tracks time for; created on first use. */
    me(): Member {
      const saved = db.select().from(meta).where(eq(meta.key, 'me')).get();
      if (saved) {
        const row = db.select().from(members).where(eq(members.id, saved.value)).get();
        if (row) return toMember(row);
      }
      return ctx.write(['members'], () => {
        const member = create({ name: 'Me', role: 'Owner' });
        db.insert(meta).values({ key: 'me', value: member.id }).onConflictDoUpdate({ target: meta.key, set: { value: member.id } }).run();
        return member;
      });
    },
    listTeams(): Team[] {
      const links = db.select().from(teamMembers).where(isNull(teamMembers.deletedAt)).all();
      return db
        .select()
        .from(teams)
        .where(isNull(teams.deletedAt))
        .orderBy(teams.name)
        .all()
        .map((t) => ({ id: t.id, name: t.name, updatedAt: t.updatedAt, memberIds: links.filter((l) => l.teamId === t.id).map((l) => l.memberId) }));
    },
    createTeam(input: unknown): Team {
      const value = parseInput(NewTeamSchema, input);
      for (const memberId of value.memberIds) get(memberId);
      const at = ctx.now();
      const id = ctx.newId();
      ctx.write(['teams'], () => {
        const row = { id, name: value.name, createdAt: at, updatedAt: at };
        db.insert(teams).values(row).run();
        ctx.ops.record('teams', id, 'insert', row, at);
        for (const memberId of value.memberIds) {
          const link = { id: ctx.newId(), teamId: id, memberId, createdAt: at, updatedAt: at };
          db.insert(teamMembers).values(link).run();
          ctx.ops.record('team_members', link.id, 'insert', link, at);
        }
      });
      return { id, name: value.name, memberIds: value.memberIds, updatedAt: at };
    },
  };
}

export type MemberStore = ReturnType<typeof createMemberStore>;
