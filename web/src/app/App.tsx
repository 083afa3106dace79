import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AboutPage } from '../pages/about/AboutPage.js';
import { AccessibilityPage } from '../pages/accessibility/AccessibilityPage.js';
import { NotFoundPage } from '../pages/not-found/NotFoundPage.js';
import { StartPage } from '../pages/start/StartPage.js';
import { Layout } from './layout/Layout.js';
import { paths } from './routes.js';
import { SessionProvider } from './session/SessionProvider.js';
import { SettingsProvider } from './settings/SettingsProvider.js';

// The request form and the case pages carry Formik, yup and the form modules: loaded when opened.
const RequestPage = lazy(() => import('../pages/request/RequestPage.js').then((m) => ({ default: m.RequestPage })));
const ReceiptPage = lazy(() => import('../pages/request/ReceiptPage.js').then((m) => ({ default: m.ReceiptPage })));
const CasesPage = lazy(() => import('../pages/cases/CasesPage.js').then((m) => ({ default: m.CasesPage })));
const CasePage = lazy(() => import('../pages/cases/CasePage.js').then((m) => ({ default: m.CasePage })));
const StaffCasesPage = lazy(() => import('../pages/staff-cases/StaffCasesPage.js').then((m) => ({ default: m.StaffCasesPage })));
const StaffCasePage = lazy(() => import('../pages/staff-cases/StaffCasePage.js').then((m) => ({ default: m.StaffCasePage })));
const ProcessesPage = lazy(() => import('../pages/process-owner/ProcessesPage.js').then((m) => ({ default: m.ProcessesPage })));
const DefinitionPage = lazy(() => import('../pages/process-owner/DefinitionPage.js').then((m) => ({ default: m.DefinitionPage })));
const EditorPage = lazy(() => import('../pages/process-owner/EditorPage.js').then((m) => ({ default: m.EditorPage })));
const VersionPage = lazy(() => import('../pages/process-owner/VersionPage.js').then((m) => ({ default: m.VersionPage })));
const SignInPage = lazy(() => import('../pages/sign-in/SignInPage.js').then((m) => ({ default: m.SignInPage })));
// The staff side: citizens never download it.
const WorkQueuePage = lazy(() => import('../pages/tasks/WorkQueuePage.js').then((m) => ({ default: m.WorkQueuePage })));
const NotificationsPage = lazy(() => import('../pages/notifications/NotificationsPage.js').then((m) => ({ default: m.NotificationsPage })));
const PlanWorkspacePage = lazy(() => import('../pages/plan/PlanWorkspacePage.js').then((m) => ({ default: m.PlanWorkspacePage })));
const MemberPlansPage = lazy(() => import('../pages/plan/MemberPlansPage.js').then((m) => ({ default: m.MemberPlansPage })));
const MemberPlanPage = lazy(() => import('../pages/plan/MemberPlanPage.js').then((m) => ({ default: m.MemberPlanPage })));
const OverviewPage = lazy(() => import('../pages/oversight/OverviewPage.js').then((m) => ({ default: m.OverviewPage })));
const IncidentsPage = lazy(() => import('../pages/oversight/IncidentsPage.js').then((m) => ({ default: m.IncidentsPage })));
const AuditPage = lazy(() => import('../pages/oversight/AuditPage.js').then((m) => ({ default: m.AuditPage })));
const AdminUsersPage = lazy(() => import('../pages/oversight/AdminUsersPage.js').then((m) => ({ default: m.AdminUsersPage })));
const HelpPage = lazy(() => import('../pages/oversight/HelpPage.js').then((m) => ({ default: m.HelpPage })));
const TaskPage = lazy(() => import('../pages/tasks/TaskPage.js').then((m) => ({ default: m.TaskPage })));

// Pages beyond the public start page (staff work queue, process-owner pages, ...) should be
// loaded with React.lazy so that citizens on phones do not download them; Layout has the Suspense.
export function App() {
  return (
    <SettingsProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route path={paths.start} element={<StartPage />} />
              <Route path={paths.about} element={<AboutPage />} />
              <Route path={paths.accessibility} element={<AccessibilityPage />} />
              <Route path={paths.workQueue} element={<WorkQueuePage />} />
              <Route path={paths.task} element={<TaskPage />} />
              <Route path={paths.request} element={<RequestPage />} />
              <Route path={paths.requestReceipt} element={<ReceiptPage />} />
              <Route path={paths.cases} element={<CasesPage />} />
              <Route path={paths.caseDetail} element={<CasePage />} />
              <Route path={paths.signIn} element={<SignInPage />} />
              <Route path={paths.staffCases} element={<StaffCasesPage />} />
              <Route path={paths.staffCaseDetail} element={<StaffCasePage />} />
              <Route path={paths.notifications} element={<NotificationsPage />} />
              <Route path={paths.planWorkspace} element={<PlanWorkspacePage />} />
              <Route path={paths.memberPlans} element={<MemberPlansPage />} />
              <Route path={paths.memberPlan} element={<MemberPlanPage />} />
              <Route path={paths.processes} element={<ProcessesPage />} />
              <Route path={paths.processDetail} element={<DefinitionPage />} />
              <Route path={paths.processVersion} element={<VersionPage />} />
              <Route path={paths.processEditor} element={<EditorPage />} />
              <Route path={paths.overview} element={<OverviewPage />} />
              <Route path={paths.incidents} element={<IncidentsPage />} />
              <Route path={paths.audit} element={<AuditPage />} />
              <Route path={paths.users} element={<AdminUsersPage />} />
              <Route path={paths.help} element={<HelpPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </SettingsProvider>
  );
}
