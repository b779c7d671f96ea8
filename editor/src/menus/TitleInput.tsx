/** An in-place title editor: Enter keeps the new title, Escape or leaving the field cancels. */
import { useEffect, useRef } from 'react';
import { endRename } from '../state/rename.ts';

export function TitleInput({
  value,
  label,
  onCommit,
}: {
  value: string;
  label: string;
  onCommit(title: string): void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <input
      ref={ref}
      className="title-input nodrag nopan"
      aria-label={label}
      defaultValue={value}
      maxLength={200}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') {
          onCommit(e.currentTarget.value.trim());
          endRename();
        } else if (e.key === 'Escape') endRename();
      }}
      onBlur={endRename}
    />
  );
}
