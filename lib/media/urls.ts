/** Where readers fetch a rendition file: the serving route /media/<file>. */
export function mediaUrl(file: string): string {
  return `/media/${encodeURIComponent(file)}`;
}
