/**
 * Turns a name a peer offered into one safe to create inside the receive folder: no path
 * separators, no control characters, no leading dots (hidden files, `..`), no reserved
 * Windows names, bounded length.
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

export function safeFileName(offered: string): string {
  const lastPart = offered.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let name = lastPart.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (RESERVED.test(name)) name = `_${name}`;
  if (name.length > 200) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name || 'file';
}

/** `report.pdf` -> `report (1).pdf`, for keeping both files. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
