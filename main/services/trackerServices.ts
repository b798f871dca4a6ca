/**
 * The tracker in main: opens the store, starts the timer machinery and returns the handlers for
 * the `tracker.*` and `timer.*` contract services. Change notifications from the store become
 * `tracker.changed` / `timer.status` events, so the renderer re-queries instead of guessing.
 */
import path from 'node:path';
import { formatISO } from 'date-fns';
import type { IpcContract } from '../../common/ipc/contract';
import type { HandlersOf } from '../ipc/dispatcher';
import type { EventBus } from '../ipc/eventBus';
import type { Logger } from '../log';
import { openTrackerStore, type TrackerStore } from '../store/trackerStore';
import { IdleMonitor, ReportedIdleSource, type IdleSource } from './idleMonitor';
import { ReportExporter } from './reportExporter';
import { importTimeCsv } from './timeImporter';
import { TimerReminder } from './timerReminder';
import { TimerService } from './timerService';

export interface TrackerOptions {
  dataDir: string;
  /** drizzle-kit's migrations folder as shipped next to the bundle (or in the source tree). */
  migrationsDir: string;
  /** Electron passes powerMonitor; browser mode leaves it out and the page reports instead. */
  idleSource?: IdleSource;
  idleThresholdSeconds?: number;
  now?: () => number;
}

export interface TrackerRuntime {
  store: TrackerStore;
  timer: TimerService;
  meId: () => string;
  /** This install's member as the server's token endpoint takes it (the name cut to DisplayNameSchema's 80). */
  identity(): { userId: string; displayName: string };
  /** Local writes (not remote ones applied by sync): the sync client pushes after each. */
  onLocalChange(listener: () => void): void;
  handlers: Pick<HandlersOf<IpcContract>, 'tracker' | 'timer'>;
  close(): void;
}

export function createTrackerServices(options: TrackerOptions, events: EventBus<IpcContract>, log: Logger): TrackerRuntime {
  const now = options.now ?? Date.now;
  let timer: TimerService | null = null;
  const localListeners = new Set<() => void>();
  const store = openTrackerStore({
    dataDir: options.dataDir,
    migrationsDir: options.migrationsDir,
    now,
    onChange: (entities) => {
      events.emit('tracker.changed', { entities });
      for (const listener of localListeners) listener();
      if (timer && entities.includes('timeEntries')) events.emit('timer.status', timer.status(meId()));
    },
  });
  const me = store.members.me();
  const meId = () => me.id;
  timer = new TimerService(store, { now, onIdlePrompt: (prompt) => events.emit('timer.idle', prompt) });
  const live = timer;
  const exporter = new ReportExporter(store, path.join(options.dataDir, 'exports'), now);

  const reported = options.idleSource ? null : new ReportedIdleSource(now);
  const idle = new IdleMonitor({
    source: options.idleSource ?? reported!,
    thresholdSeconds: options.idleThresholdSeconds ?? 5 * 60,
    now,
    onReturn: (idleStart, returnedAt) => live.idleDetected(meId(), idleStart, returnedAt),
  });
  idle.start();
  const reminder = new TimerReminder({
    store,
    memberId: meId,
    now,
    remind: (message, at) => events.emit('timer.reminder', { memberId: meId(), message, at }),
  });
  reminder.start();
  log.info({ file: store.file }, 'tracker store open');

  const { members, projects, tasks, entries, resources, reports } = store;
  return {
    store,
    timer,
    meId,
    identity() {
      const me = members.get(meId());
      return { userId: me.id, displayName: me.name.slice(0, 80) || 'Meshwork' };
    },
    onLocalChange: (listener) => void localListeners.add(listener),
    close() {
      idle.stop();
      reminder.stop();
      store.close();
    },
    handlers: {
      tracker: {
        me: () => members.get(meId()),
        listMembers: () => members.list(),
        createMember: (input) => members.create(input),
        updateMember: (id, patch) => members.update(id, patch),
        deleteMember: (id) => members.remove(id, meId()),
        listTeams: () => members.listTeams(),
        createTeam: (input) => members.createTeam(input),
        updateTeam: (id, patch) => members.updateTeam(id, patch),
        deleteTeam: (id) => members.deleteTeam(id),
        listProjects: () => projects.list(),
        createProject: (input) => projects.create(input),
        updateProject: (id, patch) => projects.update(id, patch),
        deleteProject: (id) => projects.remove(id),
        dashboard: (today) => reports.projectSummaries(today),
        listTasks: (projectId) => tasks.list(projectId),
        createTask: (input) => tasks.create(input),
        updateTask: (id, patch) => tasks.update(id, patch),
        moveTask: (move) => tasks.move(move),
        deleteTask: (id) => tasks.remove(id),
        listComments: (taskId) => tasks.listComments(taskId),
        addComment: (input) => tasks.addComment(input, meId()),
        updateComment: (id, patch) => tasks.updateComment(id, patch, meId()),
        deleteComment: (id) => tasks.deleteComment(id, meId()),
        listEntries: (query) => entries.list(query),
        createEntry: (input) => entries.create(input, meId()),
        setDayTotal: (input) => store.dayTotals.set(input, meId()),
        updateEntry: (id, patch) => entries.update(id, patch),
        splitEntry: (id, at) => entries.split(id, at),
        deleteEntry: (id) => entries.remove(id),
        restoreEntry: (id) => entries.restore(id),
        listAllocations: () => resources.listAllocations(),
        createAllocation: (input) => resources.createAllocation(input),
        deleteAllocation: (id) => resources.removeAllocation(id),
        listTimeOff: () => resources.listTimeOff(),
        createTimeOff: (input) => resources.createTimeOff(input),
        deleteTimeOff: (id) => resources.removeTimeOff(id),
        resources: (weekStart, weeks) => resources.weeks(weekStart, weeks),
        report: (range) => reports.report(range),
        importEntries: (text) => importTimeCsv(store, text, meId()),
        exportReport: (range, format) => exporter.export(range, format),
      },
      timer: {
        status: () => live.status(meId()),
        start: (taskId, description) => live.start(meId(), taskId, description),
        stop: () => live.stop(meId()),
        recentTasks: () => live.recentTasks(meId()),
        pendingIdle: () => live.pendingIdle(meId()),
        resolveIdle: (choice) => live.resolveIdle(meId(), choice),
        reportIdle: (seconds) => {
          if (!reported) return; // the desktop asks the OS instead
          reported.report(seconds);
          idle.check();
        },
      },
    },
  };
}

export const todayIso = (ms: number) => formatISO(ms, { representation: 'date' });
