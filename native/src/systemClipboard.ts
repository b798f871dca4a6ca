/** The OS clipboard through clipboardy (xsel on X11), for hosts without Electron's clipboard. */
import type { ClipboardAccess } from './inputInjector';

export async function loadSystemClipboard(): Promise<ClipboardAccess> {
  const loaded = (await import('clipboardy')) as unknown as { default?: Clipboardy } & Clipboardy;
  const clipboardy = loaded.default ?? loaded;
  return { readText: () => clipboardy.read(), writeText: (text) => clipboardy.write(text) };
}

interface Clipboardy {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}
