/**
 * `common/` compiles without DOM or Node typings so nothing platform-specific slips in.
 * These are the few WHATWG globals that every runtime we target (Node, Chromium, Electron)
 * provides natively; declared here, narrowly, so pure code may use them.
 */
declare class URLSearchParams {
  constructor(init?: string | Record<string, string>);
  get(name: string): string | null;
  set(name: string, value: string): void;
  toString(): string;
}

declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly pathname: string;
  readonly origin: string;
  readonly searchParams: URLSearchParams;
  toString(): string;
}

/** UTF-8 codecs (WHATWG Encoding), used by the browser-mode binary IPC frame. */
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
