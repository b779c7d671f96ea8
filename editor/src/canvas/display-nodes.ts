/**
 * The nodes as the canvas shows them, derived from the graph: nodes inside a collapsed group are hidden,
 * pinned ones do not drag (nor pan the canvas when grabbed), and nodes that will not run because they need
 * a muted node (as applyNodeModes decides, the same function the server uses) are marked "starved".
 * Returns the same array when nothing applies, so panning a large graph costs nothing extra.
 */
import { applyNodeModes } from '../../../core/workflow/node-modes.ts';
import type { Workflow } from '../../../core/workflow/schema.ts';
import { connectionToEdge } from '../graph/convert.ts';
import type { GraphMeta, StudioEdge, StudioNode } from '../graph/types.ts';
import { groupsOf, isInside } from '../groups/groups.ts';
import { lookupType } from '../state/catalog.ts';

/** Ids of the nodes that do not run only because of other nodes' modes. */
function starvedNodes(nodes: readonly StudioNode[], edges: readonly StudioEdge[]): Set<string> {
  if (!nodes.some((n) => n.data.mode)) return new Set();
  const wf = {
    format: 'unclip-studio/workflow',
    version: 1,
    name: '',
    nodes: nodes.map((n) => ({ id: n.id, type: n.data.type, params: {}, mode: n.data.mode })),
    edges: edges.map(connectionToEdge),
  } as Workflow;
  const { skipped } = applyNodeModes(wf, lookupType);
  return new Set([...skipped].filter(([, why]) => why === 'starved').map(([id]) => id));
}

export function displayNodes(nodes: StudioNode[], edges: StudioEdge[], meta: GraphMeta): StudioNode[] {
  const collapsed = groupsOf(meta).filter((g) => g.collapsed);
  const starved = starvedNodes(nodes, edges);
  if (!collapsed.length && !starved.size && !nodes.some((n) => n.data.ui.pinned)) return nodes;
  return nodes.map((n) => {
    const hidden = collapsed.some((g) => isInside(g, n));
    const classes = [n.data.ui.pinned ? 'nopan' : '', starved.has(n.id) ? 'starved' : ''].filter(Boolean);
    if (!hidden && !classes.length) return n;
    return {
      ...n,
      hidden,
      ...(n.data.ui.pinned ? { draggable: false } : {}),
      ...(classes.length ? { className: classes.join(' ') } : {}),
    };
  });
}
