/** An input_file param: upload an image to the server's inputs folder and show its thumbnail. */
import { useRef, useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';
import { api, inputUrl } from '../api/client.ts';
import { fileLabel } from '../graph/file-labels.ts';
import { graphStore } from '../state/document-store.ts';
import { useStore } from '../state/store.ts';
import { toast } from '../state/toasts.ts';

interface Props {
  nodeId: string;
  label: string;
  value: string;
  /** The stored (hashed) name the server answered, and the name the file was uploaded as. */
  onChange(stored: string, original: string): void;
}

export function ImageInputField({ nodeId, label, value, onChange }: Props) {
  const fileInput = useRef<HTMLInputElement>(null);
  const shown = useStore(graphStore, (s) => fileLabel(s.nodes.find((n) => n.id === nodeId)?.data.ui, value));
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const res = await api.uploadInput(file);
      onChange(res.name, file.name);
    } catch (err) {
      toast(`Upload failed: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="image-input-field">
      {value ? (
        <img className="thumb" src={inputUrl(value)} alt={`${label}: ${shown}`} />
      ) : (
        <div className="thumb empty">no image</div>
      )}
      <div className="image-input-side">
        <span className="file-name" title={shown === value ? value : `${shown} (stored as ${value})`}>
          {shown || '—'}
        </span>
        <button type="button" className="nodrag" disabled={busy} onClick={() => fileInput.current?.click()}>
          {busy ? 'Uploading…' : `Upload ${label.toLowerCase()}`}
        </button>
      </div>
      <input
        ref={fileInput}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        hidden
        aria-label={`${label}: image to upload`}
        onChange={(e) => {
          void upload(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </div>
  );
}
