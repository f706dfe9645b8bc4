import { ClickToCall } from '@ringback/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadDemoSettings } from './loadDemoSettings.js';

const settings = await loadDemoSettings();
if (settings.upstream === 'simulator') document.getElementById('demo-hint')!.hidden = false;

createRoot(document.getElementById('click-to-call')!).render(
  <StrictMode>
    <ClickToCall
      endpoint={new URL(settings.endpoint, location.origin).href}
      widgetId={settings.widgetId}
      consent="We call you once about your question. Your number is not used for marketing."
    />
  </StrictMode>,
);
