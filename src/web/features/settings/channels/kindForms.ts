import { emailForm } from './EmailFields';
import { phoneForm } from './PhoneFields';
import { webchatForm } from './WebchatFields';
import type { KindForm } from './types';

/** The settings forms the web app has; a kind the server offers without a form here is listed read-only. */
export const KIND_FORMS: Record<string, KindForm<any>> = { email: emailForm, webchat: webchatForm, phone: phoneForm };

/** The order kinds are shown in on the page. */
export const KIND_ORDER = ['email', 'webchat', 'phone'];
