/** Saves fetched bytes as a file under the given name (a download, never a page on our origin). */
export async function saveResponseAsFile(res: Response, filename: string): Promise<void> {
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser reads the blob after the click returns; a minute is ample even for a large file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
