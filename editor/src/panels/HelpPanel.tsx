/** The shortcut list and a short orientation. */
import { SOCKET_INFO, SOCKET_KINDS } from '../../../core/sockets.ts';
import { SHORTCUTS } from '../canvas/useShortcuts.ts';
import { VOCABULARY_SHORTCUTS } from '../canvas/Vocabulary.tsx';

export function HelpPanel() {
  return (
    <section className="side-panel-body" aria-label="Help">
      <h2>Shortcuts</h2>
      <dl className="shortcuts">
        {[...SHORTCUTS, ...VOCABULARY_SHORTCUTS].map(([keys, what]) => (
          <div key={keys} className="shortcut">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <h2>Sockets</h2>
      <ul className="socket-legend">
        {SOCKET_KINDS.map((k) => (
          <li key={k}>
            <span className="socket-dot" style={{ background: SOCKET_INFO[k].color }} />
            <strong>{SOCKET_INFO[k].label}</strong> {SOCKET_INFO[k].description}
          </li>
        ))}
      </ul>
      <p className="muted">
        An output connects to inputs of the same kind. Drop a workflow .json or an output .png on the canvas
        to open its workflow.
      </p>
    </section>
  );
}
