import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { channelOf } from '../../common/ipc/rpc';
import { SOURCE_MIGRATIONS_DIR, tempDir } from '../store/testing/tempStore';
import { createMainServices, type MainServices } from './mainServices';
import { UnsupportedUpdates } from './updateService';

let services: MainServices | null = null;
let cleanup = () => {};
afterEach(() => {
  services?.close();
  cleanup();
});

function start(): { services: MainServices; events: [string, unknown][] } {
  const temp = tempDir('meshwork-services-');
  cleanup = temp.cleanup;
  services = createMainServices({
    app: { mode: 'browser', serverUrl: null, embeddedServer: false },
    updates: new UnsupportedUpdates('test'),
    log: pino({ level: 'silent' }),
    tracker: { dataDir: temp.dir, migrationsDir: SOURCE_MIGRATIONS_DIR },
    meetings: { dataDir: temp.dir },
  });
  const events: [string, unknown][] = [];
  services.events.addSink((event, payload) => events.push([event, payload]));
  return { services, events };
}

const call = (s: MainServices, service: string, method: string, ...args: unknown[]) => s.dispatcher.dispatch(channelOf(service, method), args);

it('validates tracker calls at the dispatcher and announces changes as events', async () => {
  const { services: s, events } = start();
  const created = await call(s, 'tracker', 'createProject', { name: 'Via IPC' });
  expect(created).toMatchObject({ ok: true, value: { name: 'Via IPC', status: 'active' } });
  expect(events).toContainEqual(['tracker.changed', { entities: ['projects'] }]);

  const bad = await call(s, 'tracker', 'createEntry', { taskId: 'x', startedAt: 2, endedAt: 1 });
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  const unknown = await call(s, 'tracker', 'updateProject', 'missing', { name: 'x' });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
});

it('turns reported idle time into a timer.idle event while a timer runs', async () => {
  const { services: s, events } = start();
  const project = (await call(s, 'tracker', 'createProject', { name: 'P' })) as { value: { id: string } };
  const task = (await call(s, 'tracker', 'createTask', { projectId: project.value.id, title: 'T' })) as { value: { id: string } };
  expect(await call(s, 'timer', 'start', task.value.id)).toMatchObject({ ok: true });
  expect(events.some(([name]) => name === 'timer.status')).toBe(true);
  expect(await call(s, 'timer', 'reportIdle', 600)).toEqual({ ok: true, value: undefined });
  expect(await call(s, 'timer', 'reportIdle', 0)).toEqual({ ok: true, value: undefined });
  expect(events.filter(([name]) => name === 'timer.idle')).toHaveLength(1);
  expect(await call(s, 'timer', 'resolveIdle', 'split')).toMatchObject({ ok: true });
});
