/**
 * The timer: one running entry per member, kept in the database itself (an open time entry),
 * so a running timer survives a restart with nothing else to restore. Idle time is settled here
 * too (keep, discard or split), whatever noticed the idleness (Electron powerMonitor or the
 * browser-mode source).
 */
import { RpcError } from '../../common/ipc/rpc';
import type { IdleChoice, IdlePrompt, RecentTask, TimerStatus } from '../../common/tracker/views';
import type { TrackerStore } from '../store/trackerStore';

export interface TimerServiceOptions {
  now?: () => number;
  onIdlePrompt?: (prompt: IdlePrompt) => void;
}

export class TimerService {
  private readonly store: TrackerStore;
  private readonly now: () => number;
  private readonly onIdlePrompt: (prompt: IdlePrompt) => void;
  private readonly prompts = new Map<string, IdlePrompt>();
  private readonly recentQuery;

  constructor(store: TrackerStore, options: TimerServiceOptions = {}) {
    this.store = store;
    this.now = options.now ?? Date.now;
    this.onIdlePrompt = options.onIdlePrompt ?? (() => {});
    this.recentQuery = store.sqlite.prepare(
      `SELECT e.task_id AS taskId, MAX(e.started_at) AS lastStart FROM time_entries e
       WHERE e.member_id = ? AND e.deleted_at IS NULL AND e.started_at >= ?
       GROUP BY e.task_id ORDER BY lastStart DESC LIMIT ?`,
    );
  }

  status(memberId: string): TimerStatus {
    const running = this.store.entries.running(memberId);
    if (!running) return { memberId, running: null, taskTitle: null, projectName: null };
    const task = this.store.tasks.find(running.taskId);
    const project = this.store.projects.find(running.projectId, true);
    return { memberId, running, taskTitle: task?.title ?? 'Deleted task', projectName: project?.name ?? 'Deleted project' };
  }

  /** Starts timing `taskId`; a timer already running for this member stops at the same instant. */
  start(memberId: string, taskId: string, description = ''): TimerStatus {
    const at = this.now();
    if (this.store.entries.running(memberId)?.taskId === taskId) return this.status(memberId);
    this.store.ctx.write(['timeEntries'], () => {
      const running = this.store.entries.running(memberId);
      if (running) this.store.entries.stop(running.id, at);
      this.store.entries.start(memberId, taskId, at, description);
    });
    this.prompts.delete(memberId);
    return this.status(memberId);
  }

  stop(memberId: string): TimerStatus {
    const running = this.store.entries.running(memberId);
    if (!running) throw new RpcError('conflict', 'No timer is running');
    this.store.entries.stop(running.id, this.now());
    this.prompts.delete(memberId);
    return this.status(memberId);
  }

  /** The tasks this member timed most recently (tray menu, quick start). */
  recentTasks(memberId: string, limit = 5): RecentTask[] {
    const since = this.now() - 60 * 86_400_000;
    const rows = this.recentQuery.all(memberId, since, limit * 2) as { taskId: string }[];
    const result: RecentTask[] = [];
    for (const { taskId } of rows) {
      const task = this.store.tasks.find(taskId);
      const project = task ? this.store.projects.find(task.projectId) : null;
      if (task && project) result.push({ taskId, title: task.title, projectName: project.name });
      if (result.length === limit) break;
    }
    return result;
  }

  /** Called by an idle source when the member comes back after `idleStart`. */
  idleDetected(memberId: string, idleStart: number, returnedAt: number): IdlePrompt | null {
    const running = this.store.entries.running(memberId);
    if (!running || returnedAt <= idleStart) return null;
    const prompt: IdlePrompt = { memberId, entryId: running.id, idleStart: Math.max(idleStart, running.startedAt), returnedAt };
    if (prompt.returnedAt <= prompt.idleStart) return null;
    this.prompts.set(memberId, prompt);
    this.onIdlePrompt(prompt);
    return prompt;
  }

  pendingIdle(memberId: string): IdlePrompt | null {
    return this.prompts.get(memberId) ?? null;
  }

  /**
   * keep: the idle time stays in the running entry. discard: the entry is cut at the start of the
   * idle time and timing resumes at the return. split: as discard, but the idle stretch is kept
   * as its own non-billable entry to reassign or delete later.
   */
  resolveIdle(memberId: string, choice: IdleChoice): TimerStatus {
    const prompt = this.prompts.get(memberId);
    if (!prompt) throw new RpcError('not-found', 'There is no idle time waiting for a decision');
    this.prompts.delete(memberId);
    if (choice === 'keep') return this.status(memberId);
    const { entries } = this.store;
    const entry = entries.find(prompt.entryId);
    if (!entry) throw new RpcError('conflict', 'The timed entry was deleted meanwhile');
    this.store.ctx.write(['timeEntries'], () => {
      // Three pieces: before the idle time, the idle time, and after it (still running if it was).
      const [, idleAndAfter] = prompt.idleStart > entry.startedAt ? entries.split(entry.id, prompt.idleStart) : [entry, entry];
      const end = idleAndAfter.endedAt ?? this.now();
      const idle = prompt.returnedAt < end ? entries.split(idleAndAfter.id, prompt.returnedAt)[0] : idleAndAfter;
      if (choice === 'discard') entries.remove(idle.id);
      else entries.update(idle.id, { billable: false, description: 'Idle time' });
    });
    return this.status(memberId);
  }
}
