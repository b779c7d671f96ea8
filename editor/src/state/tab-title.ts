/** The browser tab's title: the document's name, with the run's progress while one runs ("[42%] Text to image - unCLIP Studio"). */
import { graphStore } from './document-store.ts';
import { type RunState, runStore } from './run-status.ts';

const APP = 'unCLIP Studio';

/** The share of the active run done, 0-100, or null when nothing of this tab is running. */
function runProgress(s: RunState): number | null {
  const states = Object.values(s.nodes).filter((n) => n.phase);
  if (!states.some((n) => n.phase === 'queued' || n.phase === 'running')) return null;
  let done = 0;
  for (const n of states)
    if (n.phase === 'running') done += n.steps ? (n.step ?? 0) / n.steps : 0;
    else if (n.phase !== 'queued') done += 1;
  return Math.floor((100 * done) / states.length);
}

function tabTitle(name: string, progress: number | null): string {
  const base = `${name || 'untitled'} - ${APP}`;
  return progress === null ? base : `[${progress}%] ${base}`;
}

/** Keep document.title up to date; returns the function that stops it. */
export function followTabTitle(): () => void {
  const update = () => {
    const title = tabTitle(graphStore.get().meta.name, runProgress(runStore.get()));
    if (document.title !== title) document.title = title;
  };
  update();
  const offRun = runStore.subscribe(update);
  const offGraph = graphStore.subscribe(update);
  return () => {
    offRun();
    offGraph();
  };
}
