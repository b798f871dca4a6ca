/**
 * Read-only aggregates for the dashboard and reports. The report is one indexed scan of the
 * covering index `time_entries_report`, grouped in SQL by project x member x task x day; the
 * per-dimension totals are then folded in JS from those (few) groups.
 */
import { addDays, formatISO, parseISO } from 'date-fns';
import { and, inArray, isNull } from 'drizzle-orm';
import { ReportRangeSchema, type ProjectSummary, type Report, type ReportBucket, type ReportRange } from '../../common/tracker/views';
import { TaskSchema, type Task } from '../../common/tracker/schemas';
import { members, projects, tasks } from './schema';
import type { StoreContext } from './storeContext';
import { parseInput } from './validate';

const DAY_MS = 86_400_000;

interface GroupRow {
  projectId: string;
  memberId: string;
  taskId: string;
  day: number;
  ms: number;
  billableMs: number;
}

/** The UTC instants bounding a range of the viewer's calendar days. */
export function rangeBounds(range: { from: string; to: string; utcOffsetMinutes: number }): { fromMs: number; toMs: number; offsetMs: number } {
  const offsetMs = range.utcOffsetMinutes * 60_000;
  return { fromMs: Date.parse(range.from) - offsetMs, toMs: Date.parse(range.to) + DAY_MS - offsetMs, offsetMs };
}

