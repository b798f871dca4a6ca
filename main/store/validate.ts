/** Parses store input with the contract's own schemas, so direct callers get the same errors as IPC. */
import type { z } from 'zod';
import { RpcError, describeIssues } from '../../common/ipc/rpc';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error);
  throw new RpcError('invalid-input', issues.map((i) => (i.path === '(value)' ? i.message : `${i.path}: ${i.message}`)).join('; '), issues);
}

export function notFound(what: string, id: string): RpcError {
  return new RpcError('not-found', `No ${what} with id "${id.slice(0, 64)}"`);
}
