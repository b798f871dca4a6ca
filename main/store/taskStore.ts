/** Tasks on the board (with assignees and fractional board order) and their comments. */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  CommentPatchSchema,
  NewCommentSchema,
  NewTaskSchema,
  TaskMoveSchema,
  TaskPatchSchema,
  TaskSchema,
  type Comment,
  type NewTask,
  type Task,
  type TaskMove,
  type TaskStatus,
} from '../../common/tracker/schemas';
import { RpcError } from '../../common/ipc/rpc';
import { membersByOwner, replaceMemberLinks, TASK_ASSIGNEES } from './memberLinks';
import type { MemberStore } from './memberStore';
import type { ProjectStore } from './projectStore';
import { comments, projects, taskAssignees, tasks } from './schema';
import type { StoreContext } from './storeContext';
import { notFound, parseInput } from './validate';

type TaskRow = typeof tasks.$inferSelect;

const COMMENT_COLUMNS = {
  id: comments.id,
  taskId: comments.taskId,
  memberId: comments.memberId,
  body: comments.body,
  createdAt: comments.createdAt,
  updatedAt: comments.updatedAt,
};

export function createTaskStore(ctx: StoreContext, projectStore: ProjectStore, memberStore: MemberStore) {
  const { db } = ctx;

  function withAssignees(rows: TaskRow[]): Task[] {
    if (rows.length === 0) return [];
    const links = db
      .select({ ownerId: taskAssignees.taskId, memberId: taskAssignees.memberId })
      .from(taskAssignees)
      .where(and(inArray(taskAssignees.taskId, rows.map((r) => r.id)), isNull(taskAssignees.deletedAt)))
      .all();
    const assignees = membersByOwner(links);
    return rows.map((row) => TaskSchema.parse({ ...row, assigneeIds: assignees.get(row.id) ?? [] }));
  }

  function find(id: string): Task | null {
    const row = db.select().from(tasks).where(and(eq(tasks.id, id), isNull(tasks.deletedAt))).get();
    return row ? withAssignees([row])[0]! : null;
  }

  /** A live comment written by `memberId`: others' comments are theirs to change. */
  function ownComment(id: string, memberId: string): Comment {
    const comment = db.select(COMMENT_COLUMNS).from(comments).where(and(eq(comments.id, id), isNull(comments.deletedAt))).get();
    if (!comment) throw notFound('comment', id);
    if (comment.memberId !== memberId) throw new RpcError('forbidden', 'Only its author can change or delete a comment');
    return comment;
  }

  function get(id: string): Task {
    const task = find(id);
    if (!task) throw notFound('task', id);
    return task;
  }

  function lastOrder(projectId: string, status: TaskStatus): number {
    const row = db
      .select({ order: tasks.boardOrder })
      .from(tasks)
      .where(and(eq(tasks.projectId, projectId), eq(tasks.status, status), isNull(tasks.deletedAt)))
      .orderBy(desc(tasks.boardOrder))
      .get();
    return row?.order ?? 0;
  }

  function setAssignees(taskId: string, memberIds: readonly string[], at: number): void {
    for (const memberId of memberIds) memberStore.get(memberId);
    replaceMemberLinks(ctx, TASK_ASSIGNEES, taskId, memberIds, at);
  }

  /** Renumbers a column 1, 2, 3... when repeated halving has used up the gap between two cards. */
  function renumber(projectId: string, status: TaskStatus, at: number): void {
    const column = db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.projectId, projectId), eq(tasks.status, status), isNull(tasks.deletedAt)))
      .orderBy(asc(tasks.boardOrder))
      .all();
    column.forEach(({ id }, i) => {
      db.update(tasks).set({ boardOrder: i + 1, updatedAt: at }).where(eq(tasks.id, id)).run();
      ctx.ops.record('tasks', id, 'update', { boardOrder: i + 1, updatedAt: at }, at);
    });
  }

  function neighbour(id: string | null, task: Task, status: TaskStatus): Task | null {
    if (id === null) return null;
    const other = get(id);
    if (other.projectId !== task.projectId || other.status !== status || other.id === task.id) {
      throw new RpcError('invalid-input', `Task "${other.title}" is not a neighbour in the "${status}" column`);
    }
    return other;
  }

  return {
    get,
    find,
    list(projectId: string | null): Task[] {
      const active = db.select({ id: projects.id }).from(projects).where(isNull(projects.deletedAt));
      const rows = db
        .select()
        .from(tasks)
        .where(and(isNull(tasks.deletedAt), projectId ? eq(tasks.projectId, projectId) : inArray(tasks.projectId, active)))
        .orderBy(asc(tasks.status), asc(tasks.boardOrder))
        .all();
      return withAssignees(rows);
    },
    create(input: NewTask): Task {
      const value = parseInput(NewTaskSchema, input);
      projectStore.get(value.projectId);
      const at = ctx.now();
      const { assigneeIds, ...fields } = value;
      const row = { id: ctx.newId(), createdAt: at, updatedAt: at, ...fields, boardOrder: lastOrder(value.projectId, value.status) + 1 };
      ctx.write(['tasks'], () => {
        db.insert(tasks).values(row).run();
        ctx.ops.record('tasks', row.id, 'insert', row, at);
        setAssignees(row.id, assigneeIds, at);
      });
      return get(row.id);
    },
    update(id: string, patch: unknown): Task {
      const { assigneeIds, ...value } = parseInput(TaskPatchSchema, patch);
      get(id);
      const at = ctx.now();
      const fields = { ...value, updatedAt: at };
      ctx.write(['tasks'], () => {
        db.update(tasks).set(fields).where(eq(tasks.id, id)).run();
        ctx.ops.record('tasks', id, 'update', fields, at);
        if (assigneeIds) setAssignees(id, assigneeIds, at);
      });
      return get(id);
    },
    /** Moves a card into a column between two neighbours: one row written (unless renumbering). */
    move(input: TaskMove): Task {
      const move = parseInput(TaskMoveSchema, input);
      const task = get(move.taskId);
      const before = neighbour(move.beforeId, task, move.status);
      const after = neighbour(move.afterId, task, move.status);
      const at = ctx.now();
      ctx.write(['tasks'], () => {
        let low = before?.boardOrder ?? (after ? after.boardOrder - 1 : lastOrder(task.projectId, move.status));
        let high = after?.boardOrder ?? low + 2;
        if (high - low < 1e-9) {
          renumber(task.projectId, move.status, at);
          low = before ? get(before.id).boardOrder : 0;
          high = after ? get(after.id).boardOrder : low + 2;
        }
        const fields = { status: move.status, boardOrder: (low + high) / 2, updatedAt: at };
        db.update(tasks).set(fields).where(eq(tasks.id, task.id)).run();
        ctx.ops.record('tasks', task.id, 'update', fields, at);
      });
      return get(task.id);
    },
    remove(id: string): void {
      get(id);
      const at = ctx.now();
      ctx.write(['tasks', 'timeEntries'], () => {
        db.update(tasks).set({ deletedAt: at, updatedAt: at }).where(eq(tasks.id, id)).run();
        ctx.ops.record('tasks', id, 'delete', { deletedAt: at, updatedAt: at }, at);
      });
    },
    listComments(taskId: string): Comment[] {
      get(taskId);
      return db
        .select(COMMENT_COLUMNS)
        .from(comments)
        .where(and(eq(comments.taskId, taskId), isNull(comments.deletedAt)))
        .orderBy(asc(comments.createdAt))
        .all();
    },
    addComment(input: unknown, memberId: string): Comment {
      const value = parseInput(NewCommentSchema, input);
      get(value.taskId);
      memberStore.get(memberId);
      const at = ctx.now();
      const row = { id: ctx.newId(), createdAt: at, updatedAt: at, taskId: value.taskId, memberId, body: value.body };
      ctx.write(['comments'], () => {
        db.insert(comments).values(row).run();
        ctx.ops.record('comments', row.id, 'insert', row, at);
      });
      return { id: row.id, taskId: row.taskId, memberId, body: row.body, createdAt: at, updatedAt: at };
    },
    updateComment(id: string, patch: unknown, memberId: string): Comment {
      const value = parseInput(CommentPatchSchema, patch);
      ownComment(id, memberId);
      const at = ctx.now();
      const fields = { body: value.body, updatedAt: at };
      ctx.write(['comments'], () => {
        db.update(comments).set(fields).where(eq(comments.id, id)).run();
        ctx.ops.record('comments', id, 'update', fields, at);
      });
      return ownComment(id, memberId);
    },
    deleteComment(id: string, memberId: string): void {
      ownComment(id, memberId);
      const at = ctx.now();
      ctx.write(['comments'], () => {
        db.update(comments).set({ deletedAt: at, updatedAt: at }).where(eq(comments.id, id)).run();
        ctx.ops.record('comments', id, 'delete', { deletedAt: at, updatedAt: at }, at);
      });
    },
  };
}

export type TaskStore = ReturnType<typeof createTaskStore>;
