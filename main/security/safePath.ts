import path from 'node:path';

/**
 * Resolves `relative` inside `root`, or returns null when it would land outside it
 * (`..`, absolute paths, NUL bytes). Used wherever a request or a peer names a file.
 */
export function resolveInside(root: string, relative: string): string | null {
  if (relative.includes('\0')) return null;
  const base = path.resolve(root);
  const target = path.resolve(base, `.${path.sep}${relative.replace(/^[/\\]+/, '')}`);
  return target === base || target.startsWith(base + path.sep) ? target : null;
}
