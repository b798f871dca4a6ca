/**
 * The generic half of the IPC contract: how a declared set of services and events becomes a
 * client object (preload, browser bridge) and how a call's result travels back.
 * Pure TypeScript so the preload, the browser-mode bridge and main all share it.
 */
import { z } from 'zod';

/** A method takes positional arguments (validated as a tuple) and resolves to one value. */
export interface MethodSpec<I extends z.ZodTuple = z.ZodTuple, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export type ServiceSpec = Readonly<Record<string, MethodSpec>>;

export interface ContractSpec {
  readonly services: Readonly<Record<string, ServiceSpec>>;
  readonly events: Readonly<Record<string, z.ZodType>>;
}

export function method<I extends z.ZodTuple, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

/** Channels carry the app's prefix so the preload can never be talked into forwarding others. */
export const CHANNEL_PREFIX = 'meshwork:';
export const EVENT_CHANNEL = 'meshwork:event';

export function channelOf(service: string, methodName: string): string {
  return `${CHANNEL_PREFIX}${service}.${methodName}`;
}

export function channelsOf(contract: ContractSpec): string[] {
  return Object.entries(contract.services).flatMap(([service, spec]) =>
    Object.keys(spec).map((name) => channelOf(service, name)),
  );
}

export const rpcErrorCodes = ['invalid-input', 'not-found', 'conflict', 'forbidden', 'unavailable', 'internal'] as const;
export type RpcErrorCode = (typeof rpcErrorCodes)[number];

export const RpcFailureSchema = z.object({
  code: z.enum(rpcErrorCodes),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type RpcFailure = z.infer<typeof RpcFailureSchema>;

export const RpcResultSchema = z.discriminatedUnion('ok', [
  // Optional: a void result loses its `value` key in JSON (browser mode's socket).
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error: RpcFailureSchema }),
]);
export type RpcResult = z.infer<typeof RpcResultSchema>;

/** Thrown by services for expected failures; anything else reaches the caller as `internal`. */
export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly issues: RpcFailure['issues'];
  constructor(code: RpcErrorCode, message: string, issues?: RpcFailure['issues']) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.issues = issues;
  }
}

export type ClientOf<S extends ServiceSpec> = {
  readonly [M in keyof S]: (...args: z.input<S[M]['input']>) => Promise<z.output<S[M]['output']>>;
};

export type EventPayload<C extends ContractSpec, E extends keyof C['events']> = z.output<C['events'][E]>;

export type ApiOf<C extends ContractSpec> = { readonly [S in keyof C['services']]: ClientOf<C['services'][S]> } & {
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  readonly on: <E extends keyof C['events'] & string>(
    event: E,
    listener: (payload: EventPayload<C, E>) => void,
  ) => () => void;
};

export interface RpcTransport {
  /**
   * Sends the call. The arguments are copied before this returns (Electron's IPC clones them,
   * the host socket encodes them), so a caller may reuse a byte buffer as soon as the call is made.
   */
  invoke(channel: string, args: unknown[]): Promise<unknown>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/**
 * Builds the API object from the contract. Plain nested objects of functions (no Proxy),
 * because Electron's contextBridge copies objects and cannot forward a Proxy.
 */
export function createClient<C extends ContractSpec>(contract: C, transport: RpcTransport): ApiOf<C> {
  const api: Record<string, unknown> = {};
  for (const [service, spec] of Object.entries(contract.services)) {
    const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const name of Object.keys(spec)) {
      const channel = channelOf(service, name);
      // An optional argument left out as `undefined` is dropped: JSON (browser mode's host
      // socket) would turn it into null, which the contract's schema refuses, while Electron's
      // structured clone keeps it. Both transports then carry the same call.
      client[name] = async (...args: unknown[]) => {
        while (args.length > 0 && args.at(-1) === undefined) args.pop();
        return unwrapResult(await transport.invoke(channel, args));
      };
    }
    api[service] = Object.freeze(client);
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!(event in contract.events)) throw new RpcError('invalid-input', `Unknown event "${event}"`);
    return transport.subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  };
  return Object.freeze(api) as ApiOf<C>;
}

export function unwrapResult(raw: unknown): unknown {
  const parsed = RpcResultSchema.safeParse(raw);
  if (!parsed.success) throw new RpcError('internal', 'Malformed reply from the Meshwork host');
  if (parsed.data.ok) return parsed.data.value;
  const { code, message, issues } = parsed.data.error;
  throw new RpcError(code, message, issues);
}

/** Turns zod issues into the short, readable form shown to users and returned over IPC. */
export function describeIssues(error: z.ZodError): NonNullable<RpcFailure['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(value)',
    message: issue.message,
  }));
}
