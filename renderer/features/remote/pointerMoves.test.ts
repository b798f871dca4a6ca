import { describe, expect, it } from 'vitest';
import { createMoveSender, hasRawPointerUpdates, type MoveClock } from './pointerMoves';

function fakeClock() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: MoveClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((x) => x !== t);
      t.run();
    }
  };
  return { clock, advance, pending: () => timers.length };
}

describe('createMoveSender', () => {
  it('sends a move at once when none went out within the interval', () => {
    const { clock, advance } = fakeClock();
    const sent: number[] = [];
    const moves = createMoveSender<number>((p) => sent.push(p), 8, clock);
    moves.move(1);
    expect(sent).toEqual([1]);
    advance(10);
    moves.move(2);
    expect(sent).toEqual([1, 2]);
  });

  it('keeps only the newest of the moves within one interval and sends it when the interval ends', () => {
    const { clock, advance, pending } = fakeClock();
    const sent: number[] = [];
    const moves = createMoveSender<number>((p) => sent.push(p), 8, clock);
    moves.move(1);
    advance(2);
    moves.move(2);
    advance(2);
    moves.move(3);
    expect(sent).toEqual([1]);
    expect(pending()).toBe(1);
    advance(4);
    expect(sent).toEqual([1, 3]);
    advance(20);
    expect(sent).toEqual([1, 3]);
  });

  it('at 1000 moves a second sends no more than one per interval', () => {
    const { clock, advance } = fakeClock();
    const sent: number[] = [];
    const moves = createMoveSender<number>((p) => sent.push(p), 8, clock);
    for (let i = 0; i < 1000; i++) {
      moves.move(i);
      advance(1);
    }
    expect(sent.length).toBeLessThanOrEqual(126);
    expect(sent.at(-1)).toBeGreaterThanOrEqual(992);
  });

  it('flush sends the waiting move now; cancel drops it', () => {
    const { clock, advance } = fakeClock();
    const sent: number[] = [];
    const moves = createMoveSender<number>((p) => sent.push(p), 8, clock);
    moves.move(1);
    moves.move(2);
    moves.flush();
    expect(sent).toEqual([1, 2]);
    moves.move(3);
    moves.cancel();
    advance(50);
    expect(sent).toEqual([1, 2]);
  });
});

describe('hasRawPointerUpdates', () => {
  it('looks for the event handler property', () => {
    expect(hasRawPointerUpdates({ onpointerrawupdate: null })).toBe(true);
    expect(hasRawPointerUpdates({})).toBe(false);
  });
});
