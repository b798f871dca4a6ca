/** A real coturn (`turnserver`) on 127.0.0.1 with its own config file, TURN REST API auth and random ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../testing/freePort';
import { requireTool } from '../../signaling-server/test/support/redisProcess';

export interface Coturn {
  port: number;
  secret: string;
  /** Kills the server and starts a fresh one on the same port and secret: every allocation is gone. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCoturn(): Promise<Coturn> {
  const binary = requireTool('turnserver', 'coturn');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-coturn-'));
  const port = await freePort();
  // A random window of relay ports, so parallel runs on one machine do not collide.
  const minPort = 40_000 + Math.floor(Math.random() * 400) * 50;
  const secret = `coturn-test-secret-${process.pid}-${Date.now()}`;
  const config = path.join(dir, 'turnserver.conf');
  writeFileSync(
    config,
    [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${port}`,
      `min-port=${minPort}`,
      `max-port=${minPort + 49}`,
      // Both peers and the relay are on loopback in this test; coturn refuses loopback peers by default.
      'allow-loopback-peers',
      'use-auth-secret',
      `static-auth-secret=${secret}`,
      'realm=meshwork.test',
      'fingerprint',
      'no-tls',
      'no-dtls',
      'no-cli',
      'no-software-attribute',
      `pidfile=${path.join(dir, 'turnserver.pid')}`,
      `userdb=${path.join(dir, 'turndb')}`,
      'log-file=stdout',
      'simple-log',
      'verbose',
    ].join('\n'),
  );
  let child = await launch(binary, config);
  const kill = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(force);
  };
  return {
    port,
    secret,
    async restart() {
      await kill();
      child = await launch(binary, config);
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(binary: string, config: string): Promise<ChildProcess> {
  const child = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`turnserver did not start: ${output.slice(-3000)}`)), 10_000);
    const check = () => {
      if (/Total (UDP|General) servers|IPv4. UDP listener opened on\s*:\s*127\.0\.0\.1/.test(output)) {
        clearTimeout(timer);
        // Listeners open a moment after the log line.
        setTimeout(resolve, 200);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => reject(new Error(`turnserver exited (${code}): ${output.slice(-3000)}`)));
  });
  return child;
}
