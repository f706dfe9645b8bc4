// The React widget on a page: what a React site ships (React + ReactDOM + @ringback/react).
import { ClickToCall } from '@ringback/react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('widget')!).render(
  <ClickToCall endpoint={`${location.origin}/ringback`} widgetId="bench" />,
);
