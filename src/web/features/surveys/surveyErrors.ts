import { notifications } from '@mantine/notifications';
import i18n from 'i18next';
import { ApiError } from '../../lib/api';
import { notifyError } from '../../lib/apiErrors';

/** A red notification for a failed survey action: our words for this area's stable error ids, else the app-wide handling. */
export function notifySurveyError(err: unknown) {
  const text = err instanceof ApiError ? i18n.t(`errorIds.${err.id}`, { ns: 'surveys', defaultValue: '' }) : '';
  if (text) notifications.show({ color: 'red', message: text });
  else notifyError(err);
}
