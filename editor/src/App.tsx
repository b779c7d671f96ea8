/** The app shell: top bar, canvas, side panel, palette, dialogs and toasts. */
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useState } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { useShortcuts } from './canvas/useShortcuts.ts';
import { HelpPanel } from './panels/HelpPanel.tsx';
import { HistoryPanel } from './panels/HistoryPanel.tsx';
import { OpenDialog } from './panels/OpenDialog.tsx';
import { Palette } from './panels/Palette.tsx';
import { QueuePanel } from './panels/QueuePanel.tsx';
import { SidePanelDialog } from './panels/SidePanelDialog.tsx';
import { Toasts } from './panels/Toasts.tsx';
import { type SidePanel, Toolbar } from './panels/Toolbar.tsx';
import { type CatalogState, catalogStore } from './state/catalog.ts';
import { useStore } from './state/store.ts';

const selectStatus = (s: CatalogState) => s.status;
const selectError = (s: CatalogState) => s.error;

function Editor() {
  const [panel, setPanel] = useState<SidePanel>(null);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const status = useStore(catalogStore, selectStatus);
  const error = useStore(catalogStore, selectError);
  const toggleHelp = useCallback(() => setPanel((p) => (p === 'help' ? null : 'help')), []);
  useShortcuts(toggleHelp);
  return (
    <div className="app">
      <Toolbar panel={panel} setPanel={setPanel} openLibrary={() => setLibraryOpen(true)} />
      <main className="workspace">
        <Canvas />
        {status === 'loading' && <div className="banner">Loading node types…</div>}
        {status === 'error' && (
          <div className="banner error">Could not load node types from the server: {error}</div>
        )}
        {panel && (
          <SidePanelDialog key={panel} panel={panel} onClose={() => setPanel(null)}>
            {panel === 'queue' && <QueuePanel />}
            {panel === 'history' && <HistoryPanel />}
            {panel === 'help' && <HelpPanel />}
          </SidePanelDialog>
        )}
      </main>
      <Palette />
      {libraryOpen && <OpenDialog onClose={() => setLibraryOpen(false)} />}
      <Toasts />
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
