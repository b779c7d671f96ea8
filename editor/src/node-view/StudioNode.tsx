/** The one node component: renders any catalogue type from its ports and params, plus run state add-ons. */
import {
  Handle,
  type NodeProps,
  Position,
  type ReactFlowState,
  useStore as useFlowStore,
} from '@xyflow/react';
import { memo, useCallback } from 'react';
import { type InputPort, inputRequired, type OutputPort } from '../../../core/node-spec.ts';
import { SOCKET_INFO } from '../../../core/sockets.ts';
import type { StudioNode as StudioNodeType } from '../graph/types.ts';
import { type CatalogState, catalogStore } from '../state/catalog.ts';
import { setNodeUi } from '../state/edit.ts';
import { type RunState, runStore } from '../state/run-status.ts';
import { useStore } from '../state/store.ts';
import { humanize, ParamField } from '../widgets/ParamField.tsx';
import { NodeOutputs } from './NodeOutputs.tsx';
import { NodeParams } from './NodeParams.tsx';
import { NodeProblems } from './NodeProblems.tsx';
import { NodeProgress } from './NodeProgress.tsx';
import { cardStyle, NodeResize } from './NodeResize.tsx';
import { NodeTitle } from './NodeTitle.tsx';

/**
 * Below this zoom, nodes drop their widgets (unreadable anyway; panning stays fluid) but keep the space they took
 * (NodeParams), so zooming never moves nodes; outputs and progress stay visible.
 */
const DETAIL_ZOOM = 0.45;
const selectZoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

/** A port's handle, coloured by its socket kind (inputs on the left, outputs on the right). */
function Socket({
  type,
  port: [name, port],
}: {
  type: 'target' | 'source';
  port: [string, InputPort | OutputPort];
}) {
  return (
    <Handle
      type={type}
      position={type === 'target' ? Position.Left : Position.Right}
      id={name}
      className={`socket kind-${port.kind}`}
      style={{ background: SOCKET_INFO[port.kind].color }}
      title={`${port.kind}${port.help ? `: ${port.help}` : ''}`}
    />
  );
}

function PortRow({
  input,
  optional,
  output,
}: {
  input?: [string, InputPort];
  /** The input may stay unconnected with the node's current params. */
  optional: boolean;
  output?: [string, OutputPort];
}) {
  return (
    <div className="port-row">
      <div className="port port-in">
        {input && (
          <>
            <Socket type="target" port={input} />
            <span className={optional ? 'optional' : ''}>
              {input[1].label ?? humanize(input[0])}
              {optional && <span className="optional-tag"> (optional)</span>}
            </span>
          </>
        )}
      </div>
      <div className="port port-out">
        {output && (
          <>
            <span>{output[1].label ?? humanize(output[0])}</span>
            <Socket type="source" port={output} />
          </>
        )}
      </div>
    </div>
  );
}

export const StudioNode = memo(function StudioNode({ id, data, selected }: NodeProps<StudioNodeType>) {
  const info = useStore(
    catalogStore,
    useCallback((s: CatalogState) => s.types[data.type], [data.type]),
  );
  const run = useStore(
    runStore,
    useCallback((s: RunState) => s.nodes[id], [id]),
  );
  const zoomedOut = useFlowStore(selectZoomedOut);
  const detailed = !zoomedOut && !data.ui.collapsed;
  const phase = run?.error ? 'error' : run?.phase;
  const hasIssues = Boolean(run?.issues?.some((i) => i.severity !== 'warning'));
  const className = `studio-node cat-${info?.category ?? 'unknown'} ${phase ? `phase-${phase}` : ''} ${hasIssues ? 'has-issues' : ''} ${selected ? 'selected' : ''} ${zoomedOut ? 'compact' : ''} ${data.mode ? `mode-${data.mode}` : ''}`;
  if (!info) {
    return (
      <div className={`${className} missing`} data-node-id={id} data-node-type={data.type}>
        <header className="node-header">
          <span className="node-title">{data.type}</span>
        </header>
        <p className="node-message error">Unknown node type: the server has no “{data.type}”.</p>
      </div>
    );
  }
  const inputs = Object.entries(info.inputs);
  const outputs = Object.entries(info.outputs);
  const rows = Array.from({ length: Math.max(inputs.length, outputs.length) }, (_, i) => i);
  const paramValue = (name: string) => data.params[name] ?? info.params[name]?.default;
  const isOptional = (input?: [string, InputPort]) => Boolean(input) && !inputRequired(input![1], paramValue);
  const paramIssue = (name: string) =>
    run?.issues?.find((i) => i.param === name && i.severity !== 'warning')?.message;
  return (
    <div className={className} data-node-id={id} data-node-type={data.type} style={cardStyle(data.ui)}>
      <NodeResize id={id} visible={Boolean(selected)} />
      <header className="node-header" title={info.description}>
        <NodeTitle
          id={id}
          title={data.ui.title}
          typeTitle={info.title}
          mode={data.mode}
          pinned={data.ui.pinned}
        />
        {phase && <span className={`node-phase phase-${phase}`}>{phase}</span>}
        <button
          type="button"
          className="nodrag icon-button collapse-button"
          aria-label={data.ui.collapsed ? 'Expand node' : 'Collapse node'}
          aria-expanded={!data.ui.collapsed}
          onClick={() => setNodeUi(id, { collapsed: !data.ui.collapsed })}
        >
          {data.ui.collapsed ? '▸' : '▾'}
        </button>
      </header>
      <div className="node-ports">
        {rows.map((i) => (
          <PortRow key={i} input={inputs[i]} optional={isOptional(inputs[i])} output={outputs[i]} />
        ))}
      </div>
      {!data.ui.collapsed && Object.keys(info.params).length > 0 && (
        <NodeParams nodeId={id} compact={zoomedOut}>
          {Object.entries(info.params).map(([name, spec]) => (
            <ParamField
              key={name}
              nodeId={id}
              name={name}
              spec={spec}
              value={data.params[name]}
              seedControl={data.ui.seedControl}
              problem={paramIssue(name)}
            />
          ))}
        </NodeParams>
      )}
      {run && !data.ui.collapsed && <NodeProgress run={run} />}
      {run && !data.ui.collapsed && <NodeOutputs nodeId={id} run={run} />}
      {run && <NodeProblems run={run} withParamIssues={!detailed} />}
    </div>
  );
});
