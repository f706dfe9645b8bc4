import type { LocalizedText } from '@ringback/client';

/**
 * Every string the widget shows. Most keys are the status, phone problem or error
 * code they describe. `{when}` (a localized date and time, or a duration with `rate_limited`), `{countries}` (country
 * names) and `{duration}` (m:ss) are filled in.
 */
export interface ClickToCallMessages {
  /** Label of the country select. */
  country: string;
  /** Label of the phone field. */
  phone: string;
  /** The submit button; a widget's server-side `labels.button` overrides it too. */
  submit: string;
  /** The submit button while the call is being placed. */
  submitting: string;
  retry: string;
  cancel: string;
  /** Cancels a call held before dialling. */
  undo: string;
  /** Back to the form after an ending that cannot be tried again as it is (completed, ended). */
  reset: string;
  /** The three progress steps. */
  stepAgent: string;
  stepYou: string;
  stepConnected: string;
  validating: string;
  placing: string;
  /** While the call is held before dialling (`{number}`), next to Undo. */
  holding: string;
  /** While a phone rings: the seconds (`{seconds}`) it may ring for yet. */
  ringing: string;
  /** Before a call: about how long (`{seconds}`) until the visitor's phone rings. */
  expected: string;
  /** Live status stopped arriving; the widget keeps trying. */
  reconnecting: string;
  requested: string;
  'dialing-agent': string;
  'dialing-you': string;
  /** Dialing an agent the business named (`{name}`), on any attempt. */
  tryingAgent: string;
  /** Dialing the next agent after one missed the call, unnamed. */
  tryingOther: string;
  connected: string;
  completed: string;
  'agent-unavailable': string;
  'not-answered': string;
  busy: string;
  failed: string;
  canceled: string;
  /** Over, but the phone network never said how (see the server's `ended` state). */
  ended: string;
  /** A callback the visitor booked, for `{when}`. */
  scheduled: string;
  /** The call was missed; the proxy tries again at `{when}`. */
  'retry-scheduled': string;
  /** A booked callback or retry that could not be placed in time. */
  expired: string;
  /** Label of the list of callback slots (times in the shop's time zone). */
  slots: string;
  /** The submit button while it books the slot picked in the list. */
  book: string;
  /** The slot was taken or is no longer offered. */
  slot_unavailable: string;
  /** The number (or the visitor) already has as many callbacks booked as allowed. */
  too_many_scheduled: string;
  empty: string;
  too_short: string;
  too_long: string;
  /** A number that is not valid (checked in the browser or by the server). */
  invalid: string;
  country_not_allowed: string;
  number_type_not_allowed: string;
  number_blocked: string;
  /** The number already has a call under way. */
  call_in_progress: string;
  closed: string;
  /** Closed, with no opening scheduled. */
  closedLater: string;
  rate_limited: string;
  /** Rate limited, without a retry time. */
  rateLimitedLater: string;
  /** Human verification missing, refused or unavailable. */
  verification: string;
  network_error: string;
  /** A required answer to one of the widget's fields is missing. */
  required: string;
  /** The widget's consent box must be ticked. */
  consentRequired: string;
  /** An answer the proxy (or the browser's check) refused: too long, not an option, … */
  fieldInvalid: string;
  /** The empty first choice of a select field. */
  choose: string;
  /** The widget is set up wrong (unknown widget, origin not allowed, …). */
  misconfigured: string;
  /** Any other failure on the way to the phone network. */
  unavailable: string;
}

