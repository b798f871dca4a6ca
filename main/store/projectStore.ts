/** Projects: plain rows with soft deletes. */
import { and, eq, isNull } from 'drizzle-orm';
import { NewProjectSchema, ProjectPatchSchema, ProjectSchema, type NewProject, type Project } from '../../common/tracker/schemas';
import { RpcError } from '../../common/ipc/rpc';
import { projects } from './schema';
import type { StoreContext } from './storeContext';
import { notFound, parseInput } from './validate';

function toProject(row: typeof projects.$inferSelect): Project {
  return ProjectSchema.parse({ ...row });
}

export function createProjectStore(ctx: StoreContext) {
  const { db } = ctx;

  function find(id: string, includeDeleted = false): Project | null {
    const row = db
      .select()
      .from(projects)
      .where(includeDeleted ? eq(projects.id, id) : and(eq(projects.id, id), isNull(projects.deletedAt)))
      .get();
    return row ? toProject(row) : null;
  }

  function get(id: string): Project {
    const project = find(id);
    if (!project) throw notFound('project', id);
    return project;
  }

  return {
    get,
    find,
    list(): Project[] {
      return db.select().from(projects).where(isNull(projects.deletedAt)).orderBy(projects.name).all().map(toProject);
    },
    create(input: NewProject): Project {
      const value = parseInput(NewProjectSchema, input);
      const at = ctx.now();
      const row = { id: ctx.newId(), createdAt: at, updatedAt: at, ...value };
      ctx.write(['projects'], () => {
        db.insert(projects).values(row).run();
        ctx.ops.record('projects', row.id, 'insert', row, at);
      });
      return get(row.id);
    },
    update(id: string, patch: unknown): Project {
      const value = parseInput(ProjectPatchSchema, patch);
      const current = get(id);
      const startDate = value.startDate === undefined ? current.startDate : value.startDate;
      const endDate = value.endDate === undefined ? current.endDate : value.endDate;
      if (startDate && endDate && endDate < startDate) {
        throw new RpcError('invalid-input', 'endDate: The end date must not be before the start date');
      }
      const at = ctx.now();
      const fields = { ...value, updatedAt: at };
      ctx.write(['projects'], () => {
        db.update(projects).set(fields).where(eq(projects.id, id)).run();
        ctx.ops.record('projects', id, 'update', fields, at);
      });
      return get(id);
    },
    remove(id: string): void {
      get(id);
      const at = ctx.now();
      ctx.write(['projects', 'tasks', 'timeEntries'], () => {
        db.update(projects).set({ deletedAt: at, updatedAt: at }).where(eq(projects.id, id)).run();
        ctx.ops.record('projects', id, 'delete', { deletedAt: at, updatedAt: at }, at);
      });
    },
  };
}

export type ProjectStore = ReturnType<typeof createProjectStore>;
