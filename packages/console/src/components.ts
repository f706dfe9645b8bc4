// `@ringback/console/components`: the console's views, for its Storybook stories and for
// anyone composing their own screens from them. Views take data and callbacks as props
// and fetch nothing; the console app (`dist/app/`) wires them to the operator API.
// Texts come from `ConsoleLocaleProvider`; styles from `@ringback/console/console.css`.

export type {
  AdminAgent,
  AdminAttempt,
  AdminCall,
  AdminCallDetail,
  AdminEvent,
  AdminStats,
  AuditEntry,
  StatsFigures,
  WebhookDelivery,
} from './api/types.js';
export { ChartFigure, type ChartFigureProps, type ChartTable } from './charts/ChartFigure.js';
export {
  ConsoleLocaleProvider,
  type ConsoleLocaleProviderProps,
  type ConsoleText,
  useText,
} from './i18n/ConsoleLocaleProvider.js';
export {
  type ConsoleFormat,
  createFormat,
} from './i18n/format.js';
export {
  CONSOLE_LOCALES,
  type ConsoleLocale,
  type ConsoleMessages,
  fill,
  MESSAGES,
} from './i18n/messages.js';
export type { CallFilterValues } from './live/callQuery.js';
export { AgentsList, type AgentsListProps, type Availability } from './views/AgentsList.js';
export { AuditTable } from './views/AuditTable.js';
export { CallAttempts } from './views/CallAttempts.js';
export { CallFilters, type CallFiltersProps } from './views/CallFilters.js';
export { CallSummary, type CallSummaryProps } from './views/CallSummary.js';
export { CallsTable, type CallsTableProps } from './views/CallsTable.js';
export { CallTimeline, type CallTimelineProps } from './views/CallTimeline.js';
export { type LogInError, LogInForm, type LogInFormProps } from './views/LogInForm.js';
export {
  type CallbackProgress,
  MissedLeadsList,
  type MissedLeadsListProps,
} from './views/MissedLeadsList.js';
export { PreferencesForm, type PreferencesFormProps } from './views/PreferencesForm.js';
export { StateBadge } from './views/StateBadge.js';
export { StatsView } from './views/StatsView.js';
export { WebhookDeliveries, type WebhookDeliveriesProps } from './views/WebhookDeliveries.js';
