/**
 * Turns the IPC contract plus one handler object per service into a single `dispatch`
 * function. Electron's ipcMain and the browser-mode socket both call it, so validation,
 * error mapping and logging live in exactly one place.
 */
import type { z } from 'zod';
import { RpcError, channelOf, describeIssues, type ContractSpec, type RpcResult, type ServiceSpec } from '../../common/ipc/rpc';
import type { Logger } from '../log';

type HandlerOf<S extends ServiceSpec> = {
  [M in keyof S]: (...args: z.output<S[M]['input']>) => Promise<z.input<S[M]['output']>> | z.input<S[M]['output']>;
};

export type HandlersOf<C extends ContractSpec> = { [S in keyof C['services']]: HandlerOf<C['services'][S]> };

export interface Dispatcher {
  readonly channels: readonly string[];
  dispatch(channel: string, args: unknown): Promise<RpcResult>;
}

interface Route {
  input: z.ZodType;
  output: z.ZodType;
  call: (...args: unknown[]) => unknown;
}

export function createDispatcher<C extends ContractSpec>(contract: C, handlers: HandlersOf<C>, log: Logger): Dispatcher {
  const routes = new Map<string, Route>();
  for (const [service, spec] of Object.entries(contract.services)) {
    const serviceHandlers = (handlers as Record<string, Record<string, (...args: unknown[]) => unknown>>)[service];
    for (const [name, { input, output }] of Object.entries(spec)) {
      const call = serviceHandlers?.[name];
      if (typeof call !== 'function') throw new Error(`No handler for ${service}.${name}`);
      routes.set(channelOf(service, name), { input, output, call: call.bind(serviceHandlers) });
    }
  }

  return {
    channels: [...routes.keys()],
    async dispatch(channel, args) {
      const route = routes.get(channel);
      if (!route) return failure(new RpcError('not-found', `Unknown call "${String(channel).slice(0, 80)}"`));
      const parsed = route.input.safeParse(args);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        return failure(new RpcError('invalid-input', `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues));
      }
      try {
        const value = await route.call(...(parsed.data as unknown[]));
        // The output is checked too: a service must never leak more than the contract says.
        return { ok: true, value: route.output.parse(value) };
      } catch (error) {
        if (error instanceof RpcError) return failure(error);
        log.error({ err: error, channel }, 'IPC handler failed');
        return failure(new RpcError('internal', 'Something went wrong in Meshwork; the details are in the log.'));
      }
    },
  };
}

function failure(error: RpcError): RpcResult {
  return { ok: false, error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
}
