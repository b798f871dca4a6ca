/**
 * Read-only aggregates for the dashboard and reports.
 *
 * Hours by project and day come from `project_hour_totals` (trigger-maintained per project and
 * UTC hour) whenever the viewer's UTC offset is whole hours and no member or team filter applies: a
 * month is then a few thousand rows whatever the number of entries. Otherwise, and for the
 * member and task breakdowns, one scan of the covering index `time_entries_report`.
 * Entries count on the day (and hour) they start.
 */
import { addDays, formatISO, parseISO } from 'date-fns';
import { and, inArray, isNull } from 'drizzle-orm';
import { ReportRangeSchema, type ProjectSummary, type Report, type ReportBucket, type ReportRange } from '../../common/tracker/views';
import { TaskSchema, type Task } from '../../common/tracker/schemas';
import { members, projects, tasks } from './schema';
import type { StoreContext } from './storeContext';
import { parseInput } from './validate';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** One of the triggers that keep project_hour_totals (migration 0003); a bulk load drops them all. */
const HOUR_TOTALS_TRIGGER = 'time_entries_hours_insert';

interface Totals {
  ms: number;
  billableMs: number;
}
interface ProjectDayRow extends Totals {
  projectId: string;
  day: number;
}
interface MemberTaskRow extends Totals {
  memberId: string;
  taskId: string;
}
type ParsedRange = ReturnType<typeof ReportRangeSchema.parse>;

/** The UTC instants bounding a range of the viewer's calendar days. */
export function rangeBounds(range: { from: string; to: string; utcOffsetMinutes: number }): { fromMs: number; toMs: number; offsetMs: number } {
  const offsetMs = range.utcOffsetMinutes * 60_000;
  return { fromMs: Date.parse(range.from) - offsetMs, toMs: Date.parse(range.to) + DAY_MS - offsetMs, offsetMs };
}

const isoDay = (day: number) => formatISO(day * DAY_MS, { representation: 'date' });

/** Hours by project and day from the hour totals (exported so the benchmark runs the very same SQL raw). */
export const HOURS_BY_PROJECT_DAY_SQL = `SELECT project_id AS projectId, (hour + CAST(@offsetHours AS INTEGER)) / 24 AS day, SUM(ms) AS ms
  FROM project_hour_totals WHERE hour >= @fromHour AND hour < @toHour`;

/**
 * The range's project, member and team filters over time_entries (`alias.` before its columns),
 * with named parameters `@projectId`, `@memberId`, `@teamId` (see `filterParams`).
 */
export function entryFilters(r: Pick<ReportRange, 'projectId' | 'memberId' | 'teamId'>, alias = ''): string {
  return [
    r.projectId ? `AND ${alias}project_id = @projectId` : '',
    r.memberId ? `AND ${alias}member_id = @memberId` : '',
    r.teamId ? `AND ${alias}member_id IN (SELECT member_id FROM team_members WHERE team_id = @teamId AND deleted_at IS NULL)` : '',
  ].join(' ');
}

export function filterParams(r: Pick<ReportRange, 'projectId' | 'memberId' | 'teamId'>): Record<string, string> {
  return {
    ...(r.projectId ? { projectId: r.projectId } : {}),
    ...(r.memberId ? { memberId: r.memberId } : {}),
    ...(r.teamId ? { teamId: r.teamId } : {}),
  };
}

