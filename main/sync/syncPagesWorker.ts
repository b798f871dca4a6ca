/**
 * Worker thread entry (bundled as `main/syncPages.worker.cjs`): fetches sync pages and checks
 * every line by its schema, off the main thread, so that while main writes one page into
 * SQLite the next is already being read and checked on the other core. A page goes back as
 * the bytes that were checked (transferred, not copied); main returns the memory when done.
 */
import { parentPort } from 'node:worker_threads';
import { fetchPage, SyncRefused, SyncServerError } from './syncHttp';
import type { PagesReply, PagesRequest } from './syncPages';

const port = parentPort;
if (!port) throw new Error('syncPages.worker runs as a worker thread');

/** Memory main has handed back, reused for the next pages. */
const spare: ArrayBuffer[] = [];

port.on('message', (message: PagesRequest) => {
  if (message.type === 'release') {
    spare.push(message.buffer);
    return;
  }
  const { id, request } = message;
  fetchPage(request, spare.pop()).then(
    (page) => port.postMessage({ id, page } satisfies PagesReply, [page.lines.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage({ id, error: describeFailure(error) } satisfies PagesReply),
  );
});

function describeFailure(error: unknown): Extract<PagesReply, { error: unknown }>['error'] {
  if (error instanceof SyncRefused) return { kind: 'refused', status: error.status, message: error.message };
  if (error instanceof SyncServerError) return { kind: 'server', message: error.message };
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error), cause: cause instanceof Error ? cause.message : undefined };
}
