/**
 * The keysyms the X server's keymap can produce. XTest needs a keycode for every key it
 * presses; asking nut-js or robotjs for a keysym the keymap lacks (F13-F24, media keys on
 * many servers) raises an X error whose default handler ends the process. So keys are
 * checked against the keymap first, and refused with a clear error when absent.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Keys every X keymap has; used when xmodmap is not installed. */
const CORE_KEYSYMS = [
  ...'abcdefghijklmnopqrstuvwxyz0123456789',
  ...['minus', 'equal', 'bracketleft', 'bracketright', 'backslash', 'semicolon', 'apostrophe', 'grave', 'comma', 'period', 'slash'],
  ...['space', 'Return', 'Tab', 'BackSpace', 'Delete', 'Insert', 'Escape', 'Caps_Lock', 'Up', 'Down', 'Left', 'Right'],
  ...['Home', 'End', 'Prior', 'Next', 'Shift_L', 'Shift_R', 'Control_L', 'Control_R', 'Alt_L'],
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
];

export function parseXmodmapKeysyms(output: string): Set<string> {
  const keysyms = new Set<string>();
  for (const line of output.split('\n')) {
    const [, symbols] = line.split('=');
    if (!symbols) continue;
    for (const symbol of symbols.trim().split(/\s+/)) if (symbol && symbol !== 'NoSymbol') keysyms.add(symbol);
  }
  return keysyms;
}

export async function loadX11Keysyms(env: NodeJS.ProcessEnv = process.env): Promise<Set<string>> {
  try {
    const { stdout } = await run('xmodmap', ['-pke'], { env, timeout: 3000 });
    const keysyms = parseXmodmapKeysyms(stdout);
    if (keysyms.size > 0) return keysyms;
  } catch {
    // Fall through to the conservative core set.
  }
  return new Set(CORE_KEYSYMS);
}