/** Each text in English and in Hindi, side by side; `en` and `hi` are its two columns. */
const TEXTS: Record<keyof ClickToCallMessages, [en: string, hi: string]> = {
  country: ['Country', 'देश'],
  phone: ['Your phone number', 'आपका फ़ोन नंबर'],
  submit: ['Call me', 'मुझे कॉल करें'],
  submitting: ['Calling…', 'कॉल हो रही है…'],
  retry: ['Try again', 'फिर कोशिश करें'],
  cancel: ['Cancel', 'रद्द करें'],
  undo: ['Undo', 'वापस लें'],
  reset: ['Call again', 'फिर से कॉल करें'],
  stepAgent: ['Calling us', 'हमें कॉल'],
  stepYou: ['Calling you', 'आपको कॉल'],
  stepConnected: ['Connected', 'जुड़ गए'],
  validating: ['Checking…', 'जाँच हो रही है…'],
  placing: ['Placing your call…', 'कॉल लगाई जा रही है…'],
  holding: ['Calling {number}', '{number} पर कॉल'],
  ringing: ['Ringing for up to {seconds} s', 'अधिकतम {seconds} सेकंड तक घंटी बजेगी'],
  expected: ['We call you back in about {seconds} s.', 'लगभग {seconds} सेकंड में हम आपको कॉल करेंगे।'],
  reconnecting: ['Reconnecting…', 'फिर से जुड़ रहे हैं…'],
  requested: ['Connecting…', 'जोड़ा जा रहा है…'],
  'dialing-agent': [
    'Calling our team. Your phone rings once someone answers.',
    'टीम को कॉल जा रही है। जवाब मिलते ही आपका फ़ोन बजेगा।',
  ],
  'dialing-you': ['Your phone is ringing: please pick up.', 'आपका फ़ोन बज रहा है: कृपया उठाएँ।'],
  tryingAgent: ['Trying {name}…', '{name} को कॉल कर रहे हैं…'],
  tryingOther: ['Trying another colleague…', 'किसी दूसरे सहयोगी को कॉल कर रहे हैं…'],
  connected: ['You are connected.', 'आप जुड़ गए हैं।'],
  completed: ['Call ended ({duration}). Thank you!', 'कॉल समाप्त ({duration})। धन्यवाद!'],
  'agent-unavailable': [
    'Sorry, none of our team could take your call just now. Please contact us later.',
    'माफ़ कीजिए, अभी हमारी टीम में कोई आपकी कॉल नहीं ले सका। कृपया बाद में संपर्क करें।',
  ],
  'not-answered': [
    'We called but could not reach you. Try again when you can answer.',
    'आपने फ़ोन नहीं उठाया। बाद में फिर कोशिश करें।',
  ],
  busy: [
    'Your line was busy. Try again when it is free.',
    'आपकी लाइन व्यस्त थी। बाद में फिर कोशिश करें।',
  ],
  failed: ['The call did not go through. Please try again.', 'कॉल नहीं लग सकी। कृपया फिर कोशिश करें।'],
  canceled: ['The call was canceled.', 'कॉल रद्द हो गई।'],
  ended: ['The call has ended.', 'कॉल समाप्त हो गई।'],
  scheduled: ["We'll call you on {when}.", 'हम आपको {when} पर कॉल करेंगे।'],
  'retry-scheduled': ["We'll try again on {when}.", 'हम {when} पर फिर कोशिश करेंगे।'],
  expired: [
    'We could not call you at the planned time. Sorry!',
    'हम तय समय पर आपको कॉल नहीं कर सके। माफ़ कीजिए!',
  ],
  slots: ['Call me at…', 'मुझे इस समय कॉल करें…'],
  book: ['Book this time', 'यह समय तय करें'],
  slot_unavailable: [
    'That time was just taken. Please pick another.',
    'वह समय अभी-अभी भर गया। कृपया दूसरा समय चुनें।',
  ],
  too_many_scheduled: [
    'You already have a call booked. Cancel it to book another.',
    'आपकी एक कॉल पहले से तय है। दूसरी तय करने के लिए उसे रद्द करें।',
  ],
  empty: ['Enter your phone number.', 'अपना फ़ोन नंबर डालें।'],
  too_short: ['This number is too short.', 'यह नंबर बहुत छोटा है।'],
  too_long: ['This number is too long.', 'यह नंबर बहुत लंबा है।'],
  invalid: ['This number does not look valid.', 'यह नंबर सही नहीं लगता।'],
  country_not_allowed: [
    'We can only call numbers in {countries}.',
    'केवल {countries} के नंबरों पर कॉल हो सकती है।',
  ],
  number_type_not_allowed: [
    'We cannot call this kind of number. Use a mobile or landline.',
    'इस तरह के नंबर पर कॉल नहीं हो सकती। मोबाइल या लैंडलाइन डालें।',
  ],
  number_blocked: [
    'We cannot call this number. Try another one.',
    'इस नंबर पर कॉल नहीं हो सकती। दूसरा नंबर डालें।',
  ],
  call_in_progress: [
    'A call to this number is already under way. Please wait for it to end.',
    'इस नंबर पर एक कॉल पहले से चल रही है। उसके ख़त्म होने तक रुकें।',
  ],
  closed: ['We are closed. We take calls again from {when}.', 'अभी हम बंद हैं। {when} से फिर कॉल लेंगे।'],
  closedLater: ['We are not taking calls right now.', 'अभी हम कॉल नहीं ले रहे हैं।'],
  rate_limited: [
    'Too many requests. Try again in about {when}.',
    'बहुत ज़्यादा अनुरोध। लगभग {when} बाद फिर कोशिश करें।',
  ],
  rateLimitedLater: ['Too many requests. Try again later.', 'बहुत ज़्यादा अनुरोध। बाद में फिर कोशिश करें।'],
  verification: [
    'Please complete the verification and try again.',
    'कृपया सत्यापन पूरा करके फिर कोशिश करें।',
  ],
  network_error: [
    'Cannot reach the call service. Check your connection and try again.',
    'कॉल सेवा से संपर्क नहीं हुआ। कनेक्शन जाँचकर फिर कोशिश करें।',
  ],
  required: ['Please fill this in.', 'कृपया यह भरें।'],
  consentRequired: ['Please tick this box to continue.', 'आगे बढ़ने के लिए यह बॉक्स चुनें।'],
  fieldInvalid: ['Please check this answer.', 'कृपया यह जवाब जाँचें।'],
  choose: ['Choose…', 'चुनें…'],
  misconfigured: [
    'Calls cannot be placed from this page. Please contact us another way.',
    'इस पेज से कॉल नहीं हो सकती। कृपया दूसरे तरीके से संपर्क करें।',
  ],
  unavailable: [
    'We cannot place calls right now. Try again in a moment.',
    'अभी कॉल नहीं लग सकती। थोड़ी देर में फिर कोशिश करें।',
  ],
};

