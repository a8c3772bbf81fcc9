import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { FullPageLoader } from './components/FullPageLoader';
import { RequireAuth } from './components/RequireAuth';

/** A page loaded with its own chunk the first time it is opened (its named export `name`). */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

// Every page is its own chunk, so the first load brings the shell and the page asked for, not the whole app.
const SetupPage = lazyPage(() => import('./features/auth/SetupPage'), 'SetupPage');
const LoginPage = lazyPage(() => import('./features/auth/LoginPage'), 'LoginPage');
const InboxPage = lazyPage(() => import('./features/inbox/InboxPage'), 'InboxPage');
const TicketPage = lazyPage(() => import('./features/tickets/TicketPage'), 'TicketPage');
const CustomersPage = lazyPage(() => import('./features/customers/CustomersPage'), 'CustomersPage');
const Customer360Page = lazyPage(() => import('./features/customers/Customer360Page'), 'Customer360Page');
const SettingsPage = lazyPage(() => import('./features/settings/SettingsPage'), 'SettingsPage');
// The reports also bring the charting library (Recharts).
const DashboardsPage = lazyPage(() => import('./features/dashboards/DashboardsPage'), 'DashboardsPage');
const JourneyPage = lazyPage(() => import('./features/journey/JourneyPage'), 'JourneyPage');
const SegmentsPage = lazyPage(() => import('./features/segments/SegmentsPage'), 'SegmentsPage');
const WorkflowsPage = lazyPage(() => import('./features/workflows/WorkflowsPage'), 'WorkflowsPage');
const KnowledgePage = lazyPage(() => import('./features/knowledge/KnowledgePage'), 'KnowledgePage');
const HelpCentrePage = lazyPage(() => import('./features/knowledge/HelpCentrePage'), 'HelpCentrePage');
const NotificationsPage = lazyPage(() => import('./features/notifications/NotificationsPage'), 'NotificationsPage');

/** A page with the spinner shown while its chunk loads. */
function page(Page: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Page />
    </Suspense>
  );
}

/** Every page of the app; everything but setup and login needs a session. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/setup" element={page(SetupPage)} />
      <Route path="/login" element={page(LoginPage)} />
      <Route path="/help/:slug/*" element={page(HelpCentrePage)} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={page(InboxPage)} />
        <Route path="tickets/:id" element={page(TicketPage)} />
        <Route path="customers" element={page(CustomersPage)} />
        <Route path="customers/:id" element={page(Customer360Page)} />
        <Route path="settings/*" element={page(SettingsPage)} />
        <Route path="reports/*" element={page(DashboardsPage)} />
        <Route path="notifications" element={page(NotificationsPage)} />
        <Route path="journey" element={page(JourneyPage)} />
        <Route path="segments" element={page(SegmentsPage)} />
        <Route path="workflows/*" element={page(WorkflowsPage)} />
        <Route path="knowledge/*" element={page(KnowledgePage)} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
