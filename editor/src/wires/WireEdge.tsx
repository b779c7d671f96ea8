/**
 * The one edge component: a bezier wire, or with reroute points a chain of beziers through them. Each
 * reroute is a dot in the colour of the kind it carries; drag it to move it, double-click it to remove it.
 */
import { BaseEdge, type EdgeProps, getBezierPath, type XYPosition } from '@xyflow/react';
import { memo } from 'react';
import type { StudioEdge } from '../graph/types.ts';
import { dragReroute, removeReroute } from './reroutes.ts';

/** A horizontal-tangent cubic from a to b (like React Flow's default between left/right handles). */
function segment(a: XYPosition, b: XYPosition): string {
  const dx = Math.max(Math.abs(b.x - a.x) * 0.5, 25);
  return `C ${a.x + dx},${a.y} ${b.x - dx},${b.y} ${b.x},${b.y}`;
}

export const WireEdge = memo(function WireEdge(props: EdgeProps<StudioEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, style, markerEnd } =
    props;
  const points = data?.points;
  if (!points?.length) {
    const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
    return <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />;
  }
  const chain = [{ x: sourceX, y: sourceY }, ...points, { x: targetX, y: targetY }];
  const path = `M ${sourceX},${sourceY} ${chain
    .slice(1)
    .map((p, i) => segment(chain[i]!, p))
    .join(' ')}`;
  const kind = data?.kind ?? 'unknown';
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      {points.map((p, i) => (
        // biome-ignore lint/a11y/noStaticElementInteractions: a pointer handle on the wire; the wire's menu removes reroutes by keyboard
        <circle
          // biome-ignore lint/suspicious/noArrayIndexKey: a reroute is its place on the wire
          key={i}
          className={`reroute nodrag nopan kind-${kind}`}
          data-reroute={`${id}#${i}`}
          data-kind={kind}
          cx={p.x}
          cy={p.y}
          r={6}
          style={{ fill: typeof style?.stroke === 'string' ? style.stroke : undefined }}
          onPointerDown={(e) => dragReroute(e, id, i)}
          onDoubleClick={(e) => {
            e.stopPropagation();
            removeReroute(id, i);
          }}
        >
          <title>{`${kind} reroute (drag to move, double-click to remove)`}</title>
        </circle>
      ))}
    </>
  );
});
