/**
 * Serve an image file with a fixed image content type, nosniff and a CSP that forbids everything (an image
 * opened directly can run nothing, whatever its bytes): the stored-XSS defence for image routes.
 */
import type { Response } from 'express';

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

export function imageContentType(file: string): string {
  const dot = file.lastIndexOf('.');
  return IMAGE_TYPES[file.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}

export function sendImage(res: Response, realPath: string, options: { cacheable: boolean }): Promise<void> {
  res.set({
    'Content-Type': imageContentType(realPath),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': options.cacheable ? 'private, no-cache' : 'no-store',
  });
  return new Promise((resolve, reject) => {
    res.sendFile(
      realPath,
      { dotfiles: 'allow', headers: { 'Content-Type': imageContentType(realPath) } },
      (err) => (err ? reject(err) : resolve()),
    );
  });
}
