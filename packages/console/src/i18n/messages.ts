import type { components } from '@ringback/protocol';

/** The console's languages. */
export type ConsoleLocale = 'en' | 'hi';
export const CONSOLE_LOCALES: readonly ConsoleLocale[] = ['en', 'hi'];

type CallState = components['schemas']['CallState'];
type MissedReason = components['schemas']['MissedReason'];
type AuditAction = components['schemas']['AuditEntry']['action'];
type EventOrigin = components['schemas']['AdminEvent']['source'];
type DeliveryState = components['schemas']['WebhookDeliveryView']['state'];
type Role = components['schemas']['OperatorRole'];

/**
 * Every text of the console in English and in Hindi, side by side. `{name}` parts are
 * filled in with `fill()`: dates and numbers already formatted for the locale.
 */
const TEXTS = {
  appName: ['Ringback console', 'Ringback कंसोल'],
  skipToContent: ['Skip to content', 'सामग्री पर जाएँ'],
  nav: ['Console', 'कंसोल'],
  navLive: ['Live requests', 'लाइव अनुरोध'],
  navMissed: ['Missed leads', 'छूटे हुए लीड'],
  navAgents: ['Agents', 'एजेंट'],
  navStats: ['Stats', 'आँकड़े'],
  navAudit: ['Audit log', 'ऑडिट लॉग'],
  /** `{email}` and `{role}`. */
  signedInAs: ['Signed in as {email} ({role})', '{email} के रूप में लॉग इन ({role})'],
  role_viewer: ['viewer', 'दर्शक'],
  role_operator: ['operator', 'ऑपरेटर'],
  role_admin: ['admin', 'एडमिन'],
  logOut: ['Log out', 'लॉग आउट'],
  language: ['Language', 'भाषा'],
  theme: ['Theme', 'थीम'],
  themeSystem: ['As the system', 'सिस्टम जैसी'],
  themeLight: ['Light', 'हल्की'],
  themeDark: ['Dark', 'गहरी'],
  liveConnecting: ['Connecting to live updates…', 'लाइव अपडेट से जुड़ रहे हैं…'],
  liveOn: ['Live updates on', 'लाइव अपडेट चालू'],
  liveOff: ['Live updates interrupted; reconnecting…', 'लाइव अपडेट रुके; फिर से जुड़ रहे हैं…'],

  logInTitle: ['Log in to the Ringback console', 'Ringback कंसोल में लॉग इन करें'],
  email: ['Email', 'ईमेल'],
  password: ['Password', 'पासवर्ड'],
  logIn: ['Log in', 'लॉग इन करें'],
  loggingIn: ['Logging in…', 'लॉग इन हो रहा है…'],
  invalidCredentials: ['Wrong email or password.', 'ईमेल या पासवर्ड ग़लत है।'],
  /** `{when}`: "in 5 minutes". */
  throttled: ['Too many attempts. Try again {when}.', 'बहुत सारे प्रयास। {when} फिर कोशिश करें।'],
  throttledLater: ['Too many attempts. Try again later.', 'बहुत सारे प्रयास। बाद में फिर कोशिश करें।'],
  sessionEnded: ['Your session ended. Log in again.', 'आपका सत्र समाप्त हो गया। फिर से लॉग इन करें।'],
  networkError: [
    'The server could not be reached. Check the connection and try again.',
    'सर्वर तक नहीं पहुँच सके। कनेक्शन जाँचें और फिर कोशिश करें।',
  ],
  /** `{detail}`: the server's own explanation, in English. */
  genericError: ['That did not work: {detail}', 'यह नहीं हो सका: {detail}'],
  roleForbidden: ['Your role may not do this.', 'आपकी भूमिका को इसकी अनुमति नहीं है।'],
  csrfFailed: [
    'The page is out of date. Reload it and try again.',
    'पेज पुराना है। उसे फिर से लोड करके कोशिश करें।',
  ],
  rateLimited: ['Limit reached. Try again {when}.', 'सीमा पूरी हो गई। {when} फिर कोशिश करें।'],
  callInProgress: ['This number already has a call under way.', 'इस नंबर पर पहले से एक कॉल चल रही है।'],
  retry: ['Try again', 'फिर कोशिश करें'],
  loading: ['Loading…', 'लोड हो रहा है…'],
  none: ['—', '—'],
  yes: ['Yes', 'हाँ'],
  no: ['No', 'नहीं'],

  liveTitle: ['Live requests', 'लाइव अनुरोध'],
  callsCaption: ['Requests, newest first', 'अनुरोध, नए पहले'],
  colRequested: ['Requested', 'अनुरोध का समय'],
  colNumber: ['Number', 'नंबर'],
  colWidget: ['Widget', 'विजेट'],
  colState: ['State', 'स्थिति'],
  colAgent: ['Agent', 'एजेंट'],
  colAttempt: ['Attempt', 'प्रयास'],
  colTalk: ['Talk time', 'बातचीत का समय'],
  attemptOf: ['{attempt} of {max}', '{max} में से {attempt}'],
  noCalls: ['No requests match these filters.', 'इन फ़िल्टर से कोई अनुरोध नहीं मिला।'],
  loadMore: ['Load more', 'और लोड करें'],
  exportCsv: ['Export as CSV', 'CSV के रूप में निर्यात करें'],
  newRequestOne: ['1 new request', '1 नया अनुरोध'],
  newRequestOther: ['{count} new requests', '{count} नए अनुरोध'],
  filters: ['Filters', 'फ़िल्टर'],
  filterState: ['State', 'स्थिति'],
  anyState: ['Any', 'कोई भी'],
  missedAny: ['Missed (any reason)', 'छूटी (किसी भी कारण)'],
  filterWidget: ['Widget id', 'विजेट आईडी'],
  filterFrom: ['From', 'से'],
  filterTo: ['To (inclusive)', 'तक (सहित)'],
  filterPhone: ['Number contains', 'नंबर में शामिल'],
  phoneHint: ['3 to 15 digits', '3 से 15 अंक'],
  applyFilters: ['Apply', 'लागू करें'],
  clearFilters: ['Clear', 'हटाएँ'],

  state_scheduled: ['booked', 'बुक की गई'],
  'state_retry-scheduled': ['retry booked', 'दोबारा प्रयास तय'],
  state_requested: ['requested', 'अनुरोधित'],
  state_unknown: ['checking with Exotel', 'Exotel से जाँच हो रही है'],
  'state_dialing-agent': ['ringing agent', 'एजेंट को घंटी'],
  'state_dialing-you': ['ringing visitor', 'विज़िटर को घंटी'],
  state_connected: ['connected', 'जुड़ी हुई'],
  state_completed: ['completed', 'पूरी हुई'],
  'state_agent-unavailable': ['no agent answered', 'किसी एजेंट ने नहीं उठाया'],
  'state_not-answered': ['visitor did not answer', 'विज़िटर ने नहीं उठाया'],
  state_busy: ['visitor busy', 'विज़िटर व्यस्त'],
  state_failed: ['failed', 'विफल'],
  state_canceled: ['canceled', 'रद्द'],
  state_ended: ['ended', 'समाप्त'],
  state_expired: ['expired', 'समय निकल गया'],

  'reason_agent-unavailable': ['No agent answered', 'किसी एजेंट ने नहीं उठाया'],
  'reason_not-answered': ['Visitor did not answer', 'विज़िटर ने नहीं उठाया'],
  reason_busy: ['Visitor busy', 'विज़िटर व्यस्त'],
  reason_failed: ['Call failed', 'कॉल विफल'],
  reason_expired: ['Expired before placing', 'लगने से पहले समय निकला'],

  missedTitle: ['Missed leads to call back', 'वापस कॉल करने के लिए छूटे हुए लीड'],
  missedCaption: ['Missed requests, oldest first', 'छूटे हुए अनुरोध, पुराने पहले'],
  colReason: ['Why missed', 'क्यों छूटा'],
  colLead: ['Lead details', 'लीड का विवरण'],
  colAction: ['Call back', 'वापस कॉल'],
  callBack: ['Call back now', 'अभी वापस कॉल करें'],
  callingBack: ['Calling back…', 'वापस कॉल हो रही है…'],
  /** `{state}`: the new call's state. */
  callbackState: ['Call-back: {state}', 'वापस कॉल: {state}'],
  noMissed: ['No missed leads.', 'कोई छूटा हुआ लीड नहीं।'],

  summary: ['Summary', 'सारांश'],
  /** `{number}`: the visitor's number. */
  detailTitle: ['Request from {number}', '{number} से अनुरोध'],
  colUpdated: ['Last change', 'आख़िरी बदलाव'],
  scheduledFor: ['Booked for', 'इस समय के लिए बुक'],
  retryAt: ['Next retry', 'अगला प्रयास'],
  callbackOf: ['Call-back of', 'इसकी वापस कॉल'],
  timeline: ['Timeline', 'घटनाक्रम'],
  timelineEmpty: ['No events yet.', 'अभी कोई घटना नहीं।'],
  /** After a timeline entry's state: `{attempt}` and what moved it (`{source}`). */
  timelineEntry: ['attempt {attempt}, by {source}', 'प्रयास {attempt}, {source} द्वारा'],
  source_api: ['a request', 'अनुरोध'],
  source_callback: ["Exotel's callback", 'Exotel कॉलबैक'],
  source_reconcile: ['a Call Details check', 'कॉल विवरण जाँच'],
  source_routing: ['routing to the next agent', 'अगले एजेंट को भेजना'],
  attempts: ['Attempts', 'प्रयास'],
  attemptsCaption: ['Attempts at reaching an agent', 'एजेंट तक पहुँचने के प्रयास'],
  colExotelSid: ['Exotel CallSid', 'Exotel CallSid'],
  colExotelStatus: ['Exotel status', 'Exotel स्थिति'],
  colOutcome: ['Outcome', 'परिणाम'],
  colStarted: ['Started', 'शुरू'],
  colEnded: ['Ended', 'समाप्त'],
  colRecording: ['Recording', 'रिकॉर्डिंग'],
  /** `{attempt}`: which attempt's recording. */
  recordingLink: ['Recording of attempt {attempt}', 'प्रयास {attempt} की रिकॉर्डिंग'],
  leadFields: ['Lead details', 'लीड का विवरण'],
  noFields: ['No answers.', 'कोई उत्तर नहीं।'],
  consent: ['Consent', 'सहमति'],
  /** `{when}` and the consent `{text}` the visitor saw. */
  consentGiven: ['Given {when}: “{text}”', '{when} को दी गई: “{text}”'],
  noConsent: ['Not asked.', 'नहीं पूछी गई।'],
  context: ['Where the visitor came from', 'विज़िटर कहाँ से आया'],
  pageUrl: ['Page', 'पेज'],
  referrer: ['Referrer', 'रेफ़रर'],
  gclid: ['Google Ads click id', 'Google Ads क्लिक आईडी'],
  noContext: ['Not collected.', 'एकत्र नहीं किया गया।'],
  deliveries: ['Webhook deliveries', 'वेबहुक डिलीवरी'],
  deliveriesCaption: ['Webhooks sent about this request', 'इस अनुरोध के बारे में भेजे गए वेबहुक'],
  colType: ['Event', 'इवेंट'],
  colUrl: ['URL', 'URL'],
  colAttempts: ['Attempts', 'प्रयास'],
  colLastResult: ['Last result', 'आख़िरी परिणाम'],
  colNextAttempt: ['Next attempt', 'अगला प्रयास'],
  redeliver: ['Send again', 'फिर से भेजें'],
  redelivering: ['Sending…', 'भेजा जा रहा है…'],
  httpStatus: ['HTTP {status}', 'HTTP {status}'],
  delivery_pending: ['pending', 'बाकी'],
  delivery_delivered: ['delivered', 'पहुँचा'],
  delivery_failed: ['failed', 'विफल'],
  noDeliveries: ['No webhooks for this request.', 'इस अनुरोध के लिए कोई वेबहुक नहीं।'],
  backToList: ['Back to live requests', 'लाइव अनुरोधों पर वापस'],
  notFound: ['There is no such request.', 'ऐसा कोई अनुरोध नहीं है।'],

  agentsTitle: ['Agents', 'एजेंट'],
  agentsCaption: ['Agents, their availability and calls', 'एजेंट, उनकी उपलब्धता और कॉल'],
  colName: ['Agent', 'एजेंट'],
  colWidgets: ['Widgets', 'विजेट'],
  colAvailable: ['Available', 'उपलब्ध'],
  colHours: ['Within hours', 'समय के भीतर'],
  colOnCall: ['On a call', 'कॉल पर'],
  available: ['Available', 'उपलब्ध'],
  away: ['Away', 'दूर'],
  /** The switch's name: `{name}` is the agent. */
  availableSwitch: ['{name} available', '{name} उपलब्ध'],
  noAgents: ['No agents are configured.', 'कोई एजेंट कॉन्फ़िगर नहीं है।'],

  statsTitle: ['Stats', 'आँकड़े'],
  range: ['Range', 'अवधि'],
  lastDays: ['Last {days} days', 'पिछले {days} दिन'],
  totals: ['Totals', 'कुल'],
  requests: ['Requests', 'अनुरोध'],
  connected: ['Connected', 'जुड़ीं'],
  connectRate: ['Connect rate', 'जुड़ने की दर'],
  ttcP50: ['Time to connect, median', 'जुड़ने का समय, माध्यिका'],
  ttcP95: ['Time to connect, 95th percentile', 'जुड़ने का समय, 95वाँ प्रतिशतक'],
  missedTotal: ['Missed', 'छूटीं'],
  chartRequests: ['Requests and connected calls per day', 'हर दिन अनुरोध और जुड़ी कॉल'],
  chartRate: ['Connect rate per day', 'हर दिन जुड़ने की दर'],
  chartTtc: ['Time to connect per day, in seconds', 'हर दिन जुड़ने का समय, सेकंड में'],
  chartMissed: ['Missed requests by reason', 'कारण के अनुसार छूटे अनुरोध'],
  showTable: ['Show the numbers as a table', 'आँकड़े तालिका में दिखाएँ'],
  hideTable: ['Hide the table', 'तालिका छिपाएँ'],
  colDay: ['Day', 'दिन'],
  colCount: ['Requests', 'अनुरोध'],
  p50: ['median', 'माध्यिका'],
  p95: ['95th percentile', '95वाँ प्रतिशतक'],
  byWidget: ['By widget', 'विजेट के अनुसार'],
  byAgent: [
    'By agent (requests are the attempts they were rung for)',
    'एजेंट के अनुसार (अनुरोध = उन्हें किए गए प्रयास)',
  ],

  auditTitle: ['Audit log', 'ऑडिट लॉग'],
  auditCaption: ['Operator actions, newest first', 'ऑपरेटर की कार्रवाइयाँ, नई पहले'],
  colAt: ['When', 'कब'],
  colActor: ['Who', 'कौन'],
  colRole: ['Role', 'भूमिका'],
  colAction2: ['Action', 'कार्रवाई'],
  colTarget: ['Target', 'लक्ष्य'],
  colIp: ['Address', 'पता'],
  colResult: ['Result', 'परिणाम'],
  'action_log-in': ['log-in', 'लॉग इन'],
  'action_log-in-failed': ['failed log-in', 'असफल लॉग इन'],
  'action_log-out': ['log-out', 'लॉग आउट'],
  'action_call-back': ['call-back', 'वापस कॉल'],
  'action_set-availability': ['availability change', 'उपलब्धता बदली'],
  'action_redeliver-webhook': ['webhook sent again', 'वेबहुक फिर भेजा'],
  'action_export-calls': ['CSV export', 'CSV निर्यात'],
  noAudit: ['Nothing logged yet.', 'अभी कुछ लॉग नहीं हुआ।'],
} satisfies Record<string, [en: string, hi: string]> &
  Record<`state_${CallState}`, [string, string]> &
  Record<`reason_${MissedReason}`, [string, string]> &
  Record<`action_${AuditAction}`, [string, string]> &
  Record<`source_${EventOrigin}`, [string, string]> &
  Record<`delivery_${DeliveryState}`, [string, string]> &
  Record<`role_${Role}`, [string, string]>;

/** Every text the console shows, in one language. */
export type ConsoleMessages = { [K in keyof typeof TEXTS]: string };

function column(index: 0 | 1): ConsoleMessages {
  return Object.fromEntries(
    Object.entries(TEXTS).map(([key, texts]) => [key, texts[index]]),
  ) as ConsoleMessages;
}

/** The texts by language. */
export const MESSAGES: Record<ConsoleLocale, ConsoleMessages> = { en: column(0), hi: column(1) };

/** `text` with each `{name}` replaced by `values.name`. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
