import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { isUnauthorized } from '../lib/api';
import { useMe, useSetupNeeded } from '../lib/session';
import { setDisplayTimeZone } from '../lib/format';
import { setLanguage, storedLanguage } from '../lib/i18n';
import { startRealtime } from '../lib/realtime';
import { FullPageLoader } from './FullPageLoader';
import { PageError } from './PageError';

/** Shows its children only with a session; otherwise sends the visitor to setup or login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const setup = useSetupNeeded();
  const location = useLocation();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!me.data) return;
    setDisplayTimeZone(me.data.workspace.timezone);
    // The user's saved locale applies until this browser picks a language itself.
    const locale = me.data.user?.locale;
    if (!storedLanguage() && (locale === 'vi' || locale === 'en')) setLanguage(locale);
    startRealtime(queryClient);
  }, [me.data, queryClient]);

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    if (!isUnauthorized(me.error)) return <PageError error={me.error} />;
    if (setup.isPending) return <FullPageLoader />;
    if (setup.data?.needed) return <Navigate to="/setup" replace />;
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
