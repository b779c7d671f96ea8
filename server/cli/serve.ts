/** `unclip-studio serve`: start the HTTP/WS server (server/http) and print its URL until interrupted. */
import { type CliIO, EXIT, UsageError, untilInterrupted } from './io.ts';
import {
  dataDirsOf,
  MODEL_FLAGS,
  MODEL_FLAGS_HELP,
  modelDirsOf,
  parseFlags,
  providerOf,
  threadsOf,
} from './options.ts';
import { RETENTION_FLAGS, RETENTION_HELP, retentionOf } from './prune.ts';
import { QUEUE_FLAGS, QUEUE_FLAGS_HELP, queueSettingsOf } from './queue-options.ts';

export const SERVE_HELP = `Usage: unclip-studio serve [options]

Starts the editor and its API.

  --host HOST           Interface to listen on (default 127.0.0.1, or HOST)
  --port PORT           Port (default 8787, or PORT; 0 picks a free one)
  --data DIR            Data folder: inputs, outputs, runs database (default ./data, or UNCLIP_DATA)
${MODEL_FLAGS_HELP}  --token TOKEN         Require this token on every request (or UNCLIP_TOKEN)
${RETENTION_HELP}${QUEUE_FLAGS_HELP}  --local-worker        With --queue: also execute runs in this process (default: workers only)
`;

export const DEFAULT_PORT = 8787;

function portOf(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`the port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

export async function serveCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...MODEL_FLAGS,
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    token: { type: 'string' },
    ...RETENTION_FLAGS,
    ...QUEUE_FLAGS,
    'local-worker': { type: 'boolean' },
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`serve takes no arguments, got "${positionals.join(' ')}"`);
  const token = values.token ?? io.env.UNCLIP_TOKEN;
  const redis = queueSettingsOf(io, values);
  if (values['local-worker'] && !redis) throw new UsageError('--local-worker needs --queue redis://...');
  const { startServer } = await import('../http/server.ts');
  const server = await startServer({
    host: values.host ?? io.env.HOST ?? '127.0.0.1',
    port: portOf(values.port ?? io.env.PORT),
    modelsDirs: modelDirsOf(io, values.models),
    dataDir: dataDirsOf(io, values).data,
    provider: providerOf(values.provider),
    threads: threadsOf(io, values.threads),
    ...(token ? { token } : {}),
    retention: retentionOf(values),
    ...(redis
      ? { queueUrl: redis.url, workerToken: redis.workerToken, localWorker: values['local-worker'] ?? false }
      : {}),
  });
  const open = server.address === server.url ? '' : ` (open ${server.url})`;
  io.out(`unclip-studio listening on ${server.address}${open}\n`);
  await untilInterrupted(io);
  await server.close();
  return EXIT.ok;
}
