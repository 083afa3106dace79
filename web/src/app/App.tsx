import { BrowserRouter, Route, Routes } from 'react-router';
import { NotFoundPage } from '../pages/not-found/NotFoundPage.js';
import { StartPage } from '../pages/start/StartPage.js';
import { Layout } from './layout/Layout.js';
import { paths } from './routes.js';
import { SettingsProvider } from './settings/SettingsProvider.js';

// Pages beyond the public start page (staff work queue, process-owner pages, ...) should be
// loaded with React.lazy so that citizens on phones do not download them; Layout has the Suspense.
export function App() {
  return (
    <SettingsProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route path={paths.start} element={<StartPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SettingsProvider>
  );
}
