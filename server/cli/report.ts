/** How `run` shows engine events: a progress bar on a terminal, plain lines otherwise, or JSON lines. */
import { isAbsolute, relative, resolve } from 'node:path';
import type { EngineEvent } from '../../core/events.ts';
import { formatMs } from './format.ts';
import type { CliIO } from './io.ts';

/** The event as one JSON line; previews lose their pixels (only the size is kept). */
export function eventJson(event: EngineEvent, outputsDir: string): string {
  if (event.type === 'run.done') return JSON.stringify({ ...event, outputsDir });
  if (event.type !== 'node.preview') return JSON.stringify(event);
  const { image, ...rest } = event;
  return JSON.stringify({ ...rest, width: image.width, height: image.height });
}

const BAR = 24;

/** Relative to the working directory when inside it, else absolute. */
function shortPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Written files are printed relative to the working directory (JSON: relative to `outputsDir`, given too). */
export function createReporter(
  io: CliIO,
  mode: 'json' | 'tty' | 'plain',
  outputsDir: string,
): (event: EngineEvent) => void {
  if (mode === 'json') return (event) => io.out(`${eventJson(event, outputsDir)}\n`);
  let total = 0;
  let index = 0;
  let types = new Map<string, string>();
  const clear = mode === 'tty' ? '\r\x1b[2K' : '';
  return (event) => {
    switch (event.type) {
      case 'run.start':
        total = event.nodes.length;
        types = new Map();
        return;
      case 'node.cached':
        index++;
        io.err(`${clear}[${index}/${total}] ${event.node}: cached\n`);
        return;
      case 'node.start':
        index++;
        types.set(event.node, event.nodeType);
        if (mode === 'tty') io.err(`${clear}[${index}/${total}] ${event.node} (${event.nodeType})`);
        return;
      case 'node.progress': {
        if (mode !== 'tty') return;
        const filled = Math.round((event.step / Math.max(1, event.steps)) * BAR);
        const bar = '#'.repeat(filled) + '-'.repeat(BAR - filled);
        io.err(`${clear}[${index}/${total}] ${event.node} [${bar}] ${event.step}/${event.steps}`);
        return;
      }
      case 'node.done':
        io.err(
          `${clear}[${index}/${total}] ${event.node} (${types.get(event.node)}): ${formatMs(event.ms)}\n`,
        );
        return;
      case 'run.done':
        for (const file of event.files) io.out(`${shortPath(io.cwd, resolve(outputsDir, file))}\n`);
        io.err(`done in ${formatMs(event.ms)}, ${event.files.length} file(s) written\n`);
        return;
      case 'run.error':
        io.err(`${clear}error${event.node ? ` in node "${event.node}"` : ''}: ${event.message}\n`);
        return;
      case 'run.cancelled':
        io.err(`${clear}cancelled${event.node ? ` during node "${event.node}"` : ''}\n`);
        return;
      case 'node.preview':
        return;
    }
  };
}
