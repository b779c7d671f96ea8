/** What an empty canvas says: how to add a node, where the examples are, what can be dropped. */
export function EmptyCanvasHint() {
  return (
    <div className="empty-canvas-hint" role="note" aria-label="Getting started">
      <p className="empty-canvas-title">An empty workflow</p>
      <ul>
        <li>
          Press <kbd>Space</kbd> or double-click the canvas to add a node
        </li>
        <li>
          Or open one of the <strong>Examples ▾</strong> in the toolbar
        </li>
        <li>Drop a workflow .json, an output .png or an image here</li>
        <li>
          <kbd>?</kbd> lists every shortcut
        </li>
      </ul>
    </div>
  );
}
