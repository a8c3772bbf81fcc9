/** Notices: tells customers on their channel when their order's status changes (templates per status, quiet hours, unsubscribe). */
import type { Area } from '../../core/area.js';

export const noticesArea: Area = {
  name: 'notices',
};
