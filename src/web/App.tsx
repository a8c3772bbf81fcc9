import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { theme } from './theme';
import { AppRoutes } from './routes';
import { ApiError, isUnauthorized } from './lib/api';
import { qk } from './lib/queryKeys';

const queryClient: QueryClient = new QueryClient({
  // A session that expired mid-work: re-ask who we are, and RequireAuth sends the user to login.
  queryCache: new QueryCache({
    onError: (err, query) => {
      if (isUnauthorized(err) && query.queryKey[0] !== qk.me[0]) void queryClient.resetQueries({ queryKey: qk.me });
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // Client errors (404, 403, 401) will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

/** Providers (theme, server state, notifications) and the router. */
export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
