/** `unclip-studio prune`: apply the retention policy to a data folder now (serve applies it after every run). */
import path from 'node:path';
import { TEMP_DIR } from '../engine/index.ts';
import { openDatabase } from '../store/database.ts';
import { DEFAULT_RETENTION, pruneData, type RetentionPolicy } from '../store/retention.ts';
import { type CliIO, EXIT, UsageError } from './io.ts';
import { dataDirsOf, parseFlags } from './options.ts';

const MiB = 1024 * 1024;

/** The retention flags, shared by serve and prune. */
export const RETENTION_FLAGS = {
  'keep-runs': { type: 'string' },
  'max-output-mb': { type: 'string' },
  'max-input-mb': { type: 'string' },
  'max-preview-mb': { type: 'string' },
} as const;

export const RETENTION_HELP = `  --keep-runs N         Finished runs kept, with their images (default ${DEFAULT_RETENTION.keepRuns})
  --max-output-mb N     Output images beyond this are deleted, oldest first (default ${DEFAULT_RETENTION.maxOutputBytes / MiB})
  --max-input-mb N      Uploaded images beyond this are deleted, oldest first (default ${DEFAULT_RETENTION.maxInputBytes / MiB})
  --max-preview-mb N    Previews beyond this are deleted (default ${DEFAULT_RETENTION.maxPreviewBytes / MiB})
`;

export const PRUNE_HELP = `Usage: unclip-studio prune [options]

Deletes what the retention policy does not keep: finished runs beyond --keep-runs with their images, the
oldest images beyond each size cap, and the previews of finished runs. \`serve\` does this after every run.

  --data DIR            Data folder (default ./data, or UNCLIP_DATA)
${RETENTION_HELP}`;

type RetentionValues = { [K in keyof typeof RETENTION_FLAGS]?: string | undefined };

function wholeNumber(flag: string, text: string | undefined, fallback: number, scale = 1): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${flag} must be a whole number, got "${text}"`);
  return Number(text) * scale;
}

export function retentionOf(values: RetentionValues): RetentionPolicy {
  const d = DEFAULT_RETENTION;
  return {
    keepRuns: wholeNumber('keep-runs', values['keep-runs'], d.keepRuns),
    maxOutputBytes: wholeNumber('max-output-mb', values['max-output-mb'], d.maxOutputBytes, MiB),
    maxInputBytes: wholeNumber('max-input-mb', values['max-input-mb'], d.maxInputBytes, MiB),
    maxPreviewBytes: wholeNumber('max-preview-mb', values['max-preview-mb'], d.maxPreviewBytes, MiB),
  };
}

export async function pruneCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, { data: { type: 'string' }, ...RETENTION_FLAGS });
  if (values.help) {
    io.out(PRUNE_HELP);
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`prune takes no arguments, got "${positionals.join(' ')}"`);
  const policy = retentionOf(values);
  const dirs = dataDirsOf(io, values);
  const db = openDatabase(dirs.data);
  try {
    const report = await pruneData(
      db,
      {
        inputs: dirs.inputs,
        outputs: dirs.outputs,
        previews: path.join(dirs.outputs, TEMP_DIR),
      },
      policy,
    );
    io.out(
      `pruned ${report.runs} run(s) and ${report.files} file(s), ${(report.bytes / MiB).toFixed(1)} MiB freed\n`,
    );
    return EXIT.ok;
  } finally {
    db.close();
  }
}
