/**
 * Imports a CSV of time entries (see timeCsvRows.ts) in one transaction: projects, tasks and
 * members are found by name (members by email first) or created, and each entry goes through the
 * entry store's own create, so overlaps with what is there (or with the file itself, or a second
 * import of the same file) are refused. Any refusal names the line and writes nothing.
 */
import { RpcError } from '../../common/ipc/rpc';
import type { ImportResult } from '../../common/tracker/views';
import type { TrackerStore } from '../store/trackerStore';
import { readTimeCsv } from './timeCsvRows';

/** The task for rows that name none (Toggl's entries often have only a description). */
const NO_TASK = 'General';

export function importTimeCsv(store: TrackerStore, text: string, meId: string): ImportResult {
  const rows = readTimeCsv(text);
  const result: ImportResult = { entries: 0, skipped: 0, projects: 0, tasks: 0, members: 0 };
  const key = (s: string) => s.trim().toLowerCase();
  store.ctx.write(['projects', 'tasks', 'members', 'timeEntries'], () => {
    const projects = new Map(store.projects.list().map((p) => [key(p.name), p.id]));
    const tasks = new Map(store.tasks.list(null).map((t) => [`${t.projectId}|${key(t.title)}`, t.id]));
    const members = store.members.list();
    const byEmail = new Map(members.filter((m) => m.email).map((m) => [key(m.email), m.id]));
    const byName = new Map(members.map((m) => [key(m.name), m.id]));

    for (const row of rows) {
      if (row.endedAt === row.startedAt) {
        result.skipped += 1;
        continue;
      }
      try {
        let projectId = projects.get(key(row.project));
        if (!projectId) {
          projectId = store.projects.create({ name: row.project, client: row.client }).id;
          projects.set(key(row.project), projectId);
          result.projects += 1;
        }
        const title = row.task || NO_TASK;
        let taskId = tasks.get(`${projectId}|${key(title)}`);
        if (!taskId) {
          taskId = store.tasks.create({ projectId, title }).id;
          tasks.set(`${projectId}|${key(title)}`, taskId);
          result.tasks += 1;
        }
        let memberId = (row.email && byEmail.get(row.email)) || (row.member && byName.get(key(row.member))) || (row.member ? undefined : meId);
        if (!memberId) {
          memberId = store.members.create({ name: row.member, email: row.email }).id;
          byName.set(key(row.member), memberId);
          if (row.email) byEmail.set(row.email, memberId);
          result.members += 1;
        }
        store.entries.create({ taskId, startedAt: row.startedAt, endedAt: row.endedAt, description: row.description, billable: row.billable, memberId }, meId);
        result.entries += 1;
      } catch (error) {
        if (error instanceof RpcError) throw new RpcError(error.code, `Line ${row.line}: ${error.message}`, error.issues);
        throw error;
      }
    }
  });
  return result;
}
