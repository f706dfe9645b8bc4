import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe.js';
import { CSRF, FakeAdminServer } from '../test/FakeAdminServer.js';
import { renderConsole } from '../test/renderConsole.js';

afterEach(cleanup);

describe('agents', () => {
  it('marks an agent away and back with a switch, sending the CSRF token', async () => {
    const server = new FakeAdminServer();
    const { user } = renderConsole(server, { hash: '#/agents' });
    const asha = await screen.findByRole('switch', { name: 'Asha available' });
    expect(asha).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Ravi available' })).not.toBeChecked();
    // An agent without a name goes by its id.
    expect(screen.getByRole('switch', { name: 'desk-3 available' })).toBeInTheDocument();
    await expectNoAxeViolations();

    await user.click(asha);
    await waitFor(() => expect(asha).not.toBeChecked());
    const [put] = server.requests('/v1/admin/agents/asha/availability', 'PUT');
    expect(put!.body).toEqual({ availability: 'away' });
    expect(put!.headers.get('X-CSRF-Token')).toBe(CSRF);
    await user.click(asha);
    await waitFor(() => expect(asha).toBeChecked());
  });

  it('shows a viewer each availability as text, without switches', async () => {
    renderConsole(new FakeAdminServer({ role: 'viewer' }), { hash: '#/agents' });
    await screen.findByRole('table', { name: 'Agents, their availability and calls' });
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.getAllByRole('cell', { name: 'Away' })).toHaveLength(1);
  });
});
