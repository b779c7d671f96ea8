/** The React Flow canvas: the controlled graph, connection checks with reasons, drops, minimap and controls. */
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type FinalConnectionState,
  getViewportForBounds,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStoreApi,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo } from 'react';
import { dropFiles } from '../files/dropFiles.ts';
import { dropOnLoader } from '../files/dropOnNode.ts';
import { connectionProblem } from '../graph/connect.ts';
import type { StudioEdge, StudioNode as StudioNodeType } from '../graph/types.ts';
import { contextMenuHandlers } from '../menus/context-menus.ts';
import { StudioNode } from '../node-view/StudioNode.tsx';
import { lookupType } from '../state/catalog.ts';
import { type GraphState, graphStore } from '../state/document-store.ts';
import { connect, endDrag, onEdgesChange, onNodesChange, startDrag } from '../state/edit.ts';
import { openPalette } from '../state/palette.ts';
import { useStore } from '../state/store.ts';
import { toast } from '../state/toasts.ts';
import { detachFromInput } from '../wires/detach.ts';
import { WireEdge } from '../wires/WireEdge.tsx';
import { onNodeDragStart, onNodeDragStop } from './alt-clone.ts';
import { displayNodes } from './display-nodes.ts';
import { EmptyCanvasHint } from './EmptyCanvasHint.tsx';
import { setPointer } from './pointer.ts';
import { tabNodesBeforeEdges } from './tab-order.ts';
import { Vocabulary } from './Vocabulary.tsx';
import { ESTIMATED_NODE, registerViewer } from './view.ts';

const nodeTypes = { studio: StudioNode };
const edgeTypes = { wire: WireEdge };
const selectMeta = (s: GraphState) => s.meta;
/** Edges leave the sequential Tab order; tabNodesBeforeEdges visits them after the nodes. */
const edgeOptions = { domAttributes: { tabIndex: -1 } };
const selectNodes = (s: GraphState) => s.nodes;
const selectEdges = (s: GraphState) => s.edges;
const selectFitRequest = (s: GraphState) => s.fitRequest;
const minimapColor = (n: StudioNodeType) => `var(--cat-${lookupType(n.data.type)?.category ?? 'unknown'})`;

function onConnect(c: Connection) {
  const problem = connect(c);
  if (problem) toast(problem, 'error');
}

export function Canvas() {
  const nodes = useStore(graphStore, selectNodes);
  const edges = useStore(graphStore, selectEdges);
  const meta = useStore(graphStore, selectMeta);
  const shown = useMemo(() => displayNodes(nodes, edges, meta), [nodes, edges, meta]);
  const flow = useReactFlow<StudioNodeType, StudioEdge>();
  const fitRequest = useStore(graphStore, selectFitRequest);
  const flowStore = useStoreApi<StudioNodeType, StudioEdge>();
  useEffect(
    () =>
      registerViewer((positions) => {
        const xs = positions.map((p) => p.x);
        const ys = positions.map((p) => p.y);
        const x = Math.min(...xs);
        const y = Math.min(...ys);
        const bounds = {
          x,
          y,
          width: Math.max(...xs) - x + ESTIMATED_NODE.width,
          height: Math.max(...ys) - y + ESTIMATED_NODE.height,
        };
        const { width, height } = flowStore.getState();
        if (width && height)
          void flow.setViewport(getViewportForBounds(bounds, width, height, 0.1, 1.1, 0.15));
      }),
    [flow, flowStore],
  );
  useEffect(() => {
    if (fitRequest > 0 && graphStore.get().nodes.length) void flow.fitView({ maxZoom: 1.1, padding: 0.15 });
  }, [fitRequest, flow]);

  const isValidConnection = useCallback(
    (c: Connection | StudioEdge) => connectionProblem(graphStore.get(), c as Connection) === null,
    [],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.fromNode || !state.fromHandle?.id) return;
      const from = { node: state.fromNode.id, port: state.fromHandle.id, side: state.fromHandle.type };
      if (state.toHandle?.id && state.toNode && state.isValid === false) {
        if (state.toHandle.type === from.side) {
          toast(
            `connect an ${from.side === 'source' ? 'output to an input' : 'input to an output'}`,
            'error',
          );
          return;
        }
        const c =
          from.side === 'source'
            ? {
                source: from.node,
                sourceHandle: from.port,
                target: state.toNode.id,
                targetHandle: state.toHandle.id,
              }
            : {
                source: state.toNode.id,
                sourceHandle: state.toHandle.id,
                target: from.node,
                targetHandle: from.port,
              };
        const problem = connectionProblem(graphStore.get(), c);
        if (problem) toast(problem, 'error');
        return;
      }
      const target = (event.target as Element | null)?.closest?.('.react-flow__pane');
      if (state.toNode || !target) return;
      const info = lookupType(graphStore.get().nodes.find((n) => n.id === from.node)?.data.type ?? '');
      const ports = from.side === 'source' ? info?.outputs : info?.inputs;
      const kind = ports?.[from.port]?.kind;
      if (!kind) return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const at = flow.screenToFlowPosition({ x: point.clientX, y: point.clientY });
      openPalette(at, { nodeId: from.node, port: from.port, side: from.side, kind });
    },
    [flow],
  );

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the canvas takes double-clicks and file drops; the keyboard has Space and Upload
    <div
      className="canvas"
      onDoubleClick={(e) => {
        // Only the empty pane itself: nodes sit inside .react-flow__pane, and a double-click in a prompt selects a word.
        if ((e.target as Element).classList.contains('react-flow__pane'))
          openPalette(flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      }}
      onKeyDown={tabNodesBeforeEdges}
      onMouseDownCapture={detachFromInput}
      onPointerMove={(e) => setPointer(flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }))}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length || dropOnLoader(e)) return;
        e.preventDefault();
        void dropFiles([...e.dataTransfer.files], flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      }}
    >
      <ReactFlow<StudioNodeType, StudioEdge>
        nodes={shown}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        {...contextMenuHandlers}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={onNodeDragStart}
        onSelectionDragStart={startDrag}
        onNodeDragStop={onNodeDragStop}
        onSelectionDragStop={endDrag}
        defaultEdgeOptions={edgeOptions}
        deleteKeyCode={null}
        panActivationKeyCode={null}
        zoomOnDoubleClick={false}
        onlyRenderVisibleElements={nodes.length > 120}
        minZoom={0.1}
        maxZoom={2.5}
        colorMode="dark"
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1.2} color="#2c313b" />
        <MiniMap<StudioNodeType> pannable zoomable nodeColor={minimapColor} maskColor="rgba(10,12,16,0.65)" />
        <Controls showInteractive={false} />
        <Vocabulary />
      </ReactFlow>
      {nodes.length === 0 && <EmptyCanvasHint />}
    </div>
  );
}
