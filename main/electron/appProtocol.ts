/**
 * Serves the built renderer from app://meshwork/ instead of file://, so the page has a real
 * origin, every response carries our CSP, and nothing outside the renderer folder is reachable.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol, type Session } from 'electron';
import { SECURITY_HEADERS } from '../security/csp';
import { resolveInside } from '../security/safePath';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://meshwork';

/** Must run before the app is ready. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveRenderer(session: Session, rendererDir: string, csp: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'meshwork') return new Response('Not found', { status: 404 });
    const file = await pickFile(rendererDir, decodeURIComponent(url.pathname));
    if (!file) return new Response('Not found', { status: 404 });
    const upstream = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(upstream.headers);
    headers.set('Content-Security-Policy', csp);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    return new Response(upstream.body, { status: upstream.status, headers });
  });
}

/** The file for a path, falling back to index.html for client-side routes (paths without an extension). */
async function pickFile(root: string, pathname: string): Promise<string | null> {
  const candidate = resolveInside(root, pathname === '/' ? 'index.html' : pathname);
  if (candidate && (await isFile(candidate))) return candidate;
  return path.extname(pathname) ? null : path.join(root, 'index.html');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
