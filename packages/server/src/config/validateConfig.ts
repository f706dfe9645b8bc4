import * as v from 'valibot';
import { storeOpener } from '#store-plugins';
import { toConfigIssues } from '../domain/configIssues.js';
import { e164 } from '../domain/configRules.js';
import { ringbackConfigSchema } from '../domain/configSchema.js';
import { PRIVATE_NETWORKS, parseCidr } from '../domain/ipAddress.js';
import type { ResolvedConfig, ResolvedConsole, ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { RingbackConfig } from '../domain/RingbackConfig.js';
import { type ConfigIssue, RingbackConfigError } from '../domain/RingbackConfigError.js';
import { SECRET_HINT } from '../domain/secretStrength.js';
import { webhookSecretKey } from '../domain/webhookSchema.js';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhooks.js';
import { ownNumbers, resolveWidget } from './resolveWidget.js';

export { DEFAULT_GLOBAL_LIMIT } from '../domain/configSchema.js';
export { DEFAULT_LIMITS } from '../domain/widgetSchema.js';
export type { ResolvedConfig, ResolvedWidget };

type CheckedConfig = v.InferOutput<typeof ringbackConfigSchema>;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The server's signing secrets must be secrets of their own: one that is also the Exotel
 * token, a captcha secret key or the Redis password leaks with it, and anyone holding
 * that credential could forge StatusCallbacks.
 */
function checkCredentialReuse(config: CheckedConfig, issues: ConfigIssue[]): void {
  const others: [string, string | undefined][] = [
    ['exotel.apiToken', config.exotel.apiToken],
    ['exotel.apiKey', config.exotel.apiKey],
    ...config.widgets.map((w, i): [string, string | undefined] => [
      `widgets[${i}].verification.secretKey`,
      w.verification && 'secretKey' in w.verification ? w.verification.secretKey : undefined,
    ]),
  ];
  const store = config.store;
  if ('type' in store && store.type === 'redis')
    others.push(['store.url password', safeDecode(new URL(store.url).password) || undefined]);
  [config.secret, ...(config.previousSecrets ?? [])].forEach((secret, i) => {
    const same = others.find(([, value]) => value === secret);
    if (same)
      issues.push({
        path: i === 0 ? 'secret' : `previousSecrets[${i - 1}]`,
        message: `must be a secret of its own, not the same value as ${same[0]}; ${SECRET_HINT}`,
      });
  });
}

/**
 * An agent id names one person: widgets that share an agent list it with the same number
 * (their availability is one flag).
 */
function checkSharedAgents(config: CheckedConfig, issues: ConfigIssue[]): void {
  const numbers = new Map<string, { number: string; path: string }>();
  config.widgets.forEach((widget, i) => {
    widget.agents?.forEach((agent, j) => {
      const path = `widgets[${i}].agents[${j}]`;
      const seen = numbers.get(agent.id);
      if (!seen) numbers.set(agent.id, { number: e164(agent.number)!, path });
      else if (seen.number !== e164(agent.number))
        issues.push({
          path: `${path}.number`,
          message: `differs from ${seen.path}.number: an agent id names one person, with one number`,
        });
    });
  });
}

/** Deliveries are tied to their endpoint by URL: one endpoint per URL. */
function checkWebhookUrls(config: CheckedConfig, issues: ConfigIssue[]): void {
  const seen = new Map<string, number>();
  config.webhooks.forEach((endpoint, i) => {
    const url = new URL(endpoint.url).href;
    const first = seen.get(url);
    if (first !== undefined)
      issues.push({
        path: `webhooks[${i}].url`,
        message: `is the same as webhooks[${first}].url: one endpoint per URL (list several events in its events)`,
      });
    else seen.set(url, i);
  });
}

/** What the server runs on: secrets gathered for redaction, widgets by id, times in ms. */
function resolveConfig(config: CheckedConfig, issues: ConfigIssue[]): ResolvedConfig {
  const { exotel, store, trustProxy } = config;
  const secrets = [config.secret, ...(config.previousSecrets ?? [])];
  const redact = [
    exotel.apiKey,
    exotel.apiToken,
    ...secrets,
    ...config.webhooks.flatMap((w) => [w.secret, w.secret.slice('whsec_'.length)]),
  ];
  if ('type' in store && store.type === 'redis') {
    const { password } = new URL(store.url);
    if (password) redact.push(password, safeDecode(password));
  }
  const operatorConsole = config.console && resolveConsole(config.console);
  // A password hash is as secret as the password (it can be attacked offline).
  if (config.console)
    redact.push(
      ...config.console.operators.map((o) => o.passwordHash),
      ...config.console.apiTokens.map((t) => t.tokenHash),
    );
  // Every agent and ExoPhone of every widget, and the blocklist: never called as a visitor.
  const blocked = new Set([
    ...config.blockedNumbers.map((n) => e164(n)!),
    ...config.widgets.flatMap(ownNumbers),
  ]);
  checkCredentialReuse(config, issues);
  const widgets = new Map<string, ResolvedWidget>();
  config.widgets.forEach((widget, i) => {
    widgets.set(widget.id, resolveWidget(widget, `widgets[${i}]`, blocked, redact, issues));
  });
  checkSharedAgents(config, issues);
  checkWebhookUrls(config, issues);
  const publicBaseUrl = config.publicBaseUrl.replace(/\/+$/, '');
  return {
    exotel: {
      accountSid: exotel.accountSid,
      apiKey: exotel.apiKey,
      apiToken: exotel.apiToken,
      region: exotel.region,
      baseUrl: exotel.baseUrl,
      timeoutMs: Math.round(exotel.timeoutSeconds * 1000),
      fetch: exotel.fetch,
      statusCallbackContentType: exotel.statusCallbackContentType,
    },
    secrets,
    publicBaseUrl,
    basePath: new URL(publicBaseUrl).pathname.replace(/\/+$/, ''),
    widgets,
    policies: config.policies,
    allOrigins: new Set([...widgets.values()].flatMap((w) => [...w.allowedOrigins])),
    store: 'createCall' in store ? store : storeOpener(store),
    globalLimit: config.globalLimit,
    trustProxy: trustProxy && {
      header: trustProxy.header.toLowerCase(),
      hops: trustProxy.hops,
      from: (trustProxy.from ?? PRIVATE_NETWORKS).map((c) => parseCidr(c)!),
      fromDefault: !trustProxy.from,
    },
    maxBodyBytes: config.maxBodyBytes,
    reconcileGraceMs: config.reconcileGraceSeconds * 1000,
    reconcileIntervalMs: config.reconcileIntervalMs,
    heartbeatMs: config.heartbeatMs,
    maxStreamsPerIp: config.maxStreamsPerIp,
    callbackStaleMs: config.callbackStaleSeconds * 1000,
    retentionMs: config.retentionSeconds * 1000,
    health: config.health,
    upstreamRetry: config.upstreamRetry,
    webhooks: config.webhooks.map((w) => ({
      url: new URL(w.url).href,
      key: webhookSecretKey(w.secret)!,
      events: new Set(w.events ?? WEBHOOK_EVENT_TYPES),
      allowPrivateNetwork: w.allowPrivateNetwork,
    })),
    console: operatorConsole,
    redact: redact.filter((s) => s.length >= 4),
  };
}

function resolveConsole(config: NonNullable<CheckedConfig['console']>): ResolvedConsole {
  return {
    operators: new Map(
      config.operators.map((o) => [
        o.email.toLowerCase(),
        { email: o.email.toLowerCase(), passwordHash: o.passwordHash, role: o.role },
      ]),
    ),
    apiTokens: config.apiTokens.map((t) => ({
      name: t.name,
      hash: Uint8Array.from(t.tokenHash.slice('sha256:'.length).match(/../g)!, (h) =>
        Number.parseInt(h, 16),
      ),
      role: t.role,
    })),
    sessionMs: config.sessionSeconds * 1000,
    timeZone: config.timeZone,
    loginLimits: {
      address: config.loginLimits.address,
      account: config.loginLimits.account,
    },
    assetsDir: config.assetsDir,
  };
}

/**
 * Checks a configuration and fills in the defaults. Throws `RingbackConfigError`
 * naming every bad field, so a deployment fails at start-up, not on the first call.
 */
export function validateConfig(config: RingbackConfig): ResolvedConfig {
  const checked = v.safeParse(ringbackConfigSchema, config);
  if (!checked.success) throw new RingbackConfigError(toConfigIssues(checked.issues));
  const issues: ConfigIssue[] = [];
  const resolved = resolveConfig(checked.output, issues);
  if (issues.length > 0) throw new RingbackConfigError(issues);
  return resolved;
}
