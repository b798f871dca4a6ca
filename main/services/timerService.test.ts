import { afterEach, describe, expect, it } from 'vitest';
import { openTrackerStore } from '../store/trackerStore';
import { SOURCE_MIGRATIONS_DIR, tempDir } from '../store/testing/tempStore';
import { IdleMonitor, ReportedIdleSource } from './idleMonitor';
import { TimerReminder } from './timerReminder';
import { TimerService } from './timerService';

const MIN = 60_000;
const T0 = new Date(2026, 2, 2, 9, 0).getTime(); // a Monday, 09:00 local time

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

function world() {
  const temp = tempDir('meshwork-timer-');
  cleanups.push(temp.cleanup);
  const clock = { now: T0 };
  const open = () => {
    const store = openTrackerStore({ dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR, now: () => clock.now });
    const prompts: unknown[] = [];
    const timer = new TimerService(store, { now: () => clock.now, onIdlePrompt: (p) => prompts.push(p) });
    return { store, timer, prompts };
  };
  const first = open();
  const me = first.store.members.me();
  const project = first.store.projects.create({ name: 'Client work' });
  const task = first.store.tasks.create({ projectId: project.id, title: 'Design review' });
  const other = first.store.tasks.create({ projectId: project.id, title: 'Emails' });
  return { clock, open, me, task, other, ...first };
}

describe('TimerService', () => {
  it('keeps a running timer across a restart of main', () => {
    const w = world();
    w.timer.start(w.me.id, w.task.id);
    w.clock.now += 25 * MIN;
    w.store.close(); // main process exits with the timer running

    const again = w.open();
    cleanups.push(() => again.store.close());
    const status = again.timer.status(w.me.id);
    expect(status).toMatchObject({ taskTitle: 'Design review', projectName: 'Client work' });
    expect(status.running).toMatchObject({ startedAt: T0, endedAt: null });

    w.clock.now += 5 * MIN;
    const stopped = again.timer.stop(w.me.id);
    expect(stopped.running).toBeNull();
    const [entry] = again.store.entries.list({ from: T0, to: T0 + 60 * MIN });
    expect(entry!.endedAt! - entry!.startedAt).toBe(30 * MIN);
  });

  it('runs one timer per member: starting another task stops the first at the same instant', () => {
    const w = world();
    cleanups.push(() => w.store.close());
    w.timer.start(w.me.id, w.task.id);
    w.clock.now += 10 * MIN;
    w.timer.start(w.me.id, w.other.id);
    const entries = w.store.entries.list({ from: T0, to: T0 + 60 * MIN });
    expect(entries.map((e) => [e.taskId, e.startedAt, e.endedAt])).toEqual([
      [w.task.id, T0, T0 + 10 * MIN],
      [w.other.id, T0 + 10 * MIN, null],
    ]);
    expect(w.timer.recentTasks(w.me.id).map((t) => t.title)).toEqual(['Emails', 'Design review']);
    expect(() => w.timer.start(w.me.id, 'missing-task')).toThrow(/No task/);
    expect(w.timer.status(w.me.id).taskTitle).toBe('Emails');
  });

  it('splits idle time into its own non-billable entry and keeps timing', () => {
    const w = world();
    cleanups.push(() => w.store.close());
    w.timer.start(w.me.id, w.task.id);
    const source = new ReportedIdleSource(() => w.clock.now);
    const monitor = new IdleMonitor({
      source,
      thresholdSeconds: 5 * 60,
      now: () => w.clock.now,
      onReturn: (idleStart, returnedAt) => w.timer.idleDetected(w.me.id, idleStart, returnedAt),
    });
    w.clock.now += 20 * MIN;
    source.report(0);
    monitor.check();
    w.clock.now += 30 * MIN; // away for 30 minutes from T0+20
    source.report(30 * 60);
    monitor.check();
    expect(w.prompts).toEqual([]); // still away: nothing to ask yet
    source.report(0);
    monitor.check();
    expect(w.prompts).toEqual([{ memberId: w.me.id, entryId: expect.any(String), idleStart: T0 + 20 * MIN, returnedAt: T0 + 50 * MIN }]);

    w.clock.now += 10 * MIN;
    const status = w.timer.resolveIdle(w.me.id, 'split');
    const entries = w.store.entries.list({ from: T0, to: T0 + 120 * MIN });
    expect(entries.map((e) => [e.startedAt - T0, e.endedAt === null ? null : e.endedAt - T0, e.billable, e.description])).toEqual([
      [0, 20 * MIN, true, ''],
      [20 * MIN, 50 * MIN, false, 'Idle time'],
      [50 * MIN, null, true, ''],
    ]);
    expect(status.running?.startedAt).toBe(T0 + 50 * MIN);
    expect(() => w.timer.resolveIdle(w.me.id, 'split')).toThrow(/no idle time/);
  });

  it('discards idle time, or keeps it', () => {
    const w = world();
    cleanups.push(() => w.store.close());
    w.timer.start(w.me.id, w.task.id);
    w.timer.idleDetected(w.me.id, T0 + 10 * MIN, T0 + 40 * MIN);
    w.clock.now = T0 + 45 * MIN;
    w.timer.resolveIdle(w.me.id, 'discard');
    expect(w.store.entries.list({ from: T0, to: T0 + 120 * MIN }).map((e) => [e.startedAt - T0, e.endedAt && e.endedAt - T0])).toEqual([
      [0, 10 * MIN],
      [40 * MIN, null],
    ]);
    w.timer.idleDetected(w.me.id, T0 + 41 * MIN, T0 + 44 * MIN);
    w.timer.resolveIdle(w.me.id, 'keep');
    expect(w.store.entries.list({ from: T0, to: T0 + 120 * MIN })).toHaveLength(2);
  });

  it('reminds during working hours when no timer runs, and not otherwise', () => {
    const w = world();
    cleanups.push(() => w.store.close());
    const reminders: string[] = [];
    const reminder = new TimerReminder({ store: w.store, memberId: () => w.me.id, remind: (m) => reminders.push(m), now: () => w.clock.now });
    w.clock.now = T0 + 60 * MIN; // Monday 10:00
    expect(reminder.check()).toBe(true);
    expect(reminder.check()).toBe(false); // not again within the interval
    w.clock.now += 31 * MIN;
    w.timer.start(w.me.id, w.task.id);
    expect(reminder.check()).toBe(false); // a timer runs
    w.timer.stop(w.me.id);
    w.clock.now = new Date(2026, 2, 7, 11, 0).getTime(); // Saturday
    expect(reminder.check()).toBe(false);
    w.clock.now = new Date(2026, 2, 9, 20, 0).getTime(); // Monday evening
    expect(reminder.check()).toBe(false);
    expect(reminders).toHaveLength(1);
  });
});
