/**
 * Main-to-renderer events. Payloads are parsed against the contract before they leave, and
 * every window or browser socket registers itself as a sink.
 */
import type { z } from 'zod';
import type { ContractSpec } from '../../common/ipc/rpc';

export type EventSink = (event: string, payload: unknown) => void;

export class EventBus<C extends ContractSpec> {
  private readonly sinks = new Set<EventSink>();
  private readonly contract: C;

  constructor(contract: C) {
    this.contract = contract;
  }

  emit<E extends keyof C['events'] & string>(event: E, payload: z.input<C['events'][E]>): void {
    const data = this.contract.events[event].parse(payload);
    for (const sink of this.sinks) sink(event, data);
  }

  addSink(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
