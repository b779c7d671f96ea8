/**
 * Uploaded images are stored under a content hash (e.g. 3f2a9c0d1e4b5a6c.png); a node keeps the name each was
 * uploaded as in ui.fileLabels (stored name -> original name), so Load Image shows "cat.png", not the hash.
 */
import type { StudioNodeData } from './types.ts';

/** The node data with `param` set to the stored file and its original name remembered (stale names dropped). */
export function withInputFile(
  data: Pick<StudioNodeData, 'params' | 'ui'>,
  param: string,
  stored: string,
  original: string,
): Pick<StudioNodeData, 'params' | 'ui'> {
  const params = { ...data.params, [param]: stored };
  const values = new Set(Object.values(params));
  const kept = Object.entries(data.ui.fileLabels ?? {}).filter(([file]) => values.has(file));
  return { params, ui: { ...data.ui, fileLabels: { ...Object.fromEntries(kept), [stored]: original } } };
}

/** What to show for a stored input file: the name it was uploaded as, when known. */
export function fileLabel(ui: StudioNodeData['ui'] | undefined, stored: string): string {
  return ui?.fileLabels?.[stored] ?? stored;
}
