/** The uploaded images a workflow loads (image.load's `file` param): from a workflow, or stored JSON parsed. */
export function inputFilesOf(workflow: unknown): string[] {
  const nodes = (workflow as { nodes?: unknown } | null | undefined)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const names = (nodes as ({ type?: unknown; params?: { file?: unknown } } | null)[])
    .filter((node) => node?.type === 'image.load' && typeof node.params?.file === 'string')
    .map((node) => node?.params?.file as string);
  return [...new Set(names)];
}
