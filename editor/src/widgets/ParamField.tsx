/** One param of a node: its label and the widget its kind calls for. */
import { memo } from 'react';
import type { ParamSpec } from '../../../core/param-spec.ts';
import type { SeedControl } from '../graph/types.ts';
import { type CatalogState, catalogStore } from '../state/catalog.ts';
import { setInputFile, setNodeUi, setParam } from '../state/edit.ts';
import { useStore } from '../state/store.ts';
import { ImageInputField } from './ImageInputField.tsx';
import { NumberField } from './NumberField.tsx';
import { SeedField } from './SeedField.tsx';

interface Props {
  nodeId: string;
  name: string;
  spec: ParamSpec;
  value: unknown;
  seedControl?: SeedControl;
  problem?: string;
}

const selectModels = (s: CatalogState) => s.models.models;

export function humanize(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Widget({ nodeId, name, spec, value: stored, seedControl }: Props) {
  // A param missing from the workflow takes its default, in the widget as in the engine.
  const value = stored ?? spec.default;
  const label = spec.label ?? humanize(name);
  const set = (v: unknown) => setParam(nodeId, name, v);
  const models = useStore(catalogStore, selectModels);
  switch (spec.kind) {
    case 'number':
    case 'integer':
      return <NumberField label={label} spec={spec} value={Number(value)} onChange={set} />;
    case 'seed':
      return (
        <SeedField
          label={label}
          value={Number(value)}
          control={seedControl ?? 'fixed'}
          onChange={set}
          onControlChange={(c) => setNodeUi(nodeId, { seedControl: c })}
        />
      );
    case 'text':
      return spec.multiline ? (
        <textarea
          className="nodrag nowheel"
          aria-label={label}
          rows={3}
          maxLength={spec.maxLength}
          value={String(value)}
          onChange={(e) => set(e.target.value)}
        />
      ) : (
        <input
          className="nodrag"
          aria-label={label}
          maxLength={spec.maxLength}
          value={String(value)}
          onChange={(e) => set(e.target.value)}
        />
      );
    case 'select':
      return (
        <select
          className="nodrag"
          aria-label={label}
          value={String(value)}
          onChange={(e) => set(spec.options.find((o) => String(o) === e.target.value) ?? e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
      );
    case 'bundle': {
      const names = models.map((m) => m.name);
      const current = String(value);
      return (
        <select className="nodrag" aria-label={label} value={current} onChange={(e) => set(e.target.value)}>
          {!names.includes(current) && (
            <option value={current}>{current || '(no model)'} — not installed</option>
          )}
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.title ?? m.name}
            </option>
          ))}
        </select>
      );
    }
    case 'input_file':
      return (
        <ImageInputField
          nodeId={nodeId}
          label={label}
          value={String(value)}
          onChange={(stored, original) => setInputFile(nodeId, name, stored, original)}
        />
      );
    case 'boolean':
      return (
        <input
          type="checkbox"
          className="nodrag"
          aria-label={label}
          checked={Boolean(value)}
          onChange={(e) => set(e.target.checked)}
        />
      );
  }
}

export const ParamField = memo(function ParamField(props: Props) {
  const label = props.spec.label ?? humanize(props.name);
  return (
    <div
      className={`param param-${props.spec.kind}${props.problem ? ' has-problem' : ''}`}
      title={props.spec.help}
    >
      <span className="param-label">{label}</span>
      <Widget {...props} />
      {props.problem && <span className="param-problem">{props.problem}</span>}
    </div>
  );
});
