/**
 * The renderer's stylesheets as the browser will read them. A rule left open (a lost `}`, as two
 * merges once did) does not fail the build: the browser nests every rule after it inside it, and
 * those styles silently stop applying. The app writes no nested CSS, so a rule inside a rule is
 * such a slip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postcss, { type Rule } from 'postcss';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve(import.meta.dirname, '..', 'renderer');

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(file);
    return entry.name.endsWith('.css') ? [file] : [];
  });
}

describe('stylesheets', () => {
  const files = stylesheets(RENDERER);

  it('are found', () => {
    expect(files.map((f) => path.relative(RENDERER, f))).toEqual(expect.arrayContaining(['styles/app.css']));
  });

  it.each(files.map((f) => [path.relative(RENDERER, f), f]))('%s closes every rule where it opened it', (_name, file) => {
    // postcss refuses a block left open at the end of the file ("Unclosed block").
    const root = postcss.parse(readFileSync(file, 'utf8'), { from: file });
    const nested: string[] = [];
    root.walkRules((rule: Rule) => {
      if (rule.parent?.type === 'rule') nested.push(`${(rule.parent as Rule).selector} > ${rule.selector} (line ${rule.source?.start?.line})`);
    });
    expect(nested).toEqual([]);
  });
});
