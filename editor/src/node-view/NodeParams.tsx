/**
 * A node's widgets. Zoomed out (compact), they are not rendered, but the block keeps the height it last had,
 * so a node's measured size, and so the layout, does not change with the zoom.
 */
import { type ReactNode, useLayoutEffect, useRef } from 'react';

/** The last rendered height of each node's widgets, by node id. */
const heights = new Map<string, number>();

export function NodeParams({
  nodeId,
  compact,
  children,
}: {
  nodeId: string;
  compact: boolean;
  children: ReactNode;
}) {
  const block = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!compact && block.current) heights.set(nodeId, block.current.offsetHeight);
  });
  if (compact) {
    const height = heights.get(nodeId);
    return height ? <div className="node-params-reserved" style={{ height }} aria-hidden="true" /> : null;
  }
  return (
    <div className="node-params" ref={block}>
      {children}
    </div>
  );
}
