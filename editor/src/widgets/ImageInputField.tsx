/** An input_file param: upload an image to the server's inputs folder and show its thumbnail. */
import { useRef, useState } from 'react';
import { errorMessage } from '../../../core/error-message.ts';
import { api, inputUrl } from '../api/client.ts';
import { toast } from '../state/toasts.ts';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
}

export function ImageInputField({ label, value, onChange }: Props) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const res = await api.uploadInput(file);
      onChange(res.name);
    } catch (err) {
      toast(`Upload failed: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="image-input-field">
      {value ? (
        <img className="thumb" src={inputUrl(value)} alt={`${label}: ${value}`} />
      ) : (
        <div className="thumb empty">no image</div>
      )}
      <div className="image-input-side">
        <span className="file-name" title={value}>
          {value || '—'}
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
