/** Entry: load the catalogue, restore the last graph, connect to the server, render. */
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/node.css';
import './styles/widgets.css';
import './styles/node-run.css';
import './styles/panels.css';
import './styles/overlays.css';
import './styles/vocabulary.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectSocket } from './api/socket.ts';
import { loadCatalog } from './state/catalog.ts';
import { restoreGraph, startPersisting } from './state/persist.ts';

async function start() {
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  connectSocket();
  await loadCatalog();
  restoreGraph();
  startPersisting();
  document.documentElement.dataset.ready = 'true';
  performance.mark('unclip-studio:ready');
}

void start();
