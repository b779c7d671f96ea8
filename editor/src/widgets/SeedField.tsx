/** A seed param with its control: keep it, add one, or draw a new one after each run. */
import { SEED_MAX } from '../../../core/param-spec.ts';
import type { SeedControl } from '../graph/types.ts';

interface Props {
  label: string;
  value: number;
  control: SeedControl;
  onChange(value: number): void;
  onControlChange(control: SeedControl): void;
}

export function SeedField({ label, value, control, onChange, onControlChange }: Props) {
  return (
    <div className="seed-field">
      <div className="seed-value">
        <input
          type="number"
          className="nodrag"
          aria-label={label}
          min={0}
          max={SEED_MAX}
          step={1}
          value={value}
          onChange={(e) => {
            const v = Math.floor(Number(e.target.value));
            if (Number.isFinite(v) && v >= 0 && v <= SEED_MAX) onChange(v);
          }}
        />
        <button
          type="button"
          className="nodrag icon-button"
          aria-label={`New random ${label.toLowerCase()}`}
          title="New random seed"
          onClick={() => onChange(crypto.getRandomValues(new Uint32Array(1))[0]!)}
        >
          ⚄
        </button>
      </div>
      <select
        className="nodrag"
        aria-label={`${label} after each run`}
        title="What happens to the seed after each run"
        value={control}
        onChange={(e) => onControlChange(e.target.value as SeedControl)}
      >
        <option value="fixed">fixed</option>
        <option value="increment">+1 per run</option>
        <option value="randomize">random per run</option>
      </select>
    </div>
  );
}
