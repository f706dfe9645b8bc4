import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type Scenario, type ScenarioOptions, VISITOR } from './scenario.js';

/** What a driver gets: the widget's element and its scenario. */
export interface DriveContext {
  canvasElement: HTMLElement;
  scenario: Scenario;
}

const LONG = { timeout: 10_000 };

const canvasOf = ({ canvasElement }: DriveContext) => within(canvasElement);

async function expectStatus(ctx: DriveContext, text: string | RegExp) {
  const status = await canvasOf(ctx).findByRole('status');
  await waitFor(() => expect(status).toHaveTextContent(text), LONG);
}

/** Types the visitor's number and presses "Call me", as a visitor would. */
async function placeCall(ctx: DriveContext, number = VISITOR) {
  const canvas = canvasOf(ctx);
  await userEvent.type(await canvas.findByLabelText('Your phone number'), number);
  await userEvent.click(canvas.getByRole('button', { name: 'Call me' }));
}

async function dialingAgent(ctx: DriveContext) {
  await placeCall(ctx);
  await expectStatus(ctx, 'Calling our team. Your phone rings once someone answers.');
}

async function dialingYou(ctx: DriveContext) {
  await dialingAgent(ctx);
  await ctx.scenario.advance(3);
  await expectStatus(ctx, 'Your phone is ringing: please pick up.');
}

async function connected(ctx: DriveContext) {
  await dialingYou(ctx);
  await ctx.scenario.advance(3);
  await expectStatus(ctx, 'You are connected.');
}

async function ending(ctx: DriveContext, seconds: number, text: string | RegExp) {
  await dialingYou(ctx);
  await ctx.scenario.advance(seconds);
  await expectStatus(ctx, text);
}

/**
 * Each visitor-visible state: the simulator fates that lead there, and how a visitor
 * gets there. Stories and the "All states" grid share them.
 */
