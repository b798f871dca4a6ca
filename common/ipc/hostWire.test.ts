import { describe, expect, it } from 'vitest';
import { decodeBinaryCall, encodeBinaryCall } from './hostWire';

describe('binary call frames', () => {
  it('round-trips a call whose one bytes argument travels raw', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const frame = encodeBinaryCall(7, 'meshwork:files.write', ['receive-1', 4096, bytes])!;
    expect(frame.byteLength).toBeLessThan(bytes.byteLength + 200);
    const call = decodeBinaryCall(frame);
    expect(call).toMatchObject({ type: 'call', id: 7, channel: 'meshwork:files.write' });
    const { args } = call as { args: unknown[] };
    expect(args.slice(0, 2)).toEqual(['receive-1', 4096]);
    expect(args[2]).toBeInstanceOf(Uint8Array);
    expect([...(args[2] as Uint8Array)]).toEqual([...bytes]);
  });

  it('copies only the view it is given, and leaves calls without bytes to JSON', () => {
    const whole = new Uint8Array(1 << 20);
    const view = whole.subarray(10, 20).fill(9);
    const frame = encodeBinaryCall(1, 'meshwork:recordings.write', ['r-123456789', view])!;
    expect(frame.byteLength).toBeLessThan(200);
    expect([...((decodeBinaryCall(frame) as { args: unknown[] }).args[1] as Uint8Array)]).toEqual(Array(10).fill(9));
    expect(encodeBinaryCall(2, 'meshwork:app.getInfo', [])).toBeNull();
  });

  it('builds a frame in a buffer it is given when that is large enough, and in a new one otherwise', () => {
    const reused = new ArrayBuffer(4096);
    const first = encodeBinaryCall(3, 'meshwork:files.write', ['receive-1', 0, new Uint8Array(100).fill(1)], reused)!;
    expect(first.buffer).toBe(reused);
    expect((decodeBinaryCall(first) as { args: unknown[] }).args[2]).toEqual(new Uint8Array(100).fill(1));
    const second = encodeBinaryCall(4, 'meshwork:files.write', ['receive-1', 100, new Uint8Array(50).fill(2)], reused)!;
    expect(second.byteLength).toBeLessThan(first.byteLength);
    expect((decodeBinaryCall(second) as { args: unknown[] }).args).toEqual(['receive-1', 100, new Uint8Array(50).fill(2)]);
    const large = encodeBinaryCall(5, 'meshwork:files.write', ['receive-1', 150, new Uint8Array(5000)], reused)!;
    expect(large.buffer).not.toBe(reused);
  });

  it('rejects frames that are not calls', () => {
    const header = (json: string, tail: number[] = []) => {
      const text = new TextEncoder().encode(json);
      const frame = new Uint8Array(4 + text.length + tail.length);
      new DataView(frame.buffer).setUint32(0, text.length);
      frame.set(text, 4);
      frame.set(tail, 4 + text.length);
      return frame;
    };
    expect(decodeBinaryCall(new Uint8Array(3))).toHaveProperty('error');
    expect(decodeBinaryCall(header('{"type":"call"'))).toHaveProperty('error');
    expect(decodeBinaryCall(header(JSON.stringify({ type: 'call', id: 1, channel: 'x', args: [null], binaryArg: 1 })))).toHaveProperty('error');
    expect(decodeBinaryCall(header(JSON.stringify({ type: 'call', id: 1, channel: 'x', args: [null], binaryArg: 0 }), [1, 2]))).not.toHaveProperty('error');
    const long = new Uint8Array(8);
    new DataView(long.buffer).setUint32(0, 100);
    expect(decodeBinaryCall(long)).toHaveProperty('error');
  });
});
