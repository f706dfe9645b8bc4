import { render } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ConsoleLocale } from '../i18n/messages.js';
import { Console } from '../shell/Console.js';
import { FakeAdminServer } from './FakeAdminServer.js';

/** Renders the whole console against `server` at `hash` (`#/missed`, …). */
export function renderConsole(
  server = new FakeAdminServer(),
  { hash = '', locale = 'en' }: { hash?: string; locale?: ConsoleLocale } = {},
) {
  window.history.replaceState(null, '', `/ringback/console/${hash}`);
  const user = userEvent.setup();
  const view = render(
    <Console
      fetch={server.fetch}
      createEventSource={server.createEventSource}
      locale={locale}
      theme="system"
    />,
  );
  return { server, user, unmount: view.unmount };
}
