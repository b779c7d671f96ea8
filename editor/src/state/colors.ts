/** The colours a node or a group can be given (by name in the workflow, so themes can restyle them). */
export const COLORS: Record<string, string> = {
  red: '#e0565b',
  orange: '#e8913a',
  yellow: '#d9c145',
  green: '#5fb760',
  cyan: '#3fb8c9',
  blue: '#5b8def',
  purple: '#9b72e0',
  pink: '#d965a8',
  gray: '#8a93a3',
};

export const colorOf = (name: string | undefined): string | undefined =>
  name && Object.hasOwn(COLORS, name) ? COLORS[name] : undefined;
