/** A number or integer param: a slider for quick changes and a number box for exact values. */
import { useEffect, useState } from 'react';
import type { IntegerParam, NumberParam } from '../../../core/param-spec.ts';

interface Props {
  label: string;
  spec: NumberParam | IntegerParam;
  value: number;
  onChange(value: number): void;
}

function clamp(v: number, spec: NumberParam | IntegerParam): number {
  const c = Math.min(spec.max, Math.max(spec.min, v));
  return spec.kind === 'integer' ? Math.round(c) : c;
}

export function NumberField({ label, spec, value, onChange }: Props) {
  const step = spec.step ?? (spec.kind === 'integer' ? 1 : niceStep(spec.max - spec.min));
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = (text: string) => {
    const v = Number(text);
    if (text.trim() !== '' && Number.isFinite(v)) onChange(clamp(v, spec));
    else setDraft(String(value));
  };
  return (
    <div className="number-field">
      <input
        type="range"
        className="nodrag"
        aria-label={`${label} slider`}
        min={spec.min}
        max={spec.max}
        step={step}
        value={value}
        onChange={(e) => onChange(clamp(Number(e.target.value), spec))}
      />
      <input
        type="number"
        className="nodrag"
        aria-label={label}
        min={spec.min}
        max={spec.max}
        step={step}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= spec.min && v <= spec.max)
            onChange(clamp(v, spec));
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
      />
    </div>
  );
}

/** A step giving about a hundred slider positions, rounded to 1, 2 or 5 times a power of ten. */
function niceStep(range: number): number {
  const raw = range / 100;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}
