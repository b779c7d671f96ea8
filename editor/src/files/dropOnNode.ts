/** An image dropped onto a node that loads images sets that node's file instead of adding a new node. */
import { errorMessage } from '../../../core/error-message.ts';
import { api } from '../api/client.ts';
import { lookupType } from '../state/catalog.ts';
import { graphStore } from '../state/document-store.ts';
import { setInputFile } from '../state/edit.ts';
import { toast } from '../state/toasts.ts';

/** The node under the drop and its image-file param, when the drop is an image onto such a node. */
function loaderUnder(target: EventTarget | null): { id: string; param: string } | null {
  const id = (target as Element | null)?.closest?.('[data-node-id]')?.getAttribute('data-node-id');
  const node = id ? graphStore.get().nodes.find((n) => n.id === id) : undefined;
  const info = node ? lookupType(node.data.type) : undefined;
  const param = info && Object.entries(info.params).find(([, s]) => s.kind === 'input_file')?.[0];
  return id && param ? { id, param } : null;
}

/** Handles the drop when it is an image onto an image-loading node; returns whether it did. */
export function dropOnLoader(event: React.DragEvent): boolean {
  const file = event.dataTransfer.files[0];
  if (!file?.type.startsWith('image/')) return false;
  const loader = loaderUnder(event.target);
  if (!loader) return false;
  event.preventDefault();
  event.stopPropagation();
  api
    .uploadInput(file)
    .then((res) => {
      setInputFile(loader.id, loader.param, res.name, file.name);
      toast(`${file.name} set on ${loader.id}`, 'success');
    })
    .catch((err: unknown) => toast(`${file.name}: ${errorMessage(err)}`, 'error', 7000));
  return true;
}
