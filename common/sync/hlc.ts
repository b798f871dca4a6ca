/**
 * Hybrid logical clock (Kulkarni et al.): timestamps that follow wall time where clocks agree
 * and still order every causally later event after what it saw, whatever the clocks say.
 * Encoded as one fixed-width string, so ordering is plain string comparison everywhere
 * (JavaScript, SQLite and PostgreSQL indexes alike):
 *   <wall ms, 15 digits>-<counter, 6 base-36 digits>-<node id>
 * The node id breaks ties between installs, so two different writes never compare equal.
 */
import { z } from 'zod';

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;

export const NodeIdSchema = z.string().regex(/^[A-Za-z0-9_]{4,40}$/, 'Node ids are 4-40 letters, digits or _');
export const HlcSchema = z
  .string()
  .max(64)
  .regex(/^\d{15}-[0-9a-z]{6}-[A-Za-z0-9_]{4,40}$/, 'Not a hybrid logical clock timestamp');
export type Hlc = string;

export interface HlcParts {
  wall: number;
  counter: number;
  node: string;
}

export function encodeHlc({ wall, counter, node }: HlcParts): Hlc {
  return `${String(wall).padStart(WALL_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_DIGITS, '0')}-${node}`;
}

export function decodeHlc(hlc: Hlc): HlcParts {
  const [wall, counter, node] = hlc.split('-') as [string, string, string];
  return { wall: Number(wall), counter: parseInt(counter, 36), node };
}

export function wallOf(hlc: Hlc): number {
  return Number(hlc.slice(0, WALL_DIGITS));
}

/** The timestamp one tick after `hlc` (the empty string: before every clock), stamped by `node`. */
export function tickAfter(hlc: Hlc, node: string): Hlc {
  const { wall, counter } = hlc ? decodeHlc(hlc) : { wall: 0, counter: -1 };
  return encodeHlc(counter >= MAX_COUNTER ? { wall: wall + 1, counter: 0, node } : { wall, counter: counter + 1, node });
}

/** The later of two timestamps (the empty string stands for "never"). */
export function maxHlc(a: Hlc, b: Hlc): Hlc {
  return a >= b ? a : b;
}

/** One node's clock. `now()` for a local event, `receive()` when a remote timestamp arrives. */
export class HybridClock {
  private wall = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly physical: () => number = Date.now,
    /** The latest timestamp this node issued or saw before (e.g. read back from its store). */
    last?: Hlc | null,
  ) {
    NodeIdSchema.parse(node);
    if (last) this.receive(last);
  }

  now(): Hlc {
    const pt = this.physical();
    if (pt > this.wall) {
      this.wall = pt;
      this.counter = 0;
    } else {
      this.bump();
    }
    return encodeHlc({ wall: this.wall, counter: this.counter, node: this.node });
  }

  /** Moves the clock past a timestamp seen from elsewhere, so the next local event sorts after it. */
  receive(remote: Hlc): void {
    const { wall, counter } = decodeHlc(remote);
    const pt = this.physical();
    if (pt > this.wall && pt > wall) {
      this.wall = pt;
      this.counter = 0;
    } else if (wall > this.wall) {
      this.wall = wall;
      this.counter = counter;
    } else if (wall === this.wall) {
      this.counter = Math.max(this.counter, counter);
    }
  }

  private bump(): void {
    if (this.counter >= MAX_COUNTER) {
      // 2 billion events in one millisecond cannot happen honestly: move the wall part on instead.
      this.wall += 1;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
  }
}
