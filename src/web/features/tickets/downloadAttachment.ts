import { apiErrorOf } from '../../lib/api';
import { notifyError } from '../../lib/apiErrors';
import { saveResponseAsFile } from '../../lib/saveFile';
import { attachmentUrl } from './ticketApi';

/**
 * Downloads an attachment as a file (never opened on our origin: the bytes are a customer's), in the
 * page, so a refusal (503 `attachment.storage_unavailable`: kept in object storage this server cannot
 * reach; 404 `attachment.not_found`) is shown as a translated notification instead of raw JSON in a tab.
 */
export async function downloadAttachment(id: string, filename: string): Promise<void> {
  try {
    const res = await fetch(attachmentUrl(id), { credentials: 'same-origin' });
    if (!res.ok) {
      const text = await res.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON: apiErrorOf falls back to the status
      }
      throw apiErrorOf(res, data);
    }
    await saveResponseAsFile(res, filename);
  } catch (err) {
    notifyError(err);
  }
}
