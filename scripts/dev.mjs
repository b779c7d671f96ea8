// `npm run dev`: the API server with restart-on-change (tsx watch) and Vite's dev server with hot reload,
// which proxies /api and /ws to the API server (editor/vite.config.ts). Ctrl+C stops both.
import { spawn } from 'node:child_process';

const apiPort = process.env.PORT ?? '8787';
const children = [
  spawn('npx', ['tsx', 'watch', 'server/cli/main.ts', 'serve', '--port', apiPort], { stdio: 'inherit' }),
  spawn('npx', ['vite', '--config', 'editor/vite.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, UNCLIP_API_PORT: apiPort },
  }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    if (code) process.exitCode = code;
    stop();
  });
