/**
 * The renderer's Content-Security-Policy. One builder serves Electron (custom protocol
 * responses) and browser mode (HTTP header), so both run under the same policy. Only the
 * configured signaling server and the host's own socket may be reached.
 */
export interface CspOptions {
  /** Base URL of the signaling/sync server (http(s)); its ws(s) twin is allowed too. */
  serverUrl: string | null;
  /** Extra origins for connect-src, e.g. the browser-mode host's own ws:// origin. */
  extraConnect?: readonly string[];
}

export function buildCsp({ serverUrl, extraConnect = [] }: CspOptions): string {
  const connect = new Set<string>(["'self'", ...extraConnect]);
  if (serverUrl) for (const origin of originsFor(serverUrl)) connect.add(origin);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'font-src': ["'self'"],
    'connect-src': [...connect],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** http://h:p -> [http://h:p, ws://h:p]; https -> https + wss. */
export function originsFor(url: string): string[] {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  return [`${secure ? 'https' : 'http'}://${parsed.host}`, `${secure ? 'wss' : 'ws'}://${parsed.host}`];
}

/** Headers every renderer response carries, besides the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=()',
};
