import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './styles/theme.css';
import './styles/app.css';
import './styles/canvas.css';
import './styles/panels.css';
import './styles/dataset.css';
import './styles/runs.css';
import { App } from './shell/App';
import { loadSession } from './actions/session';
import { startAutosave } from './actions/files';
import { applyColorScheme } from './shell/useColorScheme';

// Before the first paint, so a dark-theme user never sees a light flash.
applyColorScheme();
void loadSession();
startAutosave();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
