import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../core/error-message.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(entry.name) ? [p] : [];
  });
}

describe('errorMessage', () => {
  it('takes an Error’s message, or its name when the message is empty', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input');
    expect(errorMessage(new RangeError(''))).toBe('RangeError');
  });

  it('gives the string form of anything else thrown', () => {
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ toString: () => 'custom' })).toBe('custom');
  });

  it('never throws, even for a value whose string conversion throws', () => {
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(errorMessage(hostile)).toBe('unknown error');
    expect(errorMessage(Object.create(null))).toBe('unknown error');
  });

  it('is the one way the code reads a caught value’s message (no `(err as Error).message`)', () => {
    const files = ['core', 'nodes', 'server', 'editor', 'bench', 'scripts'].flatMap((d) =>
      sources(path.join(REPO, d)),
    );
    expect(files.length).toBeGreaterThan(100);
    const casts = files.filter((f) => /as Error\)\.message/.test(readFileSync(f, 'utf8')));
    expect(casts.map((f) => path.relative(REPO, f))).toEqual([]);
  });
});
