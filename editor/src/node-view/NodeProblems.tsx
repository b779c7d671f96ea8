/** The error a node failed with, and the validation issues the server found on it before running. */
import type { NodeRunState } from '../state/run-status.ts';

/**
 * Param errors show beside their widget; `withParamIssues` lists them here when the widgets are hidden.
 * Warnings (the node still runs) are always listed here, marked as such.
 */
export function NodeProblems({ run, withParamIssues }: { run: NodeRunState; withParamIssues: boolean }) {
  const issues = (run.issues ?? []).filter((i) => withParamIssues || !i.param || i.severity === 'warning');
  if (!run.error && !issues.length) return null;
  return (
    <div className="node-problems" role="alert">
      {run.error && <p className="node-message error">{run.error}</p>}
      {issues.map((i) => {
        const where = i.port ?? i.param;
        // "model: required input "model" is not connected" would say the name twice.
        const prefix = where && !i.message.includes(`"${where}"`) ? `${where}: ` : '';
        const severity = i.severity ?? 'error';
        return (
          <p key={`${where ?? ''}:${i.message}`} className={`node-message ${severity}`}>
            {severity === 'warning' && <strong>Warning: </strong>}
            {prefix && <strong>{prefix}</strong>}
            {i.message}
          </p>
        );
      })}
    </div>
  );
}
