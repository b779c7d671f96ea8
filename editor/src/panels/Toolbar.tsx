/** The top bar: document actions, undo/redo, add node, run/cancel, and the side panel switches. */
import { useReactFlow } from '@xyflow/react';
import { useRef } from 'react';
import { type GraphState, graphStore, isDirty } from '../state/document-store.ts';
import {
  downloadWorkflow,
  newWorkflow,
  renameWorkflow,
  saveToLibrary,
  uploadWorkflowFile,
} from '../state/documents.ts';
import { tidyGraph } from '../state/edit.ts';
import { historyStore, redo, undo } from '../state/history.ts';
import { openPalette } from '../state/palette.ts';
import { cancelRun, runWorkflow } from '../state/run-actions.ts';
import { type RunState, runStore } from '../state/run-status.ts';
import { useStore } from '../state/store.ts';
import { ExamplesMenu } from './ExamplesMenu.tsx';

export type SidePanel = 'queue' | 'history' | 'help' | null;

interface Props {
  panel: SidePanel;
  setPanel(p: SidePanel): void;
  openLibrary(): void;
}

const selectName = (s: GraphState) => s.meta.name;
const selectDirty = (s: GraphState) => isDirty(s);
const same = <T,>(s: T) => s;
const selectConnected = (s: RunState) => s.connected;
const selectBusy = (s: RunState) =>
  (s.queue.running !== undefined && s.mine.includes(s.queue.running)) ||
  s.queue.queued.some((id) => s.mine.includes(id));

export function Toolbar({ panel, setPanel, openLibrary }: Props) {
  const name = useStore(graphStore, selectName);
  const dirty = useStore(graphStore, selectDirty);
  const history = useStore(historyStore, same);
  const connected = useStore(runStore, selectConnected);
  const busy = useStore(runStore, selectBusy);
  const upload = useRef<HTMLInputElement>(null);
  const flow = useReactFlow();
  const tidy = () => {
    tidyGraph();
    void flow.fitView({ padding: 0.15, maxZoom: 1.1, duration: 200 });
  };
  const viewCenter = () => flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
  const toggle = (p: SidePanel) => setPanel(panel === p ? null : p);
  return (
    <header className="toolbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◐
        </span>{' '}
        unCLIP Studio
      </div>
      <div className="doc-name">
        <input
          aria-label="Workflow name"
          value={name}
          onChange={(e) => renameWorkflow(e.target.value)}
          spellCheck={false}
        />
        {dirty && (
          <span className="dirty-dot" title="Unsaved changes" role="img" aria-label="Unsaved changes" />
        )}
      </div>
      <div className="tool-group">
        <button type="button" onClick={newWorkflow}>
          New
        </button>
        <button type="button" onClick={openLibrary}>
          Open
        </button>
        <button type="button" onClick={() => void saveToLibrary()}>
          Save
        </button>
        <button type="button" onClick={downloadWorkflow} title="Download the workflow as .json">
          Download
        </button>
        <button
          type="button"
          onClick={() => upload.current?.click()}
          title="Open a workflow .json or output .png"
        >
          Upload
        </button>
        <input
          ref={upload}
          type="file"
          hidden
          accept=".json,application/json,image/png"
          aria-label="Upload workflow file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void uploadWorkflowFile(file);
            e.target.value = '';
          }}
        />
        <ExamplesMenu />
      </div>
      <div className="tool-group">
        <button type="button" onClick={undo} disabled={!history.canUndo} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={redo} disabled={!history.canRedo} title="Ctrl+Shift+Z">
          Redo
        </button>
        <button type="button" onClick={tidy} title="Arrange the nodes in columns, without overlaps (T)">
          Tidy
        </button>
        <button type="button" onClick={() => openPalette(viewCenter())} title="Space">
          Add node
        </button>
      </div>
      <div className="tool-group run-group">
        <button type="button" className="primary" onClick={() => void runWorkflow()} title="Ctrl+Enter">
          <span aria-hidden="true">▶</span> Run
        </button>
        <button type="button" onClick={() => void cancelRun()} disabled={!busy}>
          Cancel
        </button>
      </div>
      <div className="tool-group push-right">
        <span
          className={`conn ${connected ? 'on' : 'off'}`}
          title={connected ? 'Connected to the server' : 'Not connected'}
        />
        <button type="button" aria-pressed={panel === 'queue'} onClick={() => toggle('queue')}>
          Queue
        </button>
        <button type="button" aria-pressed={panel === 'history'} onClick={() => toggle('history')}>
          History
        </button>
        <button type="button" aria-pressed={panel === 'help'} onClick={() => toggle('help')}>
          Help
        </button>
      </div>
    </header>
  );
}