export function createReportQueries(ctx: StoreContext) {
  const { sqlite, db } = ctx;
  // better-sqlite3 binds every JS number as REAL: parameters in integer arithmetic (day and
  // hour buckets) are CAST, or `/` would divide in floating point.
  const ms = `COALESCE(ended_at, @now) - started_at`;
  const filters = (r: ParsedRange) => entryFilters(r);
  const cache = new Map<string, ReturnType<typeof sqlite.prepare>>();
  // A sync bulk load (main/sync/bulkLoad.ts) drops the indexes and the hour-total triggers of
  // time_entries while it fills the table, and main goes on answering between its pages: a hint
  // names an index only while it exists (a hint naming a missing one fails the query), hours come
  // from the totals only while triggers keep them, and the statements are made again whenever
  // the schema has changed.
  const schemaVersion = sqlite.prepare('PRAGMA schema_version').pluck();
  const schemaNames = sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')").pluck();
  let madeFor = -1;
  let names = new Set<string>();
  const followSchema = () => {
    const version = schemaVersion.get() as number;
    if (version === madeFor) return;
    madeFor = version;
    names = new Set(schemaNames.all() as string[]);
    cache.clear();
  };
  const indexedBy = (index: string) => (names.has(index) ? `INDEXED BY ${index}` : '');
  /** Whether project_hour_totals holds every entry (its triggers are in place). */
  const totalsKept = () => {
    followSchema();
    return names.has(HOUR_TOTALS_TRIGGER);
  };
  // Keyed by query name and filter shape, so a hot call never rebuilds or hashes the SQL text.
  const prepared = (key: string, source: () => string) => {
    followSchema();
    let statement = cache.get(key);
    if (!statement) cache.set(key, (statement = sqlite.prepare(source())));
    return statement;
  };
  /** Hours by project and day from the totals, or (member or team filter, an offset of part of an hour, totals not kept) from the entries. */
  const fromTotals = (r: ParsedRange) => !r.memberId && !r.teamId && r.utcOffsetMinutes % 60 === 0 && totalsKept();
  const shape = (r: ParsedRange) => `${r.projectId ? 'p' : ''}${r.memberId ? 'm' : ''}${r.teamId ? 't' : ''}`;
  const scanProjectDay = (r: ParsedRange) =>
    prepared(`scanProjectDay:${shape(r)}`, () =>
      `SELECT project_id AS projectId, (started_at + CAST(@offsetMs AS INTEGER)) / ${DAY_MS} AS day, SUM(${ms}) AS ms,
              SUM(CASE WHEN billable THEN ${ms} ELSE 0 END) AS billableMs
       FROM time_entries ${indexedBy('time_entries_report')}
       WHERE started_at >= @fromMs AND started_at < @toMs AND deleted_at IS NULL ${filters(r)}
       GROUP BY project_id, day`,
    );
  const rollupProjectDay = (r: ParsedRange) =>
    prepared(`rollupProjectDay:${shape(r)}`, () =>
      `SELECT project_id AS projectId, (hour * ${HOUR_MS} + CAST(@offsetMs AS INTEGER)) / ${DAY_MS} AS day, SUM(ms) AS ms, SUM(billable_ms) AS billableMs
       FROM project_hour_totals
       WHERE hour >= CAST(@fromMs AS INTEGER) / ${HOUR_MS} AND hour < CAST(@toMs AS INTEGER) / ${HOUR_MS} ${r.projectId ? 'AND project_id = @projectId' : ''}
       GROUP BY project_id, day`,
    );
  const hoursByProjectDay = (r: ParsedRange) =>
    prepared(`hoursByProjectDay:${shape(r)}`, () => HOURS_BY_PROJECT_DAY_SQL + (r.projectId ? ' AND project_id = @projectId' : '') + ' GROUP BY project_id, day');
  // Running entries are not in the rollup yet; there is at most one per member.
  const runningProjectDay = (r: ParsedRange) =>
    prepared(`runningProjectDay:${shape(r)}`, () =>
      `SELECT project_id AS projectId, (started_at + CAST(@offsetMs AS INTEGER)) / ${DAY_MS} AS day, MAX(0, @now - started_at) AS ms,
              CASE WHEN billable THEN MAX(0, @now - started_at) ELSE 0 END AS billableMs
       FROM time_entries ${indexedBy('time_entries_running')}
       WHERE ended_at IS NULL AND deleted_at IS NULL AND started_at >= @fromMs AND started_at < @toMs ${filters(r)}`,
    );
  const scanMemberTask = (r: ParsedRange) =>
    prepared(`scanMemberTask:${shape(r)}`, () =>
      `SELECT member_id AS memberId, task_id AS taskId, SUM(${ms}) AS ms, SUM(CASE WHEN billable THEN ${ms} ELSE 0 END) AS billableMs
       FROM time_entries ${indexedBy('time_entries_report')}
       WHERE started_at >= @fromMs AND started_at < @toMs AND deleted_at IS NULL ${filters(r)}
       GROUP BY member_id, task_id`,
    );
  // Prepared on first use, like every query here (a store opened on an old schema must not fail).
  const loggedByProject = () =>
    prepared('loggedByProject', () =>
      `SELECT projectId, SUM(ms) AS ms FROM (
         SELECT project_id AS projectId, ms FROM project_hour_totals
         UNION ALL
         SELECT project_id, MAX(0, @now - started_at) FROM time_entries ${indexedBy('time_entries_running')} WHERE ended_at IS NULL AND deleted_at IS NULL
       ) GROUP BY projectId`,
    );

  function paramsOf(r: ParsedRange): Record<string, string | number> {
    const { fromMs, toMs, offsetMs } = rangeBounds(r);
    return { offsetMs, fromMs, toMs, now: ctx.now(), ...filterParams(r) };
  }

  function projectDayRows(r: ParsedRange): ProjectDayRow[] {
    const params = paramsOf(r);
    if (!fromTotals(r)) return scanProjectDay(r).all(params) as ProjectDayRow[];
    const rows = rollupProjectDay(r).all(params) as ProjectDayRow[];
    return rows.concat(runningProjectDay(r).all(params) as ProjectDayRow[]);
  }

  function fold<R extends Totals>(rows: R[], keyOf: (row: R) => string): Map<string, Totals> {
    const totals = new Map<string, Totals>();
    for (const row of rows) {
      const key = keyOf(row);
      const t = totals.get(key);
      if (t) {
        t.ms += row.ms;
        t.billableMs += row.billableMs;
      } else totals.set(key, { ms: row.ms, billableMs: row.billableMs });
    }
    return totals;
  }

  return {
    /** Hours by project and by day: the benchmark's "monthly report" query. */
    byProjectAndDay(range: ReportRange): { projectId: string; day: string; ms: number }[] {
      const r = parseInput(ReportRangeSchema, range);
      if (!fromTotals(r)) {
        return [...fold(projectDayRows(r), (row) => `${row.projectId}|${row.day}`)]
          .filter(([, t]) => t.ms !== 0)
          .map(([key, t]) => ({ projectId: key.slice(0, key.indexOf('|')), day: isoDay(Number(key.slice(key.indexOf('|') + 1))), ms: t.ms }));
      }
      // The hot path: hour totals only, bounds in whole hours, no billable column.
      const { fromMs, toMs } = rangeBounds(r);
      const params = { fromHour: fromMs / HOUR_MS, toHour: toMs / HOUR_MS, offsetHours: r.utcOffsetMinutes / 60, ...(r.projectId ? { projectId: r.projectId } : {}) };
      const rows = hoursByProjectDay(r).all(params) as { projectId: string; day: number; ms: number }[];
      const running = runningProjectDay(r).all(paramsOf(r)) as ProjectDayRow[];
      const dayNames = new Map<number, string>();
      const result = rows.map((row) => {
        let day = dayNames.get(row.day);
        if (day === undefined) dayNames.set(row.day, (day = isoDay(row.day)));
        return { projectId: row.projectId, day, ms: row.ms };
      });
      for (const row of running) {
        const day = isoDay(row.day);
        const same = result.find((x) => x.projectId === row.projectId && x.day === day);
        if (same) same.ms += row.ms;
        else result.push({ projectId: row.projectId, day, ms: row.ms });
      }
      return result.filter((row) => row.ms !== 0);
    },

    report(range: ReportRange): Report {
      const r = parseInput(ReportRangeSchema, range);
      const projectDay = projectDayRows(r).filter((row) => row.ms !== 0);
      const memberTask = scanMemberTask(r).all(paramsOf(r)) as MemberTaskRow[];
      const projectIds = [...new Set(projectDay.map((row) => row.projectId))];
      const memberIds = [...new Set(memberTask.map((row) => row.memberId))];
      const taskIds = [...new Set(memberTask.map((row) => row.taskId))];
      const projectRows = projectIds.length || taskIds.length ? db.select().from(projects).all() : [];
      const memberRows = memberIds.length ? db.select().from(members).where(inArray(members.id, memberIds)).all() : [];
      const taskRows = taskIds.length ? db.select().from(tasks).where(inArray(tasks.id, taskIds)).all() : [];
      const projectById = new Map(projectRows.map((p) => [p.id, p]));
      const memberName = new Map(memberRows.map((m) => [m.id, m.name]));
      const taskById = new Map(taskRows.map((t) => [t.id, t]));

      const sorted = <T extends ReportBucket>(list: T[]) => list.sort((a, b) => b.ms - a.ms || a.label.localeCompare(b.label));
      const byDayTotals = fold(projectDay, (row) => isoDay(row.day));
      const byDay: ReportBucket[] = [];
      for (let d = parseISO(r.from); formatISO(d, { representation: 'date' }) <= r.to; d = addDays(d, 1)) {
        const key = formatISO(d, { representation: 'date' });
        byDay.push({ key, label: key, ...(byDayTotals.get(key) ?? { ms: 0, billableMs: 0 }) });
      }
      const total = fold(projectDay, () => 'all').get('all') ?? { ms: 0, billableMs: 0 };
      return {
        from: r.from,
        to: r.to,
        totalMs: total.ms,
        billableMs: total.billableMs,
        byProject: sorted(
          [...fold(projectDay, (row) => row.projectId)].map(([key, t]) => ({
            key,
            label: projectById.get(key)?.name ?? 'Deleted project',
            colour: projectById.get(key)?.colour ?? '#888888',
            ...t,
          })),
        ),
        byMember: sorted([...fold(memberTask, (row) => row.memberId)].map(([key, t]) => ({ key, label: memberName.get(key) ?? 'Unknown member', ...t }))),
        byTask: sorted(
          [...fold(memberTask, (row) => row.taskId)].map(([key, t]) => {
            const task = taskById.get(key);
            return { key, label: task?.title ?? 'Deleted task', projectLabel: projectById.get(task?.projectId ?? '')?.name ?? '', ...t };
          }),
        ),
        byDay,
      };
    },

    /** Progress, hours against estimate and overdue tasks for every project. */
    projectSummaries(today: string): ProjectSummary[] {
      const logged = new Map<string, number>();
      // Scanning every entry instead would cost a bulk load's page a second each on a big workspace.
      const hoursCounting = !totalsKept();
      for (const row of loggedByProject().all({ now: ctx.now() }) as { projectId: string; ms: number }[]) {
        logged.set(row.projectId, (logged.get(row.projectId) ?? 0) + row.ms);
      }
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
          hoursCounting,
          overdueTasks: overdue.map((t): Task => TaskSchema.parse({ ...t, assigneeIds: [] })),
        };
      });
    },
  };
}

export type ReportQueries = ReturnType<typeof createReportQueries>;
