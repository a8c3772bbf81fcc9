import { Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { LoginPage } from './features/auth/LoginPage';
import { SetupPage } from './features/auth/SetupPage';
import { InboxPage } from './features/inbox/InboxPage';
import { TicketPage } from './features/tickets/TicketPage';
import { CustomersPage } from './features/customers/CustomersPage';
import { Customer360Page } from './features/customers/Customer360Page';
import { SettingsPage } from './features/settings/SettingsPage';
import { lazy, Suspense } from 'react';
import { Center, Loader } from '@mantine/core';

// The reports bring the charting library (Recharts): loaded when first opened, not with the inbox.
const DashboardsPage = lazy(() => import('./features/dashboards/DashboardsPage').then((m) => ({ default: m.DashboardsPage })));

/** Every page of the app; everything but setup and login needs a session. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<InboxPage />} />
        <Route path="tickets/:id" element={<TicketPage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/:id" element={<Customer360Page />} />
        <Route path="settings/*" element={<SettingsPage />} />
        <Route
          path="reports/*"
          element={
            <Suspense fallback={<Center py="xl"><Loader /></Center>}>
              <DashboardsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
