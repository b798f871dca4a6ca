/** Prometheus metrics (prom-client) on a registry of our own, served at /metrics. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type RejectReason =
  | 'auth-timeout'
  | 'token-missing'
  | 'token-invalid'
  | 'token-expired'
  | 'token-wrong-audience'
  | 'too-many-connections'
  | 'rate-limited'
  | 'abuse'
  | 'frame-too-large'
  | 'slow-consumer'
  | 'heartbeat-timeout'
  | 'draining'
  | 'bad-path'
  | 'http-rate-limited'
  | 'bad-frame'
  | 'refused';

export interface ServerMetrics {
  registry: Registry;
  connections: Gauge;
  messages: Counter<'type'>;
  rejects: Counter<'reason'>;
  relayLatency: Histogram;
}

export function createMetrics(countRooms: () => Promise<number>): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'meshwork_' });
  const connections = new Gauge({ name: 'meshwork_connections', help: 'Open WebSocket connections on this instance', registers: [registry] });
  new Gauge({
    name: 'meshwork_rooms',
    help: 'Rooms in the (shared) room store',
    registers: [registry],
    async collect() {
      this.set(await countRooms());
    },
  });
  const messages = new Counter({
    name: 'meshwork_messages_total',
    help: 'Client frames received, by frame type (invalid frames as "invalid")',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const rejects = new Counter({
    name: 'meshwork_rejects_total',
    help: 'Refused connections, frames and closes, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const relayLatency = new Histogram({
    name: 'meshwork_relay_latency_seconds',
    help: 'Time from receiving a signal to handing it to the target socket (across instances included)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  return { registry, connections, messages, rejects, relayLatency };
}
