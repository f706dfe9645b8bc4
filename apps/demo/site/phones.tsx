import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadDemoSettings } from './loadDemoSettings.js';
import { PhoneSimulator } from './PhoneSimulator.js';

const settings = await loadDemoSettings();
createRoot(document.getElementById('phones')!).render(
  <StrictMode>
    {settings.simulator ? (
      <PhoneSimulator base={settings.simulator} weavers={settings.agents} />
    ) : (
      <p>
        This demo places real calls through Exotel, so there are no simulated phones. Unset the
        EXOTEL_* variables and restart to use the simulator.
      </p>
    )}
  </StrictMode>,
);
