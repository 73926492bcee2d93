import { AppShell, Burger, Button, Group, NavLink as MantineNavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import type { Role } from '../api/client';
import { Loading, RequireRole } from '../components/common';
import { ChoosePassword } from '../screens/ChoosePassword';
import { NotificationsBell } from '../components/NotificationsBell';
import { CREATE_ORGANIZATION_PATH, SignIn } from '../screens/SignIn';
import { ACCOUNT_PAGE_PATHS, AccountPage, ConfirmEmailBanner } from '../screens/AccountPages';
import { useAuth } from './auth';
import { roleList } from './labels';
import { Providers } from './providers';

// Route-level code splitting: each area is its own chunk, loaded when first visited.
const JobsList = lazy(() => import('../screens/recruiter/JobsList'));
const NewJob = lazy(() => import('../screens/recruiter/NewJob'));
const JobDetail = lazy(() => import('../screens/recruiter/JobDetail'));
const EditJob = lazy(() => import('../screens/recruiter/EditJob'));
const PipelinePage = lazy(() => import('../screens/recruiter/PipelinePage'));
const CandidateSearch = lazy(() => import('../screens/recruiter/CandidateSearch'));
const CandidateProfile = lazy(() => import('../screens/recruiter/CandidateProfile'));
const MyInterviews = lazy(() => import('../screens/interviewer/MyInterviews'));
const InterviewPage = lazy(() => import('../screens/interviewer/InterviewPage'));
const DecisionQueue = lazy(() => import('../screens/manager/DecisionQueue'));
const DecisionPacket = lazy(() => import('../screens/manager/DecisionPacket'));
const ApprovalsInbox = lazy(() => import('../screens/manager/ApprovalsInbox'));
const OfferPage = lazy(() => import('../screens/manager/OfferPage'));
const AdminPage = lazy(() => import('../screens/admin/AdminPage'));
const WebhooksPage = lazy(() => import('../screens/admin/WebhooksPage'));
const WebhookDetail = lazy(() => import('../screens/admin/WebhookDetail'));
const ApiKeysPage = lazy(() => import('../screens/admin/ApiKeysPage'));
const MyWorkingHours = lazy(() => import('../screens/settings/MyWorkingHours'));
const PrivacyRequestsPage = lazy(() => import('../screens/admin/PrivacyRequestsPage'));
const DueForDeletionPage = lazy(() => import('../screens/privacy/DueForDeletionPage'));
const PayRulesPage = lazy(() => import('../screens/admin/PayRulesPage'));
const InboxPage = lazy(() => import('../screens/recruiter/InboxPage'));
const EmailTemplatesPage = lazy(() => import('../screens/recruiter/EmailTemplatesPage'));
// Sign-up, for the one visit that creates an organization.
const CreateOrganization = lazy(() => import('../screens/CreateOrganization'));
// Charts (recharts) load only with the reports screen, so the initial bundle stays within budget.
const Reports = lazy(() => import('../screens/reports/Reports'));

const STAFF: Role[] = ['admin', 'recruiter'];
const JOB_READERS: Role[] = ['admin', 'recruiter', 'hiring_manager'];
const DECIDERS: Role[] = ['admin', 'recruiter', 'hiring_manager'];

interface NavItem {
  to: string;
  label: string;
  roles: Role[];
}
const NAV: NavItem[] = [
  { to: '/jobs', label: 'Jobs', roles: JOB_READERS },
  { to: '/candidates', label: 'Candidates', roles: STAFF },
  { to: '/inbox', label: 'Inbox', roles: STAFF },
  { to: '/email-templates', label: 'Email templates', roles: STAFF },
  { to: '/interviews', label: 'My interviews', roles: ['admin', 'recruiter', 'hiring_manager', 'interviewer'] },
  { to: '/settings/working-hours', label: 'My working hours', roles: ['admin', 'recruiter', 'hiring_manager', 'interviewer'] },
  // Recruiters work the queue too: the API gives them (and admins) every job's waiting applications.
  { to: '/decisions', label: 'Decision queue', roles: DECIDERS },
  { to: '/approvals', label: 'Approvals', roles: DECIDERS },
  { to: '/reports', label: 'Reports', roles: DECIDERS },
  { to: '/admin', label: 'Administration', roles: ['admin'] },
  { to: '/integrations/webhooks', label: 'Webhooks', roles: ['admin'] },
  { to: '/integrations/api-keys', label: 'API keys', roles: ['admin'] },
  { to: '/privacy/due', label: 'Due for deletion', roles: STAFF },
  { to: '/privacy/requests', label: 'Privacy requests', roles: ['admin'] },
  { to: '/pay-transparency', label: 'Pay transparency', roles: ['admin'] },
];

function homeFor(hasRole: (...r: Role[]) => boolean): string {
  if (hasRole('admin', 'recruiter')) return '/jobs';
  if (hasRole('hiring_manager')) return '/decisions';
  return '/interviews';
}

function Shell({ children }: { children: ReactNode }) {
  const { me, hasRole, signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const queryClient = useQueryClient();
  // Clicking the link of the screen already shown reads it afresh (an interview scheduled or a candidate waiting
  // since the screen was opened shows up), as a person expects from clicking it again.
  const follow = (to: string) => {
    if (location.pathname === to) void queryClient.invalidateQueries({ refetchType: 'active' });
    close();
  };
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Text fw={700} size="lg" component="span">
              Hireloop
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xs" component="span">
              {me?.organization.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationsBell />
            <Text size="sm" visibleFrom="sm" component="span">
              {me?.user.name} ({roleList(me?.user.roles ?? [])})
            </Text>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
        {NAV.filter((item) => hasRole(...item.roles)).map((item) => (
          <MantineNavLink
            key={item.to}
            component={NavLink}
            to={item.to}
            label={item.label}
            active={location.pathname.startsWith(item.to)}
            onClick={() => follow(item.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {me && !me.user.emailConfirmed && <ConfirmEmailBanner email={me.user.email} />}
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function guarded(roles: Role[], element: ReactNode) {
  return <RequireRole roles={roles}>{element}</RequireRole>;
}

function AppRoutes() {
  const { me, loading, hasRole } = useAuth();
  const location = useLocation();
  // The pages an emailed link opens (and the forgotten-password page) work whether or not someone is signed in here.
  if ((ACCOUNT_PAGE_PATHS as readonly string[]).includes(location.pathname)) return <AccountPage path={location.pathname} />;
  if (location.pathname === CREATE_ORGANIZATION_PATH)
    return (
      <Suspense fallback={<Loading />}>
        <CreateOrganization />
      </Suspense>
    );
  if (loading) return <Loading label="Signing in" />;
  if (!me) return <SignIn />;
  if (me.user.invitationPending) return <ChoosePassword />;
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to={homeFor(hasRole)} replace />} />
        <Route path="/login" element={<Navigate to={homeFor(hasRole)} replace />} />
        <Route path="/jobs" element={guarded(JOB_READERS, <JobsList />)} />
        <Route path="/jobs/new" element={guarded(STAFF, <NewJob />)} />
        <Route path="/jobs/:id" element={guarded(JOB_READERS, <JobDetail />)} />
        <Route path="/jobs/:id/edit" element={guarded(STAFF, <EditJob />)} />
        <Route path="/jobs/:id/pipeline" element={guarded(JOB_READERS, <PipelinePage />)} />
        <Route path="/candidates" element={guarded(STAFF, <CandidateSearch />)} />
        <Route path="/candidates/:id" element={guarded(JOB_READERS, <CandidateProfile />)} />
        <Route path="/inbox" element={guarded(STAFF, <InboxPage />)} />
        <Route path="/email-templates" element={guarded(STAFF, <EmailTemplatesPage />)} />
        <Route path="/interviews" element={<MyInterviews />} />
        <Route path="/interviews/:id" element={<InterviewPage />} />
        <Route path="/settings/working-hours" element={<MyWorkingHours />} />
        <Route path="/decisions" element={guarded(DECIDERS, <DecisionQueue />)} />
        <Route path="/applications/:id/packet" element={guarded(DECIDERS, <DecisionPacket />)} />
        <Route path="/approvals" element={guarded(DECIDERS, <ApprovalsInbox />)} />
        <Route path="/offers/:id" element={guarded(DECIDERS, <OfferPage />)} />
        <Route path="/admin" element={guarded(['admin'], <AdminPage />)} />
        <Route path="/integrations/webhooks" element={guarded(['admin'], <WebhooksPage />)} />
        <Route path="/integrations/webhooks/:id" element={guarded(['admin'], <WebhookDetail />)} />
        <Route path="/integrations/api-keys" element={guarded(['admin'], <ApiKeysPage />)} />
        <Route path="/privacy/due" element={guarded(STAFF, <DueForDeletionPage />)} />
        <Route path="/privacy/requests" element={guarded(['admin'], <PrivacyRequestsPage />)} />
        <Route path="/pay-transparency" element={guarded(['admin'], <PayRulesPage />)} />
        <Route path="/reports" element={guarded(DECIDERS, <Reports />)} />
        <Route path="*" element={<Text role="alert">Page not found.</Text>} />
      </Routes>
    </Shell>
  );
}

export function App() {
  return (
    <Providers>
      <BrowserRouter basename="/app">
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}