export function createReportQueries(ctx: StoreContext) {
  const { sqlite, db } = ctx;
  const filtered = (extra: string) =>
    sqlite.prepare(
      `SELECT project_id AS projectId, member_id AS memberId, task_id AS taskId,
              (started_at + @offsetMs) / ${DAY_MS} AS day,
              SUM(COALESCE(ended_at, @now) - started_at) AS ms,
              SUM(CASE WHEN billable THEN COALESCE(ended_at, @now) - started_at ELSE 0 END) AS billableMs
       FROM time_entries INDEXED BY time_entries_report
       WHERE started_at >= @fromMs AND started_at < @toMs AND deleted_at IS NULL ${extra}
       GROUP BY project_id, member_id, task_id, day`,
    );
  const groupQueries = {
    all: filtered(''),
    project: filtered('AND project_id = @projectId'),
    member: filtered('AND member_id = @memberId'),
    both: filtered('AND project_id = @projectId AND member_id = @memberId'),
  };
  const loggedByProject = sqlite.prepare(
    `SELECT project_id AS projectId, SUM(COALESCE(ended_at, @now) - started_at) AS ms
     FROM time_entries WHERE deleted_at IS NULL GROUP BY project_id`,
  );

  function groups(range: ReportRange): { rows: GroupRow[]; from: string; to: string } {
    const r = parseInput(ReportRangeSchema, range);
    const { fromMs, toMs, offsetMs } = rangeBounds(r);
    const query = r.projectId && r.memberId ? groupQueries.both : r.projectId ? groupQueries.project : r.memberId ? groupQueries.member : groupQueries.all;
    const params = { offsetMs, fromMs, toMs, now: ctx.now(), projectId: r.projectId, memberId: r.memberId };
    for (const key of Object.keys(params) as (keyof typeof params)[]) if (params[key] === undefined) delete params[key];
    return { rows: query.all(params) as GroupRow[], from: r.from, to: r.to };
  }

  function fold(rows: GroupRow[], keyOf: (row: GroupRow) => string): Map<string, { ms: number; billableMs: number }> {
    const totals = new Map<string, { ms: number; billableMs: number }>();
    for (const row of rows) {
      const key = keyOf(row);
      const t = totals.get(key) ?? { ms: 0, billableMs: 0 };
      t.ms += row.ms;
      t.billableMs += row.billableMs;
      totals.set(key, t);
    }
    return totals;
  }

  return {
    /** Hours by project and by day only: the benchmark's "monthly report" query. */
    byProjectAndDay(range: ReportRange): { projectId: string; day: string; ms: number }[] {
      const { rows } = groups(range);
      const totals = fold(rows, (r) => `${r.projectId}|${r.day}`);
      return [...totals].map(([key, t]) => {
        const [projectId, day] = key.split('|');
        return { projectId: projectId!, day: formatISO(Number(day) * DAY_MS, { representation: 'date' }), ms: t.ms };
      });
    },

    report(range: ReportRange): Report {
      const { rows, from, to } = groups(range);
      const projectIds = [...new Set(rows.map((r) => r.projectId))];
      const memberIds = [...new Set(rows.map((r) => r.memberId))];
      const taskIds = [...new Set(rows.map((r) => r.taskId))];
      const projectRows = projectIds.length ? db.select().from(projects).where(inArray(projects.id, projectIds)).all() : [];
      const memberRows = memberIds.length ? db.select().from(members).where(inArray(members.id, memberIds)).all() : [];
      const taskRows = taskIds.length ? db.select().from(tasks).where(inArray(tasks.id, taskIds)).all() : [];
      const projectById = new Map(projectRows.map((p) => [p.id, p]));
      const memberName = new Map(memberRows.map((m) => [m.id, m.name]));
      const taskById = new Map(taskRows.map((t) => [t.id, t]));

      const sorted = <T extends ReportBucket>(list: T[]) => list.sort((a, b) => b.ms - a.ms || a.label.localeCompare(b.label));
      const byDayTotals = fold(rows, (r) => formatISO(r.day * DAY_MS, { representation: 'date' }));
      const byDay: ReportBucket[] = [];
      for (let d = parseISO(from); formatISO(d, { representation: 'date' }) <= to; d = addDays(d, 1)) {
        const key = formatISO(d, { representation: 'date' });
        const t = byDayTotals.get(key) ?? { ms: 0, billableMs: 0 };
        byDay.push({ key, label: key, ...t });
      }
      const total = fold(rows, () => 'all').get('all') ?? { ms: 0, billableMs: 0 };
      return {
        from,
        to,
        totalMs: total.ms,
        billableMs: total.billableMs,
        byProject: sorted(
          [...fold(rows, (r) => r.projectId)].map(([key, t]) => ({
            key,
            label: projectById.get(key)?.name ?? 'Deleted project',
            colour: projectById.get(key)?.colour ?? '#888888',
            ...t,
          })),
        ),
        byMember: sorted([...fold(rows, (r) => r.memberId)].map(([key, t]) => ({ key, label: memberName.get(key) ?? 'Unknown member', ...t }))),
        byTask: sorted(
          [...fold(rows, (r) => r.taskId)].map(([key, t]) => {
            const task = taskById.get(key);
            return { key, label: task?.title ?? 'Deleted task', projectLabel: projectById.get(task?.projectId ?? '')?.name ?? '', ...t };
          }),
        ),
        byDay,
      };
    },

    /** Progress, hours against estimate and overdue tasks for every project. */
    projectSummaries(today: string): ProjectSummary[] {
      const logged = new Map((loggedByProject.all({ now: ctx.now() }) as { projectId: string; ms: number }[]).map((r) => [r.projectId, r.ms]));
      const liveProjects = db.select({ id: projects.id }).from(projects).where(isNull(projects.deletedAt)).all();
      const ids = liveProjects.map((p) => p.id);
      const allTasks = ids.length ? db.select().from(tasks).where(and(isNull(tasks.deletedAt), inArray(tasks.projectId, ids))).all() : [];
      return ids.map((projectId) => {
        const own = allTasks.filter((t) => t.projectId === projectId);
        const overdue = own.filter((t) => t.status !== 'done' && t.dueDate !== null && t.dueDate < today);
        return {
          projectId,
          taskCount: own.length,
          doneCount: own.filter((t) => t.status === 'done').length,
          estimateMinutes: own.reduce((sum, t) => sum + (t.estimateMinutes ?? 0), 0),
          loggedMs: logged.get(projectId) ?? 0,
          overdueTasks: overdue.map((t): Task => TaskSchema.parse({ ...t, assigneeIds: [] })),
        };
      });
    },
  };
}

export type ReportQueries = ReturnType<typeof createReportQueries>;