export const STATES = {
  Idle: {
    scenario: {},
    drive: async (ctx: DriveContext) => {
      await expect(await canvasOf(ctx).findByRole('button', { name: 'Call me' })).toBeVisible();
    },
  },
  'Invalid number': {
    scenario: {},
    drive: async (ctx: DriveContext) => {
      await placeCall(ctx, '98123');
      const canvas = canvasOf(ctx);
      await expect(await canvas.findByText('This number is too short.')).toBeVisible();
      await waitFor(() => expect(canvas.getByLabelText('Your phone number')).toHaveFocus());
    },
  },
  Submitting: {
    // Exotel answers a minute late (simulated): the widget waits on the proxy.
    scenario: { exotelLatencyMs: 60_000 },
    drive: async (ctx: DriveContext) => {
      await placeCall(ctx);
      await expectStatus(ctx, 'Placing your call…');
      await expect(canvasOf(ctx).getByRole('button', { name: 'Calling…' })).toHaveAttribute(
        'aria-disabled',
        'true',
      );
    },
  },
  'Dialing agent': {
    scenario: { agent: { outcome: 'answer', ringSeconds: 25, talkSeconds: null } },
    drive: dialingAgent,
  },
  'Trying a named agent': {
    scenario: {
      agents: [{ name: 'Priya', fate: { outcome: 'answer', ringSeconds: 25, talkSeconds: null } }],
    },
    drive: async (ctx: DriveContext) => {
      await placeCall(ctx);
      await expectStatus(ctx, 'Trying Priya…');
    },
  },
  'Trying another agent': {
    // Attempt 2 of 3: the first agent does not pick up; nobody was given a name.
    scenario: {
      agents: [
        { fate: { outcome: 'no-answer' } },
        { fate: { outcome: 'answer', ringSeconds: 25, talkSeconds: null } },
        { fate: { outcome: 'answer', ringSeconds: 25, talkSeconds: null } },
      ],
    },
    drive: async (ctx: DriveContext) => {
      await dialingAgent(ctx);
      await ctx.scenario.advance(35);
      await expectStatus(ctx, 'Trying another colleague…');
    },
  },
  'Undo window': {
    // The proxy holds the call 10 s before dialling, so a typo can be undone.
    scenario: {
      agent: { outcome: 'answer', ringSeconds: 25, talkSeconds: null },
      undoSeconds: 10,
    },
    drive: async (ctx: DriveContext) => {
      await placeCall(ctx);
      await expectStatus(ctx, 'Calling +91 98123 45678');
      await expect(canvasOf(ctx).getByRole('button', { name: 'Undo' })).toBeVisible();
    },
  },
  'Ringing countdown': {
    scenario: {
      visitor: { outcome: 'answer', ringSeconds: 25, talkSeconds: 30 },
    },
    drive: async (ctx: DriveContext) => {
      await expect(await canvasOf(ctx).findByText('We call you back in about 30 s.')).toBeVisible();
      await dialingYou(ctx);
      await expect(await canvasOf(ctx).findByText(/^Ringing for up to \d+ s$/)).toBeVisible();
    },
  },
  'Dialing you': {
    scenario: { visitor: { outcome: 'answer', ringSeconds: 25, talkSeconds: 30 } },
    drive: dialingYou,
  },
  Connected: {
    scenario: { visitor: { outcome: 'answer', ringSeconds: 2, talkSeconds: null } },
    drive: connected,
  },
  Completed: {
    scenario: { visitor: { outcome: 'answer', ringSeconds: 2, talkSeconds: 41 } },
    drive: async (ctx: DriveContext) => {
      await ending(ctx, 60, 'Call ended (0:41). Thank you!');
      await expect(canvasOf(ctx).getByRole('button', { name: 'Call again' })).toBeVisible();
      await expect(canvasOf(ctx).queryByRole('button', { name: 'Call me' })).toBeNull();
    },
  },
  'Agent unavailable': {
    scenario: { agent: { outcome: 'no-answer' } },
    drive: async (ctx: DriveContext) => {
      await dialingAgent(ctx);
      await ctx.scenario.advance(35);
      await expectStatus(ctx, /^Sorry, none of our team could take your call just now/);
      // Honest, and no retry that would fail the same way.
      await expect(canvasOf(ctx).queryByRole('button', { name: 'Try again' })).toBeNull();
    },
  },
  'Not answered': {
    scenario: { visitor: { outcome: 'no-answer' } },
    drive: (ctx: DriveContext) => ending(ctx, 35, /^We called but could not reach you/),
  },
  Busy: {
    scenario: { visitor: { outcome: 'busy', ringSeconds: 4 } },
    drive: async (ctx: DriveContext) => {
      await ending(ctx, 5, 'Your line was busy. Try again when it is free.');
      // One next step: "Try again" replaces the form's "Call me".
      await expect(canvasOf(ctx).getByRole('button', { name: 'Try again' })).toBeVisible();
      await expect(canvasOf(ctx).queryByRole('button', { name: 'Call me' })).toBeNull();
    },
  },
  Failed: {
    scenario: { visitor: { outcome: 'failed', ringSeconds: 4 } },
    drive: (ctx: DriveContext) => ending(ctx, 5, 'The call did not go through. Please try again.'),
  },
  Canceled: {
    // The agent gives up 4 s after the visitor's phone starts ringing.
    scenario: {
      agent: { outcome: 'answer', ringSeconds: 2, talkSeconds: null, patienceSeconds: 4 },
      visitor: { outcome: 'answer', ringSeconds: 20, talkSeconds: 30 },
    },
    drive: (ctx: DriveContext) => ending(ctx, 6, 'The call was canceled.'),
  },
  Ended: {
    // Exotel never says how the call went: once it is older than it could possibly
    // last (two ring timeouts, the time limit and grace), the proxy settles it `ended`.
    scenario: { exotelSilent: true },
    drive: async (ctx: DriveContext) => {
      await dialingAgent(ctx);
      await ctx.scenario.advance(60);
      await ctx.scenario.server.reconcile();
      await ctx.scenario.advance(2000);
      await ctx.scenario.server.reconcile();
      await expectStatus(ctx, 'The call has ended.');
    },
  },
  'Rate limited': {
    scenario: { callsPerNumber: 1, visitor: { outcome: 'busy', ringSeconds: 4 } },
    drive: async (ctx: DriveContext) => {
      await ending(ctx, 5, /busy/);
      await userEvent.click(canvasOf(ctx).getByRole('button', { name: 'Try again' }));
      await expectStatus(ctx, /^Too many requests\. Try again in about \d+ minutes\.$/);
    },
  },
  Closed: {
    scenario: { closed: true },
    drive: async (ctx: DriveContext) => {
      await expectStatus(ctx, /^We are closed\. We take calls again from .+\.$/);
      await expect(canvasOf(ctx).getByRole('button', { name: 'Call me' })).toHaveAttribute(
        'aria-disabled',
        'true',
      );
    },
  },
  'Verification required': {
    scenario: { verification: true },
    drive: async (ctx: DriveContext) => {
      await placeCall(ctx);
      await expectStatus(ctx, 'Please complete the verification and try again.');
    },
  },
  'Server unreachable': {
    scenario: { unreachable: true },
    drive: async (ctx: DriveContext) => {
      await expectStatus(ctx, /^Cannot reach the call service\./);
      await expect(canvasOf(ctx).getByRole('button', { name: 'Try again' })).toBeVisible();
    },
  },
} satisfies Record<
  string,
  { scenario: ScenarioOptions; drive: (ctx: DriveContext) => Promise<void> }
>;

export type StateName = keyof typeof STATES;
