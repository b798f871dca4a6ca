import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HlcSchema, HybridClock, decodeHlc, encodeHlc, tickAfter } from './hlc';
import { mergeFields, opClocks, type FieldClocks, type FieldValues } from './merge';

const FIELDS = ['a', 'b', 'c'] as const;

interface Write {
  hlc: string;
  values: FieldValues;
}

function applyAll(writes: readonly Write[]): { values: FieldValues; clocks: FieldClocks | null } {
  let clocks: FieldClocks | null = null;
  let values: FieldValues = {};
  for (const w of writes) {
    const merged = mergeFields(clocks, w.values, opClocks(w.hlc), FIELDS);
    if (merged.changed) {
      values = { ...values, ...merged.winners };
      clocks = merged.clocks;
    }
  }
  return { values, clocks };
}

const write: fc.Arbitrary<Write> = fc
  .record({
    wall: fc.integer({ min: 1, max: 50 }),
    counter: fc.nat(3),
    node: fc.constantFrom('nodeA', 'nodeB', 'nodeC'),
    values: fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fc.integer(), fc.constant(null), fc.string()), { minKeys: 1 }),
  })
  .map(({ wall, counter, node, values }) => ({ hlc: encodeHlc({ wall, counter, node }), values }));

/** Distinct HLCs: two different writes never share a timestamp (the node id makes them differ). */
const writes = fc.uniqueArray(write, { selector: (w) => w.hlc, maxLength: 12 });

describe('per-field last-writer-wins', () => {
  it('gives the same record whatever the order, and applying twice changes nothing', () => {
    fc.assert(
      fc.property(writes, fc.infiniteStream(fc.nat()), (list, randoms) => {
        const shuffled = [...list].sort(() => (randoms.next().value % 3) - 1);
        const expected = applyAll(list).values;
        expect(applyAll(shuffled).values).toEqual(expected);
        expect(applyAll([...shuffled, ...list]).values).toEqual(expected);
      }),
    );
  });

  it('each field ends with the value of the latest write that touched it', () => {
    fc.assert(
      fc.property(writes, (list) => {
        const { values } = applyAll(list);
        for (const field of FIELDS) {
          const latest = list.filter((w) => field in w.values).sort((x, y) => (x.hlc < y.hlc ? -1 : 1)).at(-1);
          if (latest) expect(values[field]).toEqual(latest.values[field]);
          else expect(field in values).toBe(false);
        }
      }),
    );
  });

  it('a whole-record write onto nothing keeps one clock; later partial writes add per-field clocks', () => {
    const first = mergeFields(null, { a: 1, b: 2, c: 3 }, opClocks('t1'), FIELDS);
    expect(first.clocks).toEqual({ '*': 't1' });
    const second = mergeFields(first.clocks, { b: 20 }, opClocks('t2'), FIELDS);
    expect(second).toEqual({ winners: { b: 20 }, clocks: { '*': 't1', b: 't2' }, changed: true });
    // An older write loses, field by field.
    expect(mergeFields(second.clocks, { a: 9, b: 9 }, opClocks('t1x'), FIELDS).winners).toEqual({ a: 9 });
  });
});

describe('hybrid logical clock', () => {
  it('is monotonic even when the wall clock goes back, and moves past what it receives', () => {
    let wall = 1000;
    const clock = new HybridClock('nodeA', () => wall);
    const t1 = clock.now();
    wall = 900;
    const t2 = clock.now();
    expect(t2 > t1).toBe(true);
    const remote = encodeHlc({ wall: 5000, counter: 7, node: 'nodeB' });
    clock.receive(remote);
    const t3 = clock.now();
    expect(t3 > remote).toBe(true);
    expect(decodeHlc(t3)).toEqual({ wall: 5000, counter: 8, node: 'nodeA' });
  });

  it('orders as strings the way it orders as numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 0, max: 2 ** 45 }), fc.nat(1000), fc.nat(1000), (w1, w2, c1, c2) => {
        const a = encodeHlc({ wall: w1, counter: c1, node: 'nodeA' });
        const b = encodeHlc({ wall: w2, counter: c2, node: 'nodeA' });
        const numeric = w1 !== w2 ? Math.sign(w1 - w2) : Math.sign(c1 - c2);
        expect(a < b ? -1 : a > b ? 1 : 0).toBe(numeric);
      }),
    );
  });

  it('one tick after a timestamp sorts after it and before the next millisecond, even at the counter\'s end', () => {
    for (const counter of [0, 35, 36 ** 6 - 1]) {
      const t = encodeHlc({ wall: 5000, counter, node: 'zzzzzz' });
      const next = tickAfter(t, 'aaaa');
      expect(HlcSchema.parse(next)).toBe(next);
      expect(next > t).toBe(true);
      if (counter < 36 ** 6 - 1) expect(next < encodeHlc({ wall: 5001, counter: 0, node: 'aaaa' })).toBe(true);
    }
    expect(tickAfter('', 'aaaa')).toBe(encodeHlc({ wall: 0, counter: 0, node: 'aaaa' }));
  });
});
