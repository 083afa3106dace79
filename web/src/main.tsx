// Fonts are bundled (nothing loads from outside at run time). Latin covers Norwegian and English;
// latin-ext is there for Sami names and, later, Sami text. The browser fetches a subset only when
// the page uses a character in its range.
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-500.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/inter/latin-ext-400.css';
import '@fontsource/inter/latin-ext-500.css';
import '@fontsource/inter/latin-ext-600.css';
import '@digdir/designsystemet-css';
import '@digdir/designsystemet-theme/digdir.css';
import './styles/global.css';
import './i18n/i18n.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
