import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { Layout } from './components/layout';
import { lazyPage, PageError } from './components/page-error';
import { RequireSession } from './components/require-session';
import { ApprovalsPage } from './pages/approvals.page';
import { AuthCallbackPage } from './pages/auth-callback.page';
import { AuditPage } from './pages/audit.page';
import { CataloguePage } from './pages/catalogue.page';
import { NotFoundPage } from './pages/not-found.page';
import { RequestAccessPage } from './pages/request-access.page';
import { RequestsPage } from './pages/requests.page';
import { SignInPage } from './pages/sign-in.page';
import { StewardPage } from './pages/steward.page';
import { TeamPage } from './pages/team.page';
import { SessionProvider } from './session/session-context';

const TopicPage = lazyPage(() => import('./pages/topic.page'));
// GraphiQL and its editor are fetched only when someone opens the explorer.
const ExplorerPage = lazyPage(() => import('./pages/explorer.page'));

const router = createBrowserRouter(
  [
    { path: '/signin', element: <SignInPage /> },
    { path: '/auth/callback', element: <AuthCallbackPage /> },
    {
      element: (
        <RequireSession>
          <Layout />
        </RequireSession>
      ),
      children: [
        {
          // A page that fails while it is shown is replaced inside the layout.
          errorElement: <PageError />,
          children: [
            { index: true, element: <Navigate to="/catalogue" replace /> },
            { path: '/catalogue', element: <CataloguePage /> },
            { path: '/topics/:name', element: <TopicPage /> },
            { path: '/topics/:name/request', element: <RequestAccessPage /> },
            { path: '/approvals', element: <ApprovalsPage /> },
            { path: '/requests', element: <RequestsPage /> },
            { path: '/team', element: <TeamPage /> },
            { path: '/steward', element: <StewardPage /> },
            { path: '/audit', element: <AuditPage /> },
            { path: '/explorer', element: <ExplorerPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/portal' },
);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
