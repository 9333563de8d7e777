/**
 * Content types from file names, for `sendData`.
 *
 * @example
 * ```ts
 * import { contentTypeFor } from "./mime.ts";
 * contentTypeFor("cat.PNG"); // "image/png"
 * ```
 *
 * @module
 */

const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  bmp: "image/bmp",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  wav: "audio/wav",
  flac: "audio/flac",
  mp4: "video/mp4",
  webm: "video/webm",
  ogv: "video/ogg",
  txt: "text/plain",
  pdf: "application/pdf",
};

/** The content type for a file name, by its extension; `application/octet-stream` if unknown. */
export function contentTypeFor(filename: string): string {
  const dot = filename.lastIndexOf(".");
  const ext = dot < 0 ? "" : filename.slice(dot + 1).toLowerCase();
  return TYPES[ext] ?? "application/octet-stream";
}

/** Base64 of bytes, without Deno- or Node-only APIs. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}
