import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe.js';
import { CSRF, EMAIL, FakeAdminServer, PASSWORD } from '../test/FakeAdminServer.js';
import { makeCall } from '../test/fixtures.js';
import { renderConsole } from '../test/renderConsole.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('log in', () => {
  it('shows the log-in page without a session, and announces a wrong password', async () => {
    const { user, server } = renderConsole(new FakeAdminServer({ signedIn: false }));
    const email = await screen.findByLabelText('Email');
    await expectNoAxeViolations();
    await user.type(email, EMAIL);
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    // The API is found from the page's address: /ringback/console/ → /ringback/v1/admin/….
    expect(server.requests('/v1/admin/session', 'POST')[0]!.body).toEqual({
      email: EMAIL,
      password: 'wrong',
    });
    await expectNoAxeViolations();
  });

  it('says when to try again once log-ins are throttled', async () => {
    const server = new FakeAdminServer({ signedIn: false });
    server.throttleLogIn = 300;
    const { user } = renderConsole(server);
    await user.type(await screen.findByLabelText('Email'), EMAIL);
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many attempts. Try again in 5 minutes.',
    );
  });

  it('opens the console after a log-in, with the title focused', async () => {
    const { user } = renderConsole(new FakeAdminServer({ signedIn: false }));
    await user.type(await screen.findByLabelText('Email'), EMAIL);
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    const title = await screen.findByRole('heading', { level: 1, name: 'Live requests' });
    expect(title).toHaveFocus();
    expect(screen.getByText(`Signed in as ${EMAIL} (operator)`)).toBeInTheDocument();
  });
});

describe('a session that ends', () => {
  it('goes back to the log-in page on any 401, saying why', async () => {
    const server = new FakeAdminServer({ calls: [makeCall()] });
    const { user } = renderConsole(server);
    await screen.findByRole('table', { name: 'Requests, newest first' });
    server.endSession();
    await user.click(screen.getByRole('link', { name: 'Agents' }));
    expect(await screen.findByLabelText('Email')).toBeInTheDocument();
    expect(screen.getByText('Your session ended. Log in again.')).toBeInTheDocument();
  });

  it('logs out with the CSRF token', async () => {
    const server = new FakeAdminServer();
    const { user } = renderConsole(server);
    await user.click(await screen.findByRole('button', { name: 'Log out' }));
    await screen.findByLabelText('Email');
    const [logOut] = server.requests('/v1/admin/session', 'DELETE');
    expect(logOut!.headers.get('X-CSRF-Token')).toBe(CSRF);
    expect(server.session).toBeNull();
  });
});

describe('navigation, roles and preferences', () => {
  it('links every page, marks the current one, and shows the audit log to admins only', async () => {
    const { user, unmount } = renderConsole(new FakeAdminServer({ role: 'admin' }), {
      hash: '#/missed',
    });
    const nav = await screen.findByRole('navigation', { name: 'Console' });
    expect(within(nav).getByRole('link', { name: 'Missed leads' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await user.click(within(nav).getByRole('link', { name: 'Audit log' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toHaveFocus();
    expect(await screen.findByText('Nothing logged yet.')).toBeInTheDocument();
    await expectNoAxeViolations();
    unmount();
    renderConsole(new FakeAdminServer({ role: 'viewer' }));
    const viewerNav = await screen.findByRole('navigation', { name: 'Console' });
    expect(within(viewerNav).queryByRole('link', { name: 'Audit log' })).toBeNull();
  });

  it('switches to Hindi and to the dark theme, and remembers both', async () => {
    const { user } = renderConsole();
    await user.selectOptions(await screen.findByLabelText('Language'), 'hi');
    expect(await screen.findByRole('heading', { level: 1, name: 'लाइव अनुरोध' })).toBeVisible();
    expect(document.documentElement.lang).toBe('hi');
    await user.selectOptions(screen.getByLabelText('थीम'), 'dark');
    expect(document.querySelector('.ringback-console')).toHaveAttribute('data-theme', 'dark');
    expect(localStorage.getItem('ringback-console:locale')).toBe('hi');
    expect(localStorage.getItem('ringback-console:theme')).toBe('dark');
    await expectNoAxeViolations();
  });

  it('says so when the server cannot be reached, and tries again', async () => {
    const server = new FakeAdminServer();
    const real = server.fetch;
    let down = true;
    server.fetch = (request) => (down ? Promise.reject(new TypeError('offline')) : real(request));
    const { user } = renderConsole(server);
    expect(await screen.findByText(/The server could not be reached/)).toBeInTheDocument();
    down = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Live requests'),
    );
  });
});
