import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { method, RpcError } from '../../common/ipc/rpc';
import { createDispatcher } from './dispatcher';

const contract = {
  services: {
    tasks: {
      rename: method(z.tuple([z.string().uuid(), z.string().min(1).max(20)]), z.object({ id: z.string(), title: z.string() })),
      explode: method(z.tuple([]), z.void()),
      leak: method(z.tuple([]), z.object({ id: z.string() }).strict()),
    },
  },
  events: {},
} as const;

const id = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';

function setup() {
  const rename = vi.fn((taskId: string, title: string) => ({ id: taskId, title }));
  const dispatcher = createDispatcher(
    contract,
    {
      tasks: {
        rename,
        explode: () => {
          throw new Error('database file is locked at /secret/path');
        },
        leak: () => ({ id: 'x', password: 'hunter2' }) as unknown as { id: string },
      },
    },
    pino({ level: 'silent' }),
  );
  return { dispatcher, rename };
}

describe('createDispatcher', () => {
  it('calls the handler with parsed arguments and returns its value', async () => {
    const { dispatcher, rename } = setup();
    await expect(dispatcher.dispatch('meshwork:tasks.rename', [id, 'Ship it'])).resolves.toEqual({
      ok: true,
      value: { id, title: 'Ship it' },
    });
    expect(rename).toHaveBeenCalledWith(id, 'Ship it');
  });

  it.each([
    ['not an array', 'hello'],
    ['too few arguments', [id]],
    ['wrong type', [id, 42]],
    ['too long', [id, 'x'.repeat(21)]],
    ['bad id', ['not-a-uuid', 'ok']],
  ])('rejects %s with invalid-input and never calls the handler', async (_label, args) => {
    const { dispatcher, rename } = setup();
    const result = await dispatcher.dispatch('meshwork:tasks.rename', args);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(rename).not.toHaveBeenCalled();
  });

  it('answers unknown channels with not-found', async () => {
    const { dispatcher } = setup();
    await expect(dispatcher.dispatch('meshwork:tasks.drop', [])).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('hides unexpected errors behind a generic internal error', async () => {
    const { dispatcher } = setup();
    const result = await dispatcher.dispatch('meshwork:tasks.explode', []);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
  });

  it('passes RpcError codes and messages through', async () => {
    const dispatcher = createDispatcher(
      contract,
      {
        tasks: {
          rename: () => {
            throw new RpcError('not-found', 'No task with that id');
          },
          explode: () => undefined,
          leak: () => ({ id: 'x' }),
        },
      },
      pino({ level: 'silent' }),
    );
    await expect(dispatcher.dispatch('meshwork:tasks.rename', [id, 'a'])).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No task with that id' },
    });
  });

  it('refuses to return more than the contract declares', async () => {
    const { dispatcher } = setup();
    await expect(dispatcher.dispatch('meshwork:tasks.leak', [])).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('fails fast when a handler is missing', () => {
    expect(() => createDispatcher(contract, { tasks: {} } as never, pino({ level: 'silent' }))).toThrow(/No handler for tasks.rename/);
  });
});
