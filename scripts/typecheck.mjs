#!/usr/bin/env node
// Type-checks every layer with its own tsconfig (each layer sees only the typings it may use).
import { spawn } from 'node:child_process';

const projects = ['common', 'renderer', 'main', 'native', 'signaling-server', '.'];
const tsc = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project, '--pretty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ project, code, output }));
  });
}

let failed = false;
// Two at a time: the machines this runs on have two cores.
for (let i = 0; i < projects.length; i += 2) {
  for (const { project, code, output } of await Promise.all(projects.slice(i, i + 2).map(check))) {
    process.stdout.write(`typecheck ${project === '.' ? '(root)' : project}: ${code === 0 ? 'ok' : 'FAILED'}\n`);
    if (code !== 0) {
      failed = true;
      process.stdout.write(output);
    }
  }
}
process.exit(failed ? 1 : 0);
