import { emailForm } from './EmailFields';
import { messengerForm } from './MessengerFields';
import { phoneForm } from './PhoneFields';
import { webchatForm } from './WebchatFields';
import { zaloForm } from './ZaloFields';
import type { KindForm } from './types';

/**
 * One kind's form with its state type kept inside: `withForm` hands the form to code written for any
 * state type, so the modal's state and the form's own functions always agree.
 */
export interface RegisteredKindForm {
  withForm<R>(open: <F>(kf: KindForm<F>) => R): R;
}

const register = <F>(kf: KindForm<F>): RegisteredKindForm => ({ withForm: (open) => open(kf) });

/** The settings forms the web app has; a kind the server offers without a form here is listed read-only. */
export const KIND_FORMS: Partial<Record<string, RegisteredKindForm>> = { email: register(emailForm), webchat: register(webchatForm), phone: register(phoneForm), zalo: register(zaloForm), messenger: register(messengerForm) };

/** The order kinds are shown in on the page. */
export const KIND_ORDER = ['email', 'webchat', 'zalo', 'messenger', 'phone'];