const column = (index: 0 | 1) =>
  Object.fromEntries(
    Object.entries(TEXTS).map(([key, texts]) => [key, texts[index]]),
  ) as unknown as ClickToCallMessages;

export const en: ClickToCallMessages = column(0);
export const hi: ClickToCallMessages = column(1);

/** The shipped catalogs, by language. */
export const catalogs: Record<string, ClickToCallMessages> = { en, hi };

/** The language of a BCP 47 locale: `hi-IN` → `hi`. */
const language = (locale: string) => locale.split('-')[0]!.toLowerCase();

/** A server-given text (a field's label, the consent box) in `locale`'s language, else English. */
export const localize = (text: LocalizedText, locale: string): string =>
  (text as Record<string, string>)[language(locale)] ?? text.en;

/**
 * The catalog for a BCP 47 locale (`hi-IN` → Hindi, anything unknown → English), with
 * the server's label overrides and then the page's `messages` on top.
 */
export const resolveMessages = (
  locale: string,
  ...overrides: (Partial<ClickToCallMessages> | Record<string, string> | undefined)[]
): ClickToCallMessages => Object.assign({}, catalogs[language(locale)] ?? en, ...overrides);

/** Fills `{name}` placeholders. */
export const fill = (message: string, values: Record<string, string>): string =>
  message.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
