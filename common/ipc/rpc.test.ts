import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelOf, channelsOf, createClient, method, RpcError, type RpcTransport } from './rpc';

const contract = {
  services: {
    notes: {
      add: method(z.tuple([z.string(), z.string().optional()]), z.number()),
      list: method(z.tuple([]), z.array(z.string())),
    },
  },
  events: { 'notes.changed': z.number() },
} as const;

function recordingTransport(reply: (channel: string, args: unknown[]) => unknown) {
  const calls: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const transport: RpcTransport = {
    invoke: async (channel, args) => {
      calls.push({ channel, args });
      return reply(channel, args);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, calls, emit: (event: string, payload: unknown) => listeners.forEach((l) => l(event, payload)) };
}

describe('createClient', () => {
  it('derives one prefixed channel per method and forwards positional arguments', async () => {
    const { transport, calls } = recordingTransport(() => ({ ok: true, value: 7 }));
    const api = createClient(contract, transport);
    await expect(api.notes.add('hello')).resolves.toBe(7);
    expect(calls).toEqual([{ channel: 'meshwork:notes.add', args: ['hello'] }]);
    expect(channelsOf(contract)).toEqual([channelOf('notes', 'add'), channelOf('notes', 'list')]);
  });

  it('leaves out trailing optional arguments given as undefined, so JSON does not turn them into null', async () => {
    const { transport, calls } = recordingTransport((_channel, args) => {
      const parsed = contract.services.notes.add.input.safeParse(JSON.parse(JSON.stringify(args)));
      return parsed.success ? { ok: true, value: 1 } : { ok: false, error: { code: 'invalid-input', message: parsed.error.message } };
    });
    const api = createClient(contract, transport);
    await expect(api.notes.add('hello', undefined)).resolves.toBe(1);
    await expect(api.notes.add('hello', 'tag')).resolves.toBe(1);
    expect(calls.map((c) => c.args)).toEqual([['hello'], ['hello', 'tag']]);
  });

  it('turns a failure reply into an RpcError with its code and issues', async () => {
    const { transport } = recordingTransport(() => ({
      ok: false,
      error: { code: 'invalid-input', message: 'Invalid input: 0: too long', issues: [{ path: '0', message: 'too long' }] },
    }));
    const api = createClient(contract, transport);
    const error = await api.notes.add('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'invalid-input', issues: [{ path: '0', message: 'too long' }] });
  });

  it('accepts a void result after a JSON round trip drops its value key', async () => {
    const { transport } = recordingTransport(() => JSON.parse(JSON.stringify({ ok: true, value: undefined })));
    await expect(createClient(contract, transport).notes.list()).resolves.toBeUndefined();
  });

  it('rejects a malformed reply instead of returning it', async () => {
    const { transport } = recordingTransport(() => ({ surprise: true }));
    await expect(createClient(contract, transport).notes.list()).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers only the subscribed event and stops after unsubscribe', () => {
    const { transport, emit } = recordingTransport(() => null);
    const api = createClient(contract, transport);
    const seen: number[] = [];
    const off = api.on('notes.changed', (n) => seen.push(n));
    emit('other.event', 1);
    emit('notes.changed', 2);
    off();
    emit('notes.changed', 3);
    expect(seen).toEqual([2]);
    expect(() => api.on('nope' as 'notes.changed', () => {})).toThrow(/Unknown event/);
  });

  it('freezes the API so page scripts cannot swap a method', () => {
    const api = createClient(contract, recordingTransport(() => null).transport);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.notes)).toBe(true);
  });
});
