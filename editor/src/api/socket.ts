/** The WebSocket link to the server: JSON messages and binary preview frames, reconnecting when dropped. */
import { decodePreviewFrame, type ServerMessage } from '../../../core/protocol.ts';
import { applyPreview, handleMessage, runStore } from '../state/run-status.ts';

/** This tab's client id: the server sends the events of runs queued under it, across reconnects. */
export const CLIENT_ID = (() => {
  const key = 'unclip-studio/client-id';
  const known = sessionStorage.getItem(key);
  if (known) return known;
  const id = crypto.randomUUID().replace(/-/g, '');
  sessionStorage.setItem(key, id);
  return id;
})();

let socket: WebSocket | undefined;
let retryMs = 500;

export function connectSocket(): void {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/ws?clientId=${CLIENT_ID}`);
  ws.binaryType = 'arraybuffer';
  socket = ws;
  ws.onopen = () => {
    retryMs = 500;
  };
  ws.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => {
    if (typeof ev.data === 'string') {
      handleMessage(JSON.parse(ev.data) as ServerMessage);
      return;
    }
    try {
      const { header, png } = decodePreviewFrame(new Uint8Array(ev.data));
      applyPreview(header, png);
    } catch (err) {
      console.warn('bad preview frame', err);
    }
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    runStore.set((s) => ({ ...s, connected: false }));
    setTimeout(connectSocket, retryMs);
    retryMs = Math.min(retryMs * 2, 8000);
  };
}
