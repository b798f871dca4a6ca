/**
 * Chromium driven over the DevTools protocol with only the Runtime and DOM domains: no Network
 * domain, so nothing but the page's own work is measured. Playwright enables Network on every
 * page, and Chromium then copies each WebSocket frame, base64-encoded, to the driver: for a page
 * that streams a file to its host over a WebSocket, that cost more CPU than the transfer did.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

interface RemoteObject {
  value?: unknown;
  objectId?: string;
}

interface EvaluateResult {
  result: RemoteObject;
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/**
 * Page-side helpers every evaluated function receives: elements found by what a person sees
 * (a button's text or label, a field's label). `__name` undoes tsx's keepNames wrapper, which
 * does not exist in the page.
 */
const PAGE_HELPERS = `
  const __name = (f) => f;
  const text = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\\s+/g, ' ');
  const $ = {
    button(name, root = document) {
      const all = [...root.querySelectorAll('button, [role=tab], [role=button]')];
      const found = all.find((el) => text(el) === name) ?? all.find((el) => text(el).startsWith(name));
      if (!found) throw new Error('No button named ' + name);
      return found;
    },
    field(label) {
      const found = [...document.querySelectorAll('label')].find((l) => l.querySelector('span')?.textContent.trim() === label)?.querySelector('input');
      if (!found) throw new Error('No field labelled ' + label);
      return found;
    },
    fill(label, value) {
      const input = $.field(label);
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    async until(predicate, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        let value, failure;
        try {
          value = predicate();
        } catch (error) {
          failure = error;
        }
        if (value) return value;
        if (performance.now() > deadline) throw failure ?? new Error('Timed out waiting for ' + predicate);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
`;

export type PageHelpers = {
  button(name: string, root?: ParentNode): HTMLElement;
  field(label: string): HTMLInputElement;
  fill(label: string, value: string): void;
  until<T>(predicate: () => T | null | undefined | false, timeoutMs: number): Promise<T>;
};

export class DevtoolsPage {
  constructor(
    private readonly browser: DevtoolsBrowser,
    private readonly sessionId: string,
  ) {}

  /** Runs `fn($, arg)` in the page and returns its (JSON) result. */
  async evaluate<A, R>(fn: ($: PageHelpers, arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return (await this.run(fn, arg, true)).value as R;
  }

  async goto(url: string): Promise<void> {
    await this.browser.send('Page.navigate', { url }, this.sessionId);
    const deadline = Date.now() + 30_000;
    for (;;) {
      // Until the navigation commits, evaluating reaches the old document or fails with it.
      const loaded = await this.evaluate((_$, origin) => location.origin === origin && document.readyState === 'complete', new URL(url).origin).catch(() => false);
      if (loaded) return;
      if (Date.now() > deadline) throw new Error(`${url} did not load`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sets the files of the input matching `selector`, as a person picking them would. */
  async setInputFiles(selector: string, files: string[]): Promise<void> {
    const { objectId } = await this.run((_$, s: string) => document.querySelector(s), selector, false);
    if (!objectId) throw new Error(`No element matches ${selector}`);
    await this.browser.send('DOM.setFileInputFiles', { files, objectId }, this.sessionId);
  }

  private async run<A>(fn: ($: PageHelpers, arg: A) => unknown, arg: A, byValue: boolean): Promise<RemoteObject> {
    const expression = `(async () => { ${PAGE_HELPERS}; return (${fn.toString()})($, ${JSON.stringify(arg)}); })()`;
    const reply = (await this.browser.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: byValue }, this.sessionId)) as unknown as EvaluateResult;
    if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
    return reply.result;
  }
}

export class DevtoolsBrowser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: Record<string, unknown>): void; reject(e: Error): void }>();

  private constructor(
    private readonly process: ChildProcess,
    private readonly socket: WebSocket,
    private readonly profileDir: string,
  ) {
    socket.on('message', (data) => {
      const reply = JSON.parse(data.toString()) as Reply;
      const waiter = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id!);
      if (reply.error) waiter.reject(new Error(reply.error.message));
      else waiter.resolve(reply.result ?? {});
    });
  }

  static async launch(executable: string, args: readonly string[]): Promise<DevtoolsBrowser> {
    const profileDir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-bench-chromium-'));
    const child = spawn(executable, ['--headless', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, ...args, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group, so close() can end the helper processes with it.
      detached: true,
    });
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), 30_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${output}`)));
    });
    child.stderr!.resume();
    const socket = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new DevtoolsBrowser(child, socket, profileDir);
  }

  /** Chromium's own pid, which is also its helpers' process group. */
  get pid(): number {
    return this.process.pid!;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** A page in a browser context of its own (its own storage, like a separate install's window). */
  async newPage(url: string): Promise<DevtoolsPage> {
    const { browserContextId } = await this.send('Target.createBrowserContext');
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new DevtoolsPage(this, sessionId as string);
    await page.goto(url);
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.send('Browser.close').catch(() => undefined);
    this.socket.close();
    await exited;
    // Helper processes can outlive the browser by a moment, still writing to the profile.
    try {
      process.kill(-this.process.pid!, 'SIGKILL');
    } catch {
      // The whole group is gone already.
    }
    rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
}
