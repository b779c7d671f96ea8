/** The error a node failed with, and the validation issues the server found on it before running. */
import type { NodeRunState } from '../state/run-status.ts';

/** Param issues show beside their widget; `withParamIssues` lists them here when the widgets are hidden. */
export function NodeProblems({ run, withParamIssues }: { run: NodeRunState; withParamIssues: boolean }) {
  const issues = (run.issues ?? []).filter((i) => withParamIssues || !i.param);
  if (!run.error && !issues.length) return null;
  return (
    <div className="node-problems" role="alert">
      {run.error && <p className="node-message error">{run.error}</p>}
      {issues.map((i) => (
        <p key={`${i.port ?? i.param ?? ''}:${i.message}`} className="node-message error">
          {i.port || i.param ? <strong>{i.port ?? i.param}: </strong> : null}
          {i.message}
        </p>
      ))}
    </div>
  );
}
